//! What is coming: the next days' recurring obligations, deadlines, reviews and due dates, by
//! date, and what is overdue, from `today` — for the upcoming page and each party's page.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::views::{ClauseRef, Views};
use crate::model::Status;

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
}

/// A time of day as pages show it: `14:00`.
fn hours_minutes<S: serde::Serializer>(time: &Option<chrono::NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
        None => s.serialize_none(),
    }
}

/// Everything from `today` for [`DAYS`] days, and every due date and review already past, sorted
/// by date, time and clause.
pub(super) fn entries<'a>(shown: &Views<'a>) -> Vec<Entry<'a>> {
    let agreement = shown.agreement;
    let today = shown.today;
    let end = today.checked_add_days(chrono::Days::new(DAYS - 1)).unwrap_or(today);
    let mut out = Vec::new();
    for (i, c) in agreement.clauses.iter().enumerate().filter(|(_, c)| c.status != Status::Retired && !c.placeholder) {
        let owner_id = |named: Option<usize>| named.map(|p| agreement.parties[p].id.as_str());
        let mut push = |date: NaiveDate, kind, text: &'a str, time, cadence: Option<&'a String>, owner| {
            if date <= end {
                let overdue = date < today;
                out.push(Entry {
                    date,
                    kind,
                    text,
                    time,
                    cadence: cadence.map(String::as_str),
                    clause: i,
                    owner,
                    overdue,
                });
            }
        };
        if let Some(date) = c.review_by {
            push(date, "review", &c.title, None, None, owner_id(c.named.owner));
        }
        for (j, d) in c.duties.iter().enumerate() {
            let owner = owner_id(c.named.duty_owners.get(j).copied().flatten());
            if let Some(date) = d.due {
                push(date, "due", &d.text, None, None, owner);
            }
            let Some(rule) = d.schedule else { continue };
            let start = agreement.effective.or(c.revised).unwrap_or(today).max(today);
            let time = rule.time;
            let kind = if rule.deadline { "deadline" } else { "obligation" };
            for date in rule.dates(start, end) {
                push(date, kind, &d.text, time, d.cadence.as_ref(), owner);
            }
        }
    }
    out.sort_by(|a, b| (a.date, &a.time, a.clause).cmp(&(b.date, &b.time, b.clause)));
    out
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
    /// How many items were left out beyond `most`.
    pub more: usize,
}

/// `entries` (of `party` alone, when given) as pages show them: at most `most` overdue ones, then
/// at most `most` coming ones by day.
pub(super) fn views<'a>(shown: &Views<'a>, entries: &[Entry<'a>], party: Option<&str>, most: usize) -> Listing<'a> {
    let agreement = shown.agreement;
    let view = |e: &Entry<'a>| EntryView {
        entry: e.clone(),
        clause: shown.clause_ref(&agreement.clauses[e.clause]),
        owner_name: e.owner.and_then(|id| agreement.party(id)).map(|p| p.name.clone()),
    };
    let wanted = |e: &&Entry| party.is_none_or(|p| e.owner == Some(p));
    let overdue_all = entries.iter().filter(wanted).filter(|e| e.overdue).count();
    let coming_all = entries.iter().filter(wanted).filter(|e| !e.overdue).count();
    let overdue = entries.iter().filter(wanted).filter(|e| e.overdue).take(most).map(view).collect();
    let mut days: Vec<Day> = Vec::new();
    for e in entries.iter().filter(wanted).filter(|e| !e.overdue).take(most) {
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
    let more = overdue_all.saturating_sub(most) + coming_all.saturating_sub(most);
    Listing { overdue, days, more }
}
