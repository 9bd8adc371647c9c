//! Load: walk `content/`, read each Markdown file, parse its front matter and collect its clause
//! references, and assemble the [`Agreement`] in reading order. Problems become diagnostics;
//! a file that cannot be read still yields a placeholder clause so that one broken file does not
//! make every reference to it look broken too.

mod clause;
mod controls;
pub mod fields;
mod file;
mod index;
pub mod library;
pub mod names;
mod period;
pub mod records;
pub mod schedules;
pub mod source;
mod unknown;

use file::read;
pub use index::{declares_signoff, rule_config, rule_limits, version_settings_in, version_settings_of};
use index::{party, signoff_settings, version_settings};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;

use crate::base::catalog::{Load, Locale};
use crate::base::diagnostic::{Diagnostic, SourceMap, Span};

use crate::base::model::{Agreement, Body, Chapter, Clause, ClauseFile, Party};
use crate::base::tree::{Disk, Tree};
use crate::base::yaml::{self, Node};
use fields::Reader;

/// What loading produced: the agreement (absent when `content/_index.md` is missing or unreadable),
/// every problem found, and the text of every file for showing snippets.
#[derive(Debug)]
pub struct Loaded {
    /// The agreement, when its `_index.md` could be read.
    pub agreement: Option<Agreement>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files that loading found problems in (others are read again when a later
    /// finding points into them).
    pub sources: SourceMap,
}

/// Why loading could not even start.
#[derive(Debug)]
pub enum LoadError {
    /// The project has no `content/` folder.
    NoContent(PathBuf),
    /// A file or folder could not be read.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoContent(root) => write!(
                f,
                "no content/ folder in {}: run clausebook from the project root, pass --root DIR, or create a project with `clausebook new DIR`",
                crate::base::escape::path(root)
            ),
            LoadError::Io(path, e) => write!(f, "cannot read {}: {e}", crate::base::escape::path(path)),
        }
    }
}

impl std::error::Error for LoadError {}

/// The folder (relative to the project root) that holds the agreement.
pub const CONTENT: &str = "content";
const INDEX: &str = "_index.md";

/// What role a Markdown file plays, from where it stands.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Agreement,
    Chapter(String),
    Clause(Option<String>),
}

/// One file after reading and parsing, before assembly; a clause file also carries its clause.
struct Parsed {
    file: PathBuf,
    role: Role,
    text: Arc<str>,
    front: Arc<Node>,
    /// A hash of the front matter as written.
    front_id: u64,
    body: Arc<Body>,
    /// Problems of the file on its own: reading, decoding, splitting, YAML, and (for a clause)
    /// its fields.
    diagnostics: Vec<Diagnostic>,
    /// The clause of a clause file, as its file says it.
    clause: Option<Arc<ClauseFile>>,
    /// The language its findings are written in.
    locale: Locale,
    /// Whether its front matter was read: a file whose YAML did not parse gets that error alone.
    front_ok: bool,
}

/// Files read, parsed and (for clauses) built, by path and content id, shared between the versions
/// of one build and the rebuilds of an editing session: a file that is the same again is read,
/// parsed and built once, and assembling the agreement from it copies no text.
#[derive(Default)]
pub struct ParseCache(RwLock<HashMap<String, Vec<Arc<Parsed>>>>);

impl ParseCache {
    /// How many distinct files were parsed.
    pub fn len(&self) -> usize {
        self.0.read().map_or(0, |m| m.values().map(Vec::len).sum())
    }

    /// Whether nothing was parsed yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets the files that `tree` no longer holds (an editing session's earlier saves).
    pub fn retain_current(&self, tree: &dyn Tree) {
        if let Ok(mut m) = self.0.write() {
            m.retain(|id, files| {
                files.retain(|p| tree.id(&p.file) == Some(id.as_str()));
                !files.is_empty()
            });
        }
    }
}

/// Loads the agreement of the project folder `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_tree(&Disk::agreement(root), None).map_err(|e| match e {
        LoadError::NoContent(_) => LoadError::NoContent(root.to_path_buf()),
        LoadError::Io(path, e) => LoadError::Io(root.join(path), e),
    })
}

/// Loads the agreement held in `tree`, reusing files parsed before when `cache` has them.
pub fn load_tree(tree: &dyn Tree, cache: Option<&ParseCache>) -> Result<Loaded, LoadError> {
    let (files, links) = walk(tree)?;
    // Findings are written in the agreement's language, so `_index.md` says it first.
    let locale =
        files.iter().find(|(_, role)| *role == Role::Agreement).map_or(Locale::En, |(f, _)| locale_of(tree, f));
    let parsed = parse_all(tree, files, cache, locale);

    // Links are skipped wherever the project is read; each is said once, here.
    let elsewhere = ["rules", "themes"]
        .into_iter()
        .flat_map(|dir| tree.files_and_links(Path::new(dir)).map(|(_, l)| l).unwrap_or_default());
    let mut diagnostics: Vec<Diagnostic> =
        links.into_iter().chain(elsewhere).map(|link| crate::base::tree::link_skipped(&link, locale)).collect();
    let mut sources = SourceMap::default();
    let mut index: Option<&Parsed> = None;
    let mut chapter_files = Vec::new();
    let mut clause_files = Vec::new();
    for p in &parsed {
        if !p.diagnostics.is_empty() {
            diagnostics.extend(p.diagnostics.iter().cloned());
            sources.insert(p.file.clone(), Arc::clone(&p.text));
        }
        match p.role {
            Role::Agreement => index = Some(p),
            Role::Chapter(_) => chapter_files.push(&**p),
            Role::Clause(_) => clause_files.push(&**p),
        }
    }

    let index_file = Path::new(CONTENT).join(INDEX);
    let Some(index) = index else {
        // Every clause was still read, so that one run reports all their problems too.
        diagnostics.push(
            Diagnostic::error("missing-index", &index_file, Span::start(), "the agreement has no content/_index.md")
                .with_hint(
                    "create content/_index.md with front matter `title`, `language` and `parties` (see `clausebook new`)",
                ),
        );
        return Ok(Loaded { agreement: None, diagnostics, sources });
    };

    let mut agreement = agreement_of(index, locale, &mut diagnostics);
    agreement.chapters = chapters_of(&clause_files, &chapter_files, locale, &mut diagnostics);
    agreement.clauses = place_clauses(&clause_files, &agreement.chapters, &agreement.parties);
    let (library, mut found) = read_library(tree, index, locale);
    let named = index.front.get("library").is_some();
    found.extend(library::resolve(&mut agreement.clauses, (library.as_ref(), named), locale));
    agreement.library = library.map(Arc::new);
    let (workdays, calendar) = schedules::read(tree, locale);
    agreement.workdays = Arc::new(workdays);
    found.extend(calendar);
    found.extend(schedules::unanchored(&agreement, locale));
    let (records, settings, kept) = records::read(tree, &agreement, locale);
    found.extend(kept);
    agreement.records = records;
    agreement.record_settings = settings;
    cite(&found, &parsed, &mut sources);
    diagnostics.extend(found);
    let chapter_fronts: Vec<(&Path, &Node)> = chapter_files.iter().map(|p| (p.file.as_path(), &*p.front)).collect();
    let mut found = unknown::check(&agreement, &chapter_fronts, locale);
    found.extend(names::check(&agreement, locale));
    cite(&found, &parsed, &mut sources);
    diagnostics.extend(found);
    Ok(Loaded { agreement: Some(agreement), diagnostics, sources })
}

/// The clause library `index` (`content/_index.md`) names (`library:`), read from `tree`, with
/// the problems of its files and of the name.
fn read_library(
    tree: &dyn Tree,
    index: &Parsed,
    locale: Locale,
) -> (Option<crate::base::model::library::Library>, Vec<Diagnostic>) {
    let Some(entry) = index.front.get("library") else {
        let Some(portfolio) = tree.lender() else { return (None, Vec::new()) };
        let (read, found) = library::lent(portfolio, locale);
        return (Some(read), found);
    };
    let mut reader = Reader::with_locale(&index.file, locale);
    let Some(written) = reader.text("library", Some(&entry.value)) else { return (None, reader.diagnostics) };
    match library::folder(&written) {
        Some(dir) if !tree.has_dir(&dir) => {
            let message = locale.msg(crate::base::catalog::Library::NoFolder { dir: &dir.display() });
            (None, vec![Diagnostic::error(library::CODE, &index.file, entry.value.span, message)])
        }
        Some(dir) => {
            let (read, found) = library::read(tree, &dir, locale);
            (Some(read), found)
        }
        None => (None, vec![library::not_a_folder(entry.value.span, &index.file, locale)]),
    }
}

/// The agreement as `content/_index.md` says it (its chapters and clauses not yet placed), with
/// the problems of its front matter.
fn agreement_of(index: &Parsed, locale: Locale, diagnostics: &mut Vec<Diagnostic>) -> Agreement {
    let index_file = Path::new(CONTENT).join(INDEX);
    let mut reader = Reader::with_locale(&index_file, locale);
    let front = &index.front;
    let get = |k: &str| front.get(k).map(|e| &e.value);
    let title = reader.text("title", get("title"));
    if title.is_none() && index.front_ok {
        reader.error(front.span, locale.msg(Load::AgreementHasNoTitle), Some(&locale.msg(Load::AddTitleFrontMatter)));
    }
    let language = reader.language(get("language")).unwrap_or_else(|| "en".into());
    let effective = reader.date("effective", get("effective"));
    let period = period::read(&mut reader, front.get("period"), effective);
    let theme = theme(&mut reader, get("theme"), front.span, locale);
    let base_url = reader.base_url(get("base_url"));
    let rules = rule_config(&mut reader, get("rules"), get("rule_limits"));
    let parties: Vec<Party> = reader
        .list("parties", get("parties"))
        .iter()
        .enumerate()
        .filter_map(|(i, node)| party(&mut reader, i, node))
        .collect();
    let declared = unknown::declared(&mut reader, get("fields"));
    let versions = version_settings(&mut reader, get("versions"));
    let signoff = signoff_settings(&mut reader, get("signoff"), &parties);
    diagnostics.append(&mut reader.diagnostics);
    Agreement {
        fields: declared,
        versions,
        signoff,
        title: title.unwrap_or_default(),
        language,
        effective,
        period,
        theme,
        base_url,
        parties,
        preamble: (*index.body).clone(),
        file: index.file.clone(),
        front: (*index.front).clone(),
        front_id: index.front_id,
        chapters: Vec::new(),
        clauses: Vec::new(),
        rules,
        library: None,
        workdays: Arc::default(),
        records: Vec::new(),
        record_settings: None,
    }
}

/// The agreement's `theme:` (`default` without one): a folder name under `themes/`, else the
/// problem and `default`.
fn theme(reader: &mut Reader, node: Option<&Node>, front: Span, locale: Locale) -> String {
    let theme = reader.text("theme", node).unwrap_or_else(|| "default".into());
    if valid_id(&theme) {
        return theme;
    }
    // A path (`/etc`, `../x`) would publish files from anywhere: a theme is a folder name.
    let span = node.map_or(front, |n| n.span);
    let message = locale.msg(Load::ThemeNotFolderNameUnder { theme: &theme });
    reader.error(span, message, Some(&locale.msg(Load::NameFolderThemesEG)));
    "default".into()
}

/// The chapters, from the folders of clause files and chapter files, in order and numbered.
fn chapters_of(
    clause_files: &[&Parsed],
    chapter_files: &[&Parsed],
    locale: Locale,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Chapter> {
    let chapter_index: HashMap<&str, &Parsed> = chapter_files
        .iter()
        .filter_map(|p| match &p.role {
            Role::Chapter(dir) => Some((dir.as_str(), *p)),
            _ => None,
        })
        .collect();
    let mut chapters: Vec<Chapter> = chapter_dirs(clause_files, chapter_files)
        .into_iter()
        .map(|dir| chapter(dir, chapter_index.get(dir).copied(), locale, diagnostics))
        .collect();
    chapters.sort_by_key(|c| sort_key(c.order, &c.dir));
    for (i, c) in chapters.iter_mut().enumerate() {
        c.number = i + 1;
    }
    chapters
}

/// Adds to `sources` the text of the files that the findings `found` point into, for snippets.
fn cite(found: &[Diagnostic], parsed: &[Arc<Parsed>], sources: &mut SourceMap) {
    if found.is_empty() {
        return;
    }
    // A map: findings may be one per clause.
    let by_file: HashMap<&Path, &Parsed> = parsed.iter().map(|p| (p.file.as_path(), &**p)).collect();
    for d in found {
        if sources.get(&d.file).is_none()
            && let Some(p) = by_file.get(d.file.as_path())
        {
            sources.insert(p.file.clone(), Arc::clone(&p.text));
        }
    }
}

/// The language of the messages about the project at `root`: its agreement's.
pub fn locale(root: &Path) -> Locale {
    locale_of(&Disk::new(root), &Path::new(CONTENT).join(INDEX))
}

/// The language of the messages about the project in `tree`: its agreement's.
pub fn locale_in(tree: &dyn Tree) -> Locale {
    locale_of(tree, &Path::new(CONTENT).join(INDEX))
}

/// Reads and parses every file (in parallel), or takes it from `cache` when the same file (by
/// content id) was parsed before in the same locale.
fn parse_all(
    tree: &dyn Tree,
    files: Vec<(PathBuf, Role)>,
    cache: Option<&ParseCache>,
    locale: Locale,
) -> Vec<Arc<Parsed>> {
    // What the cache has, looked up under one read lock: a lock taken per file, by every thread,
    // cost more than the lookups.
    let hits: Vec<Option<Arc<Parsed>>> = match cache.and_then(|c| c.0.read().ok()) {
        Some(m) => {
            let paths: Vec<&Path> = files.iter().map(|(f, _)| f.as_path()).collect();
            let ids = tree.ids(&paths);
            paths
                .iter()
                .zip(ids)
                .map(|(file, id)| {
                    let found = m.get(id?)?;
                    found.iter().find(|p| p.file == *file && p.locale == locale).map(Arc::clone)
                })
                .collect()
        }
        None => Vec::new(),
    };
    files
        .into_par_iter()
        .enumerate()
        .map(|(i, (file, role))| {
            if let Some(Some(hit)) = hits.get(i) {
                return Arc::clone(hit);
            }
            let id = tree.id(&file);
            let cache = cache.zip(id);
            let parsed = Arc::new(read(tree, file, role, id, locale));
            if let Some((c, id)) = cache
                && let Ok(mut m) = c.0.write()
            {
                m.entry(id.to_string()).or_default().push(Arc::clone(&parsed));
            }
            parsed
        })
        .collect()
}

/// The clauses of `files`, each in its chapter (the top-level folder it stands in), with the
/// parties it names resolved, numbered in reading order.
fn place_clauses(files: &[&Parsed], chapters: &[Chapter], parties: &[Party]) -> Vec<Clause> {
    let find = crate::base::model::Named::finder(parties);
    let mut clauses: Vec<Clause> = files
        .iter()
        .filter_map(|p| p.clause.clone())
        .map(|written| {
            let named = crate::base::model::Named::resolve_with(&written, &find);
            Clause { number: 0, chapter: None, written, named, used: None }
        })
        .collect();
    let chapter_of_dir: HashMap<&Path, usize> =
        chapters.iter().enumerate().map(|(i, ch)| (ch.dir.as_path(), i)).collect();
    for c in &mut clauses {
        let top: PathBuf = c.file.components().take(2).collect();
        c.chapter = (c.file.components().count() > 2).then(|| chapter_of_dir.get(top.as_path()).copied()).flatten();
    }
    // Keys borrowed, not made: a key per clause was a copy of its path.
    clauses.sort_by(|a, b| {
        let key = |c: &Clause| (c.chapter.map_or(0, |i| i + 1), c.order.is_none(), c.order.unwrap_or(0));
        key(a).cmp(&key(b)).then_with(|| a.file.cmp(&b.file))
    });
    for (i, c) in clauses.iter_mut().enumerate() {
        c.number = i + 1;
    }
    clauses
}

/// The locale of the agreement file `index` (English when it cannot be read).
fn locale_of(tree: &dyn Tree, index: &Path) -> Locale {
    let language = tree.read(index).ok().and_then(|bytes| {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let split = source::split(&text).ok()?;
        let front = yaml::parse(split.front, split.front_line).ok()?;
        front.get("language").and_then(|e| e.value.as_text())
    });
    Locale::of(&language.unwrap_or_default())
}

/// Files without an `order` sort after those with one, then by path.
fn sort_key(order: Option<i64>, path: &Path) -> (bool, i64, PathBuf) {
    (order.is_none(), order.unwrap_or(0), path.to_path_buf())
}

/// The Markdown files under `content/` (hidden files and folders skipped), with their roles; and
/// the symbolic links found there, which are not followed.
type Walked = (Vec<(PathBuf, Role)>, Vec<PathBuf>);

/// Every Markdown file under `content/` (hidden files and folders skipped), with its role, and the
/// symbolic links that were skipped.
fn walk(tree: &dyn Tree) -> Result<Walked, LoadError> {
    let content = Path::new(CONTENT);
    if !tree.has_dir(content) {
        return Err(LoadError::NoContent(PathBuf::from(".")));
    }
    let mut files = Vec::new();
    let (found, links) = tree.files_and_links(content).map_err(|e| LoadError::Io(content.to_path_buf(), e))?;
    for path in found {
        if path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let Ok(within) = path.strip_prefix(content) else { continue };
        // Its depth, name and top folder, without a string made for each file.
        let depth = within.components().count();
        let index = within.file_name().is_some_and(|n| n == INDEX);
        let top = || within.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let role = match (depth, index) {
            (1, true) => Role::Agreement,
            (2, true) => Role::Chapter(top().unwrap_or_default()),
            (_, true) => continue,
            (1, false) => Role::Clause(None),
            _ => Role::Clause(top()),
        };
        files.push((path, role));
    }
    Ok((files, links))
}

/// The numeric prefix of a file or folder name (`03-budget` → 3) and the rest (`budget`).
fn split_prefix(stem: &str) -> (Option<i64>, &str) {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &stem[digits..];
    match rest.strip_prefix(['-', '_', '.', ' ']) {
        Some(rest) if digits > 0 && !rest.is_empty() => (stem[..digits].parse().ok(), rest),
        _ => (None, stem),
    }
}

/// The chapter folders: those with clauses or with an `_index.md`, by name.
fn chapter_dirs<'a>(clauses: &[&'a Parsed], chapters: &[&'a Parsed]) -> std::collections::BTreeSet<&'a str> {
    clauses
        .iter()
        .chain(chapters)
        .filter_map(|p| match &p.role {
            Role::Chapter(d) | Role::Clause(Some(d)) => Some(d.as_str()),
            _ => None,
        })
        .collect()
}

/// The chapter of folder `dir_name`, described by its `_index.md` (`index`) when it has one.
fn chapter(dir_name: &str, index: Option<&Parsed>, locale: Locale, diagnostics: &mut Vec<Diagnostic>) -> Chapter {
    let dir = Path::new(CONTENT).join(dir_name);
    let (prefix_order, id) = split_prefix(dir_name);
    let mut reader = Reader::with_locale(index.map_or(&dir, |p| &p.file), locale);
    let get = |k: &str| index.and_then(|p| p.front.get(k)).map(|e| &e.value);
    let title = reader.text("title", get("title")).unwrap_or_else(|| id.to_string());
    let order = reader.int("order", get("order")).or(prefix_order);
    diagnostics.append(&mut reader.diagnostics);
    Chapter {
        id: id.to_string(),
        title,
        number: 0,
        order,
        dir,
        intro: index.map(|p| (*p.body).clone()).unwrap_or_default(),
        file: index.map(|p| p.file.clone()),
    }
}

/// Ids name files and anchors: letters (any script, with their combining marks), digits, `-` and
/// `_`, not starting with `-` or a mark.
pub fn valid_id(id: &str) -> bool {
    use unicode_normalization::char::is_combining_mark;
    let first_ok = id.chars().next().is_some_and(|c| c != '-' && !is_combining_mark(c));
    first_ok && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || is_combining_mark(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_prefixes_give_order_and_id() {
        assert_eq!(split_prefix("03-budget-approval"), (Some(3), "budget-approval"));
        assert_eq!(split_prefix("12_预算"), (Some(12), "预算"));
        assert_eq!(split_prefix("2024"), (None, "2024"));
        assert_eq!(split_prefix("budget"), (None, "budget"));
    }

    #[test]
    fn ids_cannot_escape_the_output_folder() {
        assert!(valid_id("预算-审批_2"));
        for bad in ["../x", "a/b", "", ".hidden", "a b", "-x"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }
}
