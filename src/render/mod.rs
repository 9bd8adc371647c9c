//! Render: the agreement and its findings become pages. Views are plain serializable data computed
//! once; every page is a template rendered in parallel with the shared views. Nothing here writes
//! files: each page goes to an [`crate::output::Sink`] as soon as it is rendered.

pub mod i18n;
pub mod publish;
pub mod theme;
pub mod versions;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use serde::Serialize;

use crate::check::rules::{RuleInfo, Suppressed};
use crate::diagnostic::{Diagnostic, Severity, Span, slash_path};
use crate::markdown::Xref;
use crate::model::{Agreement, Body, Clause, Status};
use crate::output::{Sink, WriteError};
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

/// Clause pages (without their version switcher and banner, filled in per version) and clause
/// views, by the key of everything they show (`clause_keys`): a clause page that shows the same
/// in ten versions, or before and after an edit elsewhere, is made once.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: Mutex<HashMap<(String, u64), Arc<str>>>,
    views: Mutex<HashMap<u64, Value>>,
    search: Mutex<HashMap<u64, Arc<str>>>,
    articles: Mutex<HashMap<u64, Arc<str>>>,
}

/// Where a page's version switcher and banner go; replaced after rendering.
const SWITCH_MARK: &str = "<!--clausebook:version-switch-->";
const BANNER_MARK: &str = "<!--clausebook:version-banner-->";

/// For each clause, a key of everything its page shows, or `None` when its file has no content
/// id: the file's content, its number and chapter, its neighbours, who refers to it and what it
/// refers to (numbers and titles), its findings, and the site-wide data every page shows. Equal
/// keys mean equal pages, so a page is rendered once while its key stays the same — across
/// versions, and across rebuilds while editing. Cheap: small data hashed in place, no rendering.
fn clause_keys(
    agreement: &Agreement,
    lookup: &crate::model::Lookup,
    referenced_by: &BTreeMap<&str, Vec<usize>>,
    findings_by_file: &BTreeMap<&Path, Vec<&Diagnostic>>,
    suppressed_by_file: &BTreeMap<&Path, Vec<SuppressedView>>,
    finding_count: usize,
    options: &RenderOptions,
) -> Vec<Option<u64>> {
    use std::hash::{Hash, Hasher};
    if options.pages.is_none() {
        return vec![None; agreement.clauses.len()];
    }
    let named = |c: &Clause| (c.id.clone(), c.number, c.title.clone());
    // What every page shows: the agreement's title, parties (with their counts), language, dates.
    let site_key = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&agreement.title, &agreement.language, &agreement.theme, agreement.effective, options.today).hash(&mut h);
        (options.base_url.as_ref().or(agreement.base_url.as_ref()), options.version.is_some()).hash(&mut h);
        (agreement.clauses.len(), finding_count).hash(&mut h);
        for p in &agreement.parties {
            (&p.id, &p.name, &p.liaison, &p.role).hash(&mut h);
        }
        for c in &agreement.clauses {
            c.owner.as_deref().and_then(|o| agreement.party(o)).map(|p| &p.id).hash(&mut h);
            for d in &c.duties {
                d.owner.as_deref().and_then(|o| agreement.party(o)).map(|p| &p.id).hash(&mut h);
            }
        }
        h.finish()
    };
    agreement
        .clauses
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = c.source_id.as_ref()?;
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (site_key, id, &c.file, c.number).hash(&mut h);
            c.chapter.map(|ch| (agreement.chapters[ch].number, &agreement.chapters[ch].title)).hash(&mut h);
            for j in [i.checked_sub(1), Some(i + 1)] {
                j.and_then(|j| agreement.clauses.get(j)).map(named).hash(&mut h);
            }
            for &k in referenced_by.get(c.id.as_str()).map(Vec::as_slice).unwrap_or_default() {
                named(&agreement.clauses[k]).hash(&mut h);
            }
            for l in &c.body.links {
                lookup.target(&l.target).map(named).hash(&mut h);
            }
            for r in &c.refs {
                lookup.by_id.get(r.as_str()).map(|t| named(t)).hash(&mut h);
            }
            for d in findings_by_file.get(c.file.as_path()).map(Vec::as_slice).unwrap_or_default() {
                (&d.rule, d.severity, &d.message, d.span, &d.hint).hash(&mut h);
            }
            for s in suppressed_by_file.get(c.file.as_path()).map(Vec::as_slice).unwrap_or_default() {
                (&s.finding.rule, &s.finding.message, &s.finding.location, &s.reason).hash(&mut h);
            }
            Some(h.finish())
        })
        .collect()
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
#[derive(Debug, Clone, Serialize)]
struct ClauseRef {
    id: String,
    label: String,
    title: String,
    url: String,
}

/// A party as pages show it (an owner written by name or id, resolved when declared).
#[derive(Debug, Clone, Serialize)]
struct PartyRef {
    id: Option<String>,
    name: String,
    url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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
    let mut referenced_by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
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

    let clause_keys = clause_keys(
        agreement,
        &lookup,
        &referenced_by,
        &findings_by_file,
        &suppressed_by_file,
        findings.diagnostics.len(),
        options,
    );
    let cached_view = |i: usize| {
        let (cache, key) = options.pages.as_ref().zip(clause_keys[i])?;
        cache.views.lock().ok()?.get(&key).cloned()
    };
    let views: Vec<Value> = agreement
        .clauses
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            if let Some(view) = cached_view(i) {
                return view;
            }
            let view = ClauseView {
                reference: clause_ref(c),
                number: c.number,
                chapter: c.chapter.map(|i| agreement.chapters[i].number),
                owner: c.owner.as_deref().map(party_ref),
                parties: c.parties.iter().map(|p| party_ref(p)).collect(),
                duties: c
                    .duties
                    .iter()
                    .map(|d| DutyView {
                        id: d.id.clone(),
                        text: d.text.clone(),
                        owner: d.owner.as_deref().map(party_ref),
                        due: d.due,
                        cadence: d.cadence.clone(),
                    })
                    .collect(),
                revised: c.revised,
                review_by: c.review_by,
                overdue: c.review_by.is_some_and(|d| d < options.today) && c.status != Status::Retired,
                status: c.status,
                refs: c.refs.iter().filter_map(|r| lookup.by_id.get(r.as_str())).map(|t| clause_ref(t)).collect(),
                referenced_by: referenced_by
                    .get(c.id.as_str())
                    .map(|v| v.iter().map(|&i| clause_ref(&agreement.clauses[i])).collect())
                    .unwrap_or_default(),
                budget: c.budget.iter().map(|s| ShareView { party: party_ref(&s.party), share: s.share }).collect(),
                tags: c.tags.clone(),
                front: c.front.clone(),
                file: slash_path(&c.file),
                suppressed: suppressed_by_file.get(c.file.as_path()).cloned().unwrap_or_default(),
                findings: findings_by_file
                    .get(c.file.as_path())
                    .map(|ds| ds.iter().map(|d| finding(d)).collect())
                    .unwrap_or_default(),
            };
            let view = ser(&view);
            if let (Some(cache), Some(key)) = (&options.pages, clause_keys[i])
                && let Ok(mut map) = cache.views.lock()
            {
                map.insert(key, view.clone());
            }
            view
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
    // The reading order for the index; with `articles`, each clause also carries its printed article.
    let section_values = |articles: Option<&[Arc<str>]>| -> Value {
        Value::from_iter(sections.iter().map(|(ch, list)| {
            context! {
                chapter => ch.map(|i| ser(&chapters[i])),
                clauses => Value::from_iter(list.iter().map(|&i| match articles {
                    Some(a) => context! { article => Value::from_safe_string(a[i].to_string()), ..views[i].clone() },
                    None => views[i].clone(),
                })),
            }
        }))
    };

    // Links to clauses (number, title, page), where a page needs no more than that.
    let refs: Vec<Value> = agreement.clauses.iter().map(|c| ser(clause_ref(c))).collect();
    let parties: Vec<Value> = agreement
        .parties
        .iter()
        .map(|p| {
            let owns = |written: &Option<String>| written.as_deref().and_then(|w| agreement.party(w)).is_some_and(|o| o.id == p.id);
            let duties: Vec<Value> = agreement
                .clauses
                .iter()
                .enumerate()
                .flat_map(|(i, c)| {
                    c.duties.iter().enumerate().filter(|(_, d)| owns(&d.owner)).map(move |(j, _)| (i, j))
                })
                .map(|(i, j)| context! { clause => refs[i].clone(), duty => views[i].get_attr("duties").and_then(|d| d.get_item(&Value::from(j))).unwrap_or_default() })
                .collect();
            let clauses: Vec<Value> =
                agreement.clauses.iter().enumerate().filter(|(_, c)| owns(&c.owner)).map(|(i, _)| views[i].clone()).collect();
            context! { id => &p.id, name => &p.name, liaison => ser(&p.liaison), role => ser(&p.role), url => format!("parties/{}.html", p.id), duties, clauses }
        })
        .collect();
    // Every page carries the parties for its navigation: their names and counts, not their lists.
    let party_summaries: Vec<Value> = parties
        .iter()
        .map(|p| {
            let count = |k: &str| p.get_attr(k).ok().and_then(|v| v.len()).unwrap_or(0);
            context! {
                id => p.get_attr("id").unwrap_or_default(),
                name => p.get_attr("name").unwrap_or_default(),
                liaison => p.get_attr("liaison").unwrap_or_default(),
                role => p.get_attr("role").unwrap_or_default(),
                url => p.get_attr("url").unwrap_or_default(),
                duty_count => count("duties"),
                clause_count => count("clauses"),
            }
        })
        .collect();

    let site = context! {
        title => &agreement.title,
        language => &agreement.language,
        effective => ser(agreement.effective),
        base_url => options.base_url.clone().or_else(|| agreement.base_url.clone()),
        today => options.today.to_string(),
        parties => party_summaries,
        t => lang.words(),
        clause_count => agreement.clauses.len(),
        finding_count => findings.diagnostics.len(),
        versioned => options.version.is_some(),
    };
    // Stores a rendered page, with its version switcher and banner when the site has versions.
    let store = |path: &str, html: &str| -> PageResult {
        let write = |e| Box::new(PageError::Write(e));
        let Some(version) = &options.version else { return sink.put(path, html.as_bytes().to_vec()).map_err(write) };
        let root = "../".repeat(path.matches('/').count());
        let nav = context! { site => site.clone(), root => root.clone() };
        let render = |name: &str, ctx: Value| {
            env.get_template(name)
                .and_then(|t| t.render(ctx))
                .map_err(|e| Box::new(PageError::Template(template_error(&theme, &e))))
        };
        let switch =
            render("version_switch.html", context! { switcher => ser(version.switcher(path, &root)), ..nav.clone() })?;
        let banner = render("version_banner.html", context! { banner => version.banner(path, &root).map(ser), ..nav })?;
        sink.put(path, fill(html, &switch, &banner).into_bytes()).map_err(write)
    };
    let page = |template: &str, path: String, ctx: Value| -> PageResult {
        let depth = path.matches('/').count();
        let root = "../".repeat(depth);
        let template_error = |e: minijinja::Error| Box::new(PageError::Template(template_error(&theme, &e)));
        let render =
            |name: &str, ctx: Value| env.get_template(name).and_then(|t| t.render(ctx)).map_err(template_error);
        if options.version.is_none() {
            // An unversioned page has no switcher or banner: rendered straight into its file.
            let ctx = context! { site => site.clone(), root, path => path.clone(), ..ctx };
            let tmpl = env.get_template(template).map_err(template_error)?;
            let mut failed = None;
            let stored = sink.put_streamed(&path, &mut |w| {
                tmpl.render_captured_to(ctx.clone(), w).map(|_| ()).map_err(|e| {
                    failed = Some(e);
                    std::io::Error::other("template error")
                })
            });
            return match (failed, stored) {
                (Some(e), _) => Err(template_error(e)),
                (None, r) => r.map_err(|e| Box::new(PageError::Write(e))),
            };
        }
        let ctx = context! {
            site => site.clone(),
            root,
            path => path.clone(),
            version_switch => Value::from_safe_string(SWITCH_MARK.into()),
            version_banner => Value::from_safe_string(BANNER_MARK.into()),
            ..ctx
        };
        store(&path, &render(template, ctx)?)
    };
    // A clause page whose inputs are unchanged (see `clause_keys`) comes from the cache.
    let clause_page = |i: usize| -> PageResult {
        let c = &agreement.clauses[i];
        let path = format!("clauses/{}.html", c.id);
        let cache = options.pages.as_ref().zip(clause_keys[i]).map(|(cache, k)| (cache, (path.clone(), k)));
        if let Some((cache, key)) = &cache
            && let Some(html) = cache.pages.lock().ok().and_then(|m| m.get(key).cloned())
        {
            return store(&path, &html);
        }
        let body = Value::from_safe_string(html(&c.body, &|id| format!("{id}.html")));
        let prev = i.checked_sub(1).map(|p| refs[p].clone());
        let next = refs.get(i + 1).cloned();
        let chapter = c.chapter.map(|ch| ser(&chapters[ch]));
        let ctx = context! { clause => views[i].clone(), body, prev, next, chapter };
        let Some((cache, key)) = cache else { return page("clause.html", path, ctx) };
        let root = "../".repeat(path.matches('/').count());
        let mark = |m: &str| Value::from_safe_string(if options.version.is_some() { m.into() } else { String::new() });
        let ctx = context! {
            site => site.clone(),
            root,
            path => path.clone(),
            version_switch => mark(SWITCH_MARK),
            version_banner => mark(BANNER_MARK),
            ..ctx
        };
        let html: Arc<str> = env
            .get_template("clause.html")
            .and_then(|t| t.render(ctx))
            .map_err(|e| Box::new(PageError::Template(template_error(&theme, &e))))?
            .into();
        if let Ok(mut map) = cache.pages.lock() {
            map.insert(key, Arc::clone(&html));
        }
        store(&path, &html)
    };

    let json_html = |c: &Clause| html(&c.body, &|id| format!("clauses/{id}.html"));
    let mut jobs: Vec<Box<dyn Fn() -> PageResult + Sync + '_>> = Vec::new();
    jobs.push(Box::new(|| {
        let preamble = Value::from_safe_string(html(&agreement.preamble, &|id| format!("clauses/{id}.html")));
        page("index.html", "index.html".into(), context! { preamble, sections => section_values(None) })
    }));
    jobs.push(Box::new(|| {
        // Each clause's article on the printable page is made once while its key stays the same.
        let print_site = context! { site => site.clone(), root => "" };
        let article = |i: usize| -> Result<Arc<str>, Box<PageError>> {
            let cache = options.pages.as_ref().zip(clause_keys[i]);
            if let Some((cache, key)) = cache
                && let Some(a) = cache.articles.lock().ok().and_then(|m| m.get(&key).cloned())
            {
                return Ok(a);
            }
            let body = Value::from_safe_string(html(&agreement.clauses[i].body, &|id| format!("#{id}")));
            let ctx = context! { c => context! { body, ..views[i].clone() }, ..print_site.clone() };
            let a: Arc<str> = env
                .get_template("print_clause.html")
                .and_then(|t| t.render(ctx))
                .map_err(|e| Box::new(PageError::Template(template_error(&theme, &e))))?
                .into();
            if let Some((cache, key)) = cache
                && let Ok(mut m) = cache.articles.lock()
            {
                m.insert(key, Arc::clone(&a));
            }
            Ok(a)
        };
        let articles = (0..agreement.clauses.len()).into_par_iter().map(article).collect::<Result<Vec<_>, _>>()?;
        page("print.html", "print.html".into(), context! { sections => section_values(Some(&articles)) })
    }));
    jobs.push(Box::new(|| {
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
        let ctx = context! { findings => ser(&all), suppressed => ser(&suppressed), rules => ser(&rules) };
        page("findings.html", "findings.html".into(), ctx)
    }));
    jobs.push(Box::new(|| page("404.html", "404.html".into(), context! {})));
    jobs.push(Box::new(|| page("search.html", "search.html".into(), context! {})));
    if let Some(v) = &options.version {
        jobs.push(Box::new(move || {
            let ctx = context! { changelog => v.changelog.as_ref().map(ser), previous => v.current.checked_sub(1).map(|p| v.all[p].name.clone()), version => v.name() };
            page("changes.html", "changes.html".into(), ctx)
        }));
    }
    for (i, party) in parties.iter().enumerate() {
        let id = &agreement.parties[i].id;
        jobs.push(Box::new(move || {
            page("party.html", format!("parties/{id}.html"), context! { party => party.clone() })
        }));
    }
    let clause_jobs = (0..agreement.clauses.len()).into_par_iter().map(clause_page);
    for (path, make) in data_files(agreement, findings.diagnostics, options, &json_html, &clause_keys) {
        jobs.push(Box::new(move || {
            sink.put_streamed(&path, &mut |w| make(w)).map_err(|e| Box::new(PageError::Write(e)))
        }));
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
        sink.put(&format!("static/{name}"), bytes.clone()).map_err(RenderError::Write)?;
    }
    Ok(pages + theme.assets.len())
}

/// Writes one data file when its job runs.
type Make<'a> = Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync + 'a>;

/// The files that are data, not pages: search index, calendars, the agreement as JSON with its
/// schema, and a sitemap when the site's address is known. Each is made by its own job, in
/// parallel with the pages, and dropped once stored.
fn data_files<'a>(
    agreement: &'a Agreement,
    findings: &'a [Diagnostic],
    options: &'a RenderOptions,
    html: &'a (dyn Fn(&Clause) -> String + Sync),
    keys: &'a [Option<u64>],
) -> Vec<(String, Make<'a>)> {
    // The address of this site's root: a version's pages live in its folder below the base.
    let base_url = options.base_url.clone().or_else(|| agreement.base_url.clone()).map(|b| match &options.version {
        Some(v) => format!("{}/{}", b.trim_end_matches('/'), v.folder),
        None => b,
    });
    let versions: Vec<String> = options.version.iter().flat_map(|v| v.all.iter().map(|i| i.name.clone())).collect();
    let today = options.today;
    let mut files: Vec<(String, Make<'a>)> = Vec::new();
    files.push((
        "search-index.js".into(),
        Box::new(move |w| {
            let lookup = agreement.lookup();
            let text = |i: usize| -> Arc<str> {
                let cache = options.pages.as_ref().zip(keys[i]);
                if let Some((cache, key)) = cache
                    && let Some(text) = cache.search.lock().ok().and_then(|m| m.get(&key).cloned())
                {
                    return text;
                }
                let text: Arc<str> = publish::search_text(agreement, &lookup, i).into();
                if let Some((cache, key)) = cache
                    && let Ok(mut m) = cache.search.lock()
                {
                    m.insert(key, Arc::clone(&text));
                }
                text
            };
            publish::search_index(agreement, &text, w)
        }),
    ));
    let base = base_url.clone();
    files.push((
        "reviews.ics".into(),
        Box::new(move |w| w.write_all(publish::calendar(agreement, None, today, base.as_deref()).as_bytes())),
    ));
    files.push((
        "agreement.json".into(),
        Box::new(move |w| publish::agreement_json(agreement, findings, html, &versions, w)),
    ));
    files.push(("agreement.schema.json".into(), Box::new(|w| w.write_all(publish::AGREEMENT_SCHEMA.as_bytes()))));
    for p in &agreement.parties {
        let base = base_url.clone();
        files.push((
            format!("parties/{}.ics", p.id),
            Box::new(move |w| {
                w.write_all(publish::calendar(agreement, Some(&p.id), today, base.as_deref()).as_bytes())
            }),
        ));
    }
    if let Some(base) = base_url {
        files.push((
            "sitemap.xml".into(),
            Box::new(move |w| {
                let mut paths: Vec<String> = vec!["index.html".into(), "print.html".into(), "findings.html".into()];
                paths.extend(agreement.clauses.iter().map(|c| format!("clauses/{}.html", c.id)));
                paths.extend(agreement.parties.iter().map(|p| format!("parties/{}.html", p.id)));
                w.write_all(publish::sitemap(&base, &paths).as_bytes())
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
    text: String,
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
        sink.put(&path, html.into_bytes()).map_err(RenderError::Write)
    };
    render("versions.html", "index.html".into(), context! { versions => ser(versions::listing(infos, latest)) })?;

    let mut ids: Vec<&str> = Vec::new();
    for a in agreements.iter().rev().flatten() {
        for c in &a.clauses {
            if !ids.contains(&c.id.as_str()) {
                ids.push(&c.id);
            }
        }
    }
    ids.par_iter().try_for_each(|id| {
        let entries: Vec<HistoryEntry> = agreements
            .iter()
            .zip(infos)
            .filter_map(|(a, info)| {
                let a = (*a)?;
                let c = a.clauses.iter().find(|c| c.id == *id)?;
                Some(HistoryEntry {
                    version: info.name.clone(),
                    label: Lang::new(&a.language).clause_label(c.number),
                    title: c.title.clone(),
                    text: c.plain_text(),
                    url: format!("../{}/clauses/{id}.html", info.name),
                })
            })
            .collect();
        // The texts travel as JSON inside <script>: `<` is escaped so no text can close the element.
        let data = serde_json::to_string(&entries).unwrap_or_default().replace('<', "\\u003c");
        let last = entries.last().map(|e| e.title.clone()).unwrap_or_default();
        let ctx =
            context! { id => *id, title => last, entries => ser(&entries), data => Value::from_safe_string(data) };
        render("history.html", format!("history/{id}.html"), ctx)
    })?;
    for (name, bytes) in &theme.assets {
        sink.put(&format!("static/{name}"), bytes.clone()).map_err(RenderError::Write)?;
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
