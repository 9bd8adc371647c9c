//! The page table: every page type of a version's site, declared once. A declaration says which
//! template renders it, whether there is one page, one per clause or one per party, where it goes,
//! whether it is only on a versioned site, whether `sitemap.xml` lists it, what key keeps it
//! between builds (what it shows), and its template context. [`super::render`] walks the table;
//! the sitemap and the check that every template is compiled in derive from it.
//!
//! Adding a page type is its template, its declaration here, and its words in `crate::base::lang`.

use minijinja::{Value, context};

use super::views::{ChapterView, FindingView, RuleView, SuppressedView, TermLinks, Views};
use super::{Findings, RenderOptions, cache, ser};
use crate::base::diagnostic::slash_path;
use crate::base::model::{Agreement, Party};

/// How many pages a type has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Each {
    /// One page for the site.
    One,
    /// One page per clause.
    Clause,
    /// One page per party.
    Party,
}

/// How a page is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Made {
    /// Its template, rendered with its context.
    Template,
    /// An outline rendered with a mark for each clause, and each clause's article (rendered by
    /// `print_clause.html`, kept per clause) put in: the printable page.
    Articles,
}

/// One page type.
pub(super) struct PageType {
    /// The template that renders it.
    pub template: &'static str,
    /// One page, or one per clause or party.
    pub each: Each,
    /// How it is made.
    pub made: Made,
    /// Only on a versioned site.
    pub versioned_only: bool,
    /// Listed in `sitemap.xml`.
    pub sitemap: bool,
    /// Its path in the site, for item `i` (a clause or party index; 0 for a single page).
    pub path: fn(&Agreement, usize) -> String,
    /// What it shows, as a key: kept between builds while the key stays the same; `None`,
    /// rendered every time.
    pub key: fn(&Shared, usize) -> Option<u64>,
    /// Its template context (besides `site`, `root` and `path`, which every page gets).
    pub context: fn(&Shared, usize) -> Value,
}

/// The folder of the site these pages go into, relative to the site's root: `v1.0/` for a
/// version's, empty for the root's.
fn folder(options: &RenderOptions) -> String {
    options.version.as_ref().map(|v| format!("{}/", v.folder)).unwrap_or_default()
}

/// How many coming items a party's page lists (the upcoming page has more).
const NEXT: usize = 12;

/// Every page type, in the order `sitemap.xml` lists them.
pub(super) const PAGES: &[PageType] = &[
    PageType {
        template: "index.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: false,
        sitemap: true,
        path: |_, _| "index.html".into(),
        key: |s, _| Some(s.outline_key),
        context: |s, _| {
            let preamble = Value::from_safe_string(s.shown.html(
                &s.agreement.preamble,
                &|id| format!("clauses/{id}.html"),
                TermLinks::From(""),
            ));
            context! { preamble, sections => s.section_values(None) }
        },
    },
    PageType {
        template: "print.html",
        each: Each::One,
        made: Made::Articles,
        versioned_only: false,
        sitemap: true,
        path: |_, _| "print.html".into(),
        key: |s, _| Some(cache::hash_of((s.outline_key, s.edition()))),
        context: |s, _| {
            let mark = |i: usize| Value::from_safe_string(format!("{}{i}-->", super::splice::ARTICLE_MARK));
            let preamble =
                Value::from_safe_string(s.shown.html(&s.agreement.preamble, &|id| format!("#{id}"), TermLinks::Print));
            context! { sections => s.section_values(Some(&mark)), edition => ser(s.edition()), preamble }
        },
    },
    PageType {
        template: "findings.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: false,
        sitemap: true,
        path: |_, _| "findings.html".into(),
        key: |s, _| {
            let f = &s.findings;
            Some(cache::hash_of((s.site_key, f.diagnostics, &s.shown.suppressed_by_file, f.rules)))
        },
        context: |s, _| {
            let all: Vec<FindingView> = s.findings.diagnostics.iter().map(|d| s.shown.finding(d)).collect();
            let suppressed: Vec<SuppressedView> = s.findings.suppressed.iter().map(|x| s.shown.suppressed(x)).collect();
            let rules: Vec<RuleView> = s
                .findings
                .rules
                .iter()
                .map(|(r, severity)| RuleView {
                    id: r.id.clone(),
                    severity: *severity,
                    description: r.description.clone(),
                    file: slash_path(&r.file),
                })
                .collect();
            context! { findings => ser(&all), suppressed => ser(&suppressed), rules => ser(&rules) }
        },
    },
    PageType {
        template: "clause.html",
        each: Each::Clause,
        made: Made::Template,
        versioned_only: false,
        sitemap: true,
        path: |a, i| format!("clauses/{}.html", a.clauses[i].id),
        key: |s, i| s.clause_keys[i],
        context: |s, i| {
            let c = &s.agreement.clauses[i];
            let body =
                Value::from_safe_string(s.shown.clause_html(c, &|id| format!("{id}.html"), TermLinks::From("../")));
            let prev = i.checked_sub(1).map(|p| s.link(p));
            let next = (i + 1 < s.agreement.clauses.len()).then(|| s.link(i + 1));
            let chapter = c.chapter.map(|ch| ser(&s.chapters[ch]));
            let records = ser(super::records::histories(s.agreement, i, s.shown.today));
            context! { clause => s.view(i), body, prev, next, chapter, records }
        },
    },
    PageType {
        template: "party.html",
        each: Each::Party,
        made: Made::Template,
        versioned_only: false,
        sitemap: true,
        path: |a, i| format!("parties/{}.html", a.parties[i].id),
        key: |s, i| {
            // The summaries of the clauses the party owns or owes a duty in, not every clause's:
            // a clause retitled changes its own parties' pages alone.
            let (a, p) = (s.agreement, &s.agreement.parties[i]);
            let involved = a
                .clauses
                .iter()
                .enumerate()
                .filter(|(_, c)| owns(a, p, c.named.owner) || c.named.duty_owners.iter().any(|o| owns(a, p, *o)));
            let summaries: Vec<u64> = involved.map(|(j, _)| s.summary_keys[j]).collect();
            Some(cache::hash_of((s.site_key, &p.id, cache::hash_of(s.listing(Some(i))), summaries)))
        },
        context: |s, i| {
            let p = &s.agreement.parties[i];
            let clauses = &s.agreement.clauses;
            let duties: Vec<Value> = clauses
                .iter()
                .enumerate()
                .flat_map(|(i, c)| {
                    let owners = c.named.duty_owners.iter().enumerate();
                    owners.filter(|(_, o)| owns(s.agreement, p, **o)).map(move |(j, _)| (i, j))
                })
                .map(|(i, j)| {
                    let duty = s.summaries[i].get_attr("duties").and_then(|d| d.get_item(&Value::from(j)));
                    context! { clause => s.link(i), duty => duty.unwrap_or_default() }
                })
                .collect();
            let owned: Vec<Value> = clauses
                .iter()
                .enumerate()
                .filter(|(_, c)| owns(s.agreement, p, c.named.owner))
                .map(|(i, _)| s.summaries[i].clone())
                .collect();
            let listing = s.listing(Some(i));
            let party = context! {
                id => &p.id, name => &p.name, liaison => ser(&p.liaison), role => ser(&p.role),
                url => format!("parties/{}.html", p.id), duties, clauses => owned,
                overdue => ser(&listing.overdue), next => ser(&listing.days), recent => ser(&listing.recent),
                more => listing.more,
            };
            context! { party }
        },
    },
    PageType {
        template: "upcoming.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: false,
        sitemap: true,
        path: |_, _| "upcoming.html".into(),
        key: |s, _| Some(cache::hash_of((s.site_key, cache::hash_of(s.listing(None))))),
        context: |s, _| {
            let listing = s.listing(None);
            let (overdue, days, recent) = (ser(&listing.overdue), ser(&listing.days), ser(&listing.recent));
            context! { overdue, days, recent, more => listing.more }
        },
    },
    PageType {
        template: "terms.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: false,
        sitemap: true,
        path: |_, _| "terms.html".into(),
        key: |_, _| None,
        context: |s, _| {
            let glossary = &s.shown.glossary;
            let uses = crate::base::terms::uses(s.agreement, glossary);
            let terms: Vec<Value> = glossary
                .terms
                .iter()
                .zip(uses)
                .map(|(d, used)| {
                    let anchor = crate::base::terms::Glossary::anchor(&d.term);
                    let (clause, url) = match d.place {
                        crate::base::terms::Place::Clause(i) => {
                            let c = &s.agreement.clauses[i];
                            (Some(s.link(i)), format!("clauses/{}.html#{anchor}", c.id))
                        }
                        crate::base::terms::Place::Preamble => (None, format!("index.html#{anchor}")),
                    };
                    context! { term => &d.term, sentence => &d.sentence, clause, url, uses => used.len() }
                })
                .collect();
            context! { terms }
        },
    },
    PageType {
        template: "404.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: false,
        sitemap: false,
        path: |_, _| "404.html".into(),
        // A version's own not-found page says its folder (its links are relative to it).
        key: |s, _| Some(cache::hash_of((s.site_key, folder(s.options)))),
        context: |s, _| context! { folder => folder(s.options) },
    },
    PageType {
        template: "search.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: false,
        sitemap: false,
        path: |_, _| "search.html".into(),
        key: |s, _| Some(s.site_key),
        context: |_, _| context! {},
    },
    PageType {
        template: "changes.html",
        each: Each::One,
        made: Made::Template,
        versioned_only: true,
        sitemap: false,
        path: |_, _| "changes.html".into(),
        key: |_, _| None,
        context: |s, _| {
            let Some(v) = &s.options.version else { return context! {} };
            let previous = v.current.checked_sub(1).map(|p| v.all[p].name.clone());
            context! { changelog => v.changelog.as_ref().map(ser), previous, version => v.name(), edition => ser(s.edition()) }
        },
    },
];

/// Every page of `agreement`'s site: its type and its item.
pub(super) fn pages(agreement: &Agreement, versioned: bool) -> impl Iterator<Item = (&'static PageType, usize)> + '_ {
    PAGES.iter().filter(move |t| versioned || !t.versioned_only).flat_map(move |t| {
        let n = match t.each {
            Each::One => 1,
            Each::Clause => agreement.clauses.len(),
            Each::Party => agreement.parties.len(),
        };
        (0..n).map(move |i| (t, i))
    })
}

/// The paths `sitemap.xml` lists, in the table's order.
pub(super) fn sitemap_paths(agreement: &Agreement, versioned: bool) -> Vec<String> {
    pages(agreement, versioned).filter(|(t, _)| t.sitemap).map(|(t, i)| (t.path)(agreement, i)).collect()
}

/// Whether `named` (an owner, resolved when loading) is party `p`.
pub(super) fn owns(agreement: &Agreement, p: &Party, named: Option<usize>) -> bool {
    named.is_some_and(|i| agreement.parties[i].id == p.id)
}

/// What the pages of one version share: the agreement and its views, the summaries of its
/// clauses, and the keys that decide what is kept.
pub(super) struct Shared<'a> {
    pub agreement: &'a Agreement,
    pub shown: &'a Views<'a>,
    pub findings: Findings<'a>,
    pub options: &'a RenderOptions,
    /// What rendering keeps between runs, if anything.
    pub cache: Option<&'a super::PageCache>,
    /// Each clause's summary (what pages listing clauses show).
    pub summaries: Vec<Value>,
    pub chapters: Vec<ChapterView>,
    /// The reading order: root-level clauses, then each chapter with its clauses.
    pub sections: Vec<(Option<usize>, Vec<usize>)>,
    pub site_key: u64,
    pub clause_keys: Vec<Option<u64>>,
    /// The key of what pages listing every clause show.
    pub outline_key: u64,
    /// Each clause's summary key (see [`cache::summary_keys`]).
    pub summary_keys: Vec<u64>,
    /// What is coming and what is overdue, from today.
    pub upcoming: Vec<super::upcoming::Item>,
    /// The upcoming page's listing (first) and each party's, made when a page first needs it:
    /// a page's key and its context show the same.
    pub listings: Vec<std::sync::OnceLock<super::upcoming::Listing<'a>>>,
}

impl<'a> Shared<'a> {
    /// Clause `i`'s full view (what its page and its printed article show): kept in the cache
    /// under its clause key, else made for each use (a one-off build uses it twice, and holding
    /// every clause's view for the whole render cost more memory than making it twice costs time).
    pub fn view(&self, i: usize) -> Value {
        let make = || Ok::<_, ()>(super::ser(self.shown.clause(&self.agreement.clauses[i])));
        super::cache::kept(self.cache.map(|c| &c.views), self.clause_keys[i], make).unwrap_or_default()
    }

    /// What the upcoming page (`None`) or party `i`'s page lists of what is coming.
    pub fn listing(&self, party: Option<usize>) -> &super::upcoming::Listing<'a> {
        let slot = party.map_or(0, |i| i + 1);
        self.listings[slot].get_or_init(|| match party {
            Some(i) => super::upcoming::views(self.shown, &self.upcoming, Some(&self.agreement.parties[i].id), NEXT),
            None => super::upcoming::views(self.shown, &self.upcoming, None, super::upcoming::MOST),
        })
    }

    /// Which version these pages are (for printed copies).
    pub fn edition(&self) -> super::versions::Edition {
        self.options.version.as_ref().map_or_else(super::versions::Edition::working, |v| v.edition())
    }

    /// A link to clause `i` (number, title, page), where a page needs no more than that.
    pub fn link(&self, i: usize) -> Value {
        ser(self.shown.clause_ref(&self.agreement.clauses[i]))
    }

    /// The reading order with each clause's summary; `article` adds a field to each clause.
    pub fn section_values(&self, article: Option<&dyn Fn(usize) -> Value>) -> Value {
        Value::from_iter(self.sections.iter().map(|(ch, list)| {
            context! {
                chapter => ch.map(|i| ser(&self.chapters[i])),
                clauses => Value::from_iter(list.iter().map(|&i| match article {
                    Some(a) => context! { article => a(i), ..self.summaries[i].clone() },
                    None => self.summaries[i].clone(),
                })),
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_template_is_compiled_in() {
        for t in PAGES {
            let path = format!("templates/{}", t.template);
            assert!(super::super::theme::is_builtin(&path), "{path} is not in the default theme's embed list");
        }
        assert!(super::super::theme::is_builtin("templates/print_clause.html"));
    }
}
