//! Control characters written in the content (a raw one, or a YAML escape such as `"\r"` or
//! `"\x01"` that makes one), each reported where it was written: in an id (a clause's, a duty's,
//! a party's) it is an `invalid-id` error, since ids end up in file names, anchors and calendar
//! UIDs; anywhere else a `control-character` warning, since the calendars and JUnit reports show
//! it as U+FFFD ([`crate::base::escape`]) and every other reader gets a character nobody can see. Tab
//! and line feed are text; a carriage return ending a line of the file is a line break.

use std::path::Path;

use crate::base::catalog::{Load, Locale};
use crate::base::diagnostic::{Diagnostic, LineIndex, Span};
use crate::base::escape::{code_point, first_control};
use crate::base::yaml::{Node, Value};

/// Which strings of a file's front matter are ids.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Ids {
    /// A clause file: `id` and `duties[*].id`.
    Clause,
    /// The agreement file: `parties[*].id`.
    Agreement,
    /// A chapter file: none.
    None,
}

/// The findings about control characters in one file: its front matter (`front`, the text between
/// the fences, starting on file line `front_line`, parsed into `node`) and its body.
pub(super) fn check(
    file: &Path,
    front: (&str, u32, &Node),
    body: (&str, u32),
    ids: Ids,
    locale: Locale,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (front_text, front_line, node) = front;
    let mut index = None;
    let mut report = |span: Span, c: char, id: bool| {
        let index = index.get_or_insert_with(|| LineIndex::new(front_text));
        let at = exact(front_text, front_line, index, span, id).unwrap_or(span);
        out.push(finding(file, at, c, id, locale));
    };
    walk(node, &mut Vec::new(), ids, &mut report);
    let (body_text, body_line) = body;
    if crate::base::escape::first_control(body_text).is_some_and(|_| {
        body_text.chars().any(|c| crate::base::escape::is_control(c) && !matches!(c, '\t' | '\n' | '\r'))
    }) {
        for (n, line) in body_text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some((at, c)) = line.char_indices().find(|&(_, c)| crate::base::escape::is_control(c) && c != '\t') {
                let col = line[..at].chars().count() as u32 + 1;
                out.push(finding(file, Span::new(body_line + n as u32, col, 1), c, false, locale));
            }
        }
    }
    out
}

/// Walks the front matter; `path` holds the keys (and `None` for a list item) down to `node`.
fn walk<'a>(node: &'a Node, path: &mut Vec<Option<&'a str>>, ids: Ids, report: &mut impl FnMut(Span, char, bool)) {
    match &node.value {
        Value::String(s) => {
            let id = matches!(
                (ids, path.as_slice()),
                (Ids::Clause, [Some("id")] | [Some("duties"), None, Some("id")])
                    | (Ids::Agreement, [Some("parties"), None, Some("id")])
            );
            // In an id, tab and line feed are control characters too.
            let found = if id {
                crate::base::escape::has_control(s)
                    .then(|| s.chars().find(|c| crate::base::escape::is_control(*c)))
                    .flatten()
            } else {
                first_control(s).map(|f| f.1)
            };
            if let Some(c) = found {
                report(node.span, c, id);
            }
        }
        Value::Seq(items) => {
            for item in items {
                path.push(None);
                walk(item, path, ids, report);
                path.pop();
            }
        }
        Value::Map(entries) => {
            for e in entries {
                if let Some((_, c)) = first_control(&e.key) {
                    report(e.key_span, c, false);
                }
                path.push(Some(&e.key));
                walk(&e.value, path, ids, report);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The finding about a file whose name holds a control character (a line feed, say): it names the
/// file with the character shown as U+FFFD, as every place clausebook shows the name to people
/// does ([`crate::base::escape::path`]), and says which character it is. Placed at the file's start.
pub(super) fn file_name(file: &Path, locale: Locale) -> Option<Diagnostic> {
    let c = file.to_string_lossy().chars().find(|c| crate::base::escape::is_control(*c))?;
    let (u, shown) = (code_point(c), crate::base::escape::path(file));
    let message = locale.msg(Load::FilePathHoldsControlCharacter { shown: &shown, u: &u });
    let hint = locale.msg(Load::RenameFileNameVisibleCharacters);
    Some(Diagnostic::warning("control-character", file, Span::start(), message).with_hint(hint))
}

fn finding(file: &Path, at: Span, c: char, id: bool, locale: Locale) -> Diagnostic {
    let u = code_point(c);
    if id {
        let message = locale.msg(Load::IdHoldsControlCharacter { u: &u });
        let hint = locale.msg(Load::IdCharacters);
        return Diagnostic::error("invalid-id", file, at, message).with_hint(hint);
    }
    let message = locale.msg(Load::ControlCharacterWrittenHereReaders { u: &u });
    let hint = locale.msg(Load::DeleteMostLikelyCamePasted);
    Diagnostic::warning("control-character", file, at, message).with_hint(hint)
}

/// Where in `text` (front matter starting on file line `first_line`) the first control character
/// of the scalar starting at `span` was written: the character itself, or the backslash of the
/// escape in a double-quoted scalar that makes it. With `all`, a tab or a line feed counts too.
fn exact(text: &str, first_line: u32, index: &LineIndex, span: Span, all: bool) -> Option<Span> {
    let line = span.line.checked_sub(first_line)? as usize;
    let line_start = text.split_inclusive('\n').take(line).map(str::len).sum::<usize>();
    let start = line_start
        + text.get(line_start..)?.chars().take(span.col.saturating_sub(1) as usize).map(char::len_utf8).sum::<usize>();
    let rest = text.get(start..)?;
    let quoted = rest.starts_with('"');
    let mut chars = rest.char_indices().skip(usize::from(quoted)).peekable();
    while let Some((at, c)) = chars.next() {
        if crate::base::escape::is_control(c) && !matches!(c, '\n' | '\r') && (all || c != '\t') {
            return Some(index.span(start + at..start + at + c.len_utf8(), first_line));
        }
        if !quoted {
            continue;
        }
        match c {
            '"' => return None,
            '\\' => {
                let (_, e) = chars.next()?;
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                let hex: String = (0..digits).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                let made = match e {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'v' => Some('\u{b}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'e' => Some('\u{1b}'),
                    'N' => Some('\u{85}'),
                    'x' | 'u' | 'U' => u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                    _ => None,
                };
                let made = match e {
                    't' | '\t' if all => Some('\t'),
                    'n' if all => Some('\n'),
                    _ => made,
                };
                if made.is_some_and(|c| crate::base::escape::is_control(c) && (all || !matches!(c, '\t' | '\n'))) {
                    let len = 2 + hex.len();
                    return Some(Span { len: len as u32, ..index.span(start + at..start + at + 1, first_line) });
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(front: &str) -> Vec<(u32, u32, String, String)> {
        let node = crate::base::yaml::parse(front, 2).unwrap();
        check(Path::new("a.md"), (front, 2, &node), ("", 9), Ids::Clause, Locale::En)
            .into_iter()
            .map(|d| (d.span.line, d.span.col, d.rule, d.message))
            .collect()
    }

    #[test]
    fn a_control_character_in_a_file_name_is_said_with_the_name_shown() {
        let d = file_name(Path::new("content/01-a\n::warning x.md"), Locale::En).unwrap();
        assert_eq!((d.rule.as_str(), d.span), ("control-character", Span::start()));
        assert!(
            d.message.contains(" content/01-a\u{FFFD}::warning x.md ") && d.message.contains("U+000A"),
            "{}",
            d.message
        );
        assert!(file_name(Path::new("content/01-预算.md"), Locale::En).is_none());
    }

    #[test]
    fn a_control_character_is_found_where_it_was_written() {
        let f = found("title: \"前言\\r\\nEND:VEVENT\"\nduties:\n  - id: \"x\\x01\"\n    text: a\u{1}b\n");
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), (2, 11, "control-character"));
        assert!(f[0].3.contains("U+000D"));
        assert_eq!((f[1].0, f[1].1, f[1].2.as_str()), (4, 11, "invalid-id"));
        assert_eq!((f[2].0, f[2].1, f[2].2.as_str()), (5, 12, "control-character"));
        assert!(found("title: \"a\\tb\\nc \\\\r\"\n").is_empty());
    }
}
