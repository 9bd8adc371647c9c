//! The portfolio's clause library as the portal shows it (`library/` beside `portfolio.yaml`):
//! `library/index.html` lists each standard clause with its newest edition and how many versions
//! in force use it and lag; `library/<clause>/index.html` shows its editions (text and kind) and
//! "used by": every version of every agreement (each release with its sign-off, and the draft)
//! that uses it, which edition, and how far behind, read from each version in Git;
//! `library/<clause>/<a>-<b>.html` is the redline between any two editions. A restricted
//! agreement's uses are rows of its audience's part, never of the public pages.

use minijinja::{Value, context};

use crate::base::model::library::{Edition, Kind, Library};
use crate::versions::diff::redline;

use super::super::entry::{Entry, LibraryUse};
use super::Portal;

/// Up to how many editions the redline of every two is written.
const ALL_PAIRS: usize = 12;

/// The folder of the library's pages in the portal.
pub(super) const DIR: &str = "library/";

/// How far a use lags behind the library: how many newer editions, and the largest kind among
/// them.
fn behind(library: &Library, u: &LibraryUse) -> Option<(u32, Kind)> {
    library.pending(&u.uses, u.edition)
}

/// An edition's text as the library page shows it: rendered, its placeholders as written.
fn html(e: &Edition) -> String {
    let dir = e.file.parent().unwrap_or(std::path::Path::new(""));
    let parsed = crate::base::markdown::parse(&e.markdown, e.first_line, dir, &format!("e{}-", e.number));
    parsed.html.resolve(|_| None, |id| format!("#{id}"))
}

/// The address of the redline between editions `a` and `b` of a clause, from its page.
fn compare(a: u32, b: u32) -> String {
    format!("{a}-{b}.html")
}

impl Portal<'_> {
    /// The library's pages, each with its path in the portal and its template; none without a
    /// library.
    pub(super) fn library_pages(&self) -> Vec<(String, &'static str, Value)> {
        let Some(library) = self.config.library.as_deref() else { return Vec::new() };
        let mut pages = Vec::new();
        let mut clauses = Vec::new();
        for (id, editions) in &library.clauses {
            let Some(newest) = editions.last() else { continue };
            let uses = self.uses_of(library, id, self.entries);
            // Each agreement once: its version in force or its draft uses the clause, and lags.
            let current = |lags: bool| {
                let by = self.entries.iter().filter(|e| {
                    e.library
                        .iter()
                        .any(|u| u.uses == *id && (u.in_force || u.latest) && (!lags || behind(library, u).is_some()))
                });
                by.count()
            };
            clauses.push(context! {
                id => id, title => &newest.title, newest => newest.number, kind => newest.kind.map(Kind::word),
                used => current(false), lagging => current(true),
            });
            let shown: Vec<Value> = editions
                .iter()
                .rev()
                .map(|e| {
                    let previous = (e.number > 1).then(|| compare(e.number - 1, e.number));
                    context! { number => e.number, title => &e.title, kind => e.kind.map(Kind::word), html => html(e), previous => previous }
                })
                .collect();
            let pairs = self.redlines(id, editions, &mut pages);
            let page = context! {
                clause => context! { id => id, title => &newest.title, newest => newest.number },
                editions => shown, pairs => pairs, uses => uses, all_pairs => editions.len() <= ALL_PAIRS,
            };
            pages.push((format!("{DIR}{id}/index.html"), "library_clause.html", self.page("../../", page)));
        }
        let index = context! { library => context! { title => &library.title }, clauses => clauses };
        pages.insert(0, (format!("{DIR}index.html"), "library.html", self.page("../", index)));
        pages
    }

    /// The redline pages of library clause `id` (its `editions`), added to `pages`; the pairs
    /// compared, as its page links them. Every pair while they are few; of many, each with the
    /// next and with the newest, so that the pages grow with the editions, not with their square.
    fn redlines(&self, id: &str, editions: &[Edition], pages: &mut Vec<(String, &'static str, Value)>) -> Vec<Value> {
        let newest = editions.last().map_or(0, |e| e.number);
        let compared = |a: u32, b: u32| editions.len() <= ALL_PAIRS || b == a + 1 || b == newest;
        let mut pairs = Vec::new();
        for a in editions {
            for b in editions.iter().filter(|b| b.number > a.number && compared(a.number, b.number)) {
                let between = editions.iter().filter(|e| e.number > a.number && e.number <= b.number);
                let kind = between.filter_map(|e| e.kind).max();
                let page = context! {
                    clause => context! { id => id, title => &b.title }, a => a.number, b => b.number,
                    kind => kind.map(Kind::word), redline => redline(&a.markdown, &b.markdown),
                };
                let url = compare(a.number, b.number);
                pages.push((format!("{DIR}{id}/{url}"), "library_compare.html", self.page("../../", page)));
                pairs.push(context! { a => a.number, b => b.number, url => url });
            }
        }
        pairs
    }

    /// The uses of library clause `id` in `entries` (a row of its "used by" each), in the
    /// portfolio's order then each agreement's versions'.
    pub(super) fn uses_of(&self, library: &Library, id: &str, entries: &[&Entry]) -> Vec<Value> {
        let mut out = Vec::new();
        for e in entries {
            for (i, u) in e.library.iter().enumerate().filter(|(_, u)| u.uses == id) {
                let lag = behind(library, u);
                let row = context! {
                    key => format!("{:06}-{i:06}", self.order(&e.id)), uses => id,
                    agreement => &e.published.title, home => self.home(&e.id),
                    version => &u.version, release => u.release, in_force => u.in_force, signoff => &u.signoff,
                    clause => &u.clause, url => &u.url, edition => u.edition,
                    behind => lag.map(|(n, _)| n), kind => lag.map(|(_, k)| k.word()),
                };
                out.push(row);
            }
        }
        out
    }

    /// How many of `e`'s library clauses lag behind the library, and by how much (the most
    /// editions, the largest kind of change missed): in its version in force, and in its draft
    /// when that is another; what its card on the index says.
    pub(super) fn lagging(&self, e: &Entry) -> Vec<Value> {
        let Some(library) = self.config.library.as_deref() else { return Vec::new() };
        let in_force = e.library.iter().filter(|u| u.in_force);
        let draft = e.library.iter().filter(|u| u.latest && !u.in_force);
        let of = |uses: Vec<&LibraryUse>| {
            let first = uses.first()?;
            let lags: Vec<(u32, Kind)> = uses.iter().filter_map(|u| behind(library, u)).collect();
            let kind = lags.iter().map(|(_, k)| *k).max().map(Kind::word);
            let most = lags.iter().map(|(n, _)| *n).max();
            let (version, release) = (&first.version, first.release);
            Some(context! { version, release, used => uses.len(), lagging => lags.len(), kind, most, url => DIR })
        };
        [of(in_force.collect()), of(draft.collect())].into_iter().flatten().collect()
    }
}
