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

/// `records:` in `_index.md`: from when the parties keep records, how long after a date a record
/// may come, and which duties (all that recur, when none are named).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordSettings {
    /// The first day records are kept for (else the agreement's `effective` date).
    pub from: Option<NaiveDate>,
    /// How long after its date an occurrence may wait for its record.
    pub grace: Length,
    /// The duties records are kept for (clause index, duty index); empty: every recurring duty.
    pub duties: Vec<(usize, usize)>,
    /// Where `records:` is written in `_index.md`.
    pub span: crate::base::diagnostic::Span,
}

/// A duty's name in records and on the command line: `CLAUSE#ID`, or `CLAUSE#N` (its position).
pub fn duty_name(clause: &str, id: Option<&str>, position: usize) -> String {
    match id {
        Some(id) => format!("{clause}#{id}"),
        None => format!("{clause}#{position}"),
    }
}
