//! What rendering keeps between runs: pages and fragments by the key of everything they show.
//! Equal keys mean equal output, so a page that shows the same in ten versions, or before and
//! after an edit elsewhere, is made once. Keys are cheap: small data hashed in place, no rendering.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

pub(super) use crate::base::memo::{Filling, Memo, Rows, hash_of, kept};
use crate::base::model::{Agreement, Clause, Lookup, Status};

/// Pages (without their version switcher and banner, filled in per version), clause views and
/// per-clause fragments of the pages and data files that show the whole agreement, by the key of
/// what they show.
#[derive(Debug, Default)]
pub struct PageCache {
    /// Whole pages by a key of their path and what they show.
    pub(super) pages: Memo<std::sync::Arc<str>>,
    /// Clause views (everything a clause page shows about its clause) by clause key.
    pub(super) views: Memo<minijinja::Value>,
    /// Clause summaries (what the pages listing clauses show) by summary key.
    pub(super) summaries: Memo<minijinja::Value>,
    /// One clause's part of a bigger file (its printed article, search entry, JSON, calendar
    /// events), by a key of its kind and what it shows.
    pub(super) fragments: Memo<std::sync::Arc<str>>,
    /// Each data file's last parts, by a key of its version folder and path: a rebuild takes a
    /// clause's part from there while the clause's data key is the one it was made under, so an
    /// edit looks up and stores only what changed (and the whole file, when nothing did).
    pub(super) rows: Memo<std::sync::Arc<Row>>,
    /// Clause pages, printed articles and summaries by clause, as the last render made them.
    pub(super) by_clause: ByClause,
    /// The search index, updated in place by each render.
    pub(super) search: std::sync::Mutex<super::search::SearchIndex>,
    /// The template warnings of the renders so far: a page kept from before is not rendered
    /// again, but its warning still holds (a session makes the cache afresh when a template
    /// changes).
    warnings: std::sync::Mutex<Vec<crate::base::diagnostic::Diagnostic>>,
}

impl PageCache {
    /// Forgets what the renders since the last sweep did not use: an editing session sweeps after
    /// each rebuild, so the cache holds one site's worth, not every edit's.
    pub fn sweep(&self) {
        self.pages.sweep();
        self.views.sweep();
        self.summaries.sweep();
        self.fragments.sweep();
        self.rows.sweep();
        self.by_clause.pages.sweep();
        self.by_clause.articles.sweep();
        self.by_clause.summaries.sweep();
    }

    /// The template warnings `found` by a render, with those of the renders before it.
    pub(super) fn warnings(
        &self,
        found: Vec<crate::base::diagnostic::Diagnostic>,
    ) -> Vec<crate::base::diagnostic::Diagnostic> {
        let Ok(mut all) = self.warnings.lock() else { return found };
        for d in found {
            if !all.contains(&d) {
                all.push(d);
            }
        }
        all.clone()
    }
}

/// What the last render made of each clause, by clause (see [`Rows`]).
#[derive(Debug, Default)]
pub(super) struct ByClause {
    /// Each page type's pages of one clause.
    pub(super) pages: Rows<std::sync::Arc<str>>,
    /// The printable page's articles.
    pub(super) articles: Rows<std::sync::Arc<str>>,
    /// The summaries of the pages listing clauses.
    pub(super) summaries: Rows<minijinja::Value>,
}

/// A data file as the last render made it: what came before and after the clauses' parts, each
/// clause's data key and part, and the whole file's parts as stored.
#[derive(Debug)]
pub(super) struct Row {
    /// The file's head and tail.
    pub(super) ends: (Vec<std::sync::Arc<str>>, Vec<std::sync::Arc<str>>),
    /// Each clause's data key (`None`: its part is made every time).
    pub(super) keys: Vec<Option<u64>>,
    /// Each clause's part.
    pub(super) parts: Vec<std::sync::Arc<str>>,
    /// The file, as stored.
    pub(super) file: std::sync::Arc<[std::sync::Arc<str>]>,
}

/// The key of what every page shows: the agreement's title, parties (with the counts of what
/// they own), language, dates (its period and working-day calendar too), address, and the count
/// of findings.
pub(super) fn site_key(
    agreement: &Agreement,
    today: chrono::NaiveDate,
    base_url: Option<&String>,
    versioned: bool,
    finding_count: usize,
) -> u64 {
    let mut h = DefaultHasher::new();
    (&agreement.title, &agreement.language, &agreement.theme, agreement.effective, &agreement.period, today)
        .hash(&mut h);
    // The working-day calendar moves the dates of the calendars and of the upcoming page.
    agreement.workdays.hash(&mut h);
    // Records mark the dates done and missed on the upcoming, party and clause pages.
    (&agreement.records, &agreement.record_settings).hash(&mut h);
    (base_url, versioned).hash(&mut h);
    (agreement.clauses.len(), finding_count).hash(&mut h);
    for p in &agreement.parties {
        (&p.id, &p.name, &p.liaison, &p.role).hash(&mut h);
    }
    for c in &agreement.clauses {
        agreement.owner(c).map(|p| &p.id).hash(&mut h);
        for j in 0..c.duties.len() {
            agreement.duty_owner(c, j).map(|p| &p.id).hash(&mut h);
        }
    }
    h.finish()
}

/// What `c`'s library text is, for the keys: the edition used and its text, placeholders filled.
fn used(c: &Clause) -> Option<(&str, u32, &str)> {
    c.used.as_ref().map(|u| (u.clause.as_str(), u.edition, u.body.markdown.as_str()))
}

/// For each clause, a key of everything its page shows, or `None` when its file has no content
/// id: the file's content, its number and chapter, its neighbours, who refers to it and what it
/// refers to (numbers and titles), its findings, and the site-wide data every page shows.
pub(super) fn clause_keys<'a>(
    agreement: &'a Agreement,
    site: u64,
    around: &super::views::Views<'a>,
) -> Vec<Option<u64>> {
    let named = |c: &'a Clause| (c.id.as_str(), c.number, c.title.as_str());
    agreement
        .clauses
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = c.source_id.as_ref()?;
            let mut h = DefaultHasher::new();
            (site, id, c.file.as_os_str().as_encoded_bytes(), c.number).hash(&mut h);
            // Its library text is no part of its file: a file shared by two versions may show two.
            used(c).hash(&mut h);
            c.chapter.map(|ch| (agreement.chapters[ch].number, &agreement.chapters[ch].title)).hash(&mut h);
            for j in [i.checked_sub(1), Some(i + 1)] {
                j.and_then(|j| agreement.clauses.get(j)).map(named).hash(&mut h);
            }
            for &k in around.referenced_by.get(c.id.as_str()).map(Vec::as_slice).unwrap_or_default() {
                named(&agreement.clauses[k]).hash(&mut h);
            }
            for l in c.body.links.iter().chain(c.used.iter().flat_map(|u| &u.body.links)) {
                around.lookup.target(&l.target).map(named).hash(&mut h);
            }
            for r in &c.refs {
                around.lookup.by_id.get(r.as_str()).map(|t| named(t)).hash(&mut h);
            }
            for d in around.findings_by_file.get(c.file.as_path()).map(Vec::as_slice).unwrap_or_default() {
                (&d.rule, d.severity, &d.message, d.span, &d.hint).hash(&mut h);
            }
            around.suppressed_by_file.get(c.file.as_path()).hash(&mut h);
            Some(h.finish())
        })
        .collect()
}

/// For each clause, a key of what the data files (search index, agreement.json, calendars) say of
/// it, or `None` when its file has no content id: its file, number and chapter, and how the
/// clauses it links to are named. Narrower than its page's key: a neighbour's new title changes
/// the page, not the clause's data.
pub(super) fn data_keys(agreement: &Agreement, site: u64, lookup: &Lookup<'_>) -> Vec<Option<u64>> {
    agreement
        .clauses
        .par_iter()
        .map(|c| {
            let mut h = DefaultHasher::new();
            (site, c.source_id.as_ref()?, c.file.as_os_str().as_encoded_bytes(), c.number).hash(&mut h);
            used(c).hash(&mut h);
            c.chapter.map(|ch| agreement.chapters[ch].number).hash(&mut h);
            for l in c.body.links.iter().chain(c.used.iter().flat_map(|u| &u.body.links)) {
                lookup.target(&l.target).map(|t| (&t.id, t.number, &t.title)).hash(&mut h);
            }
            Some(h.finish())
        })
        .collect()
}

/// For each clause, a key of what the pages listing clauses show about it (its summary): id,
/// number, title, chapter, status, whether its review is overdue, and its owner and duties.
pub(super) fn summary_keys(agreement: &Agreement, site: u64, today: chrono::NaiveDate) -> Vec<u64> {
    // A party as a summary shows it: its id when it is a party of the agreement, else as written.
    fn party<'a>(agreement: &'a Agreement, written: &'a Option<String>, named: Option<usize>) -> Option<&'a str> {
        written.as_deref().map(|w| named.map_or(w, |i| agreement.parties[i].id.as_str()))
    }
    agreement
        .clauses
        .par_iter()
        .map(|c| {
            let mut h = DefaultHasher::new();
            let owner = party(agreement, &c.owner, c.named.owner);
            (site, &c.id, c.number, &c.title, c.chapter, c.status, owner).hash(&mut h);
            (c.review_by.is_some_and(|d| d < today) && c.status != Status::Retired).hash(&mut h);
            for (j, d) in c.duties.iter().enumerate() {
                let owner = party(agreement, &d.owner, c.named.duty_owners.get(j).copied().flatten());
                (&d.id, &d.text, owner, d.due, &d.cadence).hash(&mut h);
            }
            h.finish()
        })
        .collect()
}
