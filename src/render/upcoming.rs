//! What is coming: the next days' recurring obligations, deadlines, reviews and due dates, by
//! date, and what is overdue, from `today` — for the upcoming page and each party's page.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::records::{RecordView, kept};
use super::views::{ClauseRef, Views};
use crate::base::model::Status;

/// How many days the upcoming page looks ahead (today included).
pub(super) const DAYS: u64 = 90;

/// How many items a page lists at most (of the overdue ones, and of the coming ones): an agreement
/// with thousands of weekly duties would otherwise make a page of tens of megabytes; the rest are
/// counted, and the calendars have them all.
pub(super) const MOST: usize = 2000;

/// One dated thing to do.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct Entry<'a> {
    /// The day.
    pub date: NaiveDate,
    /// `obligation` (a recurring duty on its day), `deadline` (a recurring duty due by that
    /// day), `due` (a duty's due date) or `review` (a clause's review date).
    pub kind: &'static str,
    /// What is to be done (a duty's text, or the clause's title for a review).
    pub text: &'a str,
    /// The time of day (`14:00`), for a recurring duty that has one.
    #[serde(serialize_with = "hours_minutes")]
    pub time: Option<chrono::NaiveTime>,
    /// The cadence as written.
    pub cadence: Option<&'a str>,
    /// The clause it comes from.
    #[serde(skip)]
    pub clause: usize,
    /// Who must do it (a party id), when the agreement names a party.
    pub owner: Option<&'a str>,
    /// Its date has passed.
    pub overdue: bool,
    /// Where it stands with the records of a recurring duty whose records are kept: `done`,
    /// `missed`, `due` (today or later) or `pending` (past, within the grace for its record).
    pub kept: Option<&'static str>,
    /// The record that answers it.
    pub record: Option<RecordView<'a>>,
}

/// A time of day as pages show it: `14:00`.
fn hours_minutes<S: serde::Serializer>(time: &Option<chrono::NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
        None => s.serialize_none(),
    }
}

/// One dated thing to do, as the render holds it until a page lists it: where it comes from,
/// not its text (an agreement with 100,000 weekly duties has well over a million of these).
#[derive(Debug, Clone, Copy)]
pub(super) struct Item {
    date: NaiveDate,
    clause: u32,
    /// The duty, or [`REVIEW`] for the clause's review date.
    duty: u16,
    /// `review`, `due`, `obligation` or `deadline` (as [`Entry::kind`]).
    kind: &'static str,
    overdue: bool,
    /// A date before today of a duty whose records are kept: what was done (and missed).
    past: bool,
}

/// [`Item::duty`] of a review.
const REVIEW: u16 = u16::MAX;

/// [`Item::clause`] of the agreement's period (its notice deadline and its end).
const PERIOD: u32 = u32::MAX;

/// Everything from `today` for [`DAYS`] days, every due date and review already past, and of
/// the duties whose records are kept every date missed and the other dates of the last [`DAYS`]
/// days, sorted by date, time and clause.
pub(super) fn entries(shown: &Views<'_>) -> Vec<Item> {
    let agreement = shown.agreement;
    let today = shown.today;
    let end = today.checked_add_days(chrono::Days::new(DAYS - 1)).unwrap_or(today);
    let back = today.checked_sub_days(chrono::Days::new(DAYS)).unwrap_or(today);
    let (mut out, mut passed) = (Vec::new(), Vec::new());
    for (i, c) in agreement.clauses.iter().enumerate().filter(|(_, c)| c.status != Status::Retired && !c.placeholder) {
        let mut push = |date: NaiveDate, duty: u16, kind| {
            if date <= end {
                out.push(Item { date, clause: i as u32, duty, kind, overdue: date < today, past: false });
            }
        };
        if let Some(date) = c.review_by {
            push(date, REVIEW, "review");
        }
        for (j, d) in c.duties.iter().enumerate().take(usize::from(REVIEW)) {
            // A due date with a record is done: no longer overdue.
            if let Some(date) = d.due.filter(|due| *due >= today || agreement.record_of((i, j), *due).is_none()) {
                push(date, j as u16, "due");
            }
            let Some(deadline) = d.by_deadline() else { continue };
            let kind = if deadline { "deadline" } else { "obligation" };
            for date in agreement.duty_dates(c, d, (today, end), today) {
                push(date, j as u16, kind);
            }
            let Some(from) = agreement.recorded_from((i, j), today) else { continue };
            let Some(yesterday) = today.pred_opt() else { continue };
            // Every missed date (as `check` reports them), and the others of the last 90 days.
            for date in agreement.duty_dates(c, d, (from, yesterday), today) {
                let missed = kept(agreement, (i, j), date, today).is_some_and(|(k, _)| k == "missed");
                if missed || date >= back {
                    passed.push(Item { date, clause: i as u32, duty: j as u16, kind, overdue: missed, past: true });
                }
            }
        }
    }
    out.append(&mut passed);
    if let Some(p) = &agreement.period {
        for (date, mark) in super::period::marks(p, today).into_iter().filter(|(d, _)| *d >= today && *d <= end) {
            let kind = match mark {
                super::period::Mark::Notice => "notice",
                super::period::Mark::End => "end",
            };
            out.push(Item { date, clause: PERIOD, duty: 0, kind, overdue: false, past: false });
        }
    }
    // The time of day of a recurring duty's item.
    let time = |e: &Item| match e.kind {
        "obligation" | "deadline" => agreement.clauses[e.clause as usize].duties[usize::from(e.duty)].schedule?.time,
        _ => None,
    };
    out.sort_by_cached_key(|e| (e.date, time(e), e.clause));
    out
}

/// An item with what it says: its kind, text, time, cadence and owner.
fn entry<'a>(shown: &Views<'a>, e: &Item) -> Entry<'a> {
    let agreement = shown.agreement;
    if let (PERIOD, Some(p)) = (e.clause, &agreement.period) {
        let mark = if e.kind == "notice" { super::period::Mark::Notice } else { super::period::Mark::End };
        let text = shown.lang.word(super::period::word(p, mark));
        let clause = usize::MAX;
        return Entry {
            date: e.date,
            kind: e.kind,
            text,
            time: None,
            cadence: None,
            clause,
            owner: None,
            overdue: false,
            kept: None,
            record: None,
        };
    }
    let c = &agreement.clauses[e.clause as usize];
    let owner = |named: Option<usize>| named.map(|p| agreement.parties[p].id.as_str());
    let base = Entry {
        date: e.date,
        kind: e.kind,
        text: &c.title,
        time: None,
        cadence: None,
        clause: e.clause as usize,
        owner: owner(c.named.owner),
        overdue: e.overdue,
        kept: None,
        record: None,
    };
    if e.duty == REVIEW {
        return base;
    }
    let j = usize::from(e.duty);
    let d = &c.duties[j];
    let owner = owner(c.named.duty_owners.get(j).copied().flatten());
    let (kept, record) = kept(agreement, (e.clause as usize, j), e.date, shown.today).unzip();
    let record = record.flatten().map(RecordView::of);
    if e.kind == "due" || d.by_deadline().is_none() {
        // A date done once is marked only when done.
        return Entry { text: &d.text, owner, kept: kept.filter(|k| *k == "done"), record, ..base };
    }
    let time = d.schedule.and_then(|rule| rule.time);
    Entry { text: &d.text, time, cadence: d.cadence.as_deref(), owner, kept, record, ..base }
}

/// Where the period's items come from: the agreement's front page, where the period is shown.
fn period_ref(shown: &Views<'_>) -> ClauseRef {
    ClauseRef {
        id: String::new(),
        label: shown.lang.word("period").to_string(),
        title: shown.agreement.title.clone(),
        url: "index.html#period".into(),
    }
}

/// An entry as a page shows it: with its clause and owner as links.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct EntryView<'a> {
    #[serde(flatten)]
    entry: Entry<'a>,
    clause: ClauseRef,
    owner_name: Option<String>,
}

/// One day of the upcoming page.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct Day<'a> {
    date: NaiveDate,
    weekday: &'static str,
    today: bool,
    entries: Vec<EntryView<'a>>,
}

/// What a page lists: the overdue items, the coming ones by day, and how many were left out.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct Listing<'a> {
    /// Items whose date has passed.
    pub overdue: Vec<EntryView<'a>>,
    /// The coming items, by day.
    pub days: Vec<Day<'a>>,
    /// The dates passed of duties whose records are kept, done or waiting for their record
    /// within the grace (the missed ones are overdue), the newest first.
    pub recent: Vec<EntryView<'a>>,
    /// How many items were left out beyond `most`.
    pub more: usize,
}

/// `entries` (of `party` alone, when given) as pages show them: at most `most` overdue ones, then
/// at most `most` coming ones by day.
pub(super) fn views<'a>(shown: &Views<'a>, items: &[Item], party: Option<&str>, most: usize) -> Listing<'a> {
    let agreement = shown.agreement;
    let view = |e: &Entry<'a>| EntryView {
        entry: e.clone(),
        clause: match agreement.clauses.get(e.clause) {
            Some(c) => shown.clause_ref(c),
            None => period_ref(shown),
        },
        owner_name: e.owner.and_then(|id| agreement.party(id)).map(|p| p.name.clone()),
    };
    // Who must do an item, without making its entry (a listing looks at every item); the
    // period's dates concern every party.
    let owner = |e: &Item| {
        let c = agreement.clauses.get(e.clause as usize)?;
        let named = match e.duty {
            REVIEW => c.named.owner,
            j => c.named.duty_owners.get(usize::from(j)).copied().flatten(),
        };
        named.map(|p| agreement.parties[p].id.as_str())
    };
    let wanted = |e: &&Item| e.clause == PERIOD || party.is_none_or(|p| owner(e) == Some(p));
    let overdue_all = items.iter().filter(|e| e.overdue).filter(wanted).count();
    let coming = |e: &&Item| !e.overdue && !e.past;
    let coming_all = items.iter().filter(coming).filter(wanted).count();
    let recent = items.iter().rev().filter(|e| e.past && !e.overdue).filter(wanted);
    let recent_all = recent.clone().count();
    let recent = recent.take(most).map(|e| view(&entry(shown, e))).collect();
    let overdue = items.iter().filter(|e| e.overdue).filter(wanted).take(most);
    let overdue = overdue.map(|e| view(&entry(shown, e))).collect();
    let mut days: Vec<Day> = Vec::new();
    for e in items.iter().filter(coming).filter(wanted).take(most) {
        let e = &entry(shown, e);
        match days.last_mut() {
            Some(day) if day.date == e.date => day.entries.push(view(e)),
            _ => days.push(Day {
                date: e.date,
                weekday: shown.lang.weekday(e.date.weekday()),
                today: e.date == shown.today,
                entries: vec![view(e)],
            }),
        }
    }
    let more = [overdue_all, coming_all, recent_all].iter().map(|n| n.saturating_sub(most)).sum();
    Listing { overdue, days, recent, more }
}
