//! The agreements the server holds: the one it was started in, or, at a portfolio's folder, each
//! agreement of `portfolio.yaml` as its own [`World`], checked as `clausebook check` at the
//! portfolio checks it (its citations resolved against the other agreements, its parties against
//! the departments).
//!
//! An agreement's world is made when a document of it is first opened (or a citation leads into
//! it), not at start: checking every agreement at start would run every rule of the whole
//! portfolio before the first answer and hold every agreement's model, where a citation needs
//! only what the cited agreement publishes. That is read, loaded but not checked, as the
//! portfolio's `check` reads it first ([`crate::portfolio::manifest`]): its releases from Git and
//! its working tree; an open agreement publishes the editor's text instead. An edit that changes
//! what an agreement publishes (a clause's id or title, a citation) re-checks the open agreements
//! that cite it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use lsp_types::{PublishDiagnosticsParams, Uri};

use super::uri;
use super::world::{Open, World, project_file};
use crate::base::catalog::{Locale, Lsp};
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::xref::{Cited, External, Published, PublishedVersion};
use crate::portfolio::{Member, Unit, config, manifest};

/// What a check of the agreements held found: the findings to send, and the messages to show.
#[derive(Default)]
pub struct Checks {
    /// For each file whose findings changed, all of them.
    pub publish: Vec<PublishDiagnosticsParams>,
    /// Why an agreement cannot be checked, or what is wrong with the portfolio's files.
    pub messages: Vec<String>,
}

/// The agreements the server holds.
pub struct Projects {
    /// The folder it was started in: the agreement's, or the portfolio's.
    root: PathBuf,
    today: NaiveDate,
    /// At a portfolio's folder: its agreements and what they publish.
    portfolio: Option<Portfolio>,
    /// The agreement's world (one), or each agreement's of the portfolio once made.
    worlds: Vec<Option<World>>,
    /// Open documents of no agreement since `portfolio.yaml` was read again (their agreement is
    /// no longer listed, or not rightly): kept, for when it is again.
    orphans: Vec<Open>,
}

/// A portfolio as the server holds it.
struct Portfolio {
    locale: Locale,
    /// The agreements, their folders with `..` taken out (`path: ../..`).
    members: Vec<Member>,
    /// The agreements' indexes, the deepest folder first: a document is of the first that holds it.
    deepest: Vec<usize>,
    /// The departments, when `portfolio.yaml` names a departments file that could be read.
    units: Option<Arc<[Unit]>>,
    /// The departments file, as named.
    org: Option<PathBuf>,
    /// The findings of the portfolio's own files, until they are sent.
    findings: Option<Vec<Diagnostic>>,
    /// The portfolio's files whose findings were sent.
    sent: Vec<PathBuf>,
    /// Each agreement as citations see it (its releases, and what it publishes now), read when
    /// first needed.
    known: Vec<Option<(Vec<PublishedVersion>, Published)>>,
    /// All of `known`, as citations resolve against it (made again when `known` changes).
    cited: Option<Arc<Cited>>,
}

impl Projects {
    /// The agreement at `root`, or the portfolio when `root` holds `portfolio.yaml`.
    pub fn new(root: &Path, today: NaiveDate) -> Projects {
        let mut projects =
            Projects { root: root.to_path_buf(), today, portfolio: None, worlds: Vec::new(), orphans: Vec::new() };
        if crate::portfolio::is_portfolio(root) {
            projects.reload();
        } else {
            projects.worlds.push(Some(World::new(root, today)));
        }
        projects
    }

    /// Whether the server holds a portfolio.
    pub fn is_portfolio(&self) -> bool {
        self.portfolio.is_some()
    }

    /// The folders whose files are watched: the agreement's, or each agreement's of the portfolio.
    pub fn roots(&self) -> Vec<PathBuf> {
        match &self.portfolio {
            Some(p) => p.members.iter().map(|m| m.root.clone()).collect(),
            None => vec![self.root.clone()],
        }
    }

    /// Whether `uri` is `portfolio.yaml` or its departments file: a change to it reads the
    /// portfolio again ([`Projects::reload`]).
    pub fn is_portfolio_file(&self, uri: &Uri) -> bool {
        let (Some(p), Some(path)) = (&self.portfolio, uri::to_path(uri)) else { return false };
        let files = std::iter::once(Path::new(config::FILE)).chain(p.org.as_deref());
        files.map(|f| crate::base::tree::folded(&self.root.join(f))).any(|f| f == crate::base::tree::folded(&path))
    }

    /// The agreement a document is of (its index) and its path there: in a portfolio, of the
    /// agreement whose folder holds it, the deepest (agreements may hold each other's folders).
    pub fn route(&self, uri: &Uri) -> Option<(usize, PathBuf)> {
        match &self.portfolio {
            Some(p) => p.member_of(&uri::to_path(uri)?),
            None => Some((0, self.worlds.first()?.as_ref()?.relative(uri)?)),
        }
    }

    /// The world and path of a document of the agreements held (its agreement's world made when
    /// it has none and `make`).
    fn document_mut(&mut self, uri: &Uri, make: bool) -> Option<(&mut World, PathBuf)> {
        let (i, rel) = self.route(uri)?;
        if make {
            self.ensure(i);
        }
        Some((self.world_mut(i)?, rel))
    }

    /// The editor's text of a document it has open.
    pub fn text_of(&self, uri: &Uri) -> Option<Arc<str>> {
        if let Some(orphan) = self.orphans.iter().find(|o| o.uri == *uri) {
            return Some(Arc::clone(&orphan.text));
        }
        let (i, rel) = self.route(uri)?;
        Some(Arc::clone(&self.world(i)?.open.get(&rel)?.text))
    }

    /// Takes the editor's text of a document it opened (`opened`) or changed; `false` when the
    /// document is of no agreement held.
    pub fn set_text(&mut self, uri: Uri, version: i32, text: String, opened: bool) -> bool {
        if let Some(orphan) = self.orphans.iter_mut().find(|o| o.uri == uri) {
            *orphan = Open { uri, version, text: Arc::from(text) };
            return true;
        }
        let Some((world, rel)) = self.document_mut(&uri, opened) else { return false };
        world.set_text(&rel, uri, version, text);
        true
    }

    /// The editor closed a document.
    pub fn close(&mut self, uri: &Uri) {
        self.orphans.retain(|o| o.uri != *uri);
        if let Some((world, rel)) = self.document_mut(uri, false) {
            world.close(&rel);
        }
    }

    /// Makes agreement `i`'s world when it has none; whether it was made. An agreement read from
    /// Git has none: its files are not on disk as it is read (a working tree may differ).
    pub fn ensure(&mut self, i: usize) -> bool {
        let Some(p) = &self.portfolio else { return false };
        if self.worlds.get(i).is_none_or(Option::is_some) || p.members[i].git.is_some() {
            return false;
        }
        self.worlds[i] = Some(World::new(&p.members[i].root, self.today));
        self.share();
        true
    }

    /// Agreement `i`'s world, when it has one.
    pub fn world(&self, i: usize) -> Option<&World> {
        self.worlds.get(i)?.as_ref()
    }

    /// Agreement `i`'s world, to change it.
    fn world_mut(&mut self, i: usize) -> Option<&mut World> {
        self.worlds.get_mut(i)?.as_mut()
    }

    /// The index of the agreement with this id in the portfolio.
    pub fn member(&self, id: &str) -> Option<usize> {
        self.portfolio.as_ref()?.members.iter().position(|m| m.id == id)
    }

    /// The id in the portfolio of agreement `i`.
    pub fn member_id(&self, i: usize) -> Option<String> {
        Some(self.portfolio.as_ref()?.members.get(i)?.id.clone())
    }

    /// What the agreements of the portfolio publish, as it was last given to the worlds (none
    /// before the first is made).
    pub fn cited_now(&self) -> Option<Arc<Cited>> {
        self.portfolio.as_ref()?.cited.clone()
    }

    /// What the agreements of the portfolio publish, as citations resolve against it (read
    /// where not yet known).
    fn cited(&mut self) -> Option<Arc<Cited>> {
        let p = self.portfolio.as_mut()?;
        if p.cited.is_none() {
            for (i, member) in p.members.iter().enumerate() {
                if p.known[i].is_none() {
                    let published = manifest::manifest(member).published;
                    let releases = published.versions.iter().filter(|v| v.release).cloned().collect();
                    p.known[i] = Some((releases, published));
                }
            }
            let published = p.known.iter().flatten().map(|(_, k)| k.clone()).collect();
            let access = crate::portfolio::access::access(&p.members, p.units.as_deref().unwrap_or_default());
            p.cited = Some(Arc::new(Cited::with_access(published, access)));
        }
        p.cited.clone()
    }

    /// The date things are judged against.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Judges time-dependent things against `today` from now on.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
        self.worlds.iter_mut().flatten().for_each(|w| w.set_today(today));
    }

    /// The language of the server's own words: the agreement's, or the portfolio's.
    pub fn locale(&self) -> Locale {
        match &self.portfolio {
            Some(p) => p.locale,
            None => self.world(0).map_or(Locale::En, World::locale),
        }
    }

    /// Whether something changed since the last check.
    pub fn dirty(&self) -> bool {
        self.worlds.iter().flatten().any(|w| w.dirty) || self.portfolio.as_ref().is_some_and(|p| p.findings.is_some())
    }

    /// Files changed on disk (absolute paths; a folder: everything below it): each agreement's
    /// world takes in its own; an agreement without one is read again when citations need it.
    pub fn disk_changed(&mut self, paths: &[PathBuf]) {
        let mut stale = false;
        for path in paths {
            let Some((i, rel)) = (match &self.portfolio {
                Some(p) => p.member_of(path),
                None => project_file(&self.root, path).map(|rel| (0, rel)),
            }) else {
                continue;
            };
            match (self.worlds.get_mut(i).and_then(Option::as_mut), self.portfolio.as_mut()) {
                (Some(world), _) => world.disk_changed(&[rel]),
                (None, Some(p)) if p.known[i].is_some() => {
                    p.known[i] = None;
                    p.cited = None;
                    stale = true;
                }
                _ => {}
            }
        }
        if stale {
            self.share();
        }
    }

    /// Reads `portfolio.yaml` and its departments file (again): the agreements still listed keep
    /// their worlds; the others' findings are taken back (returned, to send), and their open
    /// documents go to the agreement that now holds them, if any.
    pub fn reload(&mut self) -> Vec<PublishDiagnosticsParams> {
        let read = config::read(&self.root);
        let locale = read.config.as_ref().map_or(Locale::Zh, |c| Locale::of(&c.language));
        let mut members = read.config.map(|c| c.agreements).unwrap_or_default();
        for m in &mut members {
            m.root = crate::base::tree::folded(&std::path::absolute(&m.root).unwrap_or_else(|_| m.root.clone()));
        }
        let mut deepest: Vec<usize> = (0..members.len()).collect();
        deepest.sort_by_key(|&i| std::cmp::Reverse(members[i].root.components().count()));
        let (old, sent) = self.portfolio.take().map(|p| (p.members, p.sent)).unwrap_or_default();
        let mut worlds: Vec<Option<World>> = std::mem::take(&mut self.worlds);
        self.worlds = members
            .iter()
            .map(|m| old.iter().position(|o| o.root == m.root).and_then(|j| worlds.get_mut(j)?.take()))
            .collect();
        self.portfolio = Some(Portfolio {
            locale,
            known: members.iter().map(|_| None).collect(),
            members,
            deepest,
            units: read.units.map(Arc::from),
            org: read.org_file,
            findings: Some(read.diagnostics),
            sent,
            cited: None,
        });
        let mut cleared = Vec::new();
        let mut documents = std::mem::take(&mut self.orphans);
        for mut world in worlds.into_iter().flatten() {
            cleared.extend(world.clear());
            documents.extend(world.open.into_values());
        }
        for open in documents {
            if !self.set_text(open.uri.clone(), open.version, open.text.to_string(), true) {
                self.orphans.push(open);
            }
        }
        if self.worlds.iter().any(Option::is_some) {
            self.share();
        }
        cleared
    }

    /// Gives each world what the portfolio's other agreements publish and the departments.
    fn share(&mut self) {
        let Some(cited) = self.cited() else { return };
        let Some(p) = &self.portfolio else { return };
        for (world, member) in self.worlds.iter_mut().zip(&p.members) {
            if let Some(world) = world {
                let external = External::new(member.id.clone(), Arc::clone(&cited), Default::default());
                world.set_portfolio(Some(Arc::new(external)), p.units.clone());
            }
        }
    }

    /// Checks each agreement whose files (or whose cited agreements) changed, and the
    /// portfolio's files when they were read again: the findings that changed, and the messages
    /// to show. In the verification mode, a cache gone stale is an error: what differed.
    pub fn check(&mut self) -> Result<Checks, String> {
        let mut out = Checks::default();
        if let Some(p) = &mut self.portfolio {
            p.send_findings(&self.root, &mut out);
        }
        // An agreement's check may change what it publishes, and so what the agreements citing
        // it find; theirs never changes what they publish (their text is the same).
        for _ in 0..3 {
            let mut changed = false;
            for i in 0..self.worlds.len() {
                let Some(world) = self.worlds[i].as_mut().filter(|w| w.dirty) else { continue };
                let was_failing = world.failure.clone();
                out.publish.extend(world.check()?);
                if let Some(why) = world.failure.as_ref().filter(|f| Some(*f) != was_failing.as_ref()) {
                    out.messages.push(world.locale().msg(Lsp::CannotCheck { why }));
                }
                if let Some(p) = &mut self.portfolio {
                    changed |= p.took(i, world);
                }
            }
            if !changed {
                break;
            }
            self.share();
        }
        Ok(out)
    }
}

impl Portfolio {
    /// The agreement a file is of, and its path there.
    fn member_of(&self, path: &Path) -> Option<(usize, PathBuf)> {
        let path = crate::base::tree::folded(path);
        self.deepest.iter().find_map(|&i| project_file(&self.members[i].root, &path).map(|rel| (i, rel)))
    }

    /// Takes in what agreement `i` publishes after its world's check; whether that changed.
    fn took(&mut self, i: usize, world: &World) -> bool {
        let (Some(agreement), Some(Some((releases, was)))) =
            (world.checked.as_ref().and_then(|c| c.agreement.as_ref()), self.known.get(i))
        else {
            return false;
        };
        let mut now = manifest::working(&self.members[i].id, agreement, &mut Default::default()).published;
        // The working tree's text is never compared (only a release's is): leaving its digests
        // out spares the others a new key at each keystroke.
        for version in &mut now.versions {
            version.clauses.iter_mut().for_each(|c| c.digest.clear());
            if !releases.is_empty() {
                // As the manifest of a versioned agreement names its working tree.
                (version.name, version.folder) = ("draft".into(), "draft/".into());
            }
        }
        now.versions = releases.iter().cloned().chain(now.versions).collect();
        if *was == now {
            return false;
        }
        self.known[i] = Some((releases.clone(), now));
        self.cited = None;
        true
    }

    /// The portfolio's files' findings, when they were read again: those of each file, and
    /// none for a file that had some.
    fn send_findings(&mut self, root: &Path, out: &mut Checks) {
        let Some(found) = self.findings.take() else { return };
        let errors = found.iter().filter(|d| d.severity == Severity::Error).count();
        if errors > 0 {
            out.messages.push(self.locale.msg(Lsp::PortfolioErrors { errors: &errors }));
        }
        let disk = Disk(root);
        let mut files: Vec<PathBuf> = found.iter().map(|d| d.file.clone()).collect();
        files.sort();
        files.dedup();
        for gone in self.sent.iter().filter(|f| !files.contains(f)) {
            if let Some(uri) = uri::from_path(&root.join(gone)) {
                out.publish.push(PublishDiagnosticsParams::new(uri, Vec::new(), None));
            }
        }
        for file in &files {
            let of_file = found.iter().filter(|d| d.file == *file);
            let converted = crate::report::lsp::diagnostics(file, of_file, &disk, self.locale);
            if let Some(uri) = uri::from_path(&root.join(file)) {
                out.publish.push(PublishDiagnosticsParams::new(uri, converted, None));
            }
        }
        self.sent = files;
    }
}

/// The portfolio's own files, as they are on disk.
struct Disk<'a>(&'a Path);

impl crate::report::lsp::Documents for Disk<'_> {
    fn uri(&self, file: &Path) -> Option<Uri> {
        uri::from_path(&self.0.join(file))
    }

    fn text(&self, file: &Path) -> Option<Arc<str>> {
        std::fs::read_to_string(self.0.join(file)).ok().map(Arc::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_named_without_dots() {
        assert_eq!(crate::base::tree::folded(Path::new("/a/b/./c/../../d")), Path::new("/a/d"));
        assert_eq!(crate::base::tree::folded(Path::new("/a/examples/portfolio/../..")), Path::new("/a"));
        assert_eq!(crate::base::tree::folded(Path::new("../x")), Path::new("../x"));
    }
}
