//! What schedules need beyond one duty: a start to count every N-th period from, and the
//! working-day calendar ([`Workdays`]) read from the project's `calendar/` folder, strictly:
//! one YAML file per year (`calendar/2026.yaml`), as the year's official schedule lists it —
//!
//! ```yaml
//! year: 2026
//! source: 国务院办公厅关于2026年部分节假日安排的通知
//! holidays:
//!   元旦: 2026-01-01 ~ 2026-01-03
//!   国庆节: 2026-10-01 ~ 2026-10-07
//! workdays: [2026-01-04, 2026-09-20, 2026-10-10]
//! ```
//!
//! — and what the schedules that need it learn from it: that there is none (working days are
//! Monday–Friday), or the day it ends. Both are said once, as infos at the first such schedule.

use std::path::Path;

use chrono::NaiveDate;

use super::fields::{Reader, parse_date};
use crate::base::catalog::{Load, Locale, Portfolio, Schedule};
use crate::base::diagnostic::{Diagnostic, Severity, Span, closest};
use crate::base::model::Agreement;
use crate::base::tree::Tree;
use crate::base::workdays::Workdays;
use crate::base::yaml::{Node, PathStep, Value};

/// The project's folder of working-day calendars: versioned like `content/`.
pub const DIR: &str = "calendar";

/// The finding code of the calendar's files and of what schedules learn from it.
pub const CODE: &str = "workdays";

/// The keys of a calendar file.
const KEYS: [&str; 4] = ["year", "source", "holidays", "workdays"];

/// Reads every `calendar/*.yaml` of `tree`, with the problems of each.
pub(super) fn read(tree: &dyn Tree, l: Locale) -> (Workdays, Vec<Diagnostic>) {
    let mut calendar = Workdays::default();
    let mut found = Vec::new();
    let dir = Path::new(DIR);
    if !tree.has_dir(dir) {
        return (calendar, found);
    }
    let (files, links) = tree.files_and_links(dir).unwrap_or_default();
    found.extend(links.iter().map(|link| crate::base::tree::link_skipped(link, l)));
    let mut years: Vec<(i32, std::path::PathBuf)> = Vec::new();
    for file in files.iter().filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml")) {
        let node = match yaml_file(tree, file, CODE, l) {
            Ok(node) => node,
            Err(d) => {
                found.push(*d);
                continue;
            }
        };
        let mut reader = Reader::with_locale(file, l);
        if let Some(year) = one_file(&mut reader, &node, &mut calendar) {
            match years.iter().find(|(y, _)| *y == year) {
                Some((_, other)) => {
                    let span = node.get("year").map_or(node.span, |e| e.value.span);
                    let d = Diagnostic::error(CODE, file, span, l.msg(Schedule::CalendarYearTwice { year: &year }))
                        .with_related(other, Span::start(), l.msg(Load::FirstUsedHere));
                    reader.diagnostics.push(d);
                }
                None => years.push((year, file.clone())),
            }
            calendar.years.insert(year);
        }
        found.append(&mut reader.diagnostics);
    }
    (calendar, found)
}

/// A YAML file of the project (a calendar, a record) parsed, or why it cannot be: it cannot be
/// read (a finding of `code`), is not UTF-8, or is not YAML.
pub(super) fn yaml_file(tree: &dyn Tree, file: &Path, code: &str, l: Locale) -> Result<Node, Box<Diagnostic>> {
    let bytes = tree.read(file).map_err(|e| Diagnostic::error(code, file, Span::start(), e.to_string()))?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        let d = Diagnostic::error("utf8", file, Span::start(), l.msg(Load::FileNotValidUtf));
        return Err(Box::new(d.with_hint(l.msg(Load::SaveFileUtfWithoutLegacy))));
    };
    crate::base::yaml::parse(text, 1).map_err(|e| Box::new(super::source::yaml_error(file, &e, text, 1, l)))
}

/// One file's year, holidays and working days, into `calendar`.
fn one_file(reader: &mut Reader, node: &Node, calendar: &mut Workdays) -> Option<i32> {
    let l = reader.locale;
    let Value::Map(entries) = &node.value else {
        reader.error_as(CODE, node.span, l.msg(Schedule::CalendarNotMapping), String::new());
        return None;
    };
    for e in entries.iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        let hint = closest(&e.key, KEYS).map(|c| l.did_you_mean(c));
        reader.warning("unknown-field", e.key_span, l.msg(Portfolio::UnknownKey { key: &e.key }), hint);
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    reader.text("source", get("source"));
    let written = reader.int("year", get("year"));
    let year = written.and_then(|y| i32::try_from(y).ok()).filter(|y| (1900..=9999).contains(y));
    if year.is_none() {
        let span = get("year").map_or(node.span, |n| n.span);
        reader.error_as(CODE, span, l.msg(Schedule::CalendarNeedsYear), String::new());
    }
    let mut holidays = Vec::new();
    match get("holidays") {
        Some(Node { value: Value::Map(named), .. }) => {
            for e in named {
                holidays.extend(days(reader, &e.value));
            }
        }
        Some(other) => holidays.extend(days(reader, other)),
        None => {}
    }
    let workdays = get("workdays").map(|n| days(reader, n)).unwrap_or_default();
    for (d, span) in &workdays {
        if holidays.iter().any(|(h, _)| h == d) {
            reader.error_as(CODE, *span, l.msg(Schedule::CalendarDayBoth { date: d }), String::new());
        }
    }
    // A file lists its own year (元旦 may begin on 30 December): a date further off is a typo.
    if let Some(year) = year {
        let near = |d: &NaiveDate| (*d - NaiveDate::from_ymd_opt(year, 7, 1).unwrap_or(*d)).num_days().abs() <= 200;
        for (d, span) in holidays.iter().chain(&workdays).filter(|(d, _)| !near(d)) {
            let message = l.msg(Schedule::CalendarDayOutsideYear { date: d, year: &year });
            reader.warning(CODE, *span, message, None);
        }
    }
    calendar.holidays.extend(holidays.into_iter().map(|(d, _)| d));
    calendar.workdays.extend(workdays.into_iter().map(|(d, _)| d));
    year
}

/// A date, a range (`2026-10-01 ~ 2026-10-07`, `至`, `..`), or a list of them: every day named,
/// with where it is named.
fn days(reader: &mut Reader, node: &Node) -> Vec<(NaiveDate, Span)> {
    if let Value::Seq(items) = &node.value {
        return items.iter().flat_map(|n| days(reader, n)).collect();
    }
    let l = reader.locale;
    let written = node.as_text().unwrap_or_default();
    let range = written.split_once('~').or_else(|| written.split_once('至')).or_else(|| written.split_once(".."));
    let read = match range {
        Some((a, b)) => {
            parse_date(a.trim()).zip(parse_date(b.trim())).filter(|(a, b)| a <= b && (*b - *a).num_days() < 60)
        }
        None => parse_date(written.trim()).map(|d| (d, d)),
    };
    match read {
        Some((first, last)) => first.iter_days().take_while(|d| *d <= last).map(|d| (d, node.span)).collect(),
        None => {
            reader.error_as(
                CODE,
                node.span,
                l.msg(Schedule::CalendarBadDay { written: &written }),
                l.msg(Schedule::CalendarDayForms),
            );
            Vec::new()
        }
    }
}

/// What the agreement's schedules learn from its calendar, once, at the first schedule that
/// follows working days: that there is none, or the day it ends when that is before `horizon`.
pub fn coverage(agreement: &Agreement, horizon: NaiveDate, l: Locale) -> Option<Diagnostic> {
    let (c, i) = agreement.clauses.iter().find_map(|c| {
        let i = c.duties.iter().position(|d| d.schedule.is_some_and(|s| s.uses_workdays()))?;
        Some((c, i))
    })?;
    let span = c.locate(&[PathStep::Key("duties"), PathStep::Index(i), PathStep::Key("cadence")]);
    let workdays = &agreement.workdays;
    let (message, hint) = match workdays.ends() {
        None => (l.msg(Schedule::WorkdaysMondayFriday), l.msg(Schedule::AddCalendarFile)),
        Some(end) if end < horizon => (l.msg(Schedule::WorkdaysEnd { date: &end }), l.msg(Schedule::AddNextYear)),
        Some(_) => return None,
    };
    Some(Diagnostic::new(Severity::Info, CODE, &c.file, span, message).with_hint(hint))
}

/// A schedule that counts every N-th period (`隔周三`) needs a start to count from: without the
/// duty's `since:`, the agreement's `effective:` or the clause's `revised:`, it would count from
/// whatever day the site is built. Such a schedule is a `cadence` warning, and no calendar or
/// page has it ([`Agreement::duty_start`]). So is a date before the end of the agreement's
/// period (`到期前30日`) in an agreement without `period:`.
pub(super) fn unanchored(agreement: &Agreement, l: Locale) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let never = NaiveDate::MIN;
    for c in &agreement.clauses {
        for (i, d) in c.duties.iter().enumerate() {
            let span = c.front.locate([PathStep::Key("duties"), PathStep::Index(i), PathStep::Key("cadence")]);
            if d.before_end.is_some() && agreement.period.is_none() {
                let written = d.cadence.clone().unwrap_or_default();
                let message = l.msg(Schedule::CadenceNeedsPeriod { written: &written });
                found.push(
                    Diagnostic::warning("cadence", &c.file, span, message).with_hint(l.msg(Schedule::SayThePeriod)),
                );
            }
            if d.schedule.is_none() || agreement.duty_start(c, d, never).is_some() {
                continue;
            }
            let written = d.cadence.clone().unwrap_or_default();
            let message = l.msg(Schedule::CadenceNeedsStart { written: &written });
            found
                .push(Diagnostic::warning("cadence", &c.file, span, message).with_hint(l.msg(Schedule::SayWhenStarts)));
        }
    }
    found
}
