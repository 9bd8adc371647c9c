//! The portal's search, over every agreement's release in force: one index of their clauses in
//! `search/` (shards as an agreement's own search has them, one agreement's clauses after
//! another's) and its page, `search.html`, which groups what it finds by agreement and filters by
//! agreement and by department. The clauses' texts are not copied: the page loads them from each
//! agreement's own index (its release in force's blocks). Older releases are searched on their
//! agreements' own sites.
//!
//! The index is merged from each agreement's own index's postings
//! ([`crate::render::search::Merged`]), so that a portal assembled from bundles searches exactly
//! what a one-shot build's does, with no agreement in memory. An editing session's sites have no
//! release folders: there each agreement's working tree is searched.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use minijinja::context;
use rayon::prelude::*;
use serde::Serialize;

use crate::base::catalog::Locale;
use crate::base::site::{Bytes, Sink, WriteError};
use crate::render::search::{META, Merged, Postings, SearchIndex, read_meta};

use super::{Portal, ser};

/// Largest file of an agreement's index read.
const LIMIT: u64 = 64 << 20;

/// Agreements whose indexes are read at a time, in parallel, by a build.
const CHUNK: usize = 64;

/// The text of a file of the agreements' sites, by its path from the portal's root.
pub(in crate::portfolio) type Sites<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// The agreements' sites written in `dir` (the portal's folder), each file read when it is at
/// most [`LIMIT`] bytes.
pub(in crate::portfolio) fn on_disk(dir: &std::path::Path) -> impl Fn(&str) -> Option<String> + Sync + '_ {
    move |path: &str| {
        let file = dir.join(path);
        let small = std::fs::metadata(&file).ok()?.len() <= LIMIT;
        small.then(|| std::fs::read_to_string(&file).ok()).flatten()
    }
}

/// Where the portal's search finds the agreements' own indexes.
pub(in crate::portfolio) enum Indexes<'a> {
    /// In their sites, read once each (a build).
    Read(&'a Sites<'a>),
    /// Read by an editing session from its agreements' working trees (in the portfolio's
    /// order), and the portal's index it keeps, merged again where they changed (only the files
    /// that changed are written), its search page as last made, and where to say which of the
    /// index's files are gone ([`SearchIndex::merge`]).
    Kept(&'a mut SearchIndex, &'a [Arc<Postings>], &'a mut Page, &'a mut Option<Vec<String>>),
    /// Read by an editing session from its agreements' working trees (in the portal's order),
    /// merged afresh: an audience's part.
    Given(&'a [Arc<Postings>]),
}

/// An editing session's portal search page as last made: the key of what it shows, and how many
/// clauses each agreement's index had and a block of it held then. While those are as they were
/// and no agreement's entry changed ([`Page::entries_changed`]), the page is as it was, and an
/// edit looks at no other agreement.
#[derive(Debug, Default)]
pub(in crate::portfolio) struct Page {
    made: Option<(u64, Bytes)>,
    shapes: Option<Vec<(usize, usize)>>,
}

impl Page {
    /// Says that some agreement's entry (its title, release or parties) may have changed.
    pub(in crate::portfolio) fn entries_changed(&mut self) {
        self.shapes = None;
    }
}

/// An agreement as the search page knows it: its clauses are entries `start` to `end`
/// (exclusive) of the index; its texts are in blocks of `block` clauses in its site's folder
/// `folder`.
#[derive(Debug, Serialize, Hash)]
pub(super) struct Searched {
    id: String,
    /// Its place in the portfolio, by which the page orders what audiences add.
    order: usize,
    title: String,
    url: String,
    release: Option<String>,
    /// The departments its parties are, by id.
    units: Vec<String>,
    start: usize,
    end: usize,
    folder: String,
    block: usize,
}

/// The search index of the portal's agreements, merged from their own indexes found as
/// `indexes` says, written through `put`: the agreements as the page knows them. An editing
/// session's index ([`Indexes::Kept`]) is written by [`write`].
pub(super) fn index(
    portal: &Portal,
    indexes: Indexes<'_>,
    put: &(dyn Fn(String, Arc<str>) -> Result<(), WriteError> + Sync),
) -> Result<Vec<Searched>, WriteError> {
    let mut merged = Merged::default();
    let searched = match indexes {
        Indexes::Read(sites) => {
            let searched = agreements(portal, &|_, e| located(portal, e, sites))?;
            for chunk in searched.chunks(CHUNK) {
                let read: Vec<Option<Postings>> = chunk
                    .par_iter()
                    .map(|s| Postings::read(&|path| sites(&format!("{}{path}", s.folder)), None))
                    .collect();
                for (s, postings) in chunk.iter().zip(read) {
                    let postings = postings.filter(|p| p.docs == s.end - s.start && p.block == s.block);
                    merged.add(&postings.ok_or_else(|| malformed(&format!("{}{META}", s.folder)))?);
                }
            }
            searched
        }
        Indexes::Given(parts) => {
            for p in parts {
                merged.add(p);
            }
            agreements(portal, &|i, e| {
                let p = parts.get(i)?;
                Some((format!("{}/", portal.access.folder(&e.id)), p.docs, p.block))
            })?
        }
        Indexes::Kept(..) => return Err(malformed(META)),
    };
    merged.write(put)?;
    Ok(searched)
}

/// Writes the portal's search index and page into `sink`, merging the agreements' own indexes
/// found as `indexes` says; how many files.
pub(super) fn write(portal: &Portal, sink: &dyn Sink, indexes: Indexes<'_>) -> Result<usize, WriteError> {
    let files = AtomicUsize::new(0);
    let put = |path: String, text: Arc<str>| {
        files.fetch_add(1, Ordering::Relaxed);
        sink.put(&path, text.into())
    };
    let mut memo = None;
    let searched = match indexes {
        Indexes::Kept(index, parts, page, gone) => {
            *gone = index.merge(parts, &put)?;
            let shapes: Vec<(usize, usize)> = parts.iter().map(|p| (p.docs, p.block)).collect();
            if let Some((_, made)) = page.made.as_ref().filter(|_| page.shapes.as_ref() == Some(&shapes)) {
                sink.put("search.html", made.clone())?;
                return Ok(files.into_inner() + 1);
            }
            memo = Some((page, shapes));
            agreements(portal, &|i, e| {
                let p = parts.get(i)?;
                Some((format!("{}/", portal.access.folder(&e.id)), p.docs, p.block))
            })?
        }
        indexes => index(portal, indexes, &put)?,
    };
    // The departments that are a party to some agreement, in the departments file's order.
    let units: Vec<(&str, &str)> = portal
        .units
        .iter()
        .filter(|u| searched.iter().any(|s| s.units.contains(&u.id)))
        .map(|u| (u.id.as_str(), u.name.as_str()))
        .collect();
    // The page shows the agreements and departments, the entries' day and the audiences whose
    // parts it loads; an editing session keeps it while they are as they were.
    let key = crate::base::memo::hash_of((&searched, &units, portal.today(), &portal.parts));
    let page = match memo {
        Some((memo, shapes)) => {
            let page = match &memo.made {
                Some((k, page)) if *k == key => page.clone(),
                _ => search_page(portal, &searched, &units)?,
            };
            *memo = Page { made: Some((key, page.clone())), shapes: Some(shapes) };
            page
        }
        None => search_page(portal, &searched, &units)?,
    };
    sink.put("search.html", page)?;
    Ok(files.into_inner() + 1)
}

/// The search page of `searched` agreements and the departments `units` (id, name).
fn search_page(portal: &Portal, searched: &[Searched], units: &[(&str, &str)]) -> Result<Bytes, WriteError> {
    let units: Vec<_> = units.iter().map(|&(id, name)| context! { id => id, name => name }).collect();
    let page = portal.page("", context! { agreements => ser(searched), units => units });
    let (html, _) =
        crate::render::builtin_pages(vec![("portal_search.html", page)], Locale::of(&portal.config.language))
            .map_err(|d| WriteError::Io("search.html".into(), std::io::Error::other(d.message)))?;
    let html = html.into_iter().next().unwrap_or_default();
    Ok(Bytes::Shared(Arc::from(html.into_bytes())))
}

/// An agreement's index: the folder of its site that holds it, how many clauses it has, and how
/// many a block of texts holds.
type Located = (String, usize, usize);

/// The folder of agreement `e`'s release in force in `sites` (its working tree's, where the site
/// has no release folder), with how many clauses its index has and a block holds.
fn located(portal: &Portal, e: &super::Entry, sites: &Sites<'_>) -> Option<Located> {
    let site = portal.access.folder(&e.id);
    let release = format!("{site}/{}", e.release.as_ref().map(|r| format!("{r}/")).unwrap_or_default());
    [release, format!("{site}/")].into_iter().find_map(|folder| {
        let (docs, block) = read_meta(&sites(&format!("{folder}{META}"))?)?;
        Some((folder, docs, block))
    })
}

/// Each agreement with its range of the index: as many clauses as its index has, which with its
/// folder `found` says (of the agreement and its place in the portfolio).
fn agreements(
    portal: &Portal,
    found: &dyn Fn(usize, &super::Entry) -> Option<Located>,
) -> Result<Vec<Searched>, WriteError> {
    let mut out: Vec<Searched> = Vec::new();
    for (i, e) in portal.entries.iter().enumerate() {
        let (folder, docs, block) =
            found(i, e).ok_or_else(|| malformed(&format!("{}/{META}", portal.access.folder(&e.id))))?;
        let mut units: Vec<String> = Vec::new();
        for p in &e.parties {
            if !units.contains(&p.unit) {
                units.push(p.unit.clone());
            }
        }
        let start = out.last().map_or(0, |s| s.end);
        out.push(Searched {
            id: e.id.clone(),
            order: portal.order(&e.id),
            title: e.published.title.clone(),
            url: portal.home(&e.id),
            release: e.release.clone(),
            units,
            start,
            end: start + docs,
            folder,
            block,
        });
    }
    Ok(out)
}

/// The error of an agreement's index file (at `path` from the portal's root) that is missing or not
/// as its build writes it.
fn malformed(path: &str) -> WriteError {
    WriteError::Io(path.into(), std::io::ErrorKind::InvalidData.into())
}
