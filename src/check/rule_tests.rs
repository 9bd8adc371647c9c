//! The tests of a project's rules as written: `rules/tests/*.yaml`, each naming a rule and giving
//! small fixture agreements with the findings the rule must produce. Read strictly, so that a
//! mistyped expectation fails its case instead of passing by accident; `clausebook check` reports
//! their problems without running them, `clausebook test` runs them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::catalog::RuleRun;
use crate::base::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::base::tree::Tree;
use crate::base::yaml::{self, Node};
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

/// The keys of a portfolio's rule test file, of its case, and of an agreement of a case.
const PORTFOLIO_FILE_KEYS: &[&str] = &["rule", "today", "org", "cases"];
const PORTFOLIO_CASE_KEYS: &[&str] = &["name", "today", "org", "agreements", "expect"];
const MEMBER_KEYS: &[&str] = &["agreement", "clauses", "approvals"];

/// One expected finding: `at: FILE:LINE[:COL]`, `message:` substring.
pub struct Expect {
    /// The clause file, relative to `content/`.
    pub file: String,
    /// The line.
    pub line: u32,
    /// The column, if given.
    pub col: Option<u32>,
    /// Text the finding's message contains, if given.
    pub message: Option<String>,
}

/// A case as written, ready to run.
pub struct Case {
    /// The date the rules see.
    pub today: NaiveDate,
    /// The text of `content/_index.md`.
    pub index: String,
    /// Clause files (name under `content/` → text).
    pub clauses: Vec<(String, String)>,
    /// Approval files (name under `approvals/` → text), when the case has any.
    pub approvals: Vec<(String, String)>,
    /// The findings the rule must produce, and no others.
    pub expects: Vec<Expect>,
}

/// A case of a portfolio's rule test, ready to run: agreements written inline (each as the fixture
/// of an agreement's case, with no expectations of its own), the departments file, and the
/// findings the rule must produce across them, named from the portfolio's folder.
pub struct PortfolioCase {
    /// The date the rules see.
    pub today: NaiveDate,
    /// The text of `org.yaml`, when the case has one (else the parties are the departments).
    pub org: Option<String>,
    /// The agreements, by id (each in the folder of its id), in the order written.
    pub agreements: Vec<(String, Case)>,
    /// The findings the rule must produce, and no others (`at:` from the portfolio's folder:
    /// `it-finance/content/01-a.md:4:5`).
    pub expects: Vec<Expect>,
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
pub struct Header<'d> {
    /// The rule tested.
    pub rule: String,
    /// The date its cases see unless they name their own.
    pub today: NaiveDate,
    /// The fixture `_index.md` its cases share unless they have their own.
    pub index: String,
    /// In a portfolio's test, the `org.yaml` its cases share unless they have their own.
    pub org: Option<String>,
    /// The cases, as written.
    pub cases: &'d [Node],
}

/// Reads the text of a rule test file: its parsed YAML, or the problem that it is not YAML.
pub fn parse_file(file: &Path, bytes: &[u8]) -> Result<Node, Box<Diagnostic>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Box::new(Diagnostic::error("rule-test", file, Span::start(), "the test file is not valid UTF-8"))
    })?;
    yaml::parse(text, 1).map_err(|e| {
        // Placed inside the file (an error at its very end is put on its last line).
        let mut d = crate::load::source::yaml_error(file, &e, text, 1, crate::base::catalog::Locale::En);
        d.rule = "rule-test".into();
        d.message =
            crate::base::catalog::Locale::En.msg(crate::base::catalog::Load::MalformedYaml { problem: &e.problem });
        Box::new(d)
    })
}

/// Reads the keys of a test file above its cases (of a portfolio's rules when `portfolio`);
/// every problem of them when any is wrong.
pub fn header<'d>(file: &Path, doc: &'d Node, portfolio: bool) -> Result<Header<'d>, Vec<Diagnostic>> {
    let mut reader = Reader::new(file);
    let get = |k: &str| doc.get(k).map(|e| &e.value);
    let keys = if portfolio { PORTFOLIO_FILE_KEYS } else { FILE_KEYS };
    let mut problems = unknown_keys(file, doc, keys, "a rule test file");
    let org = reader.text("org", get("org"));
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
        (Some(rule), Some(today), true) => Ok(Header { rule, today, index, org, cases }),
        _ => Err(problems),
    }
}

/// The problems of the rule test files of the project in `tree`, found without running them (as
/// `clausebook check` reports them): files and cases written wrongly, and tests of rules that the
/// project does not register (`rules`, their ids), with "did you mean". A portfolio's tests
/// (`portfolio`) are read as such.
pub fn validate(tree: &dyn Tree, rules: &[&str], portfolio: bool) -> Vec<Diagnostic> {
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
        let head = match header(&file, &doc, portfolio) {
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
            let read = match portfolio {
                true => read_portfolio_case(&file, case, head.org.as_deref(), head.today).err(),
                false => read_case(&file, case, &head.index, head.today).err(),
            };
            problems.extend(read.unwrap_or_default());
        }
    }
    problems
}

/// The rule test files of the project in `tree`, sorted.
pub fn test_files(tree: &dyn Tree) -> Vec<PathBuf> {
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

/// A `today:` date; `None` (with a problem in `reader`) when it is not one.
fn read_today(reader: &mut Reader, node: Option<&Node>, default: Option<NaiveDate>) -> Option<NaiveDate> {
    match node {
        None => default.or_else(|| parse_date(DEFAULT_TODAY)),
        Some(n) => reader.date("today", Some(n)),
    }
}

/// Reads a case: its `clauses:` (file name → text), `expect:` list, and its own `today:` and
/// `agreement:` if it has them. Every problem is returned; a case with any does not run.
pub fn read_case(file: &Path, case: &Node, index: &str, today: NaiveDate) -> Result<Case, Vec<Diagnostic>> {
    let mut reader = Reader::new(file);
    if !reader.mapping("the case", case) {
        return Err(test_problems(&mut reader));
    }
    let mut problems = unknown_keys(file, case, CASE_KEYS, "a case");
    let today = read_today(&mut reader, case.get("today").map(|e| &e.value), Some(today));
    let mut fixture = read_fixture(&mut reader, case, index);
    fixture.expects = read_expects(file, &mut reader, &mut problems, case);
    problems.extend(test_problems(&mut reader));
    match today {
        Some(today) if problems.is_empty() => Ok(Case { today, ..fixture }),
        _ => Err(problems),
    }
}

/// Reads a case of a portfolio's rule test: its `agreements:` (id → `agreement:`, `clauses:`,
/// `approvals:` as in an agreement's case), `expect:` list, and its own `today:` and `org:` if
/// it has them. Every problem is returned; a case with any does not run.
pub fn read_portfolio_case(
    file: &Path,
    case: &Node,
    org: Option<&str>,
    today: NaiveDate,
) -> Result<PortfolioCase, Vec<Diagnostic>> {
    let mut reader = Reader::new(file);
    if !reader.mapping("the case", case) {
        return Err(test_problems(&mut reader));
    }
    let mut problems = unknown_keys(file, case, PORTFOLIO_CASE_KEYS, "a case");
    let get = |k: &str| case.get(k).map(|e| &e.value);
    let today = read_today(&mut reader, get("today"), Some(today));
    let org = reader.text("org", get("org")).or_else(|| org.map(str::to_string));
    let mut agreements = Vec::new();
    match get("agreements") {
        Some(n) if reader.mapping("agreements", n) => {
            for e in n.entries() {
                if !crate::load::valid_id(&e.key) {
                    reader.error(e.key_span, l(&reader).msg(RuleRun::FixtureAgreementId { id: &e.key }), None);
                } else if reader.mapping(&e.key, &e.value) {
                    problems.extend(unknown_keys(file, &e.value, MEMBER_KEYS, "an agreement of a case"));
                    let fixture = read_fixture(&mut reader, &e.value, DEFAULT_INDEX);
                    agreements.push((e.key.clone(), Case { today: today.unwrap_or_default(), ..fixture }));
                }
            }
        }
        Some(_) => {}
        None => reader.error(case.span, l(&reader).msg(RuleRun::CaseNeedsAgreements), None),
    }
    let expects = read_expects(file, &mut reader, &mut problems, case);
    problems.extend(test_problems(&mut reader));
    match today {
        Some(today) if problems.is_empty() => Ok(PortfolioCase { today, org, agreements, expects }),
        _ => Err(problems),
    }
}

/// The language `reader` tells problems in.
fn l(reader: &Reader) -> crate::base::catalog::Locale {
    reader.locale
}

/// The fixture agreement `node` writes: its own `agreement:` (else `index`), `clauses:` and
/// `approvals:`; it expects nothing yet and its date is to be set.
fn read_fixture(reader: &mut Reader, node: &Node, index: &str) -> Case {
    let get = |k: &str| node.get(k).map(|e| &e.value);
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
        None => reader.error(node.span, "a case needs `clauses:` (file name → file text)".into(), None),
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
    Case { today: NaiveDate::default(), index, clauses, approvals, expects: Vec::new() }
}

/// The `expect:` list of `case`; its problems in `reader` (or `problems`, for unknown keys).
fn read_expects(file: &Path, reader: &mut Reader, problems: &mut Vec<Diagnostic>, case: &Node) -> Vec<Expect> {
    let mut expects = Vec::new();
    match case.get("expect").map(|e| &e.value) {
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
    expects
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
