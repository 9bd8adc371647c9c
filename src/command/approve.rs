//! `clausebook approve`: records a party's approval of the agreement's current text (or of a
//! release's) as a file in `approvals/`, optionally commits it (signed when Git is set up to
//! sign), and lists the approvals with their state in every version.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use crate::Error;
use crate::base::catalog::{Approve, Locale};
use crate::load;
use crate::pipeline::{self, Checked};
use crate::signoff::{self, Role, Signature, Status, Text};
use crate::versions::{self, Kind};

/// What to approve, and as whom.
#[derive(Debug, Clone)]
pub struct Request {
    /// The project root.
    pub root: PathBuf,
    /// The approving party's id.
    pub party: String,
    /// Who approves for it.
    pub by: String,
    /// The day of the approval (not after `today`).
    pub date: NaiveDate,
    /// Today.
    pub today: NaiveDate,
    /// A remark.
    pub note: Option<String>,
    /// Approve this release's text instead of the working tree's.
    pub release: Option<String>,
    /// Commit the approval file (`git commit`, signed when Git is set up to sign).
    pub commit: bool,
}

/// An approval recorded.
#[derive(Debug)]
pub struct Recorded {
    /// The approval file, relative to the project root.
    pub file: PathBuf,
    /// The version approved (`draft`, `v2.0`, or `working tree` outside Git).
    pub version: String,
    /// The digest of the text approved.
    pub digest: signoff::Digest,
    /// With `commit`: what Git says of the commit that recorded it.
    pub signature: Option<Signature>,
    /// The approving party's id.
    pub party: String,
    /// Whether `signoff.signed_by` allows the signature's signer for the party (see
    /// [`Signature::binds`]).
    pub bound: bool,
    /// The language of the messages.
    pub locale: Locale,
}

/// Records the approval `request` asks for. The working tree must check without errors: an
/// approval of a text that cannot be built would approve something no one can read.
pub fn approve(request: &Request) -> Result<Recorded, Error> {
    let root = &request.root;
    let checked = pipeline::check(root, request.today)?;
    let l = checked.locale;
    let Some(agreement) = checked.agreement.as_ref() else {
        return Err(Error::Refused(l.msg(Approve::AgreementCannotReadFixErrors)));
    };
    let Some(party) = agreement.parties.iter().find(|p| p.id == request.party) else {
        let hint = crate::base::diagnostic::closest(&request.party, agreement.parties.iter().map(|p| p.id.as_str()))
            .map(|c| format!("; {}", l.did_you_mean(c)))
            .unwrap_or_default();
        return Err(Error::Usage(l.msg(Approve::NotPartyDeclaredAgreement { party: &request.party, hint: &hint })));
    };
    if request.by.trim().is_empty() {
        return Err(Error::Usage(l.msg(Approve::EmptyNameWhoApproves)));
    }
    if request.date > request.today {
        return Err(Error::Usage(l.msg(Approve::DateAfterToday { date: &request.date, today: &request.today })));
    }
    let (version, text) = match &request.release {
        Some(name) => release_text(root, name, l)?,
        None => {
            if checked.has_errors() {
                return Err(Error::Refused(l.msg(Approve::CurrentTextHasErrorsCannot { findings: &checked.render() })));
            }
            (working_name(root), Text::of(agreement))
        }
    };
    // With `--commit`, Git is asked first: nothing is written that cannot be committed.
    if request.commit {
        in_git(root, l)?;
    }
    let written =
        signoff::record::write(party, request.by.trim(), request.date, &version, request.note.as_deref(), &text);
    let file = signoff::record::create(root, &party.id, request.date, written.as_bytes()).map_err(|e| match e {
        crate::base::tree::FileError::Link(link) => {
            let link = crate::base::diagnostic::slash_path(&link);
            Error::Refused(l.msg(Approve::SymbolicLinkApprovalsNeverWritten { link: &link }))
        }
        e => Error::Usage(l.msg(Approve::CannotWriteApproval { error: &e.describe(l) })),
    })?;
    let signature = if request.commit {
        let message = format!("{} approves {version} ({}, {})", party.name, request.by.trim(), request.date);
        if let Err(e) = commit(root, &file, &message) {
            // Not committed: the file written a moment ago goes, so that a retry does not make
            // `-2`, `-3`, … copies.
            let _ = Command::new("git").arg("-C").arg(root).args(["reset", "--quiet", "--"]).arg(&file).output();
            let _ = std::fs::remove_file(root.join(&file));
            return Err(e);
        }
        let (signers, _) = signoff::signature::Signers::read(root, &agreement.signoff, l);
        let id = signoff::record::blob_id(written.as_bytes());
        signoff::signature::signatures(root, &[(file.clone(), id)], &signers).pop()
    } else {
        None
    };
    let bound = signature.as_ref().is_none_or(|s| s.binds(&party.id, &agreement.signoff));
    Ok(Recorded { file, version, digest: text.whole, signature, party: party.id.clone(), bound, locale: l })
}

/// The name of the working tree's version: `draft` when it differs from the newest release, the
/// newest release's name when it is the same, `working tree` outside Git.
fn working_name(root: &Path) -> String {
    let index_file = Path::new(load::CONTENT).join("_index.md");
    match versions::discover(root, &load::version_settings_of(root), &index_file) {
        Ok(d) => d.versions.last().map_or_else(|| "draft".into(), |v| v.name.clone()),
        Err(_) => "working tree".into(),
    }
}

/// The text of release `name`.
fn release_text(root: &Path, name: &str, l: Locale) -> Result<(String, Text), Error> {
    let index_file = Path::new(load::CONTENT).join("_index.md");
    let discovery = versions::discover(root, &load::version_settings_of(root), &index_file)
        .map_err(|_| Error::Usage(l.msg(Approve::ThereNoReleasesNotGit)))?;
    let releases: Vec<&versions::Version> = discovery.versions.iter().filter(|v| v.kind == Kind::Release).collect();
    let Some(v) = releases.iter().find(|v| v.name == name) else {
        let hint =
            crate::base::diagnostic::closest(name, releases.iter().map(|v| v.name.as_str())).map(|c| l.did_you_mean(c));
        return Err(Error::Usage(match hint {
            Some(h) => l.msg(Approve::NoSuchReleaseHint { name: &name, h: &h }),
            None => l.msg(Approve::NoSuchRelease { name: &name }),
        }));
    };
    let loaded = load::load_tree(&v.tree, None).map_err(Error::Load)?;
    let agreement =
        loaded.agreement.ok_or_else(|| Error::Refused(l.msg(Approve::ReleaseCannotRead { name: &name })))?;
    Ok((name.to_string(), Text::of(&agreement)))
}

/// Whether `root` is in a Git work tree where a commit can be made, else why not.
fn in_git(root: &Path, l: Locale) -> Result<(), Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .map_err(|e| Error::Usage(l.msg(Approve::CannotRunGit { e: &e })))?;
    if out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "true" {
        return Ok(());
    }
    Err(Error::Usage(l.msg(Approve::CommitNeedsGitRepositoryProject)))
}

/// `git add` and `git commit` of `file` alone; Git signs the commit when it is set up to
/// (`commit.gpgsign`).
fn commit(root: &Path, file: &Path, message: &str) -> Result<(), Error> {
    let git = |args: &[&str]| -> Result<(), Error> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| Error::Usage(format!("cannot run git: {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(Error::Usage(format!("git {} failed: {}", args[0], String::from_utf8_lossy(&out.stderr).trim())))
        }
    };
    let path = file.to_string_lossy();
    git(&["add", "--", &path])?;
    git(&["commit", "--quiet", "-m", message, "--", &path])
}

/// Every version's sign-off: each release (oldest first), then the working tree.
pub fn overview(root: &Path, today: NaiveDate) -> Result<(Checked, Vec<Status>), Error> {
    let (checked, releases) = pipeline::check_with_releases(root, today)?;
    let mut statuses = releases.statuses;
    if let (Some(agreement), Some(record)) = (&checked.agreement, &checked.record) {
        let name = releases.working.unwrap_or_else(|| checked.locale.msg(Approve::WorkingTree));
        statuses.push(signoff::judge::judge(record, agreement, &Role::Current(Some(name))));
    }
    Ok((checked, statuses))
}

impl Recorded {
    /// What was recorded, in one paragraph for the terminal.
    pub fn summary(&self) -> String {
        let l = self.locale;
        let file = crate::base::diagnostic::slash_path(&self.file);
        let mut out =
            l.msg(Approve::RecordedApprovesText { file: &file, version: &self.version, digest: &self.digest });
        match &self.signature {
            Some(s) => {
                out.push('\n');
                let words = s.judged_words(&self.party, self.bound, l);
                out.push_str(&l.msg(Approve::Committed { words: &words }));
            }
            None => {
                out.push('\n');
                out.push_str(&l.msg(Approve::NextGitAddGitCommit { file: &file }));
            }
        }
        out
    }
}

/// The approvals and every version's sign-off, as `approve --list` prints them.
pub fn listing(statuses: &[Status], l: Locale) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let Some(current) = statuses.last() else { return out };
    if current.approvals.is_empty() {
        out.push_str(&l.msg(Approve::NoApprovalsYetApprovalsEmpty));
    } else {
        let _ = writeln!(out, "{}", l.msg(Approve::Approvals));
    }
    for a in &current.approvals {
        let matches: Vec<&str> = statuses
            .iter()
            .filter(|s| s.approvals.iter().any(|x| x.file == a.file && x.current))
            .filter_map(|s| s.version.as_deref())
            .collect();
        let covers = if matches.is_empty() {
            l.msg(Approve::MatchesNoVersionSText)
        } else {
            l.msg(Approve::ApprovesTextOf { versions: &matches })
        };
        let void = if a.counts { String::new() } else { l.msg(Approve::DoesNotCount) };
        let _ = writeln!(
            out,
            "  {}  {} {} {}  {covers}  [{}{void}]",
            a.file,
            a.party_name,
            a.by,
            a.date,
            a.signature_words(l)
        );
    }
    let _ = writeln!(out, "{}", l.msg(Approve::SignOffEachVersion));
    for s in statuses {
        let name = s.version.clone().unwrap_or_else(|| l.msg(Approve::WorkingTree));
        let parties: Vec<String> = s
            .parties
            .iter()
            .map(|p| {
                let a = p.approval.map(|i| &s.approvals[i]);
                match (p.state, a) {
                    ("approved", Some(a)) => l.msg(Approve::Approved { party: &p.name, by: &a.by, date: &a.date }),
                    ("stale", Some(a)) => l.msg(Approve::StaleFilesChangedSince {
                        party: &p.name,
                        by: &a.by,
                        date: &a.date,
                        changes: &a.changed.len(),
                    }),
                    ("void", Some(a)) => l.msg(Approve::ApprovalDoesNotCount {
                        party: &p.name,
                        by: &a.by,
                        date: &a.date,
                        signature: &a.signature_words(l),
                    }),
                    _ => l.msg(Approve::NotApproved { party: &p.name }),
                }
            })
            .collect();
        let verdict = if s.complete { l.msg(Approve::SignedOffEveryParty) } else { String::new() };
        let _ = writeln!(
            out,
            "  {name:<12} {}  {}{verdict}",
            s.short,
            parties.join(l.msg(Approve::ListSeparator).as_str())
        );
    }
    out
}
