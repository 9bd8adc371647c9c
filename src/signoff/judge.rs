//! Judging approvals against one version's text: which parties approved exactly this text, which
//! approvals the edits since have made stale (and by which files), and the findings that say so.

use std::collections::HashMap;

use serde::Serialize;

use super::Record;
use super::digest::Text;
use super::record::Approval;
use super::signature::Signature;
use crate::base::catalog::{Locale, Signoff};
use crate::base::diagnostic::{Diagnostic, Severity, Span, slash_path};
use crate::base::model::{Agreement, SignaturePolicy, SignoffSettings};

/// Which version is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The working tree: the draft of a versioned site (`Some("draft")`), or the only version.
    /// Approvals of another text are stale here.
    Current(Option<String>),
    /// A released version: it is approved or not; later approvals of other texts are not stale.
    Release(String),
}

/// The sign-off of one version, as the site, `agreement.json` and the rules see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Status {
    /// The version's name (`v2.0`, `draft`), when the site has versions.
    pub version: Option<String>,
    /// Whether this is the working tree (where approvals can be stale).
    pub current: bool,
    /// The digest of the version's text, which approvals of it record.
    pub digest: String,
    /// Its first 12 hex digits.
    pub short: String,
    /// The parties whose approval is required (`signoff.required`).
    pub required: Vec<String>,
    /// `signoff.signatures`: whether an unsigned approval counts.
    pub signatures: SignaturePolicy,
    /// Every required party approved exactly this text.
    pub complete: bool,
    /// Each required party, then each other party with an approval: its state for this text.
    pub parties: Vec<PartyState>,
    /// Every approval, judged against this text.
    pub approvals: Vec<ApprovalState>,
}

/// One party's sign-off of a version.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct PartyState {
    /// The party's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether its approval is required.
    pub required: bool,
    /// `approved` (an approval that counts of exactly this text), `void` (approvals of this text,
    /// none of which counts: see [`ApprovalState::counts`]), `stale` (its newest approval that
    /// counts is of a text that changed since; the working tree only) or `missing`.
    pub state: &'static str,
    /// The approval that decides the state (index into [`Status::approvals`]).
    pub approval: Option<usize>,
}

/// One approval, judged against a version's text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct ApprovalState {
    /// The approval file, `/`-separated.
    pub file: String,
    /// The approving party's id.
    pub party: String,
    /// Its name.
    pub party_name: String,
    /// Who approved.
    pub by: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// The version named when approving.
    pub version: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// The digest of the text approved (first 12 hex digits).
    pub short: String,
    /// Whether it approved exactly this text.
    pub current: bool,
    /// The files that differ between the text approved and this one.
    pub changed: Vec<Changed>,
    /// The ids of the clauses whose text is the same as approved.
    pub covers: Vec<String>,
    /// What Git says of its commit.
    pub signature: Signature,
    /// Whether it counts: its signature holds under `signoff.signatures`, and a verified one's
    /// signer is allowed for the party by `signoff.signed_by` (see [`Signature::counts_for`]). One
    /// that does not count approves nothing.
    pub counts: bool,
}

impl ApprovalState {
    /// What its signature says, and (a verified one that does not count) why it does not count.
    pub fn signature_words(&self, l: Locale) -> String {
        self.signature.judged_words(&self.party, self.counts, l)
    }
}

/// A file that differs between an approved text and a version's.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Changed {
    /// The file, `/`-separated.
    pub file: String,
    /// `changed`, `added` (not in the text approved) or `removed` (not in this version).
    pub kind: &'static str,
    /// The clause it holds in this version, if any.
    pub clause: Option<String>,
    /// That clause as readers name it (`第3条 预算审批`).
    pub label: Option<String>,
}

/// Judges every approval of `record` against `agreement`, a version in `role`.
pub fn judge(record: &Record, agreement: &Agreement, role: &Role) -> Status {
    let text = Text::of(agreement);
    // An approval is judged by the digests it was made with: those recorded before `digest: 2`
    // by the text exactly.
    let exact = std::sync::OnceLock::new();
    let text_for = |algorithm| match algorithm {
        a if a == text.algorithm => &text,
        a => exact.get_or_init(|| Text::with(agreement, a)),
    };
    let lang = crate::base::lang::Lang::new(&agreement.language);
    let clause_of: HashMap<String, &crate::base::model::Clause> =
        agreement.clauses.iter().map(|c| (slash_path(&c.file), c)).collect();
    let name_of = |id: &str| record.parties.iter().find(|p| p.id == id).map_or(id.to_string(), |p| p.name.clone());
    let approvals: Vec<ApprovalState> = record
        .approvals
        .iter()
        .map(|(a, signature)| {
            let approved: HashMap<&str, _> = a.text.files.iter().map(|(f, d)| (f.as_str(), *d)).collect();
            let text = text_for(a.text.algorithm);
            let mut changed = Vec::new();
            let mut covers = Vec::new();
            let here = |file: &str, kind| {
                let clause = clause_of.get(file);
                Changed {
                    file: file.to_string(),
                    kind,
                    clause: clause.map(|c| c.id.clone()),
                    label: clause.map(|c| format!("{} {}", lang.clause_label(c.number), c.title)),
                }
            };
            for (file, digest) in &text.files {
                match approved.get(file.as_str()) {
                    Some(d) if d == digest => covers.extend(clause_of.get(file).map(|c| c.id.clone())),
                    Some(_) => changed.push(here(file, "changed")),
                    None => changed.push(here(file, "added")),
                }
            }
            for (file, _) in &a.text.files {
                if text.file(file).is_none() {
                    changed.push(here(file, "removed"));
                }
            }
            ApprovalState {
                file: slash_path(&a.file),
                party: a.party.clone(),
                party_name: name_of(&a.party),
                by: a.by.clone(),
                date: a.date.to_string(),
                version: a.version.clone(),
                note: a.note.clone(),
                short: a.text.whole.short(),
                current: a.text.whole == text.whole,
                changed,
                covers,
                signature: signature.clone(),
                counts: signature.counts_for(&a.party, &record.settings, record.signers_configured),
            }
        })
        .collect();
    let is_current = matches!(role, Role::Current(_));
    // Newest: the latest date, then (several on one day) the highest sequence of the file name
    // (`…-brand.yaml`, `…-brand-2.yaml`, `…-brand-10.yaml`), then the file name.
    let order: Vec<(&String, u64, &String)> = approvals
        .iter()
        .zip(&record.approvals)
        .map(|(a, (r, _))| (&a.date, super::record::sequence(r), &a.file))
        .collect();
    // The approval that speaks for a party: its newest that counts of exactly this text, else its
    // newest of this text that does not count, else (in the working tree) its newest that counts
    // of any text.
    let newest = |party: &str, current_only: bool, counting: bool| {
        (0..approvals.len())
            .filter(|&i| {
                let a = &approvals[i];
                a.party == party && (!current_only || a.current) && a.counts == counting
            })
            .max_by_key(|&i| order[i])
    };
    let required: Vec<String> = record.settings.required.iter().map(|(id, _)| id.clone()).collect();
    let parties: Vec<PartyState> = record
        .parties
        .iter()
        .filter(|p| required.contains(&p.id) || approvals.iter().any(|a| a.party == p.id))
        .map(|p| {
            let (state, approval) = if let Some(i) = newest(&p.id, true, true) {
                ("approved", Some(i))
            } else if let Some(i) = newest(&p.id, true, false) {
                ("void", Some(i))
            } else if let Some(i) = newest(&p.id, false, true).filter(|_| is_current) {
                ("stale", Some(i))
            } else {
                ("missing", None)
            };
            PartyState { id: p.id.clone(), name: p.name.clone(), required: required.contains(&p.id), state, approval }
        })
        .collect();
    let complete = !required.is_empty() && parties.iter().filter(|p| p.required).all(|p| p.state == "approved");
    let version = match role {
        Role::Current(name) => name.clone(),
        Role::Release(name) => Some(name.clone()),
    };
    Status {
        version,
        current: is_current,
        digest: text.whole.to_string(),
        short: text.whole.short(),
        required,
        signatures: record.settings.signatures,
        complete,
        parties,
        approvals,
    }
}

/// The findings of a version's sign-off: in the working tree, each file an edit has changed since
/// a party's newest approval (`approval-stale`) and each required party without an approval
/// (`signoff-missing`, an info); in a release, each required party that did not approve its text
/// (`signoff-missing`).
pub fn findings(record: &Record, agreement: &Agreement, status: &Status) -> Vec<Diagnostic> {
    let l = Locale::of(&agreement.language);
    let mut out = Vec::new();
    let by_file: HashMap<String, &crate::base::model::Clause> =
        agreement.clauses.iter().map(|c| (slash_path(&c.file), c)).collect();
    for p in &status.parties {
        let approval = p.approval.map(|i| &status.approvals[i]);
        let written = record.settings.required.iter().find(|(id, _)| *id == p.id).map(|(_, s)| *s);
        match (p.state, approval) {
            ("stale", Some(a)) => {
                let recorded = record.approvals.iter().find(|(r, _)| slash_path(&r.file) == a.file).map(|(r, _)| r);
                let newest = record.releases.last().map(|(n, _)| n.as_str());
                out.extend(stale(a, (recorded, newest), &by_file, agreement, l));
            }
            ("missing" | "void", _) if p.required => {
                // An approval of this text that does not count: said here, and at its file
                // (`approval-signature`).
                let void = approval.filter(|_| p.state == "void");
                let release = status.version.as_ref().filter(|_| !status.current);
                let (severity, message) = match (release, void) {
                    (Some(name), None) => {
                        (Severity::Warning, l.msg(Signoff::VersionLacksSApprovalNo { name: &name, party: &p.name }))
                    }
                    (Some(name), Some(a)) => (
                        Severity::Warning,
                        l.msg(Signoff::VersionLacksSApprovalApproval {
                            name: &name,
                            party: &p.name,
                            file: &a.file,
                            signature: &a.signature_words(l),
                        }),
                    ),
                    (None, None) => (Severity::Info, l.msg(Signoff::CurrentTextNotYetApproved { party: &p.name })),
                    (None, Some(a)) => (
                        Severity::Info,
                        l.msg(Signoff::CurrentTextNotYetValidly {
                            party: &p.name,
                            file: &a.file,
                            signature: &a.signature_words(l),
                        }),
                    ),
                };
                let at = match &status.version {
                    Some(name) if !status.current => {
                        record.releases.iter().find(|(n, _)| n == name).map(|(_, s)| *s).or(written)
                    }
                    _ => written,
                };
                let hint = l.msg(Signoff::OnceApprovesRunClausebookApprove { party: &p.name, id: &p.id });
                out.push(
                    Diagnostic::new(
                        severity,
                        "signoff-missing",
                        &record.index,
                        at.unwrap_or_else(Span::start),
                        message,
                    )
                    .with_hint(hint),
                );
            }
            _ => {}
        }
    }
    out
}

/// An `approval-stale` finding at each file that changed since approval `a`.
fn stale(
    a: &ApprovalState,
    (recorded, newest): (Option<&Approval>, Option<&str>),
    by_file: &HashMap<String, &crate::base::model::Clause>,
    agreement: &Agreement,
    l: Locale,
) -> Vec<Diagnostic> {
    let text_span = recorded.map_or(Span::start(), |r| r.text_span);
    let who = l.msg(Signoff::TextApproved { party_name: &a.party_name, date: &a.date });
    let hint = l.msg(Signoff::AskReviewApproveAgainClausebook { party_name: &a.party_name, party: &a.party });
    let related = l.msg(Signoff::Approval);
    let mut out: Vec<Diagnostic> = a
        .changed
        .iter()
        .map(|c| {
            let (file, span, message) = match c.kind {
                "removed" => {
                    let span = recorded
                        .and_then(|r| r.file_spans.iter().find(|(f, _)| *f == c.file).map(|(_, s)| *s))
                        .unwrap_or(text_span);
                    let message = l.msg(Signoff::WasRemovedSince { file: &c.file, who: &who });
                    (std::path::PathBuf::from(&a.file), span, message)
                }
                kind => {
                    let clause = by_file.get(&c.file).copied();
                    let span = clause.map_or(Span::start(), |c| c.locate(&[crate::base::yaml::PathStep::Key("title")]));
                    let message = match (kind, clause) {
                        ("added", _) => l.msg(Signoff::FileWasAddedAfter { who: &who }),
                        (_, None) => l.msg(Signoff::HasChangedFileDiffers { who: &who }),
                        (_, Some(clause)) => changed(a, (recorded, newest), clause, agreement, l),
                    };
                    (std::path::PathBuf::from(&c.file), span, message)
                }
            };
            Diagnostic::warning("approval-stale", file, span, message).with_hint(hint.clone()).with_related(
                &a.file,
                text_span,
                related.clone(),
            )
        })
        .collect();
    if out.is_empty() {
        // Same files, same digests, another order: the clauses were reordered.
        out.push(
            Diagnostic::warning(
                "approval-stale",
                &a.file,
                text_span,
                l.msg(Signoff::OrderFilesChangedSince { who: &who }),
            )
            .with_hint(hint),
        );
    }
    out
}

/// What an `approval-stale` finding says of `clause`, changed since approval `a` (recorded as
/// `recorded`): for an upgrade of its library edition, which edition its party read and the
/// largest kind of change since; for an approval of the newest release, where its redline is.
fn changed(
    a: &ApprovalState,
    (recorded, newest): (Option<&Approval>, Option<&str>),
    clause: &crate::base::model::Clause,
    agreement: &Agreement,
    l: Locale,
) -> String {
    let who = l.msg(Signoff::TextApproved { party_name: &a.party_name, date: &a.date });
    let mut said = vec![l.msg(Signoff::HasChangedFileDiffers { who: &who })];
    let approved = recorded.and_then(|r| r.text.file(&slash_path(&clause.file)).map(|d| (d, r.text.algorithm)));
    if let Some((uses, from, kind)) = approved.and_then(|approved| upgraded(clause, agreement, approved)) {
        let (clause, to, kind) = (&uses.clause, uses.edition, kind.word());
        said.push(l.msg(Signoff::LibraryUpgraded { clause, from, to, kind: &kind }));
    }
    if let Some(version) = a.version.as_ref().filter(|v| newest == Some(v.as_str())) {
        let page = format!("draft/changes.html#change-{}", clause.id);
        said.push(l.msg(Signoff::ChangesSince { version, page: &page }));
    }
    said.join(if l == Locale::Zh { "；" } else { "; " })
}

/// When `c`, which uses a library clause, reads as approved (its file's digest `approved`, by its
/// algorithm) with another edition of it: its use, that edition, and the largest kind of change
/// between the two.
fn upgraded<'c>(
    c: &'c crate::base::model::Clause,
    agreement: &Agreement,
    (approved, algorithm): (super::Digest, super::digest::Algorithm),
) -> Option<(&'c crate::base::model::library::Uses, u32, crate::base::model::library::Kind)> {
    let uses = c.uses.as_ref()?;
    let editions = agreement.library.as_ref()?.clauses.get(&uses.clause)?;
    let then = editions.iter().filter(|e| e.number != uses.edition).find(|e| {
        let text = crate::load::library::filled(e, &uses.with);
        super::digest::clause_digest_using(c, algorithm, Some((e.number, &text))) == approved
    })?;
    let (low, high) = (then.number.min(uses.edition), then.number.max(uses.edition));
    let kind = editions.iter().filter(|e| e.number > low && e.number <= high).filter_map(|e| e.kind).max()?;
    Some((uses, then.number, kind))
}

/// A warning about an approval that does not count for its signature (see
/// [`Signature::counts_for`]): a bad signature, a change in an unsigned commit after a signed one,
/// a signature Git could not verify or found untrusted, (under `signoff.signatures: required`) no
/// signature at all, or a verified signature by a signer `signoff.signed_by` does not list for the
/// approval's party. It says that the approval does not count, and what to do.
pub fn signature_finding(
    a: &Approval,
    s: &Signature,
    settings: &SignoffSettings,
    signers: &super::signature::Signers,
    l: Locale,
) -> Option<Diagnostic> {
    if s.counts_for(&a.party, settings, signers.configured) {
        return None;
    }
    let signers_file = slash_path(&signers.file);
    let tampered = l.msg(Signoff::SeeGitLogPFile);
    let sign = l.msg(Signoff::RecordApprovalSignedCommitGit);
    let (message, hint) = match s {
        Signature::Bad { commit } => {
            (l.msg(Signoff::SignatureCommitWhichRecordedApproval { commit: &commit }), tampered)
        }
        Signature::Altered { commit, signed } => {
            (l.msg(Signoff::ApprovalWasChangedUnsignedCommit { signed: &signed, commit: &commit }), tampered)
        }
        Signature::Unverified { commit, reason } => {
            let why = super::signature::unverified_reason(reason, l);
            (
                l.msg(Signoff::CommitWhichRecordedApprovalSigned { commit: &commit, why: &why }),
                l.msg(Signoff::SignerSKeyBelongsOtherwise { signers_file: &signers_file }),
            )
        }
        Signature::Unsigned { commit } => {
            (l.msg(Signoff::SignoffSignaturesRequiredCommitWhich { commit: &commit }), sign)
        }
        Signature::Uncommitted => (l.msg(Signoff::SignoffSignaturesRequiredApprovalNot), sign),
        Signature::Verified { commit, signer } => {
            let party = &a.party;
            (
                l.msg(Signoff::ApprovalWasSignedCommitSignature { signer: &signer, commit: &commit, party: &party }),
                l.msg(Signoff::AskSignerListedApproveAgain { party: &party, signer: &signer }),
            )
        }
    };
    Some(Diagnostic::warning("approval-signature", &a.file, Span::start(), message).with_hint(hint))
}
