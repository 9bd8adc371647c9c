//! Working days: weekends (Saturday and Sunday) plus the holidays and make-up working days
//! (调休) a project lists in its `calendar/` folder, for schedules such as 每月最后一个工作日 and
//! for moving an occurrence off a holiday. Without a calendar, working days are Monday–Friday.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

/// How many days ahead `check` says that the calendar ends (so that the next year's holidays are
/// added before schedules need them).
pub const NOTICE: u64 = 90;

/// The working-day calendar an agreement's schedules follow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Workdays {
    /// Days off that would otherwise be working days (法定节假日).
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    pub workdays: BTreeSet<NaiveDate>,
    /// The years the calendar's files cover (each file's `year`): outside them only weekends
    /// are days off.
    pub years: BTreeSet<i32>,
}

impl Workdays {
    /// Whether `date` is a working day.
    pub fn working(&self, date: NaiveDate) -> bool {
        if self.holidays.contains(&date) {
            return false;
        }
        self.workdays.contains(&date) || !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Whether the project keeps a calendar at all (else working days are Monday–Friday).
    pub fn kept(&self) -> bool {
        !self.years.is_empty()
    }

    /// The last day the calendar knows the holidays of (31 December of its last year).
    pub fn ends(&self) -> Option<NaiveDate> {
        self.years.last().and_then(|y| NaiveDate::from_ymd_opt(*y, 12, 31))
    }

    /// The first working day after `date` (or before it, when `forward` is false); `date` itself
    /// when no working day is within 60 days (no calendar has such a holiday).
    pub fn step(&self, date: NaiveDate, forward: bool) -> NaiveDate {
        let mut d = date;
        for _ in 0..60 {
            let Some(next) = (if forward { d.succ_opt() } else { d.pred_opt() }) else { break };
            d = next;
            if self.working(d) {
                return d;
            }
        }
        date
    }
}
