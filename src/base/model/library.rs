//! A clause library: standard clauses kept once, each as the editions published of it
//! (`<library>/<clause>/1.md`, `2.md`, …), which an agreement's clause uses by `use:
//! <clause>@<edition>` instead of writing its own body, the library's placeholders (`{{甲方}}`)
//! filled by its `with:`. Read by `load::library`; shown by the clause's page, checked by
//! `library-outdated`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::Body;
use crate::base::diagnostic::Span;

/// The finding code of a library's files and of the uses of it.
pub const CODE: &str = "library";

/// What an edition after the first says it changed, from the least to the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Wording only: no change of meaning.
    Correction,
    /// A change of meaning.
    Update,
    /// A new edition of the clause.
    Edition,
}

impl Kind {
    /// The kind written `word` (`correction`, `update`, `edition`).
    pub fn parse(word: &str) -> Option<Kind> {
        match word {
            "correction" => Some(Kind::Correction),
            "update" => Some(Kind::Update),
            "edition" => Some(Kind::Edition),
            _ => None,
        }
    }

    /// Its word, as written.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Correction => "correction",
            Kind::Update => "update",
            Kind::Edition => "edition",
        }
    }
}

/// One published edition of a standard clause.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Its number: 1, 2, …
    pub number: u32,
    /// Its title.
    pub title: String,
    /// What it changed (none for the first).
    pub kind: Option<Kind>,
    /// Its text (Markdown), placeholders as written.
    pub markdown: String,
    /// Its file, from the agreement's root.
    pub file: PathBuf,
    /// The line of its file on which its text starts.
    pub first_line: u32,
    /// The digest of its file's text (`sha256:…`, line ends as `\n`), which a use records to pin
    /// it.
    pub digest: String,
}

/// A clause library.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Its folder, from the agreement's root.
    pub dir: PathBuf,
    /// Its title.
    pub title: String,
    /// Each standard clause's editions, by the clause's id, in order from the first.
    pub clauses: BTreeMap<String, Vec<Edition>>,
    /// Whether a portfolio lends it (its `library/`) rather than the agreement keeping its own.
    pub lent: bool,
    /// Whether its folder could not be read (a link, a file): its uses are not said wrong again.
    pub unread: bool,
}

impl Library {
    /// The newer editions than `edition` of clause `id`: how many, and the largest kind among
    /// them.
    pub fn pending(&self, id: &str, edition: u32) -> Option<(u32, Kind)> {
        let newer = self.clauses.get(id)?.iter().filter(|e| e.number > edition);
        let (count, kind) = newer.fold((0, None), |(n, k), e| (n + 1, k.max(e.kind)));
        Some((count, kind?))
    }
}

/// A clause's use of a library clause, as its front matter writes it (`use:`, `with:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uses {
    /// The library clause's id.
    pub clause: String,
    /// The edition used.
    pub edition: u32,
    /// Where `use:`'s value is written.
    pub span: Span,
    /// The digest of the edition's text it recorded (`use: confidentiality@3 sha256:…`), when it
    /// is pinned.
    pub digest: Option<String>,
    /// The text for each placeholder (`with:`), each name where it is written.
    pub with: Vec<(String, String, Span)>,
}

/// A clause's library text, as its readers read it: the edition used, its placeholders filled.
#[derive(Debug, Clone)]
pub struct Used {
    /// The library clause's id.
    pub clause: String,
    /// The edition used.
    pub edition: u32,
    /// The library's newest edition of the clause.
    pub latest: u32,
    /// The edition's title.
    pub title: String,
    /// The text, placeholders filled, and rendered.
    pub body: Body,
}

/// Whether `text` is an edition's digest as a use records it: `sha256:` and 64 lowercase hex
/// digits.
pub fn is_digest(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Where `{{` first stands in `text`: found by its first `{` (a byte search, where `str::find` of
/// a two-byte pattern reads every clause's body several times slower).
pub fn opening(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|b| *b == b'{') {
        let at = from + at;
        if bytes.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The placeholders of `text` (`{{name}}`, the name trimmed), each once, in order.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = opening(rest) {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !name.is_empty() && !name.contains('{') && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    out
}

/// `text` with each placeholder `{{name}}` replaced by its text in `with` (name, text); a
/// placeholder without one stays as written.
pub fn fill(text: &str, with: &[(String, String, Span)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = opening(rest) {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        out.push_str(&rest[..start]);
        match with.iter().find(|(n, _, _)| n == name) {
            Some((_, value, _)) => out.push_str(value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_is_two_braces_together() {
        assert_eq!(opening("{a{{b}}"), Some(2));
        assert_eq!(opening("{ { }"), None);
        assert_eq!(opening("甲{{"), Some(3));
        assert_eq!(opening("{"), None);
    }

    #[test]
    fn placeholders_are_found_once_each_and_filled_where_given() {
        let text = "{{甲方}}与{{ 乙方 }}约定：{{甲方}}负责。{{}}与 {{未填}} 不变。";
        assert_eq!(placeholders(text), ["甲方", "乙方", "未填"]);
        let with = vec![
            ("甲方".to_string(), "营销部".to_string(), Span::start()),
            ("乙方".to_string(), "品牌部".to_string(), Span::start()),
        ];
        assert_eq!(fill(text, &with), "营销部与品牌部约定：营销部负责。{{}}与 {{未填}} 不变。");
    }

    #[test]
    fn the_largest_kind_pending_decides() {
        let edition = |number, kind| Edition {
            number,
            title: String::new(),
            kind,
            markdown: String::new(),
            file: PathBuf::new(),
            first_line: 1,
            digest: String::new(),
        };
        let mut library = Library::default();
        library.clauses.insert(
            "nda".into(),
            vec![edition(1, None), edition(2, Some(Kind::Correction)), edition(3, Some(Kind::Update))],
        );
        assert_eq!(library.pending("nda", 1), Some((2, Kind::Update)));
        assert_eq!(library.pending("nda", 2), Some((1, Kind::Update)));
        assert_eq!(library.pending("nda", 3), None);
        assert_eq!(library.pending("other", 1), None);
    }
}
