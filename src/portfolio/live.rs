//! A portfolio in an editing session (`watch` and `serve` at a portfolio's folder): one
//! [`Session`] per agreement, each rebuilt incrementally as today, their working trees citing
//! each other, and the portal over them, as one site in memory. An edit rebuilds the agreement it
//! is in, the agreements whose links or "cited by" lists it changes, and the portal; the checks
//! across the agreements (the portfolio's own rules, `term-conflict`, `liaison-missing`) run again
//! when what they read changed: an agreement's content or approvals, or the portfolio's `rules/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::Error;
use crate::base::site::{Memory, Sink, Site};
use crate::base::xref::{Cited, External};
use crate::pipeline::Checked;
use crate::pipeline::session::{Rebuilt, Session};

use super::config::{Config, Member, Unit};
use super::entry::Entry;
use super::manifest::{self, Manifest};

mod findings;

use findings::Part;

/// `bytes` to be held by several sites without a copy.
fn shared(bytes: &crate::base::site::Bytes) -> crate::base::site::Bytes {
    match bytes {
        crate::base::site::Bytes::Owned(v) => crate::base::site::Bytes::Shared(Arc::from(v.as_slice())),
        other => other.clone(),
    }
}

/// An agreement's last check, its manifest (from its last build that loaded it) and its entry
/// (when that check built the site).
type Last = (Checked, Option<Manifest>, Option<Entry>);

/// The portfolio in memory.
pub struct PortfolioSession {
    /// The portfolio's folder (holds `portfolio.yaml` and its `rules/`).
    root: PathBuf,
    config: Config,
    /// The departments: `org.yaml`'s, else the agreements' parties (made again when some
    /// agreement's parties change).
    units: Arc<[Unit]>,
    /// Whether `units` is `org.yaml`'s.
    org: bool,
    /// Who may read which agreement: where each one's site sits, and which the portal shows.
    access: crate::base::access::Access,
    /// The portfolio's own files the session was opened with: `portfolio.yaml` and its
    /// departments file (paths in its folder).
    settings: Vec<PathBuf>,
    /// Whether some agreement's parties changed since `units` was made from them.
    units_stale: bool,
    today: NaiveDate,
    sessions: Vec<Session>,
    /// Each agreement's releases from Git, as citations see them (pinned ones are checked against
    /// them); their pages are not built while editing, so they link to the working tree's.
    releases: Vec<Vec<crate::base::xref::PublishedVersion>>,
    /// Each agreement's last check, manifest (from its last build that loaded it) and entry
    /// (when that check built the site).
    last: Vec<Option<Last>>,
    site: Option<Arc<Site>>,
    /// What each agreement's rebuilds since the last site changed and removed (their paths in
    /// its own site): only these are taken into the next site.
    touched: Vec<(Vec<String>, Vec<String>)>,
    /// The portal's own files in the last site, but its search index's.
    portal: Vec<String>,
    /// What the checks across the agreements last found, until what they read changes.
    across: Option<Box<Checked>>,
    /// What the built-in checks across the agreements took of each agreement, until it is
    /// rebuilt, and the departments they took it against.
    pieces: (Vec<Option<super::rules::Piece>>, Arc<[Unit]>),
    /// The agreements rebuilt since the checks across the agreements last looked: what the
    /// built-ins take of them is made again, and their findings stand while it is as it was.
    repiece: Vec<usize>,
    /// Whether the portfolio has rules of its own (which read everything: any edit of an
    /// agreement runs them again), as the checks across the agreements last found.
    with_rules: bool,
    /// The findings of `across`, which no agreement's site shows, as each rebuild hands them on.
    aside: Arc<[crate::base::diagnostic::Diagnostic]>,
    /// Whether kept findings across the agreements are checked against a fresh run, as
    /// [`Session::verify`] checks an agreement's.
    verify: bool,
    /// The portal's search page as last made.
    search_page: super::portal::Page,
    /// The portal's search index, kept between rebuilds.
    search: crate::render::search::SearchIndex,
    /// The portal's pages (all but its search) as last made, while no agreement's entry changed.
    pages: Option<Vec<(String, crate::base::site::Bytes)>>,
    /// The audiences' parts of the portal as last made, while no agreement's entry and no
    /// restricted agreement's index changed.
    audience_parts: Option<Vec<(String, crate::base::site::Bytes)>>,
    /// Whether what citations see of some agreement changed since they were last resolved.
    citations_stale: bool,
    /// Each agreement's own search index as read for the portal's, and the files of it that its
    /// rebuilds changed since (only their shards are read again).
    postings: Vec<(Option<Arc<crate::render::search::Postings>>, std::collections::HashSet<String>)>,
    /// Each agreement's clause digests, for its manifest, while its clause files are unchanged.
    digests: Vec<manifest::Digests>,
    /// Which agreements' folders are gone (moved away or deleted while editing): their last
    /// build is kept, and each is an error until it is back.
    gone: Vec<bool>,
    /// Each agreement's findings as the portfolio shows them, and whether a rebuild of it since
    /// may have changed them; and the departments they were judged against.
    parts: (Vec<(Part, bool)>, Arc<[Unit]>),
    /// Every finding, of the agreements and across them, as last assembled, until some part of
    /// them changes.
    assembled: Option<Part>,
}

impl PortfolioSession {
    /// The portfolio at `root`, or the findings of its files when they leave nothing to build.
    pub fn new(root: &Path, today: NaiveDate) -> Result<PortfolioSession, Box<Checked>> {
        let mut read = super::config::read(root);
        let locale = read
            .config
            .as_ref()
            .map_or(crate::base::catalog::Locale::Zh, |c| crate::base::catalog::Locale::of(&c.language));
        let config = match read.config.take() {
            // Its library's problems are said by the agreements that use it.
            Some(c) if !read.diagnostics.iter().any(|d| d.severity == crate::Severity::Error) => {
                super::Config { library: crate::load::library::of_portfolio(root, locale, &mut Vec::new()), ..c }
            }
            _ => return Err(Box::new(super::aggregate(locale, read.diagnostics, read.sources))),
        };
        let session = |m: &Member| match &m.git {
            Some(git) => Session::of_git(git, today, None),
            None => Session::new(&m.root, today, None),
        };
        let sessions = config.agreements.iter().map(session).collect();
        let last = config.agreements.iter().map(|_| None).collect();
        let org = read.units.is_some();
        let settings = std::iter::once(PathBuf::from(super::config::FILE)).chain(read.org_file.take()).collect();
        let manifests: Vec<Manifest> = config.agreements.par_iter().map(manifest::manifest).collect();
        // The departments `visibility:` may name: the departments file's, else the parties'.
        let named = match &read.units {
            Some(units) => units.clone(),
            None => super::units::from_parties(manifests.iter().flat_map(|m| m.parties.iter().cloned())),
        };
        let unknown = super::access::unknown(&config, &named, locale);
        if !unknown.is_empty() {
            read.diagnostics.extend(unknown);
            return Err(Box::new(super::aggregate(locale, read.diagnostics, read.sources)));
        }
        let access = super::access::access(&config.agreements, read.units.as_deref().unwrap_or_default());
        let units = read.units.unwrap_or_default().into();
        let releases = manifests
            .into_iter()
            .map(|m| {
                let versions = m.published.versions.into_iter().filter(|v| v.release);
                versions.map(|v| crate::base::xref::PublishedVersion { folder: String::new(), ..v }).collect()
            })
            .collect();
        let touched = config.agreements.iter().map(|_| Default::default()).collect();
        let config_len = config.agreements.len();
        Ok(PortfolioSession {
            root: root.to_path_buf(),
            config,
            units,
            org,
            settings,
            access,
            units_stale: true,
            today,
            sessions,
            releases,
            last,
            site: None,
            touched,
            portal: Vec::new(),
            across: None,
            aside: Default::default(),
            pieces: (vec![None; config_len], Arc::from([])),
            repiece: Vec::new(),
            with_rules: true,
            verify: std::env::var_os(crate::pipeline::session::VERIFY_CACHES)
                .is_some_and(|v| !v.is_empty() && v != "0"),
            search: Default::default(),
            search_page: Default::default(),
            pages: None,
            audience_parts: None,
            citations_stale: true,
            postings: vec![(None, Default::default()); config_len],
            digests: (0..config_len).map(|_| manifest::Digests::default()).collect(),
            gone: vec![false; config_len],
            parts: ((0..config_len).map(|_| (Part::default(), true)).collect(), Arc::from([])),
            assembled: None,
        })
    }

    /// What to watch: the agreements' folders, in `portfolio.yaml`'s order, then the portfolio's
    /// own (for its `rules/`).
    pub fn roots(&self) -> Vec<PathBuf> {
        let agreements = self.config.agreements.iter().map(|m| m.root.clone());
        agreements.chain([self.root.clone()]).collect()
    }

    /// The portfolio's own files (`portfolio.yaml` and its departments file), in its folder (the
    /// last of [`PortfolioSession::roots`]): an edit of one opens the portfolio again.
    pub fn settings(&self) -> &[PathBuf] {
        &self.settings
    }

    /// Whether `changed` (paths with their index in [`PortfolioSession::roots`]) touch
    /// [`PortfolioSession::settings`] or the library the portfolio lends (which every agreement
    /// that uses it reads, and the portal shows).
    pub fn settings_changed(&self, changed: &[(usize, PathBuf)]) -> bool {
        let own = self.config.agreements.len();
        let library = std::path::Path::new(crate::load::library::DIR);
        changed.iter().any(|(i, p)| *i == own && (self.settings.contains(p) || p.starts_with(library)))
    }

    /// The site of the last rebuild that made one.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    /// A changed path (with its index in [`PortfolioSession::roots`], relative to that folder) as
    /// a person reads it: from the portfolio's folder.
    pub fn shown(&self, i: usize, rel: &Path) -> PathBuf {
        self.config.agreements.get(i).map_or_else(|| rel.to_path_buf(), |m| m.path.join(rel))
    }

    /// Takes in changed paths (each with its index in [`PortfolioSession::roots`], relative to
    /// that folder; none: everything) and rebuilds what they touch.
    pub fn rebuild(&mut self, changed: &[(usize, PathBuf)]) -> Result<Rebuilt, Error> {
        let started = Instant::now();
        let first = self.site.is_none() || changed.is_empty();
        // What the portfolio's rules read: the agreements (their content and approvals), and the
        // rules themselves. (The built-in checks read what they take of each agreement rebuilt.)
        let read = |(i, p): &(usize, PathBuf)| match self.config.agreements.get(*i) {
            Some(_) => self.with_rules && ["content", "approvals"].iter().any(|d| p.starts_with(d)),
            None => p.starts_with(crate::check::rules::RULES),
        };
        if first || changed.iter().any(read) {
            self.across = None;
        }
        for i in 0..self.sessions.len() {
            let paths: Vec<PathBuf> = changed.iter().filter(|(j, _)| *j == i).map(|(_, p)| p.clone()).collect();
            if !first && paths.is_empty() {
                continue;
            }
            let member = &self.config.agreements[i];
            let was_gone = std::mem::replace(&mut self.gone[i], member.git.is_none() && !member.root.is_dir());
            if was_gone != self.gone[i] {
                self.assembled = None;
                self.parts.0[i].1 = true;
            }
            if self.gone[i] {
                continue;
            }
            // Back, or its folder itself changed: every folder of it read again.
            let paths = match was_gone || paths.iter().any(|p| p.as_os_str().is_empty()) {
                true => crate::base::tree::FOLDERS.iter().map(|f| PathBuf::from(f.name)).collect(),
                false => paths,
            };
            self.across = self.across.take().filter(|_| !was_gone);
            let rebuilt = self.sessions[i].rebuild(if first { &[] } else { &paths })?;
            self.keep(i, rebuilt);
        }
        // Citations between the working trees, when what they see of an agreement changed: an
        // agreement whose links or "cited by" list changed is rendered again.
        if std::mem::take(&mut self.citations_stale) || first {
            self.cite_again()?;
        }
        let units = self.units();
        self.check_across(&units)?;
        Ok(self.assemble(started, &units))
    }

    /// The departments: `org.yaml`'s, or the agreements' parties (made again only when some
    /// agreement's parties changed).
    fn units(&mut self) -> Arc<[Unit]> {
        if !self.org && std::mem::take(&mut self.units_stale) {
            let manifests = self.last.iter().flatten().filter_map(|(_, m, _)| m.as_ref());
            let units = super::units::from_parties(manifests.flat_map(|m| m.parties.iter().cloned()));
            if *self.units != *units {
                self.units = units.into();
            }
        }
        Arc::clone(&self.units)
    }

    /// Runs the checks across the agreements, as `check` does, unless what they read is as when
    /// they last ran (in the verification mode, runs them anyway and fails with
    /// [`Error::StaleCache`] when the kept findings differ).
    fn check_across(&mut self, units: &Arc<[Unit]>) -> Result<(), Error> {
        let mut across = super::rules::Across::new(&self.root, None, &self.config);
        if !Arc::ptr_eq(&self.pieces.1, units) {
            self.pieces = (vec![None; self.last.len()], Arc::clone(units));
            self.across = None;
        }
        for i in std::mem::take(&mut self.repiece) {
            let piece = match &self.last[i] {
                Some((Checked { agreement: Some(agreement), .. }, _, _)) => {
                    Some(across.piece(&self.config.agreements[i], agreement, units))
                }
                _ => None,
            };
            if piece.is_none() || piece != self.pieces.0[i] {
                self.across = None;
            }
            self.pieces.0[i] = piece;
        }
        if self.across.is_some() && !self.verify {
            return Ok(());
        }
        self.with_rules = across.with_rules();
        let l = crate::base::catalog::Locale::of(&self.config.language);
        let mut found = super::aggregate(l, Vec::new(), Default::default());
        let mut seen = Vec::new();
        for ((member, last), kept) in self.config.agreements.iter().zip(&self.last).zip(&mut self.pieces.0) {
            let Some((Checked { agreement: Some(agreement), signoff, .. }, _, _)) = last else { continue };
            let piece = match kept.take() {
                Some(piece) if !self.verify => piece,
                old => {
                    let piece = across.piece(member, agreement, units);
                    if old.is_some_and(|old| old != piece) {
                        let message = format!("what the checks across agreements kept of {} is stale", member.id);
                        return Err(Error::StaleCache(message));
                    }
                    piece
                }
            };
            across.take(piece.clone());
            *kept = Some(piece);
            seen.push((member, agreement, signoff.as_ref()));
        }
        across.finish_over(&seen, &mut found, (&self.root, &self.root), (&self.config, units), self.today);
        if let Some(kept) = &self.across
            && (kept.diagnostics != found.diagnostics || kept.printed != found.printed)
        {
            let message = "the findings across the agreements differ from a fresh run's".to_string();
            return Err(Error::StaleCache(message));
        }
        // Sorted once: the findings they join are sorted again at each rebuild, cheaply so.
        found.diagnostics.sort();
        self.aside = found.diagnostics.clone().into();
        self.across = Some(Box::new(found));
        self.assembled = None;
        Ok(())
    }

    /// Resolves the citations between the working trees again, and renders again each agreement
    /// whose links or "cited by" list changed.
    fn cite_again(&mut self) -> Result<(), Error> {
        let published = self.last.iter().flatten().filter_map(|(_, m, _)| m.as_ref()).map(|m| m.published.clone());
        let cited = Arc::new(Cited::with_access(published.collect(), self.access.clone()));
        let lang = crate::base::lang::Lang::new(&self.config.language);
        let mut cited_by = manifest::cited_by(&cited, self.today, lang);
        for i in 0..self.sessions.len() {
            let member = &self.config.agreements[i];
            let cited_by = cited_by.remove(&member.id).unwrap_or_default();
            let external = External::new(member.id.clone(), Arc::clone(&cited), cited_by);
            if self.sessions[i].external().map(External::key) != Some(external.key()) {
                self.sessions[i].set_external(Some(Arc::new(external)));
                let rebuilt = self.sessions[i].refresh()?;
                self.keep(i, rebuilt);
            }
        }
        Ok(())
    }

    /// Keeps what agreement `i`'s rebuild found, and its manifest and entry when it built.
    fn keep(&mut self, i: usize, rebuilt: Rebuilt) {
        if rebuilt.site.is_some() {
            // The shards of the agreement's own index, which the portal's merges.
            let search = rebuilt.changed.iter().chain(&rebuilt.removed).filter(|p| p.starts_with("search/"));
            self.postings[i].1.extend(search.cloned());
            self.touched[i].0.extend(rebuilt.changed.iter().cloned());
            self.touched[i].1.extend(rebuilt.removed.iter().cloned());
        }
        let id = &self.config.agreements[i].id;
        let manifest = rebuilt.checked.agreement.as_ref().map(|a| {
            let mut m = manifest::working(id, a, &mut self.digests[i]);
            let releases = self.releases[i].iter().cloned();
            m.published.versions = releases.chain(m.published.versions).collect();
            m
        });
        self.repiece.push(i);
        self.parts.0[i].1 = true;
        let (previous, previous_entry) = self.last[i].take().map(|(_, m, e)| (m, e)).unwrap_or_default();
        let same = match (&manifest, &previous) {
            (Some(a), Some(b)) => a.published.same_for_citations(&b.published),
            _ => false,
        };
        if !same {
            self.citations_stale = true;
        }
        if manifest.as_ref().is_some_and(|m| previous.as_ref().is_none_or(|p| p.parties != m.parties)) {
            self.units_stale = true;
        }
        let manifest = manifest.or(previous);
        let entry = match (&manifest, &rebuilt.site) {
            (Some(m), Some(_)) => {
                let site = self.access.folder(&self.config.agreements[i].id);
                Some(super::entry::entry_of(m, (&rebuilt.checked, &[]), self.today, (&site, None)))
            }
            _ => None,
        };
        // The portal's pages show the entries: made again when this one is not as it was.
        if !entry.as_ref().zip(previous_entry.as_ref()).is_some_and(|(a, b)| a.shown_alike(b)) {
            self.pages = None;
            self.search_page.entries_changed();
        }
        self.last[i] = Some((rebuilt.checked, manifest, entry));
    }

    /// The findings of every agreement and across them, and the site when every agreement built
    /// and nothing is an error.
    fn assemble(&mut self, started: Instant, units: &Arc<[Unit]>) -> Rebuilt {
        let l = crate::base::catalog::Locale::of(&self.config.language);
        let mut out = super::aggregate(l, Vec::new(), Default::default());
        self.findings(units).add_to(&mut out);
        let aside = match &self.across {
            Some(_) => Arc::clone(&self.aside),
            None => Default::default(),
        };
        // The findings across the agreements are handed on beside the agreements' (a copy of
        // each, at each keystroke, is what the portfolio's findings cost), but for a report.
        let failed = |mut checked: Checked| Rebuilt {
            checked: {
                checked.diagnostics.extend(aside.iter().cloned());
                checked.diagnostics.sort();
                checked
            },
            site: None,
            changed: Vec::new(),
            removed: Vec::new(),
            elapsed: started.elapsed(),
            aside: Default::default(),
        };
        let entries: Vec<&Entry> = self.last.iter().flatten().filter_map(|(_, _, e)| e.as_ref()).collect();
        let errors = aside.iter().any(|d| d.severity == crate::Severity::Error);
        if entries.len() < self.sessions.len() || out.has_errors() || errors {
            return failed(out);
        }
        // The agreements' own indexes, read again where a rebuild changed them: a restricted
        // one's makes its audience's part again.
        let mut restricted_changed = false;
        for ((kept, changed), (session, member)) in
            self.postings.iter_mut().zip(self.sessions.iter().zip(&self.config.agreements))
        {
            if kept.is_none() || !changed.is_empty() {
                restricted_changed |= self.access.audience(&member.id).is_some();
                let site = session.site();
                let read = |path: &str| String::from_utf8(site.as_ref()?.get(path)?.contiguous().into_owned()).ok();
                let since = |path: &str| changed.contains(path);
                let before = kept.as_deref().map(|k| (k, &since as crate::render::search::Since<'_>));
                *kept = crate::render::search::Postings::read(&read, before).map(Arc::new);
                changed.clear();
            }
        }
        if restricted_changed || self.pages.is_none() {
            self.audience_parts = None;
        }
        // The portal shows the agreements everyone may read; each audience has its part.
        let by = super::portal::audiences(&self.access, &entries);
        let public: Vec<&Entry> = entries.iter().copied().filter(|e| self.access.audience(&e.id).is_none()).collect();
        let portal = super::portal::Portal::new(&self.config, units, &public, &self.access).with_parts(&by);
        // The audiences' parts, made again only when an agreement's entry or a restricted
        // agreement's index changed; the portal's pages, only when an entry changed.
        if self.audience_parts.is_none() {
            let made = Memory::default();
            for (dir, members) in &by {
                let postings = members.iter().map(|e| {
                    let i = self.config.agreements.iter().position(|m| m.id == e.id)?;
                    self.postings[i].0.clone()
                });
                let Some(postings): Option<Vec<Arc<_>>> = postings.collect() else { return failed(out) };
                let part = super::portal::Portal::new(&self.config, units, members, &self.access);
                if part.part(&made, dir, super::portal::Indexes::Given(&postings)).is_err() {
                    return failed(out);
                }
            }
            self.audience_parts = Some(made.into_site().files().map(|(p, b)| (p.to_string(), shared(b))).collect());
        }
        if self.pages.is_none() {
            let made = Memory::default();
            if portal.pages(&made).is_err() {
                return failed(out);
            }
            self.pages = Some(made.into_site().files().map(|(p, b)| (p.to_string(), shared(b))).collect());
        }
        let sink = Memory::default();
        for (path, bytes) in self.pages.iter().chain(&self.audience_parts).flatten() {
            let _ = sink.put(path, bytes.clone());
        }
        let members = self.config.agreements.iter().zip(&self.postings);
        let parts = members.filter(|(m, _)| self.access.audience(&m.id).is_none()).map(|(_, (p, _))| p.clone());
        let Some(parts) = parts.collect::<Option<Vec<_>>>() else {
            return failed(out);
        };
        let mut gone = None;
        let kept = super::portal::Indexes::Kept(&mut self.search, &parts, &mut self.search_page, &mut gone);
        if portal.search(&sink, kept).is_err() {
            // What the index took in may be of a file that could not be read: made afresh next.
            self.search = Default::default();
            return failed(out);
        }
        let (site, changed, removed) = self.compose(sink.into_site(), gone);
        Rebuilt { checked: out, site: Some(site), changed, removed, elapsed: started.elapsed(), aside }
    }

    /// The site: the last one with what the agreements' rebuilds changed and the new `portal`
    /// taken in (the whole, the first time), each file's bytes shared rather than copied; and
    /// which files changed and which are gone. The portal's search index holds only the files
    /// that changed, and those `gone` are gone (`None`: it holds every file).
    fn compose(&mut self, portal: Site, gone: Option<Vec<String>>) -> (Arc<Site>, Vec<String>, Vec<String>) {
        let (mut changed, mut removed) = (Vec::new(), Vec::new());
        let first = self.site.is_none();
        let mut site = self.site.as_deref().cloned().unwrap_or_default();
        for (i, (member, session)) in self.config.agreements.iter().zip(&self.sessions).enumerate() {
            let (touched, gone) = std::mem::take(&mut self.touched[i]);
            let Some(own) = session.site() else { continue };
            let folder = self.access.folder(&member.id);
            if first {
                // Each agreement's folder is a site of clausebook's own, as `build` writes it,
                // so that a later `build` may replace it.
                let marker = format!("{folder}/{}", crate::base::site::MARKER);
                site.add(marker.clone(), crate::output::MARKER_TEXT.as_bytes().to_vec());
                changed.push(marker);
            }
            let paths: Vec<String> = if first { own.files().map(|(p, _)| p.to_string()).collect() } else { touched };
            for path in paths {
                if let Some(bytes) = own.get(&path) {
                    let full = format!("{folder}/{path}");
                    site.add(full.clone(), shared(bytes));
                    changed.push(full);
                }
            }
            for path in gone {
                let full = format!("{folder}/{path}");
                if site.remove(&full).is_some() {
                    removed.push(full);
                }
            }
        }
        let index = |p: &str| p.starts_with(crate::render::search::DIR);
        let now: Vec<String> = portal.files().map(|(p, _)| p.to_string()).filter(|p| !index(p)).collect();
        let gone = match gone {
            Some(gone) => gone,
            None => site
                .files()
                .map(|(p, _)| p)
                .filter(|p| index(p) && portal.get(p).is_none())
                .map(str::to_string)
                .collect(),
        };
        for path in std::mem::take(&mut self.portal).into_iter().filter(|p| portal.get(p).is_none()).chain(gone) {
            if site.remove(&path).is_some() {
                removed.push(path);
            }
        }
        for (path, bytes) in portal.files() {
            if site.get(path) != Some(bytes) {
                site.add(path.to_string(), shared(bytes));
                changed.push(path.to_string());
            }
        }
        self.portal = now;
        changed.sort();
        changed.dedup();
        let site = Arc::new(site);
        self.site = Some(Arc::clone(&site));
        (site, changed, removed)
    }

    /// The agreements, as `portfolio.yaml` lists them.
    pub fn members(&self) -> &[Member] {
        &self.config.agreements
    }
}
