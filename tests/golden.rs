//! Golden files of every findings format: `check --format X` for each format of
//! `clausebook::report::FORMATS`, and the language server's diagnostics, on the example agreement
//! and on `tests/fixtures/every-finding` (a project with every kind of finding its files can
//! cause). What the command writes (exit code, standard output, standard error) must match
//! `tests/golden/<project>/<format>.txt` byte for byte; after an intended change of output, write
//! the files anew with `CLAUSEBOOK_BLESS=1 cargo test --test golden` and review their diff.

mod common;

use std::path::{Path, PathBuf};

use clausebook::report::lsp::Lsp;
use clausebook::report::{FORMATS, Reporter};

/// The day every check is judged against, so that overdue reviews and duties stay overdue.
const TODAY: &str = "2026-01-15";

/// Where the language server's golden files place the project (its addresses start with it).
const LSP_ROOT: &str = "/project";

/// The projects checked: the example (its content, rules and approvals, outside Git) and the
/// fixture.
fn projects() -> Vec<(&'static str, tempfile::TempDir)> {
    let repo = common::repo();
    let example = tempfile::tempdir().unwrap();
    for folder in ["content", "rules", "approvals"] {
        copy_tree(&repo.join(folder), &example.path().join(folder));
    }
    let fixture = tempfile::tempdir().unwrap();
    copy_tree(&repo.join("tests/fixtures/every-finding"), fixture.path());
    vec![("example", example), ("every-finding", fixture)]
}

/// Copies a folder, symbolic links as links (the fixture holds one, to be reported).
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What `check --format <format>` wrote, with the project's folder written as `<root>` should
/// it appear.
fn check_output(root: &Path, format: &str) -> String {
    let run = common::clausebook()
        .args(["check", "--format", format, "--today", TODAY, "--root"])
        .arg(root)
        .output()
        .unwrap();
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    text.replace(&root.display().to_string(), "<root>")
}

/// The diagnostics the language server would publish for the project, placed at [`LSP_ROOT`].
fn lsp_output(root: &Path) -> String {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let checked = clausebook::check(root, today).unwrap();
    let mut out = Vec::new();
    Lsp { root: PathBuf::from(LSP_ROOT) }.write(&checked.report(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Compares `actual` with the golden file, or writes it when blessing; the differences, if any.
fn compare(golden: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("CLAUSEBOOK_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(golden, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_default();
    (expected != actual).then(|| {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        format!("{}:\n{}", golden.display(), diff.unified_diff().context_radius(2))
    })
}

#[test]
fn every_format_writes_what_its_golden_file_holds() {
    let golden = common::repo().join("tests/golden");
    let mut differences = Vec::new();
    let mut files = Vec::new();
    for (name, project) in projects() {
        let dir = golden.join(name);
        for format in FORMATS {
            let file = dir.join(format!("{}.txt", format.name));
            differences.extend(compare(&file, &check_output(project.path(), format.name)));
            files.push(file);
        }
        let file = dir.join("lsp.txt");
        differences.extend(compare(&file, &lsp_output(project.path())));
        files.push(file);
    }
    assert!(
        differences.is_empty(),
        "output differs from the golden files (CLAUSEBOOK_BLESS=1 writes them anew):\n{}",
        differences.join("\n")
    );
    let mut kept: Vec<PathBuf> =
        walkdir::WalkDir::new(&golden).into_iter().map(|e| e.unwrap().into_path()).filter(|p| p.is_file()).collect();
    kept.sort();
    files.sort();
    assert_eq!(kept, files, "a golden file that no case writes");
}

/// Codes the fixture cannot show: they need Git (signatures, releases), another command (`build`'s
/// templates, `test`'s rule tests), a project without `content/_index.md`, a file the system
/// refuses to read, or a portfolio (tests/portfolio.rs causes those).
const NOT_FROM_THE_FIXTURE: &[&str] = &[
    "approval-signature",
    "io",
    "missing-index",
    "rule-test",
    "template",
    "versions",
    "cited-clause-changed",
    "portfolio",
    "unknown-unit",
    "liaison-missing",
    "restricted-citation",
    // A library and its uses are tested in tests/library.rs.
    "library",
    "library-outdated",
    "library-unpinned",
    // The working-day calendar is tested in tests/obligations.rs, the period in tests/period.rs.
    "workdays",
    "period",
    "period-expired",
    "period-notice",
    // Records are tested in tests/records.rs.
    "records",
    "duty-missed",
];

#[test]
fn the_fixture_has_every_finding_its_files_can_cause() {
    let (_, fixture) = projects().pop().unwrap();
    let run = common::clausebook()
        .args(["check", "--format", "json", "--today", TODAY, "--root"])
        .arg(fixture.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let rules: std::collections::BTreeSet<&str> =
        doc["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    for code in clausebook::base::codes::CODES {
        assert_eq!(rules.contains(code.id), !NOT_FROM_THE_FIXTURE.contains(&code.id), "{}: {rules:?}", code.id);
    }
    for kind in ["error", "warning", "info"] {
        assert!(doc["diagnostics"].as_array().unwrap().iter().any(|d| d["severity"] == kind), "no {kind}");
    }
    assert!(rules.contains("duty-has-owner") && rules.contains("every-clause-is-short"), "rule failures: {rules:?}");
    let related = doc["diagnostics"].as_array().unwrap().iter().any(|d| !d["related"].as_array().unwrap().is_empty());
    assert!(related, "a finding with related places");
    assert!(!doc["suppressed"].as_array().unwrap().is_empty(), "a suppressed finding");
    assert!(!doc["printed"].as_array().unwrap().is_empty(), "what a rule printed");
}
