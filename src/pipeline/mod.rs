//! The pipeline: load → check → render → write, composed for each command. `check` and
//! `clausebook test` stop after checking; `build` renders and writes, for the working tree alone or
//! for every released version; an editing session (`serve`, `watch`) runs the same steps with
//! caches. The stages never call back into this module.

mod build;
mod check;
pub mod session;
mod versioned;
pub mod watch;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::catalog::Locale;
use crate::base::diagnostic::{self, Diagnostic, Severity, SourceMap, Summary};
use crate::base::model::Agreement;
use crate::base::tree;
use crate::check as checks;
use crate::signoff::{self, Record, Role};
use crate::{Error, load, output, render};

pub use build::{build, print_pdfs};
pub use check::{ReleaseSignoff, check, check_agreement, check_rule, check_tree, check_with_releases, settle_builtin};

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
    pub locale: Locale,
    /// The sign-off of this version's text, when the project has a sign-off policy or approvals.
    pub signoff: Option<signoff::Status>,
    /// The approvals this check read ([`Signoff::Read`]), for judging other versions with.
    pub record: Option<Record>,
    /// The clauses of the agreements a check of several holds (a portfolio's), counted.
    pub counted: usize,
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
        let mut out = crate::report::human::findings(&self.diagnostics, &self.sources);
        out.push_str(&self.locale.counts(s.errors, s.warnings, s.infos));
        out.push('\n');
        out
    }

    /// The findings as every format of [`crate::report`] reads them.
    pub fn report(&self) -> crate::report::Report<'_> {
        crate::report::Report {
            diagnostics: &self.diagnostics,
            suppressed: &self.suppressed,
            rules: &self.rules,
            printed: self.printed.iter().map(|p| p.line()).collect(),
            sources: &self.sources,
            locale: self.locale,
            clauses: self.agreement.as_ref().map_or(self.counted, |a| a.clauses.len()),
        }
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
    pub fn add_findings(&mut self, tree: &dyn tree::Tree, found: Vec<Diagnostic>) {
        for d in &found {
            if self.sources.get(&d.file).is_none()
                && let Ok(bytes) = tree.read(&d.file)
            {
                self.sources.insert(d.file.clone(), String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        self.diagnostics.extend(found);
        if let Some(agreement) = &self.agreement {
            check::settle_builtin(agreement, &mut self.diagnostics);
        }
        self.diagnostics.sort();
        self.diagnostics.dedup();
    }

    /// Adds template errors (or warnings) to the findings, with the text of their template files
    /// (of the project `tree`) for snippets.
    pub fn add_template_errors(&mut self, tree: &dyn tree::Tree, errors: Vec<Diagnostic>) {
        for d in &errors {
            if let Ok(bytes) = tree.read(&d.file) {
                self.sources.insert(d.file.clone(), String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        self.diagnostics.extend(errors);
    }
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
    /// The other agreements of a portfolio, which citations (`[[it-finance:purpose]]`) lead to;
    /// none outside a portfolio.
    pub external: Option<std::sync::Arc<crate::base::xref::External>>,
    /// An agreement read from a Git repository at a revision (a portfolio's `git:`): its draft is
    /// the tree there, not the folder `root`, which is then the repository and is never read as
    /// a working tree. Its approvals are not judged (they need a working tree to verify).
    pub git: Option<std::sync::Arc<crate::versions::git::Draft>>,
    /// The working tree as read and parsed already (a portfolio reads every agreement for its
    /// manifest first): built from there instead of `root`'s files, when it has no releases.
    pub read: Option<std::sync::Arc<ReadAhead>>,
}

/// A working tree read, and loaded, before its build: its versioned folders as read (every file
/// readable, no symbolic link, so that they are what the folder holds), and what loading them
/// parsed, which the build's load takes instead of parsing again.
pub struct ReadAhead {
    /// The versioned folders' files.
    pub files: tree::Snapshot,
    /// What loading them parsed.
    pub cache: CheckCache,
}

impl std::fmt::Debug for ReadAhead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadAhead").field("files", &self.files.len()).finish_non_exhaustive()
    }
}

impl ReadAhead {
    /// The folders of the project at `root` that loading reads, read into memory; `None` when a file there
    /// cannot be read, a symbolic link is there, or a folder is there without files (each of
    /// which a build from the folder reports or tells apart).
    pub fn read(root: &Path) -> Option<ReadAhead> {
        let disk = tree::Disk::new(root);
        let mut files = tree::Snapshot::default();
        let mut listed = 0;
        for dir in tree::loaded_folders().map(Path::new) {
            let (found, links) = tree::Tree::files_and_links(&disk, dir).ok()?;
            if !links.is_empty() || tree::Tree::has_dir(&disk, dir) == found.is_empty() {
                return None;
            }
            listed += found.len();
            files.read_dir_from(root, dir, |_| false);
        }
        files.lent_by(tree::lender(root));
        (files.len() == listed).then(|| ReadAhead { files, cache: CheckCache::default() })
    }
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

/// Commits the staging folder after a successful render; template errors and warnings become
/// findings.
/// In a portfolio (`external`), a version's citations of other agreements checked against what
/// they publish on the day `on`, in place of the notes that they are shown as text.
pub(crate) fn cite(
    checked: &mut Checked,
    external: Option<&crate::base::xref::External>,
    on: NaiveDate,
    tree: &dyn tree::Tree,
) {
    let (Some(external), Some(agreement)) = (external, &checked.agreement) else { return };
    let found = checks::citations::citations(agreement, Some((&external.cited, &external.own)), on);
    checked.diagnostics.retain(|d| d.rule != checks::citations::ALONE);
    checked.add_findings(tree, found);
}

fn finish(
    rendered: Result<Vec<Diagnostic>, render::RenderError>,
    staging: output::Staging,
    project: &dyn tree::Tree,
    checked: &mut Checked,
) -> Result<Option<usize>, Error> {
    match rendered {
        Ok(warnings) => {
            checked.add_template_errors(project, warnings);
            let files = staging.files();
            staging.commit().map_err(Error::Write)?;
            Ok(Some(files))
        }
        Err(render::RenderError::Theme(e)) => Err(Error::Theme(e)),
        Err(render::RenderError::Write(e)) => Err(Error::Write(e)),
        Err(render::RenderError::Templates(errors)) => {
            checked.add_template_errors(project, errors);
            Ok(None)
        }
    }
}
