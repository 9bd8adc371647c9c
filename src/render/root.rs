//! The pages at the root of a versioned site: the list of versions and the clause histories.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::NaiveDate;
use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;

use super::templates::Templates;
use super::theme::Theme;
use super::{RenderError, ser, versions};
use crate::base::diagnostic::Diagnostic;
use crate::base::lang::Lang;
use crate::base::model::{Agreement, Clause};
use crate::base::site::Sink;
use crate::versions::kept;

/// The history page of clause `id`: each version that has it, and its distinct texts.
fn history(r: &Root, id: &str) -> Value {
    let found: Vec<(&versions::VersionInfo, &Agreement, &Clause, &crate::base::model::Lookup)> = r
        .agreements
        .iter()
        .zip(&r.lookups)
        .zip(r.infos)
        .filter_map(|((a, lookup), info)| {
            let lookup = lookup.as_ref()?;
            Some((info, (*a)?, *lookup.by_id.get(id)?, lookup))
        })
        .collect();
    // A text the same in several versions is sent once. Each is the text as readers read it in
    // its version (references as 第N条 标题), a paragraph a line.
    let mut texts: Vec<String> = Vec::new();
    // Versions that share a file share its parsed body: it is made plain once.
    let mut plain: Vec<(*const crate::base::model::Body, String)> = Vec::new();
    // Versions whose clause has the same body, in the same language, linking to clauses of the
    // same numbers and titles, read the same: made readable once.
    let mut read: Vec<(Readable, usize)> = Vec::new();
    let entries: Vec<HistoryEntry> = found
        .iter()
        .map(|(info, a, c, lookup)| {
            let body = std::sync::Arc::as_ptr(&c.body);
            let signature = Readable {
                body,
                file: &c.file,
                language: &a.language,
                targets: c.body.links.iter().map(|l| lookup.target(&l.target).map(|t| (t.number, &t.title))).collect(),
            };
            if let Some((_, text)) = read.iter().find(|(s, _)| *s == signature) {
                return entry(info, a, c, *text, id);
            }
            let text = match plain.iter().find(|(b, _)| *b == body) {
                Some((_, text)) => text.clone(),
                None => {
                    let text = c.plain_text();
                    plain.push((body, text.clone()));
                    text
                }
            };
            let readable = a.readable_from(lookup, c, text);
            let text = match texts.iter().position(|t| *t == readable) {
                Some(i) => i,
                None => {
                    texts.push(readable);
                    texts.len() - 1
                }
            };
            read.push((signature, text));
            entry(info, a, c, text, id)
        })
        .collect();
    // What changed in the front matter between any two versions, in words (as changes.html says).
    let mut changes = serde_json::Map::new();
    // The same file among the same parties says the same: nothing to compare (most pairs).
    let same_parties = |a: &Agreement, b: &Agreement| {
        a.parties.len() == b.parties.len()
            && a.parties.iter().zip(&b.parties).all(|(p, q)| p.id == q.id && p.name == q.name)
    };
    // Versions alike to the comparison (`alike`) are compared once, by the first of them.
    let class: Vec<usize> = (0..found.len())
        .map(|i| (0..=i).find(|&k| alike((found[k].1, found[k].2), (found[i].1, found[i].2))).unwrap_or(i))
        .collect();
    let mut said_by_class: Vec<((usize, usize), Vec<String>)> = Vec::new();
    for (i, (_, a, c, _)) in found.iter().enumerate() {
        for (j, (_, b, d, _)) in found.iter().enumerate().filter(|(j, _)| *j != i) {
            if std::sync::Arc::ptr_eq(&c.written, &d.written) && same_parties(a, b) {
                continue;
            }
            let said = match said_by_class.iter().find(|(k, _)| *k == (class[i], class[j])) {
                Some((_, said)) => said.clone(),
                None => {
                    let said = crate::versions::diff::clause_changes((a, c), (b, d));
                    said_by_class.push(((class[i], class[j]), said.clone()));
                    said
                }
            };
            if !said.is_empty() {
                changes.insert(format!("{i}-{j}"), said.into());
            }
        }
    }
    // The texts travel as JSON inside <script>: `<` is escaped so no text can close the element.
    let data = serde_json::json!({ "texts": texts, "entries": entries, "changes": changes });
    let data = data.to_string().replace('<', "\\u003c");
    let last = entries.last().map(|e| e.title.clone()).unwrap_or_default();
    // The site's version switcher, leading to this clause in each version that has it.
    let switcher: Vec<Value> = entries
        .iter()
        .zip(&found)
        .map(|(e, (info, _, _, _))| {
            context! { name => &e.version, date => ser(info.date), kind => ser(info.kind), url => &e.url, current => false }
        })
        .collect();
    // The page is in no version of its own (`own`, which a version's pages say).
    context! { id => id, title => last, entries => ser(&entries), data => Value::from_safe_string(data), switcher, own => "" }
}

/// What a clause's readable text is made from in one version: its body (shared between the
/// versions that have the same file), its file's place, the version's language, and the number
/// and title of each clause its links lead to.
#[derive(PartialEq)]
struct Readable<'a> {
    body: *const crate::base::model::Body,
    file: &'a std::path::Path,
    language: &'a str,
    targets: Vec<Option<(usize, &'a String)>>,
}

/// The history entry of clause `c` of agreement `a` in version `info`, its text the `text`th.
fn entry(info: &versions::VersionInfo, a: &Agreement, c: &Clause, text: usize, id: &str) -> HistoryEntry {
    HistoryEntry {
        version: info.name.clone(),
        label: Lang::new(&a.language).clause_label(c.number),
        title: c.title.clone(),
        text,
        url: format!("../{}/clauses/{id}.html", info.name),
    }
}

/// Whether two versions of a clause say the same to [`crate::versions::diff::clause_changes`]:
/// the same file naming the same parties, in agreements of the same language, parties and
/// declared fields.
fn alike((a, c): (&Agreement, &Clause), (b, d): (&Agreement, &Clause)) -> bool {
    let same_parties = a.parties.len() == b.parties.len()
        && a.parties.iter().zip(&b.parties).all(|(p, q)| p.id == q.id && p.name == q.name);
    let same_fields = a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(f, g)| f.name == g.name && f.changelog == g.changelog);
    std::sync::Arc::ptr_eq(&c.written, &d.written)
        && c.named == d.named
        && a.language == b.language
        && same_parties
        && same_fields
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

/// The folder of the clause histories: kept page by page from the site being replaced
/// ([`crate::versions::kept::reusable`]), each by a key of what it shows ([`history_key`]).
pub const HISTORY: &str = "history";

/// The key of clause `id`'s history page, in hex: the clause as each version that has it shows
/// it, or `None` when one of them does not know its file's content id (then it is made again).
/// The site's chrome and the tool are in the key of the folder's stamp.
fn history_key(r: &Root, id: &str) -> Option<String> {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    for ((lookup, info), own) in r.lookups.iter().zip(r.infos).zip(&r.owns) {
        let Some(lookup) = lookup else { continue };
        let Some(c) = lookup.by_id.get(id) else { continue };
        (&info.name, info.date, info.kind, own).hash(&mut h);
        // Everything its entry and its front matter's changes show: its file, number and title,
        // the numbers and titles of the clauses it links to (its readable text).
        (c.source_id.as_ref()?, c.file.as_os_str().as_encoded_bytes(), c.number, &c.title).hash(&mut h);
        for l in &c.body.links {
            lookup.target(&l.target).map(|t| (&t.id, t.number, &t.title)).hash(&mut h);
        }
    }
    Some(format!("{:016x}", h.finish()))
}

/// What a version's histories show of the agreement beside the clause: its language (labels and
/// words), its parties (by name in the changes) and its declared fields (in the changes or not).
fn agreement_part(a: &Agreement) -> u64 {
    let parties: Vec<(&str, &str)> = a.parties.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let fields: Vec<(&str, bool)> = a.fields.iter().map(|f| (f.name.as_str(), f.changelog)).collect();
    crate::base::memo::hash_of((&a.language, parties, fields))
}

/// One page type at the root of a versioned site: which template, one page or one per clause id
/// (of any version), where it goes, and its context (the item: a clause id, or `""`).
struct RootPage {
    template: &'static str,
    /// One page per clause id, kept page by page in [`HISTORY`] by [`history_key`].
    per_clause: bool,
    /// Whether it has the site's header, navigation and footer (leading into the newest release).
    chrome: bool,
    path: fn(&str) -> String,
    context: fn(&Root, &str) -> Value,
}

/// The root pages: the list of versions, and each clause's history.
const ROOT_PAGES: &[RootPage] = &[
    RootPage {
        template: "versions.html",
        per_clause: false,
        chrome: false,
        path: |_| "index.html".into(),
        context: |r, _| context! { versions => ser(versions::listing(r.infos, r.latest)) },
    },
    RootPage {
        template: "history.html",
        per_clause: true,
        chrome: true,
        path: |id| format!("{HISTORY}/{id}.html"),
        context: history,
    },
    RootPage {
        template: "404.html",
        per_clause: false,
        chrome: true,
        path: |_| "404.html".into(),
        // No version switcher: the root's not-found page is in no version.
        context: |_, _| context! { folder => "", switcher => false },
    },
];

/// What the root pages are made from: every version's agreement and what the site says of it.
struct Root<'a> {
    agreements: &'a [Option<&'a Agreement>],
    lookups: Vec<Option<crate::base::model::Lookup<'a>>>,
    /// Each agreement's [`agreement_part`].
    owns: Vec<u64>,
    infos: &'a [versions::VersionInfo],
    latest: usize,
}

/// What the pages at the root of a versioned site are made from.
pub struct RootInput<'a> {
    /// Every version's agreement (`None` where it could not be read), oldest first.
    pub agreements: &'a [Option<&'a Agreement>],
    /// How the site lists each version.
    pub infos: &'a [versions::VersionInfo],
    /// The newest release.
    pub latest: usize,
    /// `--today`.
    pub today: NaiveDate,
    /// `--base-url`.
    pub base_url: Option<&'a str>,
    /// The site being replaced, whose clause histories are taken as they are where their keys
    /// are the same; `None` makes every page.
    pub previous: Option<&'a Path>,
}

/// The pages at the root of a versioned site ([`ROOT_PAGES`]): `index.html` listing every version
/// (leading to the newest release) and `history/<id>.html` for every clause, where readers compare
/// any two versions of it; the histories' folder carries a stamp that keeps each page for the
/// next build while its key stays the same.
pub fn render_root(
    tree: &dyn crate::base::tree::Tree,
    input: &RootInput<'_>,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, RenderError> {
    let RootInput { agreements, infos, latest, today, base_url, previous } = *input;
    let Some(newest) = agreements.get(latest).copied().flatten() else { return Ok(Vec::new()) };
    let theme = Theme::load(tree, &newest.theme).map_err(RenderError::Theme)?;
    let locale = crate::base::catalog::Locale::of(&newest.language);
    let templates = Templates::new(&theme, locale).map_err(RenderError::Templates)?;
    let lang = Lang::new(&newest.language);
    // What every page's header and footer show, for the pages that have the site's chrome (a
    // clause's history): its links lead into the newest release.
    let parties: Vec<Value> = newest
        .parties
        .iter()
        .map(|p| context! { id => &p.id, name => &p.name, url => format!("parties/{}.html", p.id) })
        .collect();
    let term_count = crate::base::terms::Glossary::of(newest).terms.len();
    let base_url = base_url.or(newest.base_url.as_deref());
    // The key of the histories' folder: the tool (in `kept::key`), the theme and the chrome.
    let named: Vec<(&str, &str)> = newest.parties.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let chrome = (&newest.title, &newest.language, newest.effective, &infos[latest].name, named, term_count);
    let settings = kept::Settings { today, base_url, external: None };
    let folder_key =
        kept::key(HISTORY, &[], &settings, false, crate::base::memo::hash_of((theme.fingerprint(), chrome)));
    let site = context! {
        title => &newest.title,
        language => &newest.language,
        effective => ser(newest.effective),
        t => lang.words(),
        today => today.to_string(),
        latest => &infos[latest].name,
        parties,
        versioned => true,
        // Findings are each version's: the root pages count none.
        finding_count => 0,
        term_count,
        base_url,
    };
    let render = |page: &RootPage, path: String, ctx: Value| -> Result<String, RenderError> {
        let (template, chrome) = (page.template, page.chrome);
        let depth = "../".repeat(path.matches('/').count());
        // The site's chrome leads into the newest release.
        let root = if chrome { format!("{depth}latest/") } else { depth };
        let ctx = context! { site => site.clone(), root => root.clone(), path => path.clone(), ..ctx };
        let ctx = if chrome {
            let switch =
                templates.render("version_switch.html", ctx.clone()).map_err(|d| RenderError::Templates(vec![*d]))?;
            context! { version_switch => Value::from_safe_string(switch), version_banner => "", ..ctx }
        } else {
            ctx
        };
        templates.render(template, ctx).map_err(|d| RenderError::Templates(vec![*d]))
    };
    // Every clause id, newest versions first.
    let mut ids: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for a in agreements.iter().rev().flatten() {
        ids.extend(a.clauses.iter().map(|c| c.id.as_str()).filter(|id| seen.insert(*id)));
    }
    let lookups = agreements.iter().map(|a| a.map(Agreement::lookup)).collect();
    let owns = agreements.iter().map(|a| a.map_or(0, agreement_part)).collect();
    let shared = Root { agreements, lookups, owns, infos, latest };
    let reusable = previous.map(|out| kept::reusable(out, HISTORY, &folder_key)).unwrap_or_default();
    let stamped = std::sync::Mutex::new(Vec::new());
    for page in ROOT_PAGES {
        let items: Vec<&str> = if page.per_clause { ids.clone() } else { vec![""] };
        items.par_iter().try_for_each(|item| {
            let path = (page.path)(item);
            if !page.per_clause {
                let html = render(page, path.clone(), (page.context)(&shared, item))?;
                return sink.put(&path, html.into()).map_err(RenderError::Write);
            }
            // A history page the site being replaced has with the same key is taken as it is.
            let name = path.strip_prefix(&format!("{HISTORY}/")).unwrap_or(&path).to_string();
            let key = history_key(&shared, item);
            let old = reusable.get(&name).filter(|f| key.is_some() && f.key == key);
            let size = match (old, previous) {
                (Some(f), Some(out)) => sink.put_kept(&path, &out.join(&path)).map(|_| f.size),
                _ => {
                    let html = render(page, path.clone(), (page.context)(&shared, item))?;
                    let size = html.len() as u64;
                    sink.put(&path, html.into()).map(|_| size)
                }
            }
            .map_err(RenderError::Write)?;
            stamped.lock().unwrap_or_else(|e| e.into_inner()).push(kept::File { path: name, size, key });
            Ok(())
        })?;
    }
    let mut files = stamped.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let stamp = kept::Stamp { key: folder_key, summary: Default::default(), files };
    sink.put(&format!("{HISTORY}/{}", kept::STAMP), stamp.text().into_bytes().into()).map_err(RenderError::Write)?;
    for (name, bytes) in &theme.assets {
        sink.put(&format!("static/{name}"), std::sync::Arc::clone(bytes).into()).map_err(RenderError::Write)?;
    }
    sink.put(super::ROOT_MARKER, super::ROOT_MARKER_TEXT.as_bytes().to_vec().into()).map_err(RenderError::Write)?;
    sink.put("versions.js", versions_script(infos, latest).into()).map_err(RenderError::Write)?;
    Ok(templates.take_warnings())
}

/// `versions.js`: every version and the newest release, for the pages of releases, which do not
/// name later versions themselves (so that they stay the same when one is released).
fn versions_script(infos: &[versions::VersionInfo], latest: usize) -> String {
    let all: Vec<serde_json::Value> =
        infos.iter().map(|v| serde_json::json!({ "name": v.name, "date": v.date, "kind": v.kind })).collect();
    let data = serde_json::json!({ "latest": infos[latest].name, "versions": all });
    format!("window.CLAUSEBOOK_VERSIONS = {data};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_root_page_template_is_compiled_in() {
        for page in ROOT_PAGES {
            let path = format!("templates/{}", page.template);
            assert!(super::super::theme::is_builtin(&path), "{path} is not in the default theme");
        }
    }
}
