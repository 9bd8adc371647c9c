//! Evidence that duties were done: records in `records/` read strictly, and `duty-missed` for
//! the dates of the duties `records:` names that no record answers.

mod common;

use common::Project;

const CLAUSE: &str = "---\ntitle: 例会\nowner: brand\nduties:\n  - text: 分发会议纪要\n    owner: marketing\n    id: minutes\n    cadence: 每周四\n  - text: 召集例会\n    owner: brand\n    cadence: 每周三\n---\n正文。\n";

fn project(records: &[(&str, &str)]) -> Project {
    let p = Project::with(&[("content/01-a.md", CLAUSE)]);
    p.write("records/_index.yaml", "from: 2026-11-01\ngrace: 3天\nduties: [a#minutes]\n");
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
    assert!(run.stderr().contains("`clausebook record --duty weekly-meeting#3 --date 2026-11-26"), "{}", run.stderr());
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

/// The records of a project, by file name.
fn records(p: &Project) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(p.root().join("records"))
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn the_record_command_writes_what_check_reads_and_refuses_what_it_cannot_prove() {
    let p = Project::example();
    let minutes = p.root().join("纪要 11-26.txt");
    std::fs::write(&minutes, "联合例会纪要（2026-11-26）\n").unwrap();
    let before = records(&p);
    let today = ["--today", "2026-12-08"];
    let record = |args: &[&str]| p.run(&[&["record"][..], &today[..], args].concat());

    // Nothing is written when anything is wrong: a file that is not there, a date the schedule
    // never has (with the nearest), one after today, one already recorded, a duty that is not.
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-11-26", "--by", "王晓明", "缺失.txt"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("无法附上 缺失.txt"), "{}", run.stderr());
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-11-25", "--by", "王晓明"]);
    assert!(run.stderr().contains("2026-11-25 不是「每周四」的日期"), "{}", run.stderr());
    assert!(run.stderr().contains("2026-11-19 和 2026-11-26"), "{}", run.stderr());
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-12-10", "--by", "王晓明"]);
    assert!(run.stderr().contains("在今天（2026-12-08）之后"), "{}", run.stderr());
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-11-19", "--by", "王晓明"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("records/2026-11-19-weekly-meeting-3.yaml"), "{}", run.stderr());
    let run = record(&["--duty", "weekly-meting#3", "--by", "王晓明"]);
    assert!(run.stderr().contains("是否想写 `weekly-meeting`"), "{}", run.stderr());
    let run = record(&["--duty", "weekly-meeting#3", "--by", " "]);
    assert!(run.stderr().contains("`--by`"), "{}", run.stderr());
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-11-26", "--by", "王晓明", "--note", ""]);
    assert!(run.stderr().contains("`--note`"), "an empty note would be refused by check: {}", run.stderr());
    // A name whose direction is overridden reads as another.
    let bidi = p.root().join("纪要\u{202E}txt.exe");
    std::fs::write(&bidi, "x\n").unwrap();
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-11-26", "--by", "王晓明", bidi.to_str().unwrap()]);
    assert!(run.stderr().contains("的文件名无法保存在 records/ 中"), "{}", run.stderr());
    // A YAML file in records/ is read as a record: it cannot be kept with one.
    let yml = p.root().join("纪要.yml");
    std::fs::write(&yml, "a: 1\n").unwrap();
    let run = record(&["--duty", "weekly-meeting#3", "--date", "2026-11-26", "--by", "王晓明", yml.to_str().unwrap()]);
    assert!(run.stderr().contains("的文件名无法保存在 records/ 中"), "{}", run.stderr());
    assert_eq!(records(&p), before, "a refused record writes nothing");

    // The missed date, with its minutes: the file is copied beside the record under the date.
    let file = minutes.to_str().unwrap();
    let run =
        record(&["--duty", "weekly-meeting#3", "--date", "2026-11-26", "--by", "王晓明", "--note", "补: 见邮件", file]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout().contains(&format!(
            "git -C {} add records/2026-11-26-weekly-meeting-3.yaml 'records/2026-11-26-纪要 11-26.txt'",
            p.root().display()
        )),
        "the paths are the project's: the line goes there first: {}",
        run.stdout()
    );
    let written = std::fs::read_to_string(p.root().join("records/2026-11-26-weekly-meeting-3.yaml")).unwrap();
    assert_eq!(
        written,
        "duty: \"weekly-meeting#3\"\ndate: 2026-11-26\nby: \"王晓明\"\nfiles: [\"2026-11-26-纪要 11-26.txt\"]\nnote: \"补: 见邮件\"\n"
    );
    assert_eq!(
        std::fs::read(p.root().join("records/2026-11-26-纪要 11-26.txt")).unwrap(),
        std::fs::read(&minutes).unwrap()
    );
    let checked = p.run(&["check", "--today", "2026-12-08"]);
    assert!(!checked.stderr().contains("duty-missed"), "{}", checked.stderr());
    assert!(!checked.stderr().contains("records/"), "{}", checked.stderr());
    // The same file for another duty of the same day is refused: a file already in records/ is
    // never replaced, and the record is not written either.
    assert_eq!(record(&["--duty", "weekly-meeting#1", "--date", "2026-11-25", "--by", "李静", file]).code(), 0);
    let run = record(&["--duty", "weekly-meeting#2", "--date", "2026-11-25", "--by", "李静", file]);
    assert!(run.stderr().contains("records/2026-11-25-纪要 11-26.txt 已存在"), "{}", run.stderr());
    assert!(!p.root().join("records/2026-11-25-weekly-meeting-2.yaml").exists());

    // Without --date: the latest date on or before today (Thursday 2026-12-03 is recorded, so
    // the meeting duty's latest, Wednesday 2026-12-02, is the one of the first duty).
    let run = record(&["--duty", "weekly-meeting#1", "--by", "李静"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(p.root().join("records/2026-12-02-weekly-meeting-1.yaml").is_file(), "{:?}", records(&p));
}

#[test]
fn the_site_shows_each_date_done_missed_or_awaiting_its_record_with_the_files() {
    let p = Project::example();
    p.run(&["build", "--today", "2026-12-08"]).ok();
    let upcoming = p.page("upcoming.html");
    assert_eq!(upcoming.texts(".upcoming-day.overdue .badge.kept-missed"), ["未履行"]);
    assert_eq!(upcoming.texts(".upcoming-day.overdue time.due"), ["应于 2026-11-26"]);
    assert_eq!(
        upcoming.texts(".recent .entry time.date"),
        ["2026-12-03", "2026-11-19", "2026-11-12", "2026-11-05"],
        "the last 90 days' records, the newest first"
    );
    assert_eq!(upcoming.texts(".recent .badge.kept-done").len(), 4);
    let files = upcoming.attrs(".recent a.record-file", "href");
    assert_eq!(files[0], "records/2026-12-03-%E4%BE%8B%E4%BC%9A%E7%BA%AA%E8%A6%81.txt");
    assert_eq!(
        std::fs::read(p.public().join("records/2026-12-03-例会纪要.txt")).unwrap(),
        std::fs::read(p.root().join("records/2026-12-03-例会纪要.txt")).unwrap(),
        "the site keeps the record's file where the page links it"
    );
    assert!(upcoming.text_of(".recent").contains("纪要于次日补发"), "a record's note is shown");
    // The coming dates of a duty whose records are kept are to do; others are not marked.
    assert_eq!(upcoming.texts(".upcoming-day.today .badge.kept-due").len(), 0, "nothing recorded is due on a Tuesday");
    assert!(upcoming.texts(".upcoming-day .badge.kept-due").len() >= 12, "every Thursday of 90 days");

    let clause = p.page("clauses/weekly-meeting.html");
    assert_eq!(clause.texts("#records h3"), ["会后一个工作日内分发会议纪要"]);
    assert_eq!(
        clause.texts("#records .entry"),
        [
            "2026-12-03 已完成 王晓明 记录 2026-12-03-例会纪要.txt",
            "2026-11-26 未履行",
            "2026-11-19 已完成 王晓明 记录 2026-11-19-例会纪要.txt 纪要于次日补发",
            "2026-11-12 已完成 王晓明 记录 2026-11-12-例会纪要.txt",
            "2026-11-05 已完成 王晓明 记录 2026-11-05-例会纪要.txt",
        ]
    );
    let marketing = p.page("parties/marketing.html");
    assert_eq!(marketing.texts(".recent .entry time").len(), 4, "the minutes are marketing's duty");
    assert!(marketing.text_of(".overdue-line").contains("2026-11-26 未履行"), "{}", marketing.text_of(".overdue-line"));
    assert!(p.page("parties/brand.html").texts(".recent .entry").is_empty(), "brand keeps no records");

    // Within the grace of three days, the 26th awaits its record.
    p.run(&["build", "--today", "2026-11-28"]).ok();
    let upcoming = p.page("upcoming.html");
    assert!(upcoming.texts(".kept-missed").is_empty());
    assert_eq!(upcoming.texts(".recent .badge.kept-pending"), ["待补记录"]);
}

#[test]
fn the_release_in_force_shows_the_records_of_the_working_tree() {
    let p = project(&[]);
    common::git(p.root(), &["init", "-q"]);
    common::git(p.root(), &["add", "-A"]);
    common::git(p.root(), &["commit", "-qm", "v1.0"]);
    common::git(p.root(), &["tag", "v1.0"]);
    // Records come after the release, and are not committed.
    p.write("records/1.yaml", "duty: a#minutes\ndate: 2026-11-05\nby: 王晓明\n");
    let build = || p.run(&["build", "--today", "2026-12-08"]).ok();
    build();
    assert!(!p.public().join("draft").exists(), "records make no draft: they are not versioned");
    let page = p.page("v1.0/upcoming.html");
    assert_eq!(page.texts(".recent .entry time.date"), ["2026-11-05"]);
    assert_eq!(page.texts(".overdue .badge.kept-missed").len(), 4, "11-12, 11-19, 11-26 and 12-03");
    // A record added later: the release's folder kept from the build before is made again.
    p.write("records/2.yaml", "duty: a#minutes\ndate: 2026-11-12\nby: 王晓明\n");
    build();
    let page = p.page("v1.0/upcoming.html");
    assert_eq!(page.texts(".recent .entry time.date"), ["2026-11-12", "2026-11-05"]);
    assert_eq!(p.page("latest/clauses/a.html").texts("#records .badge.kept-done").len(), 2);
}

#[test]
fn a_duty_done_once_is_recorded_on_its_due_date_and_is_no_longer_overdue() {
    let clause = "---\ntitle: 评估\nowner: brand\nduties:\n  - text: 提交年度评估报告\n    owner: brand\n    id: report\n    due: 2026-11-01\n---\n正文。\n";
    let p = Project::with(&[("content/01-b.md", clause)]);
    let today = ["--today", "2026-12-08"];
    assert!(p.run(&["check", "--today", "2026-12-08"]).stderr().contains("duty-overdue"));
    let run = p.run(
        &[&["record"][..], &today[..], &["--duty", "b#report", "--date", "2026-10-31", "--by", "李静"][..]].concat(),
    );
    assert!(run.stderr().contains("2026-10-31 不是这项职责的日期：它的期限是 2026-11-01"), "{}", run.stderr());
    // A name the reader would refuse is refused before anything is written.
    let slash = p.root().join("a\\b.txt");
    std::fs::write(&slash, "x\n").unwrap();
    let run = p.run(
        &[&["record"][..], &today[..], &["--duty", "b#report", "--by", "李静", slash.to_str().unwrap()][..]].concat(),
    );
    assert!(run.stderr().contains("的文件名无法保存在 records/ 中"), "{}", run.stderr());
    assert!(!p.root().join("records").exists(), "nothing written");
    // A name the shell would read as two commands is quoted in the `git add` line.
    let odd = p.root().join("报告 a;b.txt");
    std::fs::write(&odd, "报告\n").unwrap();
    let run =
        p.run(&[&["record"][..], &today[..], &["--duty", "b#1", "--by", "李静", odd.to_str().unwrap()][..]].concat());
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout().contains(" add records/2026-11-01-b-report.yaml 'records/2026-11-01-报告 a;b.txt'"),
        "{}",
        run.stdout()
    );
    let checked = p.run(&["check", "--today", "2026-12-08"]);
    assert!(!checked.stderr().contains("duty-overdue"), "{}", checked.stderr());
    // A record written by hand says who, in words.
    p.write("records/hand.yaml", "duty: b#report\ndate: 2026-11-01\nby: \"\"\nnote: \"a\\u0001b\"\n");
    let run = p.run(&["check", "--today", "2026-12-08"]);
    run.reports("records/hand.yaml:3:5", "记录的 `by` 不能为空");
    run.reports("records/hand.yaml:4:7", "记录的 `note` 不能为空，也不能含控制字符");
}
