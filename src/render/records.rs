//! Records of duties done as pages show them: where each date of a duty stands (done, missed,
//! due), the record that answers it with links to its files, and a duty's history for its
//! clause's page.

use chrono::NaiveDate;
use serde::Serialize;

use crate::base::model::Agreement;
use crate::base::model::records::{Record, Standing};

/// A record as pages show it: who, a remark, and its files with their addresses on the site.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct RecordView<'a> {
    pub date: NaiveDate,
    pub by: &'a str,
    pub note: Option<&'a str>,
    pub files: Vec<FileLink<'a>>,
}

/// A file kept with a record: its name, and its address from the site's root.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct FileLink<'a> {
    pub name: &'a str,
    pub href: String,
}

/// Where the files of records are on a site: `records/` as in the project.
pub(super) const RECORDS: &str = "records";

impl<'a> RecordView<'a> {
    /// `record` as pages show it.
    pub(super) fn of(record: &'a Record) -> Self {
        let files = record
            .files
            .iter()
            .map(|name| FileLink { name, href: format!("{RECORDS}/{}", crate::base::escape::uri_path(name)) })
            .collect();
        RecordView { date: record.date, by: &record.by, note: record.note.as_deref(), files }
    }
}

/// Where `date` of duty `duty` stands on `today` as pages name it ([`Standing::name`]), with the
/// record answering it.
pub(super) fn kept(
    agreement: &Agreement,
    duty: (usize, usize),
    date: NaiveDate,
    today: NaiveDate,
) -> Option<(&'static str, Option<&Record>)> {
    let standing = agreement.standing(duty, date, today)?;
    let record = match standing {
        Standing::Done(r) => Some(r),
        _ => None,
    };
    Some((standing.name(date, today), record))
}

/// How many dates a duty's history lists on its clause's page, the newest first.
const ROWS: usize = 50;

/// How far back a duty's history looks for dates without a record.
const BACK: u64 = 366;

/// One duty's records as its clause's page shows them.
#[derive(Debug, Clone, Serialize)]
pub(super) struct History<'a> {
    /// The duty's text.
    pub text: &'a str,
    /// Its dates, the newest first: those with a record, and those of the last year that need one.
    pub rows: Vec<Row<'a>>,
    /// How many more dates than [`ROWS`] there were.
    pub more: usize,
}

/// One date of a duty's history.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Row<'a> {
    pub date: NaiveDate,
    /// `done`, `missed`, `pending` or `due` ([`kept`]).
    pub kept: &'static str,
    pub record: Option<RecordView<'a>>,
}

/// The histories of clause `i`'s duties that have records or need them (none for the others).
pub(super) fn histories(agreement: &Agreement, i: usize, today: NaiveDate) -> Vec<History<'_>> {
    let c = &agreement.clauses[i];
    let back = today.checked_sub_days(chrono::Days::new(BACK)).unwrap_or(today);
    let mut out = Vec::new();
    for (j, d) in c.duties.iter().enumerate() {
        let mut dates: Vec<NaiveDate> = agreement.records_of((i, j)).iter().map(|r| r.date).collect();
        if let (Some(from), Some(yesterday)) = (agreement.recorded_from((i, j), today), today.pred_opt()) {
            dates.extend(agreement.duty_dates(c, d, (from.max(back), yesterday), today));
        }
        if dates.is_empty() {
            continue;
        }
        dates.sort_unstable_by(|a, b| b.cmp(a));
        dates.dedup();
        let more = dates.len().saturating_sub(ROWS);
        let rows = dates
            .into_iter()
            .take(ROWS)
            .filter_map(|date| {
                let (kept, record) = kept(agreement, (i, j), date, today)?;
                Some(Row { date, kept, record: record.map(RecordView::of) })
            })
            .collect();
        out.push(History { text: &d.text, rows, more });
    }
    out
}

/// The files of every record, by their path on the site (`records/纪要.txt`), from the
/// project's `records/` folder: each once, in order.
pub(super) fn files(agreement: &Agreement) -> Vec<String> {
    let mut names: Vec<&str> = agreement.records.iter().flat_map(|r| r.files.iter().map(String::as_str)).collect();
    names.sort_unstable();
    names.dedup();
    names.into_iter().map(|n| format!("{RECORDS}/{n}")).collect()
}
