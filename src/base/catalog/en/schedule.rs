//! The English words of [`Schedule`]: one arm per message, so that none can be missing.

use crate::base::catalog::Schedule;

/// The English text of `m`.
pub(super) fn text(m: &Schedule) -> String {
    match m {
        Schedule::NearestForm { form } => format!("did you mean `{form}`? docs/obligations.md lists every form understood"),
        Schedule::UnknownOnHoliday { word } => format!("unknown `on_holiday` value `{word}`"),
        Schedule::OnHolidayWords { words } => format!("`on_holiday` is one of: {words}"),
        Schedule::CadenceNeedsStart { written } => format!("the cadence `{written}` counts every few periods from the duty's start, and no start is written: no calendar has it"),
        Schedule::SayWhenStarts => "say when it starts: `since: 2026-01-07` on the duty, or `effective:` in content/_index.md".into(),
        Schedule::CalendarNotMapping => "a calendar file is a mapping: `year`, `holidays`, `workdays`, `source`".into(),
        Schedule::CalendarNeedsYear => "a calendar file says the year it covers (1900–9999): `year: 2026`".into(),
        Schedule::CalendarBadDay { written } => format!("`{written}` is not a date or a range of dates"),
        Schedule::CalendarDayForms => "write a date (`2026-10-01`) or a range (`2026-10-01 ~ 2026-10-07`)".into(),
        Schedule::CalendarYearTwice { year } => format!("the year {year} is covered by another calendar file too"),
        Schedule::CalendarDayBoth { date } => format!("{date} is listed both as a holiday and as a working day"),
        Schedule::WorkdaysMondayFriday => "no working-day calendar: working days are Monday to Friday, and holidays are working days".into(),
        Schedule::AddCalendarFile => "list the holidays and make-up working days (调休) of each year in `calendar/<year>.yaml` (docs/obligations.md)".into(),
        Schedule::WorkdaysEnd { date } => format!("the working-day calendar ends on {date}: after it, working days are Monday to Friday"),
        Schedule::AddNextYear => "add the next year's holidays to `calendar/` when they are published".into(),
        Schedule::PeriodNotMapping => "`period` is a mapping: `start`, `end`, `renewal`, `renew_for`, `notice`, `remind`, `warn`".into(),
        Schedule::PeriodNeedsEnd => "`period` needs its `end`, the last day of the agreement (`end: 2026-12-31`)".into(),
        Schedule::PeriodNeedsStart => "`period` needs its `start`, or `effective:` in content/_index.md".into(),
        Schedule::PeriodEndsBeforeStart { start, end } => format!("the period ends ({end}) before it starts ({start})"),
        Schedule::UnknownRenewal { word } => format!("unknown `renewal` value `{word}`: `auto` (it renews unless notice is given) or `none`"),
        Schedule::RenewalNeedsLength => "`renewal: auto` needs `renew_for`, how long each renewal lasts (`renew_for: 1年`)".into(),
        Schedule::LengthNotUnderstood { name, written } => format!("`{name}: {written}` is not a length of time"),
        Schedule::LengthForms => "write a number and a unit: `30天`, `2周`, `3个月`, `1年`, `30 days`, `1 year`".into(),
        Schedule::NoticeDue { date, days, renews } => format!("the notice deadline is {date}, in {days} days: to stop the renewal on {renews}, give notice by then"),
        Schedule::EndsSoon { date, days } => format!("the agreement ends on {date}, in {days} days, and does not renew"),
        Schedule::NoticeHint => "to stop the renewal, notify the other party in writing before then; to renew, nothing is to be done".into(),
        Schedule::AgreeWhatFollows => "agree on what follows (a new period, or the agreement's end) and write it in `period:`".into(),
        Schedule::Expired { date } => format!("the agreement ended on {date} and does not renew"),
        Schedule::ExtendOrSilence => "extend `period.end` when the parties renew it, or say `rules: {period-expired: off}` for an agreement kept for the record".into(),
        Schedule::FormsInDocs => "docs/obligations.md lists every form understood".into(),
        Schedule::SomeMonthsLackDay { written, day } => format!("`{written}` names day {day} of the month, which some months lack: in those months the duty does not fall at all"),
        Schedule::SayLastDay => "for the last day of every month write `每月底` (`end of each month`)".into(),
        Schedule::OnHolidayContradicts { written, word } => format!("the cadence `{written}` says what happens on a holiday, and `on_holiday: {word}` says otherwise"),
        Schedule::OnHolidayOneWay => "say it once: in the cadence (`遇节假日顺延`) or in `on_holiday:`".into(),
        Schedule::DutyIdDigits => "an id of digits alone would be read as a duty's position (`CLAUSE#2`) and share that duty's calendar events: add a letter (`d2`, `weekly-report`)".into(),
        Schedule::CalendarDayOutsideYear { date, year } => format!("{date} is outside the year {year} this file covers"),
        Schedule::EventNameShared { name, other } => format!("the calendars would name this duty's events `{name}`, as a duty of clause `{other}`'s: a calendar keeps one of them"),
        Schedule::GiveDutyOwnId => "give the duty an id of its own (`id: weekly-report`)".into(),
    }
}
