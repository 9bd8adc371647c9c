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
    /// `period` is a mapping: `start`, `end`, `renewal`, `renew_for`, `notice`, `remind`, `warn`
    PeriodNotMapping,
    /// `period` needs its `end`, the last day of the agreement (`end: 2026-12-31`)
    PeriodNeedsEnd,
    /// `period` needs its `start`, or `effective:` in content/_index.md
    PeriodNeedsStart,
    /// The period ends ({end}) before it starts ({start})
    PeriodEndsBeforeStart { start: &'a dyn Display, end: &'a dyn Display },
    /// Unknown `renewal` value `{word}`: `auto` (it renews unless notice is given) or `none`
    UnknownRenewal { word: &'a dyn Display },
    /// `renewal: auto` needs `renew_for`, how long each renewal lasts (`renew_for: 1年`)
    RenewalNeedsLength,
    /// `{name}: {written}` is not a length of time
    LengthNotUnderstood { name: &'a dyn Display, written: &'a dyn Display },
    /// Write a number and a unit: `30天`, `2周`, `3个月`, `1年`, `30 days`, `1 year`
    LengthForms,
    /// The notice deadline is {date}, in {days} days: to stop the renewal on {renews}, give notice by then
    NoticeDue { date: &'a dyn Display, days: &'a dyn Display, renews: &'a dyn Display },
    /// The agreement ends on {date}, in {days} days, and does not renew
    EndsSoon { date: &'a dyn Display, days: &'a dyn Display },
    /// To stop the renewal, notify the other party in writing before then; to renew, nothing is to be done
    NoticeHint,
    /// Agree on what follows (a new period, or the agreement's end) and write it in `period:`
    AgreeWhatFollows,
    /// The agreement ended on {date} and does not renew
    Expired { date: &'a dyn Display },
    /// Extend `period.end` when the parties renew it, or say `rules: {period-expired: off}` for an agreement kept for the record
    ExtendOrSilence,
    /// docs/obligations.md lists every form understood
    FormsInDocs,
    /// `{written}` names day {day} of the month, which some months lack: in those months the duty does not fall at all
    SomeMonthsLackDay { written: &'a dyn Display, day: &'a dyn Display },
    /// For the last day of every month write `每月底` (`end of each month`)
    SayLastDay,
    /// The cadence `{written}` says what happens on a holiday, and `on_holiday: {word}` says otherwise
    OnHolidayContradicts { written: &'a dyn Display, word: &'a dyn Display },
    /// Say it once: in the cadence (`遇节假日顺延`) or in `on_holiday:`
    OnHolidayOneWay,
    /// An id of digits alone would be read as a duty's position (`CLAUSE#2`) and share that duty's calendar events: add a letter (`d2`, `weekly-report`)
    DutyIdDigits,
    /// {date} is outside the year {year} this file covers
    CalendarDayOutsideYear { date: &'a dyn Display, year: &'a dyn Display },
    /// The calendars would name this duty's events `{name}`, as a duty of clause `{other}`'s: a calendar keeps one of them
    EventNameShared { name: &'a dyn Display, other: &'a dyn Display },
    /// Give the duty an id of its own (`id: weekly-report`)
    GiveDutyOwnId,
    /// {date} is recorded twice for this duty
    RecordTwice { date: &'a dyn Display },
    /// A record is a mapping: `duty`, `date`, `by`, `files`, `note`
    RecordNotMapping,
    /// A record needs `{key}`
    RecordNeeds { key: &'a dyn Display },
    /// `{name}` is not a file in records/
    RecordFileMissing { name: &'a dyn Display },
    /// Keep the files a record names beside it in records/, and name them without a folder
    RecordFileBeside,
    /// `{name}` names no clause of the agreement
    NoSuchClause { name: &'a dyn Display },
    /// `{name}` names no duty of that clause
    NoSuchDuty { name: &'a dyn Display },
    /// Its duties: {names}
    DutiesOfClause { names: &'a dyn Display },
    /// {date} is not a date of `{cadence}`
    NotADateOf { date: &'a dyn Display, cadence: &'a dyn Display },
    /// Its nearest dates: {before} and {after}
    NearestDates { before: &'a dyn Display, after: &'a dyn Display },
    /// `records` is a mapping: `from`, `grace`, `duties`
    RecordSettingsNotMapping,
    /// `{written}` is a date before the end of the agreement's period, but the agreement has no `period:`: no calendar has it
    CadenceNeedsPeriod { written: &'a dyn Display },
    /// Say the agreement's period in content/_index.md (`period: {end: 2027-12-31}`)
    SayThePeriod,
    /// Two of the files to attach would both be records/{name}
    RecordFileTwice { name: &'a dyn Display },
    /// `{key}` of a record is not empty and has no control characters
    RecordSays { key: &'a dyn Display },
    /// `on_holiday` has no effect on a date counted back from the end of the period: it stays on its day
    OnHolidayNotBeforeEnd,
    /// Its nearest date: {date}
    NearestDate { date: &'a dyn Display },
    /// {date} is not the duty's date: it is due on {due}
    NotTheDueDate { date: &'a dyn Display, due: &'a dyn Display },
    /// {date} is before the duty starts ({start})
    BeforeDutyStarts { date: &'a dyn Display, start: &'a dyn Display },
    /// `renew_for` says how long a renewal lasts, but the period does not renew itself (`renewal: auto`)
    RenewForWithoutRenewal,
    /// The notice would be due before the period starts ({start} to {end}): it is longer than the period
    NoticeBeforeStart { start: &'a dyn Display, end: &'a dyn Display },
    /// `{name}` does not recur (no cadence understood): no date of it asks for a record
    RecordsOfNoDates { name: &'a dyn Display },
    /// The notice is longer than a renewal: that renewal's notice would be due before it starts
    NoticeLongerThanRenewal,
    /// The period starts on {start}, before the agreement takes effect ({effective})
    PeriodBeforeEffective { start: &'a dyn Display, effective: &'a dyn Display },
    /// The duty `{text}` has no record for {count} of its dates: {dates}
    DutyMissed { text: &'a dyn Display, count: &'a dyn Display, dates: &'a dyn Display },
    /// Record what was done: `clausebook record --duty {name} --date {date} --by NAME [FILES…]` (records/{date}-….yaml), or say why it was not
    RecordHint { name: &'a dyn Display, date: &'a dyn Display },
    /// `--by` names who did it (or records it): not empty, without control characters, like `--note`
    RecordBy,
    /// `{duty}` has no date on or before today: say which with `--date`
    RecordNoDate { duty: &'a dyn Display },
    /// {date} is after today ({today}): a record answers a date that has come (or the next deadline of a duty done by one)
    RecordAfterToday { date: &'a dyn Display, today: &'a dyn Display },
    /// {date} of this duty is already recorded in {file}
    RecordAlready { date: &'a dyn Display, file: &'a dyn Display },
    /// {file} has no file name that records/ can keep (control characters, or none)
    RecordFileName { file: &'a dyn Display },
    /// Cannot attach {file}: {error}
    RecordFileUnreadable { file: &'a dyn Display, error: &'a dyn Display },
    /// records/{name} already exists: rename the file to attach, or name the one there in the record by hand
    RecordFileTaken { name: &'a dyn Display },
    /// {link} is a symbolic link: records are never written through one
    RecordThroughLink { link: &'a dyn Display },
    /// Cannot write the record: {error}
    RecordCannotWrite { error: &'a dyn Display },
    /// Recorded {file}: `{duty}` done for {date}
    RecordWritten { file: &'a dyn Display, duty: &'a dyn Display, date: &'a dyn Display },
    /// Attached {file}
    RecordAttached { file: &'a dyn Display },
    /// Next: {git} add {files} && {git} commit
    RecordNext { git: &'a dyn Display, files: &'a dyn Display },
}
