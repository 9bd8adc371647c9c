//! What pages show: plain serializable views of the agreement's parts, made by [`Views`], which
//! holds the indexes one render needs (clauses by id and file, who refers to whom, findings by file).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::base::diagnostic::Suppressed;
use crate::base::diagnostic::{Diagnostic, Severity, slash_path};
use crate::base::lang::Lang;
use crate::base::markdown::{Xref, XrefTo};
use crate::base::model::{Agreement, Body, Chapter, Clause, Lookup, Status};

/// A reference to a clause as pages show it.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct ClauseRef {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) title: String,
    pub(super) url: String,
}

/// A party as pages show it (an owner written by name or id, resolved when declared).
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct PartyRef {
    pub(super) id: Option<String>,
    pub(super) name: String,
    pub(super) url: Option<String>,
}

/// A duty as pages show it.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct DutyView {
    pub(super) id: Option<String>,
    pub(super) text: String,
    /// The text as HTML, its defined terms linked from a page one folder down (a clause's, a
    /// party's), and on the printable page (`print`), where every definition is.
    pub(super) html: String,
    pub(super) print: String,
    pub(super) owner: Option<PartyRef>,
    pub(super) due: Option<NaiveDate>,
    pub(super) cadence: Option<String>,
}

/// One party's budget share as pages show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ShareView {
    pub(super) party: PartyRef,
    pub(super) share: f64,
}

/// A finding as pages show it.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct FindingView {
    pub(super) severity: Severity,
    pub(super) rule: String,
    pub(super) message: String,
    pub(super) location: String,
    pub(super) hint: Option<String>,
    pub(super) clause: Option<ClauseRef>,
}

/// A chapter as pages show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChapterView {
    pub(super) number: usize,
    pub(super) label: String,
    pub(super) title: String,
    pub(super) intro: String,
    /// The introduction as the printable page shows it: links to terms stay on that page.
    pub(super) intro_print: String,
}

/// Everything a page shows about one clause (its body comes separately, per page).
#[derive(Debug, Clone, Serialize)]
pub(super) struct ClauseView {
    #[serde(flatten)]
    pub(super) reference: ClauseRef,
    pub(super) number: usize,
    pub(super) chapter: Option<usize>,
    pub(super) owner: Option<PartyRef>,
    pub(super) parties: Vec<PartyRef>,
    pub(super) duties: Vec<DutyView>,
    pub(super) revised: Option<NaiveDate>,
    pub(super) review_by: Option<NaiveDate>,
    pub(super) overdue: bool,
    pub(super) status: Status,
    pub(super) refs: Vec<ClauseRef>,
    pub(super) referenced_by: Vec<ClauseRef>,
    /// The clauses of other agreements of the portfolio that cite it.
    pub(super) cited_by: Vec<CiterView>,
    pub(super) budget: Vec<ShareView>,
    pub(super) tags: Vec<String>,
    pub(super) front: Arc<crate::base::yaml::Node>,
    pub(super) file: String,
    pub(super) findings: Vec<FindingView>,
    pub(super) suppressed: Vec<SuppressedView>,
}

/// A clause of another agreement that cites this one, as its page lists it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CiterView {
    pub(super) label: String,
    pub(super) version: String,
    pub(super) url: String,
}

/// What the pages listing many clauses show about one: the index, party pages and the printable
/// page's outline get this, not the whole view, so they stay the same while only bodies change.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ClauseSummary {
    #[serde(flatten)]
    pub(super) reference: ClauseRef,
    pub(super) number: usize,
    pub(super) chapter: Option<usize>,
    pub(super) status: Status,
    pub(super) overdue: bool,
    pub(super) owner: Option<PartyRef>,
    pub(super) duties: Vec<DutyView>,
}

/// Templates read a summary's fields as they need them: held as this struct, a summary takes a
/// fraction of the memory of the same data made into template values up front (the index, party
/// pages and printed outline of 100,000 clauses hold 100,000 summaries at once).
impl minijinja::value::Object for ClauseSummary {
    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        use minijinja::Value;
        let r = &self.reference;
        Some(match key.as_str()? {
            "id" => Value::from(r.id.as_str()),
            "label" => Value::from(r.label.as_str()),
            "title" => Value::from(r.title.as_str()),
            "url" => Value::from(r.url.as_str()),
            "number" => Value::from(self.number),
            "chapter" => super::ser(self.chapter),
            "status" => super::ser(self.status),
            "overdue" => Value::from(self.overdue),
            "owner" => super::ser(&self.owner),
            "duties" => super::ser(&self.duties),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&[
            "id", "label", "title", "url", "number", "chapter", "status", "overdue", "owner", "duties",
        ])
    }
}

/// A suppressed finding with the clause's reason.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct SuppressedView {
    pub(super) finding: FindingView,
    pub(super) reason: String,
}

/// A rule with the severity in force.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RuleView {
    pub(super) id: String,
    pub(super) severity: Option<Severity>,
    pub(super) description: String,
    pub(super) file: String,
}

/// The indexes one render needs, and the views made from them.
pub(super) struct Views<'a> {
    pub(super) agreement: &'a Agreement,
    pub(super) lang: Lang,
    pub(super) today: NaiveDate,
    pub(super) lookup: Lookup<'a>,
    /// Who refers to each clause (by id), from front matter `refs` and links in bodies.
    pub(super) referenced_by: HashMap<&'a str, Vec<usize>>,
    /// Findings by the file they point into.
    pub(super) findings_by_file: BTreeMap<&'a Path, Vec<&'a Diagnostic>>,
    /// Suppressed findings by the file they point into.
    pub(super) suppressed_by_file: BTreeMap<&'a Path, Vec<SuppressedView>>,
    /// The terms the agreement defines, whose uses bodies link to their definitions.
    pub(super) glossary: crate::base::terms::Glossary,
    /// The place of each body in reading order, by address (to find where a body defines terms).
    places: HashMap<usize, crate::base::terms::Place>,
    /// Where citations of other agreements' clauses lead (none: they are shown as text).
    cites: Option<Cites>,
}

/// How a render resolves citations of other agreements' clauses.
#[derive(Debug, Clone)]
pub(super) struct Cites {
    /// What the other agreements publish, and the way to them from this agreement's site.
    pub(super) external: Arc<crate::base::xref::External>,
    /// The citing version's date: citations mean the releases in force that day.
    pub(super) on: NaiveDate,
    /// From a page's version folder to this agreement's site (`../` on a versioned site).
    pub(super) site: &'static str,
}

/// A body's address: which body of the agreement it is (bodies are shared, never copied, while a
/// render runs).
fn address(body: &Body) -> usize {
    body as *const Body as usize
}

/// Where the links from a body to the definitions of its terms lead, by the page it is on.
#[derive(Debug, Clone, Copy)]
pub(super) enum TermLinks {
    /// A page this far below the site's root (`""` or `"../"`): definitions on their clause's
    /// page, or the index for the preamble's.
    From(&'static str),
    /// The printable page, which has the preamble and every clause: every definition is on it.
    Print,
}

impl<'a> Views<'a> {
    /// The indexes of `agreement` and its findings.
    pub(super) fn new(
        agreement: &'a Agreement,
        diagnostics: &'a [Diagnostic],
        suppressed: &'a [Suppressed],
        today: NaiveDate,
    ) -> Views<'a> {
        let lookup = agreement.lookup();
        let mut referenced_by: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, c) in agreement.clauses.iter().enumerate() {
            let targets = c.refs.iter().filter_map(|r| lookup.by_id.get(r.as_str()).copied());
            let linked = c.body.links.iter().filter_map(|l| lookup.target(&l.target));
            let mut ids: Vec<&str> = targets.chain(linked).map(|t| t.id.as_str()).filter(|id| *id != c.id).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                referenced_by.entry(id).or_default().push(i);
            }
        }
        let mut findings_by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
        for d in diagnostics {
            findings_by_file.entry(d.file.as_path()).or_default().push(d);
        }
        let mut views = Views {
            agreement,
            lang: Lang::new(&agreement.language),
            today,
            lookup,
            referenced_by,
            findings_by_file,
            suppressed_by_file: BTreeMap::new(),
            glossary: crate::base::terms::Glossary::of(agreement),
            places: HashMap::new(),
            cites: None,
        };
        if !views.glossary.is_empty() {
            views.places = crate::base::terms::Glossary::bodies(agreement).map(|(p, b, _)| (address(b), p)).collect();
        }
        let mut suppressed_by_file: BTreeMap<&Path, Vec<SuppressedView>> = BTreeMap::new();
        for s in suppressed {
            suppressed_by_file.entry(s.diagnostic.file.as_path()).or_default().push(views.suppressed(s));
        }
        views.suppressed_by_file = suppressed_by_file;
        views
    }

    /// These views with citations of other agreements resolved by `cites`.
    pub(super) fn citing(mut self, cites: Option<Cites>) -> Self {
        self.cites = cites;
        self
    }

    /// The clauses of other agreements that cite `c`, linked from its page.
    fn cited_by(&self, c: &Clause) -> Vec<CiterView> {
        let Some(cites) = &self.cites else { return Vec::new() };
        let citers = cites.external.cited_by.get(&c.id).map(Vec::as_slice).unwrap_or_default();
        let up = format!("../{}{}", cites.site, cites.external.up);
        citers
            .iter()
            .map(|x| CiterView { label: x.label.clone(), version: x.version.clone(), url: format!("{up}{}", x.path) })
            .collect()
    }

    /// A key of where this render's citations of other agreements lead.
    pub(super) fn cites_key(&self) -> Option<(u64, NaiveDate)> {
        self.cites.as_ref().map(|c| (c.external.key(), c.on))
    }

    /// What a citation of another agreement's clause (`written`) shows, on a page `root` below
    /// its version's folder: a link, text where no other agreement is published, or nothing
    /// (broken) where the citation resolves to no clause. A link to an agreement that some
    /// readers of this one may not read is named as written (ids), never by its title, unless its
    /// title is public (then by its title and the clause's id).
    fn cite(&self, citation: &crate::base::xref::Citation<'_>, written: &str, root: &str) -> Option<Xref> {
        let Some(cites) = &self.cites else {
            return Some(Xref { to: XrefTo::Text, label: written.to_string() });
        };
        let target = cites.external.cited.resolve(citation, cites.on).ok()?;
        let url = format!("{root}{}{}{}", cites.site, cites.external.up, target.path());
        let external = &cites.external;
        let (access, cited) = (&external.cited.access, &target.agreement.id);
        let label = if access.reads(&external.own, cited) {
            self.lang.cited_label(&target.agreement.title, &target.clause.label)
        } else if access.shows_title(&external.own, cited) {
            self.lang.cited_label(&target.agreement.title, &target.clause.id)
        } else {
            written.to_string()
        };
        Some(Xref { to: XrefTo::Url(url), label })
    }

    /// A link to a clause.
    pub(super) fn clause_ref(&self, c: &Clause) -> ClauseRef {
        ClauseRef {
            id: c.id.clone(),
            label: self.lang.clause_label(c.number),
            title: c.title.clone(),
            url: format!("clauses/{}.html", c.id),
        }
    }

    /// A party as written, and the party it names (resolved when loading), with its page.
    pub(super) fn party_ref(&self, written: &str, named: Option<usize>) -> PartyRef {
        match named.map(|i| &self.agreement.parties[i]) {
            Some(p) => {
                PartyRef { id: Some(p.id.clone()), name: p.name.clone(), url: Some(format!("parties/{}.html", p.id)) }
            }
            None => PartyRef { id: None, name: written.to_string(), url: None },
        }
    }

    /// A finding, with the clause it points into.
    pub(super) fn finding(&self, d: &Diagnostic) -> FindingView {
        FindingView {
            severity: d.severity,
            rule: d.rule.clone(),
            message: d.message.clone(),
            location: d.location(),
            hint: d.hint.clone(),
            clause: self.lookup.by_file(&d.file).map(|c| self.clause_ref(c)),
        }
    }

    /// A suppressed finding with the clause's reason.
    pub(super) fn suppressed(&self, s: &Suppressed) -> SuppressedView {
        SuppressedView { finding: self.finding(&s.diagnostic), reason: s.reason.clone() }
    }

    /// Duty `j` of clause `c`.
    fn duty(&self, c: &Clause, j: usize) -> DutyView {
        let d = &c.duties[j];
        let named = c.named.duty_owners.get(j).copied().flatten();
        DutyView {
            id: d.id.clone(),
            text: d.text.clone(),
            html: self.text_html(&d.text, TermLinks::From("../")),
            print: self.text_html(&d.text, TermLinks::Print),
            owner: d.owner.as_deref().map(|o| self.party_ref(o, named)),
            due: d.due,
            cadence: d.cadence.clone(),
        }
    }

    fn overdue(&self, c: &Clause) -> bool {
        c.overdue_days(self.today).is_some()
    }

    /// Everything a clause page shows about its clause (its body comes separately, per page).
    pub(super) fn clause(&self, c: &Clause) -> ClauseView {
        let agreement = self.agreement;
        ClauseView {
            reference: self.clause_ref(c),
            number: c.number,
            chapter: c.chapter.map(|i| agreement.chapters[i].number),
            owner: c.owner.as_deref().map(|o| self.party_ref(o, c.named.owner)),
            parties: c.parties.iter().enumerate().map(|(i, p)| self.party_ref(p, c.named.parties[i])).collect(),
            duties: (0..c.duties.len()).map(|j| self.duty(c, j)).collect(),
            revised: c.revised,
            review_by: c.review_by,
            overdue: self.overdue(c),
            status: c.status,
            refs: self.refers_to(c),
            referenced_by: self
                .referenced_by
                .get(c.id.as_str())
                .map(|v| v.iter().map(|&i| self.clause_ref(&agreement.clauses[i])).collect())
                .unwrap_or_default(),
            cited_by: self.cited_by(c),
            budget: c
                .budget
                .iter()
                .enumerate()
                .map(|(i, s)| ShareView { party: self.party_ref(&s.party, c.named.budget[i]), share: s.share })
                .collect(),
            tags: c.tags.clone(),
            front: Arc::clone(&c.front),
            file: slash_path(&c.file),
            suppressed: self.suppressed_by_file.get(c.file.as_path()).cloned().unwrap_or_default(),
            findings: self
                .findings_by_file
                .get(c.file.as_path())
                .map(|ds| ds.iter().map(|d| self.finding(d)).collect())
                .unwrap_or_default(),
        }
    }

    /// What the pages listing many clauses show about one.
    pub(super) fn summary(&self, c: &Clause) -> ClauseSummary {
        ClauseSummary {
            reference: self.clause_ref(c),
            number: c.number,
            chapter: c.chapter.map(|i| self.agreement.chapters[i].number),
            status: c.status,
            overdue: self.overdue(c),
            owner: c.owner.as_deref().map(|o| self.party_ref(o, c.named.owner)),
            duties: (0..c.duties.len()).map(|j| self.duty(c, j)).collect(),
        }
    }

    /// A chapter, its introduction rendered with references to clauses on the same page.
    pub(super) fn chapter(&self, ch: &Chapter) -> ChapterView {
        ChapterView {
            number: ch.number,
            label: self.lang.chapter_label(ch.number),
            title: ch.title.clone(),
            intro: self.html(&ch.intro, &|id| format!("#{id}"), TermLinks::From("")),
            intro_print: self.html(&ch.intro, &|id| format!("#{id}"), TermLinks::Print),
        }
    }

    /// The clauses `c` refers to, as `referenced_by` counts them the other way: its front matter
    /// `refs` and the links in its body, each once, in that order.
    fn refers_to(&self, c: &Clause) -> Vec<ClauseRef> {
        let targets = c.refs.iter().filter_map(|r| self.lookup.by_id.get(r.as_str()).copied());
        let linked = c.body.links.iter().filter_map(|l| self.lookup.target(&l.target));
        let mut seen = std::collections::HashSet::new();
        targets
            .chain(linked)
            .filter(|t| t.id != c.id && seen.insert(t.id.as_str()))
            .map(|t| self.clause_ref(t))
            .collect()
    }

    /// A clause's text as its pages show it: its library text (`use:`), marked as the library's
    /// with its edition, then its own body.
    pub(super) fn clause_html(&self, c: &Clause, href: &dyn Fn(&str) -> String, terms: TermLinks) -> String {
        let own = self.html(&c.body, href, terms);
        let Some(used) = &c.used else { return own };
        let words = self.lang.words();
        let word = |k: &str| words.get(k).copied().unwrap_or_default();
        let source = format!("{} {} · {}", word("library_text"), used.clause, word("library_edition"));
        let source = crate::base::markdown::escape(&source.replace("{n}", &used.edition.to_string()));
        let text = self.html(&used.body, href, terms);
        let edition = format!("{}@{}", used.clause, used.edition);
        format!(
            "<div class=\"library-text\" data-library=\"{}\">\n<p class=\"library-source\">{source}</p>\n{text}</div>\n{own}",
            crate::base::markdown::escape(&edition)
        )
    }

    /// Plain text (a duty's) as HTML: escaped, its defined terms linked as a body's are.
    pub(super) fn text_html(&self, text: &str, terms: TermLinks) -> String {
        let escaped = minijinja::HtmlEscape(text).to_string();
        if self.glossary.is_empty() {
            return escaped;
        }
        self.glossary.link(&escaped, None, &|d| self.term_href(d, terms))
    }

    /// Where a link to the definition `d` leads from a page of `terms`.
    fn term_href(&self, d: &crate::base::terms::Definition, terms: TermLinks) -> String {
        use crate::base::terms::{Glossary, Place};
        let anchor = Glossary::anchor(&d.term);
        match (terms, d.place) {
            (TermLinks::Print, _) => format!("#{anchor}"),
            (TermLinks::From(root), Place::Clause(i)) => {
                format!("{root}clauses/{}.html#{anchor}", self.agreement.clauses[i].id)
            }
            (TermLinks::From(root), Place::Preamble) => format!("{root}index.html#{anchor}"),
        }
    }

    /// A body's HTML, its clause references resolved with hrefs relative to the page showing it.
    pub(super) fn html(&self, body: &Body, href: &dyn Fn(&str) -> String, terms: TermLinks) -> String {
        let root = match terms {
            TermLinks::From(root) => root,
            TermLinks::Print => "",
        };
        let resolve = |t: &crate::base::model::LinkTarget| {
            if let crate::base::model::LinkTarget::Id(id) = t
                && let Some(citation) = crate::base::xref::Citation::parse(id)
            {
                return self.cite(&citation, id, root);
            }
            let lang = self.lang;
            self.lookup.target(t).map(|c| Xref {
                to: XrefTo::Clause(c.id.clone()),
                label: format!("{} {}", lang.clause_label(c.number), c.title),
            })
        };
        let html = body.html.resolve(resolve, href);
        if self.glossary.is_empty() {
            return html;
        }
        self.glossary.link(&html, self.places.get(&address(body)).copied(), &|d| self.term_href(d, terms))
    }
}
