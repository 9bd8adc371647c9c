//! A portfolio: the company's agreements between its departments, kept each in its own folder
//! (or Git repository) and named in one `portfolio.yaml`, built into one portal.
//!
//! It runs one pipeline per agreement, unchanged, and adds what only the whole can know: which
//! department each party is (`org.yaml`), citations between agreements (checked against what the
//! cited agreement publishes: [`manifest`]), and the portal's own pages ([`portal`]: every
//! agreement, and each department's duties, obligations and approvals across them). Nothing below
//! this module learns that there is more than one agreement: an agreement's build is only given
//! the other agreements' manifests, as [`crate::base::xref::External`].

pub mod access;
pub mod bundle;
pub mod config;
pub mod entry;
pub mod live;
pub mod manifest;
mod portal;
pub mod rules;
pub mod share;
pub mod units;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::base::catalog::Locale;
use crate::base::diagnostic::{Diagnostic, Severity, SourceMap, Span};
use crate::base::xref::{Cited, External};
use crate::pipeline::{Built, Checked};
use crate::{Error, output};

pub use config::{Config, Member, Unit, is_portfolio};

/// Agreements per thread that a build holds in memory at a time.
const AT_A_TIME: usize = 4;

/// Options of a portfolio's build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The portfolio's folder (holds `portfolio.yaml`).
    pub root: PathBuf,
    /// The site's folder: the portal, and each agreement's site in a folder named by its id.
    pub out: PathBuf,
    /// The date things are judged against.
    pub today: NaiveDate,
    /// Overrides `base_url` of `portfolio.yaml`.
    pub base_url: Option<String>,
}

/// What a portfolio's check or build found.
#[derive(Debug)]
pub struct Outcome {
    /// Every finding of the portfolio's files and of every agreement (their files named from the
    /// portfolio's folder), as one check.
    pub checked: Checked,
    /// How many files were written, when the site was written.
    pub written: Option<usize>,
}

/// Everything known before any agreement is checked: the portfolio's files, each agreement's
/// manifest, and the departments.
struct Known {
    read: config::Read,
    config: Config,
    manifests: Vec<manifest::Manifest>,
    cited: Arc<Cited>,
    /// Who cites each agreement's clauses.
    cited_by: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<crate::base::xref::Citer>>>,
    units: Vec<Unit>,
    /// Each agreement's working tree as its manifest read it, until its build takes it.
    trees: Vec<std::sync::Mutex<Option<crate::pipeline::ReadAhead>>>,
    /// The problems of the library's files (each agreement that uses it says them too, named
    /// alike: one finding once sorted and deduplicated).
    library: Vec<Diagnostic>,
}

/// How many clauses of the agreements' working trees, as their manifests read them, a build holds
/// until it builds them (the agreements past it are read again): a build holds one agreement at a
/// time, not all.
const READ_AHEAD_CLAUSES: usize = 20_000;

impl Known {
    /// Reads the portfolio at `root` and each of its agreements' manifests (holding their working
    /// trees as read for their builds, up to [`READ_AHEAD_CLAUSES`], with `building`); `Err` with
    /// the findings when the portfolio's files leave nothing to build.
    fn read(root: &Path, today: NaiveDate, building: bool) -> Result<Known, Box<Checked>> {
        let mut read = config::read(root);
        let locale = read.config.as_ref().map_or(Locale::Zh, |c| Locale::of(&c.language));
        let config = match read.config.take() {
            Some(config) if !read.diagnostics.iter().any(|d| d.severity == Severity::Error) => config,
            _ => return Err(Box::new(aggregate(locale, std::mem::take(&mut read.diagnostics), read.sources))),
        };
        let mut library = Vec::new();
        let config = Config { library: crate::load::library::of_portfolio(root, locale, &mut library), ..config };
        // In parallel: each loads its agreement (every version), and drops it once read.
        let left = std::sync::atomic::AtomicUsize::new(if building { READ_AHEAD_CLAUSES } else { 0 });
        let keep = |n: usize| {
            let take = |left: usize| left.checked_sub(n);
            left.fetch_update(std::sync::atomic::Ordering::Relaxed, std::sync::atomic::Ordering::Relaxed, take).is_ok()
        };
        let (manifests, trees): (Vec<manifest::Manifest>, Vec<_>) = config
            .agreements
            .par_iter()
            .map(|m| manifest::manifest_reading(m, &keep))
            .map(|(m, r)| (m, std::sync::Mutex::new(r)))
            .unzip();
        let units = match read.units.take() {
            Some(units) => units,
            None => units::from_parties(manifests.iter().flat_map(|m| m.parties.iter().cloned())),
        };
        let unknown = access::unknown(&config, &units, locale);
        if !unknown.is_empty() {
            read.diagnostics.extend(unknown);
            return Err(Box::new(aggregate(locale, std::mem::take(&mut read.diagnostics), read.sources)));
        }
        let published = manifests.iter().map(|m| m.published.clone()).collect();
        let cited = Arc::new(Cited::with_access(published, access::access(&config.agreements, &units)));
        let parties = manifests.iter().map(|m| m.parties.as_slice());
        read.diagnostics.extend(access::parties_outside(&config.agreements, parties, &cited.access, locale));
        let cited_by = manifest::cited_by(&cited, today, crate::base::lang::Lang::new(&config.language));
        Ok(Known { read, config, manifests, cited, cited_by, units, trees, library })
    }

    fn locale(&self) -> Locale {
        Locale::of(&self.config.language)
    }

    /// What agreement `id`'s site links to and is cited by: the way from it to the other
    /// agreements' sites, and their citations of its clauses.
    fn external(&self, id: &str) -> Arc<External> {
        let cited_by = self.cited_by.get(id).cloned().unwrap_or_default();
        Arc::new(External::new(id.to_string(), Arc::clone(&self.cited), cited_by))
    }

    /// The findings of the portfolio's own files, to which each agreement's are added.
    fn start(&mut self) -> Checked {
        aggregate(self.locale(), std::mem::take(&mut self.read.diagnostics), std::mem::take(&mut self.read.sources))
    }

    /// Builds `member` into `into` (its site, as `clausebook build` does, its citations linked),
    /// its findings and the departments' added to `out`; the build, when it wrote the site.
    fn build_one(
        &self,
        member: &Member,
        into: PathBuf,
        today: NaiveDate,
        base_url: Option<&str>,
        out: &mut Checked,
    ) -> Result<Option<Built>, Error> {
        let built = self.build_agreement(member, into, today, base_url)?;
        let (built, ok) = self.settle(member, built, out);
        Ok(ok.then_some(built))
    }

    /// Builds `member` into `into`, as `clausebook build` does, its citations linked.
    fn build_agreement(
        &self,
        member: &Member,
        into: PathBuf,
        today: NaiveDate,
        base_url: Option<&str>,
    ) -> Result<Built, Error> {
        let mut options = bundle::agreement_options(member, into, today, base_url, self.external(&member.id));
        let at = self.config.agreements.iter().position(|m| m.id == member.id);
        let read = at.and_then(|i| self.trees[i].lock().unwrap_or_else(std::sync::PoisonError::into_inner).take());
        options.read = read.map(Arc::new);
        crate::pipeline::build(&options)
    }

    /// Adds what `member`'s build found, and the departments' findings about its parties, to
    /// `out`; the build, and whether it wrote the site and its parties are departments.
    fn settle(&self, member: &Member, built: Built, out: &mut Checked) -> (Built, bool) {
        let unit_errors = self.unit_findings(&built.checked);
        let failed = built.written.is_none() || unit_errors.iter().any(|d| d.severity == Severity::Error);
        let notes: Vec<Diagnostic> = built.notes.iter().cloned().chain(unit_errors).collect();
        merge(out, member, &built.checked, &notes);
        (built, !failed)
    }

    /// The departments' findings about `member`'s parties (its working tree's), when the
    /// portfolio has a departments file.
    fn unit_findings(&self, checked: &Checked) -> Vec<Diagnostic> {
        match (&self.read.org_file, &checked.agreement) {
            (Some(_), Some(agreement)) => units::unknown(agreement, &self.units),
            _ => Vec::new(),
        }
    }
}

/// The language of the portfolio at `root`'s messages (Chinese, unless `portfolio.yaml` says
/// otherwise).
pub fn locale(root: &Path) -> Locale {
    config::read(root).config.map_or(Locale::Zh, |c| Locale::of(&c.language))
}

/// Adds `found`, the problems of the files of the library the portfolio at `root` lends, with
/// their texts for snippets.
fn library_findings(out: &mut Checked, root: &Path, found: &[Diagnostic]) {
    for d in found {
        // Never through a link: a snippet would print what it points at.
        let read = crate::base::tree::read_project_file(root, &d.file, crate::base::tree::MOST_FILE_BYTES);
        if let Ok(text) = read.map(|b| String::from_utf8_lossy(&b).into_owned()) {
            out.sources.insert(d.file.clone(), text);
        }
    }
    out.diagnostics.extend(found.iter().cloned());
}

/// A check that holds findings of several projects.
fn aggregate(locale: Locale, diagnostics: Vec<Diagnostic>, sources: SourceMap) -> Checked {
    Checked {
        agreement: None,
        diagnostics,
        sources,
        rules: Vec::new(),
        suppressed: Vec::new(),
        printed: Vec::new(),
        locale,
        signoff: None,
        record: None,
        counted: 0,
    }
}

/// Adds `checked`'s findings (of the agreement at `member.path`) to `into`, their files named
/// from the portfolio's folder.
fn merge(into: &mut Checked, member: &Member, checked: &Checked, more: &[Diagnostic]) {
    into.counted += checked.agreement.as_ref().map_or(checked.counted, |a| a.clauses.len());
    // A finding in the library the portfolio lends (`../../library/…`) is named from the
    // portfolio's folder, as every agreement that uses it names it: one finding.
    let place = |file: &Path| crate::base::tree::folded(&member.path.join(file));
    for d in checked.diagnostics.iter().chain(more) {
        let mut d = d.clone();
        d.file = place(&d.file);
        for r in &mut d.related {
            r.file = place(&r.file);
        }
        into.diagnostics.push(d);
    }
    // The texts of the files findings point into, for their snippets: not every file's (an
    // editing session merges every agreement's findings on each edit).
    let shown: std::collections::HashSet<&Path> = checked
        .diagnostics
        .iter()
        .chain(more)
        .flat_map(|d| std::iter::once(d.file.as_path()).chain(d.related.iter().map(|r| r.file.as_path())))
        .collect();
    for file in shown {
        if let Some(text) = checked.sources.shared(file) {
            into.sources.insert(place(file), text);
        }
    }
    if !more.is_empty() {
        let index = Path::new(crate::load::CONTENT).join("_index.md");
        if let Ok(bytes) = member.files().read(&index) {
            into.sources.insert(place(&index), String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    into.printed.extend(checked.printed.iter().cloned().map(|mut p| {
        p.file = place(&p.file);
        p
    }));
}

/// Checks the portfolio at `root`: its files, each agreement (as `clausebook check` does), the
/// departments of their parties and their citations of each other, and its own checks ([`rules`]).
pub fn check(root: &Path, today: NaiveDate) -> Result<Outcome, Error> {
    check_with(root, (root, None), today)
}

/// [`check`], with the portfolio's rules read from the `rules/` of the folder `rules` (`only`
/// the rule `only`, when given, as `clausebook test` runs a fixture).
pub fn check_with(root: &Path, (rules, only): (&Path, Option<&str>), today: NaiveDate) -> Result<Outcome, Error> {
    let mut known = match Known::read(root, today, false) {
        Ok(known) => known,
        Err(checked) => return Ok(Outcome { checked: *checked, written: None }),
    };
    let (mut out, mut across) = (known.start(), rules::Across::new(rules, only, &known.config));
    for member in &known.config.agreements {
        let mut checked = crate::pipeline::check_agreement(&member.root, member.git.as_deref(), member.tags(), today)?;
        if let Some(agreement) = &checked.agreement {
            let found = crate::check::citations::citations(agreement, Some((&known.cited, &member.id)), today);
            checked.diagnostics.retain(|d| d.rule != crate::check::citations::ALONE);
            checked.add_findings(&*member.files(), found);
        }
        merge(&mut out, member, &checked, &known.unit_findings(&checked));
        across.add(member, &mut checked, &known.units);
    }
    across.finish(&mut out, (root, rules), (&known.config, &known.units), today);
    library_findings(&mut out, root, &known.library);
    out.diagnostics.sort();
    out.diagnostics.dedup();
    Ok(Outcome { checked: out, written: None })
}

/// The web server's rules that protect the restricted agreements of the portfolio at `root`
/// ([`access::server_rules`]), for the site published at `base_url` (else `portfolio.yaml`'s,
/// else the server's root), with the findings of the portfolio's files; no rules when they hold
/// errors. `Err`: a path of `base_url` the rules cannot match (of `portfolio.yaml`'s: an error at
/// its line).
pub fn access_rules(
    root: &Path,
    server: access::Server,
    base_url: Option<&str>,
    today: NaiveDate,
) -> Result<(Checked, Option<String>), String> {
    let mut known = match Known::read(root, today, false) {
        Ok(known) => known,
        Err(checked) => return Ok((*checked, None)),
    };
    let mut checked = known.start();
    let settings = &known.config.access;
    if let (access::Server::Apache, config::Check::AuthRequest(_)) = (server, &settings.check) {
        let message = known.locale().msg(crate::base::catalog::Visibility::ApacheAuthRequest);
        checked.diagnostics.push(Diagnostic::error(config::CODE, config::FILE, settings.span, message));
        return Ok((checked, None));
    }
    let url = base_url.map(str::to_string).or_else(|| known.config.base_url.clone()).unwrap_or_default();
    // The address's path: after the scheme and host, when there are.
    let path = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    match access::server_rules(&known.cited.access, settings, path, server, known.locale()) {
        Ok(rules) => Ok((checked, Some(rules))),
        // The path of `portfolio.yaml`'s `base_url`: an error at its line.
        Err(message) if base_url.is_none() => {
            let span = known.config.front.get("base_url").map_or(Span::start(), |e| e.value.span);
            checked.diagnostics.push(Diagnostic::error(config::CODE, config::FILE, span, message));
            Ok((checked, None))
        }
        Err(message) => Err(message),
    }
}

/// Builds the portfolio: each agreement's site (every release and the draft, as `clausebook
/// build` does) in a folder named by its id, its citations linked to the other agreements, then
/// the portal's pages. The site is replaced only when no agreement has errors.
pub fn build(options: &Options) -> Result<Outcome, Error> {
    output::recover(&options.out);
    let mut known = match Known::read(&options.root, options.today, true) {
        Ok(known) => known,
        Err(checked) => return Ok(Outcome { checked: *checked, written: None }),
    };
    let mut out = known.start();
    let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
    let base_url = options.base_url.clone().or_else(|| known.config.base_url.clone());
    // A few agreements per thread held in memory at a time: each is built, and what the portal
    // needs of it made, in parallel, then taken in order, before the next ones (a small
    // agreement's build leaves threads idle that the others' fill).
    let (mut entries, mut files) = (Vec::new(), 0);
    let mut across = rules::Across::new(&options.root, None, &known.config);
    let members: Vec<(&Member, &manifest::Manifest)> = known.config.agreements.iter().zip(&known.manifests).collect();
    for chunk in members.chunks(AT_A_TIME * rayon::current_num_threads().max(1)) {
        let built: Vec<_> = chunk
            .par_iter()
            .map(|(member, manifest)| {
                // The agreement's previous site, its release folders kept by their keys (an
                // agreement without releases keeps nothing).
                let folder = known.cited.access.folder(&member.id);
                if manifest.release.is_some() && options.out.join(&folder).is_dir() {
                    staging.keep(&folder).map_err(Error::Write)?;
                }
                let into = staging.dir().join(&folder);
                let built = known.build_agreement(member, into, options.today, base_url.as_deref())?;
                let at = (folder.as_str(), base_url.as_deref());
                let entry = built.written.map(|_| entry::entry(manifest, &built, options.today, at));
                Ok::<_, Error>((built, entry))
            })
            .collect();
        for (member, built) in chunk.iter().map(|(m, _)| m).zip(built) {
            let (built, entry) = built?;
            // The checks across the agreements see a failed one too, as `check` does.
            let (mut built, ok) = known.settle(member, built, &mut out);
            across.add(member, &mut built.checked, &known.units);
            if let (true, Some(entry)) = (ok, entry) {
                files += built.written.unwrap_or_default();
                entries.push(entry);
            }
        }
    }
    across.finish(&mut out, (&options.root, &options.root), (&known.config, &known.units), options.today);
    library_findings(&mut out, &options.root, &known.library);
    out.diagnostics.sort();
    out.diagnostics.dedup();
    if entries.len() < known.manifests.len() || out.has_errors() {
        return Ok(Outcome { checked: out, written: None });
    }
    let entries: Vec<&entry::Entry> = entries.iter().collect();
    let portfolio = (&known.config, known.units.as_ref(), &known.cited.access);
    files += portal::write(portfolio, &entries, &staging, &portal::on_disk(staging.dir())).map_err(Error::Write)?;
    staging.commit().map_err(Error::Write)?;
    Ok(Outcome { checked: out, written: Some(files) })
}

/// Assembles the portal of the portfolio at `options.root` from the bundles `bundles` (built by
/// `build --bundle`, each agreement's once), without building any agreement: each bundle's site
/// in the folder named by its id, and the portal's pages, as a one-shot build writes them. Nothing
/// is written when a bundle is missing, truncated, foreign, of another day or built against other
/// versions of the agreements it cites.
pub fn assemble(options: &Options, bundles: &[PathBuf]) -> Result<Outcome, Error> {
    output::recover(&options.out);
    let mut read = config::read(&options.root);
    let locale = read.config.as_ref().map_or(Locale::Zh, |c| Locale::of(&c.language));
    let config = match read.config.take() {
        Some(config) if !read.diagnostics.iter().any(|d| d.severity == Severity::Error) => config,
        _ => return Ok(Outcome { checked: aggregate(locale, read.diagnostics, read.sources), written: None }),
    };
    // Its files' problems were said where the bundles were built.
    let config =
        Config { library: crate::load::library::of_portfolio(&options.root, locale, &mut Vec::new()), ..config };
    if let Some(dir) = bundle::overlapping(&options.out, bundles) {
        let shown = crate::base::escape::path(dir);
        return Err(Error::Refused(locale.msg(crate::base::catalog::Portfolio::OutIsABundle { dir: &shown })));
    }
    // Who may read which agreement: the departments file's parents (the parties, as departments,
    // have none).
    let access = access::access(&config.agreements, read.units.as_deref().unwrap_or_default());
    let (found, problems) = bundle::gather(&config, bundles, options.today, &access);
    let mut out = aggregate(locale, read.diagnostics, read.sources);
    out.diagnostics.extend(problems);
    let found: Vec<(PathBuf, bundle::Manifest)> = match found.into_iter().collect::<Option<_>>() {
        Some(found) if !out.has_errors() => found,
        _ => return Ok(Outcome { checked: out, written: None }),
    };
    let entries: Vec<entry::Entry> = found.iter().map(|(_, m)| m.entry.clone()).collect();
    let pairs = entries.iter().flat_map(|e| &e.parties).map(|p| (p.unit.clone(), p.name.clone()));
    let units = read.units.take().unwrap_or_else(|| units::from_parties(pairs));
    out.diagnostics.extend(access::unknown(&config, &units, locale));
    if out.has_errors() {
        return Ok(Outcome { checked: out, written: None });
    }
    let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
    let mut files = 0;
    let taken: Vec<Result<usize, _>> =
        found.par_iter().map(|(dir, m)| staging.take(&access.folder(&m.entry.id), &dir.join(bundle::SITE))).collect();
    for taken in taken {
        files += taken.map_err(Error::Write)?;
    }
    let entries: Vec<&entry::Entry> = entries.iter().collect();
    let portfolio = (&config, units.as_slice(), &access);
    files += portal::write(portfolio, &entries, &staging, &portal::on_disk(staging.dir())).map_err(Error::Write)?;
    staging.commit().map_err(Error::Write)?;
    Ok(Outcome { checked: out, written: Some(files) })
}
