//! The agreement's period of validity as the site shows it: the line on the front page (its
//! dates, renewal and notice deadline, and the stretch in force), and its two dates — the notice
//! deadline and the end — for the upcoming page and the calendars.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::catalog::Locale;
use crate::base::model::Agreement;
use crate::base::period::{Length, Period, Renewal};

/// What the front page (and a portfolio's portal) says of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodView {
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day, before any renewal.
    pub end: NaiveDate,
    /// How long a renewal lasts (`1年`), when it renews itself.
    pub renews_for: Option<String>,
    /// The last day to give notice before the stretch in force ends.
    pub notice_by: Option<NaiveDate>,
    /// Whether it renews itself (the notice stops a renewal, else it prepares the end).
    pub renews: bool,
    /// The stretch in force, when it is a renewal (number, first and last day).
    pub renewal: Option<(u32, NaiveDate, NaiveDate)>,
    /// It has ended without renewal.
    pub expired: bool,
}

/// The period as the front page shows it on `today`.
pub fn view(agreement: &Agreement, today: NaiveDate) -> Option<PeriodView> {
    let p = agreement.period.as_ref()?;
    let l = Locale::of(&agreement.language);
    let stretch = p.stretch_on(today);
    Some(PeriodView {
        start: p.start,
        end: p.end,
        renews_for: p.renew_for.filter(|_| p.renewal == Renewal::Auto).map(|len| words(len, l)),
        notice_by: p.notice_by(&stretch),
        renews: p.renewal == Renewal::Auto,
        renewal: (stretch.number > 1).then_some((stretch.number, stretch.start, stretch.end)),
        expired: p.expired(today),
    })
}

/// A length in the agreement's words: `3个月`, `1 year`.
pub(super) fn words(len: Length, l: Locale) -> String {
    let (n, zh, en) = match len {
        Length::Days(n) => (n, "天", "day"),
        Length::Weeks(n) => (n, "周", "week"),
        Length::Months(n) => (n, "个月", "month"),
        Length::Years(n) => (n, "年", "year"),
    };
    match l {
        Locale::Zh => format!("{n}{zh}"),
        Locale::En if n == 1 => format!("1 {en}"),
        Locale::En => format!("{n} {en}s"),
    }
}

/// One of the period's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Mark {
    /// The last day to give notice before a renewal (or before the end).
    Notice,
    /// The last day of the stretch in force.
    End,
}

/// The period's dates in `today`'s stretch: its notice deadline and its end.
pub(super) fn marks(p: &Period, today: NaiveDate) -> Vec<(NaiveDate, Mark)> {
    let stretch = p.stretch_on(today);
    let notice = p.notice_by(&stretch).map(|d| (d, Mark::Notice));
    notice.into_iter().chain([(stretch.end, Mark::End)]).collect()
}

/// The UI word that names `mark` of `p`: a notice before a renewal, or before an end.
pub(super) fn word(p: &Period, mark: Mark) -> &'static str {
    match (mark, p.renewal) {
        (Mark::Notice, Renewal::Auto) => "period_notice_event",
        (Mark::Notice, Renewal::None) => "period_notice_end_event",
        (Mark::End, Renewal::Auto) => "period_renews_event",
        (Mark::End, Renewal::None) => "period_end_event",
    }
}
