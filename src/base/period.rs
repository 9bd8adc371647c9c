//! The agreement's period of validity (`period:` in `_index.md`): when it starts and ends,
//! whether it renews itself and for how long, the notice that stops a renewal, and the reminders
//! of the calendars. Named `period`, never `term`, so that it is not mistaken for a defined term;
//! each stretch of the period is a [`Stretch`].

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use crate::base::diagnostic::Span;

/// A length of time: `30天`, `3个月`, `1年`, `2 weeks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Length {
    /// Days.
    Days(u32),
    /// Weeks.
    Weeks(u32),
    /// Calendar months.
    Months(u32),
    /// Calendar years.
    Years(u32),
}

/// A length is exported as an ISO 8601 duration: `P30D`, `P2W`, `P3M`, `P1Y`.
impl Serialize for Length {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl Length {
    /// As an ISO 8601 duration: `P30D`, `P2W`, `P3M`, `P1Y`.
    pub fn iso(self) -> String {
        let (n, unit) = match self {
            Length::Days(n) => (n, 'D'),
            Length::Weeks(n) => (n, 'W'),
            Length::Months(n) => (n, 'M'),
            Length::Years(n) => (n, 'Y'),
        };
        format!("P{n}{unit}")
    }

    /// Reads a date relative to the end of the agreement's period, `到期前30日`, `协议期满前3个月`,
    /// `30 days before the end of the period`, `1 month before expiry`: how long before it.
    pub fn before_end(text: &str) -> Option<Length> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        for tail in [" before the end of the period", " before the end of the agreement", " before expiry"] {
            if let Some(len) = lower.strip_suffix(tail) {
                return Length::parse(len.trim_start_matches("no later than ").trim_start_matches("by "));
            }
        }
        let text = text.trim_end_matches('内');
        let rest =
            ["本协议", "协议", "合同", "有效期", "本期"].iter().find_map(|p| text.strip_prefix(p)).unwrap_or(text);
        let rest = ["到期前", "届满前", "期满前", "终止前"].iter().find_map(|p| rest.strip_prefix(p))?;
        Length::parse(rest)
    }

    /// Reads `30天`, `30日`, `三十天`, `2周`, `3个月`, `半年`, `1年`, `一年`, `30 days`, `1 year`,
    /// `3 months`, `2 weeks`.
    pub fn parse(text: &str) -> Option<Length> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if text == "半年" || text == "halfayear" {
            return Some(Length::Months(6));
        }
        let end = text.char_indices().find(|(_, c)| !(c.is_ascii_digit() || "零一二三四五六七八九十两廿".contains(*c)));
        let (count, unit) = text.split_at(end.map_or(text.len(), |(i, _)| i));
        let n = if count.bytes().all(|b| b.is_ascii_digit()) && !count.is_empty() && count.len() <= 4 {
            count.parse().ok()?
        } else {
            u32::try_from(crate::base::cadence::chinese_number(count)?).ok()?
        };
        if n == 0 {
            return None;
        }
        Some(match unit {
            "天" | "日" | "day" | "days" | "个工作日" => Length::Days(n),
            "周" | "个星期" | "星期" | "week" | "weeks" => Length::Weeks(n),
            "个月" | "月" | "month" | "months" => Length::Months(n),
            "年" | "year" | "years" => Length::Years(n),
            _ => return None,
        })
    }

    /// `date` moved back by this length (`None` before the calendar's start).
    pub fn before(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Length::Days(n) => date.checked_sub_days(Days::new(u64::from(n))),
            Length::Weeks(n) => date.checked_sub_days(Days::new(7 * u64::from(n))),
            Length::Months(n) => date.checked_sub_months(Months::new(n)),
            Length::Years(n) => date.checked_sub_months(Months::new(n.checked_mul(12)?)),
        }
    }

    /// `date` moved on by this length.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Length::Days(n) => date.checked_add_days(Days::new(u64::from(n))),
            Length::Weeks(n) => date.checked_add_days(Days::new(7 * u64::from(n))),
            Length::Months(n) => date.checked_add_months(Months::new(n)),
            Length::Years(n) => date.checked_add_months(Months::new(n.checked_mul(12)?)),
        }
    }

    /// Its whole days when it is a number of days or weeks (for a calendar's `TRIGGER:-P…D`), or
    /// its days from `from` back.
    pub fn days_before(self, from: NaiveDate) -> i64 {
        self.before(from).map_or(0, |d| (from - d).num_days())
    }
}

/// Whether a period renews itself when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Renewal {
    /// It ends on its `end` date.
    #[default]
    None,
    /// It renews for `renew_for` unless a party gives notice in time.
    Auto,
}

/// `period:` of `_index.md`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    /// The first day (`start`, else the agreement's `effective` date).
    pub start: NaiveDate,
    /// The last day of the first stretch.
    pub end: NaiveDate,
    /// Whether it renews itself.
    pub renewal: Renewal,
    /// How long each renewal lasts.
    pub renew_for: Option<Length>,
    /// How long before the end notice must be given to stop a renewal (or, without renewal, to
    /// prepare the next agreement).
    pub notice: Option<Length>,
    /// How long before the notice deadline and the end the calendars remind.
    pub remind: Vec<Length>,
    /// How long before the notice deadline (or the end) `check` warns.
    pub warn: Length,
    /// Where `period:` is written in `_index.md`.
    #[serde(skip)]
    pub span: Span,
}

/// One stretch of the period: the first, or a renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stretch {
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// 1 for the first, 2 for the first renewal, …
    pub number: u32,
}

impl Period {
    /// The stretch in force on `date`: the one that holds it, the first one before the start,
    /// the last one after an end without renewal.
    pub fn stretch_on(&self, date: NaiveDate) -> Stretch {
        let first = Stretch { start: self.start, end: self.end, number: 1 };
        let Some(each) = self.renew_for.filter(|_| self.renewal == Renewal::Auto) else { return first };
        if date <= self.end {
            return first;
        }
        // The k-th renewal ends `k × renew_for` after the first end: jump close to the one that
        // holds `date` (a month or a year is not a fixed number of days), then step.
        let step_days = (each.after(self.end).unwrap_or(self.end) - self.end).num_days().max(1);
        let guess = u32::try_from(((date - self.end).num_days() / step_days - 1).max(0)).unwrap_or(u32::MAX - 2);
        // Months and years are counted from the day after the first end, so that a month's
        // renewal from 1 July ends on 31 July, and a year's from 1 March on the last of February.
        let Some(next) = self.end.succ_opt() else { return first };
        let end_after = |k: u32| -> Option<NaiveDate> {
            match each {
                Length::Days(n) => self.end.checked_add_days(Days::new(u64::from(n) * u64::from(k))),
                Length::Weeks(n) => self.end.checked_add_days(Days::new(7 * u64::from(n) * u64::from(k))),
                Length::Months(n) => next.checked_add_months(Months::new(n.checked_mul(k)?))?.pred_opt(),
                Length::Years(n) => {
                    next.checked_add_months(Months::new(n.checked_mul(k)?.checked_mul(12)?))?.pred_opt()
                }
            }
        };
        let mut k = guess;
        while end_after(k).is_some_and(|end| end >= date) && k > 0 {
            k -= 1;
        }
        while k < u32::MAX - 2 && end_after(k + 1).is_some_and(|end| end < date) {
            k += 1;
        }
        // Renewal k + 1 holds `date`: it starts the day after renewal k ends.
        match (end_after(k), end_after(k + 1)) {
            (Some(before), Some(end)) => Stretch { start: before.succ_opt().unwrap_or(before), end, number: k + 2 },
            _ => first,
        }
    }

    /// The last day to give notice before `stretch` ends (`None` without `notice`).
    pub fn notice_by(&self, stretch: &Stretch) -> Option<NaiveDate> {
        self.notice?.before(stretch.end)
    }

    /// The dates `before` the end of each stretch (`到期前30日`) from `from` to `to`: the first
    /// stretch's and, with renewal, each renewal's.
    pub fn before_ends(&self, before: Length, (from, to): (NaiveDate, NaiveDate)) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut stretch = self.stretch_on(from);
        // A date `before` the end of a stretch that ends after `to` may still fall in the range.
        for _ in 0..10_000 {
            if let Some(date) = before.before(stretch.end).filter(|d| *d >= from && *d <= to) {
                out.push(date);
            }
            let Some(next) = stretch.end.succ_opt().map(|d| self.stretch_on(d)).filter(|n| n.number > stretch.number)
            else {
                break;
            };
            if before.before(next.end).is_none_or(|d| d > to) {
                break;
            }
            stretch = next;
        }
        out
    }

    /// Whether the period has ended for good by `today` (no renewal, and `today` is after `end`).
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.renewal == Renewal::None && today > self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn lengths_read_in_both_languages() {
        for (text, want) in [
            ("30天", Length::Days(30)),
            ("三十日", Length::Days(30)),
            ("2周", Length::Weeks(2)),
            ("三个月", Length::Months(3)),
            ("半年", Length::Months(6)),
            ("1年", Length::Years(1)),
            ("一年", Length::Years(1)),
            ("30 days", Length::Days(30)),
            ("1 year", Length::Years(1)),
            ("3 Months", Length::Months(3)),
        ] {
            assert_eq!(Length::parse(text), Some(want), "{text}");
        }
        for text in ["", "0天", "三十", "forever", "1 fortnight"] {
            assert_eq!(Length::parse(text), None, "{text}");
        }
    }

    #[test]
    fn an_auto_renewing_period_counts_its_stretches() {
        let p = Period {
            start: d("2025-01-01"),
            end: d("2025-12-31"),
            renewal: Renewal::Auto,
            renew_for: Some(Length::Years(1)),
            notice: Some(Length::Days(30)),
            remind: Vec::new(),
            warn: Length::Days(30),
            span: Span::start(),
        };
        assert_eq!(p.stretch_on(d("2025-06-01")), Stretch { start: d("2025-01-01"), end: d("2025-12-31"), number: 1 });
        let second = p.stretch_on(d("2026-12-07"));
        assert_eq!(second, Stretch { start: d("2026-01-01"), end: d("2026-12-31"), number: 2 });
        assert_eq!(p.notice_by(&second), Some(d("2026-12-01")));
        assert!(!p.expired(d("2030-01-01")));
        // The day after the first end is in the first renewal.
        assert_eq!(p.stretch_on(d("2026-01-01")).number, 2);
        assert_eq!(p.stretch_on(d("2026-12-31")).number, 2);
        assert_eq!(p.stretch_on(d("2027-01-01")).number, 3);
        // A daily renewal since 1990 is counted, not stepped through.
        let daily =
            Period { start: d("1990-01-01"), end: d("1990-12-31"), renew_for: Some(Length::Days(1)), ..p.clone() };
        let today = daily.stretch_on(d("2026-12-07"));
        assert_eq!((today.start, today.end), (d("2026-12-07"), d("2026-12-07")));
        assert_eq!(today.number, 1 + (d("2026-12-07") - d("1990-12-31")).num_days() as u32);
        let monthly = Period { renew_for: Some(Length::Months(1)), ..p.clone() };
        assert_eq!(
            monthly.stretch_on(d("2026-03-15")),
            Stretch { start: d("2026-03-01"), end: d("2026-03-31"), number: 4 }
        );
        let fixed = Period { renewal: Renewal::None, ..p };
        assert_eq!(fixed.stretch_on(d("2026-12-07")).number, 1);
        assert!(fixed.expired(d("2026-01-01")) && !fixed.expired(d("2025-12-31")));
    }

    #[test]
    fn a_renewal_of_months_or_years_lasts_to_the_day_before_the_same_day() {
        let p = |start: &str, end: &str, each| Period {
            start: d(start),
            end: d(end),
            renewal: Renewal::Auto,
            renew_for: Some(each),
            notice: None,
            remind: Vec::new(),
            warn: Length::Days(30),
            span: Span::start(),
        };
        let monthly = p("2025-01-01", "2025-06-30", Length::Months(1));
        assert_eq!(
            monthly.stretch_on(d("2025-07-31")),
            Stretch { start: d("2025-07-01"), end: d("2025-07-31"), number: 2 }
        );
        assert_eq!(
            monthly.stretch_on(d("2025-08-01")),
            Stretch { start: d("2025-08-01"), end: d("2025-08-31"), number: 3 }
        );
        let yearly = p("2024-03-01", "2025-02-28", Length::Years(1));
        assert_eq!(
            yearly.stretch_on(d("2028-02-29")),
            Stretch { start: d("2027-03-01"), end: d("2028-02-29"), number: 4 }
        );
        assert_eq!(
            yearly.before_ends(Length::Days(30), (d("2027-01-01"), d("2029-12-31"))),
            [d("2027-01-29"), d("2028-01-30"), d("2029-01-29")]
        );
    }
}
