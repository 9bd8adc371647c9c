//! The Lua rule engine from the command line: the example rules, the API, project settings,
//! suppressions, and one test per way out of the sandbox.

mod common;

use common::*;

#[test]
fn the_example_passes_its_own_rules() {
    let p = Project::example();
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    let run = p.run(&["check", "--today", "2026-03-01"]).ok();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let later = p.run(&["check", "--today", "2031-01-01"]).ok();
    assert!(later.stderr().contains("warning[review-overdue]"), "time passing gives warnings, never errors");
}

#[test]
fn example_rules_find_problems_at_the_exact_node() {
    let p = Project::example();
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    p.write(
        "content/09-extra.md",
        "---\ntitle: 新增会议\nrevised: 2026-01-01\nreview_by: 2027-06-01\nduties:\n  - text: 无人负责的事\nbudget:\n  - {party: marketing, share: 70}\n  - {party: brand, share: 20}\nmeeting: {place: 三楼}\n---\n",
    );
    let run = p.run(&["check", "--today", "2026-06-01"]);
    assert_eq!(run.code(), 1);
    run.reports("content/09-extra.md:6:5", "职责事项「无人负责的事」没有写明负责方");
    run.reports("content/09-extra.md:4:12", "晚于修订日期 2026-01-01 后一年");
    run.reports("content/09-extra.md:8:3", "预算分摊比例合计为 90%");
    run.reports("content/09-extra.md:10:10", "没有写明会议频率");
}

#[test]
fn agreement_checks_report_at_the_agreement_or_a_named_clause() {
    let p = Project::with(&[
        ("content/01-a.md", "---\ntitle: 甲\nmeeting: {cadence: 每周三}\nduties: [{text: x, owner: marketing}]\n---\n"),
        ("content/02-b.md", "---\ntitle: 乙\nmeeting:\n  cadence: 每周三\n---\n"),
    ]);
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    let run = p.run(&["check", "--today", "2026-01-01"]);
    run.reports("content/_index.md:9:5", "品牌部没有承担任何职责事项");
    run.reports("content/02-b.md:4:12", "会议时间「每周三」与第1条 甲 相同");
}

#[test]
fn a_rule_sees_fields_with_their_types_and_missing_ones_as_nil() {
    let p = with_rule(
        r#"rule { id = "types", severity = "warning", description = "d", clause = function(c, report)
            assert(type(c.duties[1].owner) == "string" and c.duties[1].due == nil)
            assert(c.number == 1 and c.label == "第1条" and c.file == "content/01-a.md" and c.body == "正文。\n")
            assert(c.fields.title == "甲" and c.status == "active" and c.body_line == 8)
            assert(c.fields.duties[1].owner == "brand" and c.fields.nosuch == nil and c.fields.owner == "marketing")
            local written = {}
            for k, v in pairs(c.fields) do written[#written + 1] = k .. "=" .. type(v) end
            table.sort(written)
            assert(table.concat(written, " ") == "duties=table owner=string title=string", table.concat(written, " "))
            local keys = {}
            for k in pairs(c) do keys[k] = true end
            assert(keys.owner and keys.duties and keys.id and keys.body and keys.number, "pairs lists every field")
            assert(date.add_months("2025-01-31", 1) == "2025-02-28" and date.diff("2025-01-01", "2025-03-01") == 59)
            assert(date.compare("2025-01-02", "2025-01-01") == 1 and not date.valid("2025-02-30"))
            assert(re.test("每周三召开", "每周[一二三四五]") and re.match("a-12", "(\\d+)")[1] == "12")
            report { message = "line", line = c.body_line }
        end }"#,
    );
    let run = p.run(&["check"]).ok();
    run.reports("content/01-a.md:8:1", "line");
}

#[test]
fn project_settings_change_severity_or_turn_rules_off_and_clauses_suppress_with_a_reason() {
    let rule =
        r#"rule { id = "always", description = "d", clause = function(c, report) report("found", "title") end }"#;
    let p = with_rule(rule);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:2:8", "found");

    p.write("content/_index.md", &LIMITS.replace("rule_limits", "rules: {always: warning, nosuch: off}\nrule_limits"));
    let run = p.run(&["check"]).ok();
    assert!(run.stderr().contains("warning[always]"), "{}", run.stderr());
    assert!(run.stderr().contains("没有可以配置的规则 `nosuch`"), "{}", run.stderr());

    p.write("content/_index.md", &LIMITS.replace("rule_limits", "rules: {always: off}\nrule_limits"));
    assert!(!p.run(&["check"]).ok().stderr().contains("always"));

    p.write("content/_index.md", LIMITS);
    p.write(
        "content/01-a.md",
        &CLAUSE.replace("owner: marketing\n", "owner: marketing\nallow: {always: \"双方同意保留\"}\n"),
    );
    let run = p.run(&["check"]).ok();
    assert!(!run.stderr().contains("found"), "{}", run.stderr());
    p.build().ok();
    let findings = p.page("findings.html");
    assert!(
        findings.texts(".suppressed li").iter().any(|t| t.contains("双方同意保留") && t.contains("found")),
        "{:?}",
        findings.texts(".suppressed li")
    );

    p.write("content/01-a.md", &CLAUSE.replace("owner: marketing\n", "owner: marketing\nallow: {always: \"\"}\n"));
    p.run(&["check"]).reports("content/01-a.md:4:17", "对 `always` 的豁免没有写理由");
}

#[test]
fn lua_errors_name_the_rule_file_and_line_with_a_traceback() {
    let p = with_rule(
        "rule { id = \"x\", description = \"d\", clause = function(c, report)\n  local n = nil\n  return n.field\nend }\n",
    );
    let err = rule_error(&p, "--> rules/t.lua:3:1");
    assert!(err.contains("规则 `x` 在检查条款") && err.contains("attempt to index a nil value"), "{err}");
    assert!(err.contains("stack traceback"), "{err}");

    p.write("rules/t.lua", "rule { id = \"x\",\n  description = \"d\" clause = 1 }\n");
    rule_error(&p, "--> rules/t.lua:2:1");

    p.write("rules/t.lua", "rule { id = \"bad id!\", description = \"d\", clause = function() end }\n");
    rule_error(&p, "规则的 `id` 只能由字母、数字");
}

#[test]
fn require_loads_helpers_from_rules_lib_only() {
    let p = with_rule(
        r#"local h = require "helper"; rule { id = "x", severity = "info", description = "d", clause = function(c, r) r(h.greet()) end }"#,
    );
    p.write("rules/lib/helper.lua", "return { greet = function() return 'hi' end }");
    p.run(&["check"]).ok().reports("content/01-a.md:1:1", "hi");
    p.write("rules/t.lua", r#"require "../../content/01-a""#);
    rule_error(&p, "must be words separated by dots");
    p.write("rules/t.lua", r#"require "socket.core""#);
    rule_error(&p, "no module `socket.core`");
}

#[test]
fn rules_cannot_change_the_content_they_check() {
    let p = with_rule(
        r#"rule { id = "a", description = "d", clause = function(c, report) c.title = "改"; c.duties[1].owner = nil end }
           rule { id = "b", severity = "warning", description = "d", clause = function(c, report)
             if c.title ~= "甲" or c.duties[1].owner ~= "brand" then report("changed") end end }"#,
    );
    let run = p.run(&["check"]).ok();
    assert!(!run.stderr().contains("changed"), "{}", run.stderr());
    p.build().ok();
    assert_eq!(p.page("clauses/a.html").text_of("h1"), "第1条 甲");
}

mod sandbox {
    use super::*;

    #[test]
    fn no_io_os_or_debug() {
        for (code, expect) in [
            ("io.open('/etc/passwd')", "global 'io'"),
            ("os.execute('touch /tmp/pwned')", "global 'os'"),
            ("debug.sethook()", "global 'debug'"),
            ("dofile('/etc/passwd')", "global 'dofile'"),
            ("loadfile('/etc/passwd')", "global 'loadfile'"),
            ("package.loadlib('libc.so.6', 'system')", "global 'package'"),
        ] {
            let p = with_rule(&format!("rule {{ id = \"x\", description = \"d\", clause = function() {code} end }}"));
            rule_error(&p, expect);
        }
    }

    #[test]
    fn bytecode_cannot_be_dumped_or_loaded() {
        let p = with_rule("local f = string.dump(function() end)");
        rule_error(&p, "field 'dump'");
        let p = with_rule("local f, err = load('\\27Lua\\84\\0', 'x', 'b'); assert(f == nil, 'loaded'); error(err)");
        rule_error(&p, "attempt to load a binary chunk");
    }

    #[test]
    fn an_endless_loop_is_stopped_and_names_the_rule() {
        let p = with_rule("rule { id = \"spin\", description = \"d\", clause = function() while true do end end }");
        let err = rule_error(&p, "规则 `spin` 执行了 2000000 条 Lua 指令后被停止");
        assert!(err.contains("--> rules/t.lua:1:1"), "{err}");
    }

    #[test]
    fn an_endless_loop_inside_pcall_is_stopped() {
        let p = with_rule(
            "rule { id = \"spin\", description = \"d\", clause = function() while true do pcall(function() while true do end end) end end }",
        );
        rule_error(&p, "规则 `spin` ");
        let p = with_rule(
            "rule { id = \"spin\", description = \"d\", clause = function() while true do xpcall(function() while true do end end, function(e) return e end) end end }",
        );
        rule_error(&p, "规则 `spin` ");
    }

    #[test]
    fn an_endless_loop_inside_a_coroutine_is_stopped() {
        let p = with_rule(
            "local co = coroutine.create(function() while true do end end)\nrule { id = \"spin\", description = \"d\", clause = function() coroutine.resume(co) end }",
        );
        rule_error(&p, "规则 `spin` ");
        let p = with_rule(
            "rule { id = \"spin\", description = \"d\", clause = function() coroutine.wrap(function() while true do end end)() end }",
        );
        rule_error(&p, "规则 `spin` ");
    }

    #[test]
    fn endless_recursion_is_stopped() {
        let p = with_rule(
            "local function f(n) return 1 + f(n + 1) end\nrule { id = \"deep\", description = \"d\", clause = function() f(1) end }",
        );
        rule_error(&p, "规则 `deep`");
        let p = with_rule(
            "local function f(n) return f(n + 1) end\nrule { id = \"tail\", description = \"d\", clause = function() f(1) end }",
        );
        rule_error(&p, "规则 `tail` ");
    }

    #[test]
    fn a_runaway_pattern_is_stopped_by_the_budget() {
        let p = with_rule(
            "rule { id = \"re\", description = \"d\", clause = function() string.find(string.rep('a', 40), string.rep('a*', 20) .. 'b') end }",
        );
        rule_error(&p, "规则 `re` 执行了 2000000 条 Lua 指令后被停止");
        let p = with_rule(
            "rule { id = \"re\", description = \"d\", clause = function() local s = string.rep('a', 40); s:gsub(string.rep('a-', 20) .. 'b', '') end }",
        );
        rule_error(&p, "规则 `re` 执行了 2000000 条 Lua 指令后被停止");
    }

    #[test]
    fn a_memory_bomb_is_stopped_and_the_next_rule_runs_in_a_fresh_state() {
        let p = with_rule(
            "rule { id = \"bomb\", description = \"d\", clause = function() local t = {} while true do t[#t + 1] = string.rep('x', 1000) .. #t end end }\nrule { id = \"after\", severity = \"warning\", description = \"d\", clause = function(c, r) r('ran') end }",
        );
        let err = rule_error(&p, "规则 `bomb` 被停止：所用内存超过 16 MiB");
        assert!(err.contains("warning[after]: ran"), "the file's later rules run in a fresh state: {err}");
        let p = with_rule(
            "rule { id = \"bomb\", description = \"d\", clause = function() pcall(string.rep, 'x', 1 << 30) end }",
        );
        rule_error(&p, "规则 `bomb` 被停止：所用内存超过 16 MiB");
    }

    #[test]
    fn the_default_budget_stops_a_loop_too() {
        let p = Project::with(&[
            ("content/01-a.md", CLAUSE),
            ("rules/t.lua", "rule { id = \"spin\", description = \"d\", clause = function() while true do end end }"),
        ]);
        rule_error(&p, "执行了 200000000 条 Lua 指令后被停止");
    }
}

#[test]
fn the_example_rules_pass_their_tests_and_every_rule_has_tests() {
    let out = clausebook().args(["test", "--root"]).arg(repo()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("0 个未通过") && !text.contains("没有测试的规则"), "{text}");
    for rule in [
        "duty-has-owner",
        "review-within-a-year",
        "budget-adds-up",
        "every-party-owns-a-duty",
        "meeting-states-cadence",
        "no-meeting-clash",
    ] {
        assert!(text.contains(&format!("测试 {rule}: ")), "no test for {rule}:\n{text}");
    }
}

#[test]
fn a_rule_test_fails_on_a_missing_or_an_unexpected_finding() {
    let p = with_rule(
        r#"rule { id = "t", description = "d", clause = function(c, report) if c.title == "甲" then report("bad", "title") end end }"#,
    );
    p.write(
        "rules/tests/t.yaml",
        "rule: t\ncases:\n  - name: finds it\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect:\n      - { at: \"01-a.md:2:8\", message: bad }\n  - name: wrongly expects silence\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect: []\n  - name: wrongly expects a finding\n    clauses:\n      01-a.md: \"---\\ntitle: 乙\\n---\\n\"\n    expect:\n      - { at: \"01-a.md:2:8\" }\n",
    );
    let out = clausebook().args(["test", "--root"]).arg(p.root()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("测试 t: finds it …… 通过"), "{text}");
    assert!(text.contains("意外的发现，位于 01-a.md:2:8：bad"), "{text}");
    assert!(text.contains("预期 01-a.md:2:8 有一个发现，但规则在这一行什么也没报告"), "{text}");
    assert!(text.contains("1 个通过，2 个未通过"), "{text}");
    // A wrong count, or a finding that differs, says what the rule did report (issue 23).
    p.write(
        "rules/tests/t.yaml",
        "rule: t\ncases:\n  - name: twice\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect:\n      - { at: \"01-a.md:2:8\", message: bad }\n      - { at: \"01-a.md:2:8\", message: bad }\n  - name: other words\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect:\n      - { at: \"01-a.md:2:8\", message: good }\n",
    );
    let out = clausebook().args(["test", "--root"]).arg(p.root()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("预期 01-a.md:2:8 有 2 个发现（包含“bad”），但规则在那里只报告了 1 个"), "{text}");
    assert!(text.contains("预期 01-a.md:2:8 有一个发现（包含“good”），但规则在这一行的发现不同：2:8: bad"), "{text}");
}

#[test]
fn check_prints_json_and_sarif_and_can_deny_warnings() {
    let p = with_rule(
        r#"rule { id = "w", severity = "warning", description = "a warning", clause = function(c, report) report("注意", "owner") end }"#,
    );
    let run = p.run(&["check", "--format", "json"]).ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["severity"].as_str(), d["file"].as_str()),
        (Some("w"), Some("warning"), Some("content/01-a.md"))
    );
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["message"].as_str()), (Some(3), Some(8), Some("注意")));
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 1);

    let run = p.run(&["check", "--format", "sarif"]).ok();
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "clausebook");
    assert!(
        run0["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "w" && r["shortDescription"]["text"] == "a warning")
    );
    let result = &run0["results"][0];
    assert_eq!((result["ruleId"].as_str(), result["level"].as_str()), (Some("w"), Some("warning")));
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "content/01-a.md");
    assert_eq!((loc["region"]["startLine"].as_u64(), loc["region"]["startColumn"].as_u64()), (Some(3), Some(8)));

    assert_eq!(p.run(&["check", "--deny-warnings"]).code(), 1);

    // A file name with Chinese, a space or `#` is one valid relative URI, as SARIF asks.
    std::fs::rename(p.root().join("content/01-a.md"), p.root().join("content/01-总则 #1.md")).unwrap();
    let run = p.run(&["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "content/01-%E6%80%BB%E5%88%99%20%231.md");
}

/// Rules that judge one clause, one clause against the others, and the whole agreement with and
/// without its bodies: the kinds of check an editing session keeps findings of, or must run again.
const INCREMENTAL_RULES: &str = r#"
rule { id = "short-title", severity = "warning", description = "titles are short",
  clause = function(c, report) if #c.title > 9 then report("title too long", "title") end end }
rule { id = "body-mentions-party", severity = "warning", description = "bodies name a party",
  clause = function(c, report) if not c.body:find("营销部") then report("no party named") end end }
rule { id = "unique-title", severity = "warning", description = "titles differ",
  clause = function(c, report, a)
    for _, o in ipairs(a.clauses) do
      if o.id ~= c.id and o.title == c.title then report("same title as " .. o.id, "title") end
    end
  end }
rule { id = "owners-exist", severity = "warning", description = "every clause has an owner",
  agreement = function(a, report)
    for _, c in ipairs(a.clauses) do if not c.owner then report { clause = c, message = "no owner" } end end
  end }
rule { id = "owner-named-twice", severity = "warning", description = "a clause check and an agreement check read the same field",
  clause = function(c, report) local _ = c.owner; local _ = c.body end,
  agreement = function(a, report)
    local n = 0
    for _, c in ipairs(a.clauses) do if c.owner == "brand" then n = n + 1 end end
    if n > 1 then report("brand owns " .. n .. " clauses") end
    for _, c in ipairs(a.clauses) do if #c.body > 200 then report { clause = c, message = "very long body" } end end
  end }
rule { id = "long-bodies", severity = "warning", description = "bodies are short",
  agreement = function(a, report)
    for _, c in ipairs(a.clauses) do if #c.body > 30 then report { clause = c, message = "long body" } end end
  end }
"#;

#[test]
fn an_editing_session_finds_what_a_clean_check_finds_after_every_edit() {
    use clausebook::pipeline::session::Session;
    let clause = |title: &str, owner: &str, body: &str| {
        format!("---\ntitle: {title}\n{owner}revised: 2026-01-01\nreview_by: 2026-06-01\n---\n{body}\n")
    };
    let p = Project::with(&[
        ("content/01-a.md", &clause("甲", "owner: marketing\n", "营销部负责。")),
        ("content/02-b.md", &clause("乙", "owner: brand\n", "品牌部负责。")),
        ("content/03-c.md", &clause("丙", "", "营销部与品牌部。")),
        ("rules/t.lua", INCREMENTAL_RULES),
    ]);
    p.write("content/_index.md", LIMITS);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let mut session = Session::new(p.root(), today, None).verify();
    let findings = |checked: &clausebook::Checked| -> Vec<String> {
        checked.diagnostics.iter().map(|d| format!("{} {} {}", d.location(), d.rule, d.message)).collect()
    };
    let mut check = |changed: &str| {
        let rebuilt = session.rebuild(&[std::path::PathBuf::from(changed)]).unwrap();
        let clean = clausebook::check(p.root(), today).unwrap();
        assert_eq!(findings(&rebuilt.checked), findings(&clean), "after editing {changed}");
        findings(&clean)
    };
    let first = check("content");
    assert!(first.iter().any(|f| f.contains("content/03-c.md") && f.contains("no owner")), "{first:?}");
    assert!(first.iter().any(|f| f.contains("content/02-b.md") && f.contains("no party named")), "{first:?}");
    // A body grows past what an agreement check (which read bodies first in a clause check) allows.
    p.write("content/01-a.md", &clause("甲", "owner: marketing\n", &"营销部很长的正文。".repeat(10)));
    let after = check("content/01-a.md");
    assert!(after.iter().any(|f| f.contains("01-a.md") && f.contains("very long body")), "{after:?}");
    // A body edit: the clause's own checks and the body-reading agreement check run again.
    p.write("content/02-b.md", &clause("乙", "owner: brand\n", &format!("营销部{}", "很长的正文".repeat(8))));
    let after = check("content/02-b.md");
    assert!(!after.iter().any(|f| f.contains("02-b.md") && f.contains("no party named")), "{after:?}");
    assert!(after.iter().any(|f| f.contains("02-b.md") && f.contains("long body")), "{after:?}");
    // Another clause takes the same title: the unchanged clause's check that reads `a` sees it.
    p.write("content/03-c.md", &clause("甲", "", "营销部与品牌部。"));
    let after = check("content/03-c.md");
    assert!(after.iter().any(|f| f.contains("01-a.md") && f.contains("same title as c")), "{after:?}");
    // A front matter edit: the agreement check that reads no body runs again.
    p.write("content/03-c.md", &clause("丙", "owner: brand\n", "营销部与品牌部。"));
    let after = check("content/03-c.md");
    assert!(!after.iter().any(|f| f.contains("no owner")), "{after:?}");
    assert!(after.iter().any(|f| f.contains("brand owns 2 clauses")), "{after:?}");
    // A new clause, renumbering nothing before it; then the rule file itself changes.
    p.write("content/04-d.md", &clause("一个很长很长很长的标题", "", "无。"));
    check("content/04-d.md");
    p.write("rules/t.lua", &INCREMENTAL_RULES.replace("#c.title > 9", "#c.title > 90"));
    let after = check("rules/t.lua");
    assert!(!after.iter().any(|f| f.contains("title too long")), "{after:?}");
}

/// `check` reads the rule tests too: a test file or case written wrongly, or one that names no
/// rule of the project, is an error at its line before anyone runs `clausebook test` (issue 23).
#[test]
fn check_validates_the_rule_tests() {
    let p = with_rule(r#"rule { id = "duty-owner", description = "d", clause = function(c, report) end }"#);
    p.write(
        "rules/tests/t.yaml",
        "rule: duty-ownr\ncases:\n  - name: one\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expct: []\n",
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("rules/tests/t.yaml:1:7", "no rule `duty-ownr` in rules/");
    assert!(run.stderr().contains("did you mean `duty-owner`?"), "{}", run.stderr());
    run.reports("rules/tests/t.yaml:6:5", "unknown key `expct` in a case");
    p.write(
        "rules/tests/t.yaml",
        "rule: duty-owner\ncases:\n  - clauses: {01-a.md: \"---\\ntitle: 甲\\n---\\n\"}\n    expect: []\n",
    );
    p.run(&["check"]).ok();
}

/// A rule-test case can give approval files (`approvals:`), judged from a folder of the case's own,
/// never the project's: a rule about sign-off is testable like any other (issue 23).
#[test]
fn a_rule_test_case_can_carry_approvals() {
    let p = with_rule(
        r#"rule { id = "t", severity = "warning", description = "d", agreement = function(a, report)
  for _, ap in ipairs(a.approvals) do
    report("approved by " .. ap.party .. " on " .. ap.date .. (ap.current and ", as it reads now" or ""))
  end
end }"#,
    );
    // A real approval of the fixture's text (the default fixture agreement and one clause), made
    // by `clausebook approve` in a project of that text alone.
    let index = "---\ntitle: 测试协议\nlanguage: zh-CN\nparties:\n  - {id: marketing, name: 营销部}\n  - {id: brand, name: 品牌部}\n---\n";
    let fixture = Project::with(&[("content/_index.md", index), ("content/01-a.md", "---\ntitle: 甲\n---\n")]);
    fixture.run(&["approve", "--party", "brand", "--by", "李静", "--date", "2026-01-02"]).ok();
    let approval = std::fs::read_to_string(fixture.root().join("approvals/2026-01-02-brand.yaml")).unwrap();
    let block = approval.lines().map(|l| format!("        {l}\n")).collect::<String>();
    p.write("approvals/2026-01-02-marketing.yaml", &approval.replace("party: brand", "party: marketing"));
    p.write(
        "rules/tests/t.yaml",
        &format!(
            "rule: t\ncases:\n  - name: one approval\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    approvals:\n      2026-01-02-brand.yaml: |\n{block}    expect:\n      - {{ at: \"_index.md:1:1\", message: \"approved by brand on 2026-01-02, as it reads now\" }}\n  - name: none\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    expect: []\n  - name: a path is not an approval name\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n    approvals:\n      ../x.yaml: \"party: brand\\n\"\n    expect: []\n"
        ),
    );
    let out = clausebook().args(["test", "--root"]).arg(p.root()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("测试 t: one approval …… 通过"), "{text}");
    assert!(text.contains("测试 t: none …… 通过"), "the project's own approvals are not read: {text}");
    assert!(text.contains("`../x.yaml`: an approval file name under approvals/"), "{text}");
    assert!(text.contains("2 个通过，1 个未通过"), "{text}");
}

#[test]
fn a_rule_file_that_registers_no_rule_is_a_warning_at_its_file() {
    // A table returned, or kept in a variable, is not a rule: the file would check nothing.
    let p = common::with_rule("return { id = \"x\", clause = function(c, report) report(\"x\") end }\n");
    let run = p.run(&["check"]);
    run.reports("rules/t.lua:1:1", "这个规则文件没有注册任何规则");
    assert!(run.stderr().contains("rule { id = "), "{}", run.stderr());
    assert_eq!(run.code(), 0, "a warning: {}", run.stderr());
    p.write("rules/t.lua", "rule { id = \"x\", clause = function(c, report) end }\n");
    assert!(!p.run(&["check"]).stderr().contains("没有注册任何规则"));
}
