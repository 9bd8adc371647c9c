//! The English words of [`Build`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Build, Detail, Stage};

/// The English text of `m`.
pub(super) fn text(m: &Build) -> String {
    match m {
        Build::TemplateUsesUndefinedValue => "the template uses an undefined value, written as nothing (a misspelled variable?)".into(),
        Build::NotGitRepositoryBuildingWorking => "not in a Git repository: building the working tree alone (--no-versions says so)".into(),
        Build::NoReleasedVersionsNoTag => "no released versions (no tag matches `versions.tags`, default v*, and `versions.releases` declares none): building the working tree alone".into(),
        Build::VersionSkipped { name, problem } => format!("version {name} skipped: {problem}"),
        Build::VersionSkippedCommitCannotRead { name, e } => format!("version {name} skipped: its commit cannot be read ({e}); a shallow clone? `git fetch --unshallow --tags` brings it"),
        Build::ReleaseSkippedNotCommitRepository { name, rev, error } => format!("release {name} skipped: `{rev}` is not a commit of this repository ({error})"),
        Build::ShallowCloneLacksOldCommits => "a shallow clone lacks old commits: `git fetch --unshallow` brings them".into(),
        Build::VersionsSameCommit { other, name, commit } => format!("versions {other} and {name} are the same commit {commit}"),
        Build::VersionSkippedTreeHasNo { name, prefix } => format!("version {name} skipped: its tree has no {prefix}content/ folder"),
        Build::VersionSkippedError { name, e } => format!("version {name} skipped: {e}"),
        Build::DetailChanged { what, from, to } => format!("{} changed from “{from}” to “{to}”", detail(*what)),
        Build::DetailSet { what, to } => format!("{} set to “{to}”", detail(*what)),
        Build::DetailCleared { what, from } => format!("{} “{from}” removed", detail(*what)),
        Build::FieldRemoved { key } => format!("field {key} removed"),
        Build::FieldChanged { key } => format!("field {key} changed"),
        Build::ShareChanged { party, from, to } => format!("{party}'s budget share changed from {from}% to {to}%"),
        Build::ShareAdded { party, share } => format!("budget share for {party} added: {share}%"),
        Build::DutyAdded { text, owner } => format!("duty added: “{text}” (owner: {owner})"),
        Build::DutyOwnerChanged { text, from, to } => format!("the owner of duty “{text}” changed from {from} to {to}"),
        Build::DutyRemoved { text } => format!("duty removed: “{text}”"),
        Build::StatusWord { stage } => match stage {
            Stage::Draft => "draft",
            Stage::Active => "active",
            Stage::Retired => "retired",
        }
        .into(),
    }
}

/// A detail of a clause, by name.
fn detail(d: Detail) -> &'static str {
    match d {
        Detail::Title => "title",
        Detail::Owner => "owner",
        Detail::Status => "status",
        Detail::RevisionDate => "revision date",
        Detail::ReviewDate => "review date",
        Detail::DutyText => "duty text",
        Detail::DutyDue => "duty due date",
        Detail::DutyCadence => "duty cadence",
    }
}
