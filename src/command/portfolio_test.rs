//! `clausebook test` of a portfolio's own rules: each case is a small portfolio written to a
//! temporary folder (its agreements, each in the folder named by its id, and `org.yaml` when the
//! case has one), checked as `clausebook check` checks a portfolio, with the rule under test
//! alone from the portfolio's `rules/`. Findings are named from the fixture portfolio's folder,
//! as `at:` names them: `it-finance/content/01-a.md:4:5`.

use std::path::Path;

use crate::base::catalog::{Locale, RuleRun};
use crate::base::diagnostic::slash_path;
use crate::check::rule_tests::PortfolioCase;
use crate::check::rules;

/// Runs one case of the portfolio at `root` (whose language is `language`) on the rule `rule`:
/// why it fails, and what the rule printed.
pub(super) fn run_case(
    l: Locale,
    (root, language): (&Path, &str),
    rule: &str,
    case: &PortfolioCase,
) -> (Vec<String>, Vec<String>) {
    let dir = match write(case, language) {
        Ok(dir) => dir,
        Err(e) => return (vec![l.msg(RuleRun::CannotWriteFixture { error: &e })], Vec::new()),
    };
    let outcome = match crate::portfolio::check_with(dir.path(), (root, Some(rule)), case.today) {
        Ok(outcome) => outcome,
        Err(e) => return (vec![e.to_string()], Vec::new()),
    };
    let printed = outcome.checked.printed.iter().map(rules::Printed::line).collect();
    (super::ruletest::judge(l, rule, &outcome.checked, &case.expects, |d| slash_path(&d.file)), printed)
}

/// The case's portfolio, in a temporary folder.
fn write(case: &PortfolioCase, language: &str) -> std::io::Result<tempfile::TempDir> {
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
        if let Some(approvals) = super::ruletest::approval_folder(&agreement.approvals)? {
            let into = dir.path().join(id).join(crate::signoff::record::APPROVALS);
            std::fs::rename(approvals.path().join(crate::signoff::record::APPROVALS), into)?;
        }
    }
    std::fs::write(dir.path().join(crate::portfolio::config::FILE), yaml)?;
    Ok(dir)
}
