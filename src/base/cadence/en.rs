//! Cadences in English: `daily`, `every working day`, `every Monday and Thursday`, `every other
//! Wednesday`, `every 2 weeks on Monday`, `monthly on the 15th`, `by the 15th of each month`,
//! `last working day of each month`, `within 10 working days after the end of each quarter`,
//! `every 2 months on the 5th`, `twice a year in March and September`, `every year on 30 June`,
//! with a time (`at 2pm`) and what happens on a holiday (`(next working day if a holiday)`).

use chrono::Weekday;

use super::{Cadence, Pick, Shift, Unit, cadence, day_of, time, weekday_bit};

/// Reads an English cadence.
pub(super) fn parse(text: &str) -> Option<Cadence> {
    let lower = text.trim().trim_end_matches('.').to_ascii_lowercase();
    let (text, shift) = holiday(&lower)?;
    let (rest, time) = time::split(text);
    let spaced = rest.replace([',', ';'], " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let (deadline, words) = deadline(&words);
    let mut c = rule(words)?;
    c.deadline = deadline;
    c.time = time;
    c.shift = shift;
    Some(c)
}

/// `… (next working day if a holiday)`, `…, or the previous business day`: the rest and where a
/// date on a day off goes.
fn holiday(text: &str) -> Option<(&str, Shift)> {
    let Some(at) = text.find(['(', ',']).filter(|at| text[*at..].contains(" day")) else {
        return Some((text, Shift::Keep));
    };
    let said = &text[at..];
    let moves = said.contains("working day") || said.contains("business day");
    let shift = match (
        moves,
        said.contains("next") || said.contains("following"),
        said.contains("previous") || said.contains("preceding"),
    ) {
        (true, true, false) => Shift::NextWorkingDay,
        (true, false, true) => Shift::PreviousWorkingDay,
        _ => return None,
    };
    Some((text[..at].trim_end(), shift))
}

/// A leading `by`, `before`, `no later than`, `within`, `due`: whether it is a deadline, and the rest.
fn deadline<'a, 'b>(words: &'b [&'a str]) -> (bool, &'b [&'a str]) {
    for lead in [&["no", "later", "than"][..], &["not", "later", "than"], &["by"], &["before"], &["within"], &["due"]] {
        if let Some(rest) = words.strip_prefix(lead) {
            return (true, rest);
        }
    }
    (false, words)
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: [&str; 12] = [
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

/// `monday`, `mondays`, `mon`.
fn weekday(word: &str) -> Option<Weekday> {
    let word = word.strip_suffix('s').filter(|w| WEEKDAYS.contains(w)).unwrap_or(word);
    let i = WEEKDAYS.iter().position(|w| *w == word || (word.len() >= 3 && w.starts_with(word)))?;
    Some([Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun][i])
}

fn month(word: &str) -> Option<u8> {
    MONTHS.iter().position(|m| *m == word || (word.len() >= 3 && m.starts_with(word))).map(|i| i as u8 + 1)
}

/// `15th`, `1st`, `15` → 15.
fn day(word: &str) -> Option<i32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse::<i32>().ok().filter(|n| (1..=31).contains(n))
}

/// `2`, `two`, `other` (2).
fn count(word: &str) -> Option<u16> {
    const WORDS: [&str; 12] =
        ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];
    if word == "other" {
        return Some(2);
    }
    word.parse::<u16>()
        .ok()
        .filter(|n| *n >= 1)
        .or_else(|| WORDS.iter().position(|w| *w == word).filter(|n| *n > 0).map(|n| n as u16))
}

/// `first`, `2nd`, `last`, `second to last`.
fn nth(word: &str) -> Option<i8> {
    const WORDS: [&str; 6] = ["", "first", "second", "third", "fourth", "fifth"];
    if word == "last" {
        return Some(-1);
    }
    WORDS.iter().position(|w| *w == word).filter(|n| *n > 0).map(|n| n as i8).or_else(|| {
        let digits = word
            .strip_suffix("st")
            .or(word.strip_suffix("nd"))
            .or(word.strip_suffix("rd"))
            .or(word.strip_suffix("th"))?;
        digits.parse::<i8>().ok().filter(|n| (1..=23).contains(n))
    })
}

fn unit(word: &str) -> Option<Unit> {
    Some(match word.strip_suffix('s').unwrap_or(word) {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "quarter" => Unit::Quarter,
        "half-year" | "half" => Unit::Half,
        "year" => Unit::Year,
        _ => return None,
    })
}

/// `monday`, `monday and thursday`, `monday wednesday and friday`: a weekday mask.
fn weekdays(words: &[&str]) -> Option<u8> {
    let mut mask = 0;
    for w in words.iter().filter(|w| **w != "and") {
        mask |= weekday_bit(weekday(w)?);
    }
    (mask != 0).then_some(mask)
}

/// `… of each month`, `… of every quarter`, `… of the year`, `… each month`: the words before
/// and the period.
fn of_each<'a, 'b>(words: &'b [&'a str]) -> Option<(&'b [&'a str], Unit)> {
    let (last, head) = words.split_last()?;
    let unit = unit(last)?;
    let head = head.strip_suffix(&["each"]).or(head.strip_suffix(&["every"])).or(head.strip_suffix(&["the"]))?;
    Some((head.strip_suffix(&["of"]).unwrap_or(head), unit))
}

fn rule(words: &[&str]) -> Option<Cadence> {
    let words = words.strip_prefix(&["on"]).unwrap_or(words);
    let half = cadence(Unit::Half, 1, day_of(1, 1));
    match words {
        ["daily"] | ["every" | "each", "day"] | ["once", "a", "day"] => return Some(cadence(Unit::Day, 1, Pick::All)),
        ["every" | "each", "working" | "business", "day"] | ["every" | "each", "workday"] => {
            return Some(cadence(Unit::Day, 1, Pick::Working));
        }
        // Weekdays are Monday to Friday, holidays or not (as 每周一至周五).
        ["every" | "each", "weekday"] | ["weekdays"] => return Some(cadence(Unit::Week, 1, Pick::Weekdays(0b1_1111))),
        ["weekly"] | ["every" | "each", "week"] | ["once", "a", "week"] => {
            return Some(cadence(Unit::Week, 1, Pick::Weekdays(weekday_bit(Weekday::Mon))));
        }
        ["fortnightly"] => return Some(cadence(Unit::Week, 2, Pick::Weekdays(weekday_bit(Weekday::Mon)))),
        ["monthly"] | ["every" | "each", "month"] | ["once", "a", "month"] => {
            return Some(cadence(Unit::Month, 1, day_of(1, 1)));
        }
        ["quarterly"] | ["every" | "each", "quarter"] | ["once", "a", "quarter"] => {
            return Some(cadence(Unit::Quarter, 1, day_of(1, 1)));
        }
        ["twice", "a", "year"] | ["half-yearly" | "semi-annually" | "semiannually"] | ["every", "half", "year"] => {
            return Some(half);
        }
        ["yearly" | "annually"] | ["every" | "each", "year"] | ["once", "a", "year"] => {
            return Some(cadence(Unit::Year, 1, day_of(1, 1)));
        }
        _ => {}
    }
    // every N weeks / every other Wednesday / every 2 months on the 5th / fortnightly on Monday.
    if let ["every", n, rest @ ..] = words
        && let Some(found) = count(n).and_then(|n| every_n(n, rest))
    {
        return Some(found);
    }
    if let ["fortnightly", "on", days @ ..] = words {
        return Some(cadence(Unit::Week, 2, Pick::Weekdays(weekdays(days)?)));
    }
    if let ["weekly", "on", days @ ..] | ["every" | "weekly", days @ ..] = words
        && let Some(mask) = weekdays(days)
    {
        return Some(cadence(Unit::Week, 1, Pick::Weekdays(mask)));
    }
    if let ["monthly", "on", "the", what @ ..] = words {
        return Some(cadence(Unit::Month, 1, in_period(what, Unit::Month)?));
    }
    if let ["twice", "a", "year", "in", months @ ..]
    | ["every", months @ ..]
    | ["yearly" | "annually", "in", months @ ..] = words
        && let Some(mask) = month_list(months)
    {
        return Some(cadence(Unit::Year, 1, Pick::Days { months: mask, days: 1 << 1 }));
    }
    // within 10 working days after the end of each month; within 15 days after the end of each quarter.
    if let [n, kind @ .., "after", "the", "end", "of", each, period] = words
        && let Some(n) = count(n).and_then(|n| i8::try_from(n).ok())
    {
        let (_, unit) = of_each(&[*each, *period])?;
        let pick = match kind {
            ["working" | "business", "days"] | ["working" | "business", "day"] => Pick::WorkingDay { month: 1, n },
            ["days"] | ["day"] if n <= 28 => day_of(1, i32::from(n)),
            _ => return None,
        };
        return (unit != Unit::Week && unit != Unit::Day).then(|| cadence(unit, 1, pick));
    }
    if let ["every" | "yearly" | "annually", rest @ ..] = words
        && let Some((m, d)) = year_day(rest)
    {
        return Some(cadence(Unit::Year, 1, day_of(m, d)));
    }
    if let Some((head, unit)) = of_each(words) {
        if let Some((m, d)) = year_day(head).filter(|_| unit == Unit::Year) {
            return Some(cadence(Unit::Year, 1, day_of(m, d)));
        }
        return Some(cadence(unit, 1, in_period(head, unit)?));
    }
    None
}

/// After `every N`: `weeks`, `weeks on Monday`, `Wednesday`, `months on the 5th`, `days`, `years`.
fn every_n(n: u16, rest: &[&str]) -> Option<Cadence> {
    if let Some(mask) = weekdays(rest) {
        return Some(cadence(Unit::Week, n, Pick::Weekdays(mask)));
    }
    let (unit_word, on) = rest.split_first()?;
    let unit = unit(unit_word)?;
    let pick = match (unit, on) {
        (Unit::Day, []) => Pick::All,
        (Unit::Week, []) => Pick::Weekdays(weekday_bit(Weekday::Mon)),
        (Unit::Week, ["on", days @ ..]) => Pick::Weekdays(weekdays(days)?),
        (Unit::Day | Unit::Week, _) => return None,
        (_, []) => day_of(1, 1),
        (_, ["on", "the", what @ ..] | ["on", what @ ..]) => in_period(what, unit)?,
        _ => return None,
    };
    Some(cadence(unit, n, pick))
}

/// `march and september`: a mask of months.
fn month_list(words: &[&str]) -> Option<u16> {
    let mut mask = 0u16;
    for w in words.iter().filter(|w| **w != "and") {
        mask |= 1 << month(w)?;
    }
    (mask.count_ones() >= 1).then_some(mask)
}

/// What of a period: `15th`, `the 15th`, `last day`, `end`, `first day`, `first Monday`,
/// `last working day`, `3rd business day`, `first 5 working days`.
fn in_period(words: &[&str], unit: Unit) -> Option<Pick> {
    let words = words.strip_prefix(&["the"]).unwrap_or(words);
    let months = unit.months() as u8;
    let first_last = |n: i8| if n > 0 { 1 } else { months };
    let pick = match words {
        ["end"] | ["last", "day"] => day_of(months, -1),
        ["first", "day"] | ["start"] | ["beginning"] => day_of(1, 1),
        [d] if unit == Unit::Month => day_of(1, day(d)?),
        [n, "working" | "business", "day"] | ["first", n, "working" | "business", "days"] => {
            let n = nth(n).or_else(|| count(n).and_then(|c| i8::try_from(c).ok()))?;
            match unit {
                Unit::Month | Unit::Week | Unit::Year => Pick::WorkingDay { month: 0, n },
                _ if n.abs() <= 15 => Pick::WorkingDay { month: first_last(n), n },
                _ => return None,
            }
        }
        [n, w] => {
            let (n, weekday) = (nth(n)?, weekday(w)?);
            match unit {
                Unit::Month | Unit::Year => Pick::Weekday { month: 0, n, weekday },
                Unit::Quarter | Unit::Half if n.abs() <= 4 => Pick::Weekday { month: first_last(n), n, weekday },
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(pick)
}

/// `year on 30 june`, `on june 30`, `30 june`, `june 30th`, `31 march`: a month and a day.
fn year_day(words: &[&str]) -> Option<(u8, i32)> {
    let words = words.strip_prefix(&["year"]).unwrap_or(words);
    let words = words.strip_prefix(&["on"]).unwrap_or(words);
    let words = words.strip_prefix(&["the"]).unwrap_or(words);
    match words {
        [d, m] | [d, "of", m] if month(m).is_some() => Some((month(m)?, day(d)?)),
        [m, d] if month(m).is_some() => Some((month(m)?, day(d)?)),
        _ => None,
    }
}
