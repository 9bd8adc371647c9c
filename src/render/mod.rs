//! Render: the agreement and its findings become pages. Views are plain serializable data computed
//! once; every page is a template rendered in parallel with the shared views. Nothing here writes
//! files: each page goes to a [`crate::base::site::Sink`] as soon as it is rendered.

mod cache;
mod data;
mod export;
mod pages;
pub mod publish;
mod root;
mod search;
mod splice;
mod templates;
pub mod theme;
mod upcoming;
pub mod versions;
mod views;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::diagnostic::{RuleInfo, Suppressed};
use crate::base::model::{Agreement, Body, Clause};
use crate::base::site::{Bytes, Sink, WriteError};
pub use root::render_root;
use splice::{BANNER_MARK, PATH_STAND_IN, SWITCH_MARK, fill, spliced};
use theme::Theme;
use views::{ChapterView, TermLinks, Views};

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
    /// Whether this version is also printed to `agreement.pdf` (its index links to it).
    pub pdf: bool,
}

pub use cache::PageCache;

/// A page's version switcher and banner, rendered.
type Navigation = (String, String);

/// Switchers and banners by which versions have the page and the page's depth.
type NavigationMemo = std::sync::Mutex<HashMap<(Vec<bool>, usize), Arc<Navigation>>>;

/// The findings a site shows: reported ones, suppressed ones with reasons, and the rules in force.
#[derive(Debug, Clone, Copy)]
pub struct Findings<'a> {
    /// Findings to show (warnings and infos; a site is only built without errors).
    pub diagnostics: &'a [Diagnostic],
    /// Findings that clauses suppressed.
    pub suppressed: &'a [Suppressed],
    /// The project's rules with the severity in force.
    pub rules: &'a [(RuleInfo, Option<Severity>)],
    /// The sign-off of the version's text.
    pub signoff: Option<&'a crate::signoff::Status>,
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

/// A site rendered: how many files were stored, and the warnings of the project's templates.
#[derive(Debug)]
pub struct Rendered {
    /// How many files were stored.
    pub files: usize,
    /// Undefined values used in the project's own templates, each where it is used.
    pub warnings: Vec<Diagnostic>,
}

/// Renders every page of the site into `sink`.
pub fn render(
    root: &Path,
    agreement: &Agreement,
    findings: Findings<'_>,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    let theme = Theme::load(root, &agreement.theme).map_err(RenderError::Theme)?;
    let locale = crate::base::locale::Locale::of(&agreement.language);
    let templates = templates::Templates::new(&theme, locale).map_err(RenderError::Templates)?;
    let shown = Views::new(agreement, findings.diagnostics, findings.suppressed, options.today);
    let lang = shown.lang;
    let html = |body: &Body, href: &dyn Fn(&str) -> String, terms| shown.html(body, href, terms);

    let cache = options.pages.as_deref();
    // A one-off build streams big files in chunks; a render that keeps its work keeps their parts.
    let streamed = cache.is_none();
    let base_url = options.base_url.as_ref().or(agreement.base_url.as_ref());
    let site_key = cache::hash_of((
        cache::site_key(agreement, options.today, base_url, options.version.is_some(), findings.diagnostics.len()),
        findings.signoff,
        &shown.glossary,
        options.pdf,
        options.version.as_ref().is_some_and(|v| v.changelog.is_some()),
    ));
    let clause_keys = match cache {
        Some(_) => cache::clause_keys(agreement, site_key, &shown),
        None => vec![None; agreement.clauses.len()],
    };
    let summary_keys = cache::summary_keys(agreement, site_key, options.today);
    let data_keys = match cache {
        Some(_) => cache::data_keys(agreement, site_key, &shown.lookup),
        None => vec![None; agreement.clauses.len()],
    };
    // Everything a clause page shows about its clause; and what the pages listing many clauses
    // (index, party pages, the printable page's outline) show about each: a summary, so that those
    // pages stay the same while only bodies change.
    let summaries: Vec<Value> = (0..agreement.clauses.len())
        .into_par_iter()
        .map(|i| {
            let summary = || Ok::<_, ()>(Value::from_object(shown.summary(&agreement.clauses[i])));
            cache::kept(cache.map(|c| &c.summaries), Some(summary_keys[i]), summary).unwrap_or_default()
        })
        .collect();
    let chapters: Vec<ChapterView> = agreement.chapters.iter().map(|ch| shown.chapter(ch)).collect();
    let mut sections: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (i, c) in agreement.clauses.iter().enumerate() {
        match sections.last_mut() {
            Some((ch, list)) if *ch == c.chapter => list.push(i),
            _ => sections.push((c.chapter, vec![i])),
        }
    }
    // The key of what the pages listing every clause show: the site, the preamble and chapters,
    // and every clause's summary.
    let outline_key = cache::hash_of((
        site_key,
        &agreement.preamble.markdown,
        agreement.chapters.iter().map(|c| (&c.title, &c.intro.markdown)).collect::<Vec<_>>(),
        &summary_keys,
    ));
    let shared = pages::Shared {
        agreement,
        shown: &shown,
        findings,
        options,
        cache,
        summaries,
        chapters,
        sections,
        site_key,
        clause_keys,
        outline_key,
        upcoming: upcoming::entries(&shown),
        listings: (0..=agreement.parties.len()).map(|_| std::sync::OnceLock::new()).collect(),
    };

    // Every page carries the parties for its navigation: their names and counts, not their lists.
    let party_summaries: Vec<Value> = agreement
        .parties
        .iter()
        .map(|p| {
            let owns = |named: Option<usize>| pages::owns(agreement, p, named);
            let clauses = agreement.clauses.iter().filter(|c| owns(c.named.owner)).count();
            let duties = agreement.clauses.iter().flat_map(|c| &c.named.duty_owners).filter(|o| owns(**o)).count();
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
        signoff => ser(findings.signoff),
        term_count => shown.glossary.terms.len(),
        pdf => options.pdf,
        changes_pdf => options.pdf && options.version.as_ref().is_some_and(|v| v.changelog.is_some()),
    };
    let template_error = |d: Box<Diagnostic>| Box::new(PageError::Template(*d));
    let write_error = |e| Box::new(PageError::Write(e));
    let render_to = |name: &str, ctx: Value| templates.render(name, ctx).map_err(template_error);
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
            let own = version.name();
            let switch = render_to("version_switch.html", context! { switcher, own, path, ..nav.clone() })?;
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
        if cache.is_none() && options.version.is_none() && templates.streams() {
            // Nothing to keep and nothing to fill in: rendered straight into its file.
            let tmpl = templates.get(template).map_err(template_error)?;
            let mut failed = None;
            let stored = sink.put_streamed(&path, &mut |w| {
                tmpl.render_captured_to(page_context(&path, ctx()), w).map(|_| ()).map_err(|e| {
                    failed = Some(e);
                    std::io::Error::other("template error")
                })
            });
            return match (failed, stored) {
                (Some(e), _) => Err(template_error(templates.error(&e))),
                (None, r) => r.map_err(write_error),
            };
        }
        let key = key.map(|k| cache::hash_of((&path, k)));
        let html = cache::kept(cache.map(|c| &c.pages), key, || {
            render_to(template, page_context(&path, ctx())).map(Arc::from)
        })?;
        sink.put(&path, with_version(&path, html)?).map_err(write_error)
    };
    // The printable page: its outline rendered with a mark where each clause's article goes, then
    // the articles (each made once while its clause key stays the same) put in.
    let assembled = |t: &pages::PageType, path: String, key: Option<u64>, ctx: Value| -> PageResult {
        let print_site = context! { site => site.clone(), root => "" };
        let article = |i: usize| -> Result<Arc<str>, Box<PageError>> {
            let key = shared.clause_keys[i].map(|k| cache::hash_of(("article", k)));
            cache::kept(cache.map(|c| &c.fragments), key, || {
                let body =
                    Value::from_safe_string(html(&agreement.clauses[i].body, &|id| format!("#{id}"), TermLinks::Print));
                let ctx = context! { c => context! { body, ..shared.view(i) }, ..print_site.clone() };
                render_to("print_clause.html", ctx).map(Arc::from)
            })
        };
        let key = key.map(|k| cache::hash_of((&path, k)));
        let outline = cache::kept(cache.map(|c| &c.pages), key, || {
            render_to(t.template, page_context(&path, ctx.clone())).map(Arc::from)
        })?;
        let outline = with_version(&path, outline)?;
        let outline = outline.contiguous();
        let outline = std::str::from_utf8(&outline).unwrap_or_default();
        let pieces: Vec<(&str, Option<usize>)> = spliced(outline).collect();
        put_pieces(sink, &path, streamed, pieces.len(), &|j| {
            let (text, i) = pieces[j];
            let mut parts = vec![Arc::from(text)];
            if let Some(i) = i.filter(|&i| i < agreement.clauses.len()) {
                parts.push(article(i)?);
            }
            Ok(parts)
        })
    };
    // One clause's part of a data file, kept under its data key (and `salt`, where the part
    // differs between files of one kind, such as each party's calendar).
    let fragment = |kind: &'static str, i: usize, salt: u64, make: &dyn Fn() -> String| -> Arc<str> {
        let key = data_keys[i].map(|k| cache::hash_of((kind, k, salt)));
        cache::kept(cache.map(|c| &c.fragments), key, || Ok::<_, ()>(Arc::from(make())))
            .unwrap_or_else(|_| make().into())
    };

    // Every page the table declares, in parallel; then the data files.
    // Pages one per clause run beside everything else; the other pages run with the data files.
    let (per_clause, others): (Vec<_>, Vec<_>) =
        pages::pages(agreement, options.version.is_some()).partition(|(t, _)| t.each == pages::Each::Clause);
    let render_page = |&(t, i): &(&pages::PageType, usize)| -> PageResult {
        let path = (t.path)(agreement, i);
        let key = (t.key)(&shared, i);
        match t.made {
            pages::Made::Template => page(t.template, path, key, &|| (t.context)(&shared, i)),
            pages::Made::Articles => assembled(t, path, key, (t.context)(&shared, i)),
        }
    };
    let json_html = |c: &Clause| html(&c.body, &|id| format!("clauses/{id}.html"), TermLinks::From(""));
    let sitemap = pages::sitemap_paths(agreement, options.version.is_some());
    let lookup = agreement.lookup();
    let search_entry = |i: usize| {
        let (file, grams) = search::clause_entry(agreement, &lookup, i);
        (Arc::from(file), grams)
    };
    let mut jobs: Vec<Box<dyn Fn() -> PageResult + Sync + '_>> = Vec::new();
    for (path, make) in
        data::data_files(agreement, findings.diagnostics, findings.signoff, options, &json_html, &fragment, &sitemap)
    {
        jobs.push(Box::new(move || {
            let file = make();
            let Some((separator, each)) = &file.each else {
                return put_pieces(sink, &path, streamed, 1, &|_| Ok(file.head.clone()));
            };
            let (n, separator): (usize, Arc<str>) = (agreement.clauses.len(), Arc::from(*separator));
            put_pieces(sink, &path, streamed, n + 2, &|j| {
                Ok(match j {
                    0 => file.head.clone(),
                    j if j == n + 1 => file.tail.clone(),
                    1 => vec![each(0)],
                    j => vec![Arc::clone(&separator), each(j - 1)],
                })
            })
        }));
    }
    // The search index: its shards and each clause's file, updated in place in a session.
    jobs.push(Box::new(|| {
        let put = |path: String, text: Arc<str>| sink.put(&path, text.into());
        match cache {
            Some(c) => {
                let mut index = c.search.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                index.update(&data_keys, true, &search_entry, &put)
            }
            None => search::SearchIndex::default().update(&data_keys, false, &search_entry, &put),
        }
        .map_err(write_error)
    }));
    // Pages of clauses and parties that earlier versions had and this one has not.
    for path in options.version.iter().flat_map(|v| v.gone()) {
        jobs.push(Box::new(move || {
            let clause = path.starts_with("clauses/");
            let id = path.rsplit('/').next().unwrap_or_default().trim_end_matches(".html").to_string();
            page("gone.html", path.clone(), None, &|| context! { clause, id => id.clone() })
        }));
    }
    let mut jobs_first: Vec<Box<dyn Fn() -> PageResult + Sync + '_>> = Vec::new();
    for page in &others {
        jobs_first.push(Box::new(move || render_page(page)));
    }
    jobs_first.append(&mut jobs);
    let results: Vec<PageResult> =
        jobs_first.par_iter().map(|job| job()).chain(per_clause.par_iter().map(render_page)).collect();
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
    // The root of a site (a version's folder is not one: `render_root` marks a versioned site's).
    let marked = options.version.is_none();
    if marked {
        sink.put(ROOT_MARKER, ROOT_MARKER_TEXT.as_bytes().to_vec().into()).map_err(RenderError::Write)?;
    }
    let warnings = templates.take_warnings();
    let warnings = match cache {
        Some(c) => c.warnings(warnings),
        None => warnings,
    };
    Ok(Rendered { files: pages + theme.assets.len() + usize::from(marked), warnings })
}

/// The file at a site's root that its not-found page looks for: the page is shown at whatever
/// address was not found (`/v2.0/clauses/typo.html`), under whatever sub-path the site is
/// published, so it finds the site's root as the deepest folder of that address holding this file,
/// and bases its links there (`themes/default/templates/404.html`). Not a dot file: web servers
/// often refuse to serve those.
pub const ROOT_MARKER: &str = "clausebook-root.txt";

/// What [`ROOT_MARKER`] says; the not-found page checks its first line.
pub const ROOT_MARKER_TEXT: &str = "clausebook-root\nThis file marks the root of a site built by clausebook: its not-found page (404.html)\nlooks for it to find the site's root from any address.\n";

/// Parts per chunk of a streamed file.
const CHUNK: usize = 512;

/// Stores a file of `count` pieces, each some parts that `piece` makes (in parallel). Streamed, the
/// file is written a chunk of pieces at a time, holding only that chunk; else its parts are stored
/// as they are (shared with the cache that keeps them).
fn put_pieces(
    sink: &dyn Sink,
    path: &str,
    streamed: bool,
    count: usize,
    piece: &(dyn Fn(usize) -> Result<Vec<Arc<str>>, Box<PageError>> + Sync),
) -> PageResult {
    let write_error = |e| Box::new(PageError::Write(e));
    if !streamed {
        let pieces = (0..count).into_par_iter().map(piece).collect::<Result<Vec<_>, _>>()?;
        return sink.put(path, pieces.into_iter().flatten().collect::<Vec<_>>().into()).map_err(write_error);
    }
    let mut failed = None;
    let stored = sink.put_streamed(path, &mut |w| {
        for start in (0..count).step_by(CHUNK) {
            let chunk = (start..(start + CHUNK).min(count)).into_par_iter().map(piece).collect::<Result<Vec<_>, _>>();
            let chunk = chunk.map_err(|e| {
                failed = Some(e);
                std::io::Error::other("template error")
            })?;
            for part in chunk.iter().flatten() {
                w.write_all(part.as_bytes())?;
            }
        }
        Ok(())
    });
    match failed {
        Some(e) => Err(e),
        None => stored.map_err(write_error),
    }
}

/// Any serializable view as a template value.
fn ser<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}
