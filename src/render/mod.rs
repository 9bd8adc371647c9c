//! Render: the agreement and its findings become pages. Views are plain serializable data computed
//! once; every page is a template rendered in parallel with the shared views. Nothing here writes
//! files: each page goes to a [`crate::base::site::Sink`] as soon as it is rendered.

mod cache;
mod data;
mod export;
mod pages;
pub mod period;
pub mod publish;
mod records;
mod renderer;
mod root;
pub mod search;
mod splice;
mod templates;
pub mod theme;
mod upcoming;
pub mod versions;
mod views;

use std::sync::Arc;

use chrono::NaiveDate;
use minijinja::Value;
use rayon::prelude::*;
use serde::Serialize;

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::diagnostic::{RuleInfo, Suppressed};
use crate::base::model::Agreement;
use crate::base::site::{Sink, WriteError};
use renderer::Renderer;
pub use root::{HISTORY, RootInput, render_root};
use theme::Theme;
use views::Views;

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
    /// The other agreements its citations lead to (none: citations are shown as text).
    pub external: Option<Arc<crate::base::xref::External>>,
}

pub use cache::PageCache;

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

/// Renders every page of the site into `sink`, with the theme of the project `tree`.
pub fn render(
    tree: &dyn crate::base::tree::Tree,
    agreement: &Agreement,
    findings: Findings<'_>,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    let theme = Theme::load(tree, &agreement.theme).map_err(RenderError::Theme)?;
    let locale = crate::base::catalog::Locale::of(&agreement.language);
    let templates = templates::Templates::new(&theme, locale).map_err(RenderError::Templates)?;
    let shown = Views::new(agreement, findings.diagnostics, findings.suppressed, options.today).citing(cites(options));
    let mut files = Renderer::new(agreement, &shown, findings, options, (&theme, &templates), sink).render()?;
    // The files kept with records, linked from the pages that show the records.
    for path in records::files(agreement) {
        if let Ok(bytes) = tree.read(std::path::Path::new(&path)) {
            sink.put(&path, bytes.into()).map_err(RenderError::Write)?;
            files += 1;
        }
    }
    // A page kept from an earlier render is not rendered again; its warning is kept with it.
    let warnings = match options.pages.as_deref() {
        Some(cache) => cache.warnings(templates.take_warnings()),
        None => templates.take_warnings(),
    };
    Ok(Rendered { files, warnings })
}

/// Pages rendered, and the theme's static files by their path under `static/`.
pub type BuiltinPages = (Vec<String>, Vec<(String, Arc<[u8]>)>);

/// Pages of the built-in theme rendered outside any agreement's site (a portfolio's portal): each
/// template of `pages` with its context, strictly, in order; and the theme's static files.
pub fn builtin_pages(
    pages: Vec<(&str, Value)>,
    locale: crate::base::catalog::Locale,
) -> Result<BuiltinPages, Box<Diagnostic>> {
    let theme =
        Theme::builtin().map_err(|e| Box::new(Diagnostic::error("template", "", Default::default(), e.to_string())))?;
    let templates = templates::Templates::new(&theme, locale).map_err(|mut e| Box::new(e.swap_remove(0)))?;
    let html = pages.into_iter().map(|(name, ctx)| templates.render(name, ctx)).collect::<Result<_, _>>()?;
    Ok((html, theme.assets.iter().map(|(k, v)| (k.clone(), Arc::clone(v))).collect()))
}

/// How this render resolves citations of other agreements: against the releases in force on its
/// version's date (the draft's and an unversioned site's: today).
fn cites(options: &RenderOptions) -> Option<views::Cites> {
    let external = Arc::clone(options.external.as_ref()?);
    let (on, site) = match &options.version {
        Some(v) => (v.all.get(v.current).and_then(|i| i.date).unwrap_or(options.today), "../"),
        None => (options.today, ""),
    };
    Some(views::Cites { external, on, site })
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
