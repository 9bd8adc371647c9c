//! The agreement's period of validity end to end: `period:` read strictly, the front page's line,
//! the notice deadline on the upcoming page and in every calendar (with reminders), the warnings
//! of `check` before the deadline and after an end without renewal, and `agreement.json`.

mod common;

use common::{CLAUSE, INDEX, Project};

fn example(today: &str) -> Project {
    let p = Project::example();
    p.run(&["build", "--today", today]).ok();
    p
}

#[test]
fn the_example_renews_itself_and_says_so_before_its_notice_deadline() {
    // 第27条: three years to 2027-12-31, then a year at a time unless notice is given three months before.
    let p = example("2027-09-10");
    let index = p.page("index.html");
    let line = index.texts("#period").join("");
    assert!(line.contains("有效期：2025-01-01 至 2027-12-31"), "{line}");
    assert!(line.contains("到期自动续期 1年") && line.contains("续期通知截止 2027-09-30"), "{line}");
    let checked = p.run(&["check", "--today", "2027-09-10"]);
    checked.reports(
        "content/_index.md:7:1",
        "续期通知截止日为 2027-09-30，还有 20 天：如不希望协议于 2028-01-01 自动续期",
    );
    assert_eq!(checked.code(), 0, "a warning: {}", checked.stderr());
    // A month earlier nothing is said yet; after the deadline, nothing either.
    assert!(!p.run(&["check", "--today", "2027-08-30"]).stderr().contains("period-notice"));
    assert!(!p.run(&["check", "--today", "2027-10-01"]).stderr().contains("period-notice"));
    // The upcoming page has the deadline, for every party.
    let upcoming = p.page("upcoming.html");
    let on_deadline = upcoming.texts("section:has(#day-2027-09-30) .entry.kind-notice .what");
    assert_eq!(on_deadline.len(), 1, "{on_deadline:?}");
    assert!(on_deadline[0].starts_with("续期通知截止"), "{on_deadline:?}");
    assert_eq!(upcoming.attrs("section:has(#day-2027-09-30) .entry.kind-notice a.from", "href"), ["index.html#period"]);
    assert_eq!(upcoming.attrs(".entry.kind-notice", "data-party"), ["*"], "every party's filter shows it");
    // Every calendar has it, with a reminder 30 and 7 days before.
    for calendar in ["reviews.ics", "parties/brand.ics", "parties/marketing.ics"] {
        let ics = std::fs::read_to_string(p.public().join(calendar)).unwrap();
        let parsed: icalendar::Calendar = ics.parse().unwrap_or_else(|e| panic!("{calendar}: {e}"));
        assert!(!parsed.components.is_empty());
        let unfolded = ics.replace("\r\n ", "");
        let event =
            unfolded.split("BEGIN:VEVENT").find(|e| e.contains("UID:period-notice@clausebook")).expect(calendar);
        assert!(event.contains("DTSTART;VALUE=DATE:20270930"), "{event}");
        assert!(event.contains("TRIGGER:-P30D") && event.contains("TRIGGER:-P7D"), "{event}");
        let end = unfolded.split("BEGIN:VEVENT").find(|e| e.contains("UID:period-end@clausebook")).expect(calendar);
        assert!(end.contains("DTSTART;VALUE=DATE:20271231") && end.contains("自动续期"), "{end}");
    }
    // agreement.json says it as data.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.public().join("agreement.json")).unwrap()).unwrap();
    assert_eq!(
        json["agreement"]["period"],
        serde_json::json!({"start": "2025-01-01", "end": "2027-12-31", "renewal": "auto", "renew_for": "P1Y",
            "notice": "P3M", "remind": ["P30D", "P7D"], "warn": "P30D"})
    );
    // The weekly meeting's duty reminds a day before (remind: 1天).
    let ics = std::fs::read_to_string(p.public().join("reviews.ics")).unwrap().replace("\r\n ", "");
    let meeting = ics.split("BEGIN:VEVENT").find(|e| e.contains("UID:obligation-weekly-meeting-1@")).unwrap();
    assert!(meeting.contains("BEGIN:VALARM") && meeting.contains("TRIGGER:-P1D"), "{meeting}");
}

#[test]
fn once_renewed_the_front_page_names_the_stretch_in_force() {
    let p = example("2028-03-01");
    let line = p.page("index.html").texts("#period").join("");
    assert!(line.contains("当前为第 2 期：2028-01-01 至 2028-12-31"), "{line}");
    assert!(line.contains("续期通知截止 2028-09-30"), "{line}");
}

#[test]
fn a_period_without_renewal_ends_and_check_says_so() {
    let index = INDEX.replace("effective: 2025-01-01\n", "effective: 2025-01-01\nperiod:\n  end: 2025-12-31\n");
    let p = Project::with(&[("content/01-a.md", CLAUSE)]);
    p.write("content/_index.md", &index);
    let soon = p.run(&["check", "--today", "2025-12-10"]);
    soon.reports("content/_index.md:5:1", "协议将于 2025-12-31 到期（还有 21 天），且不会自动续期");
    let after = p.run(&["check", "--today", "2026-03-01"]);
    after.reports("content/_index.md:5:1", "协议已于 2025-12-31 到期，且不会自动续期");
    assert_eq!(after.code(), 0, "an old repository still builds: {}", after.stderr());
    p.run(&["build", "--today", "2026-03-01"]).ok();
    assert!(p.page("index.html").texts("#period .expired").contains(&"已到期".to_string()));
    // An agreement kept for the record silences it.
    p.write("content/_index.md", &index.replace("---\n\n", "rules:\n  period-expired: off\n---\n\n"));
    assert!(!p.run(&["check", "--today", "2026-03-01"]).stderr().contains("到期"));
}

#[test]
fn period_is_read_strictly() {
    let index = INDEX.replace(
        "effective: 2025-01-01\n",
        "effective: 2025-01-01\nperiod:\n  end: 2024-12-31\n  renewal: automatic\n  notise: 30天\n  remind: [三个半月]\n",
    );
    let p = Project::with(&[("content/01-a.md", CLAUSE)]);
    p.write("content/_index.md", &index);
    let run = p.run(&["check"]);
    run.reports("content/_index.md:8:3", "未知的键 `notise`");
    assert!(run.stderr().contains("是否想写 `notice`"), "{}", run.stderr());
    run.reports("content/_index.md:7:12", "未知的 `renewal` 取值 `automatic`");
    run.reports("content/_index.md:9:12", "`remind: 三个半月` 不是一段时长");
    run.reports("content/_index.md:6:8", "有效期的结束日（2024-12-31）早于开始日（2025-01-01）");
    assert_eq!(run.code(), 1);
    let auto = INDEX
        .replace("effective: 2025-01-01\n", "effective: 2025-01-01\nperiod:\n  end: 2027-12-31\n  renewal: auto\n");
    p.write("content/_index.md", &auto);
    p.run(&["check"]).reports("content/_index.md:6:3", "`renewal: auto` 需要写明每次续期多久");
}

#[test]
fn a_period_that_contradicts_itself_is_a_warning_at_the_value() {
    let period = "period:\n  start: 2024-06-01\n  end: 2025-03-31\n  renewal: none\n  renew_for: 1年\n  notice: 1年\n";
    let p = Project::with(&[("content/01-a.md", CLAUSE)]);
    p.write(
        "content/_index.md",
        &INDEX.replace("effective: 2025-01-01\n", &format!("effective: 2025-01-01\n{period}")),
    );
    let run = p.run(&["check"]);
    run.reports("content/_index.md:9:14", "`renew_for` 写了每次续期多长，但有效期不会自动续期");
    run.reports("content/_index.md:10:11", "通知截止日早于有效期开始（2024-06-01 至 2025-03-31）");
    run.reports("content/_index.md:6:10", "有效期从 2024-06-01 开始，早于协议生效日期（2025-01-01）");
    assert_eq!(run.code(), 0, "warnings: {}", run.stderr());
    // A month's notice before a month's renewal: February's renewal would need it in January.
    let monthly = "period: {end: 2025-06-30, renewal: auto, renew_for: 1个月, notice: 1个月}\n";
    p.write(
        "content/_index.md",
        &INDEX.replace("effective: 2025-01-01\n", &format!("effective: 2025-01-01\n{monthly}")),
    );
    p.run(&["check"]).reports("content/_index.md:5:66", "通知期比某次续期还长");
}

#[test]
fn a_duty_may_fall_a_length_before_each_end_of_the_period() {
    let clause = "---\ntitle: 续期评估\nowner: brand\nduties:\n  - text: 汇总本期合作成果\n    owner: brand\n    cadence: 到期前30日\n  - text: summarise the year\n    owner: marketing\n    cadence: 1 month before the end of the period\n---\n正文。\n";
    let period = "period: {end: 2027-12-31, renewal: auto, renew_for: 1年}\n";
    let p = Project::with(&[("content/01-a.md", clause)]);
    p.write(
        "content/_index.md",
        &INDEX.replace("effective: 2025-01-01\n", &format!("effective: 2025-01-01\n{period}")),
    );
    p.run(&["build", "--today", "2027-11-20"]).ok();
    let upcoming = p.page("upcoming.html");
    assert_eq!(upcoming.texts("section:has(#day-2027-12-01) .entry.kind-deadline .what"), ["汇总本期合作成果"]);
    assert_eq!(upcoming.texts("section:has(#day-2027-11-30) .entry.kind-deadline .what"), ["summarise the year"]);
    let ics = std::fs::read_to_string(p.public().join("parties/brand.ics")).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20271201"), "{ics}");
    // After that date, the next one is a renewal's: 30 days before 2028-12-31.
    p.run(&["build", "--today", "2027-12-05"]).ok();
    let ics = std::fs::read_to_string(p.public().join("parties/brand.ics")).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20281201"), "{ics}");
    // Without a period there is no end to count from: a warning at the cadence, and no date.
    p.write("content/_index.md", INDEX);
    let run = p.run(&["check", "--today", "2027-11-20"]);
    run.reports("content/01-a.md:7:14", "「到期前30日」是协议有效期到期前的日期，但协议没有写 `period:`");
    assert!(!run.stderr().contains("不理解的频率"), "understood, not an info: {}", run.stderr());
    // It stays on its day: `on_holiday` says otherwise in vain.
    p.write(
        "content/01-a.md",
        &clause.replace("    cadence: 到期前30日\n", "    cadence: 到期前30日\n    on_holiday: next_working_day\n"),
    );
    p.run(&["check", "--today", "2027-11-20"])
        .reports("content/01-a.md:8:17", "`on_holiday` 对从有效期到期日倒数的日期不起作用");
}
