//! The messages of building the site and its versions.

use std::fmt::Display;

/// A message of building the site and its versions; its words are in `zh/build.rs` and `en/build.rs`.
pub enum Build<'a> {
    /// Not in a Git repository: building the working tree alone (--no-versions says so)
    NotGitRepositoryBuildingWorking,
    /// The template uses an undefined value, written as nothing (a misspelled variable?)
    TemplateUsesUndefinedValue,
    /// No released versions (no tag matches `versions.tags`, default v*, and `versions.releases` declares none): building the working tree alone
    NoReleasedVersionsNoTag,
    /// Version {name} skipped: {problem}
    VersionSkipped { name: &'a dyn Display, problem: &'a dyn Display },
    /// Version {name} skipped: its commit cannot be read ({e}); a shallow clone? `git fetch --unshallow --tags` brings it
    VersionSkippedCommitCannotRead { name: &'a dyn Display, e: &'a dyn Display },
    /// Release {name} skipped: `{rev}` is not a commit of this repository ({error})
    ReleaseSkippedNotCommitRepository { name: &'a dyn Display, rev: &'a dyn Display, error: &'a dyn Display },
    /// A shallow clone lacks old commits: `git fetch --unshallow` brings them
    ShallowCloneLacksOldCommits,
    /// Versions {other} and {name} are the same commit {commit}
    VersionsSameCommit { other: &'a dyn Display, name: &'a dyn Display, commit: &'a dyn Display },
    /// Version {name} skipped: its tree has no {prefix}content/ folder
    VersionSkippedTreeHasNo { name: &'a dyn Display, prefix: &'a dyn Display },
    /// Version {name} skipped: {e}
    VersionSkippedError { name: &'a dyn Display, e: &'a dyn Display },
    /// A changelog line: a detail of a clause changed.
    DetailChanged { what: Detail, from: &'a str, to: &'a str },
    /// A changelog line: a detail of a clause was set.
    DetailSet { what: Detail, to: &'a str },
    /// A changelog line: a detail of a clause was removed.
    DetailCleared { what: Detail, from: &'a str },
    /// A changelog line: a project field was removed.
    FieldRemoved { key: &'a str },
    /// A changelog line: a project field changed.
    FieldChanged { key: &'a str },
    /// A changelog line: a party's budget share changed.
    ShareChanged { party: &'a str, from: f64, to: f64 },
    /// A changelog line: a party's budget share was added.
    ShareAdded { party: &'a str, share: f64 },
    /// A changelog line: a duty was added.
    DutyAdded { text: &'a str, owner: &'a str },
    /// A changelog line: a duty's owner changed.
    DutyOwnerChanged { text: &'a str, from: &'a str, to: &'a str },
    /// A changelog line: a duty was removed.
    DutyRemoved { text: &'a str },
    /// A clause's status, as the changelog names it.
    StatusWord { stage: Stage },
}

/// A detail of a clause the changelog words by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// `title`.
    Title,
    /// `owner`.
    Owner,
    /// `status`.
    Status,
    /// `revised`.
    RevisionDate,
    /// `review_by`.
    ReviewDate,
    /// A duty's `text`.
    DutyText,
    /// A duty's `due`.
    DutyDue,
    /// A duty's `cadence`.
    DutyCadence,
}

/// A clause's status (`crate::base::model::Status`), for the changelog's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `draft`.
    Draft,
    /// `active`.
    Active,
    /// `retired`.
    Retired,
}
