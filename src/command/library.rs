//! `clausebook library pin` and `clausebook library upgrade`: the `use:` values of an agreement's
//! clauses rewritten in place (each value, as written, and nothing else in the file), each with
//! the digest of its edition's text, so that the change is one reviewable commit.

use std::path::{Path, PathBuf};

use crate::base::catalog::{Library as Words, Locale};
use crate::base::diagnostic::closest;
use crate::base::model::library::Library;

/// What `clausebook library` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Records the digest of each edition used that has none.
    Pin,
    /// Moves every use of library clause `clause` to edition `to` (the newest, without one).
    Upgrade {
        /// The library clause.
        clause: String,
        /// The edition.
        to: Option<u32>,
    },
}

/// One `use:` value rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The clause's file, from the agreement's root.
    pub file: PathBuf,
    /// Its line.
    pub line: u32,
    /// The value as it was written.
    pub before: String,
    /// The value written instead.
    pub after: String,
}

/// Carries out `action` on the agreement at `root`, or on every agreement (in a folder) of the
/// portfolio at `root` (a folder with `portfolio.yaml`): the values rewritten, files named from
/// `root`, or why nothing could be. In a portfolio, an agreement without a library is left
/// alone; any other failure in one is the command's.
pub fn run(root: &Path, action: &Action) -> Result<Vec<Rewritten>, String> {
    if !root.join(crate::portfolio::config::FILE).is_file() {
        let (done, texts) = plan(root, action).map_err(|(_, why)| why)?;
        write(&texts)?;
        return Ok(done);
    }
    let read = crate::portfolio::config::read(root);
    // Every problem of portfolio.yaml, each at its place, as `check` says them.
    let config = read.config.ok_or_else(|| {
        let said = read.diagnostics.iter().map(|d| format!("{}: {}", d.location(), d.message));
        said.collect::<Vec<_>>().join("\n")
    })?;
    // Every agreement's edits are made before any file is written: one refused, none written.
    let (mut done, mut texts, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for member in config.agreements.iter().filter(|m| m.git.is_none()) {
        match plan(&member.root, action) {
            Ok((rewritten, new)) => {
                done.extend(rewritten.into_iter().map(|mut r| {
                    r.file = member.path.join(&r.file);
                    r
                }));
                texts.extend(new);
            }
            Err((true, _)) => {}
            Err((false, why)) => refused.push(format!("{}: {why}", member.path.display())),
        }
    }
    if !refused.is_empty() {
        return Err(refused.join("\n"));
    }
    write(&texts)?;
    Ok(done)
}

/// Replaces each file (a path from where clausebook runs) by its new text.
fn write(texts: &[(PathBuf, String)]) -> Result<(), String> {
    for (path, text) in texts {
        replace(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// What to say when [`run`] at `root` rewrote nothing, in the project's language.
pub fn nothing_to_rewrite(root: &Path) -> String {
    crate::load::locale(root).msg(Words::NothingToRewrite)
}

/// The values a [`plan`] rewrites, and the new text of each file they are in (from where
/// clausebook runs).
type Plan = (Vec<Rewritten>, Vec<(PathBuf, String)>);

/// What [`run`] does in the agreement at `root`, or why nothing can be (`true`: it has no
/// library). Nothing is written.
fn plan(root: &Path, action: &Action) -> Result<Plan, (bool, String)> {
    let l = crate::load::locale(root);
    let loaded = crate::load::load(root).map_err(|e| (false, e.to_string()))?;
    let agreement = loaded.agreement.ok_or_else(|| (false, l.msg(Words::NoAgreement)))?;
    let l = Locale::of(&agreement.language);
    let library = agreement.library.as_deref().ok_or_else(|| (true, l.msg(Words::NoLibrary)))?;
    let target = match action {
        Action::Pin => None,
        Action::Upgrade { clause, to } => {
            Some((clause.as_str(), edition(library, clause, *to, l).map_err(|e| (false, e))?))
        }
    };
    // Each clause's file, where its `use:` value stands, the value as read, and the new value.
    let mut edits: Vec<(PathBuf, crate::base::diagnostic::Span, String, String)> = Vec::new();
    for c in &agreement.clauses {
        let Some(uses) = &c.written.uses else { continue };
        let (clause, n) = match target {
            Some((clause, n)) if clause == uses.clause => (clause, n),
            Some(_) => continue,
            None if uses.digest.is_some() => continue,
            None => (uses.clause.as_str(), uses.edition),
        };
        let Some(edition) = library.clauses.get(clause).and_then(|e| e.iter().find(|e| e.number == n)) else {
            continue;
        };
        let written = match &uses.digest {
            Some(d) => format!("{}@{} {d}", uses.clause, uses.edition),
            None => format!("{}@{}", uses.clause, uses.edition),
        };
        edits.push((c.written.file.clone(), uses.span, written, format!("{clause}@{n} {}", edition.digest)));
    }
    let mut done = Vec::new();
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    for (file, span, read, value) in edits {
        let path = root.join(&file);
        if !texts.iter().any(|(f, _)| *f == file) {
            let text = std::fs::read_to_string(&path).map_err(|e| (false, format!("{}: {e}", path.display())))?;
            texts.push((file.clone(), text));
        }
        let Some((_, text)) = texts.iter_mut().find(|(f, _)| *f == file) else { continue };
        let moved = || (false, l.msg(Words::Moved { file: &file.display(), line: span.line }));
        let range = byte_range(text, span).ok_or_else(moved)?;
        let before = text[range.clone()].to_string();
        // Only a value written plainly on its line is rewritten: never a folded one, an anchored
        // one or one with a comment, whose text the new value would mangle.
        let unquoted = before.strip_prefix('"').and_then(|b| b.strip_suffix('"'));
        let unquoted = unquoted.or_else(|| before.strip_prefix('\'').and_then(|b| b.strip_suffix('\'')));
        if !unquoted.unwrap_or(&before).split_whitespace().eq(read.split_whitespace()) {
            let (file, line) = (&file.display(), span.line);
            return Err((false, l.msg(Words::NotPlain { file, line, value: &value })));
        }
        if before != value {
            text.replace_range(range, &value);
            done.push(Rewritten { file, line: span.line, before, after: value });
        }
    }
    let changed = texts.into_iter().filter(|(f, _)| done.iter().any(|d| d.file == *f));
    let texts = changed.map(|(f, text)| (root.join(f), text)).collect();
    Ok((done, texts))
}

/// Replaces the file at `path` by `text` at once: written beside it, then renamed over it, so
/// that an editor or a crash never sees half of it. The file beside is created afresh: never
/// written through a link (or a file) already standing there.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut beside = path.as_os_str().to_owned();
    beside.push(".clausebook-new");
    let beside = PathBuf::from(beside);
    std::fs::OpenOptions::new().write(true).create_new(true).open(&beside)?.write_all(text.as_bytes())?;
    std::fs::rename(&beside, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&beside);
    })
}

/// Edition `to` (the newest, without one) of library clause `clause`, when the library has it.
fn edition(library: &Library, clause: &str, to: Option<u32>, l: Locale) -> Result<u32, String> {
    let Some(editions) = library.clauses.get(clause) else {
        let near = closest(clause, library.clauses.keys().map(String::as_str));
        let hint = near.map(|n| format!(" ({})", l.did_you_mean(n))).unwrap_or_default();
        return Err(format!("{}{hint}", l.msg(Words::NoSuchClause { clause: &clause })));
    };
    let latest = editions.last().map_or(0, |e| e.number);
    match to {
        None => Ok(latest),
        Some(n) if editions.iter().any(|e| e.number == n) => Ok(n),
        Some(n) => Err(l.msg(Words::NoSuchEdition { clause: &clause, n, latest })),
    }
}

/// The bytes of `text` that `span` covers (its line and columns in characters).
fn byte_range(text: &str, span: crate::base::diagnostic::Span) -> Option<std::ops::Range<usize>> {
    let start_of_line = if span.line <= 1 { 0 } else { text.match_indices('\n').nth(span.line as usize - 2)?.0 + 1 };
    let line = &text[start_of_line..];
    let mut chars = line.char_indices().map(|(i, _)| start_of_line + i).chain(std::iter::once(text.len()));
    let start = chars.nth(span.col as usize - 1)?;
    let end = if span.len == 0 { start } else { chars.nth(span.len as usize - 1)? };
    text.get(start..end).filter(|v| !v.contains('\n')).map(|_| start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_in_characters_is_found_in_bytes() {
        let text = "---\ntitle: 保密\nuse: 保密@2\n---\n";
        let span = crate::base::diagnostic::Span::new(3, 6, 4);
        assert_eq!(&text[byte_range(text, span).unwrap()], "保密@2");
        assert_eq!(byte_range(text, crate::base::diagnostic::Span::new(9, 1, 1)), None);
    }
}
