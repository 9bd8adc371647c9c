//! Whether each approval file was committed in a signed commit, and whether the signature
//! verifies: Git's own verification (`git log --format=%G?`), with the project's signers file
//! (SSH `allowed_signers`) when it has one. clausebook never claims more than Git verified.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Span};
use crate::locale::Locale;
use crate::model::{SignaturePolicy, SignoffSettings};

/// What Git says of the commit that last changed an approval file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Signature {
    /// The file is not committed, or changed since its last commit (or the project is not in Git).
    Uncommitted,
    /// Committed in a commit without a signature.
    Unsigned {
        /// The commit, abbreviated.
        commit: String,
    },
    /// Committed in a signed commit whose signature Git verified against a trusted key.
    Verified {
        /// The commit, abbreviated.
        commit: String,
        /// Who signed, as the signers file (or the GPG key) names them.
        signer: String,
    },
    /// Committed in a signed commit whose signature could not be verified (no signers file, an
    /// unknown, expired or revoked key).
    Unverified {
        /// The commit, abbreviated.
        commit: String,
        /// Git's status letter (`%G?`): E, U, X, Y or R.
        reason: String,
    },
    /// Committed in a signed commit whose signature is bad: the commit is not what was signed.
    Bad {
        /// The commit, abbreviated.
        commit: String,
    },
    /// Changed, in an unsigned commit, after it was committed in a signed one: the signature no
    /// longer covers what the file says.
    Altered {
        /// The unsigned commit that changed it, abbreviated.
        commit: String,
        /// The earlier signed commit, abbreviated.
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
            Signature::Unverified { reason, .. } => reason == "E" && !configured && optional,
            Signature::Unsigned { .. } | Signature::Uncommitted => optional,
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
        let (bytes, finding) = match crate::tree::read_project_file(root, &file, super::record::MOST_SIGNERS_BYTES) {
            Ok(bytes) => (Some(bytes), None),
            Err(e) if e.is_not_found() => (None, None),
            Err(crate::tree::FileError::Link(link)) => (None, Some(crate::tree::link_skipped(&link, l))),
            Err(e) => {
                let message = l.say(
                    format!("无法读取签名者文件：{}；经签名的批准无法验证，不计入", e.say(l)),
                    format!(
                        "cannot read the signers file: {}; signed approvals cannot be verified and do not count",
                        e.say(l)
                    ),
                );
                (None, Some(Diagnostic::error(super::record::INVALID, &file, Span::start(), message)))
            }
        };
        (Signers { file, bytes, configured }, finding)
    }
}

/// The signature state of each file of `files` (relative to `root`, each with a content id of the
/// bytes read), with `signers` as the SSH allowed signers file when it was read. One `git log` and
/// one `git status` for all of them; without Git, or outside a repository, every file is
/// uncommitted.
pub fn signatures(root: &Path, files: &[(PathBuf, u64)], signers: &Signers) -> Vec<Signature> {
    if files.is_empty() {
        return Vec::new();
    }
    // An editing session asks again on every rebuild: what Git said is kept while the commit
    // checked out, the signers file and the approval files stay the same.
    static KEPT: std::sync::Mutex<Option<HashMap<u64, Vec<Signature>>>> = std::sync::Mutex::new(None);
    let head = git2::Repository::discover(root).ok().and_then(|r| r.head().ok()?.target()).map(|o| o.to_string());
    let key = crate::memo::hash_of((root, head, &signers.bytes, files));
    if let Some(kept) = KEPT.lock().ok().and_then(|m| m.as_ref()?.get(&key).cloned()) {
        return kept;
    }
    let files: Vec<PathBuf> = files.iter().map(|(f, _)| f.clone()).collect();
    let found = ask_git(root, &files, signers.bytes.as_deref());
    if let Ok(mut m) = KEPT.lock() {
        let m = m.get_or_insert_with(HashMap::new);
        if m.len() > 64 {
            m.clear();
        }
        m.insert(key, found.clone());
    }
    found
}

/// What Git says of the commits that last changed `files` (see [`signatures`]), with the signers
/// file's bytes. Git is given a private copy of those bytes, so that it checks with exactly what
/// was read (not with whatever stands at the path by then).
fn ask_git(root: &Path, files: &[PathBuf], signers: Option<&[u8]>) -> Vec<Signature> {
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
    let Some(prefix) = git(&["rev-parse", "--show-prefix"]).map(|p| p.trim_end_matches('\n').to_string()) else {
        return vec![Signature::Uncommitted; files.len()];
    };
    let wanted: Vec<String> = files.iter().map(|f| format!("{prefix}{}", crate::diagnostic::slash_path(f))).collect();
    let dir = format!("{}/", super::record::APPROVALS);
    let dirty: Vec<String> = git(&["status", "--porcelain", "-z", "--untracked-files=all", "--", &dir])
        .map(|s| s.split('\0').filter(|e| e.len() > 3).map(|e| e[3..].to_string()).collect())
        .unwrap_or_default();
    let log = git(&["log", "--no-renames", "--format=%x1e%H%x1f%G?%x1f%GS", "--name-only", "HEAD", "--", &dir])
        .unwrap_or_default();
    // For each file, the commits that changed it, newest first: (commit, status letter, signer).
    let mut history: HashMap<&str, Vec<(&str, &str, &str)>> = HashMap::new();
    for record in log.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let head: Vec<&str> = lines.next().unwrap_or_default().split('\u{1f}').collect();
        let [commit, letter, signer] = head[..] else { continue };
        for file in lines.filter(|l| !l.is_empty()) {
            history.entry(file).or_default().push((commit, letter, signer));
        }
    }
    // Git says `N` (no signature) for an SSH signature it has no signers file to check with: whether
    // the commit carries a signature at all is read from the commit itself.
    let repo = git2::Repository::discover(root).ok();
    let has_signature = |commit: &str| {
        let oid = git2::Oid::from_str(commit).ok();
        repo.as_ref().zip(oid).is_some_and(|(r, oid)| r.extract_signature(&oid, None).is_ok())
    };
    let short = |commit: &str| commit.chars().take(7).collect::<String>();
    wanted
        .iter()
        .map(|file| {
            let Some(commits) = history.get(file.as_str()).filter(|_| !dirty.contains(file)) else {
                return Signature::Uncommitted;
            };
            let signed = |(c, l, _): &&(&str, &str, &str)| *l != "N" || has_signature(c);
            let (full, letter, signer) = commits[0];
            let commit = short(full);
            match letter {
                "G" => Signature::Verified { commit, signer: signer.to_string() },
                "B" => Signature::Bad { commit },
                "N" if has_signature(full) => Signature::Unverified { commit, reason: "E".into() },
                "N" => match commits.iter().find(signed) {
                    Some((earlier, _, _)) => Signature::Altered { commit, signed: short(earlier) },
                    None => Signature::Unsigned { commit },
                },
                other => Signature::Unverified { commit, reason: other.to_string() },
            }
        })
        .collect()
}

impl Signature {
    /// The state in words, never more than Git verified.
    pub fn words(&self, l: crate::locale::Locale) -> String {
        match self {
            Signature::Uncommitted => l.say("未提交（或提交后有改动）", "not committed (or changed since)"),
            Signature::Unsigned { commit } => l.say(
                format!("提交 {commit} 未签名：仅为记录"),
                format!("commit {commit} is not signed: a record only"),
            ),
            Signature::Verified { commit, signer } => l.say(
                format!("提交 {commit} 由 {signer} 签名，签名已验证"),
                format!("commit {commit} signed by {signer}, signature verified"),
            ),
            Signature::Unverified { commit, reason } => l.say(
                format!("提交 {commit} 已签名，但签名无法验证（{}）", unverified_reason(reason, l)),
                format!(
                    "commit {commit} is signed, but the signature cannot be verified ({})",
                    unverified_reason(reason, l)
                ),
            ),
            Signature::Bad { commit } => {
                l.say(format!("提交 {commit} 的签名无效"), format!("the signature of commit {commit} is bad"))
            }
            Signature::Altered { commit, signed } => l.say(
                format!("签名提交 {signed} 之后被未签名的提交 {commit} 改动"),
                format!("changed by unsigned commit {commit} after signed commit {signed}"),
            ),
        }
    }
}

/// Git's `%G?` letters for a signature it could not verify, in words.
pub fn unverified_reason(letter: &str, l: crate::locale::Locale) -> String {
    match letter {
        "U" => l.say("签名者不受信任", "the signer is not trusted"),
        "X" => l.say("签名已过期", "the signature has expired"),
        "Y" => l.say("密钥已过期", "the key has expired"),
        "R" => l.say("密钥已吊销", "the key was revoked"),
        _ => l.say("缺少签名者文件或公钥", "no signers file or public key to check it with"),
    }
}
