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
        Schedule::CalendarNeedsYear => "a calendar file says the year it covers: `year: 2026`".into(),
        Schedule::CalendarBadDay { written } => format!("`{written}` is not a date or a range of dates"),
        Schedule::CalendarDayForms => "write a date (`2026-10-01`) or a range (`2026-10-01 ~ 2026-10-07`)".into(),
        Schedule::CalendarYearTwice { year } => format!("the year {year} is covered by another calendar file too"),
        Schedule::CalendarDayBoth { date } => format!("{date} is listed both as a holiday and as a working day"),
        Schedule::WorkdaysMondayFriday => "no working-day calendar: working days are Monday to Friday, and holidays are working days".into(),
        Schedule::AddCalendarFile => "list the holidays and make-up working days (调休) of each year in `calendar/<year>.yaml` (docs/obligations.md)".into(),
        Schedule::WorkdaysEnd { date } => format!("the working-day calendar ends on {date}: after it, working days are Monday to Friday"),
        Schedule::AddNextYear => "add the next year's holidays to `calendar/` when they are published".into(),
    }
}
