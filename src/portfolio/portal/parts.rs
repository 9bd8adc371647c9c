//! The portal of a portfolio with confidential agreements ([`crate::base::access`]). Its public
//! pages and search show the agreements everyone may read. Each audience's folder
//! (`_a/<audience>/`) holds its part: `portal.js`, what its agreements add to those pages (the
//! index's cards and departments' counts, each department's duties, coming obligations and
//! awaited approvals), and the table of its own search index beside it (`search/`), and its
//! department calendars (`departments/<id>.ics`). The public pages load each audience's part
//! (`static/portal.js`): the web server refuses it to a reader outside the audience, and the page
//! goes on without it.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::{Value, context};
use serde::Serialize;

use crate::base::access::Access;
use crate::base::catalog::Locale;
use crate::base::site::{Sink, WriteError};
use crate::render::search::{META, Meta};

use super::search::{Indexes, Searched, Sites};
use super::{Config, Entry, Portal, Unit, ser};

/// The file of an audience's part, in its folder.
pub(in crate::portfolio) const PART: &str = "portal.js";

/// What an audience's part adds to the public pages, as `static/portal.js` reads it.
#[derive(Serialize)]
struct Part {
    /// The names of the audience's departments, which its calendars' links say.
    audience: String,
    /// The index's card of each agreement (HTML, each with its `data-order`).
    cards: Vec<String>,
    /// Each department that is a party to one of the audience's agreements.
    units: Vec<UnitPart>,
    /// The audience's search index.
    search: SearchPart,
    /// Its agreements' uses of the library's clauses: rows of each clause's "used by" (HTML,
    /// each with its `data-clause` and `data-key`).
    library: Vec<String>,
}

/// What an audience's agreements add to a department's page and to its line on the index.
#[derive(Serialize)]
struct UnitPart {
    id: String,
    name: String,
    /// How many of the audience's agreements it is a party to.
    agreements: usize,
    /// Its duties in each agreement (HTML, each with its `data-order`).
    groups: Vec<String>,
    /// What comes (HTML, each with its `data-key`, by which the page sorts them).
    next: Vec<String>,
    /// What awaits its approval (HTML, each with its `data-order`).
    awaiting: Vec<String>,
    /// The audience's calendar of the department, from the portal's root.
    calendar: String,
}

/// The audience's search index: its table, and its agreements as the search page knows them.
#[derive(Serialize)]
struct SearchPart {
    meta: Meta,
    agreements: Vec<Searched>,
}

/// The restricted agreements among `entries`, by their audience's folder (`_a/hr/`), each
/// audience's in the portfolio's order.
pub(in crate::portfolio) fn audiences<'e>(access: &Access, entries: &[&'e Entry]) -> BTreeMap<String, Vec<&'e Entry>> {
    let mut by: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        if let Some(audience) = access.audience(&e.id) {
            by.entry(format!("{}/", audience.folder())).or_default().push(e);
        }
    }
    by
}

/// Writes the portal of `entries` into `sink`, reading the agreements' sites (written already)
/// through `sites`: each audience's part, then the public pages and search, which load them;
/// how many files.
pub(in crate::portfolio) fn write(
    (config, units, access): (&Config, &[Unit], &Access),
    entries: &[&Entry],
    sink: &dyn Sink,
    sites: &Sites<'_>,
) -> Result<usize, WriteError> {
    let by = audiences(access, entries);
    let mut files = 0;
    for (dir, entries) in &by {
        files += Portal::new(config, units, entries, access).part(sink, dir, Indexes::Read(sites))?;
    }
    let public: Vec<&Entry> = entries.iter().copied().filter(|e| access.audience(&e.id).is_none()).collect();
    let portal = Portal::new(config, units, &public, access).with_parts(&by);
    Ok(files + portal.render(sink, sites)?)
}

/// What an audience's part adds to the public pages: its cards, its departments' pieces, its
/// rows of the library's "used by".
type Fragments = (Vec<String>, Vec<UnitPart>, Vec<String>);

impl Portal<'_> {
    /// Writes the part of the audience whose folder is `dir` (`_a/hr/`; this portal's entries are
    /// its agreements) into `sink`: `portal.js`, its search index, merged from the agreements'
    /// own as `indexes` finds them, and its department calendars; how many files.
    pub(in crate::portfolio) fn part(
        &self,
        sink: &dyn Sink,
        dir: &str,
        indexes: Indexes<'_>,
    ) -> Result<usize, WriteError> {
        let files = std::sync::atomic::AtomicUsize::new(0);
        let meta = std::sync::Mutex::new(None);
        // The table goes into the part: the public search page has its own `search/meta.js`.
        let put = |path: String, text: Arc<str>| {
            if path == META {
                *meta.lock().unwrap_or_else(|e| e.into_inner()) = Meta::read(&text);
                return Ok(());
            }
            files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            sink.put(&format!("{dir}{path}"), text.into())
        };
        let agreements = super::search::index(self, indexes, &put)?;
        let meta = meta.into_inner().unwrap_or_else(|e| e.into_inner());
        let meta =
            meta.ok_or_else(|| WriteError::Io(format!("{dir}{META}").into(), std::io::ErrorKind::InvalidData.into()))?;
        let mut files = files.into_inner();
        let involved =
            self.units.iter().filter(|u| self.entries.iter().any(|e| e.parties.iter().any(|p| p.unit == u.id)));
        let involved: Vec<&Unit> = involved.collect();
        for u in &involved {
            sink.put(&format!("{dir}departments/{}.ics", u.id), self.calendar(u).into_bytes().into())?;
            files += 1;
        }
        let (cards, units, library) = self.fragments(dir, &involved)?;
        let names = self.entries.first().map(|e| self.audience_names(&e.id)).unwrap_or_default();
        let audience = names.join(if self.config.language.starts_with("zh") { "、" } else { ", " });
        let part = Part { audience, cards, units, search: SearchPart { meta, agreements }, library };
        let json = serde_json::to_string(&part)
            .map_err(|e| WriteError::Io(format!("{dir}{PART}").into(), std::io::Error::other(e)))?;
        sink.put(&format!("{dir}{PART}"), format!("CLAUSEBOOK_PART({json});\n").into_bytes().into())?;
        Ok(files + 1)
    }

    /// The cards of the index and the departments' parts of the audience in folder `dir`, each
    /// HTML piece made by the theme's template that makes it on the public pages.
    fn fragments(&self, dir: &str, involved: &[&Unit]) -> Result<Fragments, WriteError> {
        let mut pieces: Vec<(&str, Value)> = Vec::new();
        let library = self.config.library.as_deref();
        let uses = library.into_iter().flat_map(|l| l.clauses.keys().flat_map(|id| self.uses_of(l, id, self.entries)));
        let uses: Vec<Value> = uses.collect();
        let used = uses.len();
        pieces.extend(uses.into_iter().map(|u| ("library_use.html", self.page("../../", context! { u => u }))));
        for e in self.entries {
            pieces.push(("portal_card.html", self.page("", context! { a => self.row(e) })));
        }
        let mut shapes = Vec::new();
        for u in involved {
            let (groups, next, awaiting) = self.department_parts(u);
            shapes.push((groups.len(), next.len(), awaiting.len()));
            for g in groups {
                pieces.push(("department_group.html", self.page("../", context! { g => ser(&g) })));
            }
            for e in next {
                pieces.push(("department_next.html", self.page("../", context! { e => ser(e) })));
            }
            for a in awaiting {
                pieces.push(("department_awaiting.html", self.page("../", context! { a => a })));
            }
        }
        let (html, _) = crate::render::builtin_pages(pieces, Locale::of(&self.config.language))
            .map_err(|d| WriteError::Io(format!("{dir}{PART}").into(), std::io::Error::other(d.message)))?;
        let mut html = html.into_iter().map(|h| h.trim().to_string());
        let library: Vec<String> = html.by_ref().take(used).collect();
        let cards: Vec<String> = html.by_ref().take(self.entries.len()).collect();
        let mut units = Vec::new();
        for (u, (groups, next, awaiting)) in involved.iter().zip(shapes) {
            let agreements = self.entries.iter().filter(|e| e.parties.iter().any(|p| p.unit == u.id)).count();
            units.push(UnitPart {
                id: u.id.clone(),
                name: u.name.clone(),
                agreements,
                groups: html.by_ref().take(groups).collect(),
                next: html.by_ref().take(next).collect(),
                awaiting: html.by_ref().take(awaiting).collect(),
                calendar: format!("{dir}departments/{}.ics", u.id),
            });
        }
        Ok((cards, units, library))
    }
}
