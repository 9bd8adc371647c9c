//! The portal's own pages, assembled from each agreement's [`Entry`]: every agreement with its
//! release in force, sign-off, findings, coming obligations and reviews (`index.html`), and a
//! page and a calendar per department with its duties, obligations and awaited approvals across
//! every agreement (`departments/<id>.html`, `.ics`). Each agreement's own site sits beside them,
//! in the folder named by its id.

use minijinja::{Value, context};
use serde::Serialize;

use crate::base::access::Access;
use crate::base::catalog::Locale;
use crate::base::lang::Lang;
use crate::base::site::{Bytes, Sink, WriteError};

use super::config::{Config, Unit};
use super::entry::{Coming, Entry};

mod library;
mod parts;
mod search;

pub(super) use parts::{audiences, write};
pub(super) use search::{Indexes, Page, Sites, on_disk};

/// How many departments the header names (the portal's index lists them all).
const NAV: usize = 12;

/// The portal of a built portfolio.
pub(super) struct Portal<'a> {
    config: &'a Config,
    units: &'a [Unit],
    entries: &'a [&'a Entry],
    /// Who may read which agreement: where each one's site is.
    access: &'a Access,
    /// The folders of the audiences whose parts the public pages load (`_a/hr/`), none on an
    /// audience's own part.
    parts: Vec<String>,
    /// The restricted agreements whose titles the index shows (`visibility_title: public`),
    /// each as its card says it.
    teasers: Vec<(usize, Value)>,
    lang: Lang,
    /// Each agreement's place in the portfolio, by id, once asked (every card, group and entry of
    /// the search asks).
    orders: std::sync::OnceLock<std::collections::HashMap<&'a str, usize>>,
    /// The departments the header names, once a page asks (an edit whose portal pages stay as
    /// they were makes none).
    nav: std::sync::OnceLock<Vec<Value>>,
}

/// A department's duties in one agreement, as its page lists them.
#[derive(Debug, Serialize)]
struct Group<'a> {
    id: &'a str,
    /// The agreement's place in the portfolio, by which the pages order what audiences add.
    order: usize,
    title: &'a str,
    url: String,
    duties: Vec<&'a super::entry::DutyEntry>,
}

impl<'a> Portal<'a> {
    /// The portal of `config`'s agreements, built as `entries` (in `config`'s order), whose sites
    /// are where `access` says.
    pub(super) fn new(config: &'a Config, units: &'a [Unit], entries: &'a [&'a Entry], access: &'a Access) -> Self {
        let lang = Lang::new(&config.language);
        let (parts, teasers, orders, nav) = Default::default();
        Portal { config, units, entries, access, parts, teasers, lang, orders, nav }
    }

    /// This portal, its pages loading the parts of the audiences `by` (their agreements by their
    /// folders), its index showing the titles of those whose titles are public.
    pub(super) fn with_parts(self, by: &std::collections::BTreeMap<String, Vec<&Entry>>) -> Self {
        let titled = by.values().flatten().filter(|e| self.access.titled.contains(&e.id));
        let teasers = titled.map(|e| (self.order(&e.id), self.teaser(e))).collect();
        Portal { parts: by.keys().cloned().collect(), teasers, ..self }
    }

    /// A restricted agreement whose title is public, as the index shows it to everyone: its title
    /// and the departments that may read it.
    fn teaser(&self, e: &Entry) -> Value {
        let names: Vec<String> = self.audience_names(&e.id).into_iter().map(str::to_string).collect();
        context! { id => &e.id, order => self.order(&e.id), title => &e.published.title, restricted => names }
    }

    /// The names of the departments that may read agreement `id` (none when it is for everyone).
    fn audience_names(&self, id: &str) -> Vec<&str> {
        let units = self.access.audience(id).map(|a| a.units.as_slice()).unwrap_or_default();
        units.iter().map(|u| self.unit_name(u).unwrap_or(u)).collect()
    }

    /// The agreement `id`'s place in the portfolio.
    fn order(&self, id: &str) -> usize {
        let orders = self
            .orders
            .get_or_init(|| self.config.agreements.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect());
        orders.get(id).copied().unwrap_or(usize::MAX)
    }

    /// The address of agreement `id`'s home page, from the portal's root.
    fn home(&self, id: &str) -> String {
        format!("{}/index.html", self.access.folder(id))
    }

    /// The departments the header names: those of some agreement, the first few (every page has
    /// the header, and a company of thousands of units would make every page as long as their
    /// list).
    fn nav(&self) -> &[Value] {
        self.nav.get_or_init(|| {
            let involved: std::collections::HashSet<&str> =
                self.entries.iter().flat_map(|e| &e.parties).map(|p| p.unit.as_str()).collect();
            let units = self.units.iter().filter(|u| involved.contains(u.id.as_str())).take(NAV);
            units.map(|u| context! { id => &u.id, name => &u.name }).collect()
        })
    }

    /// Writes the portal's pages, calendars, search and the theme's static files into `sink`,
    /// reading the agreements' sites (written already) through `sites`; how many files it wrote.
    pub(super) fn render(&self, sink: &dyn Sink, sites: &Sites<'_>) -> Result<usize, WriteError> {
        Ok(self.pages(sink)? + self.search(sink, Indexes::Read(sites))?)
    }

    /// Writes the portal's search index and page ([`search::write`]), merged from the
    /// agreements' own indexes as `indexes` finds them; how many files.
    pub(super) fn search(&self, sink: &dyn Sink, indexes: Indexes<'_>) -> Result<usize, WriteError> {
        search::write(self, sink, indexes)
    }

    /// Writes the portal's pages and calendars, and the theme's static files, into `sink`: all
    /// but the search, which only the agreements' entries make; how many files.
    pub(super) fn pages(&self, sink: &dyn Sink) -> Result<usize, WriteError> {
        let locale = Locale::of(&self.config.language);
        let mut rows: Vec<(usize, Value)> = self.entries.iter().map(|e| (self.order(&e.id), self.row(e))).collect();
        rows.extend(self.teasers.iter().cloned());
        rows.sort_by_key(|(order, _)| *order);
        let rows: Vec<Value> = rows.into_iter().map(|(_, row)| row).collect();
        let units: Vec<Value> = self.units.iter().map(|u| self.unit_summary(u)).collect();
        let mut pages = vec![("portal.html", self.page("", context! { agreements => rows, units => units }))];
        for u in self.units {
            pages.push(("department.html", self.page("../", self.department(u))));
        }
        let library = self.library_pages();
        let mut paths = vec!["index.html".to_string()];
        paths.extend(self.units.iter().map(|u| format!("departments/{}.html", u.id)));
        for (path, template, page) in library {
            paths.push(path);
            pages.push((template, page));
        }
        let (html, assets) = crate::render::builtin_pages(pages, locale)
            .map_err(|d| WriteError::Io("portal".into(), std::io::Error::other(d.message)))?;
        let mut files = 0;
        let mut put = |path: String, bytes: Bytes| {
            files += 1;
            sink.put(&path, bytes)
        };
        for (path, page) in paths.into_iter().zip(html) {
            put(path, page.into_bytes().into())?;
        }
        for u in self.units {
            put(format!("departments/{}.ics", u.id), self.calendar(u).into_bytes().into())?;
        }
        for (name, bytes) in assets {
            put(format!("static/{name}"), Bytes::from(bytes.to_vec()))?;
        }
        put(crate::render::ROOT_MARKER.into(), crate::render::ROOT_MARKER_TEXT.as_bytes().to_vec().into())?;
        Ok(files)
    }

    /// The day the portal is as of: its agreements'.
    fn today(&self) -> String {
        self.entries.first().map(|e| e.today.to_string()).unwrap_or_default()
    }

    /// A page's context: `extra` and what every page of the portal has.
    fn page(&self, root: &str, extra: Value) -> Value {
        let site = context! {
            language => &self.config.language,
            title => &self.config.title,
            t => self.lang.words(),
            versioned => false,
            today => self.today(),
            library => self.config.library.is_some(),
        };
        let parts = &self.parts;
        context! { site => site, root => root, nav_units => self.nav(), version_banner => "", parts => parts, ..extra }
    }

    /// The name of the department `id`.
    fn unit_name(&self, id: &str) -> Option<&str> {
        self.units.iter().find(|u| u.id == id).map(|u| u.name.as_str())
    }

    /// An agreement as the index lists it.
    fn row(&self, e: &Entry) -> Value {
        let departments: Vec<String> =
            e.parties.iter().map(|p| self.unit_name(&p.unit).unwrap_or(&p.name).to_string()).collect();
        let awaiting: Vec<String> = e.awaiting.iter().map(|p| p.name.clone()).collect();
        let next: Vec<&Coming> = e.coming.iter().take(3).collect();
        let count = |kept: &str| e.recent.iter().filter(|c| c.kept.as_deref() == Some(kept)).count();
        let missed: Vec<&Coming> = e.recent.iter().filter(|c| c.kept.as_deref() == Some("missed")).take(3).collect();
        let kept = (!e.recent.is_empty()).then(|| {
            context! { done => count("done"), missed => count("missed"), pending => count("pending"), missed_list => ser(&missed) }
        });
        context! {
            id => &e.id,
            order => self.order(&e.id),
            title => &e.published.title,
            url => self.home(&e.id),
            release => &e.release,
            release_date => e.release_date.map(|d| d.to_string()),
            effective => e.effective.map(|d| d.to_string()),
            signoff => &e.signoff,
            awaiting => awaiting,
            errors => e.errors,
            warnings => e.warnings,
            infos => e.infos,
            reviews_past => e.reviews_past,
            reviews_soon => e.reviews_soon,
            next => ser(&next),
            period => ser(&e.period),
            kept => kept,
            departments => departments,
            library => self.lagging(e),
        }
    }

    /// A department as the index lists it.
    fn unit_summary(&self, unit: &Unit) -> Value {
        let agreements = self.entries.iter().filter(|e| e.parties.iter().any(|p| p.unit == unit.id)).count();
        context! { id => &unit.id, name => &unit.name, aliases => &unit.aliases, agreements => agreements }
    }

    /// A department's duties in each agreement, what comes for it and what awaits its approval.
    fn department_parts(&self, unit: &Unit) -> (Vec<Group<'_>>, Vec<&Coming>, Vec<Value>) {
        let mine = |p: &super::entry::PartyEntry| p.unit == unit.id;
        let involved = || self.entries.iter().filter(move |e| e.parties.iter().any(mine));
        let groups: Vec<Group> = involved()
            .map(|e| Group {
                id: &e.id,
                order: self.order(&e.id),
                title: &e.published.title,
                url: self.home(&e.id),
                duties: e.duties.iter().filter(|d| d.unit == unit.id).collect(),
            })
            .collect();
        let awaiting: Vec<Value> = involved()
            .filter(|e| e.awaiting.iter().any(mine))
            .map(|e| {
                let (url, order) = (self.home(&e.id), self.order(&e.id));
                context! { title => &e.published.title, url => url, order => order, release => &e.release, state => &e.signoff }
            })
            .collect();
        // What comes, and what was missed (of the duties whose records are kept).
        let missed = self.entries.iter().flat_map(|e| &e.recent).filter(|c| c.kept.as_deref() == Some("missed"));
        let mut next: Vec<&Coming> = self
            .entries
            .iter()
            .flat_map(|e| &e.coming)
            .chain(missed)
            .filter(|c| c.owner.as_ref().is_some_and(mine))
            .collect();
        next.sort_by(|a, b| (a.date, &a.url, &a.text).cmp(&(b.date, &b.url, &b.text)));
        (groups, next, awaiting)
    }

    /// A department's page: its duties in every agreement, what comes, what awaits its approval.
    fn department(&self, unit: &Unit) -> Value {
        let (groups, next, awaiting) = self.department_parts(unit);
        let parent = unit.parent.as_deref().and_then(|p| self.unit_name(p)).map(str::to_string);
        let unit = context! { id => &unit.id, name => &unit.name, aliases => &unit.aliases, parent => parent };
        context! { unit => unit, groups => ser(&groups), next => ser(&next), awaiting => awaiting }
    }

    /// The department's calendar: every agreement's reviews and duties of its parties (RFC 5545).
    fn calendar(&self, unit: &Unit) -> String {
        let name = format!("{} · {}", self.config.title, unit.name);
        let (head, tail) = crate::render::publish::calendar_named(&name);
        let mut out: String = head.iter().map(|s| s.as_ref()).collect();
        for e in self.entries.iter() {
            for (_, events) in e.events.iter().filter(|(u, _)| *u == unit.id) {
                out.push_str(events);
            }
        }
        out.extend(tail.iter().map(|s| s.as_ref()));
        out
    }
}

/// Any serializable view as a template value.
fn ser<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}
