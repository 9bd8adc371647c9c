//! An editing session: the project held in memory, rebuilt after each change. Only changed files
//! are read and parsed again; rule checks, pages and per-clause parts whose inputs did not change
//! are kept from the rebuild before; the caller is told which files' bytes changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::base::site::{Memory, Site};
use crate::base::tree::Snapshot;
use crate::render::{self, PageCache};
use crate::{Checked, Error};

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// The findings (errors mean the site was not replaced).
    pub checked: Checked,
    /// The new site, when the rebuild succeeded.
    pub site: Option<Arc<Site>>,
    /// Files whose bytes changed or that are new.
    pub changed: Vec<String>,
    /// Files that are gone.
    pub removed: Vec<String>,
    /// How long the rebuild took.
    pub elapsed: Duration,
    /// Findings beside `checked`'s that no page of the site shows (a portfolio's checks across
    /// its agreements), for the terminal to say at each rebuild; when the rebuild failed, they
    /// are in `checked` and this is empty.
    pub aside: Arc<[crate::base::diagnostic::Diagnostic]>,
}

/// The project in memory, and what earlier rebuilds parsed and rendered.
pub struct Session {
    root: PathBuf,
    today: NaiveDate,
    base_url: Option<String>,
    files: Snapshot,
    checks: crate::pipeline::CheckCache,
    pages: Arc<PageCache>,
    site: Option<Arc<Site>>,
    /// Whether every rebuild is also made without caches and compared (see [`Session::verify`]).
    verify: bool,
    /// The other agreements of a portfolio, which citations lead to.
    external: Option<Arc<crate::base::xref::External>>,
    /// Whether the files are fixed (an agreement read from Git at a revision): nothing is read
    /// from `root`, and its approvals are not judged.
    fixed: bool,
}

/// The environment variable that turns on [`Session::verify`] for every session.
pub const VERIFY_CACHES: &str = "CLAUSEBOOK_VERIFY_CACHES";

impl Session {
    /// A session for the project at `root`; the first [`Session::rebuild`] reads everything.
    pub fn new(root: &Path, today: NaiveDate, base_url: Option<String>) -> Session {
        let mut files = Snapshot::default();
        files.lent_by(crate::base::tree::lender(root));
        Session {
            root: root.to_path_buf(),
            today,
            base_url,
            files,
            checks: crate::pipeline::CheckCache::default(),
            pages: Arc::default(),
            site: None,
            verify: std::env::var_os(VERIFY_CACHES).is_some_and(|v| !v.is_empty() && v != "0"),
            external: None,
            fixed: false,
        }
    }

    /// A session for an agreement read from Git (`draft`): read-only, its files the tree at its
    /// revision, never read again while editing.
    pub fn of_git(draft: &crate::versions::git::Draft, today: NaiveDate, base_url: Option<String>) -> Session {
        Session { files: (*draft.tree).clone(), fixed: true, ..Session::new(&draft.source.repo, today, base_url) }
    }

    /// The project's files that are not the agreement's text (its themes): its folder, or the
    /// files read from Git.
    fn project(&self) -> Box<dyn crate::base::tree::Tree + '_> {
        match self.fixed {
            true => Box::new(&self.files),
            false => Box::new(crate::base::tree::Disk::new(&self.root)),
        }
    }

    /// The other agreements of the portfolio this agreement's citations lead to (and that cite
    /// it), from the next rebuild on.
    pub fn set_external(&mut self, external: Option<Arc<crate::base::xref::External>>) {
        self.external = external;
    }

    /// What [`Session::set_external`] set.
    pub fn external(&self) -> Option<&crate::base::xref::External> {
        self.external.as_deref()
    }

    /// Makes every rebuild also check and render the project without any cache, and fail with
    /// [`Error::StaleCache`] on any difference in findings or in any byte of the site: the keys of
    /// kept pages and kept rule findings are written by hand, and this is how a key that misses
    /// something it depends on fails a test instead of a reader. Also on with
    /// `CLAUSEBOOK_VERIFY_CACHES=1`.
    pub fn verify(mut self) -> Session {
        self.verify = true;
        self
    }

    /// Checks and renders the current files without caches, and compares with `checked`/`site`.
    fn compare_uncached(&self, checked: &crate::Checked, site: Option<&Site>) -> Result<(), Error> {
        let mut clean = crate::pipeline::check_tree(&self.files, self.today, None, self.signoff())?;
        crate::pipeline::cite(&mut clean, self.external.as_deref(), self.today, &self.files);
        let show = |c: &crate::Checked| -> Vec<String> {
            c.diagnostics.iter().map(|d| format!("{} {} {}", d.location(), d.rule, d.message)).collect()
        };
        if clean.diagnostics != checked.diagnostics || clean.suppressed != checked.suppressed {
            let (a, b) = (show(checked), show(&clean));
            let first = a.iter().zip(&b).find(|(x, y)| x != y).map_or_else(
                || format!("{} findings kept, {} without caches", a.len(), b.len()),
                |(x, y)| format!("kept: {x}; without caches: {y}"),
            );
            return Err(Error::StaleCache(format!("the findings differ: {first}")));
        }
        let (Some(site), Some(agreement)) = (site, clean.agreement.as_ref()) else { return Ok(()) };
        let options = render::RenderOptions {
            today: self.today,
            base_url: self.base_url.clone(),
            version: None,
            pages: None,
            pdf: false,
            external: self.external.clone(),
        };
        let sink = Memory::default();
        if render::render(&*self.project(), agreement, clean.findings(), &options, &sink).is_err() {
            return Err(Error::StaleCache("the site renders only with caches".into()));
        }
        let fresh = sink.into_site();
        let (changed, removed) = fresh.changes(site);
        if let Some(path) = changed.first().or(removed.first()) {
            return Err(Error::StaleCache(format!("the page {path} differs from the same page made without caches")));
        }
        Ok(())
    }

    /// The approvals the working tree is judged against: read from the project folder (none for
    /// an agreement read from Git).
    fn signoff(&self) -> crate::pipeline::Signoff<'_> {
        match self.fixed {
            true => crate::pipeline::Signoff::Off,
            false => crate::pipeline::Signoff::Read { root: &self.root, version: None },
        }
    }

    /// The last good site.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    fn read_file(&mut self, rel: &Path) {
        self.files.read_from(&self.root, rel);
    }

    fn read_dir(&mut self, rel: &Path) {
        self.files.read_dir_from(&self.root, rel, |_| false);
    }

    /// Rebuilds without reading anything again: after [`Session::set_external`].
    pub fn refresh(&mut self) -> Result<Rebuilt, Error> {
        self.check_and_render(Instant::now())
    }

    /// Takes in changed paths (relative to the root; none: read everything) and rebuilds.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Error> {
        let started = Instant::now();
        if self.fixed {
            return self.check_and_render(started);
        }
        if changed.is_empty() || self.site.is_none() && self.files.entries().next().is_none() {
            for dir in crate::base::tree::loaded_folders() {
                self.read_dir(Path::new(dir));
            }
        }
        for path in changed {
            let loaded = crate::base::tree::loaded_folders().any(|w| path.starts_with(w));
            if !loaded && crate::base::tree::FOLDERS.iter().any(|f| !f.versioned && path.starts_with(f.name)) {
                // A template or an approval changed: every page may render differently.
                self.pages = Arc::default();
                continue;
            }
            if !loaded {
                continue;
            }
            let full = self.root.join(path);
            if full.is_dir() {
                self.read_dir(path);
            } else {
                self.read_file(path);
            }
        }
        self.check_and_render(started)
    }

    /// Checks and renders the files read, keeping what did not change.
    fn check_and_render(&mut self, started: Instant) -> Result<Rebuilt, Error> {
        let failed = |checked, started: Instant| Rebuilt {
            checked,
            site: None,
            changed: Vec::new(),
            removed: Vec::new(),
            elapsed: started.elapsed(),
            aside: Default::default(),
        };
        let mut checked = crate::pipeline::check_tree(&self.files, self.today, Some(&self.checks), self.signoff())?;
        crate::pipeline::cite(&mut checked, self.external.as_deref(), self.today, &self.files);
        self.checks.rules.sweep();
        if self.checks.parsed.len() > 2 * self.files.len() + 64 {
            // Earlier versions of edited files pile up; forget them now and then.
            self.checks.parsed.retain_current(&self.files);
        }
        let Some(agreement) = checked.agreement.as_ref().filter(|_| !checked.has_errors()) else {
            if self.verify {
                self.compare_uncached(&checked, None)?;
            }
            return Ok(failed(checked, started));
        };
        let options = render::RenderOptions {
            today: self.today,
            base_url: self.base_url.clone(),
            version: None,
            pages: Some(Arc::clone(&self.pages)),
            pdf: false,
            external: self.external.clone(),
        };
        let sink = Memory::default();
        let warnings = match render::render(&*self.project(), agreement, checked.findings(), &options, &sink) {
            Ok(rendered) => rendered.warnings,
            Err(render::RenderError::Templates(errors)) => {
                checked.add_template_errors(&*self.project(), errors);
                return Ok(failed(checked, started));
            }
            Err(render::RenderError::Theme(e)) => return Err(Error::Theme(e)),
            Err(render::RenderError::Write(e)) => return Err(Error::Write(e)),
        };
        // What this rebuild did not use (an edited clause's old page) is not needed again.
        self.pages.sweep();
        let site = Arc::new(sink.into_site());
        let (changed, removed) = match &self.site {
            Some(old) => site.changes(old),
            None => (site.files().map(|(p, _)| p.to_string()).collect(), Vec::new()),
        };
        if self.verify {
            self.compare_uncached(&checked, Some(&site))?;
        }
        // The theme's warnings, after the check's findings are compared (they are not the check's).
        checked.add_template_errors(&*self.project(), warnings);
        self.site = Some(Arc::clone(&site));
        Ok(Rebuilt {
            checked,
            site: Some(site),
            changed,
            removed,
            elapsed: started.elapsed(),
            aside: Default::default(),
        })
    }
}
