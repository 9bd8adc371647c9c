//! Checking: a project (or one version of it) loaded, its built-in checks and rules run, its
//! approvals judged, and the findings settled with the text of the files they point into.

use std::path::Path;

use chrono::NaiveDate;

use super::{CheckCache, Checked, Signoff};
use crate::base::catalog::Locale;
use crate::base::diagnostic::Diagnostic;
use crate::base::model::Agreement;
use crate::base::tree;
use crate::check as checks;
use crate::signoff::{self, Record, Role};
use crate::{Error, load, versions};

/// Loads and checks the project at `root`, judging time-dependent things against `today`; with
/// a sign-off policy, also whether each release from Git was approved.
pub fn check(root: &Path, today: NaiveDate) -> Result<Checked, Error> {
    check_with_releases(root, today).map(|(checked, _)| checked)
}

/// Every release's sign-off (oldest first; none outside Git), and the name of the working tree's
/// version: the newest release's when it is the same, else `draft`.
#[derive(Debug, Default)]
pub struct ReleaseSignoff {
    /// Each release's sign-off.
    pub statuses: Vec<signoff::Status>,
    /// The working tree's version, in a Git repository with releases.
    pub working: Option<String>,
}

/// [`check`] of an agreement of a portfolio: one read from Git (`git`: the tree at its
/// revision, its approvals not judged), or its folder `root` with its releases' tags matching
/// `tags` when the portfolio gives it a pattern.
pub fn check_agreement(
    root: &Path,
    git: Option<&versions::git::Draft>,
    tags: Option<String>,
    today: NaiveDate,
) -> Result<Checked, Error> {
    match git {
        Some(git) => check_tree(&*git.tree, today, None, Signoff::Off),
        None => check_releases_tagged(root, today, tags).map(|(checked, _)| checked),
    }
}

/// [`check`], and the sign-off of every release, judged with the approvals the check read
/// (`clausebook approve --list` shows both).
pub fn check_with_releases(root: &Path, today: NaiveDate) -> Result<(Checked, ReleaseSignoff), Error> {
    check_releases_tagged(root, today, None)
}

/// [`check_with_releases`], the releases' tags matching `tags` when given.
fn check_releases_tagged(
    root: &Path,
    today: NaiveDate,
    tags: Option<String>,
) -> Result<(Checked, ReleaseSignoff), Error> {
    let cache = CheckCache::default();
    let disk = tree::Disk::agreement(root);
    let mut checked =
        check_tree(&disk, today, Some(&cache), Signoff::Read { root, version: None }).map_err(|e| match e {
            Error::Load(load::LoadError::NoContent(_)) => Error::Load(load::LoadError::NoContent(root.to_path_buf())),
            other => other,
        })?;
    let mut releases = ReleaseSignoff::default();
    let mut found = Vec::new();
    if let Some(record) = checked.record.as_ref().filter(|r| !r.is_empty()) {
        let index_file = Path::new(load::CONTENT).join("_index.md");
        let mut settings = load::version_settings_of(root);
        settings.tags = tags.or(settings.tags);
        if let Ok(discovery) = versions::discover(root, &settings, &index_file) {
            releases.working = discovery.versions.last().map(|v| v.name.clone());
            for v in discovery.versions.iter().filter(|v| v.kind == versions::Kind::Release) {
                if let Ok(loaded) = load::load_tree(&v.tree, Some(&cache.parsed))
                    && let Some(agreement) = &loaded.agreement
                {
                    let status = signoff::judge::judge(record, agreement, &Role::Release(v.name.clone()));
                    found.extend(signoff::judge::findings(record, agreement, &status));
                    releases.statuses.push(status);
                }
            }
        }
    }
    checked.add_findings(&tree::Disk::new(root), found);
    Ok((checked, releases))
}

/// Loads and checks the project held in `tree` (a folder or a Git revision), reusing what `cache`
/// kept from runs before.
pub fn check_tree(
    tree: &dyn tree::Tree,
    today: NaiveDate,
    cache: Option<&CheckCache>,
    signoff: Signoff<'_>,
) -> Result<Checked, Error> {
    check_selected(tree, today, cache, Some(None), signoff)
}

/// Loads a release and judges its sign-off, without its checks and rules: enough for a build to
/// decide whether it keeps the release's folder from the site it replaces, and to list the
/// release on the root pages.
pub(super) fn load_release(
    tree: &dyn tree::Tree,
    today: NaiveDate,
    cache: &CheckCache,
    signoff: Signoff<'_>,
) -> Result<Checked, Error> {
    check_selected(tree, today, Some(cache), None, signoff)
}

/// Loads and checks the project held in `tree` with one of its rules alone (`clausebook test`):
/// the other rules are registered but not run, so their failures cannot change the outcome. With
/// `approvals`, the folder whose `approvals/` the sign-off is judged from (a test case's own).
pub fn check_rule(
    tree: &dyn tree::Tree,
    today: NaiveDate,
    rule: &str,
    approvals: Option<&Path>,
) -> Result<Checked, Error> {
    let signoff = match approvals {
        Some(root) => Signoff::Read { root, version: None },
        None => Signoff::Off,
    };
    check_selected(tree, today, None, Some(Some(rule)), signoff)
}

/// Loads and checks `tree`: with `selected` `None` it is only loaded (and its sign-off judged);
/// with `Some(only)` the built-in checks run, and every rule or `only` the one named.
fn check_selected(
    tree: &dyn tree::Tree,
    today: NaiveDate,
    cache: Option<&CheckCache>,
    selected: Option<Option<&str>>,
    signoff: Signoff<'_>,
) -> Result<Checked, Error> {
    let loaded = load::load_tree(tree, cache.map(|c| &c.parsed)).map_err(Error::Load)?;
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    let mut rules = Vec::new();
    let mut suppressed = Vec::new();
    let mut printed = Vec::new();
    let mut status = None;
    let mut read = None;
    // The working tree's rule tests are checked with it (a release's are history).
    let working_tree = matches!(signoff, Signoff::Read { .. });
    if let Some(agreement) = &loaded.agreement {
        if selected.is_some() {
            diagnostics.extend(checks::builtin::builtin(agreement, today));
            diagnostics.extend(checks::terms::terms(agreement));
            diagnostics.extend(checks::citations::citations(agreement, None, today));
        }
        let judged = match signoff {
            Signoff::Off => None,
            Signoff::Read { root, version } => {
                read = Some(Record::read(root, agreement, today));
                read.as_ref().map(|r| (r, Role::Current(version), true))
            }
            Signoff::Judge { record, role, report } => Some((record, role, report)),
        };
        if let Some((record, role, report)) = judged {
            // The approval files' own problems, even when nothing is left to judge.
            if report {
                diagnostics.extend(record.diagnostics.iter().cloned());
                for (file, text) in record.sources.iter() {
                    sources.insert(file.to_path_buf(), text);
                }
            }
            if !record.is_empty() {
                let judged = signoff::judge::judge(record, agreement, &role);
                if matches!(role, Role::Current(_)) {
                    // A release's findings are located in the working tree's `_index.md`: the
                    // build reports them with the version that decides it.
                    diagnostics.extend(signoff::judge::findings(record, agreement, &judged));
                }
                status = Some(judged);
            }
        }
        if let Some(only) = selected {
            let outcome = match only {
                Some(rule) => checks::rules::run_only(tree, agreement, today, rule, status.as_ref()),
                None => checks::rules::run(tree, agreement, today, cache.map(|c| &c.rules), status.as_ref()),
            };
            let settled = checks::rules::settle(agreement, outcome);
            diagnostics.extend(settled.diagnostics);
            rules = settled.rules;
            if working_tree && only.is_none() {
                let ids: Vec<&str> = rules.iter().map(|(r, _)| r.id.as_str()).collect();
                diagnostics.extend(checks::rule_tests::validate(tree, &ids, false));
            }
            suppressed = settled.suppressed;
            printed = settled.printed;
            settle_builtin(agreement, &mut diagnostics);
        }
    }
    diagnostics.sort();
    diagnostics.dedup();
    // Only the files findings point into are needed for snippets; the rest is freed before render.
    let cited: std::collections::HashSet<&Path> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(d.file.as_path()).chain(d.related.iter().map(|r| r.file.as_path())))
        .collect();
    sources.retain(|file| cited.contains(file));
    for file in cited {
        if sources.get(file).is_none()
            && let Ok(bytes) = tree.read(file)
        {
            sources.insert(file.to_path_buf(), load::source::decode(bytes.to_vec()).unwrap_or_else(|(_, lossy)| lossy));
        }
    }
    let locale = loaded.agreement.as_ref().map_or(Locale::En, |a| Locale::of(&a.language));
    Ok(Checked {
        agreement: loaded.agreement,
        diagnostics,
        sources,
        rules,
        suppressed,
        printed,
        locale,
        signoff: status,
        record: read,
        counted: 0,
    })
}

/// The severities `rules:` in `_index.md` gives the built-in checks that can be configured
/// (`approval-stale: error`, `signoff-missing: off`).
pub fn settle_builtin(agreement: &Agreement, diagnostics: &mut Vec<Diagnostic>) {
    let level = |code: &str| agreement.rules.settings.iter().rev().find(|s| s.rule == code).map(|s| s.severity);
    diagnostics.retain_mut(|d| {
        if !crate::base::codes::is_configurable(&d.rule) {
            return true;
        }
        match level(&d.rule) {
            Some(Some(severity)) => {
                d.severity = severity;
                true
            }
            Some(None) => false,
            None => true,
        }
    });
}
