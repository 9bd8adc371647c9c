//! A Chinese project hears clausebook in Chinese, an English one in English: the outputs people
//! read (findings, build and watch lines, YAML errors, `new`) hold no English sentence outside
//! code, file names and the quoted words of others.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::*;

/// Asserts that `output` (what `what` printed) holds no English sentence.
fn assert_chinese(what: &str, output: &str) {
    let english = english_sentences(output);
    assert!(english.is_empty(), "{what} says {english:?} in English:\n{output}");
}

#[test]
fn the_sentence_finder_finds_english_and_leaves_code_and_paths() {
    assert_eq!(english_sentences("error: the file is not valid UTF-8"), ["the file is not valid"]);
    assert_eq!(english_sentences("ok: 3 clauses, 0 errors"), Vec::<String>::new());
    assert!(english_sentences("错误：`title: x` 在 content/01-a.md 中").is_empty());
    assert!(english_sentences("  4 | title: some English text").is_empty());
    assert!(english_sentences("   = note: 解析器的原话：did not find expected key").is_empty());
    assert!(english_sentences("规则 `x` 运行出错。Lua 的原话：attempt to index a nil value").is_empty());
    assert!(english_sentences("        rules/x.lua:3: in function <rules/x.lua:1>").is_empty());
    assert_eq!(english_sentences("rules/x.lua:3: rule failed here"), ["rule failed here"]);
    assert!(english_sentences("error[unknown-field]: `owner` 不是条款的字段").is_empty());
}

/// A Chinese project with one of each kind of problem that loading and the built-in checks find.
fn broken() -> Project {
    Project::with(&[
        (
            "content/01-a.md",
            "---\ntitle: 甲\nowner: nobody\nstatus: drafty\nreview_by: 2025-01-01\nownr: x\n---\n见[[missing]]。\n",
        ),
        ("content/02-b.md", "---\ntitle: 乙\nduties: [a, b\n---\n"),
        ("content/03-c.md", "---\ntitle：丙\n---\n"),
        ("content/04-d.md", "---\ntitle: 丁\n\tid: d\n---\n"),
        ("content/05-e.md", "---\ntitle: 戊\ntitle: 戊\n---\n"),
        ("content/06-f.md", "no front matter\n"),
    ])
}

#[test]
fn check_and_build_of_a_chinese_project_say_nothing_in_english() {
    let example = Project::example();
    for format in ["human", "github"] {
        let run = example.run(&["check", "--format", format]);
        assert_chinese(&format!("check --format {format} (example)"), &(run.stdout() + &run.stderr()));
    }
    let run = example.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_chinese("build (example)", &(run.stdout() + &run.stderr()));
    let p = broken();
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("error[yaml]"), "{}", run.stderr());
    assert_chinese("check (broken)", &run.stderr());
    let run = p.build();
    assert_eq!(run.code(), 1);
    assert_chinese("build (broken)", &(run.stdout() + &run.stderr()));
}

#[test]
fn yaml_errors_are_in_our_words_with_the_parsers_as_a_detail() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\nduties:\n  - text: 做事\n owner: brand\n---\n")]);
    let run = p.run(&["check"]);
    let err = run.stderr();
    assert!(err.contains("YAML 格式错误：缩进不一致"), "{err}");
    assert!(err.contains("解析器的原话："), "{err}");
    assert_chinese("a YAML error", &err);
}

#[test]
fn new_speaks_the_language_it_makes() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("zh");
    let out = clausebook().arg("new").arg(&zh).output().unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("已创建") && said.contains("下一步"), "{said}");
    assert_chinese("new", &said);
    let en = dir.path().join("en");
    let out = clausebook().arg("new").arg(&en).args(["--language", "en"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("created "), "{out:?}");
}

#[test]
fn watch_reports_its_rebuilds_in_chinese() {
    let p = Project::example();
    let out = p.root().join("public");
    let mut child = clausebook()
        .args(["watch", "--poll", "--today", "2026-01-15", "--root"])
        .arg(p.root())
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.find_map(|l| l.ok().filter(|l| l.contains("已重新生成") || l.contains("rebuil")));
    let _ = child.kill();
    let _ = child.wait();
    let first = first.expect("a line for the first build");
    assert!(first.contains("已重新生成（启动）"), "{first}");
    assert_chinese("watch", &first);
}

/// Runs `clausebook explain ARGS --root <project>` (explain takes no `--today`).
fn explain(p: &Project, args: &[&str]) -> Run {
    Run(clausebook().arg("explain").args(args).arg("--root").arg(p.root()).output().unwrap())
}

#[test]
fn explain_and_approve_answer_a_chinese_project_in_chinese() {
    let p = Project::example();
    let list = explain(&p, &[]).ok().stdout();
    assert!(list.contains("内置检查") && list.contains("前置信息不是有效的 YAML"), "{list}");
    assert_chinese("explain", &list);
    let entry = explain(&p, &["yaml"]).ok().stdout();
    assert!(entry.contains("yaml（错误，内置）") && entry.contains("示例："), "{entry}");
    assert_chinese("explain yaml", &entry);
    let run = explain(&p, &["yamll"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("是否想写 `yaml`"), "{}", run.stderr());
    assert_chinese("explain of an unknown code", &run.stderr());
    let run = p.run(&["approve", "--list"]);
    assert_chinese("approve --list", &(run.stdout() + &run.stderr()));
    let run = p.run(&["approve", "--party", "nobody", "--by", "李静"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_chinese("approve of an unknown party", &run.stderr());
}

#[test]
fn an_english_project_stays_english() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: A\nownr: x\n---\nText.\n")]);
    p.write("content/_index.md", &INDEX.replace("language: zh-CN", "language: en"));
    let run = p.run(&["check"]);
    let err = run.stderr();
    assert!(err.contains("is not a field of a clause"), "{err}");
    assert!(err.contains("ok: 1 clause, 0 errors, 1 warning, 0 infos"), "{err}");
    let entry = explain(&p, &["yaml"]).ok().stdout();
    assert!(entry.contains("yaml (error, built-in): the front matter is not valid YAML"), "{entry}");
}

/// Rules that misuse the rule API: an unknown key and a value of the wrong type given to
/// `report`, a strict read of a field no clause has, a bad `date` argument and a bad `rule { … }`.
const MISUSING_RULES: &str = r#"rule { id = "key", description = "d", clause = function(c, report) report { message = "m", feild = "owner" } end }
rule { id = "kind", description = "d", clause = function(c, report) report { message = 1 } end }
rule { id = "read", description = "d", clause = function(c, report) if c.ownr then report("x") end end }
rule { id = "date", description = "d", clause = function(c, report) date.add_days("someday", 1) end }
rule { id = "spec", description = "d", severty = "info", severity = "warn", clause = 1 }
"#;

/// A project of `language` whose rules misuse the API, and what `check` printed about them.
fn misusing(language: &str) -> String {
    let p = Project::with(&[
        ("content/01-a.md", "---\ntitle: 甲\nowner: marketing\n---\n正文。\n"),
        ("rules/t.lua", MISUSING_RULES),
    ]);
    p.write("content/_index.md", &INDEX.replace("language: zh-CN", &format!("language: {language}")));
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.stderr()
}

#[test]
fn a_chinese_project_hears_in_chinese_how_its_rules_misuse_the_api() {
    let err = misusing("zh-CN");
    for said in [
        "没有键 `feild`；是否想写 `field`？",
        "`message` 应为文本",
        "`c.ownr`：条款没有字段 `ownr`",
        "`date.add_days`：",
        "规则 `spec`：没有键 `severty`",
        "没有级别 `warn`",
        "`clause` 应为函数",
    ] {
        assert!(err.contains(said), "expected `{said}` in:\n{err}");
    }
    // What the rule API says: the words after the engine's own prefix of a rule's failure
    // (`rule `x` failed on clause …: `), which belongs to the messages of running rules.
    let said: String = err
        .lines()
        .filter_map(|l| l.strip_prefix("error[rule-error]: "))
        .map(|l| l.split_once(" (content/01-a.md): ").map_or(l, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n");
    assert_chinese("check (rules misusing the API)", &said);
}

#[test]
fn an_english_project_hears_in_english_how_its_rules_misuse_the_api() {
    let err = misusing("en");
    for said in [
        "unknown key `feild`; did you mean `field`?",
        "`message` must be text",
        "`c.ownr`: clauses have no field `ownr`",
        "rule `spec`: unknown key `severty`",
        "`clause` must be a function",
    ] {
        assert!(err.contains(said), "expected `{said}` in:\n{err}");
    }
}

/// A Chinese project whose rules fail every way a rule can: one file errors while it loads, one
/// rule errors while it runs, one loops forever (stopped at a one-second deadline), and a rule
/// test fails.
fn failing_rules() -> Project {
    let p = Project::with(&[
        ("content/01-a.md", "---\ntitle: 甲\nowner: marketing\n---\n正文。\n"),
        ("rules/a-load.lua", "local n = nil\nlocal x = n + 1\n"),
        (
            "rules/b-run.lua",
            "rule {\n  id = \"b-run\",\n  description = \"出错\",\n  clause = function(c, report)\n    local t = nil\n    report(t.x)\n  end,\n}\n",
        ),
        (
            "rules/c-loop.lua",
            "rule {\n  id = \"c-loop\",\n  description = \"死循环\",\n  agreement = function(a, report)\n    while true do end\n  end,\n}\n",
        ),
        (
            "rules/d-quiet.lua",
            "rule {\n  id = \"d-quiet\",\n  description = \"什么也不报告\",\n  clause = function(c, report) end,\n}\n",
        ),
        (
            "rules/tests/b-run.yaml",
            "rule: b-run\ncases:\n  - name: 出错的规则\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect: []\n",
        ),
        (
            "rules/tests/d-quiet.yaml",
            "rule: d-quiet\ncases:\n  - name: 想要一个发现\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect:\n      - { at: \"01-a.md:2\", message: 甲 }\n",
        ),
    ]);
    p.write(
        "content/_index.md",
        &INDEX.replacen("---\n\n", "rule_limits: {instructions: 1000000000, seconds: 1}\n---\n\n", 1),
    );
    p
}

#[test]
fn failing_rules_are_told_in_chinese_with_luas_words_as_a_detail() {
    let p = failing_rules();
    let run = p.run_within(&["check"], 60);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    assert!(err.contains("规则文件加载失败。Lua 的原话：attempt to perform arithmetic"), "{err}");
    assert!(err.contains("规则 `b-run` 在检查条款 `a`"), "{err}");
    assert!(err.contains("规则 `c-loop` "), "{err}");
    assert!(err.contains("被停止"), "{err}");
    assert_chinese("check of failing rules", &err);
    let run = clausebook().args(["test", "--root"]).arg(p.root()).output().unwrap();
    let out = String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(out.contains("测试 b-run: 出错的规则 …… 未通过"), "{out}");
    assert!(out.contains("规则出错："), "{out}");
    assert!(out.contains("预期 01-a.md:2 有一个发现（包含“甲”），但规则在这一行什么也没报告"), "{out}");
    assert!(out.contains("规则测试：未通过。0 个通过，2 个未通过"), "{out}");
    assert_chinese("test of failing rules", &out);
}
