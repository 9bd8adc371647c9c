//! Reading one Markdown file: UTF-8 check and the split into front matter and body.

use crate::base::catalog::Load;
use crate::base::diagnostic::{Diagnostic, Span};

/// A Markdown file split at its front matter fences.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the `---` fences (empty when the file has none).
    pub front: &'a str,
    /// File line on which `front` starts.
    pub front_line: u32,
    /// Whether the file opens with a front matter fence at all.
    pub has_front: bool,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// File line on which `body` starts.
    pub body_line: u32,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq)]
pub enum SplitError {
    /// An opening `---` without a closing one.
    Unclosed,
}

/// Decodes a file as UTF-8, or says where the first invalid byte is.
pub fn decode(bytes: Vec<u8>) -> Result<String, (Span, String)> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let text = String::from_utf8_lossy(&bytes[..good]);
        let line = text.matches('\n').count() as u32 + 1;
        let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        (Span::new(line, col, 1), lossy)
    })
}

/// Splits `text` at its `---` fences. A byte-order mark is ignored.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let opens = lines.next().is_some_and(|l| l.trim_end() == "---");
    if !opens {
        return Ok(Split { front: "", front_line: 1, has_front: false, body: text, body_line: 1 });
    }
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = front_start;
    for (line, l) in (2..).zip(lines) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                front: &text[front_start..offset],
                front_line: 2,
                has_front: true,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError::Unclosed)
}

/// `span` moved inside `text` (whose first line is `first_line`): the parser reports an error at
/// the very end of a file without a final newline on a line after the last.
fn inside(span: Span, text: &str, first_line: u32) -> Span {
    let lines: Vec<&str> = text.split('\n').collect();
    let last = first_line + lines.len() as u32 - 1;
    let line = span.line.clamp(first_line, last);
    let width = lines[(line - first_line) as usize].trim_end_matches('\r').chars().count() as u32;
    if line != span.line {
        return Span::new(line, width + 1, 0);
    }
    Span { col: span.col.clamp(1, width + 1), ..span }
}

/// A front matter that does not parse, as one finding: what is wrong, in our words, where the
/// parser stopped (its own words follow as a note), with a hint that points back at the likely
/// cause (a tab used for indentation, or a bracket or brace that is never closed), shown as a
/// related place.
pub fn yaml_error(
    file: &std::path::Path,
    error: &crate::base::yaml::SyntaxError,
    front: &str,
    front_line: u32,
    locale: crate::base::catalog::Locale,
) -> Diagnostic {
    // The parser's own words follow ours as a detail, when the problem is the parser's.
    let said = |d: Diagnostic| match &error.detail {
        Some(said) => d.with_note(locale.msg(Load::ParserSaid { said })),
        None => d,
    };
    // The slips of a Chinese input method, at the character itself: the parser only notices them
    // a line later, in words that do not name them.
    if let Some((line, col, spaced)) = full_width_colon(front) {
        let at = Span::new(front_line + line, col, 1);
        let d = Diagnostic::error("yaml", file, at, locale.msg(Load::FullWidthColonYamlSeparates))
            .with_hint(locale.msg(Load::ReplaceColonSpaceSwitchInput));
        return said(d).with_fix("：", if spaced { ":" } else { ": " });
    }
    if let Some((line, col)) = full_width_indent(front) {
        return full_width_space(file, Span::new(front_line + line, col, 1), error.detail.as_deref(), locale);
    }
    let message = locale.msg(Load::MalformedYaml { problem: &error.problem });
    let d = Diagnostic::error("yaml", file, inside(error.span, front, front_line), message);
    if let Some((line, col)) = tab_indent(front) {
        let at = Span::new(front_line + line, col, 1);
        let hint = locale.msg(Load::LineIndentedTabYamlIndents { line: &at.line });
        return said(d.with_hint(hint).with_related(file, at, locale.msg(Load::Tab)));
    }
    if let Some((open, line, col)) = unclosed(front) {
        let at = Span::new(front_line + line, col, 1);
        let hint = locale.msg(Load::LineColumnNeverClosed { line: &at.line, col: &at.col, open: &open });
        return said(d.with_hint(hint).with_related(file, at, locale.msg(Load::OpenedHere)));
    }
    said(d)
}

/// A front matter that parsed, but only because a full-width space (U+3000) made an indented
/// line a key of its own (`duties:` then `　- text: 做事` is a key `　- text`): the error the
/// parser would have given, at the space.
pub fn full_width_key(
    file: &std::path::Path,
    node: &crate::base::yaml::Node,
    locale: crate::base::catalog::Locale,
) -> Option<Diagnostic> {
    fn find(node: &crate::base::yaml::Node) -> Option<Span> {
        node.entries()
            .iter()
            .find_map(|e| if e.key.starts_with('\u{3000}') { Some(e.key_span) } else { find(&e.value) })
            .or_else(|| match &node.value {
                crate::base::yaml::Value::Seq(items) => items.iter().find_map(find),
                _ => None,
            })
    }
    let at = find(node)?;
    Some(full_width_space(file, Span { len: 1, ..at }, None, locale))
}

fn full_width_space(
    file: &std::path::Path,
    at: Span,
    parser: Option<&str>,
    locale: crate::base::catalog::Locale,
) -> Diagnostic {
    let message = locale.msg(Load::LineIndentedFullWidthSpace);
    let d = Diagnostic::error("yaml", file, at, message)
        .with_hint(locale.msg(Load::ReplaceFullWidthSpaceTwo))
        .with_fix("\u{3000}", "  ");
    match parser {
        Some(said) => d.with_note(locale.msg(Load::ParserSaid { said: &said })),
        None => d,
    }
}

/// The first line (0-based) and column (1-based) of a full-width colon written where a key ends
/// (`owner：party-a`, `- id：brand`), and whether a space follows it.
fn full_width_colon(text: &str) -> Option<(u32, u32, bool)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let rest = &line[indent..];
        if rest.starts_with(['"', '\'', '#', '[', '{']) {
            return None;
        }
        let at = rest.find('：')?;
        let key = &rest[..at];
        let plain = !key.trim().is_empty() && !key.contains([':', '#', '"', '\'']);
        plain.then(|| {
            let spaced = rest[at + '：'.len_utf8()..].starts_with([' ', '\t']);
            (i as u32, line[..indent + at].chars().count() as u32 + 1, spaced)
        })
    })
}

/// The first line (0-based) and column (1-based) of a full-width space (U+3000) in the
/// indentation of `text`.
fn full_width_indent(text: &str) -> Option<(u32, u32)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len()];
        indent.find('\u{3000}').map(|at| (i as u32, indent[..at].chars().count() as u32 + 1))
    })
}

/// The first line (0-based) and column (1-based) of a tab in the indentation of `text`.
fn tab_indent(text: &str) -> Option<(u32, u32)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start().len()];
        indent.find('\t').map(|at| (i as u32, indent[..at].chars().count() as u32 + 1))
    })
}

/// The innermost `[` or `{` of a YAML text that is never closed, with its line (0-based) and
/// column (1-based); quoted text and comments are skipped.
fn unclosed(text: &str) -> Option<(char, u32, u32)> {
    let mut open: Vec<(char, u32, u32)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if previous.is_whitespace() || "[{,:".contains(previous) => quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => open.push((c, n as u32, col as u32 + 1)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            previous = c;
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!((s.front, s.front_line, s.body, s.body_line), ("title: a\n", 2, "body\n", 4));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unclosed));
        assert!(!split("# just text\n").unwrap().has_front);
    }

    #[test]
    fn yaml_hints_find_the_tab_or_the_unclosed_bracket() {
        assert_eq!(tab_indent("title: a\nowner:\n\t- x\n"), Some((2, 1)));
        assert_eq!(tab_indent("title: a\tb\n"), None);
        assert_eq!(unclosed("title: a\nowner: [party-a\nrevised: x\n"), Some(('[', 1, 8)));
        assert_eq!(unclosed("a: [1, {b: 2}]\nc: \"[\" # [\n"), None);
    }

    #[test]
    fn full_width_colons_and_spaces_are_found_where_they_stand() {
        assert_eq!(full_width_colon("title: 甲\nowner：party-a\n"), Some((1, 6, false)));
        assert_eq!(full_width_colon("duties:\n  - id：a\n"), Some((1, 7, false)));
        assert_eq!(full_width_colon("title: 甲方：说明\nnote: \"a：b\"\n"), None);
        assert_eq!(full_width_indent("duties:\n\u{3000}- a\n"), Some((1, 1)));
        assert_eq!(full_width_indent("title: 甲\u{3000}乙\n"), None);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let (span, _) = decode(b"---\ntitle: \xe4\xb8\n".to_vec()).unwrap_err();
        assert_eq!((span.line, span.col), (2, 8));
    }
}
