//! The schedules people write: a table of real phrasings (Chinese and English) with the dates
//! each must give, every one checked twice — against the dates written here by hand, and against
//! the `rrule` crate expanding the `RRULE` clausebook writes into the calendars — and the same
//! schedules on China's 2026 working-day calendar (国庆, 春节 and their 调休 days).

use chrono::{NaiveDate, NaiveTime, TimeZone};
use clausebook::base::cadence::Cadence;
use clausebook::base::workdays::Workdays;

fn d(s: &str) -> NaiveDate {
    let s = if s.len() == 5 { format!("2026-{s}") } else { s.to_string() };
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_else(|_| panic!("{s}"))
}

/// Written, whether it is a deadline, its time, and its first dates from Thursday 2026-01-01
/// (`MM-DD` in 2026) on Monday–Friday working days.
const TABLE: &[(&str, bool, Option<&str>, &[&str])] = &[
    ("每天", false, None, &["01-01", "01-02", "01-03", "01-04"]),
    ("每日", false, None, &["01-01", "01-02", "01-03", "01-04"]),
    ("daily", false, None, &["01-01", "01-02", "01-03", "01-04"]),
    ("每个工作日", false, None, &["01-01", "01-02", "01-05", "01-06"]),
    ("every working day", false, None, &["01-01", "01-02", "01-05", "01-06"]),
    ("every business day", false, None, &["01-01", "01-02", "01-05", "01-06"]),
    ("每周三", false, None, &["01-07", "01-14", "01-21"]),
    ("每星期五", false, None, &["01-02", "01-09", "01-16"]),
    ("every Wednesday", false, None, &["01-07", "01-14", "01-21"]),
    ("weekly on Friday", false, None, &["01-02", "01-09", "01-16"]),
    ("每周", false, None, &["01-05", "01-12", "01-19"]),
    ("weekly", false, None, &["01-05", "01-12", "01-19"]),
    ("每周一次", false, None, &["01-05", "01-12", "01-19"]),
    ("每周一、三、五", false, None, &["01-02", "01-05", "01-07", "01-09"]),
    ("every Monday and Thursday", false, None, &["01-01", "01-05", "01-08", "01-12"]),
    ("每周二和周四", false, None, &["01-01", "01-06", "01-08", "01-13"]),
    ("隔周三", false, None, &["01-07", "01-21", "02-04"]),
    ("每两周的周三", false, None, &["01-07", "01-21", "02-04"]),
    ("双周周三", false, None, &["01-07", "01-21", "02-04"]),
    ("every other Wednesday", false, None, &["01-07", "01-21", "02-04"]),
    ("every 2 weeks on Wednesday", false, None, &["01-07", "01-21", "02-04"]),
    ("每两周", false, None, &["01-05", "01-19", "02-02"]),
    ("fortnightly", false, None, &["01-05", "01-19", "02-02"]),
    ("每3天", false, None, &["01-01", "01-04", "01-07"]),
    ("every 3 days", false, None, &["01-01", "01-04", "01-07"]),
    ("隔天", false, None, &["01-01", "01-03", "01-05"]),
    ("每月", false, None, &["01-01", "02-01", "03-01"]),
    ("monthly", false, None, &["01-01", "02-01", "03-01"]),
    ("每月一次", false, None, &["01-01", "02-01", "03-01"]),
    ("每月15日", false, None, &["01-15", "02-15", "03-15"]),
    ("每个月的十五号", false, None, &["01-15", "02-15", "03-15"]),
    ("monthly on the 15th", false, None, &["01-15", "02-15", "03-15"]),
    ("每月15日前", true, None, &["01-15", "02-15", "03-15"]),
    ("by the 15th of each month", true, None, &["01-15", "02-15", "03-15"]),
    ("no later than the 10th of each month", true, None, &["01-10", "02-10", "03-10"]),
    ("每月1日和15日", false, None, &["01-01", "01-15", "02-01", "02-15"]),
    ("每月底", false, None, &["01-31", "02-28", "03-31"]),
    ("end of each month", false, None, &["01-31", "02-28", "03-31"]),
    ("the last day of every month", false, None, &["01-31", "02-28", "03-31"]),
    ("每月第一个周一", false, None, &["01-05", "02-02", "03-02"]),
    ("first Monday of each month", false, None, &["01-05", "02-02", "03-02"]),
    ("每月最后一个周五", false, None, &["01-30", "02-27", "03-27"]),
    ("last Friday of every month", false, None, &["01-30", "02-27", "03-27"]),
    ("每月第二个星期二", false, None, &["01-13", "02-10", "03-10"]),
    ("每月第一个工作日", false, None, &["01-01", "02-02", "03-02"]),
    ("first working day of each month", false, None, &["01-01", "02-02", "03-02"]),
    ("每月最后一个工作日", false, None, &["01-30", "02-27", "03-31"]),
    ("last business day of the month", false, None, &["01-30", "02-27", "03-31"]),
    ("每月第三个工作日", false, None, &["01-05", "02-04", "03-04"]),
    ("每月结束后10个工作日内", true, None, &["01-14", "02-13", "03-13"]),
    ("within 10 working days after the end of each month", true, None, &["01-14", "02-13", "03-13"]),
    ("每月前5个工作日内", true, None, &["01-07", "02-06", "03-06"]),
    ("within the first 5 working days of each month", true, None, &["01-07", "02-06", "03-06"]),
    ("每两个月5日", false, None, &["01-05", "03-05", "05-05"]),
    ("隔月5日", false, None, &["01-05", "03-05", "05-05"]),
    ("every 2 months on the 5th", false, None, &["01-05", "03-05", "05-05"]),
    ("every other month", false, None, &["01-01", "03-01", "05-01"]),
    ("每季度", false, None, &["01-01", "04-01", "07-01"]),
    ("quarterly", false, None, &["01-01", "04-01", "07-01"]),
    ("每季度末", false, None, &["03-31", "06-30", "09-30"]),
    ("end of each quarter", false, None, &["03-31", "06-30", "09-30"]),
    ("每季度首月15日前", true, None, &["01-15", "04-15", "07-15"]),
    ("每季度结束后15日内", true, None, &["01-15", "04-15", "07-15"]),
    ("within 15 days after the end of each quarter", true, None, &["01-15", "04-15", "07-15"]),
    ("每季度第一个工作日", false, None, &["01-01", "04-01", "07-01"]),
    ("每季度最后一个工作日", false, None, &["03-31", "06-30", "09-30"]),
    ("last working day of each quarter", false, None, &["03-31", "06-30", "09-30"]),
    ("每季度第一个周一", false, None, &["01-05", "04-06", "07-06"]),
    ("first Monday of each quarter", false, None, &["01-05", "04-06", "07-06"]),
    ("每半年", false, None, &["01-01", "07-01", "2027-01-01"]),
    ("半年一次", false, None, &["01-01", "07-01", "2027-01-01"]),
    ("twice a year", false, None, &["01-01", "07-01", "2027-01-01"]),
    ("half-yearly", false, None, &["01-01", "07-01", "2027-01-01"]),
    ("每半年末", false, None, &["06-30", "12-31", "2027-06-30"]),
    ("每年3月和9月", false, None, &["03-01", "09-01", "2027-03-01"]),
    ("twice a year in March and September", false, None, &["03-01", "09-01", "2027-03-01"]),
    ("every June and December", false, None, &["06-01", "12-01", "2027-06-01"]),
    ("每年6月、12月底", false, None, &["06-30", "12-31", "2027-06-30"]),
    ("每年", false, None, &["01-01", "2027-01-01"]),
    ("yearly", false, None, &["01-01", "2027-01-01"]),
    ("每年12月31日前", true, None, &["12-31", "2027-12-31"]),
    ("by 31 March each year", true, None, &["03-31", "2027-03-31"]),
    ("every year on 30 June", false, None, &["06-30", "2027-06-30"]),
    ("每年最后一个工作日", false, None, &["12-31", "2027-12-31"]),
    ("last working day of the year", false, None, &["12-31", "2027-12-31"]),
    ("每年第一个工作日", false, None, &["01-01", "2027-01-01"]),
    ("每两年", false, None, &["01-01", "2028-01-01"]),
    ("every 2 years", false, None, &["01-01", "2028-01-01"]),
    ("每年3月第一个周一", false, None, &["03-02", "2027-03-01"]),
    ("每周三 14:00", false, Some("14:00"), &["01-07", "01-14", "01-21"]),
    ("每周三下午2点", false, Some("14:00"), &["01-07", "01-14", "01-21"]),
    ("每周一上午9点半", false, Some("09:30"), &["01-05", "01-12", "01-19"]),
    ("every Wednesday at 2pm", false, Some("14:00"), &["01-07", "01-14", "01-21"]),
    ("daily at 9:00", false, Some("09:00"), &["01-01", "01-02", "01-03"]),
    ("每月5日（遇节假日顺延）", false, None, &["01-05", "02-05", "03-05", "04-06"]),
    ("monthly on the 5th (next working day if a holiday)", false, None, &["01-05", "02-05", "03-05", "04-06"]),
    ("每月15日，遇节假日提前", false, None, &["01-15", "02-13", "03-13"]),
];

/// The dates the `rrule` crate gives for `rule` from `start` (its first date) to `to`.
fn expand(start: NaiveDate, rule: &str, to: NaiveDate) -> Vec<NaiveDate> {
    let text = format!("DTSTART:{}T000000Z\nRRULE:{rule}", start.format("%Y%m%d"));
    let set: rrule::RRuleSet = text.parse().unwrap_or_else(|e| panic!("{rule}: {e}"));
    let at = |d: NaiveDate| rrule::Tz::UTC.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap());
    let before = set.before(at(to.succ_opt().unwrap()));
    before.all(u16::MAX).dates.iter().map(|d| d.date_naive()).filter(|d| *d >= start && *d <= to).collect()
}

#[test]
fn at_least_sixty_phrasings_give_the_dates_written_here_and_a_real_expander_agrees() {
    assert!(TABLE.len() >= 60, "the table has {} phrasings", TABLE.len());
    let mon_fri = Workdays::default();
    let start = d("2026-01-01");
    for (written, deadline, time, want) in TABLE {
        let rule = Cadence::parse(written).unwrap_or_else(|| panic!("`{written}` is not understood"));
        let want: Vec<NaiveDate> = want.iter().map(|s| d(s)).collect();
        let got = rule.dates(start, start, d("2032-12-31"), &mon_fri);
        assert_eq!(&got[..want.len().min(got.len())], &want[..], "`{written}`");
        assert_eq!(rule.deadline, *deadline, "`{written}` deadline");
        assert_eq!(rule.time, time.map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap()), "`{written}` time");
        if rule.uses_workdays() && rule.shift != clausebook::base::cadence::Shift::Keep {
            continue; // a date moved off a weekend is an RDATE of the calendars (tests/obligations.rs)
        }
        // Six years of dates, as a calendar program expands the RRULE from the first.
        let to = d("2031-12-31");
        let ours = rule.dates(start, start, to, &mon_fri);
        let theirs = expand(ours[0], &rule.rrule(), to);
        let first_apart = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
        assert!(
            ours.len() == theirs.len() && first_apart == ours.len(),
            "`{written}` ({}): clausebook and the rrule crate part at date {first_apart}: {:?} / {:?}",
            rule.rrule(),
            ours.get(first_apart),
            theirs.get(first_apart)
        );
    }
}

#[test]
fn what_is_not_a_schedule_stays_text_and_the_nearest_form_is_named() {
    for text in [
        "视情况而定",
        "每周八",
        "每月三十二日",
        "每月第六个周一",
        "每年十三月",
        "when needed",
        "every blue moon",
        "每季度15日",
    ] {
        assert_eq!(Cadence::parse(text), None, "`{text}` must not be understood");
    }
    assert_eq!(Cadence::parse("每周三中午12点").and_then(|c| c.time), NaiveTime::from_hms_opt(12, 0, 0));
    // A very long text is not a schedule (and is not searched character by character).
    assert_eq!(Cadence::parse(&"每".repeat(200_000)), None);
    assert_eq!(Cadence::nearest("每月第一个工作曰"), Some("每月第一个工作日"));
    assert_eq!(Cadence::nearest("every other wensday"), Some("every other Wednesday"));
    // A suggestion that would change the meaning is not made.
    for far in ["每365天", "每年结束后90日内", "every second Tuesday", "每周五17:00之前"] {
        assert_eq!(Cadence::nearest(far), None, "{far}");
    }
}

/// China's working days of 2026 (国务院办公厅, 2025-11-04), as `calendar/2026.yaml` lists them.
fn china_2026() -> Workdays {
    let mut w = Workdays::default();
    let holidays = [
        ("01-01", "01-03"),
        ("02-15", "02-23"),
        ("04-04", "04-06"),
        ("05-01", "05-05"),
        ("06-19", "06-21"),
        ("09-25", "09-27"),
        ("10-01", "10-07"),
    ];
    for (from, to) in holidays {
        w.holidays.extend(d(from).iter_days().take_while(|x| *x <= d(to)));
    }
    w.workdays.extend(["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"].map(d));
    w.years.insert(2026);
    w
}

#[test]
fn working_days_follow_the_calendar_in_the_weeks_of_holidays() {
    let cn = china_2026();
    let start = d("2026-01-01");
    let dates =
        |written: &str, from: &str, to: &str| Cadence::parse(written).unwrap().dates(start, d(from), d(to), &cn);
    // 1 January is a holiday and Sunday 4 January a working day.
    assert_eq!(dates("每月第一个工作日", "01-01", "02-28"), [d("01-04"), d("02-02")]);
    // Saturday 28 February is a working day: February's last.
    assert_eq!(dates("每月最后一个工作日", "02-01", "02-28"), [d("02-28")]);
    // 国庆: 1–7 October off, Saturday 10 October a working day.
    assert_eq!(dates("first working day of each month", "10-01", "10-31"), [d("10-08")]);
    assert_eq!(dates("每个工作日", "09-30", "10-12"), [d("09-30"), d("10-08"), d("10-09"), d("10-10"), d("10-12")]);
    // 遇节假日顺延: 5 October moves to the 8th, 5 May to the 6th; 提前: Sunday 15 February to
    // Saturday the 14th, a working day (调休).
    assert_eq!(dates("每月5日（遇节假日顺延）", "05-01", "05-31"), [d("05-06")]);
    assert_eq!(dates("每月5日（遇节假日顺延）", "10-01", "10-31"), [d("10-08")]);
    assert_eq!(dates("每月15日，遇节假日提前", "02-01", "02-28"), [d("02-14")]);
    assert_eq!(dates("每周三（遇节假日顺延）", "09-28", "10-11"), [d("09-30"), d("10-08")]);
    // 每周一至周五 and weekdays are Monday to Friday as written: holidays and 调休 Saturdays alike.
    let monday_to_friday = [d("10-01"), d("10-02"), d("10-05"), d("10-06"), d("10-07"), d("10-08"), d("10-09")];
    assert_eq!(dates("每周一至周五", "10-01", "10-10"), monday_to_friday);
    assert_eq!(dates("weekdays", "10-01", "10-10"), monday_to_friday);
    // Past the calendar's last year, only weekends are days off.
    assert_eq!(dates("每月第一个工作日", "2027-01-01", "2027-01-31"), [d("2027-01-01")]);
}
