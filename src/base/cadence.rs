//! Cadences: how often a duty recurs, read from the words an agreement uses (`每周三`,
//! `每月第一个周一`, `每月十五日前`, `每季度末`, `每年一月 14:00`, `weekly on Wednesday`,
//! `first Monday of each month`, `by the 15th of each month`), as a rule that gives dates and an
//! iCalendar `RRULE`. The grammar is in docs/obligations.md; a cadence that is not understood
//! stays text for readers (and is an info finding).
//!
//! A cadence without a day falls on the first day of its period (每月: the 1st; 每季度: the
//! first day of the quarter; 每年: 1 January; 每周: Monday); `末` / `end of` is the last day;
//! `前` / `by` / `before` makes the date a deadline.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

/// When in its period a recurring duty falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Every {
    /// Each week on this day.
    Week(Weekday),
    /// Each month on this day (`Day(-1)`: the last).
    MonthDay(i32),
    /// Each month on the n-th (`-1`: last) such weekday.
    MonthWeekday(i32, Weekday),
    /// Each quarter, on its first day (`false`) or its last (`true`).
    Quarter(bool),
    /// Each year on this month and day (`-1`: the month's last).
    Year(u32, i32),
}

/// A recurring duty's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cadence {
    /// When it falls.
    pub every: Every,
    /// Whether the date is a deadline (`前`, `by`, `before`) rather than the day it happens.
    pub deadline: bool,
    /// The time of day, when written (`14:00`).
    pub time: Option<NaiveTime>,
}

/// A cadence as `agreement.json` carries it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Parsed {
    /// The iCalendar recurrence rule (`FREQ=WEEKLY;BYDAY=WE`).
    pub rrule: String,
    /// Whether the date is a deadline.
    pub deadline: bool,
    /// The time of day (`14:00`), when written.
    pub time: Option<String>,
}

/// The forms understood, for messages.
pub const FORMS: &str = "每周三、每月、每月第一个周一、每月最后一个周五、每月十五日、每月十五日前、每月底、每季度、每季度末、每年、每年一月、每年十二月三十一日（可加时间，如 每周三 14:00）; weekly on Wednesday, every Wednesday, monthly, monthly on the 15th, by the 15th of each month, first Monday of each month, end of each month, quarterly, end of each quarter, yearly, every January, every year on 30 June (optionally at 14:00)";

impl Cadence {
    /// Reads a cadence, or `None` when it is not one of the forms understood.
    pub fn parse(text: &str) -> Option<Cadence> {
        let text = text.trim();
        let (rest, time) = split_time(text);
        let rest = rest.trim();
        let english = rest.is_ascii();
        let (every, deadline) = if english { english_rule(&rest.to_ascii_lowercase())? } else { chinese_rule(rest)? };
        Some(Cadence { every, deadline, time })
    }

    /// Whether the duty falls on `date`.
    pub fn falls_on(&self, date: NaiveDate) -> bool {
        let last_day = date.succ_opt().is_none_or(|next| next.month() != date.month());
        let day_matches = |d: i32| if d < 0 { last_day } else { date.day() as i32 == d };
        match self.every {
            Every::Week(w) => date.weekday() == w,
            Every::MonthDay(d) => day_matches(d),
            Every::MonthWeekday(n, w) => {
                date.weekday() == w
                    && if n > 0 {
                        (date.day() as i32 - 1) / 7 == n - 1
                    } else {
                        date.checked_add_days(chrono::Days::new(7)).is_none_or(|d| d.month() != date.month())
                    }
            }
            Every::Quarter(end) => {
                let m = date.month();
                if end { m.is_multiple_of(3) && last_day } else { m % 3 == 1 && date.day() == 1 }
            }
            Every::Year(m, d) => date.month() == m && day_matches(d),
        }
    }

    /// The dates it falls on from `from` to `to`, both included.
    pub fn dates(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> + '_ {
        from.iter_days().take_while(move |d| *d <= to).filter(|d| self.falls_on(*d))
    }

    /// The first date on or after `from` that it falls on. Every rule that can occur falls at
    /// least once a year but one: 29 February, up to eight years away (2096 → 2104), so the
    /// look-ahead is eight years and a day; the upcoming page and the calendars agree on it.
    pub fn first_from(&self, from: NaiveDate) -> Option<NaiveDate> {
        self.dates(from, from.checked_add_days(chrono::Days::new(8 * 366 + 1))?).next()
    }

    /// The month and day it names, and the month's longest, when the month never has that day
    /// (30 February, 31 April): such a cadence reads as a rule but never falls on any date.
    pub fn never_occurs(&self) -> Option<(u32, i32, i32)> {
        const LONGEST: [i32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        match self.every {
            Every::Year(m, d) => {
                let longest = LONGEST[(m as usize).clamp(1, 12) - 1];
                (d > longest).then_some((m, d, longest))
            }
            _ => None,
        }
    }

    /// The iCalendar `RRULE` value.
    pub fn rrule(&self) -> String {
        match self.every {
            Every::Week(w) => format!("FREQ=WEEKLY;BYDAY={}", ical_day(w)),
            Every::MonthDay(d) => format!("FREQ=MONTHLY;BYMONTHDAY={d}"),
            Every::MonthWeekday(n, w) => format!("FREQ=MONTHLY;BYDAY={n}{}", ical_day(w)),
            Every::Quarter(false) => "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=1".into(),
            Every::Quarter(true) => "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1".into(),
            Every::Year(m, d) => format!("FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}"),
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

fn ical_day(w: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][w.num_days_from_monday() as usize]
}

/// `… 14:00` (or `at 14:00`, `14：00`): the rest and the time.
fn split_time(text: &str) -> (&str, Option<NaiveTime>) {
    let clockish = |c: char| c.is_ascii_digit() || c == ':' || c == '：';
    let Some(start) = text.char_indices().rev().take_while(|(_, c)| clockish(*c)).last().map(|(i, _)| i) else {
        return (text, None);
    };
    let clock = text[start..].replace('：', ":");
    let Some(time) = NaiveTime::parse_from_str(&clock, "%H:%M").ok().filter(|_| clock.contains(':')) else {
        return (text, None);
    };
    let head = text[..start].trim_end();
    let head = match head.len().checked_sub(3).filter(|&i| head.is_char_boundary(i)) {
        Some(i) if head[i..].eq_ignore_ascii_case(" at") => &head[..i],
        _ => head,
    };
    (head, Some(time))
}

fn weekday_zh(c: char) -> Option<Weekday> {
    Some(match c {
        '一' => Weekday::Mon,
        '二' => Weekday::Tue,
        '三' => Weekday::Wed,
        '四' => Weekday::Thu,
        '五' => Weekday::Fri,
        '六' => Weekday::Sat,
        '日' | '天' => Weekday::Sun,
        _ => return None,
    })
}

/// A number written in digits or Chinese numerals, 1 to 31 (`十五`, `二十一`, `廿`, `15`).
fn number_zh(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return (1..=31).contains(&n).then_some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as i32);
    let chars: Vec<char> = s.chars().collect();
    let n = match chars.as_slice() {
        [d] => digit(*d).filter(|n| *n > 0).or((*d == '十').then_some(10)).or((*d == '廿').then_some(20))?,
        ['十', d] => 10 + digit(*d)?,
        ['廿', d] => 20 + digit(*d)?,
        [t, '十'] => digit(*t)? * 10,
        [t, '十', d] => digit(*t)? * 10 + digit(*d)?,
        _ => return None,
    };
    (1..=31).contains(&n).then_some(n)
}

fn chinese_rule(text: &str) -> Option<(Every, bool)> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (text, deadline) = match ["之前", "以前", "前"].iter().find_map(|s| text.strip_suffix(s)) {
        Some(rest) => (rest.to_string(), true),
        None => (text, false),
    };
    let rest = text.strip_prefix('每')?;
    let weekday_after = |s: &str| -> Option<Weekday> {
        let s = ["周", "星期", "礼拜"].iter().find_map(|p| s.strip_prefix(p))?;
        let mut chars = s.chars();
        let w = weekday_zh(chars.next()?)?;
        chars.next().is_none().then_some(w)
    };
    let day_of = |s: &str| -> Option<i32> {
        if ["底", "末"].contains(&s) {
            return Some(-1);
        }
        number_zh(s.strip_suffix('日').or_else(|| s.strip_suffix('号'))?)
    };
    if let Some(w) = weekday_after(rest) {
        return Some((Every::Week(w), deadline));
    }
    if ["周", "星期", "礼拜"].contains(&rest) {
        return Some((Every::Week(Weekday::Mon), deadline));
    }
    if let Some(month) = rest.strip_prefix("个月").or_else(|| rest.strip_prefix('月')) {
        if month.is_empty() || month == "初" {
            return Some((Every::MonthDay(1), deadline));
        }
        if let Some(d) = day_of(month) {
            return Some((Every::MonthDay(d), deadline));
        }
        let (n, w) = if let Some(last) = month.strip_prefix("最后一个").or_else(|| month.strip_prefix("最后一"))
        {
            (-1, weekday_after(last)?)
        } else {
            let nth = month.strip_prefix('第')?;
            let (n, after) = nth
                .split_once('个')
                .unwrap_or((&nth[..nth.char_indices().nth(1)?.0], &nth[nth.char_indices().nth(1)?.0..]));
            let n = number_zh(n).filter(|n| *n <= 5)?;
            (n, weekday_after(after)?)
        };
        return Some((Every::MonthWeekday(n, w), deadline));
    }
    if let Some(q) = rest.strip_prefix("季度").or_else(|| rest.strip_prefix('季')) {
        return match q {
            "" | "初" => Some((Every::Quarter(false), deadline)),
            "末" | "底" => Some((Every::Quarter(true), deadline)),
            _ => None,
        };
    }
    if let Some(y) = rest.strip_prefix('年') {
        if y.is_empty() || y == "初" {
            return Some((Every::Year(1, 1), deadline));
        }
        if ["末", "底"].contains(&y) {
            return Some((Every::Year(12, 31), deadline));
        }
        let (m, d) = y.split_once('月')?;
        let m = number_zh(m).filter(|m| *m <= 12)?;
        let d = if d.is_empty() || d == "初" { 1 } else { day_of(d)? };
        return Some((Every::Year(m as u32, d), deadline));
    }
    None
}

const WEEKDAYS_EN: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn weekday_en(word: &str) -> Option<Weekday> {
    let word = word.strip_suffix('s').filter(|w| WEEKDAYS_EN.contains(w)).unwrap_or(word);
    let i = WEEKDAYS_EN.iter().position(|w| *w == word || (word.len() >= 3 && w.starts_with(word)))?;
    Some([Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun][i])
}

/// `15th`, `1st`, `15` → 15; `last` → -1.
fn ordinal_day(word: &str) -> Option<i32> {
    if word == "last" {
        return Some(-1);
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse::<i32>().ok().filter(|n| (1..=31).contains(n))
}

fn nth_en(word: &str) -> Option<i32> {
    Some(match word {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "last" => -1,
        _ => return None,
    })
}

/// `of each month`, `every quarter` → the period's name.
fn period<'a>(words: &[&'a str]) -> Option<&'a str> {
    match words {
        ["of", "each" | "every", p] | ["each" | "every", p] => Some(*p),
        _ => None,
    }
}

/// `year on 30 june`, `on june 30`, `30 june`, `june 30th` (after `every` / `yearly`): a month
/// and a day of it.
fn year_day(words: &[&str]) -> Option<(u32, i32)> {
    let words = words.strip_prefix(&["year"]).unwrap_or(words);
    let words = words.strip_prefix(&["on"]).unwrap_or(words);
    let words = words.strip_prefix(&["the"]).unwrap_or(words);
    let month = |w: &str| MONTHS_EN.iter().position(|m| *m == w).map(|i| i as u32 + 1);
    match words {
        [day, month_word] | [day, "of", month_word] if month(month_word).is_some() && day != &"last" => {
            Some((month(month_word)?, ordinal_day(day)?))
        }
        [month_word, day] if month(month_word).is_some() && day != &"last" => {
            Some((month(month_word)?, ordinal_day(day)?))
        }
        _ => None,
    }
}

fn english_rule(text: &str) -> Option<(Every, bool)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (deadline, words) = match words.first() {
        Some(&"by") | Some(&"before") => (true, &words[1..]),
        _ => (false, &words[..]),
    };
    let rule = match words {
        ["weekly"] | ["every", "week"] => Every::Week(Weekday::Mon),
        ["weekly", "on", day] | ["every", day] if weekday_en(day).is_some() => Every::Week(weekday_en(day)?),
        ["monthly"] | ["every", "month"] => Every::MonthDay(1),
        ["quarterly"] | ["every", "quarter"] => Every::Quarter(false),
        ["yearly" | "annually"] | ["every", "year"] => Every::Year(1, 1),
        ["monthly", "on", "the", day] => Every::MonthDay(ordinal_day(day)?),
        ["monthly", "on", "the", nth, day] => Every::MonthWeekday(nth_en(nth)?, weekday_en(day)?),
        ["the", day, rest @ ..] if period(rest) == Some("month") => Every::MonthDay(ordinal_day(day)?),
        [nth, day, rest @ ..] | ["the", nth, day, rest @ ..]
            if period(rest) == Some("month") && nth_en(nth).is_some() =>
        {
            Every::MonthWeekday(nth_en(nth)?, weekday_en(day)?)
        }
        ["end", rest @ ..] | ["the", "end", rest @ ..] => match period(rest)? {
            "month" => Every::MonthDay(-1),
            "quarter" => Every::Quarter(true),
            "year" => Every::Year(12, 31),
            _ => return None,
        },
        ["every" | "yearly" | "annually", rest @ ..] if year_day(rest).is_some() => {
            let (m, d) = year_day(rest)?;
            Every::Year(m, d)
        }
        ["every", month] | ["yearly" | "annually", "in", month] if MONTHS_EN.contains(month) => {
            Every::Year(MONTHS_EN.iter().position(|m| m == month)? as u32 + 1, 1)
        }
        _ => return None,
    };
    Some((rule, deadline))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Option<(String, bool, Option<String>)> {
        Cadence::parse(text).map(|c| {
            let p = c.parsed();
            (p.rrule, p.deadline, p.time)
        })
    }

    #[test]
    fn every_form_the_docs_list_is_understood() {
        let cases: &[(&str, &str, bool, Option<&str>)] = &[
            ("每周三", "FREQ=WEEKLY;BYDAY=WE", false, None),
            ("每周四", "FREQ=WEEKLY;BYDAY=TH", false, None),
            ("每星期日", "FREQ=WEEKLY;BYDAY=SU", false, None),
            ("每周三 14:00", "FREQ=WEEKLY;BYDAY=WE", false, Some("14:00")),
            ("每周三14：30", "FREQ=WEEKLY;BYDAY=WE", false, Some("14:30")),
            ("每月", "FREQ=MONTHLY;BYMONTHDAY=1", false, None),
            ("每月第一个周一", "FREQ=MONTHLY;BYDAY=1MO", false, None),
            ("每月第二个星期五", "FREQ=MONTHLY;BYDAY=2FR", false, None),
            ("每月最后一个周五", "FREQ=MONTHLY;BYDAY=-1FR", false, None),
            ("每月五日前", "FREQ=MONTHLY;BYMONTHDAY=5", true, None),
            ("每月十日前", "FREQ=MONTHLY;BYMONTHDAY=10", true, None),
            ("每月十五日前", "FREQ=MONTHLY;BYMONTHDAY=15", true, None),
            ("每月二十五号", "FREQ=MONTHLY;BYMONTHDAY=25", false, None),
            ("每月底", "FREQ=MONTHLY;BYMONTHDAY=-1", false, None),
            ("每季度", "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=1", false, None),
            ("每季度末", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", false, None),
            ("每年", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", false, None),
            ("每年一月", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", false, None),
            ("每年十二月", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1", false, None),
            ("每年十二月三十一日前", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", true, None),
            ("weekly on Wednesday", "FREQ=WEEKLY;BYDAY=WE", false, None),
            ("every Thursday at 09:30", "FREQ=WEEKLY;BYDAY=TH", false, Some("09:30")),
            ("monthly", "FREQ=MONTHLY;BYMONTHDAY=1", false, None),
            ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", false, None),
            ("by the 15th of each month", "FREQ=MONTHLY;BYMONTHDAY=15", true, None),
            ("first Monday of each month", "FREQ=MONTHLY;BYDAY=1MO", false, None),
            ("last Friday of every month", "FREQ=MONTHLY;BYDAY=-1FR", false, None),
            ("end of each month", "FREQ=MONTHLY;BYMONTHDAY=-1", false, None),
            ("quarterly", "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=1", false, None),
            ("end of each quarter", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", false, None),
            ("yearly", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", false, None),
            ("every January", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", false, None),
            ("every year on 30 June", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30", false, None),
            ("yearly on June 30th", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30", false, None),
            ("by every 31 December", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", true, None),
        ];
        for (text, rrule, deadline, time) in cases {
            let want = Some((rrule.to_string(), *deadline, time.map(str::to_string)));
            assert_eq!(rule(text), want, "{text}");
        }
    }

    #[test]
    fn anything_else_is_not_a_cadence() {
        for text in [
            "",
            "视情况而定",
            "每",
            "每周八",
            "每月三十二日",
            "每月第六个周一",
            "每年十三月",
            "每两周",
            "fortnightly",
            "every other week",
            "每周三 25:00",
            "monthly on the 40th",
        ] {
            assert_eq!(Cadence::parse(text), None, "{text}");
        }
    }

    #[test]
    fn dates_follow_the_rule() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let wednesdays: Vec<_> = Cadence::parse("每周三").unwrap().dates(d("2026-12-01"), d("2026-12-31")).collect();
        assert_eq!(wednesdays, [d("2026-12-02"), d("2026-12-09"), d("2026-12-16"), d("2026-12-23"), d("2026-12-30")]);
        let first_monday = Cadence::parse("每月第一个周一").unwrap();
        assert_eq!(first_monday.first_from(d("2026-12-02")), Some(d("2026-12-07")));
        assert_eq!(first_monday.first_from(d("2026-12-08")), Some(d("2027-01-04")));
        let last_friday = Cadence::parse("每月最后一个周五").unwrap();
        assert_eq!(last_friday.first_from(d("2026-02-01")), Some(d("2026-02-27")));
        assert_eq!(Cadence::parse("每季度末").unwrap().first_from(d("2026-04-01")), Some(d("2026-06-30")));
        assert_eq!(Cadence::parse("每月底").unwrap().first_from(d("2028-02-02")), Some(d("2028-02-29")));
        assert_eq!(Cadence::parse("每年十二月").unwrap().first_from(d("2026-12-02")), Some(d("2027-12-01")));
        // 29 February is up to eight years away (no 2100-02-29).
        let leap = Cadence::parse("每年2月29日").unwrap();
        assert_eq!(leap.never_occurs(), None);
        assert_eq!(leap.first_from(d("2025-01-01")), Some(d("2028-02-29")));
        assert_eq!(leap.first_from(d("2096-03-01")), Some(d("2104-02-29")));
    }

    #[test]
    fn a_day_no_month_has_never_occurs() {
        for text in ["每年二月三十日", "every year on 30 February", "每年4月31日", "yearly on November 31st"]
        {
            let cadence = Cadence::parse(text).unwrap_or_else(|| panic!("{text} reads as a rule"));
            assert!(cadence.never_occurs().is_some(), "{text}");
            assert_eq!(cadence.first_from(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()), None, "{text}");
        }
        for text in ["每年二月二十九日", "每年十二月三十一日", "每月三十一日", "每年二月底"]
        {
            assert_eq!(Cadence::parse(text).unwrap().never_occurs(), None, "{text}");
        }
    }
}
