//! Evidence that duties were done: records in `records/` read strictly, and `duty-missed` for
//! the dates of the duties `records:` names that no record answers.

mod common;

use common::{INDEX, Project};

const CLAUSE: &str = "---\ntitle: 例会\nowner: brand\nduties:\n  - text: 分发会议纪要\n    owner: marketing\n    id: minutes\n    cadence: 每周四\n  - text: 召集例会\n    owner: brand\n    cadence: 每周三\n---\n正文。\n";

fn project(records: &[(&str, &str)]) -> Project {
    let index = INDEX.replace(
        "effective: 2025-01-01\n",
        "effective: 2025-01-01\nrecords:\n  from: 2026-11-01\n  grace: 3天\n  duties: [a#minutes]\n",
    );
    let p = Project::with(&[("content/01-a.md", CLAUSE)]);
    p.write("content/_index.md", &index);
    for (name, text) in records {
        p.write(&format!("records/{name}"), text);
    }
    p
}

#[test]
fn the_example_records_its_meeting_minutes_and_misses_one() {
    let p = Project::example();
    let run = p.run(&["check", "--today", "2026-12-07"]);
    run.reports(
        "content/04-communication/02-weekly-meeting.md:23:14",
        "职责「会后一个工作日内分发会议纪要」有 1 次没有记录：2026-11-26",
    );
    assert!(run.stderr().contains("`duty: weekly-meeting#3`"), "{}", run.stderr());
    assert!(!run.stderr().contains("error[records]"), "{}", run.stderr());
    // Within the grace of 3 days, the 26th is not missed yet.
    assert!(!p.run(&["check", "--today", "2026-11-28"]).stderr().contains("duty-missed"));
}

#[test]
fn only_the_dates_no_record_answers_are_missed_and_the_project_may_turn_it_off() {
    let record = |date: &str, duty: &str| format!("duty: {duty}\ndate: {date}\nby: 王晓明\n");
    let p = project(&[
        ("1.yaml", &record("2026-11-05", "a#minutes")),
        ("2.yaml", &record("2026-11-12", "a#minutes")),
        ("3.yaml", &record("2026-11-26", "a#minutes")),
    ]);
    let run = p.run(&["check", "--today", "2026-12-07"]);
    run.reports("content/01-a.md:8:14", "职责「分发会议纪要」有 2 次没有记录：2026-11-19, 2026-12-03");
    assert!(!run.stderr().contains("召集例会"), "only the duties `records.duties` names: {}", run.stderr());
    assert_eq!(run.code(), 0, "a warning");
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write("content/_index.md", &index.replace("---\n\n", "rules:\n  duty-missed: off\n---\n\n"));
    assert!(!p.run(&["check", "--today", "2026-12-07"]).stderr().contains("没有记录"));
}

#[test]
fn a_record_is_read_strictly() {
    let p = project(&[
        ("typo.yaml", "duty: a#minute\ndat: 2026-11-05\ndate: 2026-11-05\nby: 王晓明\n"),
        ("clause.yaml", "duty: b#1\ndate: 2026-11-05\nby: 王晓明\n"),
        ("day.yaml", "duty: a#minutes\ndate: 2026-11-04\nby: 王晓明\nfiles: [纪要.pdf]\n"),
        ("by.yaml", "duty: a#2\ndate: 2026-11-04\n"),
        ("twice-1.yaml", "duty: a#2\ndate: 2026-11-11\nby: 李静\n"),
        ("twice-2.yaml", "duty: a#2\ndate: 2026-11-11\nby: 李静\n"),
    ]);
    let run = p.run(&["check", "--today", "2026-12-07"]);
    run.reports("records/typo.yaml:2:1", "未知的键 `dat`");
    assert!(run.stderr().contains("是否想写 `date`"), "{}", run.stderr());
    run.reports("records/typo.yaml:1:7", "`a#minute` 指向的职责在该条款中不存在");
    assert!(run.stderr().contains("是否想写 `a#minutes`"), "{}", run.stderr());
    run.reports("records/clause.yaml:1:7", "`b#1` 指向的条款不存在");
    run.reports("records/day.yaml:2:7", "2026-11-04 不是「每周四」的日期");
    assert!(run.stderr().contains("最近的日期：2026-10-29 和 2026-11-05"), "{}", run.stderr());
    run.reports("records/day.yaml:4:9", "records/ 中没有文件 `纪要.pdf`");
    run.reports("records/by.yaml:1:1", "记录需要写明 `by`");
    run.reports("records/twice-2.yaml:2:7", "这项职责的 2026-11-11 记录了两次");
    assert_eq!(run.code(), 1, "{}", run.stderr());
    // A file kept beside it is found; a position names a duty without an id.
    p.write("records/纪要.pdf", "%PDF-1.4\n");
    p.write("records/day.yaml", "duty: a#minutes\ndate: 2026-11-05\nby: 王晓明\nfiles: [纪要.pdf]\n");
    let run = p.run(&["check", "--today", "2026-12-07"]);
    assert!(!run.stderr().contains("records/day.yaml"), "{}", run.stderr());
    assert!(!run.stderr().contains("twice-1.yaml"), "{}", run.stderr());
}
