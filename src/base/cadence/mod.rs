//! Schedules: how often a duty recurs, read from the words an agreement uses (`每周三`,
//! `隔周三 14:00`, `每月最后一个工作日`, `每季度结束后15日内`, `每年3月和9月`, `every other
//! Wednesday`, `first working day of each month`, `by the 15th of each month`), as a rule that
//! gives dates and an iCalendar `RRULE`. The grammar is in docs/obligations.md ([`zh`] and [`en`]
//! read it); a cadence that is not understood stays text for readers (and is an info finding).
//!
//! A schedule counts periods (days, weeks, months, quarters, half-years, years) and picks days in
//! each: given days of given months of the period, the n-th weekday, the n-th working day. Every
//! N-th period counts from the period of its first date on or after the duty's start. Working days
//! follow the project's [`Workdays`]; a date that falls on a day off may move to the next or the
//! previous working day ([`Shift`]).

mod en;
mod time;
mod zh;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

use crate::base::workdays::Workdays;

/// The length of the periods a schedule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Quarters (January, April, July, October).
    Quarter,
    /// Half-years (January, July).
    Half,
    /// Calendar years.
    Year,
}

impl Unit {
    /// How many months a period has (0 for days and weeks).
    fn months(self) -> u32 {
        match self {
            Unit::Day | Unit::Week => 0,
            Unit::Month => 1,
            Unit::Quarter => 3,
            Unit::Half => 6,
            Unit::Year => 12,
        }
    }

    /// The word Lua rules see (`duty.schedule.unit`).
    pub fn word(self) -> &'static str {
        ["day", "week", "month", "quarter", "half-year", "year"][self as usize]
    }
}

/// Which days of a period a schedule falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pick {
    /// Every day (of a [`Unit::Day`] schedule).
    All,
    /// Every working day.
    Working,
    /// These weekdays (bit 0 Monday … bit 6 Sunday) of each week.
    Weekdays(u8),
    /// These days of these months.
    Days {
        /// Bit k: the k-th month of the period, from 1 (of a year: the month k itself).
        months: u16,
        /// Bit 1–31: that day of the month; bit 0: its last day.
        days: u32,
    },
    /// The n-th such weekday.
    Weekday {
        /// Of the period's `month`-th month; 0: of the whole period.
        month: u8,
        /// From the start; −1 the last, −2 the one before.
        n: i8,
        /// The weekday.
        weekday: Weekday,
    },
    /// The n-th working day.
    WorkingDay {
        /// Of the period's `month`-th month; 0: of the whole period.
        month: u8,
        /// From the start; −1 the last, −2 the one before.
        n: i8,
    },
}

/// What happens to a date that falls on a day off (`on_holiday:`, `遇节假日顺延`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// It stays where it falls.
    #[default]
    Keep,
    /// It moves to the next working day.
    NextWorkingDay,
    /// It moves to the previous working day.
    PreviousWorkingDay,
}

impl Shift {
    /// The words `on_holiday:` takes.
    pub const WORDS: [&'static str; 3] = ["keep", "next_working_day", "previous_working_day"];

    /// The shift `on_holiday:` names.
    pub fn from_word(word: &str) -> Option<Shift> {
        Self::WORDS
            .iter()
            .position(|w| *w == word)
            .map(|i| [Shift::Keep, Shift::NextWorkingDay, Shift::PreviousWorkingDay][i])
    }

    /// Its word (`next_working_day`).
    pub fn word(self) -> &'static str {
        Self::WORDS[self as usize]
    }
}

/// A recurring duty's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cadence {
    /// The periods it counts.
    pub unit: Unit,
    /// Every how many periods (隔周, every 2 months: 2).
    pub interval: u16,
    /// Which days of a period.
    pub pick: Pick,
    /// Whether the date is a deadline (`前`, `内`, `by`, `no later than`) rather than the day it
    /// happens.
    pub deadline: bool,
    /// The time of day, when written (`14:00`, `下午2点`).
    pub time: Option<NaiveTime>,
    /// Where a date on a day off goes.
    pub shift: Shift,
}

/// A cadence as `agreement.json` carries it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Parsed {
    /// The iCalendar recurrence rule (`FREQ=WEEKLY;BYDAY=WE`), Monday–Friday for working days.
    pub rrule: String,
    /// Whether the date is a deadline.
    pub deadline: bool,
    /// The time of day (`14:00`), when written.
    pub time: Option<String>,
}

/// Forms understood, for "did you mean" and for messages: one per kind of schedule.
pub const FORMS: [&str; 44] = [
    "每天",
    "每个工作日",
    "每周三",
    "每周一、三、五",
    "隔周三",
    "每两周",
    "每3天",
    "每月",
    "每月15日",
    "每月15日前",
    "每月1日和15日",
    "每月底",
    "每月第一个周一",
    "每月最后一个周五",
    "每月第一个工作日",
    "每月最后一个工作日",
    "每月结束后10个工作日内",
    "每两个月5日",
    "每季度",
    "每季度末",
    "每季度首月15日前",
    "每季度结束后15日内",
    "每季度最后一个工作日",
    "每半年",
    "每年3月和9月",
    "每年",
    "每年12月31日前",
    "每年最后一个工作日",
    "每周三 14:00",
    "每月5日（遇节假日顺延）",
    "daily",
    "every working day",
    "every Wednesday",
    "every other Wednesday",
    "every 2 weeks on Monday",
    "monthly on the 15th",
    "by the 15th of each month",
    "first Monday of each month",
    "last working day of each month",
    "every 2 months on the 5th",
    "end of each quarter",
    "twice a year in March and September",
    "every year on 30 June",
    "every Wednesday at 2pm",
];

/// The longest cadence read, in characters.
const MAX_CHARS: usize = 80;

/// One period of a schedule: its first and last day and its number.
#[derive(Debug, Clone, Copy)]
struct Period {
    first: NaiveDate,
    last: NaiveDate,
    index: i64,
}

/// The look-ahead for a schedule's first date: every rule that can occur falls at least once in
/// eight years and a day (29 February: 2096 → 2104, every 4 years, …).
const LOOK_AHEAD: u64 = 8 * 366 + 1;

impl Cadence {
    /// Reads a cadence, or `None` when it is not one of the forms understood.
    pub fn parse(text: &str) -> Option<Cadence> {
        let text = text.trim();
        // No schedule is long: a longer text is not one (and is not searched for a time of day
        // character by character).
        if text.is_empty() || text.chars().count() > MAX_CHARS {
            return None;
        }
        let cadence = if text.is_ascii() { en::parse(text)? } else { zh::parse(text)? };
        (cadence.interval >= 1 && cadence.valid()).then_some(cadence)
    }

    /// The understood form closest to `written`, for a cadence that is not understood, when one
    /// is close enough to be what was meant (a typo, a word missing): a suggestion that changes
    /// the meaning (`每365天` → `每3天`) is worse than none.
    pub fn nearest(written: &str) -> Option<&'static str> {
        let ascii = written.is_ascii();
        let lower = written.to_lowercase();
        let allowed = (written.chars().count() / 4).clamp(1, 3);
        FORMS
            .iter()
            .filter(|f| f.is_ascii() == ascii)
            .map(|f| (strsim::osa_distance(&lower, &f.to_lowercase()), *f))
            .filter(|(d, _)| *d <= allowed)
            .min()
            .map(|(_, f)| f)
    }

    /// Whether its days can be found: a pick that fits its unit.
    fn valid(&self) -> bool {
        let months = self.unit.months();
        let within = |month: u8| u32::from(month) <= months.max(1);
        match self.pick {
            Pick::All => self.unit == Unit::Day,
            Pick::Working => self.unit == Unit::Day && self.interval == 1,
            Pick::Weekdays(mask) => self.unit == Unit::Week && mask != 0 && mask < 128,
            Pick::Days { months: m, days } => {
                months > 0 && days != 0 && m != 0 && u32::from(m) < (1 << (months + 1)) && (m & 1) == 0
            }
            Pick::Weekday { month, n, .. } => {
                months > 0
                    && within(month)
                    && n != 0
                    && (-5..=5).contains(&n)
                    && (month > 0 || self.unit == Unit::Month || self.unit == Unit::Year)
            }
            Pick::WorkingDay { month, n } => {
                n != 0 && (-23..=23).contains(&n) && (self.unit == Unit::Week || within(month))
            }
        }
    }

    /// Whether its dates depend on the working-day calendar.
    pub fn uses_workdays(&self) -> bool {
        matches!(self.pick, Pick::Working | Pick::WorkingDay { .. }) || self.shift != Shift::Keep
    }

    /// The month and day it names, and the month's longest, when no month it names has that day
    /// (30 February, 31 April): such a cadence reads as a rule but never falls on any date.
    pub fn never_occurs(&self) -> Option<(u32, i32, i32)> {
        const LONGEST: [i32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let (Unit::Year, Pick::Days { months, days }) = (self.unit, self.pick) else { return None };
        let named: Vec<u32> = (1..=12).filter(|m| months & (1 << m) != 0).collect();
        let day = (1..=31).find(|d| days & (1 << d) != 0)?;
        let fits = |m: u32, d: i32| d <= LONGEST[m as usize - 1];
        if days & 1 != 0 || named.iter().any(|m| (1..=31).any(|d| days & (1 << d) != 0 && fits(*m, d))) {
            return None;
        }
        let m = *named.first()?;
        Some((m, day, LONGEST[m as usize - 1]))
    }

    /// The day of the month it names that some months lack (29, 30 or 31 of each month, the
    /// fifth such weekday): in those months it does not fall at all.
    pub fn skips_months(&self) -> Option<i32> {
        match (self.unit, self.pick) {
            (Unit::Month | Unit::Quarter | Unit::Half, Pick::Days { days, .. }) => {
                (29..=31).find(|d| days & (1 << d) != 0)
            }
            (_, Pick::Weekday { n: 5, .. }) => Some(29),
            _ => None,
        }
    }

    /// The dates it falls on from `from` to `to` (both included), for a duty that starts on
    /// `start`, on the working days of `workdays`.
    pub fn dates(&self, start: NaiveDate, from: NaiveDate, to: NaiveDate, workdays: &Workdays) -> Vec<NaiveDate> {
        let Some((base, first)) = self.first_period(start, workdays) else { return Vec::new() };
        // A date moved off a holiday may come from a period before `from` or after `to`.
        let slack = if self.shift == Shift::Keep { 0 } else { 60 };
        let (Some(low), Some(high)) = (from.checked_sub_days(Days::new(slack)), to.checked_add_days(Days::new(slack)))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut period = self.period_of(low.max(first));
        while period.first <= high {
            if (period.index - base).rem_euclid(i64::from(self.interval)) == 0 {
                for date in self.days_of(period, workdays).into_iter().filter(|d| *d >= first) {
                    let moved = match self.shift {
                        Shift::Keep => date,
                        _ if workdays.working(date) => date,
                        Shift::NextWorkingDay => workdays.step(date, true),
                        Shift::PreviousWorkingDay => workdays.step(date, false),
                    };
                    if moved >= from && moved <= to && moved >= start {
                        out.push(moved);
                    }
                }
            }
            let Some(next) = self.next_period(period) else { break };
            period = next;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first date on or after `from` that it falls on, within eight years (the upcoming page
    /// and the calendars agree on it).
    pub fn first_from(&self, from: NaiveDate, workdays: &Workdays) -> Option<NaiveDate> {
        let to = from.checked_add_days(Days::new(LOOK_AHEAD))?;
        self.dates(from, from, to, workdays).into_iter().next()
    }

    /// The number of the first period that has a date on or after `start`, and that date (before
    /// any move off a holiday): every N-th period counts from it.
    fn first_period(&self, start: NaiveDate, workdays: &Workdays) -> Option<(i64, NaiveDate)> {
        let end = start.checked_add_days(Days::new(LOOK_AHEAD))?;
        let mut period = self.period_of(start);
        while period.first <= end {
            if let Some(d) = self.days_of(period, workdays).into_iter().find(|d| *d >= start) {
                return Some((period.index, d));
            }
            period = self.next_period(period)?;
        }
        None
    }

    /// The period `date` is in.
    fn period_of(&self, date: NaiveDate) -> Period {
        match self.unit {
            Unit::Day => Period { first: date, last: date, index: i64::from(date.num_days_from_ce()) },
            Unit::Week => {
                let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
                let index = i64::from(monday.num_days_from_ce()).div_euclid(7);
                Period { first: monday, last: monday.checked_add_days(Days::new(6)).unwrap_or(monday), index }
            }
            unit => {
                let months = i64::from(unit.months());
                let month = i64::from(date.year()) * 12 + i64::from(date.month0());
                let index = month.div_euclid(months);
                let start = index * months;
                let first =
                    NaiveDate::from_ymd_opt((start.div_euclid(12)) as i32, (start.rem_euclid(12) + 1) as u32, 1)
                        .unwrap_or(date);
                let last =
                    first.checked_add_months(Months::new(unit.months())).and_then(|d| d.pred_opt()).unwrap_or(first);
                Period { first, last, index }
            }
        }
    }

    fn next_period(&self, p: Period) -> Option<Period> {
        Some(self.period_of(p.last.succ_opt()?))
    }

    /// The days of `period` it picks (before any move off a holiday), in order.
    fn days_of(&self, period: Period, workdays: &Workdays) -> Vec<NaiveDate> {
        let days = || period.first.iter_days().take_while(move |d| *d <= period.last);
        // The `month`-th month of the period (0: all of it), as its first and last day.
        let span = |month: u8| -> Option<(NaiveDate, NaiveDate)> {
            if month == 0 || self.unit == Unit::Month {
                return Some((period.first, period.last));
            }
            let first = if self.unit == Unit::Year {
                NaiveDate::from_ymd_opt(period.first.year(), u32::from(month), 1)?
            } else {
                period.first.checked_add_months(Months::new(u32::from(month) - 1))?
            };
            Some((first, first.checked_add_months(Months::new(1))?.pred_opt()?))
        };
        let nth = |(first, last): (NaiveDate, NaiveDate), n: i8, fits: &dyn Fn(NaiveDate) -> bool| {
            let found = if n > 0 {
                first.iter_days().take_while(|d| *d <= last).filter(|d| fits(*d)).nth(n as usize - 1)
            } else {
                last.iter_days().rev().take_while(|d| *d >= first).filter(|d| fits(*d)).nth((-n) as usize - 1)
            };
            found.into_iter().collect::<Vec<_>>()
        };
        match self.pick {
            Pick::All => days().collect(),
            Pick::Working => days().filter(|d| workdays.working(*d)).collect(),
            Pick::Weekdays(mask) => days().filter(|d| mask & (1 << d.weekday().num_days_from_monday()) != 0).collect(),
            Pick::Days { months, days: wanted } => {
                let mut out = Vec::new();
                for month in (1..=self.unit.months().max(1) as u8).filter(|m| months & (1 << m) != 0) {
                    let Some((first, last)) = span(month) else { continue };
                    for d in first.iter_days().take_while(|d| *d <= last) {
                        let is_last = d == last;
                        if wanted & (1 << d.day()) != 0 || (is_last && wanted & 1 != 0) {
                            out.push(d);
                        }
                    }
                }
                out
            }
            Pick::Weekday { month, n, weekday } => match span(month) {
                Some(range) => nth(range, n, &|d| d.weekday() == weekday),
                None => Vec::new(),
            },
            Pick::WorkingDay { month, n } => match span(month) {
                Some(range) => nth(range, n, &|d| workdays.working(d)),
                None => Vec::new(),
            },
        }
    }

    /// The iCalendar `RRULE` value: its dates on Monday–Friday working days, before any move off
    /// a holiday (the calendars add `RDATE` and `EXDATE` for the years the project's calendar
    /// covers).
    pub fn rrule(&self) -> String {
        let interval = |n: u32| if n > 1 { format!(";INTERVAL={n}") } else { String::new() };
        let i = u32::from(self.interval);
        let list = |items: Vec<String>| items.join(",");
        let monthdays = |days: u32| {
            let mut out: Vec<String> = (1..=31).filter(|d| days & (1 << d) != 0).map(|d| d.to_string()).collect();
            if days & 1 != 0 {
                out.push("-1".into());
            }
            list(out)
        };
        let weekdays = "BYDAY=MO,TU,WE,TH,FR";
        let months = self.unit.months();
        // Quarters and half-years: every month k of each (interval 1, by the year), or every
        // `interval × months` months from the first date (which the calendars start on).
        let by_period = |month: u8| -> String {
            if i == 1 && months < 12 {
                let abs: Vec<String> = (0..12 / months).map(|q| (q * months + u32::from(month)).to_string()).collect();
                format!("FREQ=YEARLY;BYMONTH={}", list(abs))
            } else {
                format!("FREQ=MONTHLY{}", interval(i * months))
            }
        };
        let nth = |n: i8| n.to_string();
        match (self.unit, self.pick) {
            (_, Pick::All) => format!("FREQ=DAILY{}", interval(i)),
            (_, Pick::Working) => format!("FREQ=WEEKLY;{weekdays}"),
            (_, Pick::Weekdays(mask)) => {
                let days: Vec<String> =
                    (0..7).filter(|b| mask & (1 << b) != 0).map(|b| ical_day(b).to_string()).collect();
                let wkst = if i > 1 { ";WKST=MO" } else { "" };
                format!("FREQ=WEEKLY{};BYDAY={}{wkst}", interval(i), list(days))
            }
            (Unit::Week, Pick::WorkingDay { n, .. }) => {
                format!("FREQ=WEEKLY{};{weekdays};BYSETPOS={}", interval(i), nth(n))
            }
            (Unit::Month, Pick::Days { days, .. }) => {
                format!("FREQ=MONTHLY{};BYMONTHDAY={}", interval(i), monthdays(days))
            }
            (Unit::Year, Pick::Days { months: m, days }) => {
                let named: Vec<String> = (1..=12).filter(|k| m & (1 << k) != 0).map(|k: u32| k.to_string()).collect();
                format!("FREQ=YEARLY{};BYMONTH={};BYMONTHDAY={}", interval(i), list(named), monthdays(days))
            }
            (_, Pick::Days { months: m, days }) => {
                let month = (1..=6).find(|k| m & (1 << k) != 0).unwrap_or(1);
                format!("{};BYMONTHDAY={}", by_period(month), monthdays(days))
            }
            (Unit::Month, Pick::Weekday { n, weekday, .. }) => {
                format!("FREQ=MONTHLY{};BYDAY={}{}", interval(i), nth(n), ical_day(weekday.num_days_from_monday()))
            }
            (Unit::Year, Pick::Weekday { month, n, weekday }) => {
                let by_month = if month > 0 { format!(";BYMONTH={month}") } else { String::new() };
                format!(
                    "FREQ=YEARLY{}{by_month};BYDAY={}{}",
                    interval(i),
                    nth(n),
                    ical_day(weekday.num_days_from_monday())
                )
            }
            (_, Pick::Weekday { month, n, weekday }) => {
                format!("{};BYDAY={}{}", by_period(month), nth(n), ical_day(weekday.num_days_from_monday()))
            }
            (Unit::Month, Pick::WorkingDay { n, .. }) => {
                format!("FREQ=MONTHLY{};{weekdays};BYSETPOS={}", interval(i), nth(n))
            }
            (Unit::Year, Pick::WorkingDay { month: 0, n }) => {
                format!("FREQ=YEARLY{};{weekdays};BYSETPOS={}", interval(i), nth(n))
            }
            (Unit::Year, Pick::WorkingDay { month, n }) => {
                format!("FREQ=YEARLY{};BYMONTH={month};{weekdays};BYSETPOS={}", interval(i), nth(n))
            }
            (_, Pick::WorkingDay { n, .. }) => {
                format!("FREQ=MONTHLY{};{weekdays};BYSETPOS={}", interval(i * months), nth(n))
            }
        }
    }

    /// What `agreement.json` says of it.
    pub fn parsed(&self) -> Parsed {
        Parsed { rrule: self.rrule(), deadline: self.deadline, time: self.time.map(|t| t.format("%H:%M").to_string()) }
    }
}

/// A cadence is exported as what it means: its `RRULE`, whether it is a deadline, its time.
impl Serialize for Cadence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.parsed().serialize(serializer)
    }
}

/// `MO` … `SU` for 0 (Monday) … 6.
fn ical_day(n: u32) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][n as usize % 7]
}

/// A weekday's bit in [`Pick::Weekdays`].
fn weekday_bit(w: Weekday) -> u8 {
    1 << w.num_days_from_monday()
}

/// The schedule a parser made: these picks, in these periods.
fn cadence(unit: Unit, interval: u16, pick: Pick) -> Cadence {
    Cadence { unit, interval, pick, deadline: false, time: None, shift: Shift::Keep }
}

/// Day `day` (−1: last) of the `month`-th month of each period.
fn day_of(month: u8, day: i32) -> Pick {
    Pick::Days { months: 1 << month, days: if day < 0 { 1 } else { 1 << day } }
}

/// A number in digits or Chinese numerals, 0–99 (`15`, `十五`, `二十一`, `廿`, `两`).
pub fn chinese_number(s: &str) -> Option<i32> {
    if !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit =
        |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as i32).or((c == '两').then_some(2));
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['廿'] => Some(20),
        [d] => digit(*d).filter(|n| *n > 0),
        ['十', d] => Some(10 + digit(*d)?),
        ['廿', d] => Some(20 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
