//! The messages of approvals, their files and signatures.

use std::fmt::Display;

use crate::base::yaml::Problem;

/// A message of approvals, their files and signatures; its words are in `zh/signoff.rs` and `en/signoff.rs`.
pub enum Signoff<'a> {
    /// This file in approvals/ is not an approval file and is not read: approval files end in .yaml
    FileApprovalsNotApprovalFile,
    /// Correct its name, or move it out of approvals/
    CorrectNameMoveOutApprovals,
    /// Cannot read the approval file: {error}
    CannotReadApprovalFile { error: &'a dyn Display },
    /// The approval file is not valid UTF-8
    ApprovalFileNotValidUtf,
    /// The approval file is not valid YAML: {message}
    ApprovalFileNotValidYaml { problem: &'a Problem },
    /// An approval file is a mapping of keys
    ApprovalFileMappingKeys,
    /// Write approval files with `clausebook approve`
    WriteApprovalFilesClausebookApprove,
    /// An approval file has no key `{key}`
    ApprovalFileHasNoKey { key: &'a dyn Display },
    /// The approval file has no `{key}`
    ApprovalFileHasNo { key: &'a dyn Display },
    /// `{key}` of the approval file is empty
    ApprovalFileEmpty { key: &'a dyn Display },
    /// Approval files are written by `clausebook approve` only; delete this one and approve again
    ApprovalFilesWrittenClausebookApprove,
    /// `{id}` is not a party declared in the agreement
    NotPartyDeclaredAgreement { id: &'a dyn Display },
    /// `by` is empty: name who approved
    EmptyNameWhoApproved,
    /// The approval is dated {d}, after today ({today})
    ApprovalDatedAfterToday { d: &'a dyn Display, today: &'a dyn Display },
    /// Write the day it was approved; `--today` sets today
    WriteDayWasApprovedToday,
    /// `{what}`: `{written}` is not a digest
    NotDigest { what: &'a dyn Display, written: &'a dyn Display },
    /// A digest is sha256: and 64 lowercase hex digits
    DigestShaLowercaseHexDigits,
    /// `files` is empty
    FilesEmpty,
    /// `text` does not match the digests of `files`: the approval file was edited by hand
    TextDoesNotMatchDigests,
    /// An approval's `digest:` names no algorithm clausebook knows.
    UnknownDigest { n: &'a dyn std::fmt::Display },
    /// The approval file does not read as an approval
    ApprovalFileDoesNotRead,
    /// Version {name} lacks {party}'s approval: no approval matches its text
    VersionLacksSApprovalNo { name: &'a dyn Display, party: &'a dyn Display },
    /// Version {name} lacks {party}'s approval: the approval in {file} does not count ({signature})
    VersionLacksSApprovalApproval {
        name: &'a dyn Display,
        party: &'a dyn Display,
        file: &'a dyn Display,
        signature: &'a dyn Display,
    },
    /// The current text is not yet approved by {party}
    CurrentTextNotYetApproved { party: &'a dyn Display },
    /// The current text is not yet validly approved by {party}: the approval in {file} does not count ({signature})
    CurrentTextNotYetValidly { party: &'a dyn Display, file: &'a dyn Display, signature: &'a dyn Display },
    /// Once {party} approves, run `clausebook approve --party {id} --by NAME`
    OnceApprovesRunClausebookApprove { party: &'a dyn Display, id: &'a dyn Display },
    /// The text {party_name} approved on {date}
    TextApproved { party_name: &'a dyn Display, date: &'a dyn Display },
    /// Ask {party_name} to review and approve again: `clausebook approve --party {party} --by NAME`
    AskReviewApproveAgainClausebook { party_name: &'a dyn Display, party: &'a dyn Display },
    /// The approval
    Approval,
    /// `{file}` was removed since {who}
    WasRemovedSince { file: &'a dyn Display, who: &'a dyn Display },
    /// This file was added after {who}
    FileWasAddedAfter { who: &'a dyn Display },
    /// {who} has changed: this file differs
    HasChangedFileDiffers { who: &'a dyn Display },
    /// The change since the approval is the library clause's upgrade from edition {from} to {to} ({kind})
    LibraryUpgraded { clause: &'a dyn Display, from: u32, to: u32, kind: &'a dyn Display },
    /// What changed since {version}: {page}
    ChangesSince { version: &'a dyn Display, page: &'a dyn Display },
    /// The order of the files changed since {who}
    OrderFilesChangedSince { who: &'a dyn Display },
    /// See `git log -p -- <file>`; if it was tampered with, delete it and approve again
    SeeGitLogPFile,
    /// Record the approval in a signed commit (`git config commit.gpgsign true`, then `clausebook approve … --commit`)
    RecordApprovalSignedCommitGit,
    /// The signature of commit {commit}, which recorded this approval, is bad: the commit is not what was signed; this approval does not count
    SignatureCommitWhichRecordedApproval { commit: &'a dyn Display },
    /// This approval was changed by unsigned commit {commit} after signed commit {signed}: the signature no longer covers it; this approval does not count
    ApprovalWasChangedUnsignedCommit { signed: &'a dyn Display, commit: &'a dyn Display },
    /// Commit {commit}, which recorded this approval, is signed, but the signature does not verify ({why}); this approval does not count
    CommitWhichRecordedApprovalSigned { commit: &'a dyn Display, why: &'a dyn Display },
    /// The signer's key belongs in {signers_file}; otherwise ask them to approve again with a listed key
    SignerSKeyBelongsOtherwise { signers_file: &'a dyn Display },
    /// `signoff.signatures` is required, and commit {commit}, which recorded this approval, is not signed; this approval does not count
    SignoffSignaturesRequiredCommitWhich { commit: &'a dyn Display },
    /// `signoff.signatures` is required, and this approval is not committed (or changed since); it counts once committed and signed
    SignoffSignaturesRequiredApprovalNot,
    /// This approval was signed by {signer} (commit {commit}, signature verified), but `signoff.signed_by` does not list {signer} for {party}; this approval does not count
    ApprovalWasSignedCommitSignature { signer: &'a dyn Display, commit: &'a dyn Display, party: &'a dyn Display },
    /// Ask a signer listed for {party} to approve again with their key; if {signer} does sign for {party}, add them to `signoff.signed_by.{party}`
    AskSignerListedApproveAgain { party: &'a dyn Display, signer: &'a dyn Display },
    /// Cannot read the signers file: {error}; signed approvals cannot be verified and do not count
    CannotReadSignersFileSigned { error: &'a dyn Display },
    /// Not committed (or changed since)
    NotCommittedChangedSince,
    /// Commit {commit} is not signed: a record only
    CommitNotSignedRecordOnly { commit: &'a dyn Display },
    /// Commit {commit} signed by {signer}, signature verified
    CommitSignedSignatureVerified { commit: &'a dyn Display, signer: &'a dyn Display },
    /// Commit {commit} is signed, but the signature cannot be verified ({reason})
    CommitSignedButSignatureCannot { commit: &'a dyn Display, reason: &'a dyn Display },
    /// The signature of commit {commit} is bad
    SignatureCommitBad { commit: &'a dyn Display },
    /// Changed by unsigned commit {commit} after signed commit {signed}
    ChangedUnsignedCommitAfterSigned { signed: &'a dyn Display, commit: &'a dyn Display },
    /// Commit {commit} signed by {signer}, signature verified, but `signoff.signed_by` does not list {signer} for {party}
    CommitSignedSignatureVerifiedBut { commit: &'a dyn Display, signer: &'a dyn Display, party: &'a dyn Display },
    /// The signer is not trusted
    SignerNotTrusted,
    /// The signature has expired
    SignatureHasExpired,
    /// The key has expired
    KeyHasExpired,
    /// The key was revoked
    KeyWasRevoked,
    /// A shallow clone: the commit that wrote this file is not in the local history (`git fetch --unshallow`)
    ShallowCloneCommitThatWrote,
    /// No signers file or public key to check it with
    NoSignersFilePublicKey,
    /// The keys are …
    TheKeysAre { keys: &'a [&'a str] },
}
