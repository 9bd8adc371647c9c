//! `clausebook test`: the tests of a project's rules, in the spirit of `opa test`. Each file in
//! `rules/tests/*.yaml` names a rule and gives small fixture agreements (clauses written inline)
//! with the findings the rule must produce — and, by listing no others, must not produce.
//! The format is documented in `docs/rules.md`; it is read strictly, so that a mistyped
//! expectation fails its case instead of passing by accident. At a portfolio's folder, it runs
//! the tests of the portfolio's own rules: each case a small portfolio written to a temporary
//! folder (its agreements in folders named by their ids, and `org.yaml` when the case has one),
//! checked as `clausebook check` checks a portfolio, with the rule under test alone; findings are
//! named from that folder, as `at:` names them (`it-finance/content/01-a.md:4:5`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::base::catalog::{Locale, RuleRun};
use crate::base::diagnostic::{Diagnostic, Span, slash_path};
use crate::check::rule_tests::{
    Case, Expect, Header, PortfolioCase, header, parse_file, read_case, read_portfolio_case, test_files,
};
use crate::check::rules;

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
    /// The project's language, that the transcript is in.
    pub locale: Locale,
}

impl Report {
    /// Whether every case passed, every test file was readable and the filter matched.
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.unmatched.is_none() && self.cases.iter().all(|c| c.failures.is_empty())
    }

    /// A cargo-test-like transcript.
    pub fn render(&self) -> String {
        let l = self.locale;
        let mut out = format!("{}\n", l.msg(RuleRun::TestsRunning { count: self.cases.len() }));
        for c in &self.cases {
            let _ = writeln!(out, "{}", l.msg(RuleRun::TestLine { name: &c.name, ok: c.failures.is_empty() }));
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
            let _ = writeln!(out, "\n{}", l.msg(RuleRun::NoCaseMatches { filter }));
        }
        if !self.untested.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                l.msg(RuleRun::Untested { rules: &self.untested.join(&l.msg(RuleRun::ListSeparator)) })
            );
        }
        let failed = self.cases.iter().filter(|c| !c.failures.is_empty()).count();
        let summary = RuleRun::TestsSummary { ok: self.passed(), passed: self.cases.len() - failed, failed };
        let _ = writeln!(out, "\n{}", l.msg(summary));
        out
    }
}

/// Runs every rule test of the project at `root` (an agreement, or a portfolio: then the tests
/// of its own rules, each case a small portfolio); `filter` keeps cases whose name contains it.
pub fn run(root: &Path, filter: Option<&str>) -> Report {
    let portfolio = crate::portfolio::is_portfolio(root).then(|| crate::portfolio::config::read(root).config).flatten();
    let locale = portfolio.as_ref().map_or_else(|| crate::load::locale(root), |p| Locale::of(&p.language));
    let mut report = Report { locale, ..Report::default() };
    let files = test_files(&crate::base::tree::Disk::new(root));
    let mut tested = Vec::new();
    for file in files {
        run_file(root, &file, (filter, portfolio.as_ref()), &mut report, &mut tested);
    }
    if let Some(f) = filter.filter(|_| report.cases.is_empty() && report.errors.is_empty()) {
        report.unmatched = Some(f.to_string());
    }
    let disk = crate::base::tree::Disk::new(root);
    let (rules, _) = match &portfolio {
        Some(p) => rules::registered_in(&disk, &p.rules, (locale, true)),
        None => rules::registered(&disk, &crate::load::rule_limits(&root.join(crate::load::CONTENT).join("_index.md"))),
    };
    report.untested = rules.into_iter().map(|r| r.id).filter(|r| !tested.contains(r)).collect();
    report
}

fn run_file(
    root: &Path,
    file: &Path,
    (filter, portfolio): (Option<&str>, Option<&crate::portfolio::Config>),
    report: &mut Report,
    tested: &mut Vec<String>,
) {
    let doc = match std::fs::read(root.join(file)) {
        Ok(bytes) => match parse_file(file, &bytes) {
            Ok(doc) => doc,
            Err(d) => {
                report.errors.push(*d);
                return;
            }
        },
        Err(e) => {
            let message = report.locale.msg(RuleRun::CannotReadTestFile { error: &e });
            report.errors.push(Diagnostic::error("rule-test", file, Span::start(), message));
            return;
        }
    };
    let Header { rule, today, index, org, cases } = match header(file, &doc, portfolio.is_some()) {
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
            None => report.locale.msg(RuleRun::CaseNumber { n: i + 1 }),
        };
        let full = format!("{rule}: {name}");
        if filter.is_some_and(|f| !full.contains(f)) {
            continue;
        }
        let ran = match portfolio {
            Some(p) => read_portfolio_case(file, node, org.as_deref(), today)
                .map(|case| run_portfolio_case(report.locale, (root, &p.language), &rule, &case)),
            None => read_case(file, node, &index, today).map(|case| run_case(report.locale, root, &rule, &case)),
        };
        let (failures, printed) = match ran {
            Ok(ran) => ran,
            Err(problems) => {
                let wrong = |d: &Diagnostic| {
                    let (at, hint) = (d.location(), d.hint.as_deref());
                    report.locale.msg(RuleRun::CaseWrittenWrongly { at: &at, message: &d.message, hint })
                };
                (problems.iter().map(wrong).collect(), Vec::new())
            }
        };
        report.cases.push(CaseResult { name: full, file: file.to_path_buf(), line: node.span.line, failures, printed });
    }
}

fn run_case(l: Locale, root: &Path, rule: &str, case: &Case) -> (Vec<String>, Vec<String>) {
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
    let tree =
        Overlay { rules: crate::base::tree::Disk::new(root), content, none: crate::base::tree::Snapshot::default() };
    // A case's approvals are judged from a folder of their own (never the project's): on disk,
    // since approvals are read with Git beside them; outside Git they are uncommitted.
    let folder = match approval_folder(&case.approvals) {
        Ok(folder) => folder,
        Err(e) => return (vec![l.msg(RuleRun::CannotWriteApprovals { error: &e })], Vec::new()),
    };
    let checked = match crate::check_rule(&tree, case.today, rule, folder.as_ref().map(|d| d.path())) {
        Ok(c) => c,
        Err(e) => return (vec![e.to_string()], Vec::new()),
    };
    let printed = checked.printed.iter().map(rules::Printed::line).collect();
    if checked.agreement.is_none() {
        return (vec![l.msg(RuleRun::FixtureWithoutAgreement)], printed);
    }
    let content_file = |d: &Diagnostic| slash_path(d.file.strip_prefix(crate::load::CONTENT).unwrap_or(&d.file));
    (judge(l, rule, &checked, &case.expects, content_file), printed)
}

/// Why a case whose fixture was checked as `checked` fails, if it does: an error of the fixture
/// or of the rule under test, an expectation of `expects` that no finding of the rule meets, a
/// finding of the rule that none expects. `file_of` names a finding's file as `at:` does.
fn judge(
    l: Locale,
    rule: &str,
    checked: &crate::Checked,
    expects: &[Expect],
    file_of: impl Fn(&Diagnostic) -> String,
) -> Vec<String> {
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
                failures.push(l.msg(RuleRun::RuleErrorInCase { line: &line() }));
            }
        } else if d.severity == crate::Severity::Error {
            failures.push(l.msg(RuleRun::FixtureInvalid { line: &line() }));
        }
    }
    if found_rule.is_none() {
        failures.insert(0, l.msg(RuleRun::NoSuchRule { rule }));
    }
    let all = found.clone();
    for e in expects {
        let hit = found.iter().position(|d| {
            file_of(d) == e.file
                && d.span.line == e.line
                && e.col.is_none_or(|c| c == d.span.col)
                && e.message.as_deref().is_none_or(|m| d.message.contains(m))
        });
        match hit {
            Some(i) => {
                found.remove(i);
            }
            None => failures.push(missed(l, e, expects, &all, &file_of)),
        }
    }
    for d in found {
        let place = format!("{}:{}:{}", file_of(d), d.span.line, d.span.col);
        failures.push(l.msg(RuleRun::UnexpectedFinding { place: &place, message: &d.message }));
    }
    failures
}

/// Why the expectation `e` matched none of the rule's findings `all`: nothing reported on its
/// line, fewer findings there than the case expects, or findings there that differ from it.
fn missed(
    l: Locale,
    e: &Expect,
    expects: &[Expect],
    all: &[&Diagnostic],
    file_of: impl Fn(&Diagnostic) -> String,
) -> String {
    let place = format!("{}:{}{}", e.file, e.line, e.col.map(|c| format!(":{c}")).unwrap_or_default());
    let wanted = e.message.as_deref();
    let on_line: Vec<&&Diagnostic> = all.iter().filter(|d| file_of(d) == e.file && d.span.line == e.line).collect();
    if on_line.is_empty() {
        return l.msg(RuleRun::ExpectedNothingThere { place: &place, wanted });
    }
    let alike = |d: &Diagnostic| {
        e.col.is_none_or(|c| c == d.span.col) && e.message.as_deref().is_none_or(|m| d.message.contains(m))
    };
    let expected = expects
        .iter()
        .filter(|x| x.file == e.file && x.line == e.line && x.col == e.col && x.message == e.message)
        .count();
    let reported = on_line.iter().filter(|d| alike(d)).count();
    if reported > 0 {
        return l.msg(RuleRun::ExpectedMore { expected, place: &place, wanted, reported });
    }
    let shown: Vec<String> = on_line.iter().map(|d| format!("{}:{}: {}", d.span.line, d.span.col, d.message)).collect();
    l.msg(RuleRun::ExpectedOther { place: &place, wanted, found: &shown.join("; ") })
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

/// Runs one case of the portfolio at `root` (whose language is `language`) on the rule `rule`:
/// why it fails, and what the rule printed.
fn run_portfolio_case(
    l: Locale,
    (root, language): (&Path, &str),
    rule: &str,
    case: &PortfolioCase,
) -> (Vec<String>, Vec<String>) {
    let dir = match write_portfolio(case, language) {
        Ok(dir) => dir,
        Err(e) => return (vec![l.msg(RuleRun::CannotWriteFixture { error: &e })], Vec::new()),
    };
    let outcome = match crate::portfolio::check_with(dir.path(), (root, Some(rule)), case.today) {
        Ok(outcome) => outcome,
        Err(e) => return (vec![e.to_string()], Vec::new()),
    };
    let printed = outcome.checked.printed.iter().map(rules::Printed::line).collect();
    (judge(l, rule, &outcome.checked, &case.expects, |d| slash_path(&d.file)), printed)
}

/// The case's portfolio, in a temporary folder.
fn write_portfolio(case: &PortfolioCase, language: &str) -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    let mut yaml = format!("language: {language}\n");
    if let Some(org) = &case.org {
        std::fs::write(dir.path().join("org.yaml"), org)?;
        yaml.push_str("org: org.yaml\n");
    }
    yaml.push_str("agreements:\n");
    for (id, agreement) in &case.agreements {
        yaml.push_str(&format!("  - {{id: {id}, path: {id}}}\n"));
        let content = dir.path().join(id).join(crate::load::CONTENT);
        let files = std::iter::once(("_index.md", &agreement.index))
            .chain(agreement.clauses.iter().map(|(name, text)| (name.as_str(), text)));
        for (name, text) in files {
            let path = content.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        if let Some(approvals) = approval_folder(&agreement.approvals)? {
            let into = dir.path().join(id).join(crate::signoff::record::APPROVALS);
            std::fs::rename(approvals.path().join(crate::signoff::record::APPROVALS), into)?;
        }
    }
    std::fs::write(dir.path().join(crate::portfolio::config::FILE), yaml)?;
    Ok(dir)
}

/// The project's `rules/` beside a fixture's `content/`, held in memory. The project's records
/// and working-day calendar are its own agreement's: a fixture has none.
struct Overlay {
    rules: crate::base::tree::Disk,
    content: crate::base::tree::Snapshot,
    none: crate::base::tree::Snapshot,
}

impl Overlay {
    fn side(&self, path: &Path) -> &dyn crate::base::tree::Tree {
        if path.starts_with(crate::load::CONTENT) {
            &self.content
        } else if path.starts_with(crate::load::records::DIR) || path.starts_with(crate::load::schedules::DIR) {
            &self.none
        } else {
            &self.rules
        }
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
