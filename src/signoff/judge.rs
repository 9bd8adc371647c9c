//! Judging approvals against one version's text: which parties approved exactly this text, which
//! approvals the edits since have made stale (and by which files), and the findings that say so.

use std::collections::HashMap;

use serde::Serialize;

use super::Record;
use super::digest::Text;
use super::record::Approval;
use super::signature::Signature;
use crate::diagnostic::{Diagnostic, Severity, Span, slash_path};
use crate::locale::Locale;
use crate::model::Agreement;

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
    /// `approved` (an approval of exactly this text), `stale` (its newest approval is of a text
    /// that changed since; the working tree only) or `missing`.
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
    let lang = crate::lang::Lang::new(&agreement.language);
    let clause_of: HashMap<String, &crate::model::Clause> =
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
            }
        })
        .collect();
    let is_current = matches!(role, Role::Current(_));
    // The approval that speaks for a party: its newest of exactly this text, else (in the working
    // tree) its newest of any text.
    let newest = |party: &str, current_only: bool| {
        (0..approvals.len())
            .filter(|&i| approvals[i].party == party && (!current_only || approvals[i].current))
            .max_by(|&i, &j| (&approvals[i].date, &approvals[i].file).cmp(&(&approvals[j].date, &approvals[j].file)))
    };
    let required: Vec<String> = record.settings.required.iter().map(|(id, _)| id.clone()).collect();
    let parties: Vec<PartyState> = record
        .parties
        .iter()
        .filter(|p| required.contains(&p.id) || approvals.iter().any(|a| a.party == p.id))
        .map(|p| {
            let (state, approval) = match newest(&p.id, true) {
                Some(i) => ("approved", Some(i)),
                None => match newest(&p.id, false).filter(|_| is_current) {
                    Some(i) => ("stale", Some(i)),
                    None => ("missing", None),
                },
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
    let by_file: HashMap<String, &crate::model::Clause> =
        agreement.clauses.iter().map(|c| (slash_path(&c.file), c)).collect();
    for p in &status.parties {
        let approval = p.approval.map(|i| &status.approvals[i]);
        let written = record.settings.required.iter().find(|(id, _)| *id == p.id).map(|(_, s)| *s);
        match (p.state, approval) {
            ("stale", Some(a)) => {
                let recorded = record.approvals.iter().find(|(r, _)| slash_path(&r.file) == a.file).map(|(r, _)| r);
                out.extend(stale(a, recorded, &by_file, agreement, l));
            }
            ("missing", _) if p.required => {
                let (severity, message) = match &status.version {
                    Some(name) if !status.current => (
                        Severity::Warning,
                        l.say(
                            format!("版本 {name} 未经{}批准：没有与该版本文本一致的批准", p.name),
                            format!("version {name} lacks {}'s approval: no approval matches its text", p.name),
                        ),
                    ),
                    _ => (
                        Severity::Info,
                        l.say(
                            format!("当前文本尚未经{}批准", p.name),
                            format!("the current text is not yet approved by {}", p.name),
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
    by_file: &HashMap<String, &crate::model::Clause>,
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
                        .map_or(Span::start(), |clause| clause.locate(&[crate::yaml::PathStep::Key("title")]));
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

/// A warning about an approval whose signature does not hold: a bad signature, or a change in an
/// unsigned commit after a signed one.
pub fn signature_finding(a: &Approval, s: &Signature, l: Locale) -> Option<Diagnostic> {
    let message = match s {
        Signature::Bad { commit } => l.say(
            format!("记录此批准的提交 {commit} 的签名无效：提交内容与签名不符"),
            format!("the signature of commit {commit}, which recorded this approval, is bad: the commit is not what was signed"),
        ),
        Signature::Altered { commit, signed } => l.say(
            format!("此批准在签名提交 {signed} 之后被未签名的提交 {commit} 改动过：签名不再覆盖它"),
            format!("this approval was changed by unsigned commit {commit} after signed commit {signed}: the signature no longer covers it"),
        ),
        _ => return None,
    };
    Some(Diagnostic::warning("approval-signature", &a.file, Span::start(), message).with_hint(l.say(
        "查看 `git log -p -- 此文件`；确属篡改时删除它并重新批准",
        "see `git log -p -- <file>`; if it was tampered with, delete it and approve again",
    )))
}
