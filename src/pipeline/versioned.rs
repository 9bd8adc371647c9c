//! A versioned build: every release from Git and the draft checked (a release whose folder the
//! site being replaced keeps is only loaded), rendered into folders of their own with the root
//! pages, and the verification mode that redoes it all without caches.

use std::collections::HashMap;

use super::check::load_release;
use super::{BuildOptions, Built, CheckCache, Checked, PdfSet, Signoff, VersionReport, check_tree, finish};
use crate::base::diagnostic::{Diagnostic, Summary};
use crate::base::model::Agreement;
use crate::base::tree;
use crate::signoff::{self, Record, Role};
use crate::versions::kept;
use crate::{Error, load, output, render, versions};

/// Builds every version into `<out>/<version>/`, the newest release also into `<out>/latest/`, and
/// the root page and clause histories. The draft (or the newest release without one) decides the
/// build; old releases' findings are shown on their pages only.
/// `project` holds the project's themes (and is where findings' snippets are read).
pub(super) fn build_versions(
    options: &BuildOptions,
    discovery: versions::Discovery,
    project: &dyn tree::Tree,
) -> Result<Built, Error> {
    let cache = CheckCache::default();
    let record = signoff_record(options, &discovery, &cache);
    let verify = verify_caches();
    let latest = discovery.versions.iter().rposition(|v| v.kind == versions::Kind::Release).unwrap_or(0);
    let Checks { mut checked, stamps, kept_folders, summaries } =
        check_versions((options, project), &discovery, &cache, record.as_ref(), latest, verify)?;
    let release_findings = record.as_ref().map(|r| release_findings(r, &discovery, &checked)).unwrap_or_default();
    let decider = checked.len() - 1;
    let infos = version_infos(&discovery, &checked);
    let made = Made { checked: &checked, infos: &infos, latest, stamps: &stamps, project };
    if verify {
        let gate_fails = checked[decider].has_errors() || checked[decider].agreement.is_none();
        verify_versions(options, &discovery, &made, &kept_folders, !gate_fails)?;
    }
    checked[decider].add_findings(project, release_findings);
    let gate_fails = checked[decider].has_errors() || checked[decider].agreement.is_none();
    let mut written = None;
    if !gate_fails {
        let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
        let made = Made { checked: &checked, infos: &infos, latest, stamps: &stamps, project };
        let rendered = render_versions(options, &made, Some(&kept_folders), &staging, true).and_then(|warnings| {
            kept_folders.iter().try_for_each(|f| staging.keep(f).map(|_| ())).map_err(render::RenderError::Write)?;
            Ok(warnings)
        });
        written = finish(rendered, staging, project, &mut checked[decider])?;
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

/// Every version checked (or only loaded, where its folder is kept): what a versioned build
/// renders from, and what it keeps.
struct Checks {
    /// Each version's check, oldest first.
    checked: Vec<Checked>,
    /// The stamps of the release folders (and `latest/`), to write into them.
    stamps: Vec<(String, kept::Stamp)>,
    /// The folders the site being replaced has with the same key: kept as they are.
    kept_folders: Vec<String>,
    /// Each release's findings counted (the draft's `None`: counted from its check).
    summaries: Vec<Option<Summary>>,
}

/// Checks each version; a release whose folder the site being replaced has with the same key is
/// only loaded, and its folder kept as it is (checked all the same in the verification mode).
fn check_versions(
    (options, project): (&BuildOptions, &dyn tree::Tree),
    discovery: &versions::Discovery,
    cache: &CheckCache,
    record: Option<&Record>,
    latest: usize,
    verify: bool,
) -> Result<Checks, Error> {
    let mut keys = FolderKeys::new(options, project, discovery, latest);
    let mut made = Checks { checked: Vec::new(), stamps: Vec::new(), kept_folders: Vec::new(), summaries: Vec::new() };
    for (i, v) in discovery.versions.iter().enumerate() {
        let signoff = || version_signoff(record, discovery, i);
        let old = (v.kind == versions::Kind::Release)
            .then(|| kept::Stamp::read(&options.out, &v.name))
            .flatten()
            .filter(|s| s.summary.errors == 0);
        let loaded = match old {
            Some(_) if !verify => load_release(&v.tree, options.today, cache, signoff())?,
            _ => check_tree(&v.tree, options.today, Some(cache), signoff())?,
        };
        let mut loaded = loaded;
        super::cite(&mut loaded, options.external.as_deref(), v.date.unwrap_or(options.today), &v.tree);
        if v.kind == versions::Kind::Draft {
            made.checked.push(loaded);
            made.summaries.push(None);
            continue;
        }
        let k = keys.key(&v.name, i, &loaded);
        // A folder is kept only while it holds exactly the files its stamp lists (none edited by
        // hand, added or removed); the PDFs of a printed folder are printed again anyway.
        let pdfs: &[&str] = if is_printed(options.pdf, &v.name, v.kind, i == latest) { &PDFS } else { &[] };
        let (c, summary) = match old {
            Some(old) if old.key == k && old.intact(&options.out, &v.name, pdfs) => {
                if verify && Summary::of(&loaded.diagnostics) != old.summary {
                    return Err(Error::StaleCache(format!("the findings of the kept release {}", v.name)));
                }
                made.kept_folders.push(v.name.clone());
                (loaded, old.summary)
            }
            Some(_) if !verify => {
                let mut c = check_tree(&v.tree, options.today, Some(cache), signoff())?;
                super::cite(&mut c, options.external.as_deref(), v.date.unwrap_or(options.today), &v.tree);
                let summary = Summary::of(&c.diagnostics);
                (c, summary)
            }
            _ => {
                let summary = Summary::of(&loaded.diagnostics);
                (loaded, summary)
            }
        };
        made.stamps.push((v.name.clone(), kept::Stamp { key: k, summary, files: Vec::new() }));
        made.summaries.push(Some(summary));
        made.checked.push(c);
    }
    if discovery.versions[latest].kind == versions::Kind::Release {
        let k = keys.key("latest", latest, &made.checked[latest]);
        let summary = made.summaries[latest].unwrap_or_default();
        let pdfs: &[&str] = if is_printed(options.pdf, "latest", versions::Kind::Release, true) { &PDFS } else { &[] };
        if kept::Stamp::read(&options.out, "latest")
            .is_some_and(|old| old.key == k && old.intact(&options.out, "latest", pdfs))
        {
            made.kept_folders.push("latest".into());
        }
        made.stamps.push(("latest".into(), kept::Stamp { key: k, summary, files: Vec::new() }));
    }
    Ok(made)
}

/// The keys of release folders: what a release's commit does not say is its sign-off and its
/// theme (each theme's fingerprint taken once).
struct FolderKeys<'a> {
    options: &'a BuildOptions,
    project: &'a dyn tree::Tree,
    discovery: &'a versions::Discovery,
    latest: usize,
    seen: Vec<kept::Seen<'a>>,
    settings: kept::Settings<'a>,
    themes: HashMap<String, u64>,
    /// The records every version reads (`records/`, not versioned): a record added changes what
    /// a release's pages show.
    records: u64,
}

impl<'a> FolderKeys<'a> {
    fn new(
        options: &'a BuildOptions,
        project: &'a dyn tree::Tree,
        discovery: &'a versions::Discovery,
        latest: usize,
    ) -> Self {
        let seen = discovery
            .versions
            .iter()
            .map(|v| kept::Seen { name: &v.name, kind: v.kind, date: v.date, commit: v.commit.as_deref() })
            .collect();
        let settings = kept::Settings {
            today: options.today,
            base_url: options.base_url.as_deref(),
            external: options.external.as_ref().map(|e| e.key()),
        };
        let dir = std::path::Path::new(crate::load::records::DIR);
        let records = discovery.versions.last().map_or(0, |v| {
            crate::base::memo::hash_of(v.tree.entries().filter(|(p, _)| p.starts_with(dir)).collect::<Vec<_>>())
        });
        FolderKeys { options, project, discovery, latest, seen, settings, themes: HashMap::new(), records }
    }

    /// The key of release `i`'s folder `folder` (`latest/` too), checked as `c`.
    fn key(&mut self, folder: &str, i: usize, c: &Checked) -> String {
        let theme = c.agreement.as_ref().map(|a| a.theme.clone()).unwrap_or_default();
        let project = self.project;
        let fingerprint = *self
            .themes
            .entry(theme.clone())
            .or_insert_with(|| render::theme::Theme::load(project, &theme).map_or(0, |t| t.fingerprint()));
        let printed = is_printed(self.options.pdf, folder, self.discovery.versions[i].kind, i == self.latest);
        let signoff = crate::base::memo::hash_of((&c.signoff, fingerprint, self.records));
        kept::key(folder, &self.seen[..=i], &self.settings, printed, signoff)
    }
}

/// Whether each release was approved: said with the version that decides the build, where the
/// sign-off policy is written.
fn release_findings(record: &Record, discovery: &versions::Discovery, checked: &[Checked]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (v, c) in discovery.versions.iter().zip(checked) {
        if let (versions::Kind::Release, Some(agreement), Some(status)) = (v.kind, &c.agreement, &c.signoff) {
            found.extend(signoff::judge::findings(record, agreement, status));
        }
    }
    found
}

/// How the site lists each version: its name, kind, date, commit, clauses and parties.
fn version_infos(discovery: &versions::Discovery, checked: &[Checked]) -> Vec<render::versions::VersionInfo> {
    discovery
        .versions
        .iter()
        .zip(checked)
        .map(|(v, c)| render::versions::VersionInfo {
            name: v.name.clone(),
            kind: v.kind,
            date: v.date,
            commit: v.commit.clone(),
            clauses: c.agreement.iter().flat_map(|a| a.clauses.iter().map(|c| c.id.clone())).collect(),
            parties: c.agreement.iter().flat_map(|a| a.parties.iter().map(|p| p.id.clone())).collect(),
        })
        .collect()
}

/// What a versioned build renders: every version's check, how the site lists them, the newest
/// release, and the stamps of the release folders.
struct Made<'a> {
    checked: &'a [Checked],
    infos: &'a [render::versions::VersionInfo],
    latest: usize,
    stamps: &'a [(String, kept::Stamp)],
    /// The project's files, whose themes render the pages.
    project: &'a dyn tree::Tree,
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
/// approvals; none for an agreement read from Git, which has no working tree.
fn signoff_record(options: &BuildOptions, discovery: &versions::Discovery, cache: &CheckCache) -> Option<Record> {
    if options.git.is_some() {
        return None;
    }
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
        let mut clean = check_tree(&v.tree, options.today, None, version_signoff(record.as_ref(), discovery, i))?;
        super::cite(&mut clean, options.external.as_deref(), v.date.unwrap_or(options.today), &v.tree);
        if clean.diagnostics != kept.diagnostics || clean.suppressed != kept.suppressed {
            return Err(Error::StaleCache(format!("the findings of version {} differ without caches", v.name)));
        }
    }
    if !render {
        return Ok(());
    }
    let (shared, alone) = (crate::base::site::Memory::default(), crate::base::site::Memory::default());
    let rendered = render_versions(options, made, None, &shared, true)
        .and_then(|_| render_versions(options, made, None, &alone, false));
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
    verify_kept_files(&options.out, &alone, render::HISTORY)
}

/// The files of `folder` that a build takes one by one from the site it replaces (those the
/// fresh site's stamp gives the key the old stamp gives them, unchanged since), each compared
/// with the same file made afresh (`fresh`).
fn verify_kept_files(out: &std::path::Path, fresh: &crate::base::site::Site, folder: &str) -> Result<(), Error> {
    let stamp = fresh.get(&format!("{folder}/{}", kept::STAMP)).map(|b| b.contiguous());
    let Some(stamp) = stamp.as_deref().and_then(|b| std::str::from_utf8(b).ok()).and_then(kept::Stamp::parse) else {
        return Ok(());
    };
    let old = kept::reusable(out, folder, &stamp.key);
    for file in stamp.files.iter().filter(|f| f.key.is_some() && old.get(&f.path).is_some_and(|o| o.key == f.key)) {
        let path = format!("{folder}/{}", file.path);
        let made = fresh.get(&path).map(|b| b.contiguous());
        if std::fs::read(out.join(&path)).ok().as_deref() != made.as_deref() {
            return Err(Error::StaleCache(format!(
                "the page {path} kept from the previous site differs from it made afresh"
            )));
        }
    }
    Ok(())
}

/// Renders every version (and `latest/`, and the root pages) into `sink`; with `share`, the
/// versions share the pages and parts that are the same in several of them. With `kept_folders`,
/// those folders are left out (the caller keeps them) and the root's pages that can be are taken
/// from the site being replaced; without, everything is made.
fn render_versions(
    options: &BuildOptions,
    made: &Made<'_>,
    kept_folders: Option<&[String]>,
    sink: &dyn crate::base::site::Sink,
    share: bool,
) -> Result<Vec<Diagnostic>, render::RenderError> {
    // What is kept from the site being replaced: whole folders, and the root's pages that can be.
    let (kept_folders, previous) = (kept_folders.unwrap_or_default(), kept_folders.is_some());
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
            external: options.external.clone(),
        };
        let prefixed = crate::base::site::Prefixed::new(sink, &folder);
        match made.stamps.iter().find(|(f, _)| *f == folder) {
            // A folder a later build may keep: its stamp lists the files written into it.
            Some((_, stamp)) => {
                let recorder = kept::Recorder::new(&prefixed);
                warn(
                    render::render(made.project, agreement, checked[i].findings(), &render_options, &recorder)?
                        .warnings,
                );
                let stamp = kept::Stamp { files: recorder.files(), ..stamp.clone() };
                crate::base::site::Sink::put(&prefixed, kept::STAMP, stamp.text().into_bytes().into())
                    .map_err(render::RenderError::Write)?;
            }
            None => {
                warn(
                    render::render(made.project, agreement, checked[i].findings(), &render_options, &prefixed)?
                        .warnings,
                );
            }
        }
    }
    let agreements: Vec<Option<&Agreement>> = checked.iter().map(|c| c.agreement.as_ref()).collect();
    let root = render::RootInput {
        agreements: &agreements,
        infos,
        latest,
        today: options.today,
        base_url: options.base_url.as_deref(),
        previous: previous.then_some(options.out.as_path()),
    };
    warn(render::render_root(made.project, &root, sink)?);
    Ok(warnings)
}
