//! The messages of schedules: cadences, the working-day calendar, a duty's start.

use std::fmt::Display;

/// A message of schedules; its words are in `zh/schedule.rs` and `en/schedule.rs`.
pub enum Schedule<'a> {
    /// Did you mean `{form}`? docs/obligations.md lists every form understood
    NearestForm { form: &'a dyn Display },
    /// Unknown `on_holiday` value `{word}`
    UnknownOnHoliday { word: &'a dyn Display },
    /// `on_holiday` is one of: {words}
    OnHolidayWords { words: &'a dyn Display },
    /// The cadence `{written}` counts every few periods from the duty's start, and no start is written
    CadenceNeedsStart { written: &'a dyn Display },
    /// Say when it starts: `since: 2026-01-07` on the duty, or `effective:` in content/_index.md
    SayWhenStarts,
    /// A calendar file is a mapping: `year`, `holidays`, `workdays`, `source`
    CalendarNotMapping,
    /// A calendar file says the year it covers: `year: 2026`
    CalendarNeedsYear,
    /// `{written}` is not a date or a range of dates
    CalendarBadDay { written: &'a dyn Display },
    /// Write a date (`2026-10-01`) or a range (`2026-10-01 ~ 2026-10-07`)
    CalendarDayForms,
    /// The year {year} is covered by another calendar file too
    CalendarYearTwice { year: &'a dyn Display },
    /// {date} is listed both as a holiday and as a working day
    CalendarDayBoth { date: &'a dyn Display },
    /// No working-day calendar: working days are Monday to Friday, and holidays are working days
    WorkdaysMondayFriday,
    /// List the holidays and make-up working days (调休) of each year in `calendar/<year>.yaml` (docs/obligations.md)
    AddCalendarFile,
    /// The working-day calendar ends on {date}: after it, working days are Monday to Friday
    WorkdaysEnd { date: &'a dyn Display },
    /// Add the next year's holidays to `calendar/` when they are published
    AddNextYear,
}
