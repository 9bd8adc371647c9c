//! `clausebook test`: the tests of a project's rules, in the spirit of `opa test`. Each file in
//! `rules/tests/*.yaml` names a rule and gives small fixture agreements (clauses written inline)
//! with the findings the rule must produce — and, by listing no others, must not produce.
//! The format is documented in `docs/rules.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::check::rules;
use crate::diagnostic::{Diagnostic, Span, slash_path};
use crate::load::fields::Reader;
use crate::yaml::{self, Node};

/// Where rule tests live, relative to the project root.
pub const TESTS: &str = "rules/tests";

const DEFAULT_INDEX: &str = "---\ntitle: 测试协议\nlanguage: zh-CN\nparties:\n  - {id: marketing, name: 营销部}\n  - {id: brand, name: 品牌部}\n---\n";

/// The outcome of one test case.
#[derive(Debug)]
pub struct CaseResult {
    /// `rule: case name`.
    pub name: String,
    /// Where the case is written.
    pub file: PathBuf,
    /// Where in that file.
    pub line: u32,
    /// Why it failed; empty when it passed.
    pub failures: Vec<String>,
}

/// Everything `clausebook test` ran.
#[derive(Debug, Default)]
pub struct Report {
    /// Every case, in file order.
    pub cases: Vec<CaseResult>,
    /// Problems with the test files themselves.
    pub errors: Vec<Diagnostic>,
    /// Rules that no test names.
    pub untested: Vec<String>,
}

impl Report {
    /// Whether every case passed and every test file was readable.
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.cases.iter().all(|c| c.failures.is_empty())
    }

    /// A cargo-test-like transcript.
    pub fn render(&self) -> String {
        let mut out = format!("running {} rule tests\n", self.cases.len());
        for c in &self.cases {
            let verdict = if c.failures.is_empty() { "ok" } else { "FAILED" };
            let _ = writeln!(out, "test {} ... {verdict}", c.name);
        }
        for c in self.cases.iter().filter(|c| !c.failures.is_empty()) {
            let _ = writeln!(out, "\n---- {} ({}:{}) ----", c.name, slash_path(&c.file), c.line);
            for f in &c.failures {
                let _ = writeln!(out, "{f}");
            }
        }
        if !self.untested.is_empty() {
            let _ = writeln!(out, "\nnote: rules without tests: {}", self.untested.join(", "));
        }
        let failed = self.cases.iter().filter(|c| !c.failures.is_empty()).count();
        let verdict = if self.passed() { "ok" } else { "FAILED" };
        let _ = writeln!(out, "\nrule tests: {verdict}. {} passed, {failed} failed", self.cases.len() - failed);
        out
    }
}

/// One expected finding: `at: FILE:LINE[:COL]`, `message:` substring.
struct Expect {
    file: String,
    line: u32,
    col: Option<u32>,
    message: Option<String>,
}

/// Runs every rule test of the project at `root`; `filter` keeps cases whose name contains it.
pub fn run(root: &Path, filter: Option<&str>) -> Report {
    let mut report = Report::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(TESTS))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| p.file_name().map(|n| Path::new(TESTS).join(n)))
        .collect();
    files.sort();
    let mut tested = Vec::new();
    for file in files {
        run_file(root, &file, filter, &mut report, &mut tested);
    }
    if let Some(rules) = all_rules(root) {
        report.untested = rules.into_iter().filter(|r| !tested.contains(r)).collect();
    }
    report
}

/// The ids of every rule of the project (run over an empty agreement).
fn all_rules(root: &Path) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().ok()?;
    std::fs::create_dir_all(dir.path().join("content")).ok()?;
    std::fs::write(dir.path().join("content/_index.md"), DEFAULT_INDEX).ok()?;
    let agreement = crate::load::load(dir.path()).ok()?.agreement?;
    let today = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    Some(rules::run(&crate::tree::Disk::new(root), &agreement, today, None).rules.into_iter().map(|r| r.id).collect())
}

fn run_file(root: &Path, file: &Path, filter: Option<&str>, report: &mut Report, tested: &mut Vec<String>) {
    let text = match std::fs::read_to_string(root.join(file)) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(Diagnostic::error(
                "rule-test",
                file,
                Span::start(),
                format!("cannot read the test file: {e}"),
            ));
            return;
        }
    };
    let doc = match yaml::parse(&text, 1) {
        Ok(doc) => doc,
        Err(e) => {
            report.errors.push(Diagnostic::error("rule-test", file, e.span, format!("malformed YAML: {}", e.message)));
            return;
        }
    };
    let mut reader = Reader::new(file);
    let get = |k: &str| doc.get(k).map(|e| &e.value);
    let rule = reader.text("rule", get("rule"));
    let today = reader.date("today", get("today")).or_else(|| NaiveDate::from_ymd_opt(2026, 1, 15));
    let index = reader.text("agreement", get("agreement")).unwrap_or_else(|| DEFAULT_INDEX.to_string());
    let cases = reader.list("cases", get("cases"));
    if rule.is_none() {
        reader.error(doc.span, "a rule test file names its rule: `rule: duty-has-owner`".into(), None);
    }
    if cases.is_empty() {
        reader.error(doc.span, "a rule test file has `cases:`".into(), None);
    }
    let (Some(rule), Some(today)) = (rule, today) else {
        report.errors.append(&mut reader.diagnostics);
        return;
    };
    tested.push(rule.clone());
    for (i, case) in cases.iter().enumerate() {
        if !reader.mapping(&format!("cases[{}]", i + 1), case) {
            continue;
        }
        let name = reader.text("name", case.get("name").map(|e| &e.value)).unwrap_or_else(|| format!("case {}", i + 1));
        let full = format!("{rule}: {name}");
        if filter.is_some_and(|f| !full.contains(f)) {
            continue;
        }
        let failures = match fixture(case, &mut reader) {
            Some((clauses, expects)) => run_case(root, &rule, today, &index, &clauses, &expects),
            None => continue,
        };
        report.cases.push(CaseResult { name: full, file: file.to_path_buf(), line: case.span.line, failures });
    }
    report.errors.append(&mut reader.diagnostics);
}

type Clauses = Vec<(String, String)>;

/// Reads a case's `clauses:` (file name → text) and `expect:` list.
fn fixture(case: &Node, reader: &mut Reader) -> Option<(Clauses, Vec<Expect>)> {
    let clauses_node = case.get("clauses").map(|e| &e.value);
    let mut clauses = Vec::new();
    match clauses_node {
        Some(n) if reader.mapping("clauses", n) => {
            for e in n.entries() {
                let text = reader.text(&e.key, Some(&e.value))?;
                let safe = e.key.ends_with(".md")
                    && Path::new(&e.key).components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if !safe {
                    reader.error(
                        e.key_span,
                        format!("`{}`: a clause file name relative to content/, ending in .md", e.key),
                        None,
                    );
                    return None;
                }
                clauses.push((e.key.clone(), text));
            }
        }
        _ => {
            reader.error(case.span, "a case needs `clauses:` (file name → file text)".into(), None);
            return None;
        }
    }
    let mut expects = Vec::new();
    for item in reader.list("expect", case.get("expect").map(|e| &e.value)) {
        let at = reader.text("at", item.get("at").map(|e| &e.value));
        let message = reader.text("message", item.get("message").map(|e| &e.value));
        let parsed = at.as_deref().and_then(|at| {
            let mut parts = at.rsplitn(3, ':').collect::<Vec<_>>();
            parts.reverse();
            match parts.as_slice() {
                [file, line, col] if col.parse::<u32>().is_ok() && line.parse::<u32>().is_ok() => {
                    Some((file.to_string(), line.parse().ok()?, col.parse().ok()))
                }
                [.., file, line] => Some((file.to_string(), line.parse().ok()?, None)),
                _ => None,
            }
        });
        match parsed {
            Some((file, line, col)) => expects.push(Expect { file, line, col, message }),
            None => {
                reader.error(item.span, "an expected finding is `{ at: 01-a.md:LINE[:COL], message: … }`".into(), None)
            }
        }
    }
    Some((clauses, expects))
}

fn run_case(
    root: &Path,
    rule: &str,
    today: NaiveDate,
    index: &str,
    clauses: &Clauses,
    expects: &[Expect],
) -> Vec<String> {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => return vec![format!("cannot create a fixture folder: {e}")],
    };
    let content = dir.path().join(crate::load::CONTENT);
    let mut files = vec![("_index.md".to_string(), index.to_string())];
    files.extend(clauses.iter().cloned());
    for (name, text) in &files {
        let target = content.join(name);
        let written =
            target.parent().map(std::fs::create_dir_all).unwrap_or(Ok(())).and_then(|_| std::fs::write(&target, text));
        if let Err(e) = written {
            return vec![format!("cannot write the fixture {name}: {e}")];
        }
    }
    let loaded = match crate::load::load(dir.path()) {
        Ok(l) => l,
        Err(e) => return vec![e.to_string()],
    };
    let Some(agreement) = loaded.agreement else { return vec!["the fixture has no agreement".into()] };
    let mut failures: Vec<String> = loaded
        .diagnostics
        .iter()
        .chain(&crate::check::builtin::builtin(&agreement))
        .filter(|d| d.severity == crate::Severity::Error)
        .map(|d| format!("the fixture itself is invalid: {} {}", d.location(), d.message))
        .collect();
    let outcome = rules::run(&crate::tree::Disk::new(root), &agreement, today, None);
    if !outcome.rules.iter().any(|r| r.id == rule) {
        failures.push(format!("no rule `{rule}` in rules/"));
    }
    failures.extend(outcome.errors.iter().map(|d| format!("rule error: {} {}", d.location(), d.message)));
    let mut found: Vec<Diagnostic> =
        outcome.findings.into_iter().filter(|f| f.rule == rule).map(|f| f.diagnostic).collect();
    for e in expects {
        let hit = found.iter().position(|d| {
            let file = slash_path(d.file.strip_prefix(crate::load::CONTENT).unwrap_or(&d.file));
            file == e.file
                && d.span.line == e.line
                && e.col.is_none_or(|c| c == d.span.col)
                && e.message.as_deref().is_none_or(|m| d.message.contains(m))
        });
        match hit {
            Some(i) => {
                found.remove(i);
            }
            None => failures.push(format!(
                "expected a finding at {}:{}{}{}, but the rule did not report it",
                e.file,
                e.line,
                e.col.map(|c| format!(":{c}")).unwrap_or_default(),
                e.message.as_deref().map(|m| format!(" containing \"{m}\"")).unwrap_or_default()
            )),
        }
    }
    for d in found {
        let file = slash_path(d.file.strip_prefix(crate::load::CONTENT).unwrap_or(&d.file));
        failures.push(format!("unexpected finding at {file}:{}:{}: {}", d.span.line, d.span.col, d.message));
    }
    failures
}
