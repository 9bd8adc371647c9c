//! Recurring obligations end to end: cadences in the calendars (parsed by the `icalendar` crate and
//! expanded by the `rrule` crate, as a calendar program would), the upcoming page for a fixed
//! `--today`, each party's next obligations, overdue duties, and cadences not understood.

mod common;

use chrono::{NaiveDate, TimeZone};
use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};

use common::{CLAUSE, INDEX, Project};

/// The events of a calendar file, as a calendar program reads them: (UID, summary, start, RRULE).
fn events(file: &std::path::Path) -> Vec<(String, String, NaiveDate, Option<String>)> {
    let text = std::fs::read_to_string(file).unwrap();
    let calendar: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| {
            let start = match e.get_start().expect("DTSTART") {
                DatePerhapsTime::Date(d) => d,
                DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => t.date(),
                DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.date_naive(),
                DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => date_time.date(),
            };
            let rule = e.property_value("RRULE").map(str::to_string);
            (e.get_uid().unwrap().to_string(), e.get_summary().unwrap_or_default().to_string(), start, rule)
        })
        .collect()
}

/// The dates an event falls on from `from` to `to`, expanded by the `rrule` crate.
fn expand(start: NaiveDate, rule: &str, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let set: rrule::RRuleSet =
        format!("DTSTART:{}T000000Z\nRRULE:{rule}", start.format("%Y%m%d")).parse().expect("a valid RRULE");
    let at = |d: NaiveDate| rrule::Tz::UTC.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap());
    set.after(at(from)).before(at(to)).all(400).dates.iter().map(|d| d.date_naive()).collect()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn example_site(today: &str) -> Project {
    let p = Project::example();
    p.run(&["build", "--today", today, "--base-url", "https://intranet.example/agreement/"]).ok();
    p
}

#[test]
fn the_calendars_hold_every_recurring_duty_and_a_real_expander_agrees() {
    let p = example_site("2026-12-02");
    let all = events(&p.public().join("reviews.ics"));
    let weekly = all.iter().find(|e| e.0 == "obligation-weekly-meeting-1@clausebook").expect("the weekly meeting");
    assert_eq!(weekly.1, "召集每周三的联合例会并发出议程（品牌部）");
    assert_eq!(weekly.3.as_deref(), Some("FREQ=WEEKLY;BYDAY=WE"));
    assert_eq!(weekly.2, d("2025-01-01"), "from the agreement's effective date, a Wednesday");
    let december = expand(weekly.2, weekly.3.as_deref().unwrap(), d("2026-12-01"), d("2026-12-31"));
    assert_eq!(december, [d("2026-12-02"), d("2026-12-09"), d("2026-12-16"), d("2026-12-23"), d("2026-12-30")]);

    let senior = all.iter().find(|e| e.3.as_deref() == Some("FREQ=MONTHLY;BYDAY=1MO")).expect("每月第一个周一");
    assert_eq!(
        expand(senior.2, "FREQ=MONTHLY;BYDAY=1MO", d("2027-01-01"), d("2027-03-31")),
        [d("2027-01-04"), d("2027-02-01"), d("2027-03-01")]
    );
    let deadline = all.iter().find(|e| e.3.as_deref() == Some("FREQ=MONTHLY;BYMONTHDAY=15")).expect("每月十五日前");
    assert!(deadline.1.starts_with("截止："), "{}", deadline.1);
    let quarter_end = all.iter().find(|e| e.3.as_deref().is_some_and(|r| r.contains("BYMONTH=3,6,9,12"))).unwrap();
    assert_eq!(
        expand(quarter_end.2, quarter_end.3.as_deref().unwrap(), d("2026-01-01"), d("2026-12-31")),
        [d("2026-03-31"), d("2026-06-30"), d("2026-09-30"), d("2026-12-31")]
    );
    // Each event's first date is one its rule gives (RFC 5545 counts DTSTART as an occurrence).
    for (uid, _, start, rule) in all.iter().filter(|e| e.3.is_some()) {
        let first = expand(*start, rule.as_deref().unwrap(), *start, *start);
        assert_eq!(first, [*start], "{uid} starts on a date its rule does not give");
    }
    let text = std::fs::read_to_string(p.public().join("reviews.ics")).unwrap();
    assert!(text.contains("URL:https://intranet.example/agreement/clauses/weekly-meeting.html"));

    // A party's calendar has its own duties only.
    let brand = events(&p.public().join("parties/brand.ics"));
    assert!(brand.iter().any(|e| e.0 == "obligation-weekly-meeting-1@clausebook"));
    assert!(!brand.iter().any(|e| e.0 == "obligation-weekly-meeting-2@clausebook"), "营销部's report");

    // The same build twice gives the same calendars, and agreement.json the parsed cadence.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.public().join("agreement.json")).unwrap()).unwrap();
    let clause = json["clauses"].as_array().unwrap().iter().find(|c| c["id"] == "weekly-meeting").unwrap();
    assert_eq!(
        clause["duties"][0]["schedule"],
        serde_json::json!({"rrule": "FREQ=WEEKLY;BYDAY=WE", "deadline": false, "time": "14:00"})
    );
}

#[test]
fn the_upcoming_page_lists_the_next_90_days_by_date_and_party_pages_their_next_obligations() {
    let p = example_site("2026-12-02");
    let page = p.page("upcoming.html");
    let days = page.texts(".upcoming-day h2 time");
    assert_eq!(days.first().map(String::as_str), Some("2026-12-02"));
    assert_eq!(days.last().map(String::as_str), Some("2027-03-01"), "90 days from 2026-12-02 end on 2027-03-01");
    assert_eq!(
        page.texts(".upcoming-day.overdue .entry .what"),
        ["会后一个工作日内分发会议纪要"],
        "on 2026-12-02 only the minutes of 2026-11-26, which no record answers, are overdue"
    );
    let first_day = page.texts("section.today .entry .what");
    assert_eq!(
        first_day,
        ["收集客户与市场反馈并在联合例会上通报", "召集每周三的联合例会并发出议程", "汇报本周工作进展及下周计划"]
    );
    let owners = page.attrs("section.today .entry", "data-party");
    assert_eq!(owners, ["marketing", "brand", "marketing"]);
    let fifth = page.texts("section:has(#day-2026-12-07) .badge");
    assert!(fifth.contains(&"截止".to_string()), "每月前5个工作日内 is a deadline, on 7 December: {fifth:?}");
    let reviews = page.texts("section:has(#day-2026-12-15) .entry.kind-review .what");
    assert!(reviews.contains(&"定义".to_string()), "{reviews:?}");
    // December's Wednesdays are all there, and no Tuesday has the weekly meeting.
    for wednesday in ["2026-12-09", "2026-12-16", "2026-12-23", "2026-12-30"] {
        let here = page.texts(&format!("section:has(#day-{wednesday}) .entry .what"));
        assert!(here.contains(&"召集每周三的联合例会并发出议程".to_string()), "{wednesday}: {here:?}");
    }
    let party = p.page("parties/brand.html");
    let next = party.texts(".next-obligations .entry");
    assert!(next[0].starts_with("2026-12-02 周三") && next[0].contains("召集每周三的联合例会并发出议程"), "{next:?}");
    assert!(next.iter().all(|e| !e.contains("汇报本周工作进展")), "营销部's duty is not on 品牌部's page");
    assert_eq!(party.attrs(".next-obligations p a", "href"), ["../upcoming.html?party=brand"]);
}

#[test]
fn a_passed_due_date_is_overdue_on_the_page_and_a_warning() {
    let p = Project::example();
    let run = p.run(&["check", "--today", "2027-01-05"]);
    run.reports("content/07-review/01-annual-review.md:12:10", "职责「每年至少组织一次协议执行情况评估」已逾期 5 天");
    p.run(&["build", "--today", "2027-01-05"]).ok();
    let overdue = p.page("upcoming.html").texts(".upcoming-day.overdue .entry .what");
    assert!(overdue.contains(&"每年至少组织一次协议执行情况评估".to_string()), "{overdue:?}");
    // Each overdue item says when it was due.
    let page = p.page("upcoming.html");
    let rows = page.texts(".upcoming-day.overdue .entry");
    let row = rows.iter().find(|r| r.contains("每年至少组织一次协议执行情况评估")).unwrap();
    assert!(row.contains("应于 2026-12-31"), "{row}");
    assert_eq!(page.texts(".upcoming-day.overdue .entry .due").len(), rows.len(), "every overdue item: {rows:?}");
    assert!(page.attrs(".upcoming-day.overdue .entry time.due", "datetime").contains(&"2026-12-31".to_string()));
}

#[test]
fn a_cadence_not_understood_is_an_info_at_its_line_and_stays_text() {
    let clause = CLAUSE.replace("    owner: brand\n", "    owner: brand\n    cadence: 每月第一个工作曰\n");
    let p = Project::with(&[("content/01-a.md", &clause)]);
    let run = p.run(&["check"]).ok();
    run.reports("content/01-a.md:7:14", "不理解的频率「每月第一个工作曰」");
    assert!(run.stderr().contains("是否想写「每月第一个工作日」"), "the hint names the nearest form: {}", run.stderr());
    assert!(run.stderr().contains("0 个警告，1 条提示"), "an info, not a warning, and counted: {}", run.stderr());
    p.build().ok();
    assert!(!std::fs::read_to_string(p.public().join("reviews.ics")).unwrap().contains("RRULE"));
    assert!(p.page("clauses/a.html").text.contains("每月第一个工作曰"), "the cadence stays text for readers");
    // The project may turn it off.
    p.write("content/_index.md", &INDEX.replace("---\n\n", "rules:\n  cadence: off\n---\n\n"));
    assert!(!p.run(&["check"]).ok().stderr().contains("每月第一个工作曰"));
}

#[test]
fn a_cadence_with_a_time_is_a_timed_event() {
    let clause = CLAUSE.replace("    owner: brand\n", "    owner: brand\n    cadence: 每周三 14:00\n");
    let p = Project::with(&[("content/01-a.md", &clause)]);
    p.build().ok();
    let text = std::fs::read_to_string(p.public().join("reviews.ics")).unwrap();
    assert!(text.contains("DTSTART:20250101T140000\r\nDTEND:20250101T150000\r\nRRULE:FREQ=WEEKLY;BYDAY=WE"), "{text}");
    assert_eq!(p.page("upcoming.html").texts("section.today .entry .time"), Vec::<String>::new());
    assert_eq!(p.page("upcoming.html").texts(".entry .time").first().map(String::as_str), Some("14:00"));
}

#[test]
fn a_page_lists_at_most_2000_items_and_counts_the_rest() {
    let p = Project::with(&[]);
    for i in 0..160 {
        let clause = CLAUSE.replace("    owner: brand\n", "    owner: brand\n    cadence: 每周三\n");
        p.write(&format!("content/{i:03}-c{i}.md"), &clause.replace("title: 甲", &format!("title: 条款{i}")));
    }
    p.run(&["build", "--today", "2026-12-02"]).ok();
    let page = p.page("upcoming.html");
    // 160 weekly duties on the 13 Wednesdays from 2026-12-02 to 2027-03-01: 2,080 items.
    assert_eq!(page.texts(".entry").len(), 2000);
    assert!(page.text_of(".upcoming-more").contains("另有 80 项未在此列出"), "{}", page.text_of(".upcoming-more"));
    assert_eq!(p.page("parties/brand.html").texts(".next-obligations .entry").len(), 12);
}

#[test]
fn a_cadence_that_never_occurs_is_a_warning_at_its_line_and_in_no_calendar() {
    for (cadence, message) in [
        ("每年二月三十日", "频率「每年二月三十日」永远不会出现：2 月没有 30 日"),
        ("every year on 30 February", "频率「every year on 30 February」永远不会出现"),
        ("每年4月31日", "4 月没有 31 日"),
    ] {
        let clause = CLAUSE.replace("    owner: brand\n", &format!("    owner: brand\n    cadence: {cadence}\n"));
        let p = Project::with(&[("content/01-a.md", &clause)]);
        let run = p.run(&["check"]).ok();
        run.reports("content/01-a.md:7:14", message);
        assert!(run.stderr().contains("1 个警告"), "{cadence}: a warning: {}", run.stderr());
        assert!(run.stderr().contains("每年2月底") || run.stderr().contains("每年4月底"), "the hint: {}", run.stderr());
        p.build().ok();
        assert!(!std::fs::read_to_string(p.public().join("reviews.ics")).unwrap().contains("RRULE"), "{cadence}");
    }
}

#[test]
fn the_calendars_and_the_upcoming_page_agree_on_29_february() {
    let clause = CLAUSE.replace("    owner: brand\n", "    owner: brand\n    cadence: 每年2月29日\n");
    let p = Project::with(&[("content/01-a.md", &clause)]);
    p.run(&["build", "--today", "2028-01-15"]).ok();
    // The agreement is effective from 2025-01-01: the first 29 February is in 2028, more than a
    // year later.
    let upcoming = p.page("upcoming.html").texts("section:has(#day-2028-02-29) .entry .what");
    assert_eq!(upcoming, ["做事"]);
    for ics in ["reviews.ics", "parties/brand.ics"] {
        let all = events(&p.public().join(ics));
        let leap = all.iter().find(|e| e.0 == "obligation-a-1@clausebook").unwrap_or_else(|| panic!("{ics}: {all:?}"));
        assert_eq!(leap.2, d("2028-02-29"), "{ics}");
        assert_eq!(leap.3.as_deref(), Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"));
        assert_eq!(
            expand(leap.2, leap.3.as_deref().unwrap(), d("2028-01-01"), d("2033-01-01")),
            [d("2028-02-29"), d("2032-02-29")],
            "{ics}: a calendar program shows the leap days only"
        );
    }
}

/// Two duties of one clause with the same id would share their calendar events' UID, and a
/// calendar keeps one of them: the second is an error at its id, the first a related place.
#[test]
fn two_duties_of_a_clause_cannot_share_an_id() {
    let clause = "---\ntitle: 例会\nduties:\n  - id: meet\n    text: 召开例会\n    owner: brand\n    cadence: 每周三\n  - id: meet\n    text: 发送纪要\n    owner: marketing\n    cadence: 每周四\n---\n";
    let p = Project::with(&[("content/01-a.md", clause)]);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("content/01-a.md:8:9", "本条款已有 id 为 `meet` 的职责");
    assert!(run.stderr().contains("content/01-a.md:4:9"), "the first is the related place: {}", run.stderr());
}

/// The dates of the event `uid` of an iCalendar text from `from` to `to`, as the `rrule` crate
/// expands its DTSTART, RRULE, EXDATE and RDATE lines (floating times read as UTC).
fn expand_event(ics: &str, uid: &str, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let unfolded = ics.replace("\r\n ", "");
    let block = unfolded.split("BEGIN:VEVENT").find(|b| b.contains(&format!("UID:{uid}\r\n"))).expect(uid);
    let utc = |v: &str| {
        v.split(',')
            .map(|t| if t.contains('T') { format!("{t}Z") } else { format!("{t}T000000Z") })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut lines = Vec::new();
    for line in block.lines() {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let name = name.split(';').next().unwrap();
        match name {
            "DTSTART" | "EXDATE" | "RDATE" => lines.push(format!("{name}:{}", utc(value))),
            "RRULE" => lines.push(line.to_string()),
            _ => {}
        }
    }
    let set: rrule::RRuleSet = lines.join("\n").parse().unwrap_or_else(|e| panic!("{e}: {lines:?}"));
    let at = |d: NaiveDate| rrule::Tz::UTC.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap());
    let dates = set.after(at(from)).before(at(to.succ_opt().unwrap())).all(400).dates;
    dates.iter().map(|d| d.date_naive()).collect()
}

#[test]
fn the_working_day_calendar_moves_a_meeting_off_national_day_in_the_calendars_and_on_the_page() {
    // 第13条: 遇法定节假日顺延至下一个工作日 (`on_holiday: next_working_day`); calendar/2026.yaml
    // lists 国庆 (1–7 October) and Saturday 10 October as a working day.
    let p = example_site("2026-09-20");
    let ics = std::fs::read_to_string(p.public().join("reviews.ics")).unwrap();
    let october = expand_event(&ics, "obligation-weekly-meeting-1@clausebook", d("2026-09-28"), d("2026-10-31"));
    assert_eq!(october, [d("2026-09-30"), d("2026-10-08"), d("2026-10-14"), d("2026-10-21"), d("2026-10-28")]);
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(",20261007T140000\r\nRDATE:"), "the calendar's Wednesdays off: {unfolded}");
    // The upcoming page agrees: no meeting on Wednesday 7 October, one on Thursday the 8th.
    let page = p.page("upcoming.html");
    let on = |day: &str| page.texts(&format!("section:has(#day-{day}) .entry .what"));
    assert!(!on("2026-10-07").contains(&"召集每周三的联合例会并发出议程".to_string()), "{:?}", on("2026-10-07"));
    assert!(on("2026-10-08").contains(&"召集每周三的联合例会并发出议程".to_string()), "{:?}", on("2026-10-08"));
    // 营销部's monthly report is due within October's first 5 working days: 8, 9, 10 (调休), 12, 13.
    let report = expand_event(&ics, "obligation-marketing-duties-2@clausebook", d("2026-10-01"), d("2026-10-31"));
    assert_eq!(report, [d("2026-10-13")]);
    // The calendar ends with 2026: said once, as an info, when it is less than 90 days away.
    let checked = p.run(&["check", "--today", "2026-12-07"]);
    checked.reports("content/02-responsibilities/01-marketing-duties.md:13:14", "工作日日历截至 2026-12-31");
    assert!(!p.run(&["check", "--today", "2026-09-20"]).stderr().contains("工作日日历"));
}

#[test]
fn a_calendar_file_is_read_strictly_and_without_one_working_days_are_monday_to_friday() {
    let clause = CLAUSE.replace(
        "    owner: brand\n",
        "    owner: brand\n    cadence: 每月最后一个工作日\n    on_holiday: next_workingday\n",
    );
    let p = Project::with(&[("content/01-a.md", &clause)]);
    let run = p.run(&["check"]);
    run.reports("content/01-a.md:8:17", "未知的 `on_holiday` 取值 `next_workingday`");
    assert!(run.stderr().contains("是否想写 `next_working_day`"), "{}", run.stderr());
    run.reports("content/01-a.md:7:14", "没有工作日日历：工作日按周一至周五计算");
    p.write(
        "calendar/2026.yaml",
        "year: 2026\nholiday:\n  国庆节: 2026-10-01 ~ 2026-10-07\nworkdays: [2026-10-10, 2026-13-01]\n",
    );
    p.write(
        "calendar/other.yaml",
        "year: 2026\nholidays:\n  国庆节: 2026-10-01 至 2026-10-07\nworkdays: [2026-10-01]\n",
    );
    let run = p.run(&["check"]);
    run.reports("calendar/2026.yaml:2:1", "未知的键 `holiday`");
    assert!(run.stderr().contains("是否想写 `holidays`"), "{}", run.stderr());
    run.reports("calendar/2026.yaml:4:24", "`2026-13-01` 不是日期，也不是日期范围");
    run.reports("calendar/other.yaml:1:7", "2026 年也由另一个日历文件涵盖");
    run.reports("calendar/other.yaml:4:12", "2026-10-01 既列为节假日，又列为工作日");
    p.write_bytes("calendar/2027.yaml", b"year: 2027\nholidays:\n  \xb4\xba\xbd\xda: 2027-02-06\n");
    assert!(p.run(&["check"]).stderr().contains("error[utf8]"), "a GBK file is not read as if it were UTF-8");
    assert_eq!(run.code(), 1, "a calendar that cannot be read fails the check");
}

#[test]
fn a_rule_sees_each_duty_s_schedule_understood_or_not() {
    let clause = CLAUSE.replace(
        "  - text: 做事\n    owner: brand\n",
        "  - text: 每月第一个周一召开例会\n    owner: brand\n    cadence: 每月 14:00\n  - text: 做事\n    owner: brand\n    cadence: 看情况\n  - text: 隔周三汇报\n    owner: brand\n    cadence: 隔周三\n    since: 2026-12-09\n",
    );
    let rule = r#"
rule {
  id = "schedule-says-what-text-says",
  severity = "warning",
  description = "a duty's schedule says what its text says",
  clause = function(c, report)
    for i, d in ipairs(c.duties) do
      local s = d.schedule
      if s and s.understood and d.text:find("第一个周一") and not s.rrule:find("1MO") then
        report("「" .. d.text .. "」的频率是 " .. s.rrule, "duties[" .. i .. "].cadence")
      end
      if s and not s.understood then report("不懂：" .. s.written, "duties[" .. i .. "].cadence") end
      if s and s.interval == 2 then report(s.unit .. " " .. table.concat(s.next, ","), "duties[" .. i .. "]") end
    end
  end,
}
"#;
    let p = Project::with(&[("content/01-a.md", &clause), ("rules/s.lua", rule)]);
    let run = p.run(&["check", "--today", "2026-12-07"]);
    run.reports("content/01-a.md:7:14", "「每月第一个周一召开例会」的频率是 FREQ=MONTHLY;BYMONTHDAY=1");
    run.reports("content/01-a.md:10:14", "不懂：看情况");
    run.reports("content/01-a.md:11:5", "week 2026-12-09,2026-12-23,2027-01-06,2027-01-20,2027-02-03");
    // A misspelled key of the schedule is an error, not nil.
    p.write("rules/s.lua", &rule.replace("s.understood and d.text", "s.understod and d.text"));
    assert!(p.run(&["check"]).stderr().contains("understood"), "did you mean");
}

#[test]
fn what_a_duty_says_of_its_dates_must_agree_with_itself() {
    let duties = "  - text: 月报\n    owner: brand\n    cadence: 每月31日\n  - text: 例会\n    owner: brand\n    id: \"2\"\n    cadence: 每周三（遇节假日顺延）\n    on_holiday: previous_working_day\n";
    let clause = CLAUSE.replace("  - text: 做事\n    owner: brand\n", duties);
    let p = Project::with(&[("content/01-a.md", &clause)]);
    let run = p.run(&["check"]);
    run.reports("content/01-a.md:7:14", "「每月31日」写的是每月 31 日，有的月份没有这一天");
    run.reports("content/01-a.md:10:9", "`2` 不能作为职责的 id");
    assert!(run.stderr().contains("纯数字的 id 会被当作职责的序号"), "{}", run.stderr());
    run.reports(
        "content/01-a.md:12:17",
        "频率「每周三（遇节假日顺延）」写明了遇节假日如何处理，`on_holiday: previous_working_day` 却另有规定",
    );
    // Clause `a` with duty `1-1` and clause `a-1`'s first duty would share their events' UIDs.
    let clash = CLAUSE.replace("    owner: brand\n", "    owner: brand\n    id: 1-1\n");
    let p = Project::with(&[("content/01-a.md", &clash), ("content/02-a-1.md", CLAUSE)]);
    p.run(&["check"])
        .reports("content/02-a-1.md:5:5", "日历会把这项职责的事件命名为 `a-1-1`，与条款 `a` 的一项职责相同");
}
