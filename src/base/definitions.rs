//! The terms a body's text defines (`（以下简称"联合活动"）`, `本协议所称"重大开支"，是指…`,
//! `("the Parties")`, `"Major Expenditure" means …`), found once when the body is parsed and kept
//! with it ([`crate::base::model::Body::definitions`]); [`crate::base::terms`] gathers them into the
//! agreement's glossary.

use std::sync::OnceLock;

use regex::Regex;

use crate::base::diagnostic::{LineIndex, Span};

/// The patterns that define a term in running text; the term is the first group.
fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let quoted = r#"["“「『]([^"”」』\n]{1,40}?)["”」』]"#;
        [
            format!(r#"[（(]\s*(?:以下|下文|下)?(?:简称|合称|统称|称)\s*[为:：]?\s*{quoted}\s*[）)]"#),
            format!(r#"所称\s*{quoted}\s*[，,]?\s*(?:是指|系指|指)"#),
            format!(r#"\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?)?(?:the\s+)?{quoted}\s*\)"#),
            format!(r#"{quoted}\s+(?:means|shall\s+mean)\b"#),
        ]
        .iter()
        .map(|p| Regex::new(p).unwrap_or_else(|e| unreachable!("{e}")))
        .collect()
    })
}

/// The byte range of the sentence of `text` around the byte `at`.
fn sentence_range(text: &str, at: usize) -> std::ops::Range<usize> {
    let ends = ['。', '！', '？', '\n', ';', '；'];
    let start = text[..at].rfind(ends).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end =
        text[at..].find(ends).map_or(text.len(), |i| at + i + text[at + i..].chars().next().map_or(0, char::len_utf8));
    start..end
}

/// The sentence of `text` around the byte `at`, as readers read it (Markdown marks dropped).
fn sentence_at(text: &str, at: usize) -> String {
    let raw = text[sentence_range(text, at)].trim();
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find("[^") {
        out.push_str(&rest[..open]);
        rest = rest[open..].find(']').map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    let out = out.replace(['*', '`'], "");
    // A list item's marker is not part of the sentence.
    let marker = out.find(|c: char| !c.is_ascii_digit()).filter(|&i| i > 0 && out[i..].starts_with(". "));
    let out = match marker {
        Some(i) => out[i + 2..].to_string(),
        None => out.trim_start_matches(['-', '+', ' ']).to_string(),
    };
    out.trim().to_string()
}

/// A term defined in a body's text, as parsing finds it (the body's place and file come later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The term.
    pub term: String,
    /// The sentence it is defined in, as written.
    pub sentence: String,
    /// Where the term is written.
    pub span: Span,
    /// The term's byte range in the Markdown.
    pub range: std::ops::Range<usize>,
    /// Its sentence's byte range there.
    pub sentence_range: std::ops::Range<usize>,
}

/// The terms a body's Markdown (starting on file line `first_line`) defines, in order: found once
/// when the file is parsed, and kept with it while the file is unchanged.
pub fn definitions(text: &str, first_line: u32) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let index = LineIndex::new(text);
    for re in patterns() {
        for caps in re.captures_iter(text) {
            let Some(term) = caps.get(1) else { continue };
            let name = term.as_str().trim();
            if name.is_empty() || found.iter().any(|d| d.range.start == term.start()) {
                continue;
            }
            found.push(Found {
                term: name.to_string(),
                sentence: sentence_at(text, term.start()),
                span: index.span(term.range(), first_line),
                range: term.range(),
                sentence_range: sentence_range(text, term.start()),
            });
        }
    }
    found.sort_by_key(|d| d.range.start);
    found
}
