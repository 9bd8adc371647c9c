//! A clause file's front matter read into a [`ClauseFile`]: each field with its type, and a finding
//! at the value for each one that is wrong.

use std::path::Path;
use std::sync::Arc;

use super::fields::Reader;
use super::{Parsed, split_prefix};
use crate::base::cadence::{Cadence, Shift};
use crate::base::catalog::{Library, Load, Schedule};
use crate::base::diagnostic::Span;
use crate::base::model::library::CODE;
use crate::base::model::{Allow, BudgetShare, ClauseFile, Duty, Status};
use crate::base::yaml::Node;

/// `allow: {rule-id: "reason"}`; a suppression without a reason is refused.
fn allow(reader: &mut Reader, node: Option<&Node>) -> Vec<Allow> {
    let Some(node) = node.filter(|n| reader.mapping("allow", n)) else { return Vec::new() };
    node.entries()
        .iter()
        .filter_map(|e| {
            let reason = reader.text(&e.key, Some(&e.value)).filter(|r| !r.trim().is_empty());
            if reason.is_none() {
                let l = reader.locale;
                let hint = l.msg(Load::WriteWhyExampleAgreedReview { key: &e.key });
                let message = l.msg(Load::SuppressionHasNoReason { key: &e.key });
                reader.error(e.value.span, message, Some(&hint));
            }
            Some(Allow { rule: e.key.clone(), reason: reason? })
        })
        .collect()
}

/// `terms: {term: definition}`: the terms a clause defines in its front matter.
fn terms(reader: &mut Reader, node: Option<&Node>) -> Vec<(String, String, crate::base::diagnostic::Span)> {
    let Some(node) = node.filter(|n| reader.mapping("terms", n)) else { return Vec::new() };
    node.entries()
        .iter()
        .filter_map(|e| {
            if e.key.trim().is_empty() {
                let l = reader.locale;
                reader.error(e.key_span, l.msg(Load::TermCannotEmpty), Some(&l.msg(Load::WriteTermBeingDefinedSuch)));
                return None;
            }
            Some((e.key.clone(), reader.text(&e.key, Some(&e.value))?, e.key_span))
        })
        .collect()
}

/// Builds the clause of a parsed clause file; problems with its fields go to `reader`. Whether the
/// file has front matter fences decides if a missing `title` is worth its own finding.
pub(super) fn clause(p: &Parsed, has_front: bool, reader: &mut Reader) -> ClauseFile {
    let front = &p.front;
    let get = |k: &str| front.get(k).map(|e| &e.value);
    let stem = p.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix_order = split_prefix(&stem).0;
    let id = reader.text("id", get("id")).unwrap_or_else(|| clause_id(&p.file, &p.front));
    let l = reader.locale;
    let title = reader.text("title", get("title"));
    if title.is_none() && has_front && p.front_ok {
        reader.error(front.span, l.msg(Load::ClauseHasNoTitle), Some(&l.msg(Load::AddTitleFrontMatter)));
    }
    let status = match reader.text("status", get("status")) {
        None => Status::Active,
        Some(word) => Status::parse(&word).unwrap_or_else(|| {
            let span = get("status").map_or(front.span, |n| n.span);
            let near = crate::base::diagnostic::closest(&word, ["draft", "active", "retired"]);
            let hint = near.map(|c| l.did_you_mean(c)).unwrap_or_else(|| l.msg(Load::UseOneDraftActiveRetired));
            reader.error(span, l.msg(Load::UnknownStatus { word: &word }), Some(&hint));
            if let Some(c) = near {
                reader.fix_last(&word, c);
            }
            Status::Active
        }),
    };
    let duty_nodes = reader.list("duties", get("duties"));
    let duties = duty_nodes.iter().enumerate().filter_map(|(i, node)| duty(reader, i, node)).collect();
    duplicate_duty_ids(reader, duty_nodes);
    let budget = reader
        .list("budget", get("budget"))
        .iter()
        .enumerate()
        .filter_map(|(i, node)| {
            let name = format!("budget[{}]", i + 1);
            if !reader.mapping(&name, node) {
                return None;
            }
            let party = reader.text("party", node.get("party").map(|e| &e.value));
            let share = reader.number("share", node.get("share").map(|e| &e.value));
            if node.get("party").is_none() || node.get("share").is_none() {
                let message = l.msg(Load::NeedsBothPartySharePercent { name: &name });
                reader.error(node.span, message, None);
            }
            Some(BudgetShare { party: party?, share: share? })
        })
        .collect();
    ClauseFile {
        title: title.unwrap_or_else(|| id.clone()),
        order: reader.int("order", get("order")).or(prefix_order),
        owner: reader.text("owner", get("owner")),
        parties: reader.texts("parties", get("parties")),
        duties,
        revised: reader.date("revised", get("revised")),
        review_by: reader.date("review_by", get("review_by")),
        status,
        refs: reader.texts("refs", get("refs")),
        budget,
        tags: reader.texts("tags", get("tags")),
        id,
        file: p.file.clone(),
        allow: allow(reader, get("allow")),
        terms: terms(reader, get("terms")),
        source_id: None,
        front_id: p.front_id,
        placeholder: !p.front_ok,
        uses: uses(reader, front),
        front: Arc::clone(&p.front),
        body: Arc::clone(&p.body),
    }
}

fn duty(reader: &mut Reader, i: usize, node: &Node) -> Option<Duty> {
    let name = format!("duties[{}]", i + 1);
    if let Some(text) = node.as_text() {
        let position = i + 1;
        return Some(Duty {
            id: None,
            text,
            owner: None,
            due: None,
            cadence: None,
            schedule: None,
            before_end: None,
            since: None,
            remind: Vec::new(),
            position,
        });
    }
    if !reader.mapping(&name, node) {
        return None;
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let text = reader.text("text", get("text"));
    if text.is_none() {
        let l = reader.locale;
        reader.error(node.span, l.msg(Load::HasNoText { name: &name }), Some(&l.msg(Load::SayWhatMustDoneText)));
    }
    let cadence = reader.text("cadence", get("cadence"));
    let before_end = cadence.as_deref().and_then(crate::base::period::Length::before_end);
    let schedule = match before_end {
        Some(_) => {
            if let Some(n) = get("on_holiday") {
                let l = reader.locale;
                reader.warning("cadence", n.span, l.msg(Schedule::OnHolidayNotBeforeEnd), None);
            }
            None
        }
        None => schedule(reader, cadence.as_deref(), (get("cadence"), get("on_holiday"))),
    };
    let id = reader.text("id", get("id"));
    if let (Some(id), Some(node)) = (&id, get("id")) {
        duty_id(reader, id, node.span);
    }
    Some(Duty {
        id,
        owner: reader.text("owner", get("owner")),
        due: reader.date("due", get("due")),
        cadence,
        schedule,
        before_end,
        since: reader.date("since", get("since")),
        remind: super::period::reminders(reader, get("remind")),
        position: i + 1,
        text: text?,
    })
}

/// A duty's `cadence` (at `node`) understood, with its `on_holiday:`: an info when it is not
/// understood (with the nearest form, when one is near), a warning when it never occurs, when
/// it names days some months lack (`每月31日`), or when `on_holiday:` says otherwise than the
/// cadence's own words (`遇节假日顺延`).
fn schedule(
    reader: &mut Reader,
    written: Option<&str>,
    (node, shift_node): (Option<&Node>, Option<&Node>),
) -> Option<Cadence> {
    let (written, node) = (written?, node?);
    let l = reader.locale;
    let Some(mut rule) = Cadence::parse(written) else {
        let nearest = Cadence::nearest(written)
            .map_or_else(|| l.msg(Schedule::FormsInDocs), |form| l.msg(Schedule::NearestForm { form: &form }));
        reader.info("cadence", node.span, l.msg(Load::CadenceNotUnderstoodStaysText { written: &written }), nearest);
        return None;
    };
    if let Some((month, day, longest)) = rule.never_occurs() {
        let message = l.msg(Load::CadenceNeverOccursNoMonth { written: &written, month: &month, day: &day });
        reader.warning(
            "cadence",
            node.span,
            message,
            Some(l.msg(Load::ChooseDayMonthHasMost { month: &month, longest: &longest })),
        );
        return None;
    }
    if let Some(day) = rule.skips_months() {
        let message = l.msg(Schedule::SomeMonthsLackDay { written: &written, day: &day });
        reader.warning("cadence", node.span, message, Some(l.msg(Schedule::SayLastDay)));
    }
    if let Some(shift) = on_holiday(reader, shift_node) {
        if rule.shift != Shift::Keep && rule.shift != shift {
            let span = shift_node.map_or(node.span, |n| n.span);
            let message = l.msg(Schedule::OnHolidayContradicts { written: &written, word: &shift.word() });
            reader.warning("cadence", span, message, Some(l.msg(Schedule::OnHolidayOneWay)));
        }
        rule.shift = shift;
    }
    Some(rule)
}

/// `on_holiday:` (`next_working_day`, `previous_working_day`, `keep`): where a date that falls on
/// a day off goes; another word is an error with "did you mean".
fn on_holiday(reader: &mut Reader, node: Option<&Node>) -> Option<Shift> {
    let word = reader.text("on_holiday", node)?;
    if let Some(shift) = Shift::from_word(&word) {
        return Some(shift);
    }
    let l = reader.locale;
    let near = crate::base::diagnostic::closest(&word, Shift::WORDS);
    let hint =
        near.map_or_else(|| l.msg(Schedule::OnHolidayWords { words: &Shift::WORDS.join(", ") }), |c| l.did_you_mean(c));
    reader.error(
        node.map_or(Span::start(), |n| n.span),
        l.msg(Schedule::UnknownOnHoliday { word: &word }),
        Some(&hint),
    );
    if let Some(c) = near {
        reader.fix_last(&word, c);
    }
    None
}

/// Two duties of one clause with the same id would share their calendar events' UID (a calendar
/// keeps one of them) and their anchor: the second is an error, the first a related place.
fn duplicate_duty_ids(reader: &mut Reader, duties: &[Node]) {
    let mut seen: std::collections::HashMap<String, crate::base::diagnostic::Span> = std::collections::HashMap::new();
    for node in duties {
        let Some(entry) = node.get("id") else { continue };
        let Some(id) = entry.value.as_text() else { continue };
        match seen.get(&id) {
            Some(first) => {
                let l = reader.locale;
                let message = l.msg(Load::AnotherDutyClauseHasId { id: &id });
                let hint = l.msg(Load::DutySIdUniqueWithin);
                let file = reader.file();
                let d = crate::base::diagnostic::Diagnostic::error("duplicate-id", file, entry.value.span, message)
                    .with_hint(hint)
                    .with_related(file, *first, l.msg(Load::FirstUsedHere));
                reader.diagnostics.push(d);
            }
            None => {
                seen.insert(id, entry.value.span);
            }
        }
    }
}

/// A duty's id names its events in the calendars (`obligation-<clause>-<id>@clausebook`) and its
/// anchor, so it follows the rules of clause ids: letters (any script), digits, `-` and `_`, at
/// most [`super::names::MAX_BYTES`] bytes. One with a control character was reported where the
/// character stands ([`super::controls`]).
fn duty_id(reader: &mut Reader, id: &str, span: crate::base::diagnostic::Span) {
    if crate::base::escape::has_control(id) {
        return;
    }
    let l = reader.locale;
    let problem = if !super::valid_id(id) {
        Some(l.msg(Load::CannotDutyId { id: &id }))
    } else if id.len() > super::names::MAX_BYTES {
        super::names::file_name_problem(id, l)
    } else {
        None
    };
    if let Some(message) = problem {
        let hint = l.msg(Load::DutyIdCharacters);
        reader.error_as("invalid-id", span, message, hint);
    } else if id.bytes().all(|b| b.is_ascii_digit()) {
        // `2` would name the second duty (`CLAUSE#2`) and share its calendar events' UID.
        reader.error_as("invalid-id", span, l.msg(Load::CannotDutyId { id: &id }), l.msg(Schedule::DutyIdDigits));
    }
}

/// The id of the clause in `file`: its front matter `id`, else the file name without number
/// prefix and extension (`03-budget-approval.md` → `budget-approval`).
pub(super) fn clause_id(file: &Path, front: &Node) -> String {
    if let Some(id) = front.get("id").and_then(|e| e.value.as_text()) {
        return id;
    }
    let stem = file.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    split_prefix(&stem).1.to_string()
}

/// The library clause `front` uses (`use: confidentiality@3`) and the text of its placeholders
/// (`with: {甲方: 营销部}`), read strictly.
fn uses(reader: &mut Reader, front: &Node) -> Option<crate::base::model::library::Uses> {
    let l = reader.locale;
    let Some(used) = front.get("use").filter(|u| !matches!(u.value.value, crate::base::yaml::Value::Null)) else {
        if let Some(with) = front.get("with") {
            let d = crate::base::diagnostic::Diagnostic::error(
                CODE,
                reader.file(),
                with.key_span,
                l.msg(Library::WithWithoutUse),
            );
            reader.diagnostics.push(d);
        }
        return None;
    };
    let text = reader.text("use", Some(&used.value))?;
    // `confidentiality@3`, and the edition's digest when it is pinned.
    let mut words = text.split_whitespace();
    let (written, digest) = (words.next().unwrap_or_default(), words.next().map(str::to_string));
    let pinned = digest.as_deref().is_none_or(crate::base::model::library::is_digest) && words.next().is_none();
    let parsed = written.split_once('@').filter(|_| pinned).and_then(|(clause, edition)| {
        let digits = edition.bytes().all(|b| b.is_ascii_digit()) && !edition.starts_with('0');
        let edition = edition.parse::<u32>().ok().filter(|n| *n > 0 && digits)?;
        Some((clause.to_string(), edition)).filter(|(c, _)| super::valid_id(c))
    });
    let Some((clause, edition)) = parsed else {
        let d =
            crate::base::diagnostic::Diagnostic::error(CODE, reader.file(), used.value.span, l.msg(Library::UseForm));
        reader.diagnostics.push(d);
        return None;
    };
    let mut with = Vec::new();
    if let Some(node) = front.get("with") {
        if !matches!(node.value.value, crate::base::yaml::Value::Map(_)) {
            let d = crate::base::diagnostic::Diagnostic::error(
                CODE,
                reader.file(),
                node.value.span,
                l.msg(Library::WithForm),
            );
            reader.diagnostics.push(d);
        }
        for e in node.value.entries() {
            if let Some(text) = reader.text(&e.key, Some(&e.value)) {
                with.push((e.key.clone(), text, e.key_span));
            }
        }
    }
    Some(crate::base::model::library::Uses { clause, edition, span: used.value.span, digest, with })
}
