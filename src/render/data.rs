//! The files that are data, not pages: calendars, the agreement as JSON with its
//! schema, and a sitemap when the site's address is known.

use std::sync::Arc;

use super::{RenderOptions, cache, publish};
use crate::base::diagnostic::Diagnostic;
use crate::base::model::{Agreement, Clause};

/// Makes clause `i`'s part of a data file.
pub(super) type Part<'a> = Box<dyn Fn(usize) -> Arc<str> + Sync + 'a>;

/// A data file as its job makes it: text, each clause's part (with a separator between two), text.
pub(super) struct DataFile<'a> {
    /// What comes before the clauses' parts.
    pub head: Vec<Arc<str>>,
    /// What goes between two clauses' parts, and each clause's part; `None` for a file without.
    pub each: Option<(&'static str, Part<'a>)>,
    /// What comes after them.
    pub tail: Vec<Arc<str>>,
}

impl<'a> DataFile<'a> {
    /// A file of one text.
    fn text(text: impl Into<Arc<str>>) -> Self {
        DataFile { head: vec![text.into()], each: None, tail: Vec::new() }
    }
}

/// A data file's path and what makes it when its job runs.
pub(super) type Make<'a> = (String, Box<dyn Fn() -> DataFile<'a> + Sync + 'a>);

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
    // The versions up to this one: a release's files stay the same when later ones are released.
    let versions: Vec<String> = options.version.iter().flat_map(|v| v.known_names()).collect();
    let today = options.today;
    let mut files: Vec<Make<'a>> = Vec::new();
    let calendar_base = base_url.clone();
    let calendar = move |party: Option<&'a str>| -> Box<dyn Fn() -> DataFile<'a> + Sync + 'a> {
        let base = calendar_base.clone();
        Box::new(move || {
            let salt = cache::hash_of((party, &base));
            let base = base.clone();
            let (head, tail) = publish::calendar(agreement, party, today);
            let event = move |i| {
                fragment("ics", i, salt, &|| publish::clause_events(agreement, i, party, today, (base.as_deref(), "")))
            };
            DataFile { head, each: Some(("", Box::new(event))), tail }
        })
    };
    files.push(("reviews.ics".into(), calendar(None)));
    files.push((
        "agreement.json".into(),
        Box::new(move || {
            let (head, tail) = publish::agreement_json(agreement, findings, signoff, &versions);
            let clause = move |i| fragment("json", i, 0, &|| publish::clause_json(agreement, i, html));
            DataFile { head, each: Some((",", Box::new(clause))), tail }
        }),
    ));
    files.push(("agreement.schema.json".into(), Box::new(|| DataFile::text(publish::AGREEMENT_SCHEMA))));
    for p in &agreement.parties {
        files.push((format!("parties/{}.ics", p.id), calendar(Some(&p.id))));
    }
    if let Some(base) = base_url {
        // The pages the page table lists in the sitemap.
        files.push(("sitemap.xml".into(), Box::new(move || DataFile::text(publish::sitemap(&base, sitemap)))));
    }
    files
}
