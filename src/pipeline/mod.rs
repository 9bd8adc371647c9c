//! The pipeline: load → check → render → write, composed for each command. `check` and
//! `clausebook test` stop after checking; `build` renders and writes, for the working tree alone or
//! for every released version; an editing session (`serve`, `watch`) runs the same steps with
//! caches. The stages never call back into this module.

pub mod session;
pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diagnostic::{self, Diagnostic, Severity, SourceMap, Summary};
use crate::base::model::Agreement;
use crate::base::{locale, tree};
use crate::check as checks;
use crate::signoff::{self, Record, Role};
use crate::versions::kept;
use crate::{Error, load, output, render, versions};

/// What `check` found.
#[derive(Debug)]
pub struct Checked {
    /// The agreement, when it could be assembled.
    pub agreement: Option<Agreement>,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files, for snippets.
    pub sources: SourceMap,
    /// The project's Lua rules, with the severity in force (`None`: turned off).
    pub rules: Vec<(diagnostic::RuleInfo, Option<Severity>)>,
    /// Rule findings that clauses suppressed, with their reasons.
    pub suppressed: Vec<diagnostic::Suppressed>,
    /// What the project's rules printed (`print` in a rule), for the terminal.
    pub printed: Vec<checks::rules::Printed>,
    /// The language of clausebook's own messages: the agreement's.
    pub locale: locale::Locale,
    /// The sign-off of this version's text, when the project has a sign-off policy or approvals.
    pub signoff: Option<signoff::Status>,
    /// The approvals this check read ([`Signoff::Read`]), for judging other versions with.
    pub record: Option<Record>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The findings compiler-style, then their count (`2 errors, 1 warning`), in the agreement's
    /// language: what the terminal and `serve`'s overlay show.
    pub fn render(&self) -> String {
        let s = Summary::of(&self.diagnostics);
        let mut out = diagnostic::render_human(&self.diagnostics, &self.sources);
        out.push_str(&self.locale.counts(s.errors, s.warnings, s.infos));
        out.push('\n');
        out
    }

    /// The findings as the site shows them.
    pub fn findings(&self) -> render::Findings<'_> {
        render::Findings {
            diagnostics: &self.diagnostics,
            suppressed: &self.suppressed,
            rules: &self.rules,
            signoff: self.signoff.as_ref(),
        }
    }

    /// Adds findings made after the check (about other versions), with the text of the files
    /// they point into from `tree` for snippets.
    pub fn add_findings(&mut self, tree: impl tree::Tree, found: Vec<Diagnostic>) {
        for d in &found {
            if self.sources.get(&d.file).is_none()
                && let Ok(bytes) = tree.read(&d.file)
            {
                self.sources.insert(d.file.clone(), String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        self.diagnostics.extend(found);
        if let Some(agreement) = &self.agreement {
            settle_builtin(agreement, &mut self.diagnostics);
        }
        self.diagnostics.sort();
        self.diagnostics.dedup();
    }

    /// Adds template errors (or warnings) to the findings, with their template files' text for
    /// snippets.
    pub fn add_template_errors(&mut self, root: &Path, errors: Vec<Diagnostic>) {
        for d in &errors {
            if let Ok(text) = std::fs::read_to_string(root.join(&d.file)) {
                self.sources.insert(d.file.clone(), text);
            }
        }
        self.diagnostics.extend(errors);
    }
}

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

/// [`check`], and the sign-off of every release, judged with the approvals the check read
/// (`clausebook approve --list` shows both).
pub fn check_with_releases(root: &Path, today: NaiveDate) -> Result<(Checked, ReleaseSignoff), Error> {
    let cache = CheckCache::default();
    let disk = tree::Disk::new(root);
    let mut checked =
        check_tree(&disk, today, Some(&cache), Signoff::Read { root, version: None }).map_err(|e| match e {
            Error::Load(load::LoadError::NoContent(_)) => Error::Load(load::LoadError::NoContent(root.to_path_buf())),
            other => other,
        })?;
    let mut releases = ReleaseSignoff::default();
    let mut found = Vec::new();
    if let Some(record) = checked.record.as_ref().filter(|r| !r.is_empty()) {
        let index_file = Path::new(load::CONTENT).join("_index.md");
        if let Ok(discovery) = versions::discover(root, &load::version_settings_of(root), &index_file) {
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
    checked.add_findings(tree::Disk::new(root), found);
    Ok((checked, releases))
}

/// Which approvals a check judges its version's text against.
#[derive(Debug, Clone)]
pub enum Signoff<'a> {
    /// None (`clausebook test`).
    Off,
    /// The working tree's: the approvals of the project at `root`, read for this check, the
    /// version named `version` on a versioned site. Their files' problems are reported.
    Read {
        /// The project root.
        root: &'a Path,
        /// The version's name (`draft`), on a versioned site.
        version: Option<String>,
    },
    /// Approvals read once for every version of a build, judged for one version in `role`;
    /// `report`: the record's own problems are reported with this version's findings.
    Judge {
        /// The approvals.
        record: &'a Record,
        /// The version judged.
        role: Role,
        /// Whether this version reports the approval files' problems (the one that decides).
        report: bool,
    },
}

/// What checking keeps between runs over similar trees: the versions of one build, the rebuilds
/// of an editing session.
#[derive(Default)]
pub struct CheckCache {
    /// Files read, parsed and built.
    pub parsed: load::ParseCache,
    /// Findings of rule checks whose inputs did not change.
    pub rules: checks::rules::RuleCache,
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
fn load_release(
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
                diagnostics.extend(crate::command::ruletest::validate(tree, &ids));
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
    let locale = loaded.agreement.as_ref().map_or(locale::Locale::En, |a| locale::Locale::of(&a.language));
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
    })
}

/// The severities `rules:` in `_index.md` gives the built-in checks that can be configured
/// (`approval-stale: error`, `signoff-missing: off`).
fn settle_builtin(agreement: &Agreement, diagnostics: &mut Vec<Diagnostic>) {
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

/// Options of `build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project root (holds `content/`).
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Overrides `base_url` from `_index.md`.
    pub base_url: Option<String>,
    /// The date time-dependent findings are judged against.
    pub today: NaiveDate,
    /// Publish every released version from Git (the default); `false` builds the working tree alone.
    pub versions: bool,
    /// Overrides the tag pattern of `versions.tags` in `_index.md`.
    pub tags: Option<String>,
    /// Also print versions to PDF with headless Chromium (`agreement.pdf`, and `changes.pdf`
    /// where a version has changes): which ones.
    pub pdf: Option<PdfSet>,
}

/// Which versions `build --pdf` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfSet {
    /// The newest release and the draft (the working tree alone on an unversioned site).
    Current,
    /// Every version.
    All,
}

/// What one version of a versioned build found.
#[derive(Debug)]
pub struct VersionReport {
    /// The version's name.
    pub name: String,
    /// Its findings, counted.
    pub summary: Summary,
    /// Its findings (files relative to the project root in that version).
    pub checked: Checked,
}

/// What `build` did.
#[derive(Debug)]
pub struct Built {
    /// Findings of the version that decides the build (the working tree, or the draft or newest
    /// release of a versioned site).
    pub checked: Checked,
    /// How many files were written, when there were no errors.
    pub written: Option<usize>,
    /// The other versions of a versioned site (their findings never fail the build).
    pub others: Vec<VersionReport>,
    /// Notes about versions at their place in `_index.md` or the repository: what was skipped.
    pub notes: Vec<Diagnostic>,
    /// Remarks without a place: why the build is not versioned.
    pub remarks: Vec<String>,
    /// The PDFs printed, or why they could not be (with [`BuildOptions::pdf`], after a site was
    /// written): the site stands either way.
    pub pdf: Option<Result<Vec<PathBuf>, crate::output::pdf::PdfError>>,
    /// The folders (relative to the output folder; `""` for an unversioned site) whose versions
    /// are printed, each with whether it has changes to print; `latest` is the newest release's
    /// PDFs copied.
    pub printed: Vec<(String, bool)>,
    /// The newest release's folder, on a versioned site.
    pub newest: Option<String>,
}

/// Loads, checks and renders the project — every released version and the draft when it is a Git
/// repository with releases — and replaces the site only when there are no errors.
pub fn build(options: &BuildOptions) -> Result<Built, Error> {
    let mut built = build_site(options)?;
    if options.pdf.is_some() && built.written.is_some() {
        built.pdf = Some(print_pdfs(&options.out, &built.printed, built.newest.as_deref(), options.today));
    }
    Ok(built)
}

/// Prints each folder of `folders` in the site `out`: its `print.html` to `agreement.pdf`, and its
/// `changes.html` (where it has one) to `changes.pdf`. On a versioned site the newest release's
/// (`newest`) are copied to `latest/`, and its `agreement.pdf` to `out/agreement.pdf`. Dated
/// `today`, so that the same site gives the same bytes.
pub fn print_pdfs(
    out: &Path,
    folders: &[(String, bool)],
    newest: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, crate::output::pdf::PdfError> {
    let mut printed = Vec::new();
    let copy = |from: PathBuf, to: PathBuf, printed: &mut Vec<PathBuf>| {
        std::fs::copy(&from, &to).map_err(|e| crate::output::pdf::PdfError::Io(to.clone(), e))?;
        printed.push(to);
        Ok::<_, crate::output::pdf::PdfError>(())
    };
    for (folder, changes) in folders.iter().filter(|(f, _)| f != "latest") {
        let dir = out.join(folder);
        for (page, pdf) in [("print.html", "agreement.pdf"), ("changes.html", "changes.pdf")] {
            if (page == "print.html" || *changes) && dir.join(page).is_file() {
                crate::output::pdf::print(&dir.join(page), &dir.join(pdf), today)?;
                printed.push(dir.join(pdf));
            }
        }
    }
    if let Some(newest) = newest.filter(|_| folders.iter().any(|(f, _)| f == "latest")) {
        for pdf in ["agreement.pdf", "changes.pdf"] {
            let from = out.join(newest).join(pdf);
            if from.is_file() {
                copy(from, out.join("latest").join(pdf), &mut printed)?;
            }
        }
        copy(out.join(newest).join("agreement.pdf"), out.join("agreement.pdf"), &mut printed)?;
    }
    Ok(printed)
}

fn build_site(options: &BuildOptions) -> Result<Built, Error> {
    // A build killed while it swapped the site in left the previous site aside: put it back first,
    // so that this build (which may fail) leaves a site in place.
    output::recover(&options.out);
    let mut remarks = Vec::new();
    if options.versions {
        // Only the versions settings are needed to decide; each version is checked on its own.
        let index_file = Path::new(load::CONTENT).join("_index.md");
        let mut settings = load::version_settings_of(&options.root);
        if options.tags.is_some() {
            settings.tags = options.tags.clone();
        }
        let l = load::locale(&options.root);
        match versions::discover(&options.root, &settings, &index_file) {
            Ok(discovery) => return build_versions(options, discovery),
            Err(versions::NoVersions::NotARepository) => remarks.push(l.say(
                "项目不在 Git 仓库中：只生成工作区这一个版本（--no-versions 可省去这条说明）",
                "not in a Git repository: building the working tree alone (--no-versions says so)",
            )),
            Err(versions::NoVersions::NoReleases) => remarks.push(l.say(
                "没有已发布的版本（没有与 `versions.tags`（默认 v*）匹配的标签，`versions.releases` 也未声明）：只生成工作区",
                "no released versions (no tag matches `versions.tags`, default v*, and `versions.releases` declares none): building the working tree alone",
            )),
        }
    }
    let mut checked = check(&options.root, options.today)?;
    let Some(agreement) = checked.agreement.as_ref().filter(|_| !checked.has_errors()) else {
        let (printed, newest) = (Vec::new(), None);
        return Ok(Built {
            checked,
            written: None,
            others: Vec::new(),
            notes: Vec::new(),
            remarks,
            pdf: None,
            printed,
            newest,
        });
    };
    let render_options = render::RenderOptions {
        today: options.today,
        base_url: options.base_url.clone(),
        version: None,
        pages: None,
        pdf: options.pdf.is_some(),
    };
    let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
    let rendered = render::render(&options.root, agreement, checked.findings(), &render_options, &staging);
    let written = finish(rendered.map(|r| r.warnings), staging, &options.root, &mut checked)?;
    let printed = if options.pdf.is_some() { vec![(String::new(), false)] } else { Vec::new() };
    Ok(Built { checked, written, others: Vec::new(), notes: Vec::new(), remarks, pdf: None, printed, newest: None })
}

/// Commits the staging folder after a successful render; template errors and warnings become
/// findings.
fn finish(
    rendered: Result<Vec<Diagnostic>, render::RenderError>,
    staging: output::Staging,
    root: &Path,
    checked: &mut Checked,
) -> Result<Option<usize>, Error> {
    match rendered {
        Ok(warnings) => {
            checked.add_template_errors(root, warnings);
            let files = staging.files();
            staging.commit().map_err(Error::Write)?;
            Ok(Some(files))
        }
        Err(render::RenderError::Theme(e)) => Err(Error::Theme(e)),
        Err(render::RenderError::Write(e)) => Err(Error::Write(e)),
        Err(render::RenderError::Templates(errors)) => {
            checked.add_template_errors(root, errors);
            Ok(None)
        }
    }
}

/// Builds every version into `<out>/<version>/`, the newest release also into `<out>/latest/`, and
/// the root page and clause histories. The draft (or the newest release without one) decides the
/// build; old releases' findings are shown on their pages only.
fn build_versions(options: &BuildOptions, discovery: versions::Discovery) -> Result<Built, Error> {
    let cache = CheckCache::default();
    let record = signoff_record(options, &discovery, &cache);
    let verify = verify_caches();
    let latest = discovery.versions.iter().rposition(|v| v.kind == versions::Kind::Release).unwrap_or(0);
    let seen: Vec<kept::Seen> = discovery
        .versions
        .iter()
        .map(|v| kept::Seen { name: &v.name, kind: v.kind, date: v.date, commit: v.commit.as_deref() })
        .collect();
    let settings = kept::Settings { today: options.today, base_url: options.base_url.as_deref() };
    let mut themes: HashMap<String, u64> = HashMap::new();
    // The key of release `i`'s folder (`latest/` too): what its commit does not say is its
    // sign-off and its theme.
    let mut key = |folder: &str, i: usize, c: &Checked| -> String {
        let theme = c.agreement.as_ref().map(|a| a.theme.clone()).unwrap_or_default();
        let fingerprint = *themes
            .entry(theme.clone())
            .or_insert_with(|| render::theme::Theme::load(&options.root, &theme).map_or(0, |t| t.fingerprint()));
        let printed = is_printed(options.pdf, folder, discovery.versions[i].kind, i == latest);
        kept::key(folder, &seen[..=i], &settings, printed, crate::base::memo::hash_of((&c.signoff, fingerprint)))
    };
    // Each version is checked, but a release whose folder the site being replaced has with the
    // same key is only loaded: its folder is kept as it is.
    let mut checked: Vec<Checked> = Vec::with_capacity(discovery.versions.len());
    let mut stamps: Vec<(String, kept::Stamp)> = Vec::new();
    let mut kept_folders: Vec<String> = Vec::new();
    let mut summaries: Vec<Option<Summary>> = Vec::new();
    for (i, v) in discovery.versions.iter().enumerate() {
        let signoff = || version_signoff(record.as_ref(), &discovery, i);
        let old = (v.kind == versions::Kind::Release)
            .then(|| kept::Stamp::read(&options.out, &v.name))
            .flatten()
            .filter(|s| s.summary.errors == 0);
        let loaded = match old {
            Some(_) if !verify => load_release(&v.tree, options.today, &cache, signoff())?,
            _ => check_tree(&v.tree, options.today, Some(&cache), signoff())?,
        };
        if v.kind == versions::Kind::Draft {
            checked.push(loaded);
            summaries.push(None);
            continue;
        }
        let k = key(&v.name, i, &loaded);
        // A folder is kept only while it holds exactly the files its stamp lists (none edited by
        // hand, added or removed); the PDFs of a printed folder are printed again anyway.
        let pdfs: &[&str] = if is_printed(options.pdf, &v.name, v.kind, i == latest) { &PDFS } else { &[] };
        let (c, summary) = match old {
            Some(old) if old.key == k && old.intact(&options.out, &v.name, pdfs) => {
                if verify && Summary::of(&loaded.diagnostics) != old.summary {
                    return Err(Error::StaleCache(format!("the findings of the kept release {}", v.name)));
                }
                kept_folders.push(v.name.clone());
                (loaded, old.summary)
            }
            Some(_) if !verify => {
                let c = check_tree(&v.tree, options.today, Some(&cache), signoff())?;
                let summary = Summary::of(&c.diagnostics);
                (c, summary)
            }
            _ => {
                let summary = Summary::of(&loaded.diagnostics);
                (loaded, summary)
            }
        };
        stamps.push((v.name.clone(), kept::Stamp { key: k, summary, files: Vec::new() }));
        summaries.push(Some(summary));
        checked.push(c);
    }
    if discovery.versions[latest].kind == versions::Kind::Release {
        let k = key("latest", latest, &checked[latest]);
        let summary = summaries[latest].unwrap_or_default();
        let pdfs: &[&str] = if is_printed(options.pdf, "latest", versions::Kind::Release, true) { &PDFS } else { &[] };
        if kept::Stamp::read(&options.out, "latest")
            .is_some_and(|old| old.key == k && old.intact(&options.out, "latest", pdfs))
        {
            kept_folders.push("latest".into());
        }
        stamps.push(("latest".into(), kept::Stamp { key: k, summary, files: Vec::new() }));
    }
    // Whether each release was approved is said with the version that decides the build, where
    // the sign-off policy is written.
    let mut release_findings = Vec::new();
    if let Some(record) = &record {
        for (v, c) in discovery.versions.iter().zip(&checked) {
            if let (versions::Kind::Release, Some(agreement), Some(status)) = (v.kind, &c.agreement, &c.signoff) {
                release_findings.extend(signoff::judge::findings(record, agreement, status));
            }
        }
    }
    let decider = checked.len() - 1;
    let infos: Vec<render::versions::VersionInfo> = discovery
        .versions
        .iter()
        .zip(&checked)
        .map(|(v, c)| render::versions::VersionInfo {
            name: v.name.clone(),
            kind: v.kind,
            date: v.date,
            commit: v.commit.clone(),
            clauses: c.agreement.iter().flat_map(|a| a.clauses.iter().map(|c| c.id.clone())).collect(),
            parties: c.agreement.iter().flat_map(|a| a.parties.iter().map(|p| p.id.clone())).collect(),
        })
        .collect();
    let made = Made { checked: &checked, infos: &infos, latest, stamps: &stamps };
    if verify {
        let gate_fails = checked[decider].has_errors() || checked[decider].agreement.is_none();
        verify_versions(options, &discovery, &made, &kept_folders, !gate_fails)?;
    }
    checked[decider].add_findings(tree::Disk::new(&options.root), release_findings);
    let gate_fails = checked[decider].has_errors() || checked[decider].agreement.is_none();
    let mut written = None;
    if !gate_fails {
        let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
        let made = Made { checked: &checked, infos: &infos, latest, stamps: &stamps };
        let rendered = render_versions(options, &made, &kept_folders, &staging, true).and_then(|warnings| {
            kept_folders.iter().try_for_each(|f| staging.keep(f).map(|_| ())).map_err(render::RenderError::Write)?;
            Ok(warnings)
        });
        written = finish(rendered, staging, &options.root, &mut checked[decider])?;
    }
    let mut all: Vec<Checked> = checked;
    let gate = all.remove(decider);
    let others = discovery
        .versions
        .iter()
        .zip(all)
        .zip(summaries)
        .map(|((v, c), kept)| VersionReport {
            name: v.name.clone(),
            summary: kept.unwrap_or_else(|| Summary::of(&c.diagnostics)),
            checked: c,
        })
        .collect();
    let printed = printed_folders(options, &infos, latest);
    let newest = Some(infos[latest].name.clone());
    let notes = discovery.notes;
    Ok(Built { checked: gate, written, others, notes, remarks: Vec::new(), pdf: None, printed, newest })
}

/// What a versioned build renders: every version's check, how the site lists them, the newest
/// release, and the stamps of the release folders.
struct Made<'a> {
    checked: &'a [Checked],
    infos: &'a [render::versions::VersionInfo],
    latest: usize,
    stamps: &'a [(String, kept::Stamp)],
}

/// The files `--pdf` writes into a printed folder after the build ([`print_pdfs`]).
const PDFS: [&str; 2] = ["agreement.pdf", "changes.pdf"];

/// Whether `--pdf` prints `folder` (of a version of `kind`, the newest release or not).
fn is_printed(pdf: Option<PdfSet>, folder: &str, kind: versions::Kind, newest: bool) -> bool {
    match pdf {
        None => false,
        Some(PdfSet::All) => true,
        Some(_) => folder == "latest" || newest || kind == versions::Kind::Draft,
    }
}

/// The folders of a versioned site that `--pdf` prints: every version's, or the newest release's
/// (also as `latest/`) and the draft's.
fn printed_folders(
    options: &BuildOptions,
    infos: &[render::versions::VersionInfo],
    latest: usize,
) -> Vec<(String, bool)> {
    if options.pdf.is_none() {
        return Vec::new();
    }
    let mut folders: Vec<(String, bool)> = infos
        .iter()
        .enumerate()
        .filter(|(i, v)| is_printed(options.pdf, &v.name, v.kind, *i == latest))
        .map(|(i, v)| (v.name.clone(), i > 0))
        .collect();
    folders.push(("latest".into(), latest > 0));
    folders
}

/// The approvals of a versioned build, read once from the working tree (the draft, or the newest
/// release when the working tree is the same), when the project has a sign-off policy or
/// approvals.
fn signoff_record(options: &BuildOptions, discovery: &versions::Discovery, cache: &CheckCache) -> Option<Record> {
    let working = &discovery.versions.last()?.tree;
    if !options.root.join(signoff::record::APPROVALS).is_dir() && !load::declares_signoff(&options.root) {
        return None;
    }
    let loaded = load::load_tree(working, Some(&cache.parsed)).ok()?;
    Some(Record::read(&options.root, loaded.agreement.as_ref()?, options.today))
}

/// How version `i` of a build is judged: the draft as the working tree, a release as itself; the
/// last version reports the approval files' problems.
fn version_signoff<'a>(record: Option<&'a Record>, discovery: &versions::Discovery, i: usize) -> Signoff<'a> {
    let Some(record) = record else { return Signoff::Off };
    let v = &discovery.versions[i];
    let role = match v.kind {
        versions::Kind::Draft => Role::Current(Some(v.name.clone())),
        versions::Kind::Release => Role::Release(v.name.clone()),
    };
    Signoff::Judge { record, role, report: i + 1 == discovery.versions.len() }
}

/// Whether the verification mode is on (`CLAUSEBOOK_VERIFY_CACHES=1`, see
/// [`crate::pipeline::session::Session::verify`]).
fn verify_caches() -> bool {
    std::env::var_os(crate::pipeline::session::VERIFY_CACHES).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The verification mode for versioned builds: each version is checked again without the cache the
/// versions share, the whole site is rendered again without the pages they share, and each
/// folder kept from the previous site is compared with the same folder made afresh; any
/// difference is [`Error::StaleCache`].
fn verify_versions(
    options: &BuildOptions,
    discovery: &versions::Discovery,
    made: &Made<'_>,
    kept_folders: &[String],
    render: bool,
) -> Result<(), Error> {
    let cache = CheckCache::default();
    let record = signoff_record(options, discovery, &cache);
    for (i, (v, kept)) in discovery.versions.iter().zip(made.checked).enumerate() {
        let clean = check_tree(&v.tree, options.today, None, version_signoff(record.as_ref(), discovery, i))?;
        if clean.diagnostics != kept.diagnostics || clean.suppressed != kept.suppressed {
            return Err(Error::StaleCache(format!("the findings of version {} differ without caches", v.name)));
        }
    }
    if !render {
        return Ok(());
    }
    let (shared, alone) = (crate::base::site::Memory::default(), crate::base::site::Memory::default());
    let rendered = render_versions(options, made, &[], &shared, true)
        .and_then(|_| render_versions(options, made, &[], &alone, false));
    if rendered.is_err() {
        return Ok(()); // The real render reports it.
    }
    let alone = alone.into_site();
    let (changed, removed) = alone.changes(&shared.into_site());
    if let Some(path) = changed.first().or(removed.first()) {
        return Err(Error::StaleCache(format!("the page {path} differs from the same page made without caches")));
    }
    for folder in kept_folders {
        let prefix = format!("{folder}/");
        let fresh: Vec<(&str, &crate::base::site::Bytes)> =
            alone.files().filter(|(p, _)| p.starts_with(&prefix)).collect();
        let on_disk = walkdir::WalkDir::new(options.out.join(folder))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .count();
        let differs = fresh.len() != on_disk
            || fresh.iter().any(|(path, bytes)| {
                std::fs::read(options.out.join(path)).ok().as_deref() != Some(&bytes.contiguous()[..])
            });
        if differs {
            return Err(Error::StaleCache(format!(
                "the folder {folder} kept from the previous site differs from the same folder made afresh"
            )));
        }
    }
    Ok(())
}

/// Renders every version (and `latest/`, and the root pages) into `sink`; with `share`, the
/// versions share the pages and parts that are the same in several of them.
fn render_versions(
    options: &BuildOptions,
    made: &Made<'_>,
    kept_folders: &[String],
    sink: &dyn crate::base::site::Sink,
    share: bool,
) -> Result<Vec<Diagnostic>, render::RenderError> {
    let (checked, infos, latest) = (made.checked, made.infos, made.latest);
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut warn = |found: Vec<Diagnostic>| {
        for d in found {
            if !warnings.contains(&d) {
                warnings.push(d);
            }
        }
    };
    let pages = std::sync::Arc::new(render::PageCache::default());
    let mut folders: Vec<(usize, String)> = (0..checked.len()).map(|i| (i, infos[i].name.clone())).collect();
    folders.push((latest, "latest".to_string()));
    let printed = printed_folders(options, infos, latest);
    for (i, folder) in folders {
        let Some(agreement) = &checked[i].agreement else { continue };
        if kept_folders.contains(&folder) {
            continue;
        }
        let previous = (0..i).rev().find_map(|p| checked[p].agreement.as_ref());
        let context = render::versions::VersionContext {
            all: infos.to_vec(),
            current: i,
            latest,
            folder: folder.clone(),
            changelog: previous.map(|p| versions::diff::changelog(p, agreement)),
        };
        let render_options = render::RenderOptions {
            today: options.today,
            base_url: options.base_url.clone(),
            version: Some(context),
            pages: share.then(|| std::sync::Arc::clone(&pages)),
            pdf: printed.iter().any(|(f, _)| *f == folder),
        };
        let prefixed = crate::base::site::Prefixed::new(sink, &folder);
        match made.stamps.iter().find(|(f, _)| *f == folder) {
            // A folder a later build may keep: its stamp lists the files written into it.
            Some((_, stamp)) => {
                let recorder = kept::Recorder::new(&prefixed);
                warn(
                    render::render(&options.root, agreement, checked[i].findings(), &render_options, &recorder)?
                        .warnings,
                );
                let stamp = kept::Stamp { files: recorder.files(), ..stamp.clone() };
                crate::base::site::Sink::put(&prefixed, kept::STAMP, stamp.text().into_bytes().into())
                    .map_err(render::RenderError::Write)?;
            }
            None => {
                warn(
                    render::render(&options.root, agreement, checked[i].findings(), &render_options, &prefixed)?
                        .warnings,
                );
            }
        }
    }
    let agreements: Vec<Option<&Agreement>> = checked.iter().map(|c| c.agreement.as_ref()).collect();
    let root = options.base_url.as_deref();
    warn(render::render_root(&options.root, &agreements, infos, latest, options.today, root, sink)?);
    Ok(warnings)
}
