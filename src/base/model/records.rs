//! Evidence that a duty was done: one record per occurrence in `records/` (which duty, which
//! date, who, the files kept beside it), and `records:` in `_index.md`, which asks `check` to
//! report the occurrences no record answers (`duty-missed`).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::base::period::Length;

/// One record: a duty done on one of its dates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// The file, relative to the project root (`records/2026-12-02-weekly-meeting-1.yaml`).
    pub file: PathBuf,
    /// The clause (its index in the agreement) and the duty (its index in the clause).
    pub duty: (usize, usize),
    /// The occurrence it answers.
    pub date: NaiveDate,
    /// Who did it, or records it.
    pub by: String,
    /// The attachments, file names in `records/` (`2026-12-02-minutes.pdf`).
    pub files: Vec<String>,
    /// A remark.
    pub note: Option<String>,
}

/// `records/_index.yaml`: from when the parties keep records, how long after a date a record
/// may come, and which duties (all that recur, when none are named).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordSettings {
    /// Its file, relative to the project root.
    pub file: PathBuf,
    /// The first day records are kept for (else the agreement's `effective` date).
    pub from: Option<NaiveDate>,
    /// How long after its date an occurrence may wait for its record.
    pub grace: Length,
    /// The duties records are kept for (clause index, duty index); empty: every recurring duty.
    pub duties: Vec<(usize, usize)>,
}

/// A duty's name in records and on the command line: `CLAUSE#ID`, or `CLAUSE#N` (its position).
pub fn duty_name(clause: &str, id: Option<&str>, position: usize) -> String {
    match id {
        Some(id) => format!("{clause}#{id}"),
        None => format!("{clause}#{position}"),
    }
}

/// Where one date of a duty stands with its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing<'a> {
    /// A record answers it.
    Done(&'a Record),
    /// Its date and the grace after it have passed without a record (with a grace of 3 days, the
    /// record of 26 November may come until the 29th).
    Missed,
    /// Not recorded yet, and still in time: today or later, or within the grace.
    Due,
}

impl Standing<'_> {
    /// Its name on pages and in data, for its `date` on `today`: `done`, `missed`, `due` (today
    /// or later) or `pending` (past, its record still in time).
    pub fn name(&self, date: NaiveDate, today: NaiveDate) -> &'static str {
        match self {
            Standing::Done(_) => "done",
            Standing::Missed => "missed",
            Standing::Due if date < today => "pending",
            Standing::Due => "due",
        }
    }
}

impl super::Agreement {
    /// The records of duty `(clause, duty)`, by date.
    pub fn records_of(&self, duty: (usize, usize)) -> &[Record] {
        let start = self.records.partition_point(|r| r.duty < duty);
        let end = self.records.partition_point(|r| r.duty <= duty);
        &self.records[start..end]
    }

    /// The record of duty `(clause, duty)` that answers `date`, if one does.
    pub fn record_of(&self, duty: (usize, usize), date: NaiveDate) -> Option<&Record> {
        let records = self.records_of(duty);
        records.binary_search_by_key(&date, |r| r.date).ok().map(|k| &records[k])
    }

    /// The first date of duty `(clause, duty)` that needs a record, when `records/_index.yaml`
    /// asks for its records: `from`, but not before the duty starts, nor before the clause's
    /// `revised:` date (the schedule in force before it may have been another).
    pub fn recorded_from(&self, (i, j): (usize, usize), today: NaiveDate) -> Option<NaiveDate> {
        let settings = self.record_settings.as_ref()?;
        let (c, d) = (self.clauses.get(i)?, self.clauses.get(i)?.duties.get(j)?);
        if d.by_deadline().is_none() || c.status == super::Status::Retired {
            return None;
        }
        if !settings.duties.is_empty() && !settings.duties.contains(&(i, j)) {
            return None;
        }
        let start = self.duty_start(c, d, today)?;
        Some([settings.from, c.revised].into_iter().flatten().fold(start, NaiveDate::max))
    }

    /// Where `date` of duty `(clause, duty)` stands on `today`: done when a record answers it,
    /// else missed or due when the duty's records are asked for from that date, else nothing.
    pub fn standing(&self, duty: (usize, usize), date: NaiveDate, today: NaiveDate) -> Option<Standing<'_>> {
        if let Some(record) = self.record_of(duty, date) {
            return Some(Standing::Done(record));
        }
        let from = self.recorded_from(duty, today)?;
        let grace = self.record_settings.as_ref()?.grace;
        match grace.before(today) {
            _ if date < from => None,
            Some(until) if date < until => Some(Standing::Missed),
            _ => Some(Standing::Due),
        }
    }
}
