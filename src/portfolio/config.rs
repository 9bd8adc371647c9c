//! The portfolio's own files, read strictly: `portfolio.yaml` (its title, language, departments
//! file and agreements) and the departments file (`org.yaml`: the company's units). A key of the
//! wrong type, a missing or duplicate id, a folder that is not there, a parent that is no unit or
//! that makes a circle is an error at its line; an unknown key is a warning with the closest known
//! one. docs/portfolio.md gives both formats.

use std::path::{Path, PathBuf};

use crate::base::catalog::{Locale, Portfolio as Words};
use crate::base::diagnostic::{Diagnostic, SourceMap, Span, closest};
use crate::base::yaml::Node;
use crate::load::fields::Reader;

mod visibility;

pub use visibility::{Check, Settings};

/// The file that makes a folder a portfolio.
pub const FILE: &str = "portfolio.yaml";

/// The code of the portfolio files' errors.
pub const CODE: &str = "portfolio";

/// Folders of the portal's own at its root, which no agreement's site may take, in any case: the
/// theme's files (`static/`), the department pages (`departments/`), the search index
/// (`search/`), and the addresses `serve` answers itself (`__clausebook/`, in
/// `command::serve::http`, whose test holds it to this list), and `_a`, reserved from the first.
pub const RESERVED: [&str; 5] = ["static", "departments", "search", "_a", "__clausebook"];

/// Largest portfolio or departments file read.
const LIMIT: u64 = 1 << 20;

const KEYS: [&str; 8] = ["title", "language", "org", "base_url", "agreements", "rules", "rule_limits", "access"];
const AGREEMENT_KEYS: [&str; 7] = ["id", "path", "git", "ref", "dir", "visibility", "visibility_title"];
const ORG_KEYS: [&str; 1] = ["units"];
const UNIT_KEYS: [&str; 4] = ["id", "name", "aliases", "parent"];

/// `portfolio.yaml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The portal's title.
    pub title: String,
    /// Its language (`zh-CN`), which the portal's words and the portfolio's findings follow.
    pub language: String,
    /// Where the site is published (`https://intranet.example.com/agreements/`).
    pub base_url: Option<String>,
    /// The agreements, in the order written.
    pub agreements: Vec<Member>,
    /// `rules:` (the severities of the portfolio's rules and checks) and `rule_limits:` (of the
    /// rules in the portfolio's `rules/`), as in an agreement's `_index.md`.
    pub rules: crate::base::model::RuleConfig,
    /// `portfolio.yaml` as written, where a portfolio rule's report that names no agreement points.
    pub front: Node,
    /// `access:`: how the web server tells who reads (`clausebook access`).
    pub access: Settings,
    /// The clause library it lends its agreements (`library/` beside `portfolio.yaml`), once what
    /// makes the portal read it (`load::library::of_portfolio`).
    pub library: Option<std::sync::Arc<crate::base::model::library::Library>>,
}

/// One agreement of the portfolio.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its id in the portfolio: its folder in the site and the name citations use.
    pub id: String,
    /// Its folder as written, relative to the portfolio (of one read from Git: its repository
    /// and the folder `dir:` in it, which its findings are named from).
    pub path: PathBuf,
    /// Its folder from where clausebook runs (of one read from Git: its repository).
    pub root: PathBuf,
    /// Where `portfolio.yaml` names it (its `id`).
    pub span: Span,
    /// An agreement read from a Git repository (`git:`, `ref:`, `dir:`): the tree at its
    /// revision, read when `portfolio.yaml` was.
    pub git: Option<std::sync::Arc<crate::versions::git::Draft>>,
    /// The departments it is restricted to (`visibility:`), each where it is written; `None`:
    /// everyone may read it.
    pub visibility: Option<Vec<(String, Span)>>,
    /// Whether its title may show where everyone reads, though it is restricted
    /// (`visibility_title: public`): on the portal's index, and in the links of agreements that
    /// cite it.
    pub title_public: bool,
}

impl Member {
    /// The departments it is restricted to, as an audience (`None`: everyone may read it).
    pub fn audience(&self) -> Option<crate::base::access::Audience> {
        let named = self.visibility.as_ref()?.iter().map(|(u, _)| u.clone());
        Some(crate::base::access::Audience::of(named))
    }

    /// The agreement's files: its folder, or the tree read from Git.
    pub fn files(&self) -> Box<dyn crate::base::tree::Tree + '_> {
        match &self.git {
            Some(git) => Box::new(&*git.tree),
            None => Box::new(crate::base::tree::Disk::agreement(&self.root)),
        }
    }

    /// The release tags' pattern the portfolio gives the agreement, when the agreement sets none:
    /// `<id>/v*` when its folder is not the top of its repository (a repository that holds
    /// several agreements tags each one's releases `<id>/v1.0`); else `None` (`v*`).
    pub fn tags(&self) -> Option<String> {
        let (own, below) = match &self.git {
            Some(git) => (crate::load::version_settings_in(&*git.tree).tags, !git.source.dir.as_os_str().is_empty()),
            None => (crate::load::version_settings_of(&self.root).tags, below_top(&self.root)),
        };
        (own.is_none() && below).then(|| format!("{}/v*", self.id))
    }
}

/// Whether the folder `root` is inside a Git repository's working tree, below its top.
fn below_top(root: &Path) -> bool {
    let Ok(repo) = git2::Repository::discover(root) else { return false };
    let top = repo.workdir().and_then(|w| std::fs::canonicalize(w).ok());
    top.zip(std::fs::canonicalize(root).ok()).is_some_and(|(top, root)| root != top && root.starts_with(top))
}

/// A department (an org unit) of the company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Its id, which parties name.
    pub id: String,
    /// Its name (`财务部`).
    pub name: String,
    /// Other names it goes by (`财务中心`).
    pub aliases: Vec<String>,
    /// The unit it belongs to.
    pub parent: Option<String>,
}

/// The portfolio's files as read, and what was wrong with them.
#[derive(Debug, Default)]
pub struct Read {
    /// `portfolio.yaml`, when it could be read.
    pub config: Option<Config>,
    /// The departments, when the portfolio names a departments file.
    pub units: Option<Vec<Unit>>,
    /// The departments file as written, relative to the portfolio.
    pub org_file: Option<PathBuf>,
    /// Findings in either file.
    pub diagnostics: Vec<Diagnostic>,
    /// Their text, for snippets.
    pub sources: SourceMap,
}

/// Whether `root` is a portfolio.
pub fn is_portfolio(root: &Path) -> bool {
    std::fs::symlink_metadata(root.join(FILE)).is_ok_and(|m| m.is_file())
}

/// Reads the portfolio at `root`.
pub fn read(root: &Path) -> Read {
    let mut read = Read::default();
    let file = Path::new(FILE);
    let Some(node) = parse(root, (file, None), None, &mut read) else { return read };
    let language = node.get("language").and_then(|e| e.value.as_text()).unwrap_or_else(|| "zh-CN".into());
    let l = Locale::of(&language);
    let mut r = Reader::with_locale(file, l);
    controls(&mut r, &node);
    if r.mapping(FILE, &node) {
        r.language(node.get("language").map(|e| &e.value));
        unknown_keys(&mut r, &node, &KEYS);
        let get = |k: &str| node.get(k).map(|e| &e.value);
        let title = r.text("title", get("title")).unwrap_or_default();
        let base_url = r.base_url(get("base_url"));
        let org_file = r
            .text("org", get("org"))
            .map(|f| (inside(root, Path::new(&f)), get("org").map_or(Span::start(), |n| n.span)));
        let agreements = members(root, &mut r, node.get("agreements").map(|e| &e.value));
        let rules = crate::load::rule_config(&mut r, get("rules"), get("rule_limits"));
        let access = visibility::settings(&mut r, get("access"));
        // Read by what makes a portal ([`Config::library`]), not by every reader of the settings.
        let library = None;
        let front = node.clone();
        read.config = Some(Config { title, language, base_url, agreements, rules, front, access, library });
        read.org_file = org_file.as_ref().map(|(f, _)| f.clone());
        if let Some((org, at)) = org_file {
            read.diagnostics.extend(relabel(std::mem::take(&mut r.diagnostics)));
            let node = parse(root, (&org, Some(at)), Some(l), &mut read);
            read.units = node.map(|node| units(&org, &node, l, &mut read.diagnostics));
        }
    }
    read.diagnostics.extend(relabel(r.diagnostics));
    read
}

/// `path` made absolute with `.` and `..` folded away by its text alone (for a folder that is
/// not on disk).
pub(super) fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()).components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `file`, named in `portfolio.yaml`, as a path inside the portfolio at `root`: `./` and `a/../`
/// taken as they read, an absolute path into the portfolio made relative; as written when it
/// leads outside (refused when read).
fn inside(root: &Path, file: &Path) -> PathBuf {
    let full = lexical(&root.join(file));
    full.strip_prefix(lexical(root)).map_or_else(|_| file.to_path_buf(), Path::to_path_buf)
}

/// Reads and parses `file` of the portfolio (named in `portfolio.yaml` at `named`, when it is not
/// that file), noting its text; `None` with a finding (in `locale`, else in the language the text
/// says it is in, as far as a reader can tell: Chinese by default) when it cannot be read (at
/// `named`) or is not YAML.
fn parse(root: &Path, (file, named): (&Path, Option<Span>), locale: Option<Locale>, read: &mut Read) -> Option<Node> {
    let l = locale.unwrap_or(Locale::Zh);
    let bytes = match crate::base::tree::read_project_file(root, file, LIMIT) {
        Ok(bytes) => bytes,
        Err(e) => {
            let why = std::io::Error::from(e).to_string();
            let message = l.msg(Words::CannotRead { file: &crate::base::escape::path(file), why: &why });
            let (at, span) = named.map_or((file, Span::start()), |span| (Path::new(FILE), span));
            read.diagnostics.push(Diagnostic::error(CODE, at, span, message));
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        let message = l.msg(Words::NotUtf8 { file: &crate::base::escape::path(file) });
        read.diagnostics.push(Diagnostic::error("utf8", file, Span::start(), message));
        return None;
    };
    read.sources.insert(file.to_path_buf(), text.as_str());
    let said = || {
        text.lines().find_map(|l| l.strip_prefix("language:").map(|v| Locale::of(v.trim().trim_matches(['"', '\'']))))
    };
    let l = locale.or_else(said).unwrap_or(Locale::Zh);
    match crate::base::yaml::parse(&text, 1) {
        Ok(node) => Some(node),
        Err(e) => {
            read.diagnostics.push(crate::load::source::yaml_error(file, &e, &text, 1, l));
            None
        }
    }
}

/// Warns of each text of `node` that holds a control character (the portal's pages and
/// calendars show what is written), as an agreement's front matter is warned of.
fn controls(r: &mut Reader, node: &Node) {
    use crate::base::catalog::Load;
    use crate::base::yaml::Value;
    match &node.value {
        Value::String(s) => {
            if let Some((_, c)) = crate::base::escape::first_control(s) {
                let u = crate::base::escape::code_point(c);
                let (message, hint) = (
                    r.locale.msg(Load::ControlCharacterWrittenHereReaders { u: &u }),
                    r.locale.msg(Load::DeleteMostLikelyCamePasted),
                );
                r.warning("control-character", node.span, message, Some(hint));
            }
        }
        Value::Seq(items) => items.iter().for_each(|n| controls(r, n)),
        Value::Map(entries) => entries.iter().for_each(|e| controls(r, &e.value)),
        _ => {}
    }
}

/// Records an error of the portfolio's files at `span`.
fn error(r: &mut Reader, span: Span, message: String, hint: Option<String>) {
    let mut d = Diagnostic::error(CODE, r.file(), span, message);
    d.hint = hint;
    r.diagnostics.push(d);
}

/// The type errors of the reader are the portfolio's errors.
fn relabel(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .map(|mut d| {
            if d.rule == "front-matter" {
                d.rule = CODE.into();
            }
            d
        })
        .collect()
}

/// Warns of each key of `node` that is not one of `known`, with the closest one. A misspelling
/// of `visibility` or `access` is an error instead.
pub(super) fn unknown_keys(r: &mut Reader, node: &Node, known: &[&str]) {
    let l = r.locale;
    for e in node.entries().iter().filter(|e| !known.contains(&e.key.as_str())) {
        let near = closest(&e.key, known.iter().copied());
        // Read as unknown, a misspelled `visibility` would publish the agreement to everyone, and
        // a misspelled `access` would leave the default way: errors instead.
        let misspelled = match near {
            Some("visibility") => Some(crate::base::catalog::Visibility::Misspelled { key: &e.key }),
            Some("access") => Some(crate::base::catalog::Visibility::MisspelledAccess { key: &e.key }),
            _ => None,
        };
        if let (Some(message), Some(near)) = (misspelled, near) {
            r.error(e.key_span, l.msg(message), Some(&l.did_you_mean(near)));
            continue;
        }
        let hint = near.map(|c| l.did_you_mean(c)).unwrap_or_else(|| l.msg(Words::KeysAre { keys: &known.join(", ") }));
        r.warning("unknown-field", e.key_span, l.msg(Words::UnknownKey { key: &e.key }), Some(hint));
    }
}

/// The agreements of `portfolio.yaml`: each with an id of its own and a folder that holds an
/// agreement.
fn members(root: &Path, r: &mut Reader, list: Option<&Node>) -> Vec<Member> {
    let l = r.locale;
    let Some(list) = list else {
        error(r, Span::start(), l.msg(Words::NoAgreements), Some(l.msg(Words::ListAgreements)));
        return Vec::new();
    };
    // Each agreement with its folder as the disk resolves it (made once: a portfolio of
    // hundreds compares each with every other).
    let mut out: Vec<(Member, Option<PathBuf>)> = Vec::new();
    let items = r.list("agreements", Some(list));
    if items.is_empty() && matches!(list.value, crate::base::yaml::Value::Seq(_)) {
        error(r, list.span, l.msg(Words::NoAgreements), Some(l.msg(Words::ListAgreements)));
    }
    for (i, item) in items.iter().enumerate() {
        let name = format!("agreements[{}]", i + 1);
        if !r.mapping(&name, item) {
            continue;
        }
        unknown_keys(r, item, &AGREEMENT_KEYS);
        let get = |k: &str| item.get(k);
        let id = r.text("id", get("id").map(|e| &e.value));
        let path = r.text("path", get("path").map(|e| &e.value));
        let git = r.text("git", get("git").map(|e| &e.value));
        if let (Some(_), Some(e)) = (&path, get("git").filter(|_| git.is_some())) {
            error(r, e.key_span, l.msg(Words::PathOrGit), None);
            continue;
        }
        if git.is_none() {
            let keys = ["ref", "dir"].into_iter().filter_map(|k| get(k).map(|e| (k, e.key_span)));
            let stray: Vec<(&str, Span)> = keys.collect();
            stray.iter().for_each(|(k, span)| error(r, *span, l.msg(Words::NeedsGit { key: k }), None));
            if !stray.is_empty() {
                continue;
            }
        }
        let (Some(id), Some(path)) = (id, path.or(git.clone())) else {
            error(r, item.span, l.msg(Words::AgreementNeedsIdPath { name: &name }), None);
            continue;
        };
        let id_span = get("id").map_or(item.span, |e| e.value.span);
        if !crate::load::valid_id(&id) {
            error(r, id_span, l.msg(Words::InvalidAgreementId { id: &id }), Some(l.msg(Words::IdsAre)));
            continue;
        }
        if let Some(d) = id_taken(r, &id, id_span, out.iter().map(|(m, _)| m)) {
            r.diagnostics.push(d);
            continue;
        }
        let visibility = visibility::read(r, get("visibility").map(|e| &e.value));
        let title_public = visibility::title(r, get("visibility_title"), visibility.is_some());
        let path_span = get("path").or(get("git")).map_or(item.span, |e| e.value.span);
        let folder = root.join(&path);
        let draft = match git {
            Some(_) => match read_git(r, item, folder.clone()) {
                Some(draft) => Some(std::sync::Arc::new(draft)),
                None => continue,
            },
            None if !folder.join(crate::load::CONTENT).join("_index.md").is_file() => {
                let shown = crate::base::escape::path(&folder);
                error(r, path_span, l.msg(Words::NoAgreementAt { path: &shown }), Some(l.msg(Words::PathHolds)));
                continue;
            }
            None => None,
        };
        let place = |d: &Option<std::sync::Arc<crate::versions::git::Draft>>| d.as_ref().map(|d| d.source.clone());
        let resolved = std::fs::canonicalize(&folder).ok();
        let same = |m: &Member, at: &Option<PathBuf>| {
            *at == resolved && place(&m.git).map(|s| (s.dir, s.rev)) == place(&draft).map(|s| (s.dir, s.rev))
        };
        if let Some((other, _)) = out.iter().find(|(m, at)| same(m, at)) {
            error(r, path_span, l.msg(Words::SameFolderTwice { other: &other.id }), None);
            continue;
        }
        // An agreement in another's `content/` (or `themes/`) would be published as that one's
        // text (or files), whoever may read it: an error, whichever comes first.
        let published = |m: &Member, at: &Option<PathBuf>| {
            let disk = draft.is_none() && m.git.is_none();
            let (one, two) = (resolved.as_deref()?, at.as_deref()?);
            let holds = |a: &Path, b: &Path| ["content", "themes"].into_iter().find(|d| b.starts_with(a.join(d)));
            disk.then(|| holds(two, one).or_else(|| holds(one, two))).flatten().map(|d| (m.id.clone(), d))
        };
        if let Some((other, dir)) = out.iter().find_map(|(m, at)| published(m, at)) {
            error(r, path_span, l.msg(crate::base::catalog::Visibility::Nested { other: &other, dir: &dir }), None);
            continue;
        }
        let shown = PathBuf::from(path).join(draft.as_ref().map(|d| d.source.dir.clone()).unwrap_or_default());
        let member = Member { id, path: shown, root: folder, span: id_span, git: draft, visibility, title_public };
        out.push((member, resolved));
    }
    out.into_iter().map(|(m, _)| m).collect()
}

/// An agreement id folded as a case-insensitive disk (macOS, Windows) compares names: `Search`,
/// `search` and `café` written with a combining accent are each one folder there.
pub(super) fn folded(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    id.nfc().collect::<String>().to_uppercase().to_lowercase()
}

/// Why the agreement id `id` (at `span`) cannot be a folder of the site beside the agreements
/// `before` and the portal's own: the error, naming the folder it would be.
fn id_taken<'m>(r: &Reader, id: &str, span: Span, mut before: impl Iterator<Item = &'m Member>) -> Option<Diagnostic> {
    let l = r.locale;
    let error = |message: String| Diagnostic::error(CODE, r.file(), span, message);
    if let Some(own) = RESERVED.iter().find(|own| folded(own) == folded(id)) {
        let hint = l.msg(Words::ReservedAre { ids: &RESERVED.join(", ") });
        let message = match *own == id {
            true => l.msg(Words::ReservedAgreementId { id: &id }),
            false => l.msg(Words::ReservedAgreementIdCase { id: &id, own }),
        };
        return Some(error(message).with_hint(hint));
    }
    let first = before.find(|m| folded(&m.id) == folded(id))?;
    let message = match first.id == id {
        true => l.msg(Words::AgreementIdTwice { id: &id }),
        false => l.msg(Words::AgreementIdCase { id: &id, other: &first.id }),
    };
    let here = l.msg(crate::base::catalog::Load::FirstUsedHere);
    Some(error(message).with_related(r.file(), first.span, here))
}

/// The agreement `item` names by `git:` (the repository `repo`, from where clausebook runs),
/// read at its `ref:` and in its `dir:`; `None` after an error at the line that is wrong.
fn read_git(r: &mut Reader, item: &Node, repo: PathBuf) -> Option<crate::versions::git::Draft> {
    use crate::versions::git::{Problem, Source};
    let l = r.locale;
    let span = |k: &str| item.get(k).map(|e| e.value.span);
    let rev = r.text("ref", item.get("ref").map(|e| &e.value));
    let dir = r.text("dir", item.get("dir").map(|e| &e.value)).unwrap_or_default();
    // `./hr`, `hr/` and `hr` are one folder; `..`, an absolute path or a drive leave the tree.
    use std::path::Component;
    let plain = Path::new(&dir).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let dir_path: PathBuf = Path::new(&dir).components().filter(|c| matches!(c, Component::Normal(_))).collect();
    if !plain {
        error(r, span("dir").unwrap_or(item.span), l.msg(Words::BadDir { dir: &dir }), Some(l.msg(Words::DirIs)));
        return None;
    }
    let shown = crate::base::escape::path(&repo);
    let source = Source { repo, rev: rev.clone(), dir: dir_path };
    let rev_span = span("ref").or(span("git")).unwrap_or(item.span);
    let rev = rev.unwrap_or_else(|| "HEAD".into());
    match source.read() {
        Ok(draft) => Some(draft),
        Err(Problem::NotARepository(why)) => {
            let message = l.msg(Words::NoRepositoryAt { path: &shown, why: &why });
            error(r, span("git").unwrap_or(item.span), message, Some(l.msg(Words::GitHolds)));
            None
        }
        Err(Problem::NoRevision { closest }) => {
            let hint = closest.map_or_else(|| l.msg(Words::RefIs), |c| l.did_you_mean(&c));
            error(r, rev_span, l.msg(Words::NoSuchRef { rev: &rev, repo: &shown }), Some(hint));
            None
        }
        Err(Problem::NotACommit(kind)) => {
            let message = l.msg(Words::RefNamesNoCommit { rev: &rev, repo: &shown, kind: &kind });
            error(r, rev_span, message, Some(l.msg(Words::RefNamesCommit)));
            None
        }
        Err(Problem::Ambiguous(refs)) => {
            let quoted = |f: &dyn Fn(&String) -> String| refs.iter().map(f).collect::<Vec<_>>().join(", ");
            let (named, choices) = (quoted(&|r| format!("`{r}`")), quoted(&|r| format!("`ref: {r}`")));
            let message = l.msg(Words::AmbiguousRef { rev: &rev, repo: &shown, refs: &named });
            error(r, rev_span, message, Some(l.msg(Words::WriteRefInFull { choices: &choices })));
            None
        }
        Err(Problem::NoAgreement) => {
            let file = crate::base::diagnostic::slash_path(&source.dir.join(crate::load::CONTENT).join("_index.md"));
            let message = l.msg(Words::NoAgreementAtRef { repo: &shown, rev: &rev, file: &file });
            error(r, span("dir").unwrap_or(rev_span), message, Some(l.msg(Words::DirHolds)));
            None
        }
    }
}

/// The units of the departments file `file`: ids unique, parents known, no circles.
fn units(file: &Path, node: &Node, l: Locale, diagnostics: &mut Vec<Diagnostic>) -> Vec<Unit> {
    let mut r = Reader::with_locale(file, l);
    controls(&mut r, node);
    let mut out: Vec<(Unit, Span, Option<Span>)> = Vec::new();
    // Each name and alias as written: the unit's index, the text, where it is, and whether it is
    // the unit's name.
    let mut names: Vec<(usize, String, Span, bool)> = Vec::new();
    if r.mapping("org", node) {
        unknown_keys(&mut r, node, &ORG_KEYS);
        for (i, item) in r.list("units", node.get("units").map(|e| &e.value)).iter().enumerate() {
            let name = format!("units[{}]", i + 1);
            if !r.mapping(&name, item) {
                continue;
            }
            unknown_keys(&mut r, item, &UNIT_KEYS);
            let get = |k: &str| item.get(k).map(|e| &e.value);
            let Some(id) = r.text("id", get("id")) else {
                error(&mut r, item.span, l.msg(Words::UnitNeedsId { name: &name }), None);
                continue;
            };
            let id_span = get("id").map_or(item.span, |n| n.span);
            if !crate::load::valid_id(&id) {
                error(&mut r, id_span, l.msg(Words::InvalidUnitId { id: &id }), Some(l.msg(Words::IdsAre)));
                continue;
            }
            if out.iter().any(|(u, _, _)| u.id == id) {
                error(&mut r, id_span, l.msg(Words::UnitIdTwice { id: &id }), None);
                continue;
            }
            let unit = Unit {
                name: r.text("name", get("name")).unwrap_or_else(|| id.clone()),
                aliases: r.texts("aliases", get("aliases")),
                parent: r.text("parent", get("parent")),
                id,
            };
            names.push((out.len(), unit.name.clone(), get("name").map_or(id_span, |n| n.span), true));
            let aliases = match get("aliases") {
                Some(Node { value: crate::base::yaml::Value::Seq(items), .. }) => items.iter().collect(),
                other => other.into_iter().collect::<Vec<_>>(),
            };
            names.extend(aliases.into_iter().filter_map(|a| Some((out.len(), a.as_text()?, a.span, false))));
            out.push((unit, id_span, get("parent").map(|n| n.span)));
        }
    }
    parents(&mut r, &out);
    shared_names(&mut r, &names, &out);
    diagnostics.extend(relabel(r.diagnostics));
    out.into_iter().map(|(u, _, _)| u).collect()
}

/// Warns of each name or alias (`names`: the unit's index, the text, where it is, whether it is
/// the unit's name) that another unit of `units` goes by too, at each but the one it belongs to:
/// the unit it names, else the first to give it. A party that names it would be taken for that
/// one.
fn shared_names(r: &mut Reader, names: &[(usize, String, Span, bool)], units: &[(Unit, Span, Option<Span>)]) {
    let l = r.locale;
    // Names first, then aliases: each text's owner is the first to name it so, else to give it.
    let mut owner: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (unit, text, _, _) in names.iter().filter(|n| n.3).chain(names.iter().filter(|n| !n.3)) {
        owner.entry(text.as_str()).or_insert(*unit);
    }
    for (unit, text, span, _) in names {
        let other = owner[text.as_str()];
        if other != *unit {
            let (other, id) = (&units[other].0.name, &units[other].0.id);
            let message = l.msg(Words::NameOfTwoUnits { name: text, other, id });
            let d = Diagnostic::warning(CODE, r.file(), *span, message);
            r.diagnostics.push(d.with_hint(l.msg(Words::NamesOfTheirOwn)));
        }
    }
}

/// Each parent is a unit, and following parents never comes back to where it started.
fn parents(r: &mut Reader, units: &[(Unit, Span, Option<Span>)]) {
    let l = r.locale;
    let index: std::collections::HashMap<&str, usize> =
        units.iter().enumerate().map(|(i, (u, _, _))| (u.id.as_str(), i)).collect();
    let parent = |i: usize| units[i].0.parent.as_deref().and_then(|p| index.get(p).copied());
    for (unit, _, span) in units {
        if let (Some(p), Some(span)) = (&unit.parent, span)
            && !index.contains_key(p.as_str())
        {
            let hint = closest(p, units.iter().map(|(u, _, _)| u.id.as_str())).map(|c| l.did_you_mean(c));
            error(r, *span, l.msg(Words::NoSuchParent { parent: p }), hint);
        }
    }
    // Each chain of parents walked once (0: not yet, 1: on the walk now, 2: done): a unit met
    // again on the same walk closes a circle.
    let mut state = vec![0u8; units.len()];
    let mut circle = vec![false; units.len()];
    for start in 0..units.len() {
        let (mut walk, mut at) = (Vec::new(), Some(start));
        while let Some(i) = at.filter(|&i| state[i] == 0) {
            state[i] = 1;
            walk.push(i);
            at = parent(i);
        }
        if let Some(i) = at.filter(|&i| state[i] == 1)
            && let Some(from) = walk.iter().position(|&w| w == i)
        {
            walk[from..].iter().for_each(|&w| circle[w] = true);
        }
        walk.iter().for_each(|&w| state[w] = 2);
    }
    for ((unit, _, span), _) in units.iter().zip(&circle).filter(|(_, c)| **c) {
        if let Some(span) = span {
            error(r, *span, l.msg(Words::ParentCircle { id: &unit.id }), None);
        }
    }
}
