//! The rule engine cannot hang, crash or fail silently: every limit holds (finalizers, helpers,
//! findings, memory errors), every mistake in a rule or a rule test is an error at its own line
//! with "did you mean", and rules can be debugged (`print`, `inspect`, `explain`, SARIF).

mod common;

use common::*;

/// A rule file `rules/t.lua` with one clause check whose body is `body`.
fn clause_check(body: &str) -> Project {
    with_rule(&format!("rule {{ id = \"x\", description = \"d\", clause = function(c, report)\n{body}\nend }}\n"))
}

mod limits {
    use super::*;

    #[test]
    fn a_finalizer_cannot_hang_check_or_build() {
        let body = "setmetatable({}, { __gc = function() while true do end end })";
        let p = clause_check(body);
        let err = rule_error(&p, "finalizers (`__gc`) are not allowed");
        assert!(err.contains("--> rules/t.lua:2:1"), "at the setmetatable call: {err}");
        let build = p.run_within(&["build"], 60);
        assert_eq!(build.code(), 1, "{}", build.stderr());
        // At load time too, and however the metatable is written.
        p.write(
            "rules/t.lua",
            "local mt = {}\nmt.__gc = function() while true do end end\nlocal t = setmetatable({}, mt)\n",
        );
        let err = rule_error(&p, "finalizers");
        assert!(err.contains("--> rules/t.lua:3:1"), "{err}");
    }

    /// Every way a rule once ran past its limits with hooks off or inside one long C call (issue
    /// 23): each is stopped, reported as a rule error in the rule file, and `check`, `build` and
    /// `test` end.
    #[test]
    fn no_rule_outlasts_its_limits() {
        for (body, expected, line) in [
            // The host's shared metatables are out of reach, so no finalizer can be added to them.
            ("getmetatable(c).__gc = function() while true do end end", "attempt to index a boolean value", 2),
            ("getmetatable(report)", "", 0),
            // The handler of a to-be-closed variable would run after the stop, with hooks off.
            (
                "local g <close> = setmetatable({}, { __close = function() while true do end end })\nwhile true do end",
                "to-be-closed variables (`<close>`) are not allowed",
                2,
            ),
            (
                "local co = coroutine.wrap(function() local g <close> = setmetatable({}, {}) end)",
                "to-be-closed variables",
                2,
            ),
            // A message handler is not called for a stop (it would run with hooks off).
            ("xpcall(function() error('x') end, function() while true do end end)", "was stopped after", 2),
            ("xpcall(function() while true do end end, function() while true do end end)", "was stopped after", 2),
            // Cheap instructions that each call an expensive C function pay for its work.
            ("local s = string.rep('a', 3e6)\nfor i = 1, 1e9 do re.find(s, 'b') end", "was stopped after", 3),
            ("local s = string.rep('a', 3e6)\nfor i = 1, 1e9 do s:find('b', 1, true) end", "was stopped after", 3),
            // A backtracking Lua pattern pays for every step.
            (
                "local s = string.rep('a', 40)\nfor i = 1, 1e9 do s:find('a*a*a*a*a*a*a*a*a*b') end",
                "was stopped after",
                3,
            ),
            ("local s = string.rep('a', 3e4)\nlocal x = s:gsub('a-a-a-b', 'x')", "was stopped after", 3),
            // The attacker's second round: `%0` repeated multiplies the subject outside Lua; ever
            // new regular expressions are compiled outside Lua; `<close>` behind a comment or a
            // form feed; coroutines that each end within the hook's interval.
            (
                "local s = string.rep('a', 1e6)\nlocal x = s:gsub('.+', string.rep('%0', 2e5))",
                "it used more than 16 MiB",
                1,
            ),
            ("for i = 1, 1e9 do re.test('', 'a' .. i) end", "was stopped after", 2),
            ("local x <--[[]]close> = nil", "to-be-closed variables", 2),
            ("local x <\x0cclose> = nil", "to-be-closed variables", 2),
            ("for i = 1, 1e9 do coroutine.wrap(function() for j = 1, 300 do end end)() end", "was stopped after", 2),
            // Every match of re.all is made inside Lua, where the memory limit sees it (a memory
            // stop is reported at the rule: Lua does not say where an allocation failed).
            ("local t = re.all(string.rep('a', 3e6), 'a')", "it used more than 16 MiB", 1),
        ] {
            let p = clause_check(body);
            if expected.is_empty() {
                let run = p.run_within(&["check"], 60);
                assert_eq!(run.code(), 0, "{body}: {}", run.stderr());
                continue;
            }
            let err = rule_error(&p, expected);
            assert!(err.contains(&format!("--> rules/t.lua:{line}:")), "{body}: reported where it ran: {err}");
            let build = p.run_within(&["build"], 60);
            assert_eq!(build.code(), 1, "{body}: {}", build.stderr());
        }
    }

    /// A registration with thousands of keys is told about the first few at once, and a file
    /// registers at most 500 rules (each has its own budget and deadline).
    #[test]
    fn registrations_are_bounded() {
        let p = with_rule(
            "local t = { id = 'x', description = 'd', clause = function() end }\nfor i = 1, 50000 do t['k' .. i] = 1 end\nrule(t)\n",
        );
        let err = rule_error(&p, "rule `x`: 49990 more unknown keys");
        assert_eq!(err.matches("unknown key `k").count(), 10, "{err}");
        let p = with_rule("for i = 1, 501 do rule { id = 'r' .. i, description = 'd', clause = function() end } end\n");
        rule_error(&p, "a rule file registers at most 500 rules; this one registers 501");
    }

    /// A rule file compiles at most 2,000 regular expressions: compiling can take far longer than
    /// its charge, so one that builds patterns from data is stopped by count.
    #[test]
    fn a_rule_file_compiles_a_bounded_number_of_regular_expressions() {
        let p = with_rule(
            "rule { id = 'x', description = 'd', agreement = function()\nfor i = 1, 1e9 do re.test('', 'a' .. i) end\nend }\n",
        );
        p.write("content/_index.md", &LIMITS.replace("instructions: 2000000", "instructions: 1000000000"));
        let err = rule_error(&p, "re: a rule file may compile at most 2000 different regular expressions");
        assert!(err.contains("--> rules/t.lua:2:"), "{err}");
    }

    /// The tables inside `c` and `a` read strictly too.
    #[test]
    fn parties_chapters_headings_and_links_read_strictly() {
        for (body, message) in [
            ("local x = a.parties[1].rol", "`rol`: a party has no field `rol`; did you mean `role`?"),
            ("local x = a.party('marketing').nme", "`nme`: a party has no field `nme`; did you mean `name`?"),
            ("local x = (c.headings[1] or { level = 1 }).levle", "`levle`"),
            (
                "local x = (c.links[1] or setmetatable({}, { __index = function() error('`colum`') end })).colum",
                "`colum`",
            ),
        ] {
            let p = with_rule(&format!(
                "rule {{ id = 'x', description = 'd', clause = function(c, report, a)\n{body}\nend }}\n"
            ));
            p.write("content/01-a.md", "---\ntitle: 甲\n---\n\n## 小节\n\n见 [[a]]。\n");
            rule_error(&p, message);
        }
        // What is known but absent is nil, not an error.
        let p = with_rule(
            "rule { id = 'x', severity = 'warning', description = 'd', clause = function(c, report, a)\nif a.parties[1].liaison == nil and c.links[1].target == 'a' then report('reads-fine') end\nend }\n",
        );
        p.write("content/01-a.md", "---\ntitle: 甲\n---\n\n见 [[a]]。\n");
        assert!(p.run(&["check"]).stderr().contains("warning[x]: reads-fine"));
    }

    /// The wall-clock deadline stops what the instruction budget allows, names no timing, and the
    /// rules after it still run.
    #[test]
    fn a_rule_is_stopped_at_its_deadline() {
        let p = with_rule(
            r#"rule { id = "slow", description = "d", clause = function()
  local n = 0
  while true do n = n + 1 end
end }
rule { id = "after", severity = "warning", description = "d", clause = function(c, r) r("after ran") end }"#,
        );
        p.write(
            "content/_index.md",
            &LIMITS.replace("{instructions: 2000000, memory_mb: 16}", "{instructions: 1000000000000, seconds: 1}"),
        );
        let err = rule_error(&p, "rule `slow` was stopped at its deadline of 1 s");
        assert!(err.contains("--> rules/t.lua:3:"), "at the loop: {err}");
        assert!(err.contains("rules/t.lua:1:1: rule `slow`: registered here"), "{err}");
        assert!(err.contains("warning[after]: after ran"), "{err}");
        // A misspelled limit is an error with "did you mean".
        p.write("content/_index.md", &LIMITS.replace("memory_mb: 16}", "memory_mb: 16, secnds: 1}"));
        let run = p.run_within(&["check"], 60);
        assert!(
            run.stderr().contains("`rule_limits` has no setting `secnds`") || run.stderr().contains("没有 `secnds`"),
            "{}",
            run.stderr()
        );
        assert!(run.stderr().contains("seconds"), "{}", run.stderr());
    }

    /// Ordinary patterns on ordinary bodies run (they were refused by an estimate before).
    #[test]
    fn ordinary_patterns_are_never_refused() {
        let body = "local text = string.rep('甲方应于2026年12月6日前提交 10-20 份报告。 ', 20)
local n = 0
for y, m, d in text:gmatch('(%d+)年(%d+)月(%d+)日') do n = n + 1 end
local t = text:match('^%s*(.-)%s*$')
for a, b in text:gmatch('(%d+)%-(%d+)') do n = n + 1 end
if n ~= 40 or #t == 0 then report('wrong: ' .. n) end";
        let p = clause_check(body);
        let run = p.run_within(&["check"], 60);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }

    #[test]
    fn no_helper_panics_on_any_argument() {
        let p = clause_check("date.add_days(\"2025-01-01\", 1e15)");
        let err =
            rule_error(&p, "date.add_days: 2025-01-01 plus 1000000000000000 is past the dates written YYYY-MM-DD");
        assert!(err.contains("--> rules/t.lua:2:1"), "{err}");
        // Every helper, every odd argument: errors or results, never a crash.
        let p = with_rule(
            r#"rule { id = "x", severity = "info", description = "d", clause = function(c, report)
              local odd = { 1e15, -1e15, 2^63, -2^63, math.huge, -math.huge, 0/0, 0.5, "2025-13-01", "x", {}, true }
              local n = 0
              for _, f in ipairs({ "add_days", "add_months", "add_years", "diff", "compare", "valid", "parse" }) do
                for _, a in ipairs(odd) do
                  for _, b in ipairs(odd) do
                    pcall(date[f], "2025-01-31", a); pcall(date[f], a, b); pcall(date[f], a); n = n + 3
                  end
                end
              end
              for _, f in ipairs({ "test", "find", "match", "all" }) do
                for _, a in ipairs(odd) do pcall(re[f], a, "(a"); pcall(re[f], "abc", a); n = n + 2 end
              end
              report("survived " .. n .. " calls")
            end }"#,
        );
        let run = p.run_within(&["check"], 60);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        assert!(run.stderr().contains("survived 3120 calls"), "{}", run.stderr());
    }

    #[test]
    fn findings_count_against_the_memory_limit() {
        // 2,000 findings of 1 MiB would be 2 GiB outside Lua; the process may have 1.5 GiB at most.
        let p = clause_check("local m = string.rep('x', 1024 * 1024)\nfor i = 1, 2000 do report(m) end");
        let script = format!(
            "ulimit -v 1500000; exec {} check --root {} --today 2026-01-15",
            env!("CARGO_BIN_EXE_clausebook"),
            p.root().display()
        );
        let out = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}", &err[err.len().saturating_sub(2000)..]);
        assert!(err.contains("rule `x` was stopped: "), "{}", &err[err.len().saturating_sub(2000)..]);
        // Printing is bounded the same way.
        let p = clause_check("local m = string.rep('y', 1024 * 1024)\nfor i = 1, 2000 do print(m) end");
        rule_error(&p, "more than 16 MiB");
    }

    #[test]
    fn a_memory_error_cannot_be_caught() {
        let p = clause_check("local ok = pcall(require, 'big')\nreport('went on')");
        p.write("rules/lib/big.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = ('x'):rep(1000) .. i end\nreturn t\n");
        let err = rule_error(&p, "rule `x` was stopped: it used more than 16 MiB");
        assert!(!err.contains("went on"), "{err}");
        // Through load, which turns errors into a message.
        let p = clause_check("local f, e = load(string.rep('local a = 1 ', 3e6))\nreport('went on: ' .. tostring(e))");
        let err = rule_error(&p, "was stopped: it used more than 16 MiB");
        assert!(!err.contains("went on"), "{err}");
        // A module that requires itself is an error that says so, not a memory error.
        let p = clause_check("require 'selfloop'");
        p.write("rules/lib/selfloop.lua", "return require 'selfloop'\n");
        rule_error(&p, "module `selfloop` requires itself");
    }

    #[test]
    fn c_functions_that_loop_without_allocating_are_bounded() {
        for body in [
            "table.move({}, 1, 1e15, 2)",
            "local s = string.rep('', 1e15) .. string.rep('', 1e15, ''); while true do end",
            "load(function() return string.rep(' ', 1e6) end)",
        ] {
            let p = clause_check(body);
            let run = p.run_within(&["check"], 60);
            assert_eq!(run.code(), 1, "{body}: {}", run.stderr());
            assert!(run.stderr().contains("error[rule-error]"), "{body}: {}", run.stderr());
        }
    }

    #[test]
    fn after_a_limit_stop_the_files_later_rules_still_run() {
        let p = with_rule(
            r#"rule { id = "spin", description = "d", clause = function() while true do end end }
rule { id = "after", severity = "warning", description = "d", clause = function(c, r) r("after ran") end }"#,
        );
        let err = rule_error(&p, "rule `spin` was stopped after 2000000 Lua instructions");
        assert!(err.contains("warning[after]: after ran"), "{err}");
        // Once findings have used up the file's memory, the rules after it are reported as not run.
        let p = with_rule(
            r#"rule { id = "loud", description = "d", clause = function(c, r)
  local m = string.rep('x', 1024 * 1024); for i = 1, 100 do r(m) end end }
rule { id = "quiet", severity = "warning", description = "d", clause = function(c, r) r("quiet ran") end }"#,
        );
        let err = rule_error(&p, "rule `quiet` did not run: the findings and printed lines of the rules before it");
        assert!(err.contains("--> rules/t.lua:3:1"), "{err}");
    }

    #[test]
    fn a_runtime_error_names_the_clause_and_keeps_the_other_findings() {
        let p = Project::with(&[
            ("content/01-a.md", "---\ntitle: 甲\n---\n"),
            ("content/02-b.md", "---\ntitle: 乙\nweight: heavy\n---\n"),
            ("content/03-c.md", "---\ntitle: 丙\n---\n"),
            (
                "rules/t.lua",
                "rule { id = \"x\", severity = \"warning\", description = \"d\", clause = function(c, report)\n  report(\"seen \" .. c.id)\n  local w = c.weight and c.weight + 1\nend }\n",
            ),
        ]);
        let run = p.run(&["check"]);
        assert_eq!(run.code(), 1);
        let err = run.stderr();
        run.reports("rules/t.lua:3:1", "rule `x` failed on clause `b` (content/02-b.md): attempt to add");
        assert!(err.contains("::: content/02-b.md:1:1: the clause being checked (`b`)"), "{err}");
        for id in ["a", "b", "c"] {
            assert!(err.contains(&format!("warning[x]: seen {id}")), "the findings stand: {err}");
        }
        // The same error on several clauses is reported once, with the others counted.
        p.write(
            "rules/t.lua",
            "rule { id = \"x\", description = \"d\", clause = function(c, report)\n  return c.missing.field\nend }\n",
        );
        let err = rule_error(&p, "rule `x` failed on clause `a` (content/01-a.md)");
        assert!(err.contains("(and the same way on 2 other clause(s): `b`, `c`)"), "{err}");
        assert_eq!(err.matches("error[rule-error]").count(), 1, "{err}");
    }
}

mod strict {
    use super::*;

    #[test]
    fn unknown_keys_in_rule_are_errors_with_did_you_mean() {
        let p = with_rule(
            "rule {\n  id = \"x\",\n  severty = \"info\",\n  description = \"d\",\n  clasue = function(c, report) end,\n  agreement = function(a, report) end,\n}\n",
        );
        let run = p.run(&["check"]);
        assert_eq!(run.code(), 1);
        run.reports("rules/t.lua:3:3", "rule `x`: unknown key `severty`; did you mean `severity`?");
        run.reports("rules/t.lua:5:3", "rule `x`: unknown key `clasue`; did you mean `clause`?");
        p.write("rules/t.lua", "rule { id = \"x\", description = \"d\", severity = \"warn\", clause = 1 }\n");
        let run = p.run(&["check"]);
        run.reports("rules/t.lua:1:37", "unknown severity `warn`");
        run.reports("rules/t.lua:1:56", "`clause` must be a function");
    }

    #[test]
    fn unknown_keys_in_report_are_errors_and_column_and_hint_are_honoured() {
        let p = clause_check("report { message = \"m\", feild = \"owner\" }");
        let err = rule_error(&p, "report: unknown key `feild`; did you mean `field`?");
        assert!(err.contains("--> rules/t.lua:2:1"), "{err}");
        let p = clause_check("report { message = \"m\", fix = \"x\" }");
        rule_error(&p, "report: unknown key `fix` (report takes message, field, line, column, clause, hint)");
        let p = clause_check(
            "report { message = \"here\", line = c.body_line, column = 2, hint = \"写清楚\" }\nreport(\"there\", { field = \"owner\" })",
        );
        let run = p.run(&["check"]);
        run.reports("content/01-a.md:8:2", "here");
        assert!(run.stderr().contains("= hint: 写清楚"), "{}", run.stderr());
        run.reports("content/01-a.md:3:8", "there");
    }

    #[test]
    fn a_field_path_or_line_the_clause_cannot_have_is_an_error() {
        for (call, message) in [
            (
                "report(\"x\", \"reviewby\")",
                "`reviewby`: no clause has a field `reviewby`, and the rule never read one; did you mean `review_by`?",
            ),
            ("report(\"x\", \"duties.1.owner\")", "`duties` is a list; write its items in brackets, as in `duties[1]`"),
            ("report(\"x\", \"duties[3]\")", "`duties` has 1 item(s), so there is no [3]"),
            ("report(\"x\", \"duties[1].onwer\")", "`duties[1]` has no `onwer`; did you mean `owner`?"),
            ("report(\"x\", \"title.text\")", "`title` is a string, so it has no `text`"),
            ("report{ message = \"x\", line = 999 }", "line 999 is past the end of content/01-a.md, which has 8 lines"),
            (
                "report{ message = \"x\", line = 8, column = 9 }",
                "column 9 is past the end of line 8 of content/01-a.md, which has 3 characters",
            ),
            ("report{ message = \"x\", column = 9 }", "`column` goes with `line`"),
            ("report{ message = \"x\", clause = \"nosuch\" }", "no clause has the id `nosuch`"),
            ("report(\"\")", "a finding needs a message"),
        ] {
            let p = clause_check(call);
            let err = rule_error(&p, message);
            assert!(err.contains("--> rules/t.lua:2:1") && err.contains("): report: "), "{err}");
        }
        // Missing fields that the project declares, that another clause has or that are known stay
        // allowed; reading one that is none of these is an error with "did you mean" (issue 23).
        let body =
            "if not c.meeting then report(\"no meeting\", \"meeting.cadence\") end\nreport(\"r\", \"review_by\")";
        let p = clause_check(body);
        rule_error(&p, "`c.meeting`: clauses have no field `meeting`");
        let p = clause_check("if c.reviewby then report('x') end");
        rule_error(&p, "`c.reviewby`: clauses have no field `reviewby`; did you mean `c.review_by`?");
        let p = clause_check("for _, d in ipairs(c.duties) do if d.ownr then report('x') end end");
        rule_error(&p, "`ownr`: the items of `duties` have no field `ownr`; did you mean `owner`?");
        let p =
            with_rule("rule { id = 'x', description = 'd', agreement = function(a, report) local t = a.titel end }");
        rule_error(&p, "`a.titel`: the agreement has no field `titel`; did you mean `a.title`?");
        let p = clause_check(body);
        p.write("content/_index.md", &LIMITS.replace("rule_limits:", "fields: {meeting: 会议安排}\nrule_limits:"));
        let run = p.run(&["check"]);
        run.reports("content/01-a.md:1:1", "no meeting");
        run.reports("content/01-a.md:1:1", "r");
    }

    #[test]
    fn a_check_that_returns_findings_is_an_error_at_the_check() {
        let p = with_rule(
            "rule { id = \"opa\", description = \"d\",\n  clause = function(c, report)\n    return { { message = \"oops\" } }\n  end }\n",
        );
        let err = rule_error(&p, "rule `opa`: a check returned a value, which clausebook ignores");
        assert!(err.contains("--> rules/t.lua:2:1"), "{err}");
        let p =
            with_rule("rule { id = \"opa\", description = \"d\", agreement = function(a, report) return false end }");
        rule_error(&p, "a check returned a value");
    }

    #[test]
    fn built_in_ids_are_reserved_and_cannot_be_configured() {
        let p = with_rule("rule { id = \"unknown-party\", description = \"d\", clause = function() end }");
        rule_error(&p, "`unknown-party` is the code of a built-in check (see `clausebook explain unknown-party`)");
        let p = with_rule("rule { id = \"mine\", description = \"d\", clause = function() end }");
        p.write(
            "content/_index.md",
            // In an English agreement (a Chinese one gets these messages in Chinese).
            &LIMITS
                .replace("zh-CN", "en")
                .replace("rule_limits", "rules: {unknown-party: off, mien: warning}\nrule_limits"),
        );
        p.write(
            "content/01-a.md",
            &CLAUSE.replace("owner: marketing\n", "owner: marketing\nallow: {broken-reference: 历史原因}\n"),
        );
        let run = p.run(&["check"]).ok();
        run.reports(
            "content/_index.md:7:9",
            "`unknown-party` is a built-in check: built-in checks cannot be configured",
        );
        run.reports("content/_index.md:7:29", "no rule `mien` to be configured; did you mean `mine`?");
        run.reports(
            "content/01-a.md:4:27",
            "`allow`: `broken-reference` is a built-in check: built-in checks cannot be suppressed",
        );
    }

    #[test]
    fn unknown_rule_limits_are_errors() {
        let p = with_rule("rule { id = \"x\", description = \"d\", clause = function() end }");
        p.write("content/_index.md", &LIMITS.replace("instructions:", "instrutions:").replace("zh-CN", "en"));
        let run = p.run(&["check"]);
        assert_eq!(run.code(), 1);
        run.reports("content/_index.md:7:15", "`rule_limits` has no setting `instrutions`");
        assert!(run.stderr().contains("did you mean `instructions`?"), "{}", run.stderr());
    }
}

mod rule_tests {
    use super::*;

    const RULE: &str = r#"rule { id = "t", description = "d", clause = function(c, report) if c.title == "甲" then report("bad title", "title") end end }"#;

    fn test_run(p: &Project, filter: Option<&str>) -> (i32, String) {
        let mut cmd = clausebook();
        cmd.args(["test", "--root"]).arg(p.root());
        cmd.args(filter);
        let out = cmd.output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.code().unwrap(), text)
    }

    const CASE: &str = "  - name: NAME\n    clauses:\n      01-a.md: \"---\\ntitle: 甲\\n---\\n\"\n";

    #[test]
    fn a_mistyped_case_or_expectation_fails_instead_of_passing() {
        let p = with_rule(RULE);
        let case = |name: &str, rest: &str| format!("{}{rest}", CASE.replace("NAME", name));
        p.write(
            "rules/tests/t.yaml",
            &format!(
                "rule: t\ncases:\n{}{}{}{}{}",
                case("wrong message key", "    expect:\n      - { at: \"01-a.md:2:8\", messge: 完全不同 }\n"),
                case("wrong expect key", "    expct: []\n"),
                case("bad at", "    expect:\n      - { at: \"01-a.md:two\" }\n"),
                case("bad today", "    today: 2026-02-30\n    expect:\n      - { at: \"01-a.md:2:8\" }\n"),
                case("right", "    expect:\n      - { at: \"01-a.md:2:8\", message: bad title }\n"),
            ),
        );
        let (code, text) = test_run(&p, None);
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("test t: right ... ok"), "{text}");
        assert!(text.contains("1 passed, 4 failed"), "{text}");
        assert!(
            text.contains(
                "rules/tests/t.yaml:7:30 unknown key `messge` in an expected finding (did you mean `message`?)"
            ),
            "{text}"
        );
        assert!(
            text.contains("rules/tests/t.yaml:11:5 unknown key `expct` in a case (did you mean `expect`?)"),
            "{text}"
        );
        assert!(text.contains("an expected finding is `{ at: 01-a.md:LINE[:COL], message: … }`"), "{text}");
        assert!(text.contains("`today`: \"2026-02-30\" is not a valid date"), "{text}");
    }

    #[test]
    fn a_case_can_have_its_own_agreement_and_today() {
        let p = with_rule(
            r#"rule { id = "parties", description = "d", agreement = function(a, report) if #a.parties ~= 1 then report("parties: " .. #a.parties) end end }
rule { id = "late", description = "d", clause = function(c, report) if today > "2030-01-01" then report("late", "title") end end }"#,
        );
        p.write(
            "rules/tests/parties.yaml",
            "rule: parties\ncases:\n  - name: one party\n    agreement: \"---\\ntitle: 单方\\nparties: [{id: brand, name: 品牌部}]\\n---\\n\"\n    clauses: {01-a.md: \"---\\ntitle: 甲\\n---\\n\"}\n    expect: []\n  - name: two parties\n    clauses: {01-a.md: \"---\\ntitle: 甲\\n---\\n\"}\n    expect: [{ at: \"_index.md:1:1\", message: \"parties: 2\" }]\n",
        );
        p.write(
            "rules/tests/late.yaml",
            "rule: late\ncases:\n  - name: later\n    today: 2031-01-01\n    clauses: {01-a.md: \"---\\ntitle: 甲\\n---\\n\"}\n    expect: [{ at: \"01-a.md:2:8\" }]\n  - name: now\n    clauses: {01-a.md: \"---\\ntitle: 甲\\n---\\n\"}\n    expect: []\n",
        );
        let (code, text) = test_run(&p, None);
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("4 passed, 0 failed"), "{text}");
    }

    #[test]
    fn a_filter_that_matches_nothing_fails() {
        let p = with_rule(RULE);
        p.write(
            "rules/tests/t.yaml",
            &format!("rule: t\ncases:\n{}    expect: [{{ at: \"01-a.md:2:8\" }}]\n", CASE.replace("NAME", "n")),
        );
        let (code, text) = test_run(&p, Some("t: n"));
        assert_eq!(code, 0, "{text}");
        let (code, text) = test_run(&p, Some("no-such-rule"));
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("no rule test case matches `no-such-rule`"), "{text}");
    }

    #[test]
    fn one_rules_crash_does_not_fail_another_rules_cases() {
        let p = with_rule(&format!(
            "{RULE}\nrule {{ id = \"crash\", description = \"d\", clause = function(c) error(\"boom\") end }}"
        ));
        p.write(
            "rules/tests/t.yaml",
            &format!("rule: t\ncases:\n{}    expect: [{{ at: \"01-a.md:2:8\" }}]\n", CASE.replace("NAME", "n")),
        );
        p.write(
            "rules/tests/crash.yaml",
            &format!("rule: crash\ncases:\n{}    expect: []\n", CASE.replace("NAME", "n")),
        );
        let (code, text) = test_run(&p, None);
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("test t: n ... ok"), "{text}");
        assert!(text.contains("test crash: n ... FAILED"), "{text}");
        assert!(text.contains("rule `crash` failed on clause `a` (content/01-a.md): boom"), "{text}");
    }
}

mod debugging {
    use super::*;

    #[test]
    fn print_names_the_rule_and_clause_and_inspect_writes_tables() {
        let p = clause_check("print(\"owner is\", c.owner, inspect(c.duties))\nprint({ b = 2, a = { 1, \"x\" } })");
        let run = p.run(&["check"]).ok();
        let err = run.stderr();
        assert!(
            err.contains("[rules/t.lua · rule x · clause a (content/01-a.md)] owner is\tmarketing\t{ { owner = \"brand\", text = \"做事\" } }"),
            "{err}"
        );
        assert!(err.contains("] { a = { 1, \"x\" }, b = 2 }"), "{err}");
        // The machine formats carry them too (the terminal keeps them on standard error).
        let json: serde_json::Value = serde_json::from_str(&p.run(&["check", "--format", "json"]).stdout()).unwrap();
        assert!(
            json["printed"][0]
                .as_str()
                .unwrap()
                .starts_with("[rules/t.lua · rule x · clause a (content/01-a.md)] owner is")
        );
        let sarif: serde_json::Value = serde_json::from_str(&p.run(&["check", "--format", "sarif"]).stdout()).unwrap();
        let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert!(notes[1]["message"]["text"].as_str().unwrap().ends_with("{ a = { 1, \"x\" }, b = 2 }"), "{notes}");
        // In `clausebook test`, under the case that printed it.
        p.write("rules/tests/x.yaml", "rule: x\ncases:\n  - name: prints\n    clauses: {01-a.md: \"---\\ntitle: 甲\\nowner: brand\\n---\\n\"}\n    expect: []\n");
        let out = clausebook().args(["test", "--root"]).arg(p.root()).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(
                "test x: prints ... ok\n    [rules/t.lua · rule x · clause a (content/01-a.md)] owner is\tbrand\tnil\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn random_numbers_are_the_same_in_every_run() {
        let p = clause_check("report(tostring(math.random(1, 1000000)), \"title\")");
        let first = p.run(&["check"]).stderr();
        assert_eq!(p.run(&["check"]).stderr(), first);
    }

    #[test]
    fn explain_prints_built_in_codes_and_project_rules() {
        let p = with_rule(
            "rule { id = \"mine\", description = \"一行说明\", explanation = \"更长的解释。\", clause = function() end }",
        );
        let out = clausebook().args(["explain", "unknown-party", "--root"]).arg(p.root()).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.starts_with("unknown-party (error, built-in): "), "{text}");
        let out = clausebook().args(["explain", "mine", "--root"]).arg(p.root()).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("mine (error, a rule of this project, rules/t.lua:1): 一行说明\n\n更长的解释。"),
            "{text}"
        );
        let out = clausebook().args(["explain", "unknown-pary", "--root"]).arg(p.root()).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `unknown-party`?"));
    }

    #[test]
    fn docs_list_every_built_in_code() {
        let out = clausebook().args(["explain", "--all", "--markdown"]).output().unwrap();
        let docs = std::fs::read_to_string(repo().join("docs/diagnostics.md")).unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout) == docs,
            "docs/diagnostics.md is out of date: cargo run -- explain --all --markdown > docs/diagnostics.md"
        );
    }

    #[test]
    fn sarif_describes_every_code_and_keeps_related_places_and_suppressions() {
        let p = Project::with(&[
            ("content/01-a.md", "---\ntitle: 甲\nallow: {always: 双方同意}\n---\n"),
            ("content/02-b.md", "---\nid: a\ntitle: 乙\n---\n"),
            (
                "rules/t.lua",
                "rule { id = \"always\", severity = \"warning\", description = \"always\", clause = function(c, r) r(\"found\") end }",
            ),
        ]);
        let run = p.run(&["check", "--format", "sarif"]);
        let sarif: serde_json::Value = serde_json::from_str(&run.stdout()).expect("SARIF is JSON");
        let driver = &sarif["runs"][0]["tool"]["driver"];
        let rule = |id: &str| driver["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).cloned().unwrap();
        let builtin = rule("duplicate-id");
        assert_eq!(builtin["defaultConfiguration"]["level"], "error");
        assert!(builtin["helpUri"].as_str().unwrap().ends_with("docs/diagnostics.md#duplicate-id"));
        assert!(builtin["help"]["text"].as_str().unwrap().contains("Example:"));
        assert_eq!(rule("always")["defaultConfiguration"]["level"], "warning");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let dup = results.iter().find(|r| r["ruleId"] == "duplicate-id").unwrap();
        let related = &dup["relatedLocations"][0];
        assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "content/01-a.md");
        assert_eq!(related["message"]["text"], "第一次使用在这里");
        let suppressed = results.iter().find(|r| r["ruleId"] == "always" && r["suppressions"].is_array()).unwrap();
        assert_eq!(suppressed["suppressions"][0]["justification"], "双方同意");
        assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
        assert_eq!(driver["rules"][dup["ruleIndex"].as_u64().unwrap() as usize]["id"], "duplicate-id");
    }

    #[test]
    fn github_annotations_and_junit_report_every_finding_from_the_cli() {
        let p = Project::with(&[
            ("content/01-a.md", "---\ntitle: 甲\nowner: 财务部\n---\n见 [[nosuch]]。\n"),
            ("content/02-b.md", "---\ntitle: 乙\n---\n"),
        ]);
        let run = p.run(&["check", "--format", "github"]);
        assert_eq!(run.code(), 1, "errors still fail the check");
        let out = run.stdout();
        let lines: Vec<&str> = out.lines().collect();
        // One workflow command per finding, at its line and column, titled with the rule.
        let broken = lines.iter().find(|l| l.contains("title=broken-reference")).expect("the broken reference");
        assert!(broken.starts_with("::error file=content/01-a.md,line=5,col=3,"), "{broken}");
        let party = lines.iter().find(|l| l.contains("title=unknown-party")).expect("the unknown party");
        assert!(party.starts_with("::") && party.contains("file=content/01-a.md,line=3,col=8,"), "{party}");
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "))
        );
        assert!(lines.iter().all(|l| !l.contains('\r')), "messages are escaped onto one line");

        let run = p.run(&["check", "--format", "junit"]);
        assert_eq!(run.code(), 1);
        let xml = run.stdout();
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clausebook\""),
            "{xml}"
        );
        // Every built-in check is a suite; a passing one has its passing case.
        assert!(xml.contains("<testcase name=\"all files\" classname=\"duplicate-id\"/>"), "{xml}");
        let suite = xml.split("<testsuite name=\"broken-reference\"").nth(1).expect("a suite for broken-reference");
        assert!(suite.starts_with(" tests=\"1\" failures=\"1\""), "{suite}");
        assert!(suite.contains("<testcase name=\"content/01-a.md\" classname=\"broken-reference\">"));
        assert!(suite.contains("<failure type=\"error\" message=\""));
        assert!(suite.split("</testsuite>").next().unwrap().contains("content/01-a.md:5:3: error: "));
        assert_eq!(xml.matches("<testsuite ").count(), xml.matches("</testsuite>").count());
    }

    #[test]
    fn json_findings_always_have_the_same_keys() {
        let p = clause_check("report(\"plain\")");
        p.write("content/02-b.md", "---\ntitle: 乙\nowner: 财务部\n---\n");
        let run = p.run(&["check", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
        let keys: Vec<Vec<String>> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_object().unwrap().keys().cloned().collect())
            .collect();
        assert!(keys.len() >= 2, "{json}");
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
        assert!(json["diagnostics"].as_array().unwrap().iter().any(|d| d["hint"].is_null() || d["hint"].is_string()));
        assert!(json["suppressed"].is_array());
    }
}
