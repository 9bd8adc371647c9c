//! Render: the agreement and its findings become pages. Views are plain serializable data computed
//! once; every page is a template rendered in parallel with the shared views. Nothing here writes
//! files: each page goes to an [`crate::output::Sink`] as soon as it is rendered.

mod cache;
pub mod i18n;
pub mod publish;
pub mod theme;
pub mod versions;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use serde::Serialize;

use crate::check::rules::{RuleInfo, Suppressed};
use crate::diagnostic::{Diagnostic, Severity, Span, slash_path};
use crate::markdown::Xref;
use crate::model::{Agreement, Body, Clause, Status};
use crate::output::{Bytes, Sink, WriteError};
use i18n::Lang;
use theme::Theme;

/// What a page needs to know beyond the agreement.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The date things are judged against (overdue reviews).
    pub today: NaiveDate,
    /// Where the site will be published, overriding `base_url` in `_index.md`.
    pub base_url: Option<String>,
    /// The version these pages show, on a versioned site.
    pub version: Option<versions::VersionContext>,
    /// Pages rendered for other versions, reused where a page's content is the same.
    pub pages: Option<Arc<PageCache>>,
}

pub use cache::PageCache;

/// Where a page's version switcher and banner go; replaced after rendering.
const SWITCH_MARK: &str = "<!--clausebook:version-switch-->";
const BANNER_MARK: &str = "<!--clausebook:version-banner-->";
/// A page's version switcher and banner, rendered.
type Navigation = (String, String);

/// Switchers and banners by which versions have the page and the page's depth.
type NavigationMemo = std::sync::Mutex<HashMap<(Vec<bool>, usize), Arc<Navigation>>>;

/// Stands in for a page's path in its version switcher and banner, rendered once for many pages.
const PATH_STAND_IN: &str = "\u{E000}clausebook-path\u{E000}";

/// Where a clause's article goes in the printable page's outline: the mark, the clause's index, `-->`.
const ARTICLE_MARK: &str = "<!--clausebook:article:";

/// The printable page's outline cut at its article marks: each piece of text, then the index of
/// the article that follows it (none after the last).
fn spliced(outline: &str) -> impl Iterator<Item = (&str, Option<usize>)> {
    let mut rest = Some(outline);
    std::iter::from_fn(move || {
        let text = rest?;
        let Some(at) = text.find(ARTICLE_MARK) else {
            rest = None;
            return Some((text, None));
        };
        let after = &text[at + ARTICLE_MARK.len()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let end = after[digits..].strip_prefix("-->").map(|tail| (after[..digits].parse().ok(), tail));
        match end {
            Some((index, tail)) => {
                rest = Some(tail);
                Some((&text[..at], index))
            }
            None => {
                // Not one of our marks after all: kept as text.
                let cut = at + ARTICLE_MARK.len();
                rest = Some(&text[cut..]);
                Some((&text[..cut], None))
            }
        }
    })
}

/// A page with its switcher and banner put in place of their marks, in one pass.
fn fill(html: &str, switch: &str, banner: &str) -> String {
    let mut marks: Vec<(usize, &str, &str)> = [(SWITCH_MARK, switch), (BANNER_MARK, banner)]
        .into_iter()
        .filter_map(|(mark, with)| html.find(mark).map(|i| (i, mark, with)))
        .collect();
    marks.sort_unstable_by_key(|m| m.0);
    let mut out = String::with_capacity(html.len() + switch.len() + banner.len());
    let mut at = 0;
    for (i, mark, with) in marks {
        out.push_str(&html[at..i]);
        out.push_str(with);
        at = i + mark.len();
    }
    out.push_str(&html[at..]);
    out
}

/// A reference to a clause as pages show it.
#[derive(Debug, Clone, Hash, Serialize)]
struct ClauseRef {
    id: String,
    label: String,
    title: String,
    url: String,
}

/// A party as pages show it (an owner written by name or id, resolved when declared).
#[derive(Debug, Clone, Hash, Serialize)]
struct PartyRef {
    id: Option<String>,
    name: String,
    url: Option<String>,
}

#[derive(Debug, Clone, Hash, Serialize)]
struct DutyView {
    id: Option<String>,
    text: String,
    owner: Option<PartyRef>,
    due: Option<NaiveDate>,
    cadence: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct ShareView {
    party: PartyRef,
    share: f64,
}

#[derive(Debug, Clone, Hash, Serialize)]
struct FindingView {
    severity: Severity,
    rule: String,
    message: String,
    location: String,
    hint: Option<String>,
    clause: Option<ClauseRef>,
}

#[derive(Debug, Clone, Serialize)]
struct ChapterView {
    number: usize,
    label: String,
    title: String,
    intro: String,
}

/// Everything a page shows about one clause (its body comes separately, per page).
#[derive(Debug, Clone, Serialize)]
struct ClauseView {
    #[serde(flatten)]
    reference: ClauseRef,
    number: usize,
    chapter: Option<usize>,
    owner: Option<PartyRef>,
    parties: Vec<PartyRef>,
    duties: Vec<DutyView>,
    revised: Option<NaiveDate>,
    review_by: Option<NaiveDate>,
    overdue: bool,
    status: Status,
    refs: Vec<ClauseRef>,
    referenced_by: Vec<ClauseRef>,
    budget: Vec<ShareView>,
    tags: Vec<String>,
    front: Arc<crate::yaml::Node>,
    file: String,
    findings: Vec<FindingView>,
    suppressed: Vec<SuppressedView>,
}

/// What the pages listing many clauses show about one: the index, party pages and the printable
/// page's outline get this, not the whole view, so they stay the same while only bodies change.
#[derive(Debug, Clone, Serialize)]
struct ClauseSummary {
    #[serde(flatten)]
    reference: ClauseRef,
    number: usize,
    chapter: Option<usize>,
    status: Status,
    overdue: bool,
    owner: Option<PartyRef>,
    duties: Vec<DutyView>,
}

#[derive(Debug, Clone, Hash, Serialize)]
struct SuppressedView {
    finding: FindingView,
    reason: String,
}

#[derive(Debug, Clone, Serialize)]
struct RuleView {
    id: String,
    severity: Option<Severity>,
    description: String,
    file: String,
}

/// The findings a site shows: reported ones, suppressed ones with reasons, and the rules in force.
#[derive(Debug, Clone, Copy)]
pub struct Findings<'a> {
    /// Findings to show (warnings and infos; a site is only built without errors).
    pub diagnostics: &'a [Diagnostic],
    /// Findings that clauses suppressed.
    pub suppressed: &'a [Suppressed],
    /// The project's rules with the severity in force.
    pub rules: &'a [(RuleInfo, Option<Severity>)],
}

/// A page rendered and stored, or what stopped it.
type PageResult = Result<(), Box<PageError>>;

/// Why rendering failed: a template problem, located in the template file.
#[derive(Debug)]
pub enum RenderError {
    /// The theme could not be loaded.
    Theme(theme::ThemeError),
    /// Template errors, as diagnostics pointing into the template files.
    Templates(Vec<Diagnostic>),
    /// A page could not be stored.
    Write(WriteError),
}

/// Why one page failed.
enum PageError {
    Template(Diagnostic),
    Write(WriteError),
}

/// Renders every page of the site into `sink`; returns how many files were stored.
pub fn render(
    root: &Path,
    agreement: &Agreement,
    findings: Findings<'_>,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let theme = Theme::load(root, &agreement.theme).map_err(RenderError::Theme)?;
    let env = environment(&theme).map_err(RenderError::Templates)?;
    let lang = Lang::new(&agreement.language);
    let lookup = agreement.lookup();

    let clause_ref = |c: &Clause| ClauseRef {
        id: c.id.clone(),
        label: lang.clause_label(c.number),
        title: c.title.clone(),
        url: format!("clauses/{}.html", c.id),
    };
    let party_ref = |written: &str| match agreement.party(written) {
        Some(p) => {
            PartyRef { id: Some(p.id.clone()), name: p.name.clone(), url: Some(format!("parties/{}.html", p.id)) }
        }
        None => PartyRef { id: None, name: written.to_string(), url: None },
    };
    let finding = |d: &Diagnostic| FindingView {
        severity: d.severity,
        rule: d.rule.clone(),
        message: d.message.clone(),
        location: d.location(),
        hint: d.hint.clone(),
        clause: lookup.by_file.get(d.file.as_path()).map(|c| clause_ref(c)),
    };
    let resolve = |t: &crate::model::LinkTarget| {
        lookup
            .target(t)
            .map(|c| Xref { id: c.id.clone(), label: format!("{} {}", lang.clause_label(c.number), c.title) })
    };
    // A body's clause references, resolved with hrefs relative to the page that shows it.
    let html = |body: &Body, href: &dyn Fn(&str) -> String| body.html.resolve(resolve, href);

    // Who refers to whom, from front matter `refs` and from links in bodies.
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
    for d in findings.diagnostics {
        findings_by_file.entry(d.file.as_path()).or_default().push(d);
    }
    let suppressed_view = |s: &Suppressed| SuppressedView { finding: finding(&s.diagnostic), reason: s.reason.clone() };
    let mut suppressed_by_file: BTreeMap<&Path, Vec<SuppressedView>> = BTreeMap::new();
    for s in findings.suppressed {
        suppressed_by_file.entry(s.diagnostic.file.as_path()).or_default().push(suppressed_view(s));
    }

    let cache = options.pages.as_deref();
    let base_url = options.base_url.as_ref().or(agreement.base_url.as_ref());
    let site_key =
        cache::site_key(agreement, options.today, base_url, options.version.is_some(), findings.diagnostics.len());
    let around = cache::Around {
        lookup: &lookup,
        referenced_by: &referenced_by,
        findings_by_file: &findings_by_file,
        suppressed_by_file: &suppressed_by_file,
    };
    let clause_keys = match cache {
        Some(_) => cache::clause_keys(agreement, site_key, &around),
        None => vec![None; agreement.clauses.len()],
    };
    let summary_keys = cache::summary_keys(agreement, site_key, options.today);
    let data_keys = match cache {
        Some(_) => cache::data_keys(agreement, site_key, &lookup),
        None => vec![None; agreement.clauses.len()],
    };
    let overdue = |c: &Clause| c.review_by.is_some_and(|d| d < options.today) && c.status != Status::Retired;
    let duty_view = |d: &crate::model::Duty| DutyView {
        id: d.id.clone(),
        text: d.text.clone(),
        owner: d.owner.as_deref().map(party_ref),
        due: d.due,
        cadence: d.cadence.clone(),
    };
    let views: Vec<Value> = agreement
        .clauses
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let view = || -> Result<Value, ()> {
                Ok(ser(&ClauseView {
                    reference: clause_ref(c),
                    number: c.number,
                    chapter: c.chapter.map(|i| agreement.chapters[i].number),
                    owner: c.owner.as_deref().map(party_ref),
                    parties: c.parties.iter().map(|p| party_ref(p)).collect(),
                    duties: c.duties.iter().map(duty_view).collect(),
                    revised: c.revised,
                    review_by: c.review_by,
                    overdue: overdue(c),
                    status: c.status,
                    refs: c.refs.iter().filter_map(|r| lookup.by_id.get(r.as_str())).map(|t| clause_ref(t)).collect(),
                    referenced_by: referenced_by
                        .get(c.id.as_str())
                        .map(|v| v.iter().map(|&i| clause_ref(&agreement.clauses[i])).collect())
                        .unwrap_or_default(),
                    budget: c.budget.iter().map(|s| ShareView { party: party_ref(&s.party), share: s.share }).collect(),
                    tags: c.tags.clone(),
                    front: Arc::clone(&c.front),
                    file: slash_path(&c.file),
                    suppressed: suppressed_by_file.get(c.file.as_path()).cloned().unwrap_or_default(),
                    findings: findings_by_file
                        .get(c.file.as_path())
                        .map(|ds| ds.iter().map(|d| finding(d)).collect())
                        .unwrap_or_default(),
                }))
            };
            cache::kept(cache.map(|c| &c.views), clause_keys[i], view).unwrap_or_default()
        })
        .collect();
    // What the pages listing many clauses (index, party pages, the printable page's outline) show
    // about each: a summary, so that those pages stay the same while only bodies change.
    let summaries: Vec<Value> = agreement
        .clauses
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let summary = || -> Result<Value, ()> {
                Ok(ser(&ClauseSummary {
                    reference: clause_ref(c),
                    number: c.number,
                    chapter: c.chapter.map(|i| agreement.chapters[i].number),
                    status: c.status,
                    overdue: overdue(c),
                    owner: c.owner.as_deref().map(party_ref),
                    duties: c.duties.iter().map(duty_view).collect(),
                }))
            };
            cache::kept(cache.map(|c| &c.summaries), Some(summary_keys[i]), summary).unwrap_or_default()
        })
        .collect();

    let chapters: Vec<ChapterView> = agreement
        .chapters
        .iter()
        .map(|ch| ChapterView {
            number: ch.number,
            label: lang.chapter_label(ch.number),
            title: ch.title.clone(),
            intro: html(&ch.intro, &|id| format!("#{id}")),
        })
        .collect();
    // Root-level clauses first, then each chapter with its clauses: the reading order.
    let mut sections: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (i, c) in agreement.clauses.iter().enumerate() {
        match sections.last_mut() {
            Some((ch, list)) if *ch == c.chapter => list.push(i),
            _ => sections.push((c.chapter, vec![i])),
        }
    }
    // The reading order with each clause's summary; `article` adds a field to each clause.
    let section_values = |article: Option<&dyn Fn(usize) -> Value>| -> Value {
        Value::from_iter(sections.iter().map(|(ch, list)| {
            context! {
                chapter => ch.map(|i| ser(&chapters[i])),
                clauses => Value::from_iter(list.iter().map(|&i| match article {
                    Some(a) => context! { article => a(i), ..summaries[i].clone() },
                    None => summaries[i].clone(),
                })),
            }
        }))
    };
    // The key of what the pages listing every clause show: the site, the preamble and chapters,
    // and every clause's summary.
    let outline_key = cache::hash_of((
        site_key,
        &agreement.preamble.markdown,
        agreement.chapters.iter().map(|c| (&c.title, &c.intro.markdown)).collect::<Vec<_>>(),
        &summary_keys,
    ));

    // A link to clause `i` (number, title, page), where a page needs no more than that.
    let link = |i: usize| ser(clause_ref(&agreement.clauses[i]));
    let owns = |p: &crate::model::Party, written: &Option<String>| {
        written.as_deref().and_then(|w| agreement.party(w)).is_some_and(|o| o.id == p.id)
    };
    // Every page carries the parties for its navigation: their names and counts, not their lists.
    let party_summaries: Vec<Value> = agreement
        .parties
        .iter()
        .map(|p| {
            let clauses = agreement.clauses.iter().filter(|c| owns(p, &c.owner)).count();
            let duties = agreement.clauses.iter().flat_map(|c| &c.duties).filter(|d| owns(p, &d.owner)).count();
            context! {
                id => &p.id, name => &p.name, liaison => ser(&p.liaison), role => ser(&p.role),
                url => format!("parties/{}.html", p.id), duty_count => duties, clause_count => clauses,
            }
        })
        .collect();

    let site = context! {
        title => &agreement.title,
        language => &agreement.language,
        effective => ser(agreement.effective),
        base_url => base_url,
        today => options.today.to_string(),
        parties => party_summaries,
        t => lang.words(),
        clause_count => agreement.clauses.len(),
        finding_count => findings.diagnostics.len(),
        versioned => options.version.is_some(),
    };
    let template_error = |e: minijinja::Error| Box::new(PageError::Template(template_error(&theme, &e)));
    let write_error = |e| Box::new(PageError::Write(e));
    let render_to = |name: &str, ctx: Value| env.get_template(name).and_then(|t| t.render(ctx)).map_err(template_error);
    // A page's context: the site, the way to its root, and the marks of its version switcher and
    // banner on a versioned site.
    let page_context = |path: &str, ctx: Value| {
        let mark = |m: &str| Value::from_safe_string(if options.version.is_some() { m.into() } else { String::new() });
        context! {
            site => site.clone(),
            root => "../".repeat(path.matches('/').count()),
            path => path,
            version_switch => mark(SWITCH_MARK),
            version_banner => mark(BANNER_MARK),
            ..ctx
        }
    };
    // A rendered page with its version switcher and banner put in place, when the site has versions.
    // Switchers and banners differ between pages only by which versions have the page, the
    // page's depth and its path: they are rendered once per (versions, depth) with a stand-in for
    // the path, and the path is put in afterwards, escaped as the template's autoescaping would.
    let navigation: NavigationMemo = Default::default();
    let with_version = |path: &str, html: Arc<str>| -> Result<Bytes, Box<PageError>> {
        let Some(version) = &options.version else { return Ok(html.into()) };
        let depth = path.matches('/').count();
        let root = "../".repeat(depth);
        let has = version.availability(path);
        let render_navigation = |path: &str| -> Result<(String, String), Box<PageError>> {
            let nav = context! { site => site.clone(), root => root.clone() };
            let switcher = ser(version.switcher(path, &root, &has));
            let switch = render_to("version_switch.html", context! { switcher, ..nav.clone() })?;
            let banner = version.banner(path, &root, &has).map(ser);
            let banner = render_to("version_banner.html", context! { banner, ..nav })?;
            Ok((switch, banner))
        };
        let key = (has.clone(), depth);
        let kept = navigation.lock().ok().and_then(|m| m.get(&key).cloned());
        let both = match kept {
            Some(both) => both,
            None => {
                let both = Arc::new(render_navigation(PATH_STAND_IN)?);
                if let Ok(mut m) = navigation.lock() {
                    m.insert(key, Arc::clone(&both));
                }
                both
            }
        };
        let escaped = minijinja::HtmlEscape(path).to_string();
        let (switch, banner) = (both.0.replace(PATH_STAND_IN, &escaped), both.1.replace(PATH_STAND_IN, &escaped));
        Ok(fill(&html, &switch, &banner).into())
    };
    // A page rendered from `template`, or kept from before while its `key` stays the same.
    let page = |template: &str, path: String, key: Option<u64>, ctx: &dyn Fn() -> Value| -> PageResult {
        if cache.is_none() && options.version.is_none() {
            // Nothing to keep and nothing to fill in: rendered straight into its file.
            let tmpl = env.get_template(template).map_err(template_error)?;
            let mut failed = None;
            let stored = sink.put_streamed(&path, &mut |w| {
                tmpl.render_captured_to(page_context(&path, ctx()), w).map(|_| ()).map_err(|e| {
                    failed = Some(e);
                    std::io::Error::other("template error")
                })
            });
            return match (failed, stored) {
                (Some(e), _) => Err(template_error(e)),
                (None, r) => r.map_err(write_error),
            };
        }
        let key = key.map(|k| (path.clone(), k));
        let html = cache::kept(cache.map(|c| &c.pages), key, || {
            render_to(template, page_context(&path, ctx())).map(Arc::from)
        })?;
        sink.put(&path, with_version(&path, html)?).map_err(write_error)
    };
    let clause_page = |i: usize| -> PageResult {
        let c = &agreement.clauses[i];
        page("clause.html", format!("clauses/{}.html", c.id), clause_keys[i], &|| {
            let body = Value::from_safe_string(html(&c.body, &|id| format!("{id}.html")));
            let prev = i.checked_sub(1).map(link);
            let next = (i + 1 < agreement.clauses.len()).then(|| link(i + 1));
            let chapter = c.chapter.map(|ch| ser(&chapters[ch]));
            context! { clause => views[i].clone(), body, prev, next, chapter }
        })
    };
    // One clause's part of a data file, kept under its data key (and `salt`, where the part
    // differs between files of one kind, such as each party's calendar).
    let fragment = |kind: &'static str, i: usize, salt: u64, make: &dyn Fn() -> String| -> Arc<str> {
        let key = data_keys[i].map(|k| (kind, cache::hash_of((k, salt))));
        cache::kept(cache.map(|c| &c.fragments), key, || Ok::<_, ()>(Arc::from(make())))
            .unwrap_or_else(|_| make().into())
    };

    let json_html = |c: &Clause| html(&c.body, &|id| format!("clauses/{id}.html"));
    let mut jobs: Vec<Box<dyn Fn() -> PageResult + Sync + '_>> = Vec::new();
    jobs.push(Box::new(|| {
        page("index.html", "index.html".into(), Some(outline_key), &|| {
            let preamble = Value::from_safe_string(html(&agreement.preamble, &|id| format!("clauses/{id}.html")));
            context! { preamble, sections => section_values(None) }
        })
    }));
    jobs.push(Box::new(|| {
        // The page's outline is rendered with a mark where each clause's article goes, then the
        // articles (each made once while its clause key stays the same) are put in.
        let print_site = context! { site => site.clone(), root => "" };
        let article = |i: usize| -> Result<Arc<str>, Box<PageError>> {
            let key = clause_keys[i].map(|k| ("article", k));
            cache::kept(cache.map(|c| &c.fragments), key, || {
                let body = Value::from_safe_string(html(&agreement.clauses[i].body, &|id| format!("#{id}")));
                let ctx = context! { c => context! { body, ..views[i].clone() }, ..print_site.clone() };
                render_to("print_clause.html", ctx).map(Arc::from)
            })
        };
        let articles = (0..agreement.clauses.len()).into_par_iter().map(article).collect::<Result<Vec<_>, _>>()?;
        let path = "print.html";
        let key = Some((path.to_string(), outline_key));
        let mark = |i: usize| Value::from_safe_string(format!("{ARTICLE_MARK}{i}-->"));
        let outline = cache::kept(cache.map(|c| &c.pages), key, || {
            render_to("print.html", page_context(path, context! { sections => section_values(Some(&mark)) }))
                .map(Arc::from)
        })?;
        let outline = with_version(path, outline)?;
        let outline = outline.contiguous();
        let outline = std::str::from_utf8(&outline).unwrap_or_default();
        let mut parts: Vec<Arc<str>> = Vec::with_capacity(2 * articles.len() + 1);
        for (text, article) in spliced(outline) {
            parts.push(text.into());
            parts.extend(article.and_then(|i| articles.get(i)).cloned());
        }
        sink.put(path, parts.into()).map_err(write_error)
    }));
    jobs.push(Box::new(|| {
        let key = cache::hash_of((site_key, findings.diagnostics, &suppressed_by_file, findings.rules));
        page("findings.html", "findings.html".into(), Some(key), &|| {
            let all: Vec<FindingView> = findings.diagnostics.iter().map(finding).collect();
            let suppressed: Vec<SuppressedView> = findings.suppressed.iter().map(suppressed_view).collect();
            let rules: Vec<RuleView> = findings
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
        })
    }));
    jobs.push(Box::new(|| page("404.html", "404.html".into(), Some(site_key), &|| context! {})));
    jobs.push(Box::new(|| page("search.html", "search.html".into(), Some(site_key), &|| context! {})));
    if let Some(v) = &options.version {
        jobs.push(Box::new(move || {
            page("changes.html", "changes.html".into(), None, &|| {
                let previous = v.current.checked_sub(1).map(|p| v.all[p].name.clone());
                context! { changelog => v.changelog.as_ref().map(ser), previous, version => v.name() }
            })
        }));
    }
    let (summaries, link, owns) = (&summaries, &link, &owns);
    for p in &agreement.parties {
        jobs.push(Box::new(move || {
            let key = cache::hash_of((outline_key, &p.id));
            page("party.html", format!("parties/{}.html", p.id), Some(key), &|| {
                let duties: Vec<Value> = agreement
                    .clauses
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        c.duties.iter().enumerate().filter(|(_, d)| owns(p, &d.owner)).map(move |(j, _)| (i, j))
                    })
                    .map(|(i, j)| {
                        let duty = summaries[i].get_attr("duties").and_then(|d| d.get_item(&Value::from(j)));
                        context! { clause => link(i), duty => duty.unwrap_or_default() }
                    })
                    .collect();
                let clauses: Vec<Value> = agreement
                    .clauses
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| owns(p, &c.owner))
                    .map(|(i, _)| summaries[i].clone())
                    .collect();
                let party = context! {
                    id => &p.id, name => &p.name, liaison => ser(&p.liaison), role => ser(&p.role),
                    url => format!("parties/{}.html", p.id), duties, clauses,
                };
                context! { party }
            })
        }));
    }
    let clause_jobs = (0..agreement.clauses.len()).into_par_iter().map(clause_page);
    for (path, make) in data_files(agreement, findings.diagnostics, options, &json_html, &fragment) {
        jobs.push(Box::new(move || sink.put(&path, make().into()).map_err(write_error)));
    }
    let results: Vec<PageResult> = jobs.par_iter().map(|job| job()).chain(clause_jobs).collect();
    let pages = results.len();

    let mut errors = Vec::new();
    for e in results.into_iter().filter_map(Result::err) {
        match *e {
            PageError::Write(e) => return Err(RenderError::Write(e)),
            PageError::Template(d) if !errors.contains(&d) => errors.push(d),
            PageError::Template(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(RenderError::Templates(errors));
    }
    for (name, bytes) in &theme.assets {
        sink.put(&format!("static/{name}"), Arc::clone(bytes).into()).map_err(RenderError::Write)?;
    }
    Ok(pages + theme.assets.len())
}

/// Makes one data file when its job runs: its parts, one after another.
type Make<'a> = Box<dyn Fn() -> Vec<Arc<str>> + Sync + 'a>;

/// One clause's part of a data file: `(kind, clause index, salt, make)`, kept while its clause's
/// key stays the same.
type Fragment<'a> = dyn Fn(&'static str, usize, u64, &dyn Fn() -> String) -> Arc<str> + Sync + 'a;

/// The files that are data, not pages: search index, calendars, the agreement as JSON with its
/// schema, and a sitemap when the site's address is known. Each is made by its own job, in
/// parallel with the pages, from per-clause parts, and dropped once stored.
fn data_files<'a>(
    agreement: &'a Agreement,
    findings: &'a [Diagnostic],
    options: &'a RenderOptions,
    html: &'a (dyn Fn(&Clause) -> String + Sync),
    fragment: &'a Fragment<'a>,
) -> Vec<(String, Make<'a>)> {
    // The address of this site's root: a version's pages live in its folder below the base.
    let base_url = options.base_url.clone().or_else(|| agreement.base_url.clone()).map(|b| match &options.version {
        Some(v) => format!("{}/{}", b.trim_end_matches('/'), v.folder),
        None => b,
    });
    let versions: Vec<String> = options.version.iter().flat_map(|v| v.all.iter().map(|i| i.name.clone())).collect();
    let today = options.today;
    let parts = move |kind: &'static str, salt: u64, make: &(dyn Fn(usize) -> String + Sync)| -> Vec<Arc<str>> {
        (0..agreement.clauses.len()).into_par_iter().map(|i| fragment(kind, i, salt, &|| make(i))).collect()
    };
    let mut files: Vec<(String, Make<'a>)> = Vec::new();
    files.push((
        "search-index.js".into(),
        Box::new(move || {
            let lookup = agreement.lookup();
            publish::search_index(parts("search", 0, &|i| publish::search_doc(agreement, &lookup, i)))
        }),
    ));
    let calendar_base = base_url.clone();
    let calendar = move |party: Option<&'a str>| -> Make<'a> {
        let base = calendar_base.clone();
        Box::new(move || {
            let salt = cache::hash_of((party, &base));
            let events = parts("ics", salt, &|i| publish::clause_events(agreement, i, party, today, base.as_deref()));
            publish::calendar(agreement, party, events)
        })
    };
    files.push(("reviews.ics".into(), calendar(None)));
    files.push((
        "agreement.json".into(),
        Box::new(move || {
            let clauses = parts("json", 0, &|i| publish::clause_json(agreement, i, html));
            publish::agreement_json(agreement, findings, clauses, &versions)
        }),
    ));
    files.push(("agreement.schema.json".into(), Box::new(|| vec![publish::AGREEMENT_SCHEMA.into()])));
    for p in &agreement.parties {
        files.push((format!("parties/{}.ics", p.id), calendar(Some(&p.id))));
    }
    if let Some(base) = base_url {
        files.push((
            "sitemap.xml".into(),
            Box::new(move || {
                let mut paths: Vec<String> = vec!["index.html".into(), "print.html".into(), "findings.html".into()];
                paths.extend(agreement.clauses.iter().map(|c| format!("clauses/{}.html", c.id)));
                paths.extend(agreement.parties.iter().map(|p| format!("parties/{}.html", p.id)));
                vec![publish::sitemap(&base, &paths).into()]
            }),
        ));
    }
    files
}

/// One version of a clause, for its history page.
#[derive(Debug, Clone, Serialize)]
struct HistoryEntry {
    version: String,
    label: String,
    title: String,
    /// Its text's index in the page's list of distinct texts.
    text: usize,
    url: String,
}

/// The pages at the root of a versioned site: `index.html` listing every version (leading to the
/// newest release) and `history/<id>.html` for every clause, where readers compare any two
/// versions of it.
pub fn render_root(
    root: &Path,
    agreements: &[Option<&Agreement>],
    infos: &[versions::VersionInfo],
    latest: usize,
    today: NaiveDate,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let Some(newest) = agreements.get(latest).copied().flatten() else { return Ok(()) };
    let theme = Theme::load(root, &newest.theme).map_err(RenderError::Theme)?;
    let env = environment(&theme).map_err(RenderError::Templates)?;
    let lang = Lang::new(&newest.language);
    let site = context! {
        title => &newest.title,
        language => &newest.language,
        t => lang.words(),
        today => today.to_string(),
        latest => &infos[latest].name,
    };
    let render = |template: &str, path: String, ctx: Value| -> Result<(), RenderError> {
        let root = "../".repeat(path.matches('/').count());
        let ctx = context! { site => site.clone(), root, path => path.clone(), ..ctx };
        let html = env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|e| RenderError::Templates(vec![template_error(&theme, &e)]))?;
        sink.put(&path, html.into()).map_err(RenderError::Write)
    };
    render("versions.html", "index.html".into(), context! { versions => ser(versions::listing(infos, latest)) })?;

    // Every clause id, newest versions first; each version's clauses by id.
    let mut ids: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for a in agreements.iter().rev().flatten() {
        ids.extend(a.clauses.iter().map(|c| c.id.as_str()).filter(|id| seen.insert(*id)));
    }
    let lookups: Vec<Option<crate::model::Lookup>> = agreements.iter().map(|a| a.map(Agreement::lookup)).collect();
    ids.par_iter().try_for_each(|id| {
        let found: Vec<(&versions::VersionInfo, &Agreement, &Clause)> = agreements
            .iter()
            .zip(&lookups)
            .zip(infos)
            .filter_map(|((a, lookup), info)| Some((info, (*a)?, *lookup.as_ref()?.by_id.get(id)?)))
            .collect();
        // A text the same in several versions (the same file) is made and sent once.
        let mut texts: Vec<String> = Vec::new();
        let mut text_of: Vec<(&crate::model::ClauseFile, usize)> = Vec::new();
        let entries: Vec<HistoryEntry> = found
            .iter()
            .map(|(info, a, c)| {
                let text = match text_of.iter().find(|(w, _)| std::ptr::eq(*w, &*c.written)) {
                    Some((_, i)) => *i,
                    None => {
                        texts.push(c.plain_text());
                        text_of.push((&c.written, texts.len() - 1));
                        texts.len() - 1
                    }
                };
                HistoryEntry {
                    version: info.name.clone(),
                    label: Lang::new(&a.language).clause_label(c.number),
                    title: c.title.clone(),
                    text,
                    url: format!("../{}/clauses/{id}.html", info.name),
                }
            })
            .collect();
        // The texts travel as JSON inside <script>: `<` is escaped so no text can close the element.
        let data = serde_json::json!({ "texts": texts, "entries": entries });
        let data = data.to_string().replace('<', "\\u003c");
        let last = entries.last().map(|e| e.title.clone()).unwrap_or_default();
        let ctx =
            context! { id => *id, title => last, entries => ser(&entries), data => Value::from_safe_string(data) };
        render("history.html", format!("history/{id}.html"), ctx)
    })?;
    for (name, bytes) in &theme.assets {
        sink.put(&format!("static/{name}"), std::sync::Arc::clone(bytes).into()).map_err(RenderError::Write)?;
    }
    Ok(())
}

/// The template environment, or every template syntax error located in its file.
fn environment(theme: &Theme) -> Result<Environment<'_>, Vec<Diagnostic>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    let mut errors = Vec::new();
    for (name, (source, _)) in &theme.templates {
        if let Err(e) = env.add_template(name, source) {
            errors.push(template_error(theme, &e));
        }
    }
    if errors.is_empty() { Ok(env) } else { Err(errors) }
}

/// Any serializable view as a template value.
fn ser<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

fn template_error(theme: &Theme, e: &minijinja::Error) -> Diagnostic {
    let mut cause: &dyn std::error::Error = e;
    let mut deepest = e;
    while let Some(next) = cause.source() {
        if let Some(err) = next.downcast_ref::<minijinja::Error>() {
            deepest = err;
        }
        cause = next;
    }
    let name = deepest.name().unwrap_or("?");
    let line = deepest.line().unwrap_or(1) as u32;
    let detail = deepest.detail().map(|d| format!(": {d}")).unwrap_or_default();
    Diagnostic::error(
        "template",
        theme.template_file(name),
        Span::new(line, 1, 0),
        format!("{}{detail}", deepest.kind()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_is_cut_at_article_marks_only() {
        let outline = "a<!--clausebook:article:1-->b<!--clausebook:article:x-->c<!--clausebook:article:0-->";
        let parts: Vec<_> = spliced(outline).collect();
        assert_eq!(parts, [("a", Some(1)), ("b<!--clausebook:article:", None), ("x-->c", Some(0)), ("", None)]);
    }
}
