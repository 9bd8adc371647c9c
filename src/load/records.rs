//! Records of duties done, read strictly from `records/` — one YAML file per occurrence:
//!
//! ```yaml
//! duty: weekly-meeting#3        # CLAUSE#DUTY: the duty's id, or its place in `duties:` from 1
//! date: 2026-12-03              # the occurrence it answers: a date of the duty's schedule
//! by: 王晓明
//! files: [2026-12-03-纪要.pdf]  # kept beside it in records/
//! note: 纪要已分发
//! ```
//!
//! — and `records:` of `_index.md` (`from`, `grace`, `duties`), which asks `check` for the
//! occurrences no record answers (`duty-missed`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::fields::Reader;
use crate::base::catalog::{Locale, Portfolio, Schedule};
use crate::base::diagnostic::{Diagnostic, Span, closest};
use crate::base::model::Agreement;
use crate::base::model::records::{Record, RecordSettings, duty_name};
use crate::base::period::Length;
use crate::base::tree::Tree;
use crate::base::yaml::{Node, Value};

/// The project's folder of records: not versioned (records come after a release is signed), read
/// from the working tree.
pub const DIR: &str = "records";

/// The finding code of a record that cannot be read or answers no duty's date.
pub const CODE: &str = "records";

/// The keys of a record.
const KEYS: [&str; 5] = ["duty", "date", "by", "files", "note"];

/// The file of the project's settings for records, in [`DIR`]: from when, with what grace, for
/// which duties.
pub const SETTINGS: &str = "_index.yaml";

/// The keys of [`SETTINGS`].
const SETTING_KEYS: [&str; 3] = ["from", "grace", "duties"];

/// How long a record may come after its date, unless `records.grace` says.
const GRACE: Length = Length::Days(7);

/// Every record of `records/` in `tree` and the settings of `records/_index.yaml`, checked
/// against `agreement`'s duties and schedules, sorted by duty and date.
pub(super) fn read(
    tree: &dyn Tree,
    agreement: &Agreement,
    l: Locale,
) -> (Vec<Record>, Option<RecordSettings>, Vec<Diagnostic>) {
    let dir = Path::new(DIR);
    let (mut records, mut found) = (Vec::new(), Vec::new());
    if !tree.has_dir(dir) {
        return (records, None, found);
    }
    let settings_file = dir.join(SETTINGS);
    let (files, links) = tree.files_and_links(dir).unwrap_or_default();
    found.extend(links.iter().map(|link| crate::base::tree::link_skipped(link, l)));
    let kept: HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut seen: HashSet<((usize, usize), NaiveDate)> = HashSet::new();
    let mut kept_settings = None;
    for file in files.iter().filter(|f| is_yaml(f)) {
        let node = match super::schedules::yaml_file(tree, file, CODE, l) {
            Ok(node) => node,
            Err(d) => {
                found.push(*d);
                continue;
            }
        };
        let mut reader = Reader::with_locale(file, l);
        if *file == settings_file {
            kept_settings = settings(&mut reader, &node, agreement);
        } else if let Some(record) = one(&mut reader, &node, agreement, &kept) {
            if !seen.insert((record.duty, record.date)) {
                let span = node.get("date").map_or(node.span, |e| e.value.span);
                reader.warning(CODE, span, l.msg(Schedule::RecordTwice { date: &record.date }), None);
            }
            records.push(record);
        }
        found.append(&mut reader.diagnostics);
    }
    records.sort_by(|a, b| (a.duty, a.date, &a.file).cmp(&(b.duty, b.date, &b.file)));
    (records, kept_settings, found)
}

/// One record file's fields, each checked.
fn one(reader: &mut Reader, node: &Node, agreement: &Agreement, kept: &HashSet<&Path>) -> Option<Record> {
    let l = reader.locale;
    let Value::Map(entries) = &node.value else {
        reader.error_as(CODE, node.span, l.msg(Schedule::RecordNotMapping), String::new());
        return None;
    };
    for e in entries.iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        let hint = closest(&e.key, KEYS).map(|c| l.did_you_mean(c));
        reader.warning("unknown-field", e.key_span, l.msg(Portfolio::UnknownKey { key: &e.key }), hint);
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let (name, date, by) =
        (reader.text("duty", get("duty")), reader.date("date", get("date")), reader.text("by", get("by")));
    let note = reader.text("note", get("note"));
    for (key, missing) in [("duty", name.is_none()), ("date", date.is_none()), ("by", by.is_none())] {
        if missing && get(key).is_none() {
            reader.error_as(CODE, node.span, l.msg(Schedule::RecordNeeds { key: &key }), String::new());
        }
    }
    // Who and the remark are shown on pages: a name, and text without control characters.
    for (key, text) in [("by", &by), ("note", &note)] {
        let spoken = text.as_deref().is_none_or(|t| !t.trim().is_empty() && !crate::base::escape::has_control(t));
        if !spoken || (key == "by" && text.is_none() && get(key).is_some()) {
            let span = get(key).map_or(node.span, |n| n.span);
            reader.error_as(CODE, span, l.msg(Schedule::RecordSays { key: &key }), String::new());
        }
    }
    let mut files = Vec::new();
    for (f, n) in reader.texts("files", get("files")).into_iter().zip(get("files").map_or(&[][..], Node::one_or_many)) {
        if !plain_name(&f) || !kept.contains(Path::new(DIR).join(&f).as_path()) {
            reader.error_as(
                CODE,
                n.span,
                l.msg(Schedule::RecordFileMissing { name: &f }),
                l.msg(Schedule::RecordFileBeside),
            );
        }
        files.push(f);
    }
    let span = get("duty").map_or(node.span, |n| n.span);
    let duty = resolve(reader, agreement, &name?, span)?;
    let date = date?;
    occurs(reader, agreement, duty, date, get("date").map_or(node.span, |n| n.span));
    Some(Record { file: reader.file().to_path_buf(), duty, date, by: by?, files, note })
}

/// Whether `name` is a file name a record may name (and `record` may give a copy): one name in
/// `records/`, without a folder, a backslash, a control character or a direction mark, and not a
/// YAML file.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\'])
        && name != "."
        && name != ".."
        && !crate::base::escape::has_control(name)
        // Direction marks and overrides make a name read as another (`txt.exe` shown as `exe.txt`).
        && !name.chars().any(|c| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        // records/ reads its YAML files as records (and `_index.yaml` as its settings).
        && !is_yaml(Path::new(name))
}

/// Whether `file` is a YAML file (`.yaml` or `.yml`, in any case): one `records/` reads.
fn is_yaml(file: &Path) -> bool {
    file.extension().is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
}

/// `CLAUSE#DUTY` (the duty's id or its place from 1) as (clause, duty) indexes, else an error at
/// `span` with the closest name.
fn resolve(reader: &mut Reader, agreement: &Agreement, name: &str, span: Span) -> Option<(usize, usize)> {
    match duty_named(agreement, name, reader.locale) {
        Ok(duty) => Some(duty),
        Err((message, hint)) => {
            reader.error_as(CODE, span, message, hint);
            None
        }
    }
}

/// The duty `CLAUSE#DUTY` names (its id, or its place from 1) as (clause, duty) indexes, else
/// why not and the closest name (or the clause's duties) as a hint.
pub fn duty_named(agreement: &Agreement, name: &str, l: Locale) -> Result<(usize, usize), (String, String)> {
    let (clause, key) = name.split_once('#').unwrap_or((name, ""));
    let Some(i) = agreement.clauses.iter().position(|c| c.id == clause) else {
        let hint = closest(clause, agreement.clauses.iter().map(|c| c.id.as_str())).map(|c| l.did_you_mean(c));
        return Err((l.msg(Schedule::NoSuchClause { name: &name }), hint.unwrap_or_default()));
    };
    let c = &agreement.clauses[i];
    // Its id, else its place written as `weekly-meeting#3` (not `#03` or `#+3`).
    let found = c
        .duties
        .iter()
        .position(|d| d.id.as_deref() == Some(key))
        .or_else(|| c.duties.iter().position(|d| d.position.to_string() == key));
    found.map(|j| (i, j)).ok_or_else(|| {
        let names: Vec<String> = c.duties.iter().map(|d| duty_name(&c.id, d.id.as_deref(), d.position)).collect();
        let hint = closest(name, names.iter().map(String::as_str)).map(|n| l.did_you_mean(n));
        let all = l.msg(Schedule::DutiesOfClause { names: &names.join(", ") });
        (l.msg(Schedule::NoSuchDuty { name: &name }), hint.unwrap_or(all))
    })
}

/// A record's date must be one of its duty's dates.
fn occurs(reader: &mut Reader, agreement: &Agreement, duty: (usize, usize), date: NaiveDate, span: Span) {
    if let Err((message, hint)) = is_a_date_of(agreement, duty, date, reader.locale) {
        reader.error_as(CODE, span, message, hint);
    }
}

/// Whether `date` is a date of `duty` a record may answer, else why not with its nearest dates:
/// any date of a duty without a schedule, and any date before its clause's `revised:` (the
/// schedule in force then may have been another, and a changed cadence does not make an older
/// record wrong).
pub fn is_a_date_of(
    agreement: &Agreement,
    (i, j): (usize, usize),
    date: NaiveDate,
    l: Locale,
) -> Result<(), (String, String)> {
    let (c, d) = (&agreement.clauses[i], &agreement.clauses[i].duties[j]);
    let start = d.since.or(agreement.period.as_ref().filter(|_| d.before_end.is_some()).map(|p| p.start));
    if let Some(start) = start.or(agreement.effective).filter(|s| date < *s) {
        return Err((l.msg(Schedule::BeforeDutyStarts { date: &date, start: &start }), String::new()));
    }
    let (Some(_), Some(written)) = (d.by_deadline(), &d.cadence) else {
        // A duty done once: its `due` date, when it has one.
        return match d.due {
            Some(due) if due != date => Err((l.msg(Schedule::NotTheDueDate { date: &date, due: &due }), String::new())),
            _ => Ok(()),
        };
    };
    if c.revised.is_some_and(|r| date < r) || agreement.duty_dates(c, d, (date, date), date).contains(&date) {
        return Ok(());
    }
    let around = (date.checked_sub_days(chrono::Days::new(400)), date.checked_add_days(chrono::Days::new(400)));
    let near = match around {
        (Some(from), Some(to)) => agreement.duty_dates(c, d, (from, to), date),
        _ => Vec::new(),
    };
    let before = near.iter().rev().find(|x| **x < date);
    let after = near.iter().find(|x| **x > date);
    let hint = match (before, after) {
        (Some(before), Some(after)) => l.msg(Schedule::NearestDates { before, after }),
        (Some(one), None) | (None, Some(one)) => l.msg(Schedule::NearestDate { date: one }),
        (None, None) => String::new(),
    };
    Err((l.msg(Schedule::NotADateOf { date: &date, cadence: written }), hint))
}

/// `records/_index.yaml` (`node`): from when, with what grace, for which duties.
fn settings(reader: &mut Reader, node: &Node, agreement: &Agreement) -> Option<RecordSettings> {
    let l = reader.locale;
    let Value::Map(entries) = &node.value else {
        reader.error(node.span, l.msg(Schedule::RecordSettingsNotMapping), None);
        return None;
    };
    for e in entries.iter().filter(|e| !SETTING_KEYS.contains(&e.key.as_str())) {
        let hint = closest(&e.key, SETTING_KEYS).map(|c| l.did_you_mean(c));
        reader.warning("unknown-field", e.key_span, l.msg(Portfolio::UnknownKey { key: &e.key }), hint);
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let from = reader.date("from", get("from"));
    let grace = get("grace").and_then(|n| super::period::length(reader, "grace", n)).unwrap_or(GRACE);
    let mut duties = Vec::new();
    for (name, n) in
        reader.texts("duties", get("duties")).into_iter().zip(get("duties").map_or(&[][..], Node::one_or_many))
    {
        let Some((i, j)) = resolve(reader, agreement, &name, n.span) else { continue };
        if agreement.clauses[i].duties[j].by_deadline().is_none() {
            reader.warning(CODE, n.span, l.msg(Schedule::RecordsOfNoDates { name: &name }), None);
        }
        duties.push((i, j));
    }
    Some(RecordSettings { file: reader.file().to_path_buf(), from, grace, duties })
}
