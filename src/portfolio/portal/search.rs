//! The portal's search, over every agreement's release in force: one index of their clauses in
//! `search/` (the sharded files of an agreement's own search, each clause's entry naming its
//! agreement) and its page, `search.html`, which groups what it finds by agreement and filters by
//! agreement and by department. Older releases are searched on their agreements' own sites.

use std::sync::atomic::{AtomicUsize, Ordering};

use minijinja::context;
use serde::Serialize;

use crate::base::catalog::Locale;
use crate::base::model::Agreement;
use crate::base::site::{Sink, WriteError};
use crate::portfolio::units::unit_of;
use crate::render::SearchPlace;

use super::{Portal, ser};

/// An agreement as the search page knows it: its clauses are entries `start` to `end` (exclusive)
/// of the index.
#[derive(Debug, Serialize)]
struct Searched {
    id: String,
    title: String,
    url: String,
    release: Option<String>,
    /// The departments its parties are, by id.
    units: Vec<String>,
    start: usize,
    end: usize,
}

/// Writes the portal's search index and page into `sink`; how many files.
pub(super) fn write(portal: &Portal, sink: &dyn Sink) -> Result<usize, WriteError> {
    // Where each agreement's release in force keeps its clause pages, from the portal's root.
    let folders: Vec<String> = portal
        .manifests
        .iter()
        .map(|m| {
            let release = m.release.as_ref().map(|r| format!("{}/", r.0)).unwrap_or_default();
            format!("{}/{release}clauses/", m.published.id)
        })
        .collect();
    let mut sources: Vec<(&Agreement, SearchPlace)> = Vec::new();
    let mut searched = Vec::new();
    let mut start = 0;
    for (m, folder) in portal.manifests.iter().zip(&folders) {
        let Some(agreement) = &m.current else { continue };
        sources.push((agreement, SearchPlace { pages: folder, id: Some(&m.published.id) }));
        let mut units: Vec<String> = Vec::new();
        for unit in agreement.parties.iter().map(unit_of) {
            if !units.iter().any(|u| u == unit) {
                units.push(unit.to_string());
            }
        }
        searched.push(Searched {
            id: m.published.id.clone(),
            title: m.published.title.clone(),
            url: format!("{}/index.html", m.published.id),
            release: m.release.as_ref().map(|r| r.0.clone()),
            units,
            start,
            end: start + agreement.clauses.len(),
        });
        start += agreement.clauses.len();
    }
    let files = AtomicUsize::new(0);
    crate::render::write_search(&sources, &|path, text| {
        files.fetch_add(1, Ordering::Relaxed);
        sink.put(&path, text.into())
    })?;
    // The departments that are a party to some agreement, in the departments file's order.
    let units: Vec<_> = portal
        .units
        .iter()
        .filter(|u| portal.parties_of(u).next().is_some())
        .map(|u| context! { id => &u.id, name => &u.name })
        .collect();
    let page = portal.page("", context! { agreements => ser(&searched), units => units });
    let (html, _) =
        crate::render::builtin_pages(vec![("portal_search.html", page)], Locale::of(&portal.config.language))
            .map_err(|d| WriteError::Io("search.html".into(), std::io::Error::other(d.message)))?;
    sink.put("search.html", html.into_iter().next().unwrap_or_default().into_bytes().into())?;
    Ok(files.into_inner() + 1)
}
