//! A portfolio's own rules (`rule { portfolio = function(p, report) … end }` in the `rules/`
//! beside portfolio.yaml), its checks across agreements (`term-conflict`, `liaison-missing`) and
//! `clausebook test` of its rules, run through the binary on portfolios in temporary folders: what
//! a user sees, at file:line:col named from the portfolio's folder.

mod common;

use common::{Project, clausebook, eventually, repo};

/// Two agreements (`a`: 营销部 and 品牌部, whose duties name no liaison; `b`: 营销部 and 信息技术部)
/// that define 联合活动 differently, in a portfolio whose `rules:` and `rule_limits:` are `settings`.
fn portfolio(settings: &str, language: &str) -> Project {
    let p = Project::empty();
    p.write(
        "portfolio.yaml",
        &format!("title: 测试组合\nlanguage: {language}\n{settings}agreements:\n  - {{id: a, path: a}}\n  - {{id: b, path: b}}\n"),
    );
    p.write(
        "a/content/_index.md",
        "---\ntitle: 甲协议\nlanguage: zh-CN\nparties:\n  - {id: marketing, name: 营销部, liaison: 王晓明}\n  - {id: brand, name: 品牌部}\n---\n\n本协议所称\"联合活动\"，是指双方共同策划的活动。\n",
    );
    p.write(
        "a/content/01-x.md",
        "---\ntitle: 职责\nduties:\n  - {text: 做事, owner: brand}\n  - {text: 做事二, owner: brand}\n---\n\n双方开展联合活动。\n",
    );
    p.write(
        "b/content/_index.md",
        "---\ntitle: 乙协议\nlanguage: zh-CN\nparties:\n  - {id: marketing, name: 营销部, liaison: 王晓明}\n  - {id: it, name: 信息技术部, liaison: 陈志远}\n---\n\n本协议所称\"联合活动\"，是指双方共同出资的活动。\n",
    );
    p.write("b/content/01-y.md", "---\ntitle: 条款\nduties:\n  - {text: 做事, owner: it}\n---\n\n双方开展联合活动。\n");
    p
}

#[test]
fn a_portfolio_rule_reports_at_any_file_of_any_agreement() {
    let p = portfolio("", "zh-CN");
    p.write(
        "rules/01-where.lua",
        r#"rule {
  id = "where",
  severity = "warning",
  description = "reports here and there",
  portfolio = function(p, report)
    local b = p.agreement("b")
    report { agreement = b, clause = "y", field = "duties[1].owner", message = "在乙：" .. b.parties[2].unit }
    report { clause = p.agreements[1].clauses[1], line = 8, column = 3, message = "在甲正文" }
    report { agreement = "a", field = "parties[2]", message = "在甲的协议方" }
    report { message = "在组合：" .. #p.agreements .. " 份协议，" .. p.unit("信息技术部").id, field = "agreements[2]" }
  end,
}
"#,
    );
    let run = p.run(&["check"]);
    run.reports("b/content/01-y.md:4:23", "warning[where]: 在乙：it");
    run.reports("a/content/01-x.md:8:3", "在甲正文");
    run.reports("a/content/_index.md:6:5", "在甲的协议方");
    run.reports("portfolio.yaml:5:5", "在组合：2 份协议，it");
    // The same in JSON, where each file is named from the portfolio's folder.
    let json = p.run(&["check", "--format", "json"]).stdout();
    assert!(
        json.contains("\"file\": \"b/content/01-y.md\"") || json.contains("\"file\":\"b/content/01-y.md\""),
        "{json}"
    );
}

#[test]
fn a_looping_portfolio_rule_is_stopped_by_its_deadline() {
    let p = portfolio("rule_limits: {instructions: 1000000000000, seconds: 1}\n", "zh-CN");
    p.write(
        "rules/01-loop.lua",
        r#"rule { id = "loops", description = "d", portfolio = function(p, report)
  local n = 0
  while true do n = n + 1 end
end }
rule { id = "after", severity = "warning", description = "d", portfolio = function(p, report) report("after ran") end }
"#,
    );
    let started = std::time::Instant::now();
    let run = p.run(&["check"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "stopped in time");
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("rules/01-loop.lua:3:1", "规则 `loops` 到了 1 秒的时限被停止");
    assert!(run.stderr().contains("rules/01-loop.lua:1:1: 规则 `loops` 在这里注册"), "{}", run.stderr());
    run.reports("portfolio.yaml:1:1", "warning[after]: after ran");
}

#[test]
fn a_misspelled_api_key_says_did_you_mean() {
    let p = portfolio("", "en");
    p.write(
        "rules/01-typos.lua",
        r#"rule { id = "p-typo", description = "d", portfolio = function(p, report)
  return #p.agreemnts
end }
rule { id = "party-typo", description = "d", portfolio = function(p, report)
  return p.agreements[1].parties[1].unti
end }
rule { id = "report-typo", description = "d", portfolio = function(p, report)
  report { agrement = "a", message = "x" }
end }
rule { id = "registration-typo", description = "d", portfolio = function(p, report) end, severty = "info" }
"#,
    );
    let run = p.run(&["check"]);
    run.reports(
        "rules/01-typos.lua:2:1",
        "`agreemnts`: the portfolio has no field `agreemnts`; did you mean `agreements`?",
    );
    run.reports("rules/01-typos.lua:5:1", "`unti`: a party has no field `unti`; did you mean `unit`?");
    run.reports("rules/01-typos.lua:8:1", "unknown key `agrement`; did you mean `agreement`?");
    run.reports("rules/01-typos.lua:10:90", "did you mean `severity`?");
    // A clause of one agreement is not reported on another.
    p.write(
        "rules/01-typos.lua",
        r#"rule { id = "mixed", description = "d", portfolio = function(p, report)
  report { agreement = "b", clause = p.agreements[1].clauses[1], message = "x" }
end }
"#,
    );
    p.run(&["check"]).reports("rules/01-typos.lua:2:1", "the clause is of agreement `a`, not of `b`");
}

#[test]
fn a_portfolio_check_belongs_to_the_portfolio_and_agreement_checks_to_agreements() {
    let p = portfolio("", "en");
    p.write("rules/01-wrong.lua", "rule { id = \"w\", description = \"d\", clause = function(c, report) end }\n");
    p.run(&["check"]).reports("rules/01-wrong.lua:1:37", "unknown key `clause`");
    p.write("a/rules/01-wrong.lua", "rule { id = \"w\", description = \"d\", portfolio = function(p, report) end }\n");
    let run = clausebook().args(["check", "--today", "2026-01-15", "--root"]).arg(p.root().join("a")).output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("`portfolio` 检查只能写在组合的 rules/ 文件夹中"), "{err}");
}

#[test]
fn terms_and_liaisons_are_checked_across_the_portfolio_and_set_in_portfolio_yaml() {
    let p = portfolio("", "zh-CN");
    let run = p.run(&["check"]);
    run.reports("b/content/_index.md:9:7", "warning[term-conflict]: 术语「联合活动」在《甲协议》（a）中的定义与此不同");
    assert!(run.stderr().contains("::: a/content/_index.md:9:7: a 中的定义在这里"), "{}", run.stderr());
    run.reports(
        "a/content/_index.md:6:5",
        "warning[liaison-missing]: 品牌部在本协议中承担 2 项职责，但其协议方 `brand` 没有写明联络人",
    );
    assert!(!run.stderr().contains("`it` 没有写明联络人"), "{}", run.stderr());
    // An agreement that fails to build is still seen by them, as `check` sees it.
    let body = std::fs::read_to_string(p.root().join("a/content/01-x.md")).unwrap();
    p.write("a/content/01-x.md", &format!("{body}见 [[nosuch]]。\n"));
    let (checked, built) = (p.run(&["check"]), p.run(&["build"]));
    assert_eq!(built.code(), 1, "{}", built.stderr());
    let counts = |s: &str| s.lines().last().and_then(|l| l.split_once('（').map(|(_, c)| c.to_string()));
    assert!(built.stderr().contains("warning[liaison-missing]"), "{}", built.stderr());
    assert_eq!(counts(&built.stderr()).map(|c| c.contains("2 个警告")), Some(true), "{}", built.stderr());
    assert!(checked.stderr().contains("1 个错误，2 个警告"), "{}", checked.stderr());
    // Their severities are the portfolio's to set.
    let p = portfolio("rules:\n  term-conflict: error\n  liaison-missing: off\n", "zh-CN");
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    run.reports("b/content/_index.md:9:7", "error[term-conflict]");
    assert!(!run.stderr().contains("liaison-missing"), "{}", run.stderr());
}

#[test]
fn clausebook_test_runs_a_portfolio_rules_cases() {
    let p = portfolio("", "en");
    p.write(
        "rules/01-count.lua",
        r#"rule { id = "two-parties", severity = "warning", description = "d", portfolio = function(p, report)
  for _, a in ipairs(p.agreements) do
    if #a.parties ~= 2 then report { agreement = a, field = "parties", message = a.id .. " has " .. #a.parties } end
  end
end }
"#,
    );
    let index = |parties: &str| {
        format!(
            "          ---\n          title: 协议\n          language: zh-CN\n          parties: [{parties}]\n          ---\n"
        )
    };
    let three = index("{id: marketing, name: 营销部}, {id: brand, name: 品牌部}, {id: it, name: 信息技术部}");
    p.write(
        "rules/tests/two-parties.yaml",
        &format!(
            "rule: two-parties\ncases:\n  - name: three parties\n    agreements:\n      x:\n        agreement: |\n{three}        clauses: {{}}\n      y:\n        clauses: {{}}\n    expect:\n      - {{ at: \"x/content/_index.md:4:10\", message: x has 3 }}\n  - name: wrong place\n    agreements:\n      x:\n        agreement: |\n{three}        clauses: {{}}\n    expect:\n      - {{ at: \"y/content/_index.md:4\" }}\n"
        ),
    );
    let run = clausebook().args(["test", "--root"]).arg(p.root()).output().unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("two-parties: three parties ... ok"), "{out}");
    assert!(out.contains("two-parties: wrong place ... FAILED"), "{out}");
    assert!(out.contains("x/content/_index.md:4:10"), "the unexpected finding, named from the portfolio: {out}");
    assert_eq!(run.status.code(), Some(1), "{out}");
    // `clausebook check` reads them without running them: a misspelled key is a `rule-test` error.
    p.write(
        "rules/tests/two-parties.yaml",
        "rule: two-parties\ncases:\n  - name: x\n    agreements:\n      x: {clauses: {}}\n    expct: []\n",
    );
    p.run(&["check"]).reports("rules/tests/two-parties.yaml:6:5", "unknown key `expct` in a case");
}

#[test]
fn the_example_portfolio_rules_pass_their_tests_and_its_check() {
    let root = repo().join("examples/portfolio");
    let run = clausebook().args(["test", "--root"]).arg(&root).output().unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{out}{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.contains("department-meeting-clash"), "{out}");
    let run = clausebook().args(["check", "--today", "2026-12-07", "--root"]).arg(&root).output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!err.contains("rule-error") && !err.contains("department-meeting-clash"), "{err}");
}

/// What `watch` said of each rebuild so far: the lines up to and with its one-line report.
fn rebuilds(log: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let (mut out, mut said) = (Vec::new(), String::new());
    for line in text.lines() {
        said.push_str(line);
        said.push('\n');
        if line.starts_with("已重新生成（") || line.starts_with("重新生成失败（") {
            out.push(std::mem::take(&mut said));
        }
    }
    out
}

/// A portfolio rule that wants every agreement's title to end with `suffix`.
fn titles(suffix: &str) -> String {
    format!(
        r#"rule {{ id = "titles", severity = "warning", description = "d", portfolio = function(p, report)
  for _, a in ipairs(p.agreements) do
    if not a.title:find("{suffix}$") then report {{ agreement = a, field = "title", message = a.id .. " 的标题不以「{suffix}」结尾" }} end
  end
end }}
"#
    )
}

#[test]
fn under_watch_the_portfolio_rules_run_again_after_edits_of_the_agreements_and_of_the_rules() {
    // The time limit is what stops the loop, however fast the machine runs Lua's instructions.
    let p = portfolio("rule_limits: {seconds: 1, instructions: 1000000000000}\n", "zh-CN");
    let index = std::fs::read_to_string(p.root().join("a/content/_index.md")).unwrap();
    p.write("a/content/_index.md", &index.replace("title: 甲协议", "title: 甲方案"));
    p.write("rules/01-titles.lua", &titles("协议"));
    let (out, log) = (p.root().join("site"), p.root().join("watch.log"));
    let mut child = common::watch(p.root(), "2026-01-15", &out, &log);
    let said = |what: &str, cond: &dyn Fn(&str) -> bool| {
        eventually(what, || rebuilds(&log).iter().any(|s| cond(s)));
        rebuilds(&log).into_iter().rfind(|s| cond(s)).unwrap()
    };
    // The first build: the rule's finding and the built-in checks across the agreements, said as
    // `check` says them, and the site written (they are warnings).
    let first = said("the first build", &|s| s.contains("已重新生成（启动）"));
    let at = |file: &str, message: &str| format!("{message}\n  --> {file}");
    assert!(first.contains(&at("a/content/_index.md:2:8", "warning[titles]: a 的标题不以「协议」结尾")), "{first}");
    assert!(first.contains("warning[term-conflict]") && first.contains("warning[liaison-missing]"), "{first}");
    assert!(first.contains("3 个警告"), "{first}");
    assert!(out.join("index.html").is_file() && out.join("a/index.html").is_file());
    // An edit that fixes the title: the finding is gone.
    p.write("a/content/_index.md", &index);
    let fixed = said("the fixed title", &|s| s.contains("已重新生成（a/content/_index.md）"));
    assert!(!fixed.contains("[titles]") && fixed.contains("warning[term-conflict]"), "{fixed}");
    // An edit that changes none of them: they are not said again, only that they stand.
    let body = std::fs::read_to_string(p.root().join("b/content/01-y.md")).unwrap();
    p.write("b/content/01-y.md", &body.replace("双方开展联合活动。", "双方每季度开展联合活动。"));
    let same = said("an edit of a body", &|s| s.contains("已重新生成（b/content/01-y.md）"));
    assert!(same.contains("跨协议检查的 2 条发现同上次所列") && !same.contains("warning[term-conflict]"), "{same}");
    assert!(same.contains("2 个警告"), "still counted: {same}");
    // An edit of the rule's file: every agreement is held to the new rule, with its message.
    p.write("rules/01-titles.lua", &titles("协议书"));
    let stricter = said("the edited rule", &|s| s.contains("已重新生成（rules/01-titles.lua）"));
    assert!(stricter.contains(&at("b/content/_index.md:2:8", "b 的标题不以「协议书」结尾")), "{stricter}");
    assert!(stricter.contains("a 的标题不以「协议书」结尾"), "{stricter}");
    // A rule that loops is stopped at its limit and said at its line, as `check` says it; the
    // session goes on, and the next edit of the rule is checked again.
    p.write(
        "rules/01-titles.lua",
        "rule { id = \"titles\", description = \"d\", portfolio = function(p, report)\n  while true do end\nend }\n",
    );
    let stopped = said("the looping rule", &|s| s.contains("重新生成失败（rules/01-titles.lua）"));
    let place = "停止（是否陷入了死循环，或工作对规则而言太重？）；如确需更多，请调高 `rule_limits.seconds`";
    assert!(
        stopped.contains(&at("rules/01-titles.lua:2:1", place)) && stopped.contains("规则 `titles` 到了 1 秒"),
        "{stopped}"
    );
    p.write("rules/01-titles.lua", &titles("方案"));
    let again = said("the rule mended", &|s| s.contains("已重新生成（rules/01-titles.lua）") && s.contains("「方案」"));
    assert!(again.contains("a 的标题不以「方案」结尾") && !again.contains("rule-error"), "{again}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn explain_at_a_portfolio_knows_its_rules_and_its_agreements() {
    let p = portfolio("", "en");
    p.write(
        "rules/01-titles.lua",
        "rule { id = \"titles\", severity = \"warning\", description = \"titles end with 协议\",\n  explanation = \"Every agreement's title.\", portfolio = function(p, report) end }\n",
    );
    p.write(
        "a/rules/01-own.lua",
        "rule { id = \"a-own\", description = \"a's own\", clause = function(c, report) end }\n",
    );
    let explain = |code: &[&str]| clausebook().arg("explain").args(code).arg("--root").arg(p.root()).output().unwrap();
    let list = String::from_utf8_lossy(&explain(&[]).stdout).into_owned();
    let (own, of_a) = (list.find("this project's rules").unwrap(), list.find("the rules of agreement `a`:").unwrap());
    assert!(own < list.find("titles ").unwrap() && of_a < list.find("a-own").unwrap(), "{list}");
    let run = explain(&["titles"]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.starts_with("titles (warning, a rule of this project, rules/01-titles.lua:1): titles end with 协议\n\nEvery agreement's title."), "{text}");
    let text = String::from_utf8_lossy(&explain(&["a-own"]).stdout).into_owned();
    assert!(text.starts_with("a-own (error, a rule of agreement `a`, a/rules/01-own.lua:1): a's own"), "{text}");
    let unknown = explain(&["titels"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("`titels`; did you mean `titles`?"), "{err}");
}
