//! The renderer of one version's site: what its pages share made once, then one method per kind
//! of page or file (a page from its template, the printable page assembled from articles, the
//! data files, the search index, the pages of what is gone), all run in parallel.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use minijinja::{Value, context};
use rayon::prelude::*;

use super::pages::{self, PageType, Shared};
use super::splice::{BANNER_MARK, PATH_STAND_IN, SWITCH_MARK, fill, spliced};
use super::templates::Templates;
use super::theme::Theme;
use super::views::{TermLinks, Views};
use super::{
    Findings, PageError, PageResult, ROOT_MARKER, ROOT_MARKER_TEXT, RenderError, RenderOptions, cache, data,
    put_pieces, search, ser, upcoming,
};
use crate::base::model::{Agreement, Clause};
use crate::base::site::{Bytes, Sink};

/// A page's version switcher and banner, rendered.
type Navigation = (String, String);

/// Switchers and banners by which versions have the page and the page's depth.
type NavigationMemo = Mutex<HashMap<(Vec<bool>, usize), Arc<Navigation>>>;

/// A page's place in its type's row of pages, one per clause (see [`cache::Rows`]).
type Slot<'r> = Option<(&'r cache::Filling<Arc<str>>, usize)>;

/// The site's header and footer of pages one depth deep, rendered.
type Chrome = Option<(Value, Value)>;

/// A job of the render: one page or file made and stored.
type Job<'r> = Box<dyn Fn() -> PageResult + Sync + 'r>;

/// Renders the pages of one version into its sink.
pub(super) struct Renderer<'a> {
    shared: Shared<'a>,
    theme: &'a Theme,
    templates: &'a Templates<'a>,
    sink: &'a dyn Sink,
    /// What every page's `site` says.
    site: Value,
    /// Each clause's key of its parts of data files (`None`: not kept).
    data_keys: Vec<Option<u64>>,
    /// A one-off build streams big files in chunks; a render that keeps its work keeps their parts.
    streamed: bool,
    navigation: NavigationMemo,
    /// Headers and footers by depth (`None`: the theme's own header or footer, made per page).
    chrome: Mutex<HashMap<usize, Chrome>>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `agreement` (shown as `shown`) with its `findings`, into `sink`.
    pub(super) fn new(
        agreement: &'a Agreement,
        shown: &'a Views<'a>,
        findings: Findings<'a>,
        options: &'a RenderOptions,
        (theme, templates): (&'a Theme, &'a Templates<'a>),
        sink: &'a dyn Sink,
    ) -> Self {
        let cache = options.pages.as_deref();
        let base_url = options.base_url.as_ref().or(agreement.base_url.as_ref());
        let site_key = cache::hash_of((
            cache::site_key(agreement, options.today, base_url, options.version.is_some(), findings.diagnostics.len()),
            findings.signoff,
            &shown.glossary,
            options.pdf,
            // What pages show of the changelog outside changes.html: the link to its PDF
            // (`site.changes_pdf`). Not whether there is one, or the first release's pages and
            // the second's would share nothing.
            changes_pdf(options),
            // Where citations of other agreements lead: their releases in force on this
            // version's date.
            shown.cites_key(),
        ));
        let clause_keys = match cache {
            Some(_) => cache::clause_keys(agreement, site_key, shown),
            None => vec![None; agreement.clauses.len()],
        };
        let data_keys = match cache {
            Some(_) => cache::data_keys(agreement, site_key, &shown.lookup),
            None => vec![None; agreement.clauses.len()],
        };
        let summary_keys = cache::summary_keys(agreement, site_key, options.today);
        // Everything a clause page shows about its clause; and what the pages listing many clauses
        // (index, party pages, the printable page's outline) show about each: a summary, so that
        // those pages stay the same while only bodies change.
        let folder = options.version.as_ref().map(|v| v.folder.as_str());
        let n = agreement.clauses.len();
        let row = cache.map(|c| c.by_clause.summaries.start(cache::hash_of(("summaries", folder)), n));
        let summaries: Vec<Value> = (0..n)
            .into_par_iter()
            .map(|i| {
                let summary = || Ok::<_, ()>(Value::from_object(shown.summary(&agreement.clauses[i])));
                let kept = || cache::kept(cache.map(|c| &c.summaries), Some(summary_keys[i]), summary);
                match &row {
                    Some(row) => row.get_or(i, Some(summary_keys[i]), kept),
                    None => kept(),
                }
                .unwrap_or_default()
            })
            .collect();
        if let Some((c, row)) = cache.zip(row) {
            c.by_clause.summaries.keep(row);
        }
        // The key of what the pages listing every clause show: the site, the preamble and
        // chapters, and every clause's summary.
        let outline_key = cache::hash_of((
            site_key,
            &agreement.preamble.markdown,
            agreement.chapters.iter().map(|c| (&c.title, &c.intro.markdown)).collect::<Vec<_>>(),
            &summary_keys,
        ));
        let shared = Shared {
            agreement,
            shown,
            findings,
            options,
            cache,
            summaries,
            chapters: agreement.chapters.iter().map(|ch| shown.chapter(ch)).collect(),
            sections: sections(agreement),
            site_key,
            clause_keys,
            outline_key,
            summary_keys,
            upcoming: upcoming::entries(shown),
            listings: (0..=agreement.parties.len()).map(|_| std::sync::OnceLock::new()).collect(),
        };
        let site = site_context(&shared);
        Renderer {
            shared,
            theme,
            templates,
            sink,
            site,
            data_keys,
            streamed: cache.is_none(),
            navigation: NavigationMemo::default(),
            chrome: Mutex::default(),
        }
    }

    /// Renders every page the table declares, the data files, the search index and the pages of
    /// what is gone, in parallel; then the theme's assets. Returns how many files were stored.
    pub(super) fn render(&self) -> Result<usize, RenderError> {
        let (agreement, options) = (self.shared.agreement, self.shared.options);
        // Pages one per clause run beside everything else; the other pages run with the data files.
        let (per_clause, others): (Vec<_>, Vec<_>) =
            pages::pages(agreement, options.version.is_some()).partition(|(t, _)| t.each == pages::Each::Clause);
        // Each page type of one page per clause fills a row of its pages, for the next render.
        let folder = options.version.as_ref().map(|v| v.folder.as_str());
        let rows: Vec<(&str, cache::Filling<Arc<str>>)> = match self.shared.cache {
            Some(c) => pages::PAGES
                .iter()
                .filter(|t| t.each == pages::Each::Clause)
                .map(|t| {
                    let key = cache::hash_of(("page", folder, t.template));
                    (t.template, c.by_clause.pages.start(key, agreement.clauses.len()))
                })
                .collect(),
            None => Vec::new(),
        };
        let render_page = |&(t, i): &(&PageType, usize)| {
            self.page_of(t, i, rows.iter().find(|(name, _)| *name == t.template).map(|(_, row)| (row, i)))
        };
        let json_html =
            |c: &Clause| self.shared.shown.clause_html(c, &|id| format!("clauses/{id}.html"), TermLinks::From(""));
        let fragment =
            |kind: &'static str, i: usize, salt: u64, make: &dyn Fn() -> String| self.fragment(kind, i, salt, make);
        let sitemap = pages::sitemap_paths(agreement, options.version.is_some());
        let mut jobs: Vec<Job<'_>> = Vec::new();
        for page in &others {
            jobs.push(Box::new(move || render_page(page)));
        }
        let findings = self.shared.findings;
        for (path, make) in data::data_files(
            agreement,
            findings.diagnostics,
            findings.signoff,
            options,
            &json_html,
            &fragment,
            &sitemap,
        ) {
            jobs.push(Box::new(move || self.data_file(&path, make())));
        }
        jobs.push(Box::new(|| self.search_index()));
        // Pages of clauses and parties that earlier versions had and this one has not.
        for path in options.version.iter().flat_map(|v| v.gone()) {
            jobs.push(Box::new(move || self.gone(&path)));
        }
        let results: Vec<PageResult> =
            jobs.par_iter().map(|job| job()).chain(per_clause.par_iter().map(render_page)).collect();
        let pages = results.len();
        drop(jobs);
        if let Some(c) = self.shared.cache {
            rows.into_iter().for_each(|(_, row)| c.by_clause.pages.keep(row));
        }
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
        for (name, bytes) in &self.theme.assets {
            self.sink.put(&format!("static/{name}"), Arc::clone(bytes).into()).map_err(RenderError::Write)?;
        }
        // The root of a site (a version's folder is not one: `render_root` marks a versioned site's).
        let marked = options.version.is_none();
        if marked {
            self.sink.put(ROOT_MARKER, ROOT_MARKER_TEXT.as_bytes().to_vec().into()).map_err(RenderError::Write)?;
        }
        Ok(pages + self.theme.assets.len() + usize::from(marked))
    }

    /// A template error as a page's failure.
    fn template_error(&self, e: minijinja::Error) -> Box<PageError> {
        Box::new(PageError::Template(*self.templates.error(&e)))
    }

    /// The template `name` rendered with `ctx`.
    fn render_to(&self, name: &str, ctx: Value) -> Result<String, Box<PageError>> {
        self.templates.render(name, ctx).map_err(|d| Box::new(PageError::Template(*d)))
    }

    /// A page's context: the site, the way to its root, and the marks of its version switcher
    /// and banner on a versioned site.
    fn page_context(&self, path: &str, ctx: Value) -> Result<Value, Box<PageError>> {
        let depth = path.matches('/').count();
        // Undefined when the theme's own header and footer are rendered with each page.
        let (header, footer) = self.chrome(depth)?.unwrap_or((Value::UNDEFINED, Value::UNDEFINED));
        Ok(context! {
            header,
            footer,
            path => path,
            version_banner => self.mark(BANNER_MARK),
            ..context! { ..self.depth_context(depth), ..ctx }
        })
    }

    /// What every page `depth` folders deep has in its context: the site, the way to its root
    /// and the mark of its version switcher.
    fn depth_context(&self, depth: usize) -> Value {
        context! { site => self.site.clone(), root => "../".repeat(depth), version_switch => self.mark(SWITCH_MARK) }
    }

    /// A mark filled in after rendering on a versioned site (nothing on another).
    fn mark(&self, mark: &str) -> Value {
        Value::from_safe_string(if self.shared.options.version.is_some() { mark.into() } else { String::new() })
    }

    /// The header and footer of pages `depth` folders deep: the same on all of them, so rendered
    /// once from `header.html` and `footer.html` and handed to each page as `header` and `footer`.
    /// Not when the project's theme has its own (they may read what differs between pages).
    fn chrome(&self, depth: usize) -> Result<Chrome, Box<PageError>> {
        if let Some(chrome) = self.chrome.lock().ok().and_then(|m| m.get(&depth).cloned()) {
            return Ok(chrome);
        }
        let builtin =
            |name: &str| self.theme.templates.get(name).is_some_and(|(_, o)| *o == super::theme::Origin::Builtin);
        let chrome = match builtin("header.html") && builtin("footer.html") {
            true => {
                let render = |name| self.render_to(name, self.depth_context(depth)).map(Value::from_safe_string);
                Some((render("header.html")?, render("footer.html")?))
            }
            false => None,
        };
        if let Ok(mut memo) = self.chrome.lock() {
            memo.insert(depth, chrome.clone());
        }
        Ok(chrome)
    }

    /// A rendered page with its version switcher and banner put in place, when the site has
    /// versions. Switchers and banners differ between pages only by which versions have the page,
    /// the page's depth and its path: they are rendered once per (versions, depth) with a
    /// stand-in for the path, and the path is put in afterwards, escaped as the template's
    /// autoescaping would.
    fn with_version(&self, path: &str, html: Arc<str>) -> Result<Bytes, Box<PageError>> {
        let Some(version) = &self.shared.options.version else { return Ok(html.into()) };
        let depth = path.matches('/').count();
        let has = version.availability(path);
        let key = (has.clone(), depth);
        let kept = self.navigation.lock().ok().and_then(|m| m.get(&key).cloned());
        let both = match kept {
            Some(both) => both,
            None => {
                let both = Arc::new(self.navigation_of(version, depth, &has)?);
                if let Ok(mut m) = self.navigation.lock() {
                    m.insert(key, Arc::clone(&both));
                }
                both
            }
        };
        let escaped = minijinja::HtmlEscape(path).to_string();
        let (switch, banner) = (both.0.replace(PATH_STAND_IN, &escaped), both.1.replace(PATH_STAND_IN, &escaped));
        Ok(fill(&html, &switch, &banner).into())
    }

    /// The version switcher and banner of a page `depth` folders deep that the versions `has`
    /// have, with a stand-in for its path.
    fn navigation_of(
        &self,
        version: &super::versions::VersionContext,
        depth: usize,
        has: &[bool],
    ) -> Result<Navigation, Box<PageError>> {
        let path = PATH_STAND_IN;
        let root = "../".repeat(depth);
        let nav = context! { site => self.site.clone(), root => root.clone() };
        let switcher = ser(version.switcher(path, &root, has));
        let own = version.name();
        let switch = self.render_to("version_switch.html", context! { switcher, own, path, ..nav.clone() })?;
        let banner = version.banner(path, &root, has).map(ser);
        let banner = self.render_to("version_banner.html", context! { banner, ..nav })?;
        Ok((switch, banner))
    }

    /// Page `i` of the kind `t`.
    fn page_of(&self, t: &PageType, i: usize, row: Slot<'_>) -> PageResult {
        let path = (t.path)(self.shared.agreement, i);
        let key = (t.key)(&self.shared, i);
        match t.made {
            pages::Made::Template => self.page(t.template, path, key, &|| (t.context)(&self.shared, i), row),
            pages::Made::Articles => self.assembled(t, path, key, (t.context)(&self.shared, i)),
        }
    }

    /// A page rendered from `template`, or kept from before while its `key` stays the same (taken
    /// from its place in a `row` of pages, when it has one).
    fn page(
        &self,
        template: &str,
        path: String,
        key: Option<u64>,
        ctx: &dyn Fn() -> Value,
        row: Slot<'_>,
    ) -> PageResult {
        let cache = self.shared.cache;
        if cache.is_none() && self.shared.options.version.is_none() && self.templates.streams() {
            // Nothing to keep and nothing to fill in: rendered straight into its file.
            let tmpl = self.templates.get(template).map_err(|d| Box::new(PageError::Template(*d)))?;
            let ctx = self.page_context(&path, ctx())?;
            let mut failed = None;
            let stored = self.sink.put_streamed(&path, &mut |w| {
                tmpl.render_captured_to(ctx.clone(), w).map(|_| ()).map_err(|e| {
                    failed = Some(e);
                    std::io::Error::other("template error")
                })
            });
            return match (failed, stored) {
                (Some(e), _) => Err(self.template_error(e)),
                (None, r) => r.map_err(|e| Box::new(PageError::Write(e))),
            };
        }
        let key = key.map(|k| cache::hash_of((&path, k)));
        let kept = || {
            cache::kept(cache.map(|c| &c.pages), key, || {
                self.render_to(template, self.page_context(&path, ctx())?).map(Arc::from)
            })
        };
        let html = match row {
            Some((row, i)) => row.get_or(i, key, kept)?,
            None => kept()?,
        };
        self.sink.put(&path, self.with_version(&path, html)?).map_err(|e| Box::new(PageError::Write(e)))
    }

    /// The printable page: its outline rendered with a mark where each clause's article goes,
    /// then the articles (each made once while its clause key stays the same) put in.
    fn assembled(&self, t: &PageType, path: String, key: Option<u64>, ctx: Value) -> PageResult {
        let (agreement, cache) = (self.shared.agreement, self.shared.cache);
        let key = key.map(|k| cache::hash_of((&path, k)));
        let outline = cache::kept(cache.map(|c| &c.pages), key, || {
            self.render_to(t.template, self.page_context(&path, ctx.clone())?).map(Arc::from)
        })?;
        let outline = self.with_version(&path, outline)?;
        let outline = outline.contiguous();
        let outline = std::str::from_utf8(&outline).unwrap_or_default();
        let pieces: Vec<(&str, Option<usize>)> = spliced(outline).collect();
        let folder = self.shared.options.version.as_ref().map(|v| v.folder.as_str());
        let row =
            cache.map(|c| c.by_clause.articles.start(cache::hash_of(("articles", folder)), agreement.clauses.len()));
        let put = put_pieces(self.sink, &path, self.streamed, pieces.len(), &|j| {
            let (text, i) = pieces[j];
            let mut parts = vec![Arc::from(text)];
            if let Some(i) = i.filter(|&i| i < agreement.clauses.len()) {
                parts.push(self.article(i, row.as_ref())?);
            }
            Ok(parts)
        });
        if let Some((c, row)) = cache.zip(row) {
            c.by_clause.articles.keep(row);
        }
        put
    }

    /// Clause `i`'s article of the printable page, kept while its clause key stays the same.
    fn article(&self, i: usize, row: Option<&cache::Filling<Arc<str>>>) -> Result<Arc<str>, Box<PageError>> {
        let shared = &self.shared;
        let key = shared.clause_keys[i].map(|k| cache::hash_of(("article", k)));
        if let Some(row) = row {
            return row.get_or(i, key, || self.article(i, None));
        }
        cache::kept(shared.cache.map(|c| &c.fragments), key, || {
            let body = shared.shown.clause_html(&shared.agreement.clauses[i], &|id| format!("#{id}"), TermLinks::Print);
            let body = Value::from_safe_string(body);
            let print_site = context! { site => self.site.clone(), root => "" };
            let ctx = context! { c => context! { body, ..shared.view(i) }, ..print_site };
            self.render_to("print_clause.html", ctx).map(Arc::from)
        })
    }

    /// One clause's part of a data file, kept under its data key (and `salt`, where the part
    /// differs between files of one kind, such as each party's calendar).
    fn fragment(&self, kind: &'static str, i: usize, salt: u64, make: &dyn Fn() -> String) -> Arc<str> {
        let key = self.data_keys[i].map(|k| cache::hash_of((kind, k, salt)));
        cache::kept(self.shared.cache.map(|c| &c.fragments), key, || Ok::<_, ()>(Arc::from(make())))
            .unwrap_or_else(|_| make().into())
    }

    /// A data file: its head, each clause's part between separators, and its tail.
    fn data_file(&self, path: &str, file: data::DataFile<'_>) -> PageResult {
        let Some((separator, each)) = &file.each else {
            return put_pieces(self.sink, path, self.streamed, 1, &|_| Ok(file.head.clone()));
        };
        if let Some(cache) = self.shared.cache {
            return self.kept_data_file(cache, path, file.head, (separator, each), file.tail);
        }
        let (n, separator): (usize, Arc<str>) = (self.shared.agreement.clauses.len(), Arc::from(*separator));
        put_pieces(self.sink, path, self.streamed, n + 2, &|j| {
            Ok(match j {
                0 => file.head.clone(),
                j if j == n + 1 => file.tail.clone(),
                1 => vec![each(0)],
                j => vec![Arc::clone(&separator), each(j - 1)],
            })
        })
    }

    /// A data file of a render that keeps its work: each clause's part taken from the file's last
    /// row while the clause's data key is the same (else made, or found among the fragments), and
    /// the whole file kept when no key and neither end changed.
    fn kept_data_file(
        &self,
        cache: &cache::PageCache,
        path: &str,
        head: Vec<Arc<str>>,
        (separator, each): (&str, &data::Part<'_>),
        tail: Vec<Arc<str>>,
    ) -> PageResult {
        let folder = self.shared.options.version.as_ref().map(|v| v.folder.as_str());
        let row_key = cache::hash_of(("data file", folder, path));
        let before = cache.rows.get(row_key);
        let keys = &self.data_keys;
        let ends = (head, tail);
        let kept = before.as_ref().filter(|b| b.ends == ends && b.keys == *keys && keys.iter().all(Option::is_some));
        let file = match kept {
            Some(before) => Arc::clone(&before.file),
            None => {
                let parts: Vec<Arc<str>> = (0..keys.len())
                    .into_par_iter()
                    .map(|i| match (&before, keys[i]) {
                        (Some(b), Some(k)) if b.keys.get(i) == Some(&Some(k)) => Arc::clone(&b.parts[i]),
                        _ => each(i),
                    })
                    .collect();
                let separator: Arc<str> = Arc::from(separator);
                let mut file = Vec::with_capacity(ends.0.len() + 2 * parts.len() + ends.1.len());
                file.extend(ends.0.iter().cloned());
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 && !separator.is_empty() {
                        file.push(Arc::clone(&separator));
                    }
                    file.push(Arc::clone(part));
                }
                file.extend(ends.1.iter().cloned());
                let file: Arc<[Arc<str>]> = file.into();
                let row = cache::Row { ends, keys: keys.clone(), parts, file: Arc::clone(&file) };
                cache.rows.insert(row_key, Arc::new(row));
                file
            }
        };
        self.sink.put(path, Bytes::Parts(file)).map_err(|e| Box::new(PageError::Write(e)))
    }

    /// The search index: its shards and each clause's file, updated in place in a session.
    fn search_index(&self) -> PageResult {
        let agreement = self.shared.agreement;
        let lookup = agreement.lookup();
        let entry = |i: usize| {
            let (file, grams) = search::clause_entry(agreement, &lookup, i);
            (Arc::from(file), grams)
        };
        let put = |path: String, text: Arc<str>| self.sink.put(&path, text.into());
        match self.shared.cache {
            Some(c) => {
                let mut index = c.search.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                index.update(&self.data_keys, true, &entry, &put)
            }
            None => search::SearchIndex::default().update(&self.data_keys, false, &entry, &put),
        }
        .map_err(|e| Box::new(PageError::Write(e)))
    }

    /// The page of a clause or party (at `path`) that an earlier version had and this one has not.
    fn gone(&self, path: &str) -> PageResult {
        let clause = path.starts_with("clauses/");
        let id = path.rsplit('/').next().unwrap_or_default().trim_end_matches(".html").to_string();
        self.page("gone.html", path.to_string(), None, &|| context! { clause, id => id.clone() }, None)
    }
}

/// The reading order: root-level clauses, then each chapter with its clauses.
fn sections(agreement: &Agreement) -> Vec<(Option<usize>, Vec<usize>)> {
    let mut sections: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (i, c) in agreement.clauses.iter().enumerate() {
        match sections.last_mut() {
            Some((ch, list)) if *ch == c.chapter => list.push(i),
            _ => sections.push((c.chapter, vec![i])),
        }
    }
    sections
}

/// What every page's `site` says: the agreement's title and language, the parties for its
/// navigation (their names and counts, not their lists), the words, and the counts.
fn site_context(shared: &Shared<'_>) -> Value {
    let (agreement, options, findings) = (shared.agreement, shared.options, shared.findings);
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
    context! {
        title => &agreement.title,
        language => &agreement.language,
        effective => ser(agreement.effective),
        period => ser(super::period::view(agreement, options.today)),
        base_url => options.base_url.as_ref().or(agreement.base_url.as_ref()),
        today => options.today.to_string(),
        parties => party_summaries,
        t => shared.shown.lang.words(),
        clause_count => agreement.clauses.len(),
        finding_count => findings.diagnostics.len(),
        versioned => options.version.is_some(),
        signoff => ser(findings.signoff),
        term_count => shared.shown.glossary.terms.len(),
        pdf => options.pdf,
        changes_pdf => changes_pdf(options),
    }
}

/// Whether the pages link to the changelog's PDF: the site is printed and the version has a
/// changelog (it is not the first).
fn changes_pdf(options: &RenderOptions) -> bool {
    options.pdf && options.version.as_ref().is_some_and(|v| v.changelog.is_some())
}
