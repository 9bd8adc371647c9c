//! The English words of [`Approve`]: one arm per message, so that none can be missing.

use crate::base::catalog::Approve;

/// The English text of `m`.
pub(super) fn text(m: &Approve) -> String {
    match m {
        Approve::AgreementCannotReadFixErrors => "the agreement cannot be read: fix its errors first".into(),
        Approve::NotPartyDeclaredAgreement { party, hint } => format!("`{party}` is not a party declared in the agreement{hint}"),
        Approve::EmptyNameWhoApproves => "--by is empty: name who approves".into(),
        Approve::DateAfterToday { date, today } => format!("the date {date} is after today ({today})"),
        Approve::CurrentTextHasErrorsCannot { findings } => format!("the current text has errors and cannot be approved: fix them first (clausebook check)\n{findings}"),
        Approve::SymbolicLinkApprovalsNeverWritten { link } => format!("`{link}` is a symbolic link: approvals are never written through a link, and nothing was written; replace it by a folder or remove it"),
        Approve::CannotWriteApproval { error } => format!("cannot write the approval: {error}"),
        Approve::ThereNoReleasesNotGit => "there are no releases (not in Git, or none declared)".into(),
        Approve::NoSuchReleaseHint { name, h } => format!("there is no release `{name}`; {h}"),
        Approve::NoSuchRelease { name } => format!("there is no release `{name}`"),
        Approve::ReleaseCannotRead { name } => format!("release {name} cannot be read"),
        Approve::CannotRunGit { e } => format!("cannot run git: {e}"),
        Approve::CommitNeedsGitRepositoryProject => "--commit needs a Git repository, and the project is not in one: nothing was written (run `git init`, or leave out --commit)".into(),
        Approve::RecordedApprovesText { file, version, digest } => format!("recorded {file}: approves the text of {version} ({digest})"),
        Approve::Committed { words } => format!("committed: {words}"),
        Approve::NextGitAddGitCommit { file } => format!("next: git add {file} && git commit (or use --commit)"),
        Approve::NoApprovalsYetApprovalsEmpty => "no approvals yet (approvals/ is empty)\n".into(),
        Approve::Approvals => "approvals:".into(),
        Approve::MatchesNoVersionSText => "matches no version's text".into(),
        Approve::DoesNotCount => " · does not count".into(),
        Approve::SignOffEachVersion => "sign-off of each version:".into(),
        Approve::WorkingTree => "working tree".into(),
        Approve::Approved { party, by, date } => format!("{party}: approved ({by}, {date})"),
        Approve::StaleFilesChangedSince { party, by, date, changes } => format!("{party}: stale ({by}, {date}; {changes} files changed since)"),
        Approve::ApprovalDoesNotCount { party, by, date, signature } => format!("{party}: approval does not count ({by}, {date}: {signature})"),
        Approve::NotApproved { party } => format!("{party}: not approved"),
        Approve::SignedOffEveryParty => "  ✓ signed off by every party".into(),
        Approve::ListSeparator => "; ".into(),
        Approve::ApprovesTextOf { versions } => format!("approves the text of {}", versions.join(", ")),
    }
}
