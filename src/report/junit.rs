//! `check --format junit`: JUnit XML, which GitLab, Jenkins, Azure Pipelines and most other CI
//! systems show as a test report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use super::{Report, Reporter};
use crate::base::codes::CODES;
use crate::base::diagnostic::{Diagnostic, Severity, slash_path};
use crate::base::escape::xml;

/// JUnit XML: a test suite per rule (every built-in check and project rule in `rules`, so that a
/// passing rule shows as passed), and a test case per rule and file with findings. A test case
/// with errors or warnings fails: one `<failure>` (the schemas of Ant, Surefire and GitLab allow
/// one per test case) whose type is the worst severity, whose message is the first finding's,
/// and whose text lists every finding, one `file:line:col: message` each, with hints and related
/// places. Infos are the test case's output. A rule without findings has one passing test case,
/// `all files`.
pub struct Junit;

impl Reporter for Junit {
    fn write(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let rules: Vec<&str> =
            CODES.iter().map(|c| c.id).chain(report.rules.iter().map(|(r, _)| r.id.as_str())).collect();
        out.write_all(suites(report.diagnostics, &rules).as_bytes())
    }
}

/// The test suites of `rules` (every rule's, findings or not) and of the rules of `diagnostics`.
fn suites(diagnostics: &[Diagnostic], rules: &[&str]) -> String {
    let mut by_rule: BTreeMap<&str, BTreeMap<String, Vec<&Diagnostic>>> = BTreeMap::new();
    for r in rules {
        by_rule.entry(r).or_default();
    }
    for d in diagnostics {
        by_rule.entry(&d.rule).or_default().entry(slash_path(&d.file)).or_default().push(d);
    }
    let failing = |d: &&&Diagnostic| d.severity != Severity::Info;
    let cases = |files: &BTreeMap<String, Vec<&Diagnostic>>| files.len().max(1);
    let failures =
        |files: &BTreeMap<String, Vec<&Diagnostic>>| files.values().filter(|f| f.iter().any(|d| failing(&d))).count();
    let total_cases: usize = by_rule.values().map(cases).sum();
    let total_failures: usize = by_rule.values().map(failures).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"clausebook\" tests=\"{total_cases}\" failures=\"{total_failures}\" errors=\"0\">"
    );
    for (rule, files) in &by_rule {
        let rule = xml(rule);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{rule}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            cases(files),
            failures(files)
        );
        if files.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"all files\" classname=\"{rule}\"/>");
        }
        for (file, found) in files {
            let _ = writeln!(out, "    <testcase name=\"{}\" classname=\"{rule}\">", xml(file));
            let failed: Vec<&&Diagnostic> = found.iter().filter(failing).collect();
            if let Some(first) = failed.first() {
                let worst = if failed.iter().any(|d| d.severity == Severity::Error) { "error" } else { "warning" };
                let mut message = first.message.clone();
                if failed.len() > 1 {
                    let _ = write!(message, " (+{} more)", failed.len() - 1);
                }
                let mut body = String::new();
                for d in &failed {
                    let _ =
                        writeln!(body, "{file}:{}:{}: {}: {}", d.span.line, d.span.col, d.severity.as_str(), d.message);
                    if let Some(hint) = &d.hint {
                        let _ = writeln!(body, "  hint: {hint}");
                    }
                    for r in &d.related {
                        let _ =
                            writeln!(body, "  {}:{}:{}: {}", slash_path(&r.file), r.span.line, r.span.col, r.message);
                    }
                }
                let _ = writeln!(
                    out,
                    "      <failure type=\"{worst}\" message=\"{}\">{}</failure>",
                    xml(&message),
                    xml(&body)
                );
            }
            let infos: Vec<String> = found
                .iter()
                .filter(|d| d.severity == Severity::Info)
                .map(|d| format!("{file}:{}:{}: {}", d.span.line, d.span.col, d.message))
                .collect();
            if !infos.is_empty() {
                let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&infos.join("\n")));
            }
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Span;

    fn finding() -> Diagnostic {
        Diagnostic::error("unknown-party", "content/03 a,b.md", Span::new(3, 8, 3), "「财务部」不是协议方：50%\n第二行")
            .with_hint("did you mean `brand`?")
    }

    #[test]
    fn junit_has_a_suite_per_rule_a_case_per_file_and_a_failure_per_finding() {
        let second = Diagnostic { span: Span::new(9, 1, 1), message: "<b> & more".into(), ..finding() };
        let out = suites(&[finding(), second], &["budget-total", "unknown-party"]);
        assert!(out.contains("<testsuites name=\"clausebook\" tests=\"2\" failures=\"1\" errors=\"0\">"), "{out}");
        assert!(out.contains("<testsuite name=\"budget-total\" tests=\"1\" failures=\"0\""), "{out}");
        assert!(out.contains("<testcase name=\"all files\" classname=\"budget-total\"/>"));
        assert!(out.contains("<testcase name=\"content/03 a,b.md\" classname=\"unknown-party\">"));
        assert_eq!(out.matches("<failure type=\"error\"").count(), 1, "one failure per test case");
        assert!(out.contains("message=\"「财务部」不是协议方：50%\n第二行 (+1 more)\""), "{out}");
        assert!(out.contains("content/03 a,b.md:9:1: error: &lt;b&gt; &amp; more\n"), "{out}");
        assert_eq!(xml("a\u{1}b"), "a\u{FFFD}b");
    }
}
