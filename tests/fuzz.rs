//! A fuzzing campaign that stays in the repository: the example agreement, its rules, rule tests
//! and approvals, mutated
//! with a deterministic, seeded mutator that knows the syntax of YAML, Markdown and Lua, run
//! through `check` (in process) and `build` (the binary). After every mutation:
//! - nothing panics;
//! - every finding (and every related place) is located inside its file;
//! - `build` exits with 0, 1 or 2, and when it fails the previous site is byte-identical.
//!
//! And a property test of the editing session: random sequences of edits after which the
//! session's site and findings equal a clean build's, byte for byte.
//!
//! `CLAUSEBOOK_FUZZ_ITERATIONS` (default 300) and `CLAUSEBOOK_FUZZ_SEED` (default 1) set the
//! campaign's size and start; each failure prints the seed and the mutated file to replay it.
#![expect(clippy::print_stderr, reason = "the fuzz test reports how many runs it made, beside the test harness")]

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A small, fast, deterministic random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces of syntax the mutator inserts: what breaks parsers, spans and file names.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "\t",
    "\n",
    "---\n",
    "---",
    "\"",
    "'",
    "#",
    "|\n",
    ">\n",
    "&a ",
    "*a",
    "!!binary ",
    "%YAML 1.2\n",
    "? ",
    "[[",
    "]]",
    "[[budget-approval]]",
    "[[nowhere]]",
    "[x](01-purpose.md)",
    "](../../../etc/passwd)",
    "<script>",
    "`",
    "```\n",
    "> ",
    "# ",
    "**",
    "\\",
    "\u{0}",
    "\u{301}",
    "\u{feff}",
    "\u{200b}",
    "🙂",
    "财务部",
    "第一章",
    "CON",
    "..",
    "../",
    "id: ",
    "id: ../x\n",
    "owner: ",
    "review_by: ",
    "2026-02-30",
    "9999-12-31",
    "1e309",
    "-1",
    "0x10",
    "~",
    "null",
    "true",
    "duties:\n  - ",
    "budget:\n  - {party: ",
    "end",
    "function",
    "local",
    "(",
    ")",
    "=",
    "==",
    "..",
    "nil",
    "while true do end",
    "report(",
    "rule {",
    "string.rep('x', 1e9)",
    "setmetatable({}, {__gc = print})",
];

/// Mutates `text` by one to four edits.
fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let token = rng.pick(TOKENS).as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            3 if !out.is_empty() => {
                let end = (at + 1 + rng.below(40)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(200)).min(out.len());
                let piece = out[start..end].to_vec();
                for _ in 0..1 + rng.below(3) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            5 => {
                // Swap two lines: structure moves, text stays.
                let text = String::from_utf8_lossy(&out).into_owned();
                let mut lines: Vec<&str> = text.split('\n').collect();
                if lines.len() > 2 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                    out = lines.join("\n").into_bytes();
                }
            }
            _ => {
                let token = rng.pick(TOKENS).as_bytes();
                out.extend_from_slice(token);
            }
        }
    }
    out
}

/// Every file of `dir`, relative to it, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Asserts that `span` lies inside `file` of the project (a line that exists, a column on it or
/// just after it).
fn inside(root: &Path, file: &Path, span: clausebook::Span, what: &str) {
    let Ok(bytes) = std::fs::read(root.join(file)) else {
        panic!("{what}: points into {}, which does not exist", file.display());
    };
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(span.line >= 1 && span.line as usize <= lines.len(), "{what}: line {} of {} lines", span.line, lines.len());
    let width = lines[span.line as usize - 1].trim_end_matches('\r').chars().count() as u32;
    assert!(span.col >= 1 && span.col <= width + 1, "{what}: column {} of a line of {width}", span.col);
}

fn iterations() -> usize {
    std::env::var("CLAUSEBOOK_FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

fn seed() -> u64 {
    std::env::var("CLAUSEBOOK_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1)
}

/// The example agreement and its rules, with small rule limits so that mutated rules stay fast.
fn fuzz_project() -> Project {
    let p = Project::example();
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    copy_dir(&repo().join("approvals"), &p.root().join("approvals"));
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write(
        "content/_index.md",
        &index.replacen("---\n", "---\nrule_limits: {instructions: 3000000, memory_mb: 16}\n", 1),
    );
    p
}

#[test]
fn mutated_content_and_rules_never_panic_and_every_finding_is_located() {
    let p = fuzz_project();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let originals = snapshot(p.root());
    let targets: Vec<&(PathBuf, Vec<u8>)> = originals
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|x| x == "md" || x == "lua" || x == "yaml"))
        .collect();
    let mut rng = Rng(seed().max(1));
    let (mut runs, mut findings, mut failing) = (0, 0, 0);
    for i in 0..iterations() {
        let (path, bytes) = *rng.pick(&targets);
        let mutated = mutate(&mut rng, bytes);
        p.write_bytes(path.to_str().unwrap(), &mutated);
        let replay = || {
            format!(
                "iteration {i} (CLAUSEBOOK_FUZZ_SEED={}), {}:\n{}",
                seed(),
                path.display(),
                String::from_utf8_lossy(&mutated)
            )
        };
        let outcome = std::panic::catch_unwind(|| clausebook::check(p.root(), today));
        let checked = match outcome {
            Ok(Ok(checked)) => checked,
            Ok(Err(_)) => continue, // A usage problem (exit 2), such as no content/ folder.
            Err(_) => panic!("check panicked at {}", replay()),
        };
        runs += 1;
        findings += checked.diagnostics.len();
        failing += usize::from(checked.has_errors());
        for d in &checked.diagnostics {
            if d.rule == "missing-index" {
                continue;
            }
            let what = format!("{} {} {}, at {}", d.location(), d.rule, d.message, replay());
            inside(p.root(), &d.file, d.span, &what);
            for r in &d.related {
                inside(p.root(), &r.file, r.span, &format!("related {what}"));
            }
        }
        p.write_bytes(path.to_str().unwrap(), bytes);
    }
    eprintln!("fuzz: {runs} checks of mutated files, {findings} findings, {failing} runs with errors");
    assert!(runs > iterations() / 2, "most mutations are checked ({runs})");
    assert!(failing > 0 && failing < runs, "the mutations break some runs and not others ({failing} of {runs})");
}

#[test]
fn a_build_of_mutated_content_exits_0_1_or_2_and_a_failure_keeps_the_old_site() {
    let p = fuzz_project();
    p.run(&["build", "--no-versions"]).ok();
    let originals = snapshot(&p.root().join("content"));
    let mut rng = Rng(seed().wrapping_mul(31).max(1));
    let mut site = snapshot(&p.public());
    let (mut built, mut failed) = (0, 0);
    for i in 0..(iterations() / 10).max(10) {
        let (path, bytes) = rng.pick(&originals);
        let file = format!("content/{}", path.display());
        let mutated = mutate(&mut rng, bytes);
        p.write_bytes(&file, &mutated);
        let run = p.run_within(&["build", "--no-versions"], 120);
        let replay =
            format!("iteration {i} (CLAUSEBOOK_FUZZ_SEED={}), {file}:\n{}", seed(), String::from_utf8_lossy(&mutated));
        assert!(matches!(run.code(), 0..=2), "exit {} at {replay}\n{}", run.code(), run.stderr());
        assert!(!run.stderr().contains("panicked"), "{replay}\n{}", run.stderr());
        if run.code() == 0 {
            built += 1;
            site = snapshot(&p.public());
        } else {
            failed += 1;
            assert!(snapshot(&p.public()) == site, "a failed build changed the site at {replay}");
        }
        p.write_bytes(&file, bytes);
    }
    eprintln!("fuzz: {built} builds succeeded, {failed} failed and left the site as it was");
}

#[test]
fn an_editing_session_equals_a_clean_build_after_random_edits() {
    use clausebook::pipeline::session::Session;
    let p = Project::example();
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    // Under the verification mode too: every rebuild is also made without caches and compared.
    let mut session = Session::new(p.root(), today, None).verify();
    session.rebuild(&[PathBuf::from("content")]).unwrap();
    let clauses: Vec<PathBuf> = snapshot(&p.root().join("content"))
        .into_iter()
        .map(|(path, _)| Path::new("content").join(path))
        .filter(|f| f.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    let mut rng = Rng(seed().wrapping_mul(7).max(1));
    let site_of = |site: &clausebook::Site| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> =
            site.files().map(|(path, b)| (path.to_string(), b.contiguous().to_vec())).collect();
        files.sort();
        files
    };
    let findings = |checked: &clausebook::Checked| -> Vec<String> {
        checked.diagnostics.iter().map(|d| format!("{} {} {}", d.location(), d.rule, d.message)).collect()
    };
    let rounds = (iterations() / 10).max(12);
    let mut made = 0;
    for round in 0..rounds {
        let mut changed: Vec<PathBuf> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let file = rng.pick(&clauses).clone();
            let full = p.root().join(&file);
            let text = std::fs::read_to_string(&full).unwrap_or_default();
            match rng.below(7) {
                // A body edit.
                0 => std::fs::write(&full, format!("{text}\n新增的一段，见[[budget-approval]]。\n")).unwrap(),
                // A title edit.
                1 => std::fs::write(&full, text.replacen("title: ", "title: 改", 1)).unwrap(),
                // A front matter edit that rules read.
                2 => std::fs::write(&full, text.replace("owner: marketing", "owner: brand")).unwrap(),
                // A new clause.
                3 => {
                    made += 1;
                    let new = file.with_file_name(format!("99-new-{made}.md"));
                    std::fs::write(p.root().join(&new), "---\ntitle: 新条款\nowner: brand\n---\n正文。\n").unwrap();
                    changed.push(new);
                }
                // A removed clause (removing one others refer to makes errors: the session must agree).
                4 => {
                    let _ = std::fs::remove_file(&full);
                }
                // A moved clause.
                5 if full.exists() => {
                    let moved = file.with_file_name(format!("98-moved-{round}.md"));
                    std::fs::rename(&full, p.root().join(&moved)).unwrap();
                    changed.push(moved);
                }
                // A rule file edit.
                _ => {
                    let rule = p.root().join("rules/03-budget.lua");
                    let lua = std::fs::read_to_string(&rule).unwrap();
                    let edited = if lua.contains("> 0.001") {
                        lua.replace("> 0.001", "> 0.01")
                    } else {
                        lua.replace("> 0.01", "> 0.001")
                    };
                    std::fs::write(&rule, edited).unwrap();
                    changed.push(PathBuf::from("rules/03-budget.lua"));
                }
            }
            changed.push(file);
        }
        let rebuilt = session.rebuild(&changed).unwrap();
        let clean = Session::new(p.root(), today, None).rebuild(&[PathBuf::from("content")]).unwrap();
        assert_eq!(findings(&rebuilt.checked), findings(&clean.checked), "findings after round {round} ({changed:?})");
        match (&rebuilt.site, &clean.site) {
            (Some(a), Some(b)) => assert!(site_of(a) == site_of(b), "the site after round {round} ({changed:?})"),
            (None, None) => {}
            _ => panic!("one of the session and the clean build failed after round {round}"),
        }
    }
}

/// Hostile rule bodies: each tries to run past a limit, alone or from a place where Lua once ran
/// code with hooks off or inside one long C call (issue 23).
const HOSTILE: &[&str] = &[
    "while true do end",
    "local s = string.rep('a', 3e4) while true do s:find('a*a*a*a*b') end",
    "local s = string.rep('a', 40) s:gsub(string.rep('a-', 12) .. 'b', '')",
    "local t = {} while true do t[#t + 1] = string.rep('x', 1e4) .. #t end",
    "local t = re.all(string.rep('ab', 2e6), '.')",
    "local s = string.rep('a', 3e6) for i = 1, 1e9 do re.find(s, 'b') end",
    "local s = string.rep('a', 3e6) for i = 1, 1e9 do s:find('b', 1, true) end",
    "setmetatable({}, { __gc = function() while true do end end })",
    "local m = getmetatable(c) if m then m.__gc = function() while true do end end end",
    "local co = coroutine.create(function() while true do end end) coroutine.resume(co)",
    "string.gsub(string.rep('a', 100), '.', function() while true do end end)",
    "table.sort({ 3, 2, 1, 5, 4 }, function() while true do end end)",
    "load('while true do end')()",
    "load('local g <close> = nil while true do end')()",
    "error(setmetatable({}, { __tostring = function() while true do end end }))",
    "while true do pcall(error) end",
    "local x = string.rep('x', 1e9)",
    "local t = {} for i = 1, 1e7 do t[i] = i end table.sort(t, function(a, b) return a > b end)",
    "local t = {} for i = 1, 2e5 do t[i] = 'x' end while true do local s = table.concat(t) end",
];

/// Places to run a body from: protected calls, coroutines, callbacks from C, metamethods, `load`.
const WRAPPERS: &[&str] = &[
    "pcall(function() BODY end)",
    "xpcall(function() BODY end, function(e) while true do end end)",
    "xpcall(function() BODY end, function(e) return e end)",
    "coroutine.wrap(function() BODY end)()",
    "local co = coroutine.create(function() BODY end) coroutine.resume(co) coroutine.close(co)",
    "string.gsub('ab', '.', function() BODY end)",
    "table.sort({ 1, 2, 3 }, function(a, b) BODY return a < b end)",
    "local _ = setmetatable({}, { __index = function() BODY end }).x",
    "load([==[BODY]==])()",
    "local _ = tostring(setmetatable({}, { __tostring = function() BODY return '' end }))",
];

/// Random nestings of hostile bodies in those places: each `check` and `build` ends within its
/// bound, exits 0 or 1 (1 with a rule error when the rule was stopped), and never panics.
#[test]
fn hostile_rules_never_outlast_their_limits() {
    let p = fuzz_project();
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write(
        "content/_index.md",
        &index.replacen("instructions: 3000000, memory_mb: 16", "instructions: 3000000, memory_mb: 16, seconds: 3", 1),
    );
    let mut rng = Rng(seed().wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let runs = (iterations() / 10).max(HOSTILE.len());
    for i in 0..runs {
        let mut body = HOSTILE[i % HOSTILE.len()].to_string();
        for _ in 0..rng.below(4) {
            body = rng.pick(WRAPPERS).replace("BODY", &body);
        }
        let kind = if rng.below(2) == 0 { "clause = function(c, report)" } else { "agreement = function(c, report)" };
        let rule = format!("rule {{ id = \"hostile\", description = \"d\", {kind}\n{body}\nend }}\n");
        p.write("rules/99-hostile.lua", &rule);
        let command = if i % 5 == 0 { "build" } else { "check" };
        // Twice the deadline plus the watchdog's grace, and the process's own start.
        let run = p.run_within(&[command], 40);
        let err = run.stderr();
        assert!(matches!(run.code(), 0 | 1), "seed {}, run {i}: exit {} for\n{rule}\n{err}", seed(), run.code());
        assert!(!err.contains("panicked"), "seed {}, run {i}:\n{rule}\n{err}", seed());
        if run.code() == 1 {
            assert!(err.contains("error[rule-error]"), "seed {}, run {i}:\n{rule}\n{err}", seed());
        }
    }
}

/// Every control character a format may not carry raw, written into each kind of text that reaches
/// the outputs (a title, a duty's text and id, a party's name, a term) as a YAML escape, and into
/// the body raw where Markdown keeps it: no output holds it raw where its format forbids it, each
/// output still parses as its format (the calendars with the `icalendar` crate, JUnit as XML 1.0,
/// JSON and SARIF with serde_json), no event is injected into a calendar, and `check` reports the
/// character where it was written (an error in the duty's id, a warning elsewhere).
#[test]
fn no_output_format_carries_a_raw_control_character() {
    let controls: Vec<char> = ('\0'..='\u{9f}').filter(|c| c.is_control()).collect();
    assert_eq!(controls.len(), 65);
    let p = Project::empty();
    for &c in &controls {
        let u = format!("\\u{:04X}", c as u32);
        let what = format!("U+{:04X}", c as u32);
        p.write(
            "content/_index.md",
            &format!(
                "---\ntitle: \"协议{u}END:VCALENDAR\"\nlanguage: zh-CN\neffective: 2026-01-01\nparties:\n  - id: brand\n    name: \"品牌{u}部\"\n---\n前言。\n"
            ),
        );
        // In the body raw, except the line breaks Markdown reads as line breaks.
        let raw = if c == '\n' || c == '\r' { String::new() } else { c.to_string() };
        let clause = |id: &str| {
            format!(
                "---\ntitle: \"预算{u}BEGIN:VEVENT\"\nowner: brand\nreview_by: 2026-06-01\nterms:\n  \"联合{u}活动\": 双方的活动\nduties:\n  - id: \"{id}\"\n    text: \"开会{u}\\r\\nBEGIN:VEVENT\\r\\nUID:x\"\n    owner: brand\n    due: 2026-03-01\n  - text: \"周会{u}\"\n    owner: brand\n    cadence: 每周三\n---\n正文{raw}提到联合{raw}活动。\n"
            )
        };
        // The duty's id holds it: a located error, and every format of `check` carries it safely.
        p.write("content/01-budget.md", &clause(&format!("meeting{u}")));
        let human = p.run(&["check"]);
        assert_eq!(human.code(), 1, "{what}: {}", human.stderr());
        human.reports("content/01-budget.md:8:17", &what);
        if c != '\t' && c != '\n' {
            human.reports("content/01-budget.md:2:11", &what);
            human.reports("content/_index.md:7:14", &what);
        }
        assert!(!human.stderr().chars().any(|c| c.is_control() && c != '\n'), "{what}: human output");
        let json = p.run(&["check", "--format", "json"]).stdout();
        let sarif = p.run(&["check", "--format", "sarif"]).stdout();
        for (name, text) in [("json", &json), ("sarif", &sarif)] {
            let parsed: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {name} does not parse: {e}"));
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{what}: raw in {name}");
            assert!(parsed.to_string().contains(&what), "{what}: {name} says which character");
        }
        let junit = p.run(&["check", "--format", "junit"]).stdout();
        roxmltree::Document::parse(&junit).unwrap_or_else(|e| panic!("{what}: JUnit is not XML 1.0: {e}\n{junit}"));
        assert!(!junit.chars().any(|c| c.is_control() && c != '\n'), "{what}: raw in JUnit");
        let github = p.run(&["check", "--format", "github"]).stdout();
        for line in github.lines() {
            assert!(line.starts_with("::"), "{what}: a workflow command per line: {line:?}");
            assert!(!line.chars().any(char::is_control), "{what}: raw in GitHub annotations");
        }

        // A valid id: the site is built, and its calendars and data hold no raw control character.
        p.write("content/01-budget.md", &clause("meeting"));
        let _ = std::fs::remove_dir_all(p.public());
        let built = p.run(&["build", "--no-versions"]);
        assert_eq!(built.code(), 0, "{what}: {}", built.stderr());
        for ics in ["reviews.ics", "parties/brand.ics"] {
            let text = std::fs::read_to_string(p.public().join(ics)).unwrap();
            let lines = text.replace("\r\n", "");
            assert!(!lines.chars().any(|c| c.is_control() && c != '\t'), "{what}: raw in {ics}:\n{text:?}");
            let calendar: icalendar::Calendar =
                text.parse().unwrap_or_else(|e| panic!("{what}: {ics} does not parse: {e}"));
            let uids: Vec<String> = calendar
                .components
                .iter()
                .filter_map(|c| match c {
                    icalendar::CalendarComponent::Event(e) => icalendar::Component::get_uid(e).map(str::to_string),
                    _ => None,
                })
                .collect();
            assert_eq!(
                uids,
                ["review-budget@clausebook", "duty-budget-meeting@clausebook", "obligation-budget-2@clausebook"],
                "{what}: {ics} holds exactly its events"
            );
            let unfolded = text.replace("\r\n ", "");
            let begins = unfolded.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count();
            assert_eq!(begins, 3, "{what}: no event injected into {ics}");
        }
        for entry in walkdir::WalkDir::new(p.public()).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap_or_else(|e| panic!("{what}: {} does not parse: {e}", entry.path().display()));
                assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n'),
                    "{what}: raw in {}",
                    entry.path().display()
                );
            }
        }
    }
}
