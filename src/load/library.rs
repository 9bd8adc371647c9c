//! A clause library read from the agreement's tree ([`crate::base::model::library`]), strictly: its
//! `_index.md` and each clause's editions (`<clause>/<n>.md`), numbered from 1 without a gap, each
//! after the first saying what it changed; and each clause's `use:` resolved against it, its
//! placeholders filled. A release reads the library of its own tree, so its text never depends on
//! where or when the library is read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fields::Reader;
use super::{Role, file};
use crate::base::catalog::{Library as Words, Locale, Portfolio};
use crate::base::diagnostic::{Diagnostic, Severity, Span, closest};
use crate::base::model::library::{Edition, Kind, Library, Used, fill, opening, placeholders};
use crate::base::model::{Body, Clause};
use crate::base::tree::Tree;
use crate::base::yaml::Node;

pub use crate::base::model::library::CODE;

/// The finding code of a use that records no digest of its edition.
pub const UNPINNED: &str = "library-unpinned";

/// The keys of an edition's front matter.
const KEYS: [&str; 2] = ["title", "kind"];

/// The project's folder that holds libraries: versioned like `content/` (a release reads the
/// library of its own tree), watched by `watch` and `serve`.
pub const DIR: &str = "library";

/// The folder `library:` names (`written`), when it is [`DIR`] or one inside it: a relative path
/// without `..`.
pub(super) fn folder(written: &str) -> Option<PathBuf> {
    let path: PathBuf = Path::new(written).components().filter(|c| *c != std::path::Component::CurDir).collect();
    let plain = path.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    (plain && path.starts_with(DIR)).then_some(path)
}

/// The error of a `library:` (at `span` of `index`) that names no folder inside the agreement.
pub(super) fn not_a_folder(span: Span, index: &Path, l: Locale) -> Diagnostic {
    Diagnostic::error(CODE, index, span, l.msg(Words::Folder))
}

/// Reads the library in `dir` of `tree`, with the problems of its files.
pub(super) fn read(tree: &dyn Tree, dir: &Path, l: Locale) -> (Library, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut library = Library { dir: dir.to_path_buf(), ..Library::default() };
    let (files, links) = tree.files_and_links(dir).unwrap_or_default();
    found.extend(links.iter().map(|link| crate::base::tree::link_skipped(link, l)));
    // A folder that is a link (said above) or a file holds no editions: each use is not said
    // wrong again.
    if links.iter().any(|link| link == dir) || !tree.has_dir(dir) {
        if !links.iter().any(|link| link == dir) {
            found.push(Diagnostic::error(CODE, dir, Span::start(), l.msg(Words::NotAFolder { dir: &dir.display() })));
        }
        library.unread = true;
        return (library, found);
    }
    let index = dir.join("_index.md");
    match files.iter().find(|f| **f == index) {
        Some(f) => {
            let parsed = file::read(tree, f.clone(), Role::Chapter(String::new()), None, l);
            found.extend(parsed.diagnostics.iter().cloned());
            let mut reader = Reader::with_locale(f, l);
            library.title = reader.text("title", parsed.front.get("title").map(|e| &e.value)).unwrap_or_default();
            found.append(&mut reader.diagnostics);
            if library.title.trim().is_empty() && parsed.front_ok {
                found.push(Diagnostic::error(CODE, f, Span::start(), l.msg(Words::NoTitle)));
            }
        }
        None => {
            found.push(Diagnostic::error(CODE, &index, Span::start(), l.msg(Words::NoIndex { dir: &dir.display() })))
        }
    }
    for f in files.iter().filter(|f| **f != index && f.extension().is_some_and(|e| e == "md")) {
        let rel = f.strip_prefix(dir).unwrap_or(f);
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        // `1.md`, `2.md`: digits without a sign or a leading zero, so that no two files are one
        // edition.
        let number = parts
            .get(1)
            .and_then(|n| n.strip_suffix(".md"))
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0'));
        let number = number.and_then(|n| n.parse::<u32>().ok());
        let (Some(clause), Some(number), 2) = (parts.first(), number.filter(|n| *n > 0), parts.len()) else {
            let message = l.msg(Words::NotAnEdition { file: &rel.display() });
            found.push(Diagnostic::warning(CODE, f, Span::start(), message));
            continue;
        };
        if !super::valid_id(clause) {
            let message = l.msg(Words::NotAnId { folder: &clause });
            found.push(Diagnostic::warning(CODE, f, Span::start(), message));
            continue;
        }
        if let Some(edition) = edition(tree, f, number, l, &mut found) {
            library.clauses.entry(clause.to_string()).or_default().push(edition);
        }
    }
    for (clause, editions) in &mut library.clauses {
        editions.sort_by_key(|e| e.number);
        // At the first edition after the gap.
        if let Some((n, after)) = (1..).zip(editions.iter()).find(|(n, e)| e.number != *n) {
            let message = l.msg(Words::MissingEdition { clause, n });
            found.push(Diagnostic::error(CODE, &after.file, Span::start(), message));
        }
    }
    (library, found)
}

/// The library of the portfolio at `root` (`library/` beside `portfolio.yaml`), when it has one,
/// its files' problems added to `found`.
pub fn of_portfolio(root: &Path, l: Locale, found: &mut Vec<Diagnostic>) -> Option<Arc<Library>> {
    let lender = crate::base::tree::Lender { folder: root.to_path_buf(), seen: PathBuf::new(), files: None };
    crate::base::tree::Disk::new(root).has_dir(Path::new(DIR)).then(|| {
        let (library, mut problems) = lent(&lender, l);
        found.append(&mut problems);
        Arc::new(library)
    })
}

/// The library a portfolio lends (as a release's commit holds it, or as its folder does now): its `library/`, read from disk, each
/// path (and each finding's) as the agreement's root sees it (`../../library/…`), since the
/// agreement lies in the portfolio's folder.
pub(super) fn lent(portfolio: &crate::base::tree::Lender, l: Locale) -> (Library, Vec<Diagnostic>) {
    let (mut library, mut found) = match &portfolio.files {
        Some(files) => read(&**files, Path::new(DIR), l),
        None => read(&crate::base::tree::Disk::new(&portfolio.folder), Path::new(DIR), l),
    };
    library.lent = true;
    let from_agreement = |p: &Path| portfolio.seen.join(p);
    library.dir = from_agreement(&library.dir);
    for edition in library.clauses.values_mut().flatten() {
        edition.file = from_agreement(&edition.file);
    }
    for d in &mut found {
        d.file = from_agreement(&d.file);
    }
    (library, found)
}

/// Edition `number` of a library clause, read from `f`.
fn edition(tree: &dyn Tree, f: &Path, number: u32, l: Locale, found: &mut Vec<Diagnostic>) -> Option<Edition> {
    let parsed = file::read(tree, f.to_path_buf(), Role::Chapter(String::new()), None, l);
    found.extend(parsed.diagnostics.iter().cloned());
    let mut reader = Reader::with_locale(f, l);
    let front: &Node = &parsed.front;
    for e in front.entries().iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        // A library clause that used another could use itself through it.
        if e.key == "use" || e.key == "with" {
            found.push(Diagnostic::error(CODE, f, e.key_span, l.msg(Words::EditionUses)));
            continue;
        }
        let hint = closest(&e.key, KEYS).map(|c| l.did_you_mean(c));
        reader.warning("unknown-field", e.key_span, l.msg(Portfolio::UnknownKey { key: &e.key }), hint);
    }
    let title = reader.text("title", front.get("title").map(|e| &e.value)).filter(|t| !t.trim().is_empty());
    let mut error = |span: Span, message: String, hint: Option<String>| {
        let d = Diagnostic::error(CODE, f, span, message);
        found.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    };
    if title.is_none() && parsed.front_ok {
        error(front.span, l.msg(Words::NoTitle), None);
    }
    let kind = match (front.get("kind"), number) {
        (None, 1) => None,
        (None, _) => {
            error(front.span, l.msg(Words::NeedsKind), None);
            None
        }
        (Some(e), 1) => {
            error(e.key_span, l.msg(Words::FirstHasNoKind), None);
            None
        }
        (Some(e), _) => {
            let word = reader.text("kind", Some(&e.value)).unwrap_or_default();
            let kind = Kind::parse(&word);
            if kind.is_none() {
                let hint = closest(&word, ["correction", "update", "edition"]).map(|c| l.did_you_mean(c));
                error(e.value.span, l.msg(Words::UnknownKind { word: &word }), hint);
            }
            kind
        }
    };
    found.append(&mut reader.diagnostics);
    Some(Edition {
        number,
        title: title.unwrap_or_default(),
        kind,
        markdown: parsed.body.markdown.clone(),
        file: f.to_path_buf(),
        first_line: parsed.body.first_line,
        digest: digest(&parsed.text),
    })
}

/// The digest of an edition's file's text (`sha256:…`), its line ends as `\n`.
fn digest(text: &str) -> String {
    use sha2::{Digest as _, Sha256};
    let hash = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    hash.iter().fold(String::from("sha256:"), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// `value` as Markdown that reads as written: one line, every ASCII punctuation mark escaped, so
/// that a placeholder's text can never start a heading, a list, a link or an HTML block of the
/// library's text, nor close one of its code blocks.
fn plain_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    // Spaces at its end would make the line break after it a hard break (`<br>`).
    for c in value.trim_matches(|c: char| c.is_ascii_whitespace()).chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The text of `edition` as a use reads it: each placeholder filled with its text from `with`
/// (name, text), which reads as written.
pub fn filled(edition: &Edition, with: &[(String, String, Span)]) -> String {
    let with: Vec<(String, String, Span)> = with.iter().map(|(n, v, s)| (n.clone(), plain_text(v), *s)).collect();
    fill(&edition.markdown, &with)
}

/// Resolves each of `clauses`' `use:` against `library`: its library text, placeholders filled,
/// or a finding at the line that cannot be (no library, no such clause or edition, a placeholder
/// left without text, a text for no placeholder).
/// A `library:` that names no library (`named`) is an error of its own: its uses are not said
/// again.
pub(super) fn resolve(
    clauses: &mut [Clause],
    (library, named): (Option<&Library>, bool),
    l: Locale,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for c in clauses.iter_mut() {
        let Some(uses) = &c.written.uses else { continue };
        let file = c.written.file.clone();
        let error = |message: String| Diagnostic::error(CODE, &file, uses.span, message);
        let Some(library) = library.filter(|l| !l.unread) else {
            if !named && library.is_none() {
                found.push(error(l.msg(Words::NoLibrary)));
            }
            continue;
        };
        let Some(editions) = library.clauses.get(&uses.clause) else {
            let near = closest(&uses.clause, library.clauses.keys().map(String::as_str));
            let d = error(l.msg(Words::NoSuchClause { clause: &uses.clause }));
            found.push(match near {
                Some(n) => d.with_hint(l.did_you_mean(n)),
                None => d,
            });
            continue;
        };
        let latest = editions.last().map_or(0, |e| e.number);
        let Some(edition) = editions.iter().find(|e| e.number == uses.edition) else {
            let (clause, n) = (&uses.clause, uses.edition);
            found.push(error(l.msg(Words::NoSuchEdition { clause, n, latest })));
            continue;
        };
        match &uses.digest {
            // A published edition is never edited: its text is what the use recorded.
            Some(recorded) if *recorded != edition.digest => {
                let (clause, n) = (&uses.clause, uses.edition);
                let d = error(l.msg(Words::Changed { clause, n, file: &edition.file.display() }));
                found.push(d.with_hint(l.msg(Words::PublishNew)));
            }
            Some(_) => {}
            None => {
                let message = l.msg(Words::Unpinned { clause: &uses.clause, n: uses.edition });
                let d = Diagnostic::new(Severity::Info, UNPINNED, &file, uses.span, message);
                found.push(d.with_hint(l.msg(Words::Pin)));
            }
        }
        let names = placeholders(&edition.markdown);
        let unfilled: Vec<&String> = names.iter().filter(|n| !uses.with.iter().any(|(w, _, _)| w == *n)).collect();
        for name in &unfilled {
            found.push(error(l.msg(Words::Unfilled { name })));
        }
        for (name, _, span) in uses.with.iter().filter(|(w, _, _)| !names.contains(w)) {
            let message = l.msg(Words::NoSuchPlaceholder { name, clause: &uses.clause, n: uses.edition });
            let d = Diagnostic::error(CODE, &file, *span, message);
            found.push(match closest(name, names.iter().map(String::as_str)) {
                Some(n) => d.with_hint(l.did_you_mean(n)),
                None => d,
            });
        }
        let markdown = filled(edition, &uses.with);
        // `with:` fills the library text only: a placeholder in the clause's own text stays as
        // written.
        let own = &c.written.body;
        if let Some(at) = opening(&own.markdown) {
            let before = &own.markdown[..at];
            let line = own.first_line + before.matches('\n').count() as u32;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            let message = l.msg(Words::OwnPlaceholder);
            found.push(Diagnostic::warning(CODE, &file, Span::new(line, col, 2), message));
        }
        // What stays of `{{…}}` once every placeholder is filled is one written wrongly.
        if let Some(at) = opening(&markdown).filter(|_| unfilled.is_empty()) {
            let shown: String = markdown[at..].chars().take(24).take_while(|c| *c != '\n').collect();
            let message = l.msg(Words::Malformed { written: &shown, file: &edition.file.display() });
            found.push(error(message));
        }
        let dir = edition.file.parent().unwrap_or(Path::new(""));
        let parsed = crate::base::markdown::parse(&markdown, edition.first_line, dir, &format!("{}--library--", c.id));
        let body = Body {
            markdown,
            first_line: edition.first_line,
            links: parsed.links,
            html: parsed.html,
            ..Body::default()
        };
        let title = edition.title.clone();
        c.used = Some(Arc::new(Used { clause: uses.clause.clone(), edition: uses.edition, latest, title, body }));
    }
    found
}
