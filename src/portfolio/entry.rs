//! One built agreement as the portal sees it ([`Entry`]): its release in force, sign-off,
//! findings, reviews, and its parties' duties, coming obligations and calendar events, each with
//! the department it belongs to. Plain data that a bundle carries in its `manifest.json`, so
//! that the portal is assembled from bundles exactly as from a one-shot build.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::diagnostic::Summary;
use crate::base::lang::Lang;
use crate::base::model::{Agreement, Clause, Party, Status};
use crate::base::xref::Published;
use crate::pipeline::{Built, Checked, VersionReport};

use super::manifest::Manifest;
use super::units::unit_of;

/// How far ahead the portal looks for obligations and reviews.
const AHEAD: i64 = 90;

/// What a bundle's `manifest.json` says it is: its format, and its version.
pub const FORMAT: &str = "clausebook-bundle 3";

/// One built agreement as the portal sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// [`FORMAT`].
    pub format: String,
    /// The agreement's id in the portfolio.
    pub id: String,
    /// The day it was built for: what is coming and what is overdue are judged against it.
    pub today: NaiveDate,
    /// What citations of it resolve against (its versions' clauses).
    pub published: Published,
    /// Its newest release and the day it was agreed.
    pub release: Option<String>,
    /// That release's date.
    pub release_date: Option<NaiveDate>,
    /// When the agreement takes effect.
    pub effective: Option<NaiveDate>,
    /// Its period of validity, renewal and notice deadline, as its front page shows them.
    pub period: Option<crate::render::period::PeriodView>,
    /// The sign-off of its release in force: `complete`, `missing`, `stale` or `none`.
    pub signoff: String,
    /// The parties whose approval it awaits.
    pub awaiting: Vec<PartyEntry>,
    /// Its findings, counted.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Clauses past their review date.
    pub reviews_past: usize,
    /// Clauses whose review date comes within 90 days.
    pub reviews_soon: usize,
    /// Its parties, each with its department.
    pub parties: Vec<PartyEntry>,
    /// Every dated thing to do within 90 days.
    pub coming: Vec<Coming>,
    /// The dates of the last 90 days of the duties whose records are kept, each done, missed or
    /// pending, the newest first.
    pub recent: Vec<Coming>,
    /// Every duty, with its clause.
    pub duties: Vec<DutyEntry>,
    /// Each party's calendar events (RFC 5545 `VEVENT`s), by department.
    pub events: Vec<(String, String)>,
    /// Every use of a library clause in each of its versions (releases and draft), from Git.
    pub library: Vec<LibraryUse>,
}

impl Entry {
    /// Whether the portal shows this entry as it shows `other`: equal but for the digests of a
    /// draft's clauses (an edit of a clause's body changes nothing the portal's pages show).
    pub fn shown_alike(&self, other: &Entry) -> bool {
        let Entry {
            format,
            id,
            today,
            published,
            release,
            release_date,
            effective,
            period,
            signoff,
            awaiting,
            errors,
            warnings,
            infos,
            reviews_past,
            reviews_soon,
            parties,
            coming,
            recent,
            duties,
            events,
            library,
        } = self;
        published.same_for_citations(&other.published)
            && (format, id, today, release, release_date, effective, signoff, awaiting)
                == (
                    &other.format,
                    &other.id,
                    &other.today,
                    &other.release,
                    &other.release_date,
                    &other.effective,
                    &other.signoff,
                    &other.awaiting,
                )
            && (errors, warnings, infos, reviews_past, reviews_soon, parties, coming, duties, events)
                == (
                    &other.errors,
                    &other.warnings,
                    &other.infos,
                    &other.reviews_past,
                    &other.reviews_soon,
                    &other.parties,
                    &other.coming,
                    &other.duties,
                    &other.events,
                )
            && (library, period, recent) == (&other.library, &other.period, &other.recent)
    }
}

/// A party, and the department it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyEntry {
    /// Its id in the agreement.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its department's id.
    pub unit: String,
}

/// A clause of one version of an agreement that uses a library clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryUse {
    /// The version (`v1.2`, `draft`; empty for an agreement without releases).
    pub version: String,
    /// Whether it is a release.
    pub release: bool,
    /// Whether it is the version in force (the newest release, else the working tree).
    pub in_force: bool,
    /// Whether it is the newest version (the draft, or the version in force when there is none).
    pub latest: bool,
    /// The version's sign-off: `complete`, `missing`, `stale` or `none`.
    pub signoff: String,
    /// The clause (`第12条 保密`).
    pub clause: String,
    /// The clause's page, from the portal's root.
    pub url: String,
    /// The library clause it uses.
    pub uses: String,
    /// The edition it uses.
    pub edition: u32,
}

/// One dated thing to do, coming within 90 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coming {
    /// The day.
    pub date: NaiveDate,
    /// `obligation`, `deadline`, `due` or `review`.
    pub kind: String,
    /// What is to be done.
    pub text: String,
    /// Who must do it, and the department that is.
    pub owner: Option<PartyEntry>,
    /// The agreement's title.
    pub agreement: String,
    /// The clause (`第3条 目的`).
    pub clause: String,
    /// The clause's page, from the portal's root.
    pub url: String,
    /// Where a date of a duty whose records are kept stands: `done`, `missed`, `pending` or
    /// `due`.
    pub kept: Option<String>,
}

/// One duty, with its clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyEntry {
    /// The department that owes it.
    pub unit: String,
    /// The clause (`第3条 目的`).
    pub clause: String,
    /// The clause's page, from the portal's root.
    pub url: String,
    /// What is to be done.
    pub text: String,
    /// By when.
    pub due: Option<NaiveDate>,
    /// How often, as written.
    pub cadence: Option<String>,
}

/// The entry of the agreement loaded as `manifest` and built as `built`, as of `today`, whose
/// site is in the portal's folder `site` (its id, or its audience's folder's `_a/hr/<id>`);
/// links and calendar addresses under `base_url` (the portal's).
pub fn entry(manifest: &Manifest, built: &Built, today: NaiveDate, (site, base_url): (&str, Option<&str>)) -> Entry {
    entry_of(manifest, (&built.checked, &built.others), today, (site, base_url))
}

/// [`entry`] of an agreement whose version that decides the build was checked as `decider`,
/// and its other versions as `others`.
pub fn entry_of(
    manifest: &Manifest,
    (decider, others): (&Checked, &[VersionReport]),
    today: NaiveDate,
    (site, base_url): (&str, Option<&str>),
) -> Entry {
    let summary = Summary::of(&decider.diagnostics);
    let id = &manifest.published.id;
    let folder = manifest.release.as_ref().map(|r| format!("{}/", r.0)).unwrap_or_default();
    // The agreement in force: the newest release's, else the working tree's.
    let agreement = match &manifest.release {
        Some((name, _)) => others
            .iter()
            .find(|v| &v.name == name)
            .and_then(|v| v.checked.agreement.as_ref())
            .or(decider.agreement.as_ref()),
        None => decider.agreement.as_ref(),
    };
    let made = Made { id, site, folder: &folder, today, lang: agreement.map(|a| Lang::new(&a.language)) };
    let (signoff, awaiting) = signoff(manifest, (decider, others), agreement);
    let (reviews_past, reviews_soon) = agreement.map_or((0, 0), |a| made.reviews(a));
    Entry {
        format: FORMAT.into(),
        id: id.clone(),
        today,
        published: manifest.published.clone(),
        release: manifest.release.as_ref().map(|r| r.0.clone()),
        release_date: manifest.release.as_ref().and_then(|r| r.1),
        effective: agreement.and_then(|a| a.effective),
        period: agreement.and_then(|a| crate::render::period::view(a, today)),
        signoff: signoff.into(),
        awaiting: awaiting.into_iter().map(party).collect(),
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
        reviews_past,
        reviews_soon,
        parties: agreement.map(|a| a.parties.iter().map(party).collect()).unwrap_or_default(),
        coming: agreement.map(|a| made.coming(a)).unwrap_or_default(),
        recent: agreement.map(|a| made.recent(a)).unwrap_or_default(),
        duties: agreement.map(|a| made.duties(a)).unwrap_or_default(),
        events: agreement.map(|a| made.events(a, base_url)).unwrap_or_default(),
        library: library_uses(manifest, (decider, others), site),
    }
}

fn party(p: &Party) -> PartyEntry {
    PartyEntry { id: p.id.clone(), name: p.name.clone(), unit: unit_of(p).to_string() }
}

/// The sign-off of the release in force (the working tree's without releases): its state, and the
/// parties whose approval it awaits.
fn signoff<'a>(
    manifest: &Manifest,
    (decider, others): (&Checked, &[VersionReport]),
    agreement: Option<&'a Agreement>,
) -> (&'static str, Vec<&'a Party>) {
    let status = match &manifest.release {
        Some((name, _)) if decider.signoff.as_ref().is_some_and(|s| s.version.as_deref() == Some(name)) => {
            decider.signoff.as_ref()
        }
        Some((name, _)) => others.iter().find(|v| &v.name == name).and_then(|v| v.checked.signoff.as_ref()),
        None => decider.signoff.as_ref(),
    };
    let waiting = waiting(status);
    let parties =
        waiting.iter().filter_map(|w| agreement.and_then(|a| a.parties.iter().find(|p| p.id == w.id))).collect();
    (state(status), parties)
}

/// The required parties whose approval a version's sign-off (`status`) awaits.
fn waiting(status: Option<&crate::signoff::judge::Status>) -> Vec<&crate::signoff::judge::PartyState> {
    let Some(status) = status.filter(|s| !s.required.is_empty()) else { return Vec::new() };
    status.parties.iter().filter(|p| p.required && p.state != "approved").collect()
}

/// A version's sign-off in a word: `complete`, `missing`, `stale`, or `none` (no policy).
fn state(status: Option<&crate::signoff::judge::Status>) -> &'static str {
    if status.is_none_or(|s| s.required.is_empty()) {
        return "none";
    }
    match waiting(status).first() {
        None => "complete",
        Some(p) if p.state == "stale" => "stale",
        Some(_) => "missing",
    }
}

/// Every use of a library clause in each version of the agreement (`manifest`), with that
/// version's sign-off as its build judged it; links into its site in the portal's folder `site`.
fn library_uses(manifest: &Manifest, (decider, others): (&Checked, &[VersionReport]), site: &str) -> Vec<LibraryUse> {
    let versions = &manifest.published.versions;
    let in_force = versions.iter().rposition(|v| v.release).unwrap_or(versions.len().saturating_sub(1));
    let mut out = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let judged = others.iter().find(|o| o.name == v.name).map(|o| &o.checked).unwrap_or(decider);
        let signoff = state(judged.signoff.as_ref());
        for c in &v.clauses {
            let Some((uses, edition)) = &c.library else { continue };
            out.push(LibraryUse {
                version: v.name.clone(),
                release: v.release,
                in_force: i == in_force,
                latest: i + 1 == versions.len(),
                signoff: signoff.into(),
                clause: c.label.clone(),
                url: format!("{site}/{}clauses/{}.html", v.folder, c.id),
                uses: uses.clone(),
                edition: *edition,
            });
        }
    }
    out
}

/// What an entry is made with.
struct Made<'a> {
    id: &'a str,
    /// The agreement's site's folder in the portal.
    site: &'a str,
    folder: &'a str,
    today: NaiveDate,
    lang: Option<Lang>,
}

impl Made<'_> {
    fn label(&self, c: &Clause) -> String {
        let lang = self.lang.unwrap_or_else(|| Lang::new("zh-CN"));
        format!("{} {}", lang.clause_label(c.number), c.title)
    }

    fn url(&self, c: &Clause) -> String {
        format!("{}/{}clauses/{}.html", self.site, self.folder, c.id)
    }

    fn clauses<'a>(&self, a: &'a Agreement) -> impl Iterator<Item = &'a Clause> {
        self.indexed(a).map(|(_, c)| c)
    }

    /// The clauses in force, with their indexes.
    fn indexed<'a>(&self, a: &'a Agreement) -> impl Iterator<Item = (usize, &'a Clause)> {
        a.clauses.iter().enumerate().filter(|(_, c)| c.status != Status::Retired && !c.placeholder)
    }

    /// How many clauses are past their review date, and how many come to it within 90 days.
    fn reviews(&self, a: &Agreement) -> (usize, usize) {
        let horizon = self.today + chrono::Duration::days(AHEAD);
        self.clauses(a).filter_map(|c| c.review_by).fold((0, 0), |(past, soon), d| {
            if d < self.today {
                (past + 1, soon)
            } else if d < horizon {
                (past, soon + 1)
            } else {
                (past, soon)
            }
        })
    }

    /// What comes within 90 days: each duty's due date and next occurrence, each review.
    fn coming(&self, a: &Agreement) -> Vec<Coming> {
        let horizon = self.today + chrono::Duration::days(AHEAD);
        let within = |d: NaiveDate| d >= self.today && d < horizon;
        let mut out = Vec::new();
        for (i, c) in self.indexed(a) {
            let entry =
                |date, kind: &str, text: &str, owner: Option<&Party>| self.item(a, c, (date, kind), text, owner);
            if let Some(d) = c.review_by.filter(|d| within(*d)) {
                out.push(entry(d, "review", &c.title, a.owner(c)));
            }
            for (j, duty) in c.duties.iter().enumerate() {
                let owner = a.duty_owner(c, j);
                if let Some(d) = duty.due.filter(|d| within(*d)) {
                    out.push(entry(d, "due", &duty.text, owner));
                }
                if let Some(deadline) = duty.by_deadline()
                    && let Some(d) = a.duty_dates(c, duty, (self.today, horizon), self.today).first().copied()
                {
                    let kind = if deadline { "deadline" } else { "obligation" };
                    let kept = self.kept(a, (i, j), d);
                    out.push(Coming { kept, ..entry(d, kind, &duty.text, owner) });
                }
            }
        }
        out.sort_by(|a, b| (a.date, &a.url, &a.text).cmp(&(b.date, &b.url, &b.text)));
        out
    }

    /// A dated thing to do of clause `c`: its day and kind, what and who.
    fn item(
        &self,
        a: &Agreement,
        c: &Clause,
        (date, kind): (NaiveDate, &str),
        text: &str,
        owner: Option<&Party>,
    ) -> Coming {
        Coming {
            date,
            kind: kind.into(),
            text: text.to_string(),
            owner: owner.map(party),
            agreement: a.title.clone(),
            clause: self.label(c),
            url: self.url(c),
            kept: None,
        }
    }

    /// Where `date` of duty `duty` stands with its records, by name.
    fn kept(&self, a: &Agreement, duty: (usize, usize), date: NaiveDate) -> Option<String> {
        a.standing(duty, date, self.today).map(|s| s.name(date, self.today).to_string())
    }

    /// The dates of the last 90 days of the duties whose records are kept, the newest first.
    fn recent(&self, a: &Agreement) -> Vec<Coming> {
        let (Some(back), Some(yesterday)) =
            (self.today.checked_sub_days(chrono::Days::new(AHEAD as u64)), self.today.pred_opt())
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, c) in self.indexed(a) {
            for (j, duty) in c.duties.iter().enumerate() {
                let (Some(deadline), Some(from)) = (duty.by_deadline(), a.recorded_from((i, j), self.today)) else {
                    continue;
                };
                let kind = if deadline { "deadline" } else { "obligation" };
                for date in a.duty_dates(c, duty, (from.max(back), yesterday), self.today) {
                    let item = self.item(a, c, (date, kind), &duty.text, a.duty_owner(c, j));
                    out.push(Coming { kept: self.kept(a, (i, j), date), ..item });
                }
            }
        }
        out.sort_by(|a, b| (b.date, &a.url, &a.text).cmp(&(a.date, &b.url, &b.text)));
        out
    }

    /// Every duty, with the department that owes it.
    fn duties(&self, a: &Agreement) -> Vec<DutyEntry> {
        let mut out = Vec::new();
        for c in self.clauses(a) {
            for (j, d) in c.duties.iter().enumerate() {
                let Some(owner) = a.duty_owner(c, j) else { continue };
                out.push(DutyEntry {
                    unit: unit_of(owner).to_string(),
                    clause: self.label(c),
                    url: self.url(c),
                    text: d.text.clone(),
                    due: d.due,
                    cadence: d.cadence.clone(),
                });
            }
        }
        out
    }

    /// Each party's calendar events, by department: a clause's go to the parties that own it or
    /// one of its duties (the others' calendars have nothing of it).
    fn events(&self, a: &Agreement, base_url: Option<&str>) -> Vec<(String, String)> {
        let base = base_url.map(|b| format!("{}/{}/{}", b.trim_end_matches('/'), self.site, self.folder));
        let scope = format!("{}.", self.id);
        let mut out: Vec<(String, String)> =
            a.parties.iter().map(|p| (unit_of(p).to_string(), String::new())).collect();
        for (c, clause) in a.clauses.iter().enumerate() {
            let duties = (0..clause.duties.len()).filter_map(|j| a.duty_owner(clause, j));
            let owners: Vec<&str> = a.owner(clause).into_iter().chain(duties).map(|p| p.id.as_str()).collect();
            for (p, (_, events)) in a.parties.iter().zip(&mut out).filter(|(p, _)| owners.contains(&p.id.as_str())) {
                let made =
                    crate::render::publish::clause_events(a, c, Some(&p.id), self.today, (base.as_deref(), &scope));
                events.push_str(&made);
            }
        }
        out
    }
}
