//! Bundles: one agreement's finished site and its `manifest.json` (what the portal needs of it:
//! [`Entry`]), built alone — by one job of a CI matrix — and assembled into the portal elsewhere
//! without building any agreement again.
//!
//! A bundle's key covers everything its site depends on: the agreement's files, what the
//! agreements it cites publish and who cites it ([`External`]), the day, the address and the
//! clausebook that built it. A bundle whose key has not changed is kept as it is. Assembling
//! checks that every bundle is there once, was built for the same day and against the same
//! versions of the agreements it cites; otherwise nothing is written and the old portal stays.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::catalog::{Locale, Portfolio as Words};
use crate::base::diagnostic::{Diagnostic, Span, closest};
use crate::base::xref::{Cited, External};
use crate::output;
use crate::pipeline::BuildOptions;
use crate::{Error, portfolio};

use super::config::{CODE, Member};
use super::entry::{Entry, FORMAT};

/// The bundle's description of itself, described by `manifest.schema.json` (beside this file).
pub const MANIFEST: &str = "manifest.json";

/// The folder of the bundle that holds the agreement's site.
pub const SITE: &str = "site";

/// Largest `manifest.json` read.
const LIMIT: u64 = 256 << 20;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The key of what the bundle was built from.
    pub key: String,
    /// The key of what it took from the other agreements when it was built ([`External::key`]).
    pub cited: String,
    /// The title of the portfolio it was built for: a bundle of another portfolio is refused.
    pub portfolio: String,
    /// The agreement as the portal sees it.
    pub entry: Entry,
}

/// Options of `build --bundle`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The agreement's folder.
    pub root: PathBuf,
    /// The portfolio's folder (none: the nearest folder above the agreement with a
    /// `portfolio.yaml` that names it).
    pub portfolio: Option<PathBuf>,
    /// The agreement's id in the portfolio (`--agreement`): which of its agreements to bundle,
    /// whatever `root` is (which then only leads to the portfolio).
    pub agreement: Option<String>,
    /// The bundle's folder.
    pub out: PathBuf,
    /// The date things are judged against.
    pub today: NaiveDate,
    /// Overrides `base_url` of `portfolio.yaml`.
    pub base_url: Option<String>,
}

/// What `build --bundle` did.
#[derive(Debug)]
pub enum Bundled {
    /// The bundle was built; how many files it holds.
    Built(usize),
    /// The bundle was already built from the same inputs, and kept.
    Kept,
    /// The agreement (or the portfolio) has errors: nothing was written.
    Failed,
}

/// The portfolio that names the agreement at `root` (or the agreement `id`): `portfolio` if
/// given, else the nearest folder (`root` itself or above it) whose `portfolio.yaml` lists it.
fn find_portfolio(root: &Path, portfolio: Option<&Path>, id: Option<&str>) -> Option<PathBuf> {
    if let Some(p) = portfolio {
        return Some(p.to_path_buf());
    }
    let lists = |dir: &Path| {
        let read = super::config::read(dir);
        read.config.is_some_and(|c| match id {
            Some(id) => c.agreements.iter().any(|m| m.id == id),
            None => !at_root(&c.agreements, root).is_empty(),
        })
    };
    let start = std::fs::canonicalize(root).unwrap_or_else(|_| super::config::lexical(root));
    start.ancestors().find(|d| super::config::is_portfolio(d) && lists(d)).map(Path::to_path_buf)
}

/// Which agreement of `members` a bundle is built of.
enum Pick {
    /// The agreement at this position.
    One(usize),
    /// None: why, in the portfolio's language.
    Refused(String),
    /// Several could be meant: the error, at the first one's line of `portfolio.yaml`.
    Several(Box<Diagnostic>),
}

/// The agreement of `config` (the portfolio at `dir`) to bundle: the one named `id`; else the
/// one whose folder `root` is ([`at_root`]); several there are an error naming each.
fn pick(config: &super::config::Config, dir: &Path, root: &Path, id: Option<&str>) -> Pick {
    let (l, members) = (Locale::of(&config.language), &config.agreements);
    let shown = crate::base::escape::path(dir);
    let ids = |of: &mut dyn Iterator<Item = &Member>| of.map(|m| m.id.as_str()).collect::<Vec<_>>().join(", ");
    if let Some(id) = id {
        return match members.iter().position(|m| m.id == id) {
            Some(i) => Pick::One(i),
            None => {
                let hint = closest(id, members.iter().map(|m| m.id.as_str())).map_or_else(
                    || l.msg(Words::AgreementsAre { ids: &ids(&mut members.iter()) }),
                    |c| l.did_you_mean(c),
                );
                Pick::Refused(l.msg(Words::NoSuchAgreement { dir: &shown, id: &id, hint: &hint }))
            }
        };
    }
    match at_root(members, root)[..] {
        [] => Pick::Refused(l.msg(Words::PortfolioDoesNotList { dir: &shown })),
        [i] => Pick::One(i),
        ref several => {
            let found: Vec<&Member> = several.iter().map(|&i| &members[i]).collect();
            let root = crate::base::escape::path(root);
            let message = l.msg(Words::SeveralAgreementsAt { root: &root, ids: &ids(&mut found.iter().copied()) });
            let choices: Vec<String> = found.iter().map(|m| format!("`--agreement {}`", m.id)).collect();
            let mut d = Diagnostic::error(CODE, super::config::FILE, found[0].span, message)
                .with_hint(l.msg(Words::PickAgreement { choices: &choices.join(", ") }));
            for m in &found[1..] {
                d = d.with_related(super::config::FILE, m.span, l.msg(Words::AlsoThere { id: &m.id }));
            }
            Pick::Several(Box::new(d))
        }
    }
}

/// The agreements of `members` that the folder `root` may mean, by position: the one whose folder
/// it is (one read from Git: its repository's folder with `dir:`, as `clausebook agreements`
/// lists it, though a bare repository has no such folder); else every one whose repository it
/// is or whose folder lies below it.
fn at_root(members: &[Member], root: &Path) -> Vec<usize> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let folder = |m: &Member| m.root.join(m.git.as_ref().map(|g| g.source.dir.as_path()).unwrap_or(Path::new("")));
    let (wanted, plain) = (canonical(root), super::config::lexical(root));
    let same = |p: &Path| (wanted.is_some() && canonical(p) == wanted) || super::config::lexical(p) == plain;
    let exact: Vec<usize> = (0..members.len()).filter(|&i| same(&folder(&members[i]))).collect();
    if !exact.is_empty() {
        return exact;
    }
    let Some(wanted) = wanted else { return Vec::new() };
    let inside = |m: &Member| {
        m.git.is_some() && canonical(&m.root).as_ref() == Some(&wanted)
            || canonical(&folder(m)).is_some_and(|f| f.starts_with(&wanted))
    };
    (0..members.len()).filter(|&i| inside(&members[i])).collect()
}

/// Builds the bundle of the agreement at `options.root`, rendered against what the other
/// agreements of its portfolio publish; keeps the bundle there when its key is the same.
pub fn build(options: &Options) -> Result<(portfolio::Outcome, Bundled), Error> {
    let id = options.agreement.as_deref();
    let Some(root) = find_portfolio(&options.root, options.portfolio.as_deref(), id) else {
        let l = match super::config::is_portfolio(&options.root) {
            true => super::locale(&options.root),
            false => crate::load::locale(&options.root),
        };
        return Err(Error::Refused(l.msg(Words::NoPortfolioLists)));
    };
    let mut known = match portfolio::Known::read(&root, options.today, false) {
        Ok(known) => known,
        Err(checked) => return Ok((portfolio::Outcome { checked: *checked, written: None }, Bundled::Failed)),
    };
    let i = match pick(&known.config, &root, &options.root, id) {
        Pick::One(i) => i,
        Pick::Refused(why) => return Err(Error::Refused(why)),
        Pick::Several(d) => {
            let mut checked = known.start();
            checked.diagnostics.push(*d);
            return Ok((portfolio::Outcome { checked, written: None }, Bundled::Failed));
        }
    };
    let member = known.config.agreements[i].clone();
    let base_url = options.base_url.clone().or_else(|| known.config.base_url.clone());
    let external = known.external(&member.id);
    let key = key(&member, &external, options.today, (base_url.as_deref(), &known.config.title));
    let mut out = known.start();
    if read(&options.out, known.locale()).is_ok_and(|m| m.key == key)
        && options.out.join(SITE).join(output::MARKER).is_file()
    {
        return Ok((portfolio::Outcome { checked: out, written: None }, Bundled::Kept));
    }
    let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
    if options.out.join(SITE).is_dir() {
        staging.keep(SITE).map_err(Error::Write)?;
    }
    let built = known.build_one(&member, staging.dir().join(SITE), options.today, base_url.as_deref(), &mut out)?;
    let Some(built) = built.filter(|_| !out.has_errors()) else {
        return Ok((portfolio::Outcome { checked: out, written: None }, Bundled::Failed));
    };
    let site = external.cited.access.folder(&member.id);
    let entry = super::entry::entry(&known.manifests[i], &built, options.today, (&site, base_url.as_deref()));
    let cited = format!("{:016x}", external.key());
    let manifest = Manifest { format: FORMAT.into(), key, cited, portfolio: known.config.title.clone(), entry };
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Refused(e.to_string()))?;
    crate::base::site::Sink::put(&staging, MANIFEST, json.into_bytes().into()).map_err(Error::Write)?;
    let files = built.written.unwrap_or_default() + 1;
    staging.commit().map_err(Error::Write)?;
    Ok((portfolio::Outcome { checked: out, written: Some(files) }, Bundled::Built(files)))
}

/// The folders of an agreement's project that its build reads from the working tree.
const READ: [&str; 4] = [crate::load::CONTENT, "rules", "themes", "approvals"];

/// The key of a bundle: the files its build reads from the working tree (or from Git), what every version
/// publishes (in `external`, with what it cites and who cites it), the day, the address and the
/// tool.
fn key(member: &Member, external: &External, today: NaiveDate, (base_url, title): (Option<&str>, &str)) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(git) = &member.git {
        // Read from Git: the tree at its revision, by each file's blob id.
        let files: Vec<(&Path, &str)> = git.tree.entries().collect();
        (crate::versions::kept::tool_key(), &member.id, files, external.key(), today, base_url, title).hash(&mut h);
        return format!("{:016x}", h.finish());
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = READ
        .iter()
        .flat_map(|folder| walkdir::WalkDir::new(member.root.join(folder)).follow_links(false))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(&member.root).unwrap_or(e.path()).to_path_buf();
            (path, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    (crate::versions::kept::tool_key(), &member.id, files, external.key(), today, base_url, title).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The manifest of the bundle at `dir`, or the finding (in `l`) that says why it cannot be used.
pub fn read(dir: &Path, l: Locale) -> Result<Manifest, Box<Diagnostic>> {
    let file = dir.join(MANIFEST);
    let fail = |span: Span, message: String| Box::new(Diagnostic::error(CODE, &file, span, message));
    let shown = crate::base::escape::path(&file);
    let bytes = crate::base::tree::read_project_file(dir, Path::new(MANIFEST), LIMIT).map_err(|e| {
        let why = std::io::Error::from(e).to_string();
        fail(Span::start(), l.msg(Words::CannotRead { file: &shown, why: &why }))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| fail(Span::start(), e.to_string()))?;
    serde_json::from_str::<Manifest>(&text).map_err(|e| {
        let span = Span::new(e.line().max(1) as u32, e.column().max(1) as u32, 1);
        fail(span, e.to_string())
    })
}

/// Reads the bundles `dirs` for the portfolio whose agreements are `members`: each agreement's
/// bundle once, of this format, for `today`, all built against the same versions of each other.
/// Every problem is a finding; the bundles come back in `members`' order when there is none.
pub fn gather(
    config: &super::config::Config,
    dirs: &[PathBuf],
    today: NaiveDate,
    access: &crate::base::access::Access,
) -> (Vec<Option<(PathBuf, Manifest)>>, Vec<Diagnostic>) {
    let (members, language) = (&config.agreements, &config.language);
    let l = Locale::of(language);
    // The agreements some bundle claims, refused or not: a refused one is said once, not also
    // as missing.
    let mut claimed = std::collections::HashSet::new();
    let mut found: Vec<Option<(PathBuf, Manifest)>> = vec![None; members.len()];
    let mut problems = Vec::new();
    // Read in parallel (each manifest is some hundred kilobytes of JSON), judged in order.
    let read: Vec<_> = {
        use rayon::prelude::*;
        dirs.par_iter().map(|dir| read(dir, l)).collect()
    };
    for (dir, manifest) in dirs.iter().zip(read) {
        let manifest = match manifest {
            Ok(m) => m,
            Err(d) => {
                problems.push((*d).with_hint(l.msg(Words::BuildBundleAgain)));
                continue;
            }
        };
        let file = dir.join(MANIFEST);
        let at = |message: String| Diagnostic::error(CODE, &file, Span::start(), message);
        claimed.insert(manifest.entry.id.clone());
        if manifest.portfolio != config.title {
            let message = l.msg(Words::BundleOfAnotherPortfolio { title: &manifest.portfolio });
            problems.push(at(message).with_hint(l.msg(Words::BuildBundleAgain)));
            continue;
        }
        if manifest.format != FORMAT {
            problems.push(at(l.msg(Words::BundleFormat { found: &manifest.format, expected: &FORMAT })));
            continue;
        }
        let Some(i) = members.iter().position(|m| m.id == manifest.entry.id) else {
            let near = closest(&manifest.entry.id, members.iter().map(|m| m.id.as_str()));
            let d = at(l.msg(Words::ForeignBundle { id: &manifest.entry.id }));
            problems.push(match near {
                Some(n) => d.with_hint(l.did_you_mean(n)),
                None => d,
            });
            continue;
        };
        if !links_stay_inside(&manifest.entry, &access.folder(&manifest.entry.id)) {
            let d = at(l.msg(Words::BundleLinksOutside { id: &manifest.entry.id }));
            problems.push(d.with_hint(l.msg(Words::BuildBundleAgain)));
            continue;
        }
        if manifest.entry.today != today {
            problems.push(at(l.msg(Words::BundleOtherDay { day: &manifest.entry.today, today: &today })));
            continue;
        }
        if !dir.join(SITE).join(output::MARKER).is_file() {
            problems.push(at(l.msg(Words::BundleHasNoSite)).with_hint(l.msg(Words::BuildBundleAgain)));
            continue;
        }
        if found[i].is_some() {
            problems.push(at(l.msg(Words::BundleTwice { id: &manifest.entry.id })));
            continue;
        }
        found[i] = Some((dir.clone(), manifest));
    }
    for (m, f) in members.iter().zip(&found) {
        if f.is_none() && !claimed.contains(&m.id) {
            problems.push(Diagnostic::error(
                CODE,
                super::config::FILE,
                m.span,
                l.msg(Words::NoBundleFor { id: &m.id }),
            ));
        }
    }
    if problems.is_empty() {
        let published = found.iter().flatten().map(|(_, m)| m.entry.published.clone()).collect();
        let cited = std::sync::Arc::new(Cited::with_access(published, access.clone()));
        let mut cited_by = super::manifest::cited_by(&cited, today, crate::base::lang::Lang::new(language));
        let mut stale = |m: &Manifest| {
            let cited_by = cited_by.remove(&m.entry.id).unwrap_or_default();
            let external = External::new(m.entry.id.clone(), std::sync::Arc::clone(&cited), cited_by);
            format!("{:016x}", external.key()) != m.cited
        };
        for (dir, m) in found.iter().flatten().filter(|(_, m)| stale(m)) {
            let file = dir.join(MANIFEST);
            let d = Diagnostic::error(CODE, &file, Span::start(), l.msg(Words::BundleStale { id: &m.entry.id }));
            problems.push(d.with_hint(l.msg(Words::BuildBundleAgain)));
        }
    }
    (found, problems)
}

/// The bundle of `dirs` that `out` is, holds or is held by: writing the portal there would
/// destroy it.
pub fn overlapping<'d>(out: &Path, dirs: &'d [PathBuf]) -> Option<&'d PathBuf> {
    let full = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out = full(out);
    dirs.iter().find(|d| {
        let d = full(d);
        out.starts_with(&d) || d.starts_with(&out)
    })
}

/// Whether every page `entry` links to is one of its own agreement's (in its site's folder
/// `site`, a plain relative path), its calendar holds events only and its kinds and sign-off are
/// ones clausebook writes: a bundle is read as hostile as any input.
fn links_stay_inside(entry: &Entry, site: &str) -> bool {
    let own = |url: &str| {
        url.strip_prefix(site).and_then(|rest| rest.strip_prefix('/')).is_some_and(crate::base::site::is_safe)
    };
    let events = entry
        .events
        .iter()
        .all(|(_, e)| e.is_empty() || (e.starts_with("BEGIN:VEVENT") && e.ends_with("END:VEVENT\r\n")));
    // The portal's pages name a kind by its word (`kind_review`): one it has no word for is not
    // a bundle clausebook wrote.
    let kinds = entry.coming.iter().all(|c| ["obligation", "deadline", "due", "review"].contains(&c.kind.as_str()));
    let signoff = ["complete", "missing", "stale", "none"].contains(&entry.signoff.as_str());
    events && kinds && signoff && entry.coming.iter().all(|c| own(&c.url)) && entry.duties.iter().all(|d| own(&d.url))
}

/// Options of [`build`] as an agreement's build options, for the pipeline.
pub(super) fn agreement_options(
    member: &Member,
    out: PathBuf,
    today: NaiveDate,
    base_url: Option<&str>,
    external: std::sync::Arc<External>,
) -> BuildOptions {
    let site = external.cited.access.folder(&member.id);
    BuildOptions {
        root: member.root.clone(),
        out,
        base_url: base_url.map(|b| format!("{}/{site}/", b.trim_end_matches('/'))),
        today,
        versions: true,
        tags: member.tags(),
        pdf: None,
        external: Some(external),
        git: member.git.clone(),
        read: None,
    }
}
