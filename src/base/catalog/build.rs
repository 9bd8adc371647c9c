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
}
