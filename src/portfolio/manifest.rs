//! What the portfolio knows of each agreement before it builds any: every version's clauses (ids,
//! labels, digests), which citations resolve against; the version in force, which the portal shows.
//! Loaded only, never checked: each agreement is checked when it is built.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::base::lang::Lang;
use crate::base::model::{Agreement, Clause, ClauseFile, LinkTarget};
use crate::base::xref::{Citation, Cited, Citer, Published, PublishedClause, PublishedVersion};
use crate::pipeline::ReadAhead;
use crate::signoff::digest::clause_digest;
use crate::{load, versions};

use super::config::Member;

/// One agreement as the portfolio sees it before building it.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// What citations of it resolve against.
    pub published: Published,
    /// The parties of the agreement in force (its newest release, else its working tree), each
    /// as `(department id, name)`.
    pub parties: Vec<(String, String)>,
    /// The newest release's name and date, on a versioned agreement.
    pub release: Option<(String, Option<NaiveDate>)>,
}

/// The manifest of `member`: its releases and draft from Git where it has releases, else its
/// working tree (of one read from Git: the tree at its revision).
pub fn manifest(member: &Member) -> Manifest {
    manifest_reading(member, &|_| false).0
}

/// [`manifest`], and for an agreement in a folder whose manifest is its working tree alone (no
/// releases), that tree as read and loaded, for its build, when `keep` says to hold it (given its
/// number of clauses).
pub fn manifest_reading(member: &Member, keep: &dyn Fn(usize) -> bool) -> (Manifest, Option<ReadAhead>) {
    let mut kept = None;
    let root = &member.root;
    let index_file = Path::new(load::CONTENT).join("_index.md");
    let cache = load::ParseCache::default();
    let mut versions_out = Vec::new();
    let (mut current, mut release) = (None, None);
    let mut settings = match &member.git {
        Some(git) => load::version_settings_in(&*git.tree),
        None => load::version_settings_of(root),
    };
    settings.tags = member.tags().or(settings.tags);
    let discovered = match &member.git {
        Some(git) => versions::discover_git(git, &settings, &index_file),
        None => versions::discover(root, &settings, &index_file),
    };
    match discovered {
        Ok(discovery) => {
            for v in &discovery.versions {
                let Some(agreement) = load::load_tree(&v.tree, Some(&cache)).ok().and_then(|l| l.agreement) else {
                    continue;
                };
                let is_release = v.kind == versions::Kind::Release;
                let named = (v.name.as_str(), v.date, is_release, format!("{}/", v.name));
                versions_out.push(version(&agreement, named, &mut |c| clause_digest(c).to_string()));
                if is_release || current.is_none() {
                    release = is_release.then(|| (v.name.clone(), v.date));
                    current = Some(agreement);
                }
            }
        }
        Err(_) => {
            let read = member.git.is_none().then(|| ReadAhead::read(root)).flatten();
            let loaded = match &read {
                Some(read) => load::load_tree(&read.files, Some(&read.cache.parsed)),
                None => load::load_tree(&*member.files(), None),
            };
            if let Some(agreement) = loaded.ok().and_then(|l| l.agreement) {
                let named = ("", None, false, String::new());
                versions_out.push(version(&agreement, named, &mut |c| clause_digest(c).to_string()));
                kept = read.filter(|_| keep(agreement.clauses.len()));
                current = Some(agreement);
            }
        }
    }
    let title = current.as_ref().map_or_else(|| member.id.clone(), |a: &Agreement| a.title.clone());
    let parties = current
        .iter()
        .flat_map(|a| &a.parties)
        .map(|p| (super::units::unit_of(p).to_string(), p.name.clone()))
        .collect();
    let manifest =
        Manifest { published: Published { id: member.id.clone(), title, versions: versions_out }, parties, release };
    (manifest, kept)
}

/// The digests of clause files, kept between an editing session's rebuilds by the file as loaded
/// (shared, and so the same, while the file is unchanged).
#[derive(Debug, Default)]
pub struct Digests(std::collections::HashMap<(usize, usize), Kept>);

/// A clause's file and library text, kept alive beside their digest so that their addresses,
/// the key, stay theirs.
type Kept = (Arc<ClauseFile>, Option<Arc<crate::base::model::library::Used>>, String);

impl Digests {
    /// The digest of `c`'s file.
    fn of(&mut self, c: &Clause) -> String {
        // The file's address: unique while the `Arc` kept beside it lives (with its library
        // text's, made again at each load).
        let entry = self.0.entry(key(c));
        let (_, _, digest) =
            entry.or_insert_with(|| (Arc::clone(&c.written), c.used.clone(), clause_digest(c).to_string()));
        digest.clone()
    }
}

/// The key of `c`'s digest in [`Digests`]: the addresses of its file and library text.
fn key(c: &Clause) -> (usize, usize) {
    (Arc::as_ptr(&c.written) as usize, c.used.as_ref().map_or(0, |u| Arc::as_ptr(u) as usize))
}

/// The manifest of agreement `id` as its working tree `agreement` alone (what an editing session
/// builds: no releases), its clauses' digests taken from `digests` where their files are unchanged
/// (which then keeps only those of `agreement`).
pub fn working(id: &str, agreement: &Agreement, digests: &mut Digests) -> Manifest {
    let versions = vec![version(agreement, ("", None, false, String::new()), &mut |c| digests.of(c))];
    let current: std::collections::HashSet<(usize, usize)> = agreement.clauses.iter().map(key).collect();
    digests.0.retain(|k, _| current.contains(k));
    let parties = agreement.parties.iter().map(|p| (super::units::unit_of(p).to_string(), p.name.clone())).collect();
    Manifest {
        published: Published { id: id.to_string(), title: agreement.title.clone(), versions },
        parties,
        release: None,
    }
}

/// One version of `agreement` (its name, date, whether a release, and its folder) as citations
/// see it, each clause's file digest made by `digest`.
fn version(
    agreement: &Agreement,
    (name, date, release, folder): (&str, Option<NaiveDate>, bool, String),
    digest: &mut dyn FnMut(&Clause) -> String,
) -> PublishedVersion {
    let lang = Lang::new(&agreement.language);
    let clauses = agreement
        .clauses
        .iter()
        .filter(|c| !c.placeholder)
        .map(|c| PublishedClause {
            id: c.id.clone(),
            label: format!("{} {}", lang.clause_label(c.number), c.title),
            digest: digest(c),
            cites: c
                .body
                .links
                .iter()
                .filter_map(|l| match &l.target {
                    LinkTarget::Id(id) if Citation::parse(id).is_some() => Some(id.clone()),
                    _ => None,
                })
                .collect(),
            library: c.written.uses.as_ref().map(|u| (u.clause.clone(), u.edition)),
        })
        .collect();
    PublishedVersion { name: name.to_string(), date, release, folder, clauses }
}

/// Who cites each agreement's clauses (by agreement id, then clause id): each agreement's
/// release in force on `today` and its draft, each citation that resolves (on that version's date).
/// A citing agreement that some reader of the cited one may not read is left out: the cited
/// page would show its title to them.
pub fn cited_by(cited: &Cited, today: NaiveDate, lang: Lang) -> BTreeMap<String, BTreeMap<String, Vec<Citer>>> {
    let mut out: BTreeMap<String, BTreeMap<String, Vec<Citer>>> = BTreeMap::new();
    for other in &cited.agreements {
        let in_force = other.versions.iter().filter(|v| v.release).rfind(|v| v.date.is_none_or(|d| d <= today));
        let last = other.versions.last().filter(|v| !v.release);
        for version in in_force.into_iter().chain(last) {
            let on = version.date.unwrap_or(today);
            for clause in &version.clauses {
                for written in &clause.cites {
                    let Some(citation) = Citation::parse(written).filter(|c| c.agreement != other.id) else { continue };
                    let Ok(target) = cited.resolve(&citation, on) else { continue };
                    if !cited.access.reads(&target.agreement.id, &other.id) {
                        continue;
                    }
                    let site = cited.access.folder(&other.id);
                    let citer = Citer {
                        label: lang.cited_label(&other.title, &clause.label),
                        version: version.name.clone(),
                        path: format!("{site}/{}clauses/{}.html", version.folder, clause.id),
                    };
                    let list = out
                        .entry(target.agreement.id.clone())
                        .or_default()
                        .entry(target.clause.id.clone())
                        .or_default();
                    if !list.contains(&citer) {
                        list.push(citer);
                    }
                }
            }
        }
    }
    out
}
