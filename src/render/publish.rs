//! What an intranet needs besides pages: the review calendar (iCalendar), the agreement as data
//! (JSON), and a sitemap when the site's address is known (the search index is `search.rs`).

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::export::{Export, ExportedClause};
use crate::base::cadence::{Cadence, Shift};
use crate::base::catalog::{Base, Locale};
use crate::base::diagnostic::Diagnostic;
use crate::base::lang::Lang;
use crate::base::model::{Agreement, Clause};
use crate::base::period::Length;
use crate::base::workdays::Workdays;

use crate::base::escape::{ics_text, ics_value};

/// A value as compact JSON (control characters escaped).
fn json(value: &impl Serialize) -> Arc<str> {
    crate::base::escape::json(value).into()
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 2);
    fold_into(&mut out, line);
    out
}

/// [`fold`], onto the end of `out`.
fn fold_into(out: &mut String, line: &str) {
    if line.len() <= 75 {
        // Most lines are short: no need to count them character by character.
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// Clause `i`'s review date and duty deadlines owned by `party` (all when `None`) as iCalendar
/// events: all-day dates with stable UIDs, `DTSTAMP` from the build's date so the same input gives
/// the same file. `scope` tells the UIDs of one agreement from another's in a calendar of many
/// (`it-finance.`; empty in an agreement's own).
pub fn clause_events(
    agreement: &Agreement,
    i: usize,
    party: Option<&str>,
    today: NaiveDate,
    (base_url, scope): (Option<&str>, &str),
) -> String {
    let c = &agreement.clauses[i];
    let wanted = |owner: Option<&crate::base::model::Party>| party.is_none_or(|p| owner.is_some_and(|o| o.id == p));
    // Each party's calendar asks every clause: most have nothing of that party's.
    let review = c.review_by.is_some() && wanted(agreement.owner(c));
    if !review && !(0..c.duties.len()).any(|j| wanted(agreement.duty_owner(c, j))) {
        return String::new();
    }
    let l = Locale::of(&agreement.language);
    let url = base_url.map(|b| format!("{}/clauses/{}.html", b.trim_end_matches('/'), c.id));
    let label = format!("{} {}", Lang::new(&agreement.language).clause_label(c.number), c.title);
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    let mut out = String::new();
    // One event: all day, or at a time for an hour; recurring with `rrule` (and its dates
    // moved by the working-day calendar, as `RDATE` and `EXDATE` lines).
    let mut event = |uid: String,
                     date: NaiveDate,
                     time: Option<chrono::NaiveTime>,
                     rrule: Option<(String, Vec<String>)>,
                     summary: String,
                     owner: Option<&crate::base::model::Party>,
                     remind: &[Length]| {
        fold_into(&mut out, "BEGIN:VEVENT");
        fold_into(&mut out, &format!("UID:{}", ics_value(&uid)));
        fold_into(&mut out, &format!("DTSTAMP:{stamp}"));
        match time {
            Some(t) => {
                let start = date.and_time(t);
                let end = start + chrono::Duration::hours(1);
                fold_into(&mut out, &format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")));
                fold_into(&mut out, &format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")));
            }
            None => {
                fold_into(&mut out, &format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
                fold_into(&mut out, &format!("DTEND;VALUE=DATE:{}", date.succ_opt().unwrap_or(date).format("%Y%m%d")));
            }
        }
        if let Some((rule, moved)) = rrule {
            fold_into(&mut out, &format!("RRULE:{rule}"));
            for line in moved {
                fold_into(&mut out, &line);
            }
        }
        fold_into(&mut out, &format!("SUMMARY:{}", ics_text(&summary)));
        fold_into(&mut out, &format!("DESCRIPTION:{}", ics_text(&label)));
        if let Some(owner) = owner {
            fold_into(&mut out, &format!("CATEGORIES:{}", ics_text(&owner.name)));
        }
        if let Some(url) = &url {
            fold_into(&mut out, &format!("URL:{}", ics_value(url)));
        }
        fold_into(&mut out, "TRANSP:TRANSPARENT");
        alarms(&mut out, date, remind, &summary);
        fold_into(&mut out, "END:VEVENT");
    };
    if let Some(date) = c.review_by.filter(|_| wanted(agreement.owner(c))) {
        let summary = l.msg(Base::ReviewEvent { label: &label });
        event(format!("review-{}@{scope}clausebook", c.id), date, None, None, summary, agreement.owner(c), &[]);
    }
    for (i, d) in c.duties.iter().enumerate() {
        let owner = agreement.duty_owner(c, i);
        if !wanted(owner) {
            continue;
        }
        let key = d.id.clone().unwrap_or_else(|| (i + 1).to_string());
        if let Some(date) = d.due {
            let summary = l.msg(Base::DueEvent { text: &d.text });
            event(format!("duty-{}-{key}@{scope}clausebook", c.id), date, None, None, summary, owner, &d.remind);
        }
        // A recurring duty from its start, its first date the first its rule gives on
        // Monday–Friday working days (as the RRULE counts them).
        if let (Some(rule), Some(start), true) =
            (d.schedule, agreement.duty_start(c, d, today), c.status != crate::base::model::Status::Retired)
            && let Some(first) = plain(rule).first_from(start, &Workdays::default()).filter(|d| d.year() <= 9999)
        {
            let what =
                owner.map_or_else(|| d.text.clone(), |o| l.msg(Base::WithOwner { text: &d.text, owner: &o.name }));
            let summary = if rule.deadline { l.msg(Base::DeadlineEvent { what: &what }) } else { what };
            let uid = format!("obligation-{}-{key}@{scope}clausebook", c.id);
            let moved = moved(rule, start, &agreement.workdays, today);
            event(uid, first, rule.time, Some((rule.rrule(), moved)), summary, owner, &d.remind);
        }
        // A date before the end of the period (`到期前30日`): its next one, as the period's own
        // notice deadline and end are.
        if d.before_end.is_some() && c.status != crate::base::model::Status::Retired {
            let horizon = today.checked_add_days(chrono::Days::new(100 * 366)).unwrap_or(today);
            if let Some(date) = agreement.duty_dates(c, d, (today, horizon), today).first().copied() {
                let what =
                    owner.map_or_else(|| d.text.clone(), |o| l.msg(Base::WithOwner { text: &d.text, owner: &o.name }));
                let summary = l.msg(Base::DeadlineEvent { what: &what });
                let uid = format!("obligation-{}-{key}@{scope}clausebook", c.id);
                event(uid, date, None, None, summary, owner, &d.remind);
            }
        }
    }
    out
}

/// A reminder (`VALARM`) `len` before an event on `date`, for each of `remind`: days before its
/// start (a month before 31 March is 28, 29, 30 or 31 days, as the calendar has it).
fn alarms(out: &mut String, date: NaiveDate, remind: &[Length], summary: &str) {
    for len in remind {
        fold_into(out, "BEGIN:VALARM");
        fold_into(out, "ACTION:DISPLAY");
        fold_into(out, &format!("DESCRIPTION:{}", ics_text(summary)));
        fold_into(out, &format!("TRIGGER:-P{}D", len.days_before(date)));
        fold_into(out, "END:VALARM");
    }
}

/// The period's notice deadline and end (`period:`), from `today`'s stretch, as events of every
/// calendar (they concern every party), each with the period's reminders.
fn period_events(agreement: &Agreement, today: NaiveDate) -> String {
    let Some(p) = &agreement.period else { return String::new() };
    let lang = Lang::new(&agreement.language);
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    let mut out = String::new();
    for (date, mark) in super::period::marks(p, today) {
        let uid = match mark {
            super::period::Mark::Notice => "period-notice",
            super::period::Mark::End => "period-end",
        };
        let summary = format!("{}（{}）", lang.word(super::period::word(p, mark)), agreement.title);
        fold_into(&mut out, "BEGIN:VEVENT");
        fold_into(&mut out, &format!("UID:{uid}@clausebook"));
        fold_into(&mut out, &format!("DTSTAMP:{stamp}"));
        fold_into(&mut out, &format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
        fold_into(&mut out, &format!("DTEND;VALUE=DATE:{}", date.succ_opt().unwrap_or(date).format("%Y%m%d")));
        fold_into(&mut out, &format!("SUMMARY:{}", ics_text(&summary)));
        fold_into(&mut out, "TRANSP:TRANSPARENT");
        alarms(&mut out, date, &p.remind, &summary);
        fold_into(&mut out, "END:VEVENT");
    }
    out
}

/// `rule` as its `RRULE` says it: on Monday–Friday working days, no date moved off a holiday.
fn plain(rule: Cadence) -> Cadence {
    Cadence { shift: Shift::Keep, ..rule }
}

/// The `EXDATE` and `RDATE` lines that make a recurring event of `rule` (from `start`) fall on
/// the dates the working-day calendar gives, through the calendar's last year (without one,
/// through the end of next year: weekends still move a date off them).
fn moved(rule: Cadence, start: NaiveDate, workdays: &Workdays, today: NaiveDate) -> Vec<String> {
    if !rule.uses_workdays() {
        return Vec::new();
    }
    // Weekends move dates in every year: at least through next year, as far as the calendar goes.
    let next_year = NaiveDate::from_ymd_opt(today.year() + 1, 12, 31).unwrap_or(today);
    let end = workdays.ends().map_or(next_year, |e| e.max(next_year));
    let actual = rule.dates(start, start, end, workdays);
    let as_ruled = plain(rule).dates(start, start, end, &Workdays::default());
    let value = |d: &NaiveDate| match rule.time {
        Some(t) => d.and_time(t).format("%Y%m%dT%H%M%S").to_string(),
        None => d.format("%Y%m%d").to_string(),
    };
    let kind = if rule.time.is_some() { "" } else { ";VALUE=DATE" };
    let line =
        |name: &str, dates: Vec<String>| (!dates.is_empty()).then(|| format!("{name}{kind}:{}", dates.join(",")));
    let gone = as_ruled.iter().filter(|d| actual.binary_search(d).is_err()).map(value).collect();
    let added = actual.iter().filter(|d| as_ruled.binary_search(d).is_err()).map(value).collect();
    line("EXDATE", gone).into_iter().chain(line("RDATE", added)).collect()
}

/// `reviews.ics` (or one party's calendar, RFC 5545): what comes before and after the clauses'
/// events ([`clause_events`]).
/// The agreement's period comes first: it concerns every party.
pub fn calendar(agreement: &Agreement, party: Option<&str>, today: NaiveDate) -> (Vec<Arc<str>>, Vec<Arc<str>>) {
    let name = match party.and_then(|p| agreement.party(p)) {
        Some(p) => format!("{} · {}", agreement.title, p.name),
        None => agreement.title.clone(),
    };
    let (mut head, tail) = calendar_named(&name);
    head.push(period_events(agreement, today).into());
    (head, tail)
}

/// A calendar called `name`: what comes before and after its events.
pub fn calendar_named(name: &str) -> (Vec<Arc<str>>, Vec<Arc<str>>) {
    let mut head = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clausebook//clausebook//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        head.push_str(&fold(line));
    }
    head.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_text(name))));
    (vec![head.into()], vec![fold("END:VCALENDAR").into()])
}

/// Clause `i` as `agreement.json` has it, serialized; `html` renders its body.
pub fn clause_json(agreement: &Agreement, i: usize, html: &(dyn Fn(&Clause) -> String + Sync)) -> String {
    let clause = &agreement.clauses[i];
    crate::base::escape::json(&Export(ExportedClause { agreement, clause, html: html(clause) }))
}

#[derive(Serialize)]
struct JsonChapter<'a> {
    number: usize,
    label: String,
    title: &'a str,
    id: &'a str,
}

/// `agreement.json`: the whole model, described by `agreement.schema.json` next to it. This is
/// what comes before and after the clauses, which are serialized each on its own
/// ([`clause_json`]) and separated by commas; the fields are in the schema's order.
pub fn agreement_json(
    agreement: &Agreement,
    findings: &[Diagnostic],
    signoff: Option<&crate::signoff::Status>,
    versions: &[String],
) -> (Vec<Arc<str>>, Vec<Arc<str>>) {
    let lang = Lang::new(&agreement.language);
    let head = Export(agreement);
    let chapters: Vec<JsonChapter> = agreement
        .chapters
        .iter()
        .map(|ch| JsonChapter { number: ch.number, label: lang.chapter_label(ch.number), title: &ch.title, id: &ch.id })
        .collect();
    let findings: Vec<crate::base::json_diagnostic::JsonDiagnostic> =
        findings.iter().map(crate::base::json_diagnostic::JsonDiagnostic::from).collect();
    let mut parts = vec![Arc::from(r#"{"$schema":"agreement.schema.json","agreement":"#), json(&head)];
    parts.push(r#","chapters":"#.into());
    parts.push(json(&chapters));
    parts.push(r#","clauses":["#.into());
    let tail = vec![
        r#"],"findings":"#.into(),
        json(&findings),
        r#","versions":"#.into(),
        json(&versions),
        r#","signoff":"#.into(),
        json(&signoff),
        "}\n".into(),
    ];
    (parts, tail)
}

/// The JSON Schema of `agreement.json`.
pub const AGREEMENT_SCHEMA: &str = include_str!("agreement.schema.json");

/// `sitemap.xml` for a site published at `base_url`.
pub fn sitemap(base_url: &str, paths: &[String]) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let encoded: String = p
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        out.push_str(&format!(
            "  <url><loc>{}/{}</loc></url>\n",
            crate::base::escape::xml(base),
            crate::base::escape::xml(&encoded)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let folded = fold(&format!("SUMMARY:{}", "复审".repeat(40)));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "复审".repeat(40)));
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
