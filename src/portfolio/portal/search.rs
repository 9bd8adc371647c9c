//! The portal's search, over every agreement's release in force: one index of their clauses in
//! `search/` (the sharded files of an agreement's own search, each clause's entry naming its
//! agreement) and its page, `search.html`, which groups what it finds by agreement and filters by
//! agreement and by department. Older releases are searched on their agreements' own sites.
//!
//! The clauses are read back from each agreement's own index (its release in force's blocks), so
//! that a portal assembled from bundles searches exactly what a one-shot build's does, with no
//! agreement in memory. An editing session's sites have no release folders: there each
//! agreement's working tree is searched.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use minijinja::context;
use serde::Serialize;

use crate::base::catalog::Locale;
use crate::base::memo::hash_of;
use crate::base::site::{Sink, WriteError};
use crate::render::search::{META, SearchDoc, SearchIndex, block_file, read_block, read_meta};

use super::{Portal, ser};

/// Largest file of an agreement's index read (a block holds four clauses).
const LIMIT: u64 = 64 << 20;

/// The text of a file of the agreements' sites, by its path from the portal's root.
pub(in crate::portfolio) type Sites<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// The agreements' sites written in `dir` (the portal's folder), each file read when it is at
/// most [`LIMIT`] bytes.
pub(in crate::portfolio) fn on_disk(dir: &Path) -> impl Fn(&str) -> Option<String> + Sync + '_ {
    move |path: &str| {
        let file = dir.join(path);
        let small = std::fs::metadata(&file).ok()?.len() <= LIMIT;
        small.then(|| std::fs::read_to_string(&file).ok()).flatten()
    }
}

/// An agreement as the search page knows it: its clauses are entries `start` to `end`
/// (exclusive) of the index, read from its site's folder `folder`.
#[derive(Debug, Serialize)]
struct Searched {
    id: String,
    title: String,
    url: String,
    release: Option<String>,
    /// The departments its parties are, by id.
    units: Vec<String>,
    start: usize,
    end: usize,
    #[serde(skip)]
    folder: String,
    #[serde(skip)]
    block: usize,
}

/// Writes the portal's search index and page into `sink`, reading each agreement's index from
/// its site through `sites`; how many files.
/// With `kept` (an editing session's index, and for each agreement how many times each block of
/// its own index changed), only the clauses of blocks that changed are read again.
pub(super) fn write(
    portal: &Portal,
    sites: &Sites<'_>,
    sink: &dyn Sink,
    kept: Option<(&mut SearchIndex, &[Vec<u64>])>,
) -> Result<usize, WriteError> {
    let searched = agreements(portal, sites)?;
    let count = searched.last().map_or(0, |s| s.end);
    let reader = Reader { sites, call: CALLS.fetch_add(1, Ordering::Relaxed), failed: Mutex::new(None) };
    let doc = |i: usize| reader.doc(&searched, i);
    let files = AtomicUsize::new(0);
    let put = |path: String, text: std::sync::Arc<str>| {
        files.fetch_add(1, Ordering::Relaxed);
        sink.put(&path, text.into())
    };
    match kept {
        None => crate::render::search::write_docs(count, &doc, &put)?,
        Some((index, generations)) => {
            let keys: Vec<Option<u64>> = searched
                .iter()
                .zip(generations)
                .flat_map(|(s, g)| (0..s.end - s.start).map(move |j| Some(hash_of((&s.id, g.get(j / s.block), j)))))
                .collect();
            crate::render::search::update_docs(index, &keys, &doc, &put)?;
        }
    }
    if let Some(e) = reader.failed.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        return Err(e);
    }
    // The departments that are a party to some agreement, in the departments file's order.
    let units: Vec<_> = portal
        .units
        .iter()
        .filter(|u| searched.iter().any(|s| s.units.contains(&u.id)))
        .map(|u| context! { id => &u.id, name => &u.name })
        .collect();
    let page = portal.page("", context! { agreements => ser(&searched), units => units });
    let (html, _) =
        crate::render::builtin_pages(vec![("portal_search.html", page)], Locale::of(&portal.config.language))
            .map_err(|d| WriteError::Io("search.html".into(), std::io::Error::other(d.message)))?;
    sink.put("search.html", html.into_iter().next().unwrap_or_default().into_bytes().into())?;
    Ok(files.into_inner() + 1)
}

/// Each agreement with its range of the index: as many clauses as its release in force's own
/// index has (its working tree's, where the site has no release folder).
fn agreements(portal: &Portal, sites: &Sites<'_>) -> Result<Vec<Searched>, WriteError> {
    let mut out: Vec<Searched> = Vec::new();
    for e in portal.entries {
        let release = format!("{}/{}", e.id, e.release.as_ref().map(|r| format!("{r}/")).unwrap_or_default());
        let read_meta = |folder: String| Some((read_meta(&sites(&format!("{folder}{META}"))?)?, folder));
        let ((docs, block), folder) = read_meta(release.clone())
            .or_else(|| read_meta(format!("{}/", e.id)))
            .ok_or_else(|| malformed(&format!("{release}{META}")))?;
        let mut units: Vec<String> = Vec::new();
        for p in &e.parties {
            if !units.contains(&p.unit) {
                units.push(p.unit.clone());
            }
        }
        let start = out.last().map_or(0, |s| s.end);
        out.push(Searched {
            id: e.id.clone(),
            title: e.published.title.clone(),
            url: format!("{}/index.html", e.id),
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

/// Which call of [`write`] this is: the blocks a thread keeps are of one call only.
static CALLS: AtomicU64 = AtomicU64::new(0);

/// A block's clauses, as read.
type Block = Rc<Vec<SearchDoc<'static>>>;

thread_local! {
    /// The block this thread read last (of which call, from which file): the index asks for its
    /// clauses one by one, in order.
    static LAST: RefCell<Option<(u64, String, Block)>> = const { RefCell::new(None) };
}

/// Reads the clauses of the agreements' own indexes.
struct Reader<'a> {
    sites: &'a Sites<'a>,
    call: u64,
    /// The first file that could not be read.
    failed: Mutex<Option<WriteError>>,
}

impl Reader<'_> {
    /// Entry `i` of the index: its agreement's clause, its page from the portal's root.
    fn doc(&self, searched: &[Searched], i: usize) -> SearchDoc<'static> {
        let s = &searched[searched.partition_point(|s| s.end <= i)];
        let (b, j) = ((i - s.start) / s.block, (i - s.start) % s.block);
        let path = format!("{}{}", s.folder, block_file(b));
        let found = self.block(&path, b).and_then(|docs| {
            let d = docs.get(j)?;
            // A clause's page on its site is `clauses/<file>.html`: nothing else is linked.
            let page = d.u.strip_prefix("clauses/").filter(|p| !p.contains(['/', '\\']) && !p.starts_with('.'))?;
            Some(SearchDoc {
                n: d.n.clone(),
                t: d.t.clone(),
                u: format!("{}clauses/{page}", s.folder).into(),
                x: d.x.clone(),
                m: d.m.clone(),
                a: Some(s.id.clone().into()),
            })
        });
        found.unwrap_or_else(|| {
            self.failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(malformed(&path));
            SearchDoc {
                n: "".into(),
                t: "".into(),
                u: s.url.clone().into(),
                x: "".into(),
                m: "".into(),
                a: Some(s.id.clone().into()),
            }
        })
    }

    /// The clauses of block `b` at `path`, read once per thread while it asks for them.
    fn block(&self, path: &str, b: usize) -> Option<Block> {
        let kept = LAST.with_borrow(|last| match last {
            Some((call, p, docs)) if *call == self.call && p == path => Some(Rc::clone(docs)),
            _ => None,
        });
        if kept.is_some() {
            return kept;
        }
        let docs = Rc::new(read_block(b, &(self.sites)(path)?)?);
        LAST.set(Some((self.call, path.to_string(), Rc::clone(&docs))));
        Some(docs)
    }
}

/// The error of an agreement's index file (at `path` from the portal's root) that is missing or not
/// as its build writes it.
fn malformed(path: &str) -> WriteError {
    WriteError::Io(path.into(), std::io::ErrorKind::InvalidData.into())
}
