//! The grammar's own cases; tests/schedules.rs checks a table of real phrasings against an
//! independent RRULE expander.

use super::*;

const MON_FRI: Workdays = Workdays {
    holidays: std::collections::BTreeSet::new(),
    workdays: std::collections::BTreeSet::new(),
    years: std::collections::BTreeSet::new(),
};

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
        "每周三 25:00",
        "monthly on the 40th",
    ] {
        assert_eq!(Cadence::parse(text), None, "{text}");
    }
}

#[test]
fn dates_follow_the_rule() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let wednesdays: Vec<_> =
        Cadence::parse("每周三").unwrap().dates(d("2026-12-01"), d("2026-12-01"), d("2026-12-31"), &MON_FRI);
    assert_eq!(wednesdays, [d("2026-12-02"), d("2026-12-09"), d("2026-12-16"), d("2026-12-23"), d("2026-12-30")]);
    let first_monday = Cadence::parse("每月第一个周一").unwrap();
    assert_eq!(first_monday.first_from(d("2026-12-02"), &MON_FRI), Some(d("2026-12-07")));
    assert_eq!(first_monday.first_from(d("2026-12-08"), &MON_FRI), Some(d("2027-01-04")));
    let last_friday = Cadence::parse("每月最后一个周五").unwrap();
    assert_eq!(last_friday.first_from(d("2026-02-01"), &MON_FRI), Some(d("2026-02-27")));
    assert_eq!(Cadence::parse("每季度末").unwrap().first_from(d("2026-04-01"), &MON_FRI), Some(d("2026-06-30")));
    assert_eq!(Cadence::parse("每月底").unwrap().first_from(d("2028-02-02"), &MON_FRI), Some(d("2028-02-29")));
    assert_eq!(Cadence::parse("每年十二月").unwrap().first_from(d("2026-12-02"), &MON_FRI), Some(d("2027-12-01")));
    // 29 February is up to eight years away (no 2100-02-29).
    let leap = Cadence::parse("每年2月29日").unwrap();
    assert_eq!(leap.never_occurs(), None);
    assert_eq!(leap.first_from(d("2025-01-01"), &MON_FRI), Some(d("2028-02-29")));
    assert_eq!(leap.first_from(d("2096-03-01"), &MON_FRI), Some(d("2104-02-29")));
}

#[test]
fn a_day_no_month_has_never_occurs() {
    for text in ["每年二月三十日", "every year on 30 February", "每年4月31日", "yearly on November 31st"] {
        let cadence = Cadence::parse(text).unwrap_or_else(|| panic!("{text} reads as a rule"));
        assert!(cadence.never_occurs().is_some(), "{text}");
        assert_eq!(cadence.first_from(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), &MON_FRI), None, "{text}");
    }
    for text in ["每年二月二十九日", "每年十二月三十一日", "每月三十一日", "每年二月底"] {
        assert_eq!(Cadence::parse(text).unwrap().never_occurs(), None, "{text}");
    }
}
