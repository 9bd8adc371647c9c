//! The portal's own pages: every agreement with its release in force, sign-off, findings, coming
//! obligations and reviews (`index.html`), and a page and a calendar per department with its
//! duties, obligations and awaited approvals across every agreement (`departments/<id>.html`,
//! `.ics`). Each agreement's own site sits beside them, in the folder named by its id.

use chrono::NaiveDate;
use minijinja::{Value, context};
use serde::Serialize;

use crate::base::catalog::Locale;
use crate::base::diagnostic::Summary;
use crate::base::lang::Lang;
use crate::base::model::{Agreement, Clause, Status};
use crate::base::site::{Bytes, Sink, WriteError};
use crate::pipeline::Built;

use super::config::{Config, Unit};
use super::manifest::Manifest;
use super::units::unit_of;

mod search;

/// How far ahead the portal looks for obligations and reviews.
const AHEAD: i64 = 90;

/// An agreement as the portal's index lists it.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    title: String,
    url: String,
    release: Option<String>,
    release_date: Option<NaiveDate>,
    effective: Option<NaiveDate>,
    signoff: &'static str,
    awaiting: Vec<String>,
    errors: usize,
    warnings: usize,
    infos: usize,
    reviews_past: usize,
    reviews_soon: usize,
    next: Vec<Coming>,
    departments: Vec<String>,
}

/// One dated thing to do, coming within [`AHEAD`] days.
#[derive(Debug, Clone, Serialize)]
struct Coming {
    date: NaiveDate,
    kind: &'static str,
    text: String,
    owner: Option<String>,
    agreement: String,
    clause: String,
    url: String,
}

/// A duty of a department, as its page lists it.
#[derive(Debug, Serialize)]
struct DutyRow {
    clause: String,
    url: String,
    text: String,
    due: Option<NaiveDate>,
    cadence: Option<String>,
}

/// A department's duties in one agreement.
#[derive(Debug, Serialize)]
struct Group {
    id: String,
    title: String,
    url: String,
    party: String,
    duties: Vec<DutyRow>,
}

/// The portal of a built portfolio.
pub(super) struct Portal<'a> {
    config: &'a Config,
    units: &'a [Unit],
    manifests: &'a [Manifest],
    built: &'a [Built],
    today: NaiveDate,
    lang: Lang,
}

impl<'a> Portal<'a> {
    /// The portal of `config`'s agreements (`manifests`, built as `built`), as of `today`.
    pub(super) fn new(
        config: &'a Config,
        units: &'a [Unit],
        manifests: &'a [Manifest],
        built: &'a [Built],
        today: NaiveDate,
    ) -> Self {
        Portal { config, units, manifests, built, today, lang: Lang::new(&config.language) }
    }

    /// Writes the portal's pages, calendars and the theme's static files into `sink`; how many
    /// files it wrote.
    pub(super) fn render(&self, sink: &dyn Sink, base_url: Option<&str>) -> Result<usize, WriteError> {
        let locale = Locale::of(&self.config.language);
        let rows: Vec<Row> = (0..self.manifests.len()).map(|i| self.row(i)).collect();
        let units: Vec<Value> = self.units.iter().map(|u| self.unit_summary(u)).collect();
        let mut pages = vec![("portal.html", self.page("", context! { agreements => ser(&rows), units => units }))];
        for u in self.units {
            pages.push(("department.html", self.page("../", self.department(u))));
        }
        let (html, assets) = crate::render::builtin_pages(pages, locale)
            .map_err(|d| WriteError::Io("portal".into(), std::io::Error::other(d.message)))?;
        let mut files = 0;
        let mut put = |path: String, bytes: Bytes| {
            files += 1;
            sink.put(&path, bytes)
        };
        let mut html = html.into_iter();
        put("index.html".into(), html.next().unwrap_or_default().into_bytes().into())?;
        for (u, page) in self.units.iter().zip(html) {
            put(format!("departments/{}.html", u.id), page.into_bytes().into())?;
            put(format!("departments/{}.ics", u.id), self.calendar(u, base_url).into_bytes().into())?;
        }
        for (name, bytes) in assets {
            put(format!("static/{name}"), Bytes::from(bytes.to_vec()))?;
        }
        put(crate::render::ROOT_MARKER.into(), crate::render::ROOT_MARKER_TEXT.as_bytes().to_vec().into())?;
        Ok(files + search::write(self, sink)?)
    }

    /// A page's context: `extra` and what every page of the portal has.
    fn page(&self, root: &str, extra: Value) -> Value {
        let site = context! {
            language => &self.config.language,
            title => &self.config.title,
            t => self.lang.words(),
            versioned => false,
            today => self.today.to_string(),
        };
        let nav = self.units.iter().map(|u| context! { id => &u.id, name => &u.name }).collect::<Vec<_>>();
        context! { site => site, root => root, nav_units => nav, version_banner => "", ..extra }
    }

    /// Agreement `i` as the index lists it.
    fn row(&self, i: usize) -> Row {
        let (m, built) = (&self.manifests[i], &self.built[i]);
        let summary = Summary::of(&built.checked.diagnostics);
        let (signoff, awaiting) = self.signoff(i);
        let (reviews_past, reviews_soon) = m.current.as_ref().map_or((0, 0), |a| self.reviews(a));
        let mut next = self.coming(i, None);
        next.truncate(3);
        let departments = m
            .current
            .iter()
            .flat_map(|a| &a.parties)
            .map(|p| self.units.iter().find(|u| u.id == unit_of(p)).map_or_else(|| p.name.clone(), |u| u.name.clone()))
            .collect();
        Row {
            id: m.published.id.clone(),
            title: m.published.title.clone(),
            url: format!("{}/index.html", m.published.id),
            release: m.release.as_ref().map(|r| r.0.clone()),
            release_date: m.release.as_ref().and_then(|r| r.1),
            effective: m.current.as_ref().and_then(|a| a.effective),
            signoff,
            awaiting,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            reviews_past,
            reviews_soon,
            next,
            departments,
        }
    }

    /// The sign-off of agreement `i`'s release in force (its working tree's without releases):
    /// `complete`, `missing` (with the parties whose approval it awaits), `stale`, or `none` where
    /// it needs none.
    fn signoff(&self, i: usize) -> (&'static str, Vec<String>) {
        let (m, built) = (&self.manifests[i], &self.built[i]);
        let status = match &m.release {
            Some((name, _)) if built.checked.signoff.as_ref().is_some_and(|s| s.version.as_deref() == Some(name)) => {
                built.checked.signoff.as_ref()
            }
            Some((name, _)) => built.others.iter().find(|v| &v.name == name).and_then(|v| v.checked.signoff.as_ref()),
            None => built.checked.signoff.as_ref(),
        };
        let Some(status) = status.filter(|s| !s.required.is_empty()) else { return ("none", Vec::new()) };
        let waiting: Vec<&crate::signoff::judge::PartyState> =
            status.parties.iter().filter(|p| p.required && p.state != "approved").collect();
        match waiting.first() {
            None => ("complete", Vec::new()),
            Some(p) if p.state == "stale" => ("stale", waiting.iter().map(|p| p.name.clone()).collect()),
            Some(_) => ("missing", waiting.iter().map(|p| p.name.clone()).collect()),
        }
    }

    /// How many of `agreement`'s clauses are past their review date, and how many come to it
    /// within [`AHEAD`] days.
    fn reviews(&self, agreement: &Agreement) -> (usize, usize) {
        let horizon = self.today + chrono::Duration::days(AHEAD);
        let dates = agreement.clauses.iter().filter(|c| c.status != Status::Retired).filter_map(|c| c.review_by);
        dates.fold((0, 0), |(past, soon), d| {
            if d < self.today {
                (past + 1, soon)
            } else if d < horizon {
                (past, soon + 1)
            } else {
                (past, soon)
            }
        })
    }

    /// What comes within [`AHEAD`] days in agreement `i` (its release in force), of the department
    /// `unit` alone when given: each duty's due date and next occurrence, each clause's review.
    fn coming(&self, i: usize, unit: Option<&str>) -> Vec<Coming> {
        let Some(agreement) = &self.manifests[i].current else { return Vec::new() };
        let horizon = self.today + chrono::Duration::days(AHEAD);
        let within = |d: NaiveDate| d >= self.today && d < horizon;
        let wanted = |p: Option<&crate::base::model::Party>| unit.is_none_or(|u| p.is_some_and(|p| unit_of(p) == u));
        let mut out = Vec::new();
        for c in agreement.clauses.iter().filter(|c| c.status != Status::Retired && !c.placeholder) {
            let entry = |date, kind, text: &str, owner: Option<&crate::base::model::Party>| Coming {
                date,
                kind,
                text: text.to_string(),
                owner: owner.map(|p| p.name.clone()),
                agreement: agreement.title.clone(),
                clause: format!("{} {}", self.lang.clause_label(c.number), c.title),
                url: self.clause_url(i, c),
            };
            if let Some(d) = c.review_by.filter(|d| within(*d) && wanted(agreement.owner(c))) {
                out.push(entry(d, "review", &c.title, agreement.owner(c)));
            }
            for (j, duty) in c.duties.iter().enumerate() {
                let owner = agreement.duty_owner(c, j);
                if !wanted(owner) {
                    continue;
                }
                if let Some(d) = duty.due.filter(|d| within(*d)) {
                    out.push(entry(d, "due", &duty.text, owner));
                }
                if let Some(rule) = &duty.schedule
                    && let Some(d) = rule.dates(self.today, horizon).next()
                {
                    out.push(entry(d, if rule.deadline { "deadline" } else { "obligation" }, &duty.text, owner));
                }
            }
        }
        out.sort_by(|a, b| (a.date, &a.url, &a.text).cmp(&(b.date, &b.url, &b.text)));
        out
    }

    /// The page of clause `c` of agreement `i` in its release in force, from the portal's root.
    fn clause_url(&self, i: usize, c: &Clause) -> String {
        let m = &self.manifests[i];
        let folder = m.release.as_ref().map(|r| format!("{}/", r.0)).unwrap_or_default();
        format!("{}/{folder}clauses/{}.html", m.published.id, c.id)
    }

    /// A department as the index lists it.
    fn unit_summary(&self, unit: &Unit) -> Value {
        let agreements = self.parties_of(unit).count();
        context! { id => &unit.id, name => &unit.name, aliases => &unit.aliases, agreements => agreements }
    }

    /// The agreements `unit` is a party of: each with its index and the party.
    fn parties_of<'u>(&'u self, unit: &'u Unit) -> impl Iterator<Item = (usize, &'a crate::base::model::Party)> + 'u {
        self.manifests.iter().enumerate().flat_map(move |(i, m)| {
            m.current.iter().flat_map(|a| &a.parties).filter(|p| unit_of(p) == unit.id).map(move |p| (i, p))
        })
    }

    /// A department's page: its duties in every agreement, what comes, what awaits its approval.
    fn department(&self, unit: &Unit) -> Value {
        let mut groups = Vec::new();
        let mut awaiting = Vec::new();
        for (i, party) in self.parties_of(unit) {
            let m = &self.manifests[i];
            let Some(agreement) = &m.current else { continue };
            let mut duties = Vec::new();
            for c in agreement.clauses.iter().filter(|c| c.status != Status::Retired && !c.placeholder) {
                for (j, d) in c.duties.iter().enumerate() {
                    if agreement.duty_owner(c, j).is_some_and(|p| p.id == party.id) {
                        duties.push(DutyRow {
                            clause: format!("{} {}", self.lang.clause_label(c.number), c.title),
                            url: self.clause_url(i, c),
                            text: d.text.clone(),
                            due: d.due,
                            cadence: d.cadence.clone(),
                        });
                    }
                }
            }
            let (state, waiting) = self.signoff(i);
            if state != "complete" && state != "none" && waiting.contains(&party.name) {
                let release = m.release.as_ref().map(|r| r.0.clone());
                awaiting.push(context! { title => &m.published.title, url => format!("{}/index.html", m.published.id), release => release, state => state });
            }
            let url = format!("{}/index.html", m.published.id);
            groups.push(Group {
                id: m.published.id.clone(),
                title: m.published.title.clone(),
                url,
                party: party.name.clone(),
                duties,
            });
        }
        let mut next: Vec<Coming> = (0..self.manifests.len()).flat_map(|i| self.coming(i, Some(&unit.id))).collect();
        next.sort_by(|a, b| (a.date, &a.url, &a.text).cmp(&(b.date, &b.url, &b.text)));
        let parent = unit.parent.as_ref().and_then(|p| self.units.iter().find(|u| &u.id == p)).map(|u| &u.name);
        let unit = context! { id => &unit.id, name => &unit.name, aliases => &unit.aliases, parent => parent };
        let (groups, next) = (ser(&groups), ser(&next));
        context! { unit => unit, groups => groups, next => next, awaiting => awaiting }
    }

    /// The department's calendar: every agreement's reviews and duties of its parties (RFC 5545).
    fn calendar(&self, unit: &Unit, base_url: Option<&str>) -> String {
        let name = format!("{} · {}", self.config.title, unit.name);
        let (head, tail) = crate::render::publish::calendar_named(&name);
        let mut out: String = head.iter().map(|s| s.as_ref()).collect();
        for (i, party) in self.parties_of(unit) {
            let m = &self.manifests[i];
            let Some(agreement) = &m.current else { continue };
            let folder = m.release.as_ref().map(|r| format!("{}/", r.0)).unwrap_or_default();
            let base = base_url.map(|b| format!("{}/{}/{folder}", b.trim_end_matches('/'), m.published.id));
            let scope = format!("{}.", m.published.id);
            for c in 0..agreement.clauses.len() {
                let events = crate::render::publish::clause_events(
                    agreement,
                    c,
                    Some(&party.id),
                    self.today,
                    (base.as_deref(), &scope),
                );
                out.push_str(&events);
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
