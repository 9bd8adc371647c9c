//! Bad input: every problem is reported in one run, compiler-style with `file:line:col`, the
//! exit code says what happened, and the previous site is left exactly as it was.

mod common;

use common::*;

const OK: &str = "---\ntitle: 正常条款\nowner: marketing\n---\n正文。\n";

/// Builds once successfully, breaks the project, builds again and checks that the failure wrote
/// nothing: `public/` is byte-for-byte the first build.
fn fails_and_keeps_the_old_site(p: &Project, break_it: impl FnOnce(&Project)) -> Run {
    p.build().ok();
    let before = std::fs::read(p.public().join("index.html")).unwrap();
    break_it(p);
    let run = p.build();
    assert_eq!(run.code(), 1, "stderr:\n{}", run.stderr());
    assert!(run.stderr().contains("没有写入任何文件") && run.stderr().contains("保持不变"), "{}", run.stderr());
    assert_eq!(std::fs::read(p.public().join("index.html")).unwrap(), before);
    run
}

#[test]
fn malformed_yaml_is_located() {
    let p = Project::with(&[("content/01-ok.md", OK)]);
    let run = fails_and_keeps_the_old_site(&p, |p| {
        p.write("content/02-bad.md", "---\ntitle: 坏\nduties: [a, b\nowner: marketing\n---\n");
    });
    assert!(run.stderr().contains("error[yaml]: YAML 格式错误"), "{}", run.stderr());
    assert!(run.stderr().contains("--> content/02-bad.md:4:"), "{}", run.stderr());
}

#[test]
fn a_field_of_the_wrong_type_points_at_the_value() {
    let p = Project::with(&[(
        "content/01-a.md",
        "---\ntitle: 甲\norder: [1, 2]\nduties:\n  - text: 做事\n    owner: [marketing]\n---\n",
    )]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:8", "`order` 应为整数，实际是列表");
    run.reports("content/01-a.md:6:12", "`owner` 应为文本，实际是列表");
}

#[test]
fn invalid_dates_are_located_with_a_hint() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\nrevised: 2025-02-30\nreview_by: 明年\n---\n")]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:10", "`revised`：\"2025-02-30\" 不是有效日期");
    run.reports("content/01-a.md:4:12", "`review_by`：\"明年\" 不是有效日期");
    assert!(run.stderr().contains("YYYY-MM-DD"));
}

#[test]
fn invalid_utf8_is_located() {
    let p = Project::with(&[]);
    // 预算 in GBK: D4 A4 happens to be valid UTF-8 (Ԥ), CB E3 is not.
    p.write_bytes("content/01-gbk.md", b"---\ntitle: \xd4\xa4\xcb\xe3\n---\n");
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-gbk.md:2:9", "文件不是有效的 UTF-8 文本");
}

#[test]
fn duplicate_ids_name_both_files() {
    let p = Project::with(&[
        ("content/01-a.md", "---\nid: same\ntitle: 甲\n---\n"),
        ("content/02-b/_index.md", "---\ntitle: 乙章\n---\n"),
        ("content/02-b/01-b.md", "---\nid: same\ntitle: 乙\n---\n"),
    ]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/02-b/01-b.md:2:5", "条款 id `same` 已被 content/01-a.md 使用");
    assert!(run.stderr().contains("::: content/01-a.md:2:5: 第一次使用在这里"), "{}", run.stderr());
}

#[test]
fn unknown_parties_are_located_wherever_they_are_named() {
    let p = Project::with(&[(
        "content/01-a.md",
        "---\ntitle: 甲\nowner: 财务部\nparties: [marketing, legal]\nduties:\n  - text: 做事\n    owner: 品牌部\n  - text: 另一件事\n    owner: hr\nbudget:\n  - party: finance\n    share: 100\n---\n",
    )]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:8", "`财务部` 不是本协议的一方");
    run.reports("content/01-a.md:4:22", "`legal` 不是本协议的一方");
    run.reports("content/01-a.md:9:12", "`hr` 不是本协议的一方");
    run.reports("content/01-a.md:11:12", "`finance` 不是本协议的一方");
    assert!(!run.stderr().contains("`品牌部` 不是"), "a party named by its name is known");
}

#[test]
fn broken_references_are_errors_at_their_line() {
    let p = Project::with(&[
        (
            "content/01-a.md",
            "---\ntitle: 甲\nrefs: [b, missing]\n---\n\n第一段。\n\n见 [[nowhere]] 与 [乙](02-b.md)、[丙](03-c.md)。\n",
        ),
        ("content/02-b.md", "---\ntitle: 乙\n---\n"),
    ]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:11", "没有 id 为 `missing` 的条款");
    run.reports("content/01-a.md:8:3", "没有 id 为 `nowhere` 的条款");
    run.reports("content/01-a.md:8:30", "没有条款文件 content/03-c.md");
}

#[test]
fn a_missing_index_is_reported_along_with_clause_problems() {
    let p = Project::empty();
    p.write("content/01-a.md", "---\ntitle: [\n---\n");
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/_index.md:1:1", "the agreement has no content/_index.md");
    assert!(run.stderr().contains("--> content/01-a.md:"), "clause errors are reported in the same run");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let p = Project::with(&[
        ("content/01-a.md", "---\ntitle: 甲\nowner: nobody\n---\n"),
        ("content/02-b.md", "---\ntitle: 乙\nrevised: 2025-13-01\n---\n"),
        ("content/03-c.md", "---\ntitle: 丙\nstatus: finished\n---\n[[gone]]\n"),
        ("content/04-d.md", "no front matter\n"),
    ]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:8", "`nobody` 不是本协议的一方");
    run.reports("content/02-b.md:3:10", "不是有效日期");
    run.reports("content/03-c.md:3:9", "未知的状态 `finished`");
    run.reports("content/03-c.md:5:1", "没有 id 为 `gone` 的条款");
    run.reports("content/04-d.md:1:1", "文件没有前置信息");
    assert!(run.stderr().contains("5 个错误"), "{}", run.stderr());
}

#[test]
fn missing_title_points_at_the_front_matter() {
    let p = Project::with(&[("content/01-a.md", "---\nowner: marketing\n---\n")]);
    p.build().reports("content/01-a.md:1:1", "条款没有 `title`（标题）");
}

#[test]
fn ids_that_could_escape_the_output_folder_are_refused() {
    let p = Project::with(&[("content/01-a.md", "---\nid: ../../etc/x\ntitle: 甲\n---\n")]);
    let run = p.build();
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:2:5", "`../../etc/x` 不能作为条款 id");
    assert!(!p.root().join("etc").exists() && !p.public().exists());
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let p = Project::with(&[("content/01-a.md", OK)]);
    p.write(
        "themes/default/templates/party.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ party.name | nosuchfilter }}\n{% endblock %}\n",
    );
    let run = p.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("--> themes/default/templates/party.html:3:"), "{}", run.stderr());
    p.write("themes/default/templates/party.html", "{% if %}\n");
    let run = p.build();
    assert!(run.stderr().contains("--> themes/default/templates/party.html:1:"), "{}", run.stderr());
}

#[test]
fn usage_and_io_problems_exit_with_2() {
    let p = Project::empty();
    let run = p.build();
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("no content/ folder"), "{}", run.stderr());

    let p = Project::with(&[("content/01-a.md", OK)]);
    p.write("public/precious.txt", "not a site");
    let run = p.build();
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("refusing to replace"), "{}", run.stderr());
    assert!(p.public().join("precious.txt").exists());

    let run = p.run(&["build", "--today", "2026-02-30"]);
    assert_eq!(run.code(), 2);
}

#[test]
fn check_reports_without_writing() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\nowner: nobody\n---\n")]);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:8", "`nobody` 不是本协议的一方");
    assert!(!p.public().exists());
    p.write("content/01-a.md", OK);
    p.run(&["check"]).ok();
}

#[test]
fn strange_input_never_panics() {
    let cases: &[&[u8]] = &[
        b"---\n",
        b"---\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\n? [a, b]\n: c\n---\n",
        b"---\ntitle: &a [*a]\n---\n",
        b"---\ntitle: x\n---\n[[]]\n[x]()\n[^]: \n",
        b"\xef\xbb\xbf---\ntitle: bom\n---\n",
        b"---\ntitle: x\nduties: 3\nbudget: {a: 1}\nrefs: {x: y}\n---\n",
        b"---\ntitle: x\nduties:\n  - 42\n  - [1]\n  - {owner: marketing}\nbudget:\n  - {party: marketing, share: \"60%\"}\n  - nope\n---\n",
        b"\x00\x00\x00",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let p = Project::with(&[]);
        p.write_bytes("content/01-x.md", bytes);
        let run = p.build();
        assert!(matches!(run.code(), 0 | 1), "case {i}: {}", run.stderr());
        assert!(!run.stderr().contains("panicked"), "case {i}: {}", run.stderr());
    }
}

#[test]
fn a_reference_by_a_clause_s_title_or_number_says_which_id_was_meant() {
    let p = Project::example();
    let file = "content/01-general/01-purpose.md";
    let text = std::fs::read_to_string(p.root().join(file)).unwrap();
    p.write(file, &format!("{text}\n见[[重大开支联合审批]]与[[第10条]]。\n"));
    let checked = clausebook::check(p.root(), chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()).unwrap();
    let broken: Vec<&clausebook::Diagnostic> =
        checked.diagnostics.iter().filter(|d| d.rule == "broken-reference").collect();
    assert_eq!(broken.len(), 2, "{broken:#?}");
    let tenth = checked.agreement.as_ref().unwrap().clauses[9].id.clone();
    for (d, written, meant) in
        [(broken[0], "重大开支联合审批", "budget-approval"), (broken[1], "第10条", tenth.as_str())]
    {
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(hint.starts_with(&format!("是否想写 `{meant}`？「{written}」是该条款的")), "{hint}");
        let fix = d.fix.as_ref().expect("a quick fix");
        assert_eq!((fix.from.as_str(), fix.to.as_str()), (written, meant));
    }
    let run = p.run(&["check"]);
    assert!(
        run.stderr().contains("是否想写 `budget-approval`？「重大开支联合审批」是该条款的标题"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_language_that_is_no_tag_and_a_base_url_that_is_no_address_are_warned_of_at_their_values() {
    let index = INDEX.replace("language: zh-CN", "language: zh_CN\nbase_url: intranet/legal/");
    let p = Project::with(&[("content/01-ok.md", OK)]);
    p.write("content/_index.md", &index);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 0, "warnings, not errors:\n{}", run.stderr());
    run.reports("content/_index.md:3:11", "`zh_CN` 不是语言标记");
    run.reports("content/_index.md:4:11", "`base_url: intranet/legal/` 不是完整的网址");
    assert!(run.stderr().contains("是否想写 `zh-CN`？"), "{}", run.stderr());
    // Written well, nothing is said.
    p.write(
        "content/_index.md",
        &INDEX.replace("language: zh-CN", "language: zh-Hans-CN\nbase_url: https://intranet/法务/"),
    );
    let run = p.run(&["check"]);
    assert!(!run.stderr().contains("warning["), "{}", run.stderr());
    // The flag refuses what a file is only warned of: it is typed at the moment it is used.
    let flag = p.run(&["build", "--base-url", "intranet/legal/"]);
    assert_eq!(flag.code(), 2, "{}", flag.stderr());
    assert!(flag.stderr().contains("is not a full address"), "{}", flag.stderr());
    // A portfolio's: its language must be text, its address a full one.
    let q = Project::empty();
    q.write(
        "portfolio.yaml",
        "title: 组合\nlanguage: [zh]\nbase_url: ftp://intranet/\nagreements:\n  - {id: a, path: a}\n",
    );
    q.write("a/content/_index.md", INDEX);
    q.write("a/content/01-ok.md", OK);
    let run = q.run(&["check"]);
    run.reports("portfolio.yaml:2:11", "`language`");
    run.reports("portfolio.yaml:3:11", "`base_url: ftp://intranet/` 不是完整的网址");
    assert_eq!(run.code(), 1, "a language that is no text is an error:\n{}", run.stderr());
}
