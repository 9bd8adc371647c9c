//! Typed reading of front matter fields, one finding per field that has the wrong type.

use std::path::Path;

use chrono::NaiveDate;

use crate::base::catalog::{Load, Locale};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::yaml::{Expected, Node, Value};

/// Reads typed values out of YAML nodes and collects a finding for each one of the wrong type.
pub struct Reader<'a> {
    file: &'a Path,
    /// The language of the findings.
    pub locale: Locale,
    /// Findings so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// The file whose findings this reader records.
    pub fn file(&self) -> &'a Path {
        self.file
    }

    /// A reader for findings in `file`, written in English.
    pub fn new(file: &'a Path) -> Self {
        Reader::with_locale(file, Locale::En)
    }

    /// A reader for findings in `file`, written in `locale`.
    pub fn with_locale(file: &'a Path, locale: Locale) -> Self {
        Reader { file, locale, diagnostics: Vec::new() }
    }

    fn date_hint(&self) -> String {
        self.locale.msg(Load::WriteDatesYyyyMmDd)
    }

    /// Records a warning about the field `name` at `span`, under the code `code`.
    pub fn warning(&mut self, code: &str, span: Span, message: String, hint: Option<String>) {
        let mut d = Diagnostic::warning(code, self.file, span, message);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    /// Proposes, for the finding recorded last, replacing the word `from` with `to` (its "did you
    /// mean").
    pub fn fix_last(&mut self, from: &str, to: &str) {
        if let Some(d) = self.diagnostics.pop() {
            self.diagnostics.push(d.with_fix(from, to));
        }
    }

    /// Records an info under the code `code` at `span`.
    pub fn info(&mut self, code: &str, span: Span, message: String, hint: String) {
        let d = Diagnostic::new(crate::base::diagnostic::Severity::Info, code, self.file, span, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    /// Records an error under the code `code` at `span`.
    pub fn error_as(&mut self, code: &str, span: Span, message: String, hint: String) {
        let d = Diagnostic::error(code, self.file, span, message);
        self.diagnostics.push(if hint.is_empty() { d } else { d.with_hint(hint) });
    }

    /// Records a finding about the field `name` at `span`.
    pub fn error(&mut self, span: Span, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::error("front-matter", self.file, span, message);
        d.hint = hint.map(str::to_string);
        self.diagnostics.push(d);
    }

    fn wrong_type(&mut self, name: &str, node: &Node, expected: Expected) {
        let message = self.locale.msg(Load::MustBe { name: &name, expected, found: &node.value });
        self.error(node.span, message, None);
    }

    /// A field written as text; numbers are taken as written. `null` is absent.
    pub fn text(&mut self, name: &str, node: Option<&Node>) -> Option<String> {
        let node = node?;
        match &node.value {
            Value::Null => None,
            Value::Seq(_) | Value::Map(_) => {
                self.wrong_type(name, node, Expected::Text);
                None
            }
            Value::Int(_) | Value::Float(_) => {
                // A plain number is read by YAML's rules: `01`, `1.10` or `0x1F` would become
                // `1`, `1.1` or `31`, another id, tag or folder than the one written.
                let text = node.as_text()?;
                if text.chars().count() != node.span.len as usize {
                    let message = self.locale.msg(Load::NumberNotAsWritten { name: &name, number: &text });
                    self.error(node.span, message, None);
                    return None;
                }
                Some(text)
            }
            _ => node.as_text(),
        }
    }

    /// A language tag (`zh-CN`); a text that is not one is kept, with a warning (and the tag it
    /// likely means, `zh_CN` written for `zh-CN`).
    pub fn language(&mut self, node: Option<&Node>) -> Option<String> {
        let tag = self.text("language", node)?;
        if !is_language_tag(&tag) {
            let span = node.map_or(Span::start(), |n| n.span);
            let meant = tag.trim().replace('_', "-");
            let meant = (meant != tag && is_language_tag(&meant)).then_some(meant);
            let hint = match &meant {
                Some(meant) => self.locale.did_you_mean(meant),
                None => self.locale.msg(Load::WriteALanguageTag),
            };
            self.warning("front-matter", span, self.locale.msg(Load::NotALanguageTag { value: &tag }), Some(hint));
            if let Some(meant) = meant {
                self.fix_last(&tag, &meant);
            }
        }
        Some(tag)
    }

    /// The address a site is published at (`base_url`): a full `http(s)://` address; another
    /// text is kept, with a warning (its calendars' links would lead nowhere).
    pub fn base_url(&mut self, node: Option<&Node>) -> Option<String> {
        let url = self.text("base_url", node)?;
        if !is_full_address(&url) {
            let span = node.map_or(Span::start(), |n| n.span);
            let (message, hint) =
                (self.locale.msg(Load::NotAFullAddress { value: &url }), self.locale.msg(Load::WriteTheFullAddress));
            self.warning("front-matter", span, message, Some(hint));
        }
        Some(url)
    }

    /// An integer field.
    pub fn int(&mut self, name: &str, node: Option<&Node>) -> Option<i64> {
        let node = node?;
        match node.value {
            Value::Null => None,
            Value::Int(i) => Some(i),
            _ => {
                self.wrong_type(name, node, Expected::Whole);
                None
            }
        }
    }

    /// A `true` / `false` field.
    pub fn boolean(&mut self, name: &str, node: Option<&Node>) -> Option<bool> {
        let node = node?;
        match node.value {
            Value::Null => None,
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(name, node, Expected::Boolean);
                None
            }
        }
    }

    /// A number field (integer or decimal).
    pub fn number(&mut self, name: &str, node: Option<&Node>) -> Option<f64> {
        let node = node?;
        match &node.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            Value::String(s) if s.trim_end().ends_with('%') => {
                let number = s.trim_end().trim_end_matches('%');
                let hint = self.locale.msg(Load::WriteNumberWithoutPercentSign { number: &number });
                let message = self.locale.msg(Load::MustNumberFoundString { name: &name, s: &s });
                self.error(node.span, message, Some(&hint));
                None
            }
            _ => {
                self.wrong_type(name, node, Expected::Number);
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date field.
    pub fn date(&mut self, name: &str, node: Option<&Node>) -> Option<NaiveDate> {
        let node = node?;
        match &node.value {
            Value::Null => None,
            Value::String(s) => match parse_date(s) {
                Some(d) => Some(d),
                None => {
                    let message = self.locale.msg(Load::NotValidDate { name: &name, s: &s });
                    let hint = self.date_hint();
                    self.error(node.span, message, Some(&hint));
                    None
                }
            },
            _ => {
                let message = self.locale.msg(Load::MustBeDate { name: &name, found: &node.value });
                let hint = self.date_hint();
                self.error(node.span, message, Some(&hint));
                None
            }
        }
    }

    /// A list of text items; a single text is taken as a list of one.
    pub fn texts(&mut self, name: &str, node: Option<&Node>) -> Vec<String> {
        let Some(node) = node else { return Vec::new() };
        match &node.value {
            Value::Null => Vec::new(),
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.text(&format!("{name}[{}]", i + 1), Some(item)))
                .collect(),
            Value::Map(_) => {
                self.wrong_type(name, node, Expected::List);
                Vec::new()
            }
            _ => node.as_text().into_iter().collect(),
        }
    }

    /// The items of a list field.
    pub fn list<'n>(&mut self, name: &str, node: Option<&'n Node>) -> &'n [Node] {
        match node.map(|n| (n, &n.value)) {
            Some((_, Value::Seq(items))) => items,
            Some((_, Value::Null)) | None => &[],
            Some((n, _)) => {
                self.wrong_type(name, n, Expected::List);
                &[]
            }
        }
    }

    /// Checks that `node` is a mapping; reports it otherwise.
    pub fn mapping(&mut self, name: &str, node: &Node) -> bool {
        let ok = matches!(node.value, Value::Map(_));
        if !ok {
            self.wrong_type(name, node, Expected::Mapping);
        }
        ok
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Whether `tag` reads as a language tag (BCP 47): two or three letters, then parts of one to
/// eight letters or digits, each after a `-`, the last not of one (which opens an extension);
/// or a private or grandfathered one (`x-klingon`, `i-klingon`).
fn is_language_tag(tag: &str) -> bool {
    let part = |p: &&str| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
    let parts: Vec<&str> = tag.split('-').collect();
    match parts.as_slice() {
        [first, rest @ ..] if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") => {
            !rest.is_empty() && rest.iter().all(part)
        }
        [language, rest @ ..] => {
            (2..=3).contains(&language.len())
                && language.chars().all(|c| c.is_ascii_alphabetic())
                && rest.iter().all(part)
                && rest.last().is_none_or(|p| p.len() > 1)
        }
        [] => false,
    }
}

/// Whether `url` is a full `http://` or `https://` address (the scheme in any case) with a host,
/// and nothing that pages' addresses could not be joined to: no query or fragment, no space,
/// control character, quote or angle bracket.
pub fn is_full_address(url: &str) -> bool {
    let scheme = url.find("://").map(|at| &url[..at]);
    let web = scheme.filter(|s| s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http"));
    let rest = web.map(|s| &url[s.len() + 3..]);
    let refused = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>');
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with(['/', ':']) && !r.chars().any(refused))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2025-02-28").is_some());
        assert!(parse_date("2025-02-30").is_none());
        assert!(parse_date("2025-2-3").is_none());
    }

    #[test]
    fn language_tags_and_full_addresses() {
        for tag in ["zh-CN", "zh", "en", "zh-Hans-CN", "yue-HK", "x-klingon", "i-klingon", "en-US-u-ca-gregory"] {
            assert!(super::is_language_tag(tag), "{tag}");
        }
        for tag in ["zh_CN", "中文", "z", "zh--CN", "zh-CN-", "", "en-a", "en-US-x", "x", "zh-TW-x"] {
            assert!(!super::is_language_tag(tag), "{tag}");
        }
        for url in ["https://intranet/legal/", "http://10.0.0.1:8080/x", "https://内网/协议/", "HTTPS://E.COM/"] {
            assert!(super::is_full_address(url), "{url}");
        }
        let refused =
            ["intranet/legal", "/legal/", "https://", "https:///x", "ftp://x", "https://a b/", "5", "https://:80/"];
        for url in refused.into_iter().chain(["https://e.com/?a=1", "https://e.com/#x", "https://e<x>.com/"]) {
            assert!(!super::is_full_address(url), "{url}");
        }
    }
}
