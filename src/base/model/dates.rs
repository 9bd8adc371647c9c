//! When duties fall: a recurring duty's start and its dates (of its schedule, or before each end
//! of the agreement's period), and whether they are deadlines.

use chrono::NaiveDate;

use super::{Agreement, Clause, Duty};

impl Agreement {
    /// The day duty `d` of clause `c` starts recurring, from which every N-th period counts: its
    /// `since:`, else the agreement's `effective` date, else the clause's `revised` date, else
    /// `today` — but a schedule of every N-th period has no start without one of those dates
    /// (counting from the day of the build would move its dates from one day to the next).
    pub fn duty_start(&self, c: &Clause, d: &Duty, today: NaiveDate) -> Option<NaiveDate> {
        let written = d.since.or(self.effective).or(c.revised);
        match d.schedule {
            Some(rule) if rule.interval > 1 => written,
            _ => Some(written.unwrap_or(today)),
        }
    }

    /// The dates duty `d` of clause `c` recurs on from `from` to `to` (none without a schedule).
    pub fn duty_dates(
        &self,
        c: &Clause,
        d: &Duty,
        (from, to): (NaiveDate, NaiveDate),
        today: NaiveDate,
    ) -> Vec<NaiveDate> {
        if let (Some(before), Some(period)) = (d.before_end, &self.period) {
            let start = d.since.unwrap_or(period.start);
            return period.before_ends(before, (from.max(start), to));
        }
        match (&d.schedule, self.duty_start(c, d, today)) {
            (Some(rule), Some(start)) => rule.dates(start, from, to, &self.workdays),
            _ => Vec::new(),
        }
    }
}

impl Duty {
    /// Whether its dates are deadlines (done by the date) rather than the days it happens;
    /// `None` when it does not recur (no cadence understood).
    pub fn by_deadline(&self) -> Option<bool> {
        match (&self.schedule, self.before_end) {
            (Some(rule), _) => Some(rule.deadline),
            (None, Some(_)) => Some(true),
            (None, None) => None,
        }
    }
}
