//! The files that are data, not pages: calendars, the agreement as JSON with its
//! schema, and a sitemap when the site's address is known.

use std::sync::Arc;

use rayon::prelude::*;

use super::{RenderOptions, cache, publish};
use crate::diagnostic::Diagnostic;
use crate::model::{Agreement, Clause};

/// Makes data files when its job runs: each file's path and its parts, one after another.
pub(super) type Make<'a> = Box<dyn Fn() -> Vec<(String, Vec<Arc<str>>)> + Sync + 'a>;

/// One clause's part of a data file: `(kind, clause index, salt, make)`, kept while its clause's
/// key stays the same.
pub(super) type Fragment<'a> = dyn Fn(&'static str, usize, u64, &dyn Fn() -> String) -> Arc<str> + Sync + 'a;

/// The files that are data, not pages: calendars, the agreement as JSON with its
/// schema, and a sitemap when the site's address is known. Each is made by its own job, in
/// parallel with the pages, from per-clause parts, and dropped once stored.
pub(super) fn data_files<'a>(
    agreement: &'a Agreement,
    findings: &'a [Diagnostic],
    signoff: Option<&'a crate::signoff::Status>,
    options: &'a RenderOptions,
    html: &'a (dyn Fn(&Clause) -> String + Sync),
    fragment: &'a Fragment<'a>,
    sitemap: &'a [String],
) -> Vec<Make<'a>> {
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
    let one = |path: String, make: Box<dyn Fn() -> Vec<Arc<str>> + Sync + 'a>| -> Make<'a> {
        Box::new(move || vec![(path.clone(), make())])
    };
    let mut files: Vec<Make<'a>> = Vec::new();
    let calendar_base = base_url.clone();
    let calendar = move |party: Option<&'a str>| -> Box<dyn Fn() -> Vec<Arc<str>> + Sync + 'a> {
        let base = calendar_base.clone();
        Box::new(move || {
            let salt = cache::hash_of((party, &base));
            let events = parts("ics", salt, &|i| publish::clause_events(agreement, i, party, today, base.as_deref()));
            publish::calendar(agreement, party, events)
        })
    };
    files.push(one("reviews.ics".into(), calendar(None)));
    files.push(one(
        "agreement.json".into(),
        Box::new(move || {
            let clauses = parts("json", 0, &|i| publish::clause_json(agreement, i, html));
            publish::agreement_json(agreement, findings, signoff, clauses, &versions)
        }),
    ));
    files.push(one("agreement.schema.json".into(), Box::new(|| vec![publish::AGREEMENT_SCHEMA.into()])));
    for p in &agreement.parties {
        files.push(one(format!("parties/{}.ics", p.id), calendar(Some(&p.id))));
    }
    if let Some(base) = base_url {
        // The pages the page table lists in the sitemap.
        files.push(one("sitemap.xml".into(), Box::new(move || vec![publish::sitemap(&base, sitemap).into()])));
    }
    files
}
