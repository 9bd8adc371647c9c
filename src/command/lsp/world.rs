//! The project as the language server holds it: the files of `content/` and `rules/` from disk,
//! the editor's unsaved text over those it has open, and the last check of the whole. A check
//! after an edit goes through the same caches as an editing session's rebuild (`serve`): only the
//! changed file is parsed again, and only the rule checks whose inputs changed run again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use lsp_types::{PublishDiagnosticsParams, Uri};

use super::uri;
use crate::base::catalog::Locale;
use crate::base::diagnostic::Diagnostic;
use crate::base::tree::{Snapshot, Tree};
use crate::base::xref::External;
use crate::pipeline::{CheckCache, Checked, Signoff};
use crate::portfolio::Unit;

/// A document the editor has open.
#[derive(Debug, Clone)]
pub struct Open {
    /// The address the editor uses for it (answers use it as given).
    pub uri: Uri,
    /// Its version, as the editor counts.
    pub version: i32,
    /// The unsaved text.
    pub text: Arc<str>,
}

/// The project, the editor's open documents, and the last check.
pub struct World {
    /// The project root (the folder that holds `content/`).
    pub root: PathBuf,
    today: NaiveDate,
    /// The files checked: those on disk under the versioned folders, an open document's text in
    /// place of its file's.
    files: Snapshot,
    /// Open documents by path relative to the root (only those of the project).
    pub open: HashMap<PathBuf, Open>,
    cache: CheckCache,
    /// The last check, when one could run.
    pub checked: Option<Checked>,
    /// Why the last check could not run (no `content/`, for example).
    pub failure: Option<String>,
    /// The findings last sent for each file, with the content id of the text they were placed in
    /// (the same findings in other text may stand at other UTF-16 columns).
    published: HashMap<PathBuf, (Vec<Diagnostic>, Option<String>)>,
    /// Whether files changed since the last check.
    pub dirty: bool,
    /// Whether every check is also made without caches and compared (`CLAUSEBOOK_VERIFY_CACHES`,
    /// as for an editing session): a difference ends the server (exit code 70), so that a test
    /// sees it.
    verify: bool,
    /// In a portfolio: the other agreements, which citations resolve against.
    external: Option<Arc<External>>,
    /// In a portfolio with a departments file: the departments, which every party must be.
    units: Option<Arc<[Unit]>>,
}

impl World {
    /// The project at `root`, read from disk; checked by the first [`World::check`].
    pub fn new(root: &Path, today: NaiveDate) -> World {
        let mut files = Snapshot::default();
        files.lent_by(crate::base::tree::lender(root));
        let mut world = World {
            root: root.to_path_buf(),
            today,
            files,
            open: HashMap::new(),
            cache: CheckCache::default(),
            checked: None,
            failure: None,
            published: HashMap::new(),
            dirty: true,
            verify: std::env::var_os(crate::pipeline::session::VERIFY_CACHES)
                .is_some_and(|v| !v.is_empty() && v != "0"),
            external: None,
            units: None,
        };
        for dir in crate::base::tree::loaded_folders() {
            world.read_dir(Path::new(dir));
        }
        world
    }

    /// Whether `rel` is a file the check reads (under `content/`, `rules/`, `records/`, …).
    pub fn is_checked(rel: &Path) -> bool {
        crate::base::tree::loaded_folders().any(|d| rel.starts_with(d))
    }

    /// The path relative to the root of a document's address, when it is a file of the project.
    pub fn relative(&self, uri: &Uri) -> Option<PathBuf> {
        project_file(&self.root, &uri::to_path(uri)?)
    }

    /// In a portfolio: what the other agreements publish (`None`: the agreement alone, its
    /// citations noted as shown as text) and the departments (`None`: no departments file). The
    /// next check takes them in when what this agreement cites of them, or the departments, changed.
    pub fn set_portfolio(&mut self, external: Option<Arc<External>>, units: Option<Arc<[Unit]>>) {
        let key = |e: &Option<Arc<External>>| e.as_ref().map(|e| e.key());
        if key(&external) != key(&self.external) || units != self.units {
            self.dirty = true;
        }
        self.external = external;
        self.units = units;
    }

    /// What the portfolio adds to a check of this agreement: its citations resolved against the
    /// other agreements, and the departments' findings about its parties.
    fn in_portfolio(&self, checked: &mut Checked) {
        crate::pipeline::cite(checked, self.external.as_deref(), self.today, &self.files);
        if let (Some(units), Some(agreement)) = (&self.units, &checked.agreement) {
            let found = crate::portfolio::units::unknown(agreement, units);
            checked.add_findings(&self.files, found);
        }
    }

    /// The address of a file of the project: the editor's own for an open document.
    pub fn uri(&self, rel: &Path) -> Option<Uri> {
        match self.open.get(rel) {
            Some(open) => Some(open.uri.clone()),
            None => uri::from_path(&self.root.join(rel)),
        }
    }

    /// The current text of a file: the editor's for an open document, else the file's.
    pub fn text(&self, rel: &Path) -> Option<Arc<str>> {
        if let Some(open) = self.open.get(rel) {
            return Some(Arc::clone(&open.text));
        }
        let bytes = match self.files.read(rel) {
            Ok(bytes) => bytes,
            Err(_) => Arc::from(
                crate::base::tree::read_project_file(&self.root, rel, crate::base::tree::MOST_FILE_BYTES).ok()?,
            ),
        };
        Some(Arc::from(String::from_utf8_lossy(&bytes)))
    }

    fn read_file(&mut self, rel: &Path) {
        if !self.open.contains_key(rel) {
            self.files.read_from(&self.root, rel);
        }
    }

    fn read_dir(&mut self, rel: &Path) {
        let open = &self.open;
        self.files.read_dir_from(&self.root, rel, |p| open.contains_key(p));
    }

    /// Judges time-dependent things (overdue reviews and duties) against `today` from now on.
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
            self.dirty = true;
        }
    }

    /// Takes the editor's text of a document (opened or changed).
    pub fn set_text(&mut self, rel: &Path, uri: Uri, version: i32, text: String) {
        let text: Arc<str> = Arc::from(text);
        if Self::is_checked(rel) {
            let bytes: Arc<[u8]> = Arc::from(text.as_bytes());
            self.files.insert(rel.to_path_buf(), crate::base::tree::content_id(&bytes), bytes);
            self.dirty = true;
        }
        self.open.insert(rel.to_path_buf(), Open { uri, version, text });
    }

    /// The editor closed a document: its file on disk counts again.
    pub fn close(&mut self, rel: &Path) {
        if self.open.remove(rel).is_some() && Self::is_checked(rel) {
            self.read_file(rel);
            self.dirty = true;
        }
    }

    /// Files changed on disk (paths relative to the root; a folder: everything below it).
    pub fn disk_changed(&mut self, paths: &[PathBuf]) {
        for rel in paths {
            if !crate::base::tree::FOLDERS.iter().any(|f| rel.starts_with(f.name)) {
                continue;
            }
            // Approvals are read from disk by every check; the theme is not checked.
            self.dirty = true;
            if !Self::is_checked(rel) {
                continue;
            }
            if self.root.join(rel).is_dir() {
                self.read_dir(rel);
            } else {
                self.read_file(rel);
            }
        }
    }

    /// Checks the project as it now stands (each rule check whose inputs did not change is kept
    /// from the check before), and returns the findings to send: for every file whose findings
    /// changed, all of its findings (none: clear them). In the verification mode, the check is
    /// done again without caches, and a difference is an error: what differed.
    pub fn check(&mut self) -> Result<Vec<PublishDiagnosticsParams>, String> {
        self.dirty = false;
        let signoff = Signoff::Read { root: &self.root, version: None };
        let mut result = crate::pipeline::check_tree(&self.files, self.today, Some(&self.cache), signoff.clone());
        if let Ok(checked) = &mut result {
            self.in_portfolio(checked);
        }
        self.cache.rules.sweep();
        if self.cache.parsed.len() > 2 * self.files.len() + 64 {
            self.cache.parsed.retain_current(&self.files);
        }
        if let (true, Ok(checked)) = (self.verify, &result) {
            let mut clean = crate::pipeline::check_tree(&self.files, self.today, None, signoff);
            if let Ok(clean) = &mut clean {
                self.in_portfolio(clean);
            }
            if let Ok(clean) = clean
                && clean.diagnostics != checked.diagnostics
            {
                let first = clean.diagnostics.iter().zip(&checked.diagnostics).find(|(a, b)| a != b);
                return Err(format!("a cache went stale (CLAUSEBOOK_VERIFY_CACHES): without caches {first:?}"));
            }
        }
        let findings = match result {
            Ok(checked) => {
                self.failure = None;
                let found = checked.diagnostics.clone();
                self.checked = Some(checked);
                found
            }
            Err(e) => {
                self.failure = Some(e.to_string());
                self.checked = None;
                Vec::new()
            }
        };
        let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for d in findings {
            by_file.entry(d.file.clone()).or_default().push(d);
        }
        let mut out = Vec::new();
        let gone: Vec<PathBuf> = self.published.keys().filter(|f| !by_file.contains_key(*f)).cloned().collect();
        for file in gone {
            self.published.remove(&file);
            if let Some(uri) = self.uri(&file) {
                out.push(PublishDiagnosticsParams::new(uri, Vec::new(), self.open.get(&file).map(|o| o.version)));
            }
        }
        let mut files: Vec<(PathBuf, Vec<Diagnostic>)> = by_file.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        for (file, found) in files {
            let id = self.files.id(&file).map(str::to_string);
            if self.published.get(&file).is_some_and(|(was, was_id)| *was == found && *was_id == id) {
                continue;
            }
            if let Some(uri) = self.uri(&file) {
                let converted = self.convert(&file, &found);
                out.push(PublishDiagnosticsParams::new(uri, converted, self.open.get(&file).map(|o| o.version)));
            }
            self.published.insert(file, (found, id));
        }
        Ok(out)
    }

    /// Takes back every finding sent (when the agreement leaves the server's hands: its
    /// portfolio no longer lists it).
    pub fn clear(&mut self) -> Vec<PublishDiagnosticsParams> {
        let files: Vec<PathBuf> = std::mem::take(&mut self.published).into_keys().collect();
        let version = |f: &PathBuf| self.open.get(f).map(|o| o.version);
        files.iter().filter_map(|f| Some(PublishDiagnosticsParams::new(self.uri(f)?, Vec::new(), version(f)))).collect()
    }

    /// The language of clausebook's words: the agreement's.
    pub fn locale(&self) -> Locale {
        self.checked.as_ref().map_or(Locale::En, |c| c.locale)
    }

    /// The last check's findings in `rel`.
    pub fn findings(&self, rel: &Path) -> &[Diagnostic] {
        self.published.get(rel).map_or(&[], |(found, _)| found.as_slice())
    }

    /// Findings of one file in the protocol's terms ([`crate::report::lsp`]).
    pub fn convert(&self, rel: &Path, found: &[Diagnostic]) -> Vec<lsp_types::Diagnostic> {
        crate::report::lsp::diagnostics(rel, found, self, self.locale())
    }
}

/// The path relative to `root` of the file at `path`, when it is a file of the project there
/// (under one of its folders: `content/`, `rules/`, `themes/`, `approvals/`).
pub fn project_file(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok().map(Path::to_path_buf).or_else(|| {
        let root = root.canonicalize().ok()?;
        let path = path.parent()?.canonicalize().ok()?.join(path.file_name()?);
        path.strip_prefix(root).ok().map(Path::to_path_buf)
    })?;
    crate::base::tree::FOLDERS.iter().any(|f| rel.starts_with(f.name)).then_some(rel)
}

impl crate::report::lsp::Documents for World {
    fn uri(&self, file: &Path) -> Option<Uri> {
        World::uri(self, file)
    }

    fn text(&self, file: &Path) -> Option<Arc<str>> {
        World::text(self, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::NumberOrString;

    #[test]
    fn a_new_day_makes_a_review_overdue() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/_index.md", "---\ntitle: 协议\nlanguage: zh-CN\nparties: [{id: a, name: 甲}]\n---\n");
        write("content/01-x.md", "---\ntitle: 条款\nreview_by: 2026-01-10\n---\n\n正文。\n");
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        let mut world = World::new(dir.path(), day(10));
        let sent = world.check().unwrap();
        assert!(sent.iter().all(|p| !p.uri.as_str().ends_with("01-x.md")), "not overdue on the day itself");
        world.set_today(day(10));
        assert!(!world.dirty, "the same day checks nothing again");
        world.set_today(day(11));
        let sent = world.check().unwrap();
        let clause = sent.iter().find(|p| p.uri.as_str().ends_with("01-x.md")).expect("findings for the clause");
        assert_eq!(clause.diagnostics[0].code, Some(NumberOrString::String("review-overdue".into())));
    }
}
