//! A clause file's front matter read into a [`ClauseFile`]: each field with its type, and a finding
//! at the value for each one that is wrong.

use std::path::Path;
use std::sync::Arc;

use super::fields::Reader;
use super::{Parsed, split_prefix};
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
                let hint = l.say(
                    format!("写明理由，例如 `{}: \"2026-01-10 复审会议同意\"`", e.key),
                    format!("write why, for example `{}: \"agreed at the review of 2026-01-10\"`", e.key),
                );
                let message = l.say(
                    format!("对 `{}` 的豁免没有写理由", e.key),
                    format!("the suppression of `{}` has no reason", e.key),
                );
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
                reader.error(
                    e.key_span,
                    l.say("术语不能为空", "a term cannot be empty"),
                    Some(&l.say(
                        "写出要定义的术语，例如 `联合活动: …`",
                        "write the term being defined, such as `Joint Event: …`",
                    )),
                );
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
        reader.error(
            front.span,
            l.say("条款没有 `title`（标题）", "the clause has no `title`"),
            Some(&l.say("在前置信息中加上 `title: …`", "add `title: …` to the front matter")),
        );
    }
    let status = match reader.text("status", get("status")) {
        None => Status::Active,
        Some(word) => Status::parse(&word).unwrap_or_else(|| {
            let span = get("status").map_or(front.span, |n| n.span);
            let near = crate::base::diagnostic::closest(&word, ["draft", "active", "retired"]);
            let hint = near
                .map(|c| l.did_you_mean(c))
                .unwrap_or_else(|| l.say("可用 draft、active 或 retired", "use one of: draft, active, retired"));
            reader.error(span, l.say(format!("未知的状态 `{word}`"), format!("unknown status `{word}`")), Some(&hint));
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
                let message = l.say(
                    format!("`{name}` 需要同时写明 `party`（出资方）和 `share`（百分比）"),
                    format!("`{name}` needs both `party` and `share` (in percent)"),
                );
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
        front: Arc::clone(&p.front),
        body: Arc::clone(&p.body),
    }
}

fn duty(reader: &mut Reader, i: usize, node: &Node) -> Option<Duty> {
    let name = format!("duties[{}]", i + 1);
    if let Some(text) = node.as_text() {
        return Some(Duty { id: None, text, owner: None, due: None, cadence: None, schedule: None });
    }
    if !reader.mapping(&name, node) {
        return None;
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let text = reader.text("text", get("text"));
    if text.is_none() {
        let l = reader.locale;
        reader.error(
            node.span,
            l.say(format!("`{name}` 没有 `text`"), format!("`{name}` has no `text`")),
            Some(&l.say("在 `text: …` 中写明要做的事", "say what must be done in `text: …`")),
        );
    }
    let cadence = reader.text("cadence", get("cadence"));
    let mut schedule = cadence.as_deref().and_then(crate::base::cadence::Cadence::parse);
    if let (Some(written), Some((month, day, longest)), Some(node)) =
        (&cadence, schedule.and_then(|s| s.never_occurs()), get("cadence"))
    {
        let l = reader.locale;
        reader.warning(
            "cadence",
            node.span,
            l.say(
                format!("频率「{written}」永远不会出现：{month} 月没有 {day} 日，日历和近期事项都不会有它"),
                format!("the cadence `{written}` never occurs: no month {month} has a day {day}, so no calendar or upcoming page has it"),
            ),
            Some(l.say(
                format!("改成 {month} 月有的一天（最多 {longest} 日），或写月底：`每年{month}月底`"),
                format!("choose a day month {month} has (at most {longest}), or its last day: `每年{month}月底`"),
            )),
        );
        schedule = None;
    }
    if let (Some(written), None, Some(node)) = (&cadence, schedule, get("cadence")) {
        let l = reader.locale;
        reader.info(
            "cadence",
            node.span,
            l.say(
                format!("不理解的频率「{written}」：它仍作为文本显示，但不会进入日历"),
                format!("cadence `{written}` is not understood: it stays text for readers, but no calendar has it"),
            ),
            l.say(
                format!("可以写成：{}", crate::base::cadence::FORMS),
                format!("the forms understood: {}", crate::base::cadence::FORMS),
            ),
        );
    }
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
        text: text?,
    })
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
                let message = l.say(
                    format!("本条款已有 id 为 `{id}` 的职责"),
                    format!("another duty of this clause has the id `{id}`"),
                );
                let hint = l.say(
                    "每项职责的 id 在条款内唯一：它命名职责的日历事件",
                    "a duty's id is unique within its clause: it names the duty's calendar events",
                );
                let file = reader.file();
                let d = crate::base::diagnostic::Diagnostic::error("duplicate-id", file, entry.value.span, message)
                    .with_hint(hint)
                    .with_related(file, *first, l.say("第一次出现在这里", "first used here"));
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
        Some(l.say(format!("`{id}` 不能作为职责的 id"), format!("`{id}` cannot be a duty id")))
    } else if id.len() > super::names::MAX_BYTES {
        super::names::file_name_problem(id, l)
    } else {
        None
    };
    if let Some(message) = problem {
        let hint = l.say(
            "id 由字母（中文亦可）、数字、`-` 和 `_` 组成，例如 `payment-terms`",
            "ids are letters (Chinese is fine), digits, `-` and `_`, such as `payment-terms`",
        );
        reader.error_as("invalid-id", span, message, hint);
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
