//! Judging approvals against one version's text: which parties approved exactly this text, which
//! approvals the edits since have made stale (and by which files), and the findings that say so.

use std::collections::HashMap;

use serde::Serialize;

use super::Record;
use super::digest::Text;
use super::record::Approval;
use super::signature::Signature;
use crate::base::diagnostic::{Diagnostic, Severity, Span, slash_path};
use crate::base::locale::Locale;
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
    let lang = crate::base::lang::Lang::new(&agreement.language);
    let clause_of: HashMap<String, &crate::base::model::Clause> =
        agreement.clauses.iter().map(|c| (slash_path(&c.file), c)).collect();
    let name_of = |id: &str| record.parties.iter().find(|p| p.id == id).map_or(id.to_string(), |p| p.name.clone());
    let approvals: Vec<ApprovalState> = record
        .approvals
        .iter()
        .map(|(a, signature)| {
            let approved: HashMap<&str, _> = a.text.files.iter().map(|(f, d)| (f.as_str(), *d)).collect();
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
                out.extend(stale(a, recorded, &by_file, agreement, l));
            }
            ("missing" | "void", _) if p.required => {
                // An approval of this text that does not count: said here, and at its file
                // (`approval-signature`).
                let void = approval.filter(|_| p.state == "void");
                let release = status.version.as_ref().filter(|_| !status.current);
                let (severity, message) = match (release, void) {
                    (Some(name), None) => (
                        Severity::Warning,
                        l.say(
                            format!("版本 {name} 未经{}批准：没有与该版本文本一致的批准", p.name),
                            format!("version {name} lacks {}'s approval: no approval matches its text", p.name),
                        ),
                    ),
                    (Some(name), Some(a)) => (
                        Severity::Warning,
                        l.say(
                            format!("版本 {name} 未经{}有效批准：{} 中的批准不计入（{}）", p.name, a.file, a.signature_words(l)),
                            format!(
                                "version {name} lacks {}'s approval: the approval in {} does not count ({})",
                                p.name,
                                a.file,
                                a.signature_words(l)
                            ),
                        ),
                    ),
                    (None, None) => (
                        Severity::Info,
                        l.say(
                            format!("当前文本尚未经{}批准", p.name),
                            format!("the current text is not yet approved by {}", p.name),
                        ),
                    ),
                    (None, Some(a)) => (
                        Severity::Info,
                        l.say(
                            format!("当前文本尚未经{}有效批准：{} 中的批准不计入（{}）", p.name, a.file, a.signature_words(l)),
                            format!(
                                "the current text is not yet validly approved by {}: the approval in {} does not count ({})",
                                p.name,
                                a.file,
                                a.signature_words(l)
                            ),
                        ),
                    ),
                };
                let at = match &status.version {
                    Some(name) if !status.current => {
                        record.releases.iter().find(|(n, _)| n == name).map(|(_, s)| *s).or(written)
                    }
                    _ => written,
                };
                let hint = l.say(
                    format!("{}负责人批准后运行 `clausebook approve --party {} --by 姓名`", p.name, p.id),
                    format!("once {} approves, run `clausebook approve --party {} --by NAME`", p.name, p.id),
                );
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
    recorded: Option<&Approval>,
    by_file: &HashMap<String, &crate::base::model::Clause>,
    agreement: &Agreement,
    l: Locale,
) -> Vec<Diagnostic> {
    let text_span = recorded.map_or(Span::start(), |r| r.text_span);
    let who = l.say(
        format!("{}于 {} 批准的文本", a.party_name, a.date),
        format!("the text {} approved on {}", a.party_name, a.date),
    );
    let hint = l.say(
        format!("请{}重新审阅并批准：`clausebook approve --party {} --by 姓名`", a.party_name, a.party),
        format!("ask {} to review and approve again: `clausebook approve --party {} --by NAME`", a.party_name, a.party),
    );
    let related = l.say("批准记录在这里", "the approval");
    let mut out: Vec<Diagnostic> = a
        .changed
        .iter()
        .map(|c| {
            let (file, span, message) = match c.kind {
                "removed" => {
                    let span = recorded
                        .and_then(|r| r.file_spans.iter().find(|(f, _)| *f == c.file).map(|(_, s)| *s))
                        .unwrap_or(text_span);
                    let message = l.say(
                        format!("`{}` 已被删除，而{who}中有它", c.file),
                        format!("`{}` was removed since {who}", c.file),
                    );
                    (std::path::PathBuf::from(&a.file), span, message)
                }
                kind => {
                    let span = by_file
                        .get(&c.file)
                        .map_or(Span::start(), |clause| clause.locate(&[crate::base::yaml::PathStep::Key("title")]));
                    let span = if c.file == slash_path(&agreement.file) { Span::start() } else { span };
                    let message = if kind == "added" {
                        l.say(format!("此文件是在{who}之后新增的"), format!("this file was added after {who}"))
                    } else {
                        l.say(
                            format!("{who}已修改：此文件不同于批准时"),
                            format!("{who} has changed: this file differs"),
                        )
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
                l.say(format!("{who}的条款顺序已改变"), format!("the order of the files changed since {who}")),
            )
            .with_hint(hint),
        );
    }
    out
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
    let tampered = l.say(
        "查看 `git log -p -- 此文件`；确属篡改时删除它并重新批准",
        "see `git log -p -- <file>`; if it was tampered with, delete it and approve again",
    );
    let sign = l.say(
        "用签名的提交记录批准（`git config commit.gpgsign true` 后运行 `clausebook approve … --commit`）",
        "record the approval in a signed commit (`git config commit.gpgsign true`, then `clausebook approve … --commit`)",
    );
    let (message, hint) = match s {
        Signature::Bad { commit } => (
            l.say(
                format!("记录此批准的提交 {commit} 的签名无效：提交内容与签名不符；此批准不计入"),
                format!("the signature of commit {commit}, which recorded this approval, is bad: the commit is not what was signed; this approval does not count"),
            ),
            tampered,
        ),
        Signature::Altered { commit, signed } => (
            l.say(
                format!("此批准在签名提交 {signed} 之后被未签名的提交 {commit} 改动过：签名不再覆盖它；此批准不计入"),
                format!("this approval was changed by unsigned commit {commit} after signed commit {signed}: the signature no longer covers it; this approval does not count"),
            ),
            tampered,
        ),
        Signature::Unverified { commit, reason } => {
            let why = super::signature::unverified_reason(reason, l);
            (
                l.say(
                    format!("记录此批准的提交 {commit} 已签名，但签名未通过验证（{why}）；此批准不计入"),
                    format!("commit {commit}, which recorded this approval, is signed, but the signature does not verify ({why}); this approval does not count"),
                ),
                l.say(
                    format!("签名者的公钥应列在 {signers_file} 中；否则请其用列出的密钥重新批准"),
                    format!("the signer's key belongs in {signers_file}; otherwise ask them to approve again with a listed key"),
                ),
            )
        }
        Signature::Unsigned { commit } => (
            l.say(
                format!("`signoff.signatures` 为 required，而记录此批准的提交 {commit} 未签名；此批准不计入"),
                format!("`signoff.signatures` is required, and commit {commit}, which recorded this approval, is not signed; this approval does not count"),
            ),
            sign,
        ),
        Signature::Uncommitted => (
            l.say(
                "`signoff.signatures` 为 required，而此批准尚未提交（或提交后有改动）；签名提交后才计入",
                "`signoff.signatures` is required, and this approval is not committed (or changed since); it counts once committed and signed",
            ),
            sign,
        ),
        Signature::Verified { commit, signer } => {
            let party = &a.party;
            (
                l.say(
                    format!("此批准由 {signer} 签名（提交 {commit}，签名已验证），但 `signoff.signed_by` 未将 {signer} 列为 {party} 的签名者；此批准不计入"),
                    format!("this approval was signed by {signer} (commit {commit}, signature verified), but `signoff.signed_by` does not list {signer} for {party}; this approval does not count"),
                ),
                l.say(
                    format!("请 {party} 名下列出的签名者用其密钥重新批准；若 {signer} 确为 {party} 签署，将其加入 `signoff.signed_by.{party}`"),
                    format!("ask a signer listed for {party} to approve again with their key; if {signer} does sign for {party}, add them to `signoff.signed_by.{party}`"),
                ),
            )
        }
    };
    Some(Diagnostic::warning("approval-signature", &a.file, Span::start(), message).with_hint(hint))
}
