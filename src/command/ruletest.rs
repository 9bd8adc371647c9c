//! `clausebook test`: the tests of a project's rules, in the spirit of `opa test`. Each file in
//! `rules/tests/*.yaml` names a rule and gives small fixture agreements (clauses written inline)
//! with the findings the rule must produce — and, by listing no others, must not produce.
//! The format is documented in `docs/rules.md`; it is read strictly, so that a mistyped
//! expectation fails its case instead of passing by accident.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diagnostic::{Diagnostic, Span, did_you_mean, slash_path};
use crate::base::yaml::{self, Node};
use crate::check::rules;
use crate::load::fields::{Reader, parse_date};

/// Where rule tests live, relative to the project root.
pub const TESTS: &str = "rules/tests";

const DEFAULT_INDEX: &str = "---\ntitle: 测试协议\nlanguage: zh-CN\nparties:\n  - {id: marketing, name: 营销部}\n  - {id: brand, name: 品牌部}\n---\n";

/// The date rules see in a case that names none.
const DEFAULT_TODAY: &str = "2026-01-15";

/// The keys of a test file, of a case, and of an expected finding.
const FILE_KEYS: &[&str] = &["rule", "today", "agreement", "cases"];
const CASE_KEYS: &[&str] = &["name", "today", "agreement", "clauses", "approvals", "expect"];
const EXPECT_KEYS: &[&str] = &["at", "message"];

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
    /// What the rule printed while the case ran.
    pub printed: Vec<String>,
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
    /// The filter, when it matched no case.
    pub unmatched: Option<String>,
}

impl Report {
    /// Whether every case passed, every test file was readable and the filter matched.
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.unmatched.is_none() && self.cases.iter().all(|c| c.failures.is_empty())
    }

    /// A cargo-test-like transcript.
    pub fn render(&self) -> String {
        let mut out = format!("running {} rule tests\n", self.cases.len());
        for c in &self.cases {
            let verdict = if c.failures.is_empty() { "ok" } else { "FAILED" };
            let _ = writeln!(out, "test {} ... {verdict}", c.name);
            for line in &c.printed {
                let _ = writeln!(out, "    {line}");
            }
        }
        for c in self.cases.iter().filter(|c| !c.failures.is_empty()) {
            let _ = writeln!(out, "\n---- {} ({}:{}) ----", c.name, slash_path(&c.file), c.line);
            for f in &c.failures {
                let _ = writeln!(out, "{f}");
            }
        }
        if let Some(filter) = &self.unmatched {
            let _ = writeln!(
                out,
                "\nerror: no rule test case matches `{filter}` (a case matches when `rule: case name` contains it)"
            );
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

/// A case as written, ready to run.
struct Case {
    today: NaiveDate,
    index: String,
    clauses: Vec<(String, String)>,
    /// Approval files (name under `approvals/` → text), when the case has any.
    approvals: Vec<(String, String)>,
    expects: Vec<Expect>,
}

/// Runs every rule test of the project at `root`; `filter` keeps cases whose name contains it.
pub fn run(root: &Path, filter: Option<&str>) -> Report {
    let mut report = Report::default();
    let files = test_files(&crate::base::tree::Disk::new(root));
    let mut tested = Vec::new();
    for file in files {
        run_file(root, &file, filter, &mut report, &mut tested);
    }
    if let Some(f) = filter.filter(|_| report.cases.is_empty() && report.errors.is_empty()) {
        report.unmatched = Some(f.to_string());
    }
    let limits = crate::load::rule_limits(&root.join(crate::load::CONTENT).join("_index.md"));
    let (rules, _) = rules::registered(&crate::base::tree::Disk::new(root), &limits);
    report.untested = rules.into_iter().map(|r| r.id).filter(|r| !tested.contains(r)).collect();
    report
}

/// Problems with keys of `node` that `known` does not list, with "did you mean".
fn unknown_keys(file: &Path, node: &Node, known: &[&str], what: &str) -> Vec<Diagnostic> {
    node.entries()
        .iter()
        .filter(|e| !known.contains(&e.key.as_str()))
        .map(|e| {
            let hint = did_you_mean(&e.key, known.iter().copied())
                .unwrap_or_else(|| format!("{what} takes {}", known.join(", ")));
            Diagnostic::error("rule-test", file, e.key_span, format!("unknown key `{}` in {what}", e.key))
                .with_hint(hint)
        })
        .collect()
}

/// The problems a reader found, as problems of the test file.
fn test_problems(reader: &mut Reader) -> Vec<Diagnostic> {
    reader.diagnostics.drain(..).map(|d| Diagnostic { rule: "rule-test".into(), ..d }).collect()
}

/// What a rule test file says before its cases: the rule, the date, the fixture agreement.
struct Header<'d> {
    rule: String,
    today: NaiveDate,
    index: String,
    cases: &'d [Node],
}

/// Reads the text of a rule test file: its parsed YAML, or the problem that it is not YAML.
fn parse_file(file: &Path, bytes: &[u8]) -> Result<Node, Box<Diagnostic>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Box::new(Diagnostic::error("rule-test", file, Span::start(), "the test file is not valid UTF-8"))
    })?;
    yaml::parse(text, 1).map_err(|e| {
        // Placed inside the file (an error at its very end is put on its last line).
        let mut d = crate::load::source::yaml_error(file, &e, text, 1, crate::base::catalog::Locale::En);
        d.rule = "rule-test".into();
        d.message = format!("malformed YAML: {}", e.message);
        Box::new(d)
    })
}

/// Reads the keys of a test file above its cases; every problem of them when any is wrong.
fn header<'d>(file: &Path, doc: &'d Node) -> Result<Header<'d>, Vec<Diagnostic>> {
    let mut reader = Reader::new(file);
    let get = |k: &str| doc.get(k).map(|e| &e.value);
    let mut problems = unknown_keys(file, doc, FILE_KEYS, "a rule test file");
    let rule = reader.text("rule", get("rule"));
    let today = read_today(&mut reader, get("today"), None);
    let index = reader.text("agreement", get("agreement")).unwrap_or_else(|| DEFAULT_INDEX.to_string());
    let cases = reader.list("cases", get("cases"));
    if rule.is_none() {
        reader.error(doc.span, "a rule test file names its rule: `rule: duty-has-owner`".into(), None);
    }
    if cases.is_empty() {
        reader.error(doc.span, "a rule test file has `cases:`".into(), None);
    }
    problems.extend(test_problems(&mut reader));
    match (rule, today, problems.is_empty()) {
        (Some(rule), Some(today), true) => Ok(Header { rule, today, index, cases }),
        _ => Err(problems),
    }
}

/// The problems of the rule test files of the project in `tree`, found without running them (as
/// `clausebook check` reports them): files and cases written wrongly, and tests of rules that the
/// project does not register (`rules`, their ids), with "did you mean".
pub fn validate(tree: &dyn crate::base::tree::Tree, rules: &[&str]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for file in test_files(tree) {
        let parsed = match tree.read(&file) {
            Ok(bytes) => parse_file(&file, &bytes),
            Err(e) => Err(Box::new(Diagnostic::error("rule-test", &file, Span::start(), e.to_string()))),
        };
        let doc = match parsed {
            Ok(doc) => doc,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        let head = match header(&file, &doc) {
            Ok(head) => head,
            Err(p) => {
                problems.extend(p);
                continue;
            }
        };
        if !rules.contains(&head.rule.as_str()) {
            let span = doc.get("rule").map_or(doc.span, |e| e.value.span);
            let mut d = Diagnostic::error("rule-test", &file, span, format!("no rule `{}` in rules/", head.rule));
            if let Some(hint) = did_you_mean(&head.rule, rules.iter().copied()) {
                d = d.with_hint(hint);
            }
            problems.push(d);
        }
        for case in head.cases {
            if let Err(p) = read_case(&file, case, &head.index, head.today) {
                problems.extend(p);
            }
        }
    }
    problems
}

/// The rule test files of the project in `tree`, sorted.
fn test_files(tree: &dyn crate::base::tree::Tree) -> Vec<PathBuf> {
    let dir = Path::new(TESTS);
    let mut files: Vec<PathBuf> = tree
        .files(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.parent() == Some(dir) && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

fn run_file(root: &Path, file: &Path, filter: Option<&str>, report: &mut Report, tested: &mut Vec<String>) {
    let doc = match std::fs::read(root.join(file)) {
        Ok(bytes) => match parse_file(file, &bytes) {
            Ok(doc) => doc,
            Err(d) => {
                report.errors.push(*d);
                return;
            }
        },
        Err(e) => {
            let message = format!("cannot read the test file: {e}");
            report.errors.push(Diagnostic::error("rule-test", file, Span::start(), message));
            return;
        }
    };
    let Header { rule, today, index, cases } = match header(file, &doc) {
        Ok(head) => head,
        Err(problems) => {
            report.errors.extend(problems);
            return;
        }
    };
    tested.push(rule.clone());
    for (i, node) in cases.iter().enumerate() {
        let name = match node.get("name").map(|e| &e.value) {
            Some(n) => n.as_text().unwrap_or_default(),
            None => format!("case {}", i + 1),
        };
        let full = format!("{rule}: {name}");
        if filter.is_some_and(|f| !full.contains(f)) {
            continue;
        }
        let (failures, printed) = match read_case(file, node, &index, today) {
            Ok(case) => run_case(root, &rule, &case),
            Err(problems) => (
                problems
                    .iter()
                    .map(|d| {
                        format!(
                            "the case is written wrongly: {} {}{}",
                            d.location(),
                            d.message,
                            d.hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default()
                        )
                    })
                    .collect(),
                Vec::new(),
            ),
        };
        report.cases.push(CaseResult { name: full, file: file.to_path_buf(), line: node.span.line, failures, printed });
    }
}

/// A `today:` date; `None` (with a problem in `reader`) when it is not one.
fn read_today(reader: &mut Reader, node: Option<&Node>, default: Option<NaiveDate>) -> Option<NaiveDate> {
    match node {
        None => default.or_else(|| parse_date(DEFAULT_TODAY)),
        Some(n) => reader.date("today", Some(n)),
    }
}

/// Reads a case: its `clauses:` (file name → text), `expect:` list, and its own `today:` and
/// `agreement:` if it has them. Every problem is returned; a case with any does not run.
fn read_case(file: &Path, case: &Node, index: &str, today: NaiveDate) -> Result<Case, Vec<Diagnostic>> {
    let mut reader = Reader::new(file);
    if !reader.mapping("the case", case) {
        return Err(test_problems(&mut reader));
    }
    let mut problems = unknown_keys(file, case, CASE_KEYS, "a case");
    let get = |k: &str| case.get(k).map(|e| &e.value);
    let today = read_today(&mut reader, get("today"), Some(today));
    let index = reader.text("agreement", get("agreement")).unwrap_or_else(|| index.to_string());
    let mut clauses = Vec::new();
    match get("clauses") {
        Some(n) if reader.mapping("clauses", n) => {
            for e in n.entries() {
                let Some(text) = reader.text(&e.key, Some(&e.value)) else { continue };
                let safe = e.key.ends_with(".md")
                    && Path::new(&e.key).components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if !safe {
                    let message = format!("`{}`: a clause file name relative to content/, ending in .md", e.key);
                    reader.error(e.key_span, message, None);
                    continue;
                }
                clauses.push((e.key.clone(), text));
            }
        }
        Some(_) => {}
        None => reader.error(case.span, "a case needs `clauses:` (file name → file text)".into(), None),
    }
    let mut approvals = Vec::new();
    if let Some(n) = get("approvals").filter(|n| reader.mapping("approvals", n)) {
        for e in n.entries() {
            let Some(text) = reader.text(&e.key, Some(&e.value)) else { continue };
            let plain = Path::new(&e.key).components().count() == 1 && !e.key.starts_with('.');
            if !plain || !(e.key.ends_with(".yaml") || e.key.ends_with(".yml")) {
                let message = format!("`{}`: an approval file name under approvals/, ending in .yaml", e.key);
                reader.error(e.key_span, message, None);
                continue;
            }
            approvals.push((e.key.clone(), text));
        }
    }
    let mut expects = Vec::new();
    match get("expect") {
        None => reader.error(case.span, "a case says what it expects: `expect: []` for no finding".into(), None),
        Some(list) => {
            for item in reader.list("expect", Some(list)) {
                if !reader.mapping("an expected finding", item) {
                    continue;
                }
                problems.extend(unknown_keys(file, item, EXPECT_KEYS, "an expected finding"));
                let at = reader.text("at", item.get("at").map(|e| &e.value));
                let message = reader.text("message", item.get("message").map(|e| &e.value));
                match at.as_deref().and_then(parse_at) {
                    Some((file, line, col)) => expects.push(Expect { file, line, col, message }),
                    None => {
                        let span = item.get("at").map_or(item.span, |e| e.value.span);
                        reader.error(
                            span,
                            "an expected finding is `{ at: 01-a.md:LINE[:COL], message: … }`".into(),
                            None,
                        )
                    }
                }
            }
        }
    }
    problems.extend(test_problems(&mut reader));
    match today {
        Some(today) if problems.is_empty() => Ok(Case { today, index, clauses, approvals, expects }),
        _ => Err(problems),
    }
}

/// `01-a.md:4:5` or `01-a.md:4`.
fn parse_at(at: &str) -> Option<(String, u32, Option<u32>)> {
    let mut parts = at.rsplitn(3, ':').collect::<Vec<_>>();
    parts.reverse();
    match parts.as_slice() {
        [file, line, col] if !file.is_empty() => Some((file.to_string(), line.parse().ok()?, Some(col.parse().ok()?)))
            .or_else(|| Some((format!("{file}:{line}"), col.parse().ok()?, None))),
        [file, line] if !file.is_empty() => Some((file.to_string(), line.parse().ok()?, None)),
        _ => None,
    }
    .filter(|(_, line, col)| *line > 0 && col.is_none_or(|c| c > 0))
}

fn run_case(root: &Path, rule: &str, case: &Case) -> (Vec<String>, Vec<String>) {
    // The fixture's agreement held in memory beside the project's rules: the same check pipeline
    // as `clausebook check`, with the rule under test alone.
    let mut content = crate::base::tree::Snapshot::default();
    let files = std::iter::once(("_index.md", case.index.as_str()))
        .chain(case.clauses.iter().map(|(name, text)| (name.as_str(), text.as_str())));
    for (name, text) in files {
        let bytes: std::sync::Arc<[u8]> = std::sync::Arc::from(text.as_bytes());
        content.insert(
            Path::new(crate::load::CONTENT).join(name),
            format!("{:x}", crate::base::memo::hash_of(text)),
            bytes,
        );
    }
    let tree = Overlay { rules: crate::base::tree::Disk::new(root), content };
    // A case's approvals are judged from a folder of their own (never the project's): on disk,
    // since approvals are read with Git beside them; outside Git they are uncommitted.
    let folder = match approval_folder(&case.approvals) {
        Ok(folder) => folder,
        Err(e) => return (vec![format!("cannot write the case's approvals: {e}")], Vec::new()),
    };
    let checked = match crate::check_rule(&tree, case.today, rule, folder.as_ref().map(|d| d.path())) {
        Ok(c) => c,
        Err(e) => return (vec![e.to_string()], Vec::new()),
    };
    let printed = checked.printed.iter().map(rules::Printed::line).collect();
    if checked.agreement.is_none() {
        return (vec!["the fixture has no agreement".into()], printed);
    }
    let found_rule = checked.rules.iter().map(|(r, _)| r).find(|r| r.id == rule);
    let mut failures = Vec::new();
    let mut found: Vec<&Diagnostic> = Vec::new();
    for d in &checked.diagnostics {
        let line = || format!("{} {}", d.location(), d.message);
        if d.rule == rule {
            found.push(d);
        } else if d.rule == "rule-error" {
            // Only the rule under test ran; a file that did not load matters when it hid the rule.
            let its_own = found_rule.is_some_and(|r| d.file == r.file || d.related.iter().any(|x| x.file == r.file));
            if its_own || found_rule.is_none() {
                failures.push(format!("rule error: {}", line()));
            }
        } else if d.severity == crate::Severity::Error {
            failures.push(format!("the fixture itself is invalid: {}", line()));
        }
    }
    if found_rule.is_none() {
        failures.insert(0, format!("no rule `{rule}` in rules/"));
    }
    let content_file = |d: &Diagnostic| slash_path(d.file.strip_prefix(crate::load::CONTENT).unwrap_or(&d.file));
    let all = found.clone();
    for e in &case.expects {
        let hit = found.iter().position(|d| {
            content_file(d) == e.file
                && d.span.line == e.line
                && e.col.is_none_or(|c| c == d.span.col)
                && e.message.as_deref().is_none_or(|m| d.message.contains(m))
        });
        match hit {
            Some(i) => {
                found.remove(i);
            }
            None => failures.push(missed(e, case, &all, content_file)),
        }
    }
    for d in found {
        let file = slash_path(d.file.strip_prefix(crate::load::CONTENT).unwrap_or(&d.file));
        failures.push(format!("unexpected finding at {file}:{}:{}: {}", d.span.line, d.span.col, d.message));
    }
    (failures, printed)
}

/// Why the expectation `e` matched none of the rule's findings `all`: nothing reported on its
/// line, fewer findings there than the case expects, or findings there that differ from it.
fn missed(e: &Expect, case: &Case, all: &[&Diagnostic], file_of: impl Fn(&Diagnostic) -> String) -> String {
    let place = format!("{}:{}{}", e.file, e.line, e.col.map(|c| format!(":{c}")).unwrap_or_default());
    let wanted = e.message.as_deref().map(|m| format!(" containing \"{m}\"")).unwrap_or_default();
    let on_line: Vec<&&Diagnostic> = all.iter().filter(|d| file_of(d) == e.file && d.span.line == e.line).collect();
    if on_line.is_empty() {
        return format!("expected a finding at {place}{wanted}, but the rule reported nothing on that line");
    }
    let alike = |d: &Diagnostic| {
        e.col.is_none_or(|c| c == d.span.col) && e.message.as_deref().is_none_or(|m| d.message.contains(m))
    };
    let expected = case
        .expects
        .iter()
        .filter(|x| x.file == e.file && x.line == e.line && x.col == e.col && x.message == e.message)
        .count();
    let reported = on_line.iter().filter(|d| alike(d)).count();
    if reported > 0 {
        return format!(
            "expected {expected} findings at {place}{wanted}, but the rule reported {reported} such finding(s) there"
        );
    }
    let shown: Vec<String> = on_line.iter().map(|d| format!("{}:{}: {}", d.span.line, d.span.col, d.message)).collect();
    format!("expected a finding at {place}{wanted}, but the rule's findings on that line differ: {}", shown.join("; "))
}

/// A temporary folder holding `approvals/` with the case's approval files, when it has any.
fn approval_folder(approvals: &[(String, String)]) -> std::io::Result<Option<tempfile::TempDir>> {
    if approvals.is_empty() {
        return Ok(None);
    }
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join(crate::signoff::record::APPROVALS);
    std::fs::create_dir(&folder)?;
    for (name, text) in approvals {
        std::fs::write(folder.join(name), text)?;
    }
    Ok(Some(dir))
}

/// The project's `rules/` beside a fixture's `content/`, held in memory.
struct Overlay {
    rules: crate::base::tree::Disk,
    content: crate::base::tree::Snapshot,
}

impl Overlay {
    fn side(&self, path: &Path) -> &dyn crate::base::tree::Tree {
        if path.starts_with(crate::load::CONTENT) { &self.content } else { &self.rules }
    }
}

impl crate::base::tree::Tree for Overlay {
    fn files(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        self.side(dir).files(dir)
    }

    fn read(&self, path: &Path) -> std::io::Result<std::sync::Arc<[u8]>> {
        self.side(path).read(path)
    }

    fn has_dir(&self, dir: &Path) -> bool {
        self.side(dir).has_dir(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_places() {
        assert_eq!(parse_at("01-a.md:4:5"), Some(("01-a.md".into(), 4, Some(5))));
        assert_eq!(parse_at("01-a.md:4"), Some(("01-a.md".into(), 4, None)));
        assert_eq!(parse_at("01-a.md"), None);
        assert_eq!(parse_at("01-a.md:x"), None);
        assert_eq!(parse_at("01-a.md:0"), None);
        assert_eq!(parse_at(":4"), None);
    }
}
