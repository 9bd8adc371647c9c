//! The messages of the `approve` command.

use std::fmt::Display;

/// A message of the `approve` command; its words are in `zh/approve.rs` and `en/approve.rs`.
pub enum Approve<'a> {
    /// The agreement cannot be read: fix its errors first
    AgreementCannotReadFixErrors,
    /// `{party}` is not a party declared in the agreement{hint}
    NotPartyDeclaredAgreement { party: &'a dyn Display, hint: &'a dyn Display },
    /// --by is empty: name who approves
    EmptyNameWhoApproves,
    /// The date {date} is after today ({today})
    DateAfterToday { date: &'a dyn Display, today: &'a dyn Display },
    /// The current text has errors and cannot be approved: fix them first (clausebook check) {findings}
    CurrentTextHasErrorsCannot { findings: &'a dyn Display },
    /// `{link}` is a symbolic link: approvals are never written through a link, and nothing was written; replace it by a folder or remove it
    SymbolicLinkApprovalsNeverWritten { link: &'a dyn Display },
    /// Cannot write the approval: {error}
    CannotWriteApproval { error: &'a dyn Display },
    /// There are no releases (not in Git, or none declared)
    ThereNoReleasesNotGit,
    /// There is no release `{name}`; {h}
    NoSuchReleaseHint { name: &'a dyn Display, h: &'a dyn Display },
    /// There is no release `{name}`
    NoSuchRelease { name: &'a dyn Display },
    /// Release {name} cannot be read
    ReleaseCannotRead { name: &'a dyn Display },
    /// Cannot run git: {e}
    CannotRunGit { e: &'a dyn Display },
    /// --commit needs a Git repository, and the project is not in one: nothing was written (run `git init`, or leave out --commit)
    CommitNeedsGitRepositoryProject,
    /// Recorded {file}: approves the text of {version} ({digest})
    RecordedApprovesText { file: &'a dyn Display, version: &'a dyn Display, digest: &'a dyn Display },
    /// Committed: {words}
    Committed { words: &'a dyn Display },
    /// Next: git add {file} && git commit (or use --commit)
    NextGitAddGitCommit { file: &'a dyn Display },
    /// No approvals yet (approvals/ is empty)
    NoApprovalsYetApprovalsEmpty,
    /// Approvals:
    Approvals,
    /// Matches no version's text
    MatchesNoVersionSText,
    /// · does not count
    DoesNotCount,
    /// Sign-off of each version:
    SignOffEachVersion,
    /// Working tree
    WorkingTree,
    /// {party}: approved ({by}, {date})
    Approved { party: &'a dyn Display, by: &'a dyn Display, date: &'a dyn Display },
    /// {party}: stale ({by}, {date}; {changes} files changed since)
    StaleFilesChangedSince {
        party: &'a dyn Display,
        by: &'a dyn Display,
        date: &'a dyn Display,
        changes: &'a dyn Display,
    },
    /// {party}: approval does not count ({by}, {date}: {signature})
    ApprovalDoesNotCount {
        party: &'a dyn Display,
        by: &'a dyn Display,
        date: &'a dyn Display,
        signature: &'a dyn Display,
    },
    /// {party}: not approved
    NotApproved { party: &'a dyn Display },
    /// ✓ signed off by every party
    SignedOffEveryParty,
    /// ;
    ListSeparator,
    /// Approves the text of (versions)
    ApprovesTextOf { versions: &'a [&'a str] },
}
