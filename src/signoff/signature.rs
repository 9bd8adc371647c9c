//! Whether the bytes of each approval file, as read, were written in a signed commit, and whether
//! the signature verifies: Git's own verification (`git log --format=%G?`), with the project's
//! signers file (SSH `allowed_signers`) when it has one. The bytes are tied to the commit by their
//! blob id: they must be the blob at their path in `HEAD`, and the commit whose signature speaks
//! for them is the one that wrote that blob there (see [`origin`]), merges included.
//! clausebook never claims more than Git verified.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::base::catalog::{Locale, Signoff};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::model::{SignaturePolicy, SignoffSettings};

/// What Git says of the commit that wrote an approval file's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Signature {
    /// The bytes read are not the file's blob in `HEAD`: not committed, or changed since (whatever
    /// Git's index says), or the project is not in Git.
    Uncommitted,
    /// Written by a commit without a signature, and no earlier version of the file was signed.
    Unsigned {
        /// The commit, abbreviated.
        commit: String,
    },
    /// Exactly these bytes were written at this path by a signed commit whose signature Git
    /// verified against a trusted key, and no commit since (merges included) wrote the file.
    Verified {
        /// The commit, abbreviated.
        commit: String,
        /// Who signed, as the signers file (or the GPG key) names them.
        signer: String,
    },
    /// Written by a signed commit whose signature could not be verified (no signers file, an
    /// unknown, expired or revoked key), or found at a shallow clone's boundary (`S`).
    Unverified {
        /// The commit, abbreviated.
        commit: String,
        /// Git's status letter (`%G?`): E, U, X, Y or R; or S, a shallow clone's boundary.
        reason: String,
    },
    /// Written by a signed commit whose signature is bad: the commit is not what was signed.
    Bad {
        /// The commit, abbreviated.
        commit: String,
    },
    /// Written by an unsigned commit (an unsigned merge among them) after an earlier version was
    /// written by a signed one: the signature does not cover what the file says, even when the
    /// bytes are again those once signed.
    Altered {
        /// The unsigned commit that wrote the bytes read, abbreviated.
        commit: String,
        /// The signed commit that wrote an earlier version, abbreviated.
        signed: String,
    },
}

impl Signature {
    /// Whether an approval recorded with this signature counts, under the project's `policy` and
    /// with or without a `configured` signers file: one Git verified always does; a bad one, one
    /// changed after signing, or one Git found untrusted, expired or revoked never does; one that
    /// Git cannot verify counts only when there is no signers file to verify it with and
    /// signatures are optional (it is then no less than an unsigned record); an unsigned or
    /// uncommitted one counts only when signatures are optional.
    pub fn counts(&self, policy: SignaturePolicy, configured: bool) -> bool {
        let optional = policy == SignaturePolicy::Optional;
        match self {
            Signature::Verified { .. } => true,
            Signature::Bad { .. } | Signature::Altered { .. } => false,
            // A shallow clone's boundary: committed, but nothing known of who wrote it.
            Signature::Unverified { reason, .. } if reason == "S" => optional,
            Signature::Unverified { reason, .. } => reason == "E" && !configured && optional,
            Signature::Unsigned { .. } | Signature::Uncommitted => optional,
        }
    }

    /// Whether an approval for `party` recorded with this signature counts under `settings`: it
    /// counts under `signoff.signatures` ([`Signature::counts`]), and a verified signature's signer
    /// is one that `signoff.signed_by` allows for the party (any, when it lists none for it). The
    /// one place where counting is decided; a verified signature that does not count is one whose
    /// signer the party is not bound to.
    pub fn counts_for(&self, party: &str, settings: &SignoffSettings, configured: bool) -> bool {
        self.counts(settings.signatures, configured) && self.binds(party, settings)
    }

    /// Whether `signoff.signed_by` allows this signature's signer for `party` (true of a signature
    /// that names no signer: those count or not by [`Signature::counts`] alone).
    pub fn binds(&self, party: &str, settings: &SignoffSettings) -> bool {
        match self {
            Signature::Verified { signer, .. } => settings.binds(party, signer),
            _ => true,
        }
    }

    /// The state's name (`verified`, `unsigned`, …).
    pub fn state(&self) -> &'static str {
        match self {
            Signature::Uncommitted => "uncommitted",
            Signature::Unsigned { .. } => "unsigned",
            Signature::Verified { .. } => "verified",
            Signature::Unverified { .. } => "unverified",
            Signature::Bad { .. } => "bad",
            Signature::Altered { .. } => "altered",
        }
    }
}

/// The project's signers file (SSH `allowed_signers`), as read for Git: never through a symbolic
/// link, never larger than [`super::record::MOST_SIGNERS_BYTES`].
#[derive(Debug, Clone, Default)]
pub struct Signers {
    /// Its path, relative to the project root.
    pub file: PathBuf,
    /// Its bytes, when it could be read.
    pub bytes: Option<Vec<u8>>,
    /// Whether the project has one: `signoff.signers` names one, or something (even a link) stands
    /// at the default path. A signature that Git cannot verify against it does not count.
    pub configured: bool,
}

impl Signers {
    /// Reads the signers file that `settings` name (or the default), with the findings of a link
    /// (a `symlink` warning) or a file that cannot be read (an `approval-invalid` error).
    pub fn read(root: &Path, settings: &SignoffSettings, l: Locale) -> (Signers, Option<Diagnostic>) {
        let file = PathBuf::from(settings.signers.as_deref().unwrap_or(super::record::DEFAULT_SIGNERS));
        let stands = std::fs::symlink_metadata(root.join(&file)).is_ok();
        let configured = settings.signers.is_some() || stands;
        let (bytes, finding) =
            match crate::base::tree::read_project_file(root, &file, super::record::MOST_SIGNERS_BYTES) {
                Ok(bytes) => (Some(bytes), None),
                Err(e) if e.is_not_found() => (None, None),
                Err(crate::base::tree::FileError::Link(link)) => {
                    (None, Some(crate::base::tree::link_skipped(&link, l)))
                }
                Err(e) => {
                    let message = l.msg(Signoff::CannotReadSignersFileSigned { error: &e.describe(l) });
                    (None, Some(Diagnostic::error(super::record::INVALID, &file, Span::start(), message)))
                }
            };
        (Signers { file, bytes, configured }, finding)
    }
}

/// The signature state of each file of `files` (relative to `root`, each with the Git blob id of
/// its bytes as read: [`super::record::blob_id`]), with `signers` as the SSH allowed signers file
/// when it was read. Without Git, outside a repository or before the first commit, every file is
/// uncommitted.
pub fn signatures(root: &Path, files: &[(PathBuf, git2::Oid)], signers: &Signers) -> Vec<Signature> {
    if files.is_empty() {
        return Vec::new();
    }
    // An editing session asks again on every rebuild: what Git said is kept while the commit
    // checked out, the signers file and the approval files' bytes stay the same.
    static KEPT: std::sync::Mutex<Option<HashMap<u64, Vec<Signature>>>> = std::sync::Mutex::new(None);
    let head = git2::Repository::discover(root).ok().and_then(|r| r.head().ok()?.target()).map(|o| o.to_string());
    let key = crate::base::memo::hash_of((root, head, &signers.bytes, files));
    if let Some(kept) = KEPT.lock().ok().and_then(|m| m.as_ref()?.get(&key).cloned()) {
        return kept;
    }
    let found = ask_git(root, files, signers.bytes.as_deref());
    if let Ok(mut m) = KEPT.lock() {
        let m = m.get_or_insert_with(HashMap::new);
        if m.len() > 64 {
            m.clear();
        }
        m.insert(key, found.clone());
    }
    found
}

/// The most commits walked back for one file: a history longer than this since the file was
/// written is judged as cut there, like a shallow clone's (never more than Git proved).
const MOST_STEPS: usize = 1_000_000;

/// Where the bytes of an approval came from, found by walking back from `HEAD`.
struct Origin {
    /// The commit that wrote exactly these bytes at this path: no parent of it holds them there.
    commit: git2::Oid,
    /// Whether that commit is a shallow clone's boundary, whose parents are not here: the bytes
    /// may have been written before it.
    cut: bool,
}

/// The commit that wrote `blob` at `path`, walking back from `from` (which holds it there): from
/// each commit to its first parent that holds the same blob at the same path, until none does.
/// A merge that took the file unchanged from one side is passed through to that side; a merge
/// (or any commit) whose file is in no parent is where the bytes were written. Every commit is
/// compared with its parents' trees, so a merge's own changes are seen (unlike `git log -- path`).
fn origin(
    repo: &git2::Repository,
    from: &git2::Commit<'_>,
    path: &Path,
    blob: git2::Oid,
    shallow: &[git2::Oid],
) -> Origin {
    let mut commit = from.clone();
    for _ in 0..MOST_STEPS {
        let same = commit.parent_ids().find(|p| {
            let held = repo.find_commit(*p).ok().and_then(|c| blob_at(&c, path));
            held == Some(blob)
        });
        match same.map(|parent| repo.find_commit(parent)) {
            Some(Ok(parent)) => commit = parent,
            // The writer, unless its parents are not all here (a shallow clone's boundary).
            _ => {
                let cut = shallow.contains(&commit.id()) || commit.parent_ids().any(|p| repo.find_commit(p).is_err());
                return Origin { commit: commit.id(), cut };
            }
        }
    }
    // Walked too far to know: the commit reached did not write the file, so it speaks for nothing.
    Origin { commit: commit.id(), cut: true }
}

/// The blob of a regular file at `path` in `commit`'s tree (not a link, a folder or a submodule).
fn blob_at(commit: &git2::Commit<'_>, path: &Path) -> Option<git2::Oid> {
    let entry = commit.tree().ok()?.get_path(path).ok()?;
    let regular = matches!(entry.filemode(), 0o100644 | 0o100755);
    (regular && entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
}

/// An earlier signed commit that wrote another version of `path`, before `written` (the commit
/// that wrote the bytes at `HEAD`): each earlier version is traced to the commit that wrote it, in
/// its first parent that holds the file, until the file did not exist.
fn earlier_signed(
    repo: &git2::Repository,
    written: git2::Oid,
    path: &Path,
    shallow: &[git2::Oid],
    signed: &dyn Fn(git2::Oid) -> bool,
) -> Option<git2::Oid> {
    let mut at = repo.find_commit(written).ok()?;
    for _ in 0..MOST_STEPS {
        let (parent, blob) = at.parents().find_map(|p| blob_at(&p, path).map(|b| (p, b)))?;
        let before = origin(repo, &parent, path, blob, shallow);
        if signed(before.commit) {
            return Some(before.commit);
        }
        at = repo.find_commit(before.commit).ok()?;
    }
    None
}

/// The ids of a shallow clone's boundary commits (`.git/shallow`), none in a full clone.
fn shallow_boundary(repo: &git2::Repository) -> Vec<git2::Oid> {
    if !repo.is_shallow() {
        return Vec::new();
    }
    let listed = std::fs::read_to_string(repo.path().join("shallow")).unwrap_or_default();
    listed.lines().filter_map(|l| git2::Oid::from_str(l.trim()).ok()).collect()
}

/// What Git says of the commits that wrote the bytes of `files` (see [`signatures`]), with the
/// signers file's bytes. Git is given a private copy of those bytes, so that it checks with
/// exactly what was read (not with whatever stands at the path by then).
///
/// A file is `uncommitted` unless the bytes read are, byte for byte, the blob at its path in
/// `HEAD` (the index and the working tree's stat data are never trusted: `git update-index
/// --assume-unchanged` hides nothing here). Otherwise the commit that wrote that blob is found by
/// [`origin`], and only its signature speaks for the file: verified, bad or unverifiable as Git
/// says; when it is not signed, the file is `altered` if an earlier version of it was written in
/// a signed commit, and `unsigned` if none was.
fn ask_git(root: &Path, files: &[(PathBuf, git2::Oid)], signers: Option<&[u8]>) -> Vec<Signature> {
    let copy = signers.and_then(|bytes| {
        let mut file = tempfile::NamedTempFile::new().ok()?;
        std::io::Write::write_all(&mut file, bytes).ok()?;
        Some(file)
    });
    let git = |args: &[&str]| -> Option<String> {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(root);
        if let Some(copy) = &copy {
            cmd.arg("-c").arg(format!("gpg.ssh.allowedSignersFile={}", copy.path().display()));
        }
        let out = cmd.args(args).stdin(std::process::Stdio::null()).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let uncommitted = || vec![Signature::Uncommitted; files.len()];
    // The project's folder within the repository, and the commit checked out, as Git sees them;
    // the history is then read with libgit2, which must agree on that commit.
    let Some(said) = git(&["rev-parse", "--show-prefix", "HEAD"]) else { return uncommitted() };
    let mut said = said.split('\n');
    let (prefix, head) = (said.next().unwrap_or_default().to_string(), said.next().unwrap_or_default());
    let Some(repo) = git2::Repository::discover(root).ok() else { return uncommitted() };
    let Some(head) = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).filter(|c| c.id().to_string() == head)
    else {
        return uncommitted();
    };
    let shallow = shallow_boundary(&repo);
    let has_signature = |commit: git2::Oid| repo.extract_signature(&commit, None).is_ok();
    // For each file: `Ok(commit that wrote it, whether the history is cut there)`, or the state
    // decided without asking Git of a signature.
    let found: Vec<Result<(git2::Oid, bool), Signature>> = files
        .iter()
        .map(|(file, read)| {
            let path = PathBuf::from(format!("{prefix}{}", crate::base::diagnostic::slash_path(file)));
            if blob_at(&head, &path) != Some(*read) {
                return Err(Signature::Uncommitted);
            }
            let written = origin(&repo, &head, &path, *read, &shallow);
            if has_signature(written.commit) {
                return Ok((written.commit, written.cut));
            }
            let commit = short(&written.commit.to_string());
            Err(match earlier_signed(&repo, written.commit, &path, &shallow, &has_signature) {
                Some(signed) => Signature::Altered { commit, signed: short(&signed.to_string()) },
                None => Signature::Unsigned { commit },
            })
        })
        .collect();
    // One `git log` for every signed commit that wrote a file: what Git says of its signature.
    let mut asked: Vec<String> = found.iter().filter_map(|f| f.as_ref().ok()).map(|(c, _)| c.to_string()).collect();
    asked.sort();
    asked.dedup();
    let mut letters: HashMap<String, (String, String)> = HashMap::new();
    if !asked.is_empty() {
        let mut args = vec!["log", "--no-walk=unsorted", "--format=%H%x1f%G?%x1f%GS%x1e"];
        args.extend(asked.iter().map(String::as_str));
        args.push("--");
        for record in git(&args).unwrap_or_default().split('\u{1e}') {
            let fields: Vec<&str> = record.trim_start_matches('\n').split('\u{1f}').collect();
            if let [commit, letter, signer] = fields[..] {
                letters.insert(commit.to_string(), (letter.to_string(), signer.to_string()));
            }
        }
    }
    found
        .into_iter()
        .map(|f| {
            let (full, cut) = match f {
                Ok(found) => found,
                Err(state) => return state,
            };
            let commit = short(&full.to_string());
            // A shallow clone's boundary commit holds the file, but whether it wrote it is not
            // known: its signature proves nothing of the file.
            if cut {
                return Signature::Unverified { commit, reason: "S".into() };
            }
            match letters.get(&full.to_string()).map(|(l, s)| (l.as_str(), s.as_str())) {
                Some(("G", signer)) => Signature::Verified { commit, signer: signer.to_string() },
                Some(("B", _)) => Signature::Bad { commit },
                // Git says `N` for an SSH signature it has no signers file to check with.
                Some(("N", _)) | None => Signature::Unverified { commit, reason: "E".into() },
                Some((other, _)) => Signature::Unverified { commit, reason: other.to_string() },
            }
        })
        .collect()
}

/// A commit id, abbreviated.
fn short(commit: &str) -> String {
    commit.chars().take(7).collect()
}

impl Signature {
    /// The state in words, never more than Git verified.
    pub fn words(&self, l: crate::base::catalog::Locale) -> String {
        match self {
            Signature::Uncommitted => l.msg(Signoff::NotCommittedChangedSince),
            Signature::Unsigned { commit } => l.msg(Signoff::CommitNotSignedRecordOnly { commit: &commit }),
            Signature::Verified { commit, signer } => {
                l.msg(Signoff::CommitSignedSignatureVerified { commit: &commit, signer: &signer })
            }
            Signature::Unverified { commit, reason } => l.msg(Signoff::CommitSignedButSignatureCannot {
                commit: &commit,
                reason: &unverified_reason(reason, l),
            }),
            Signature::Bad { commit } => l.msg(Signoff::SignatureCommitBad { commit: &commit }),
            Signature::Altered { commit, signed } => {
                l.msg(Signoff::ChangedUnsignedCommitAfterSigned { signed: &signed, commit: &commit })
            }
        }
    }
}

impl Signature {
    /// The words of an approval for `party` with this signature, judged to count or not
    /// (`counts`, from [`Signature::counts_for`]): the state in words ([`Signature::words`]); of a
    /// verified signature that does not count, also why: `signoff.signed_by` does not list its
    /// signer for the party.
    pub fn judged_words(&self, party: &str, counts: bool, l: crate::base::catalog::Locale) -> String {
        match self {
            Signature::Verified { commit, signer } if !counts => {
                l.msg(Signoff::CommitSignedSignatureVerifiedBut { commit: &commit, signer: &signer, party: &party })
            }
            _ => self.words(l),
        }
    }
}

/// Git's `%G?` letters for a signature it could not verify, in words.
pub fn unverified_reason(letter: &str, l: crate::base::catalog::Locale) -> String {
    match letter {
        "U" => l.msg(Signoff::SignerNotTrusted),
        "X" => l.msg(Signoff::SignatureHasExpired),
        "Y" => l.msg(Signoff::KeyHasExpired),
        "R" => l.msg(Signoff::KeyWasRevoked),
        "S" => l.msg(Signoff::ShallowCloneCommitThatWrote),
        _ => l.msg(Signoff::NoSignersFilePublicKey),
    }
}
