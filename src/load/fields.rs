//! Typed reading of front matter fields, one finding per field that has the wrong type.

use std::path::Path;

use chrono::NaiveDate;

use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::locale::Locale;
use crate::base::yaml::{Node, Value};

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
        self.locale.say("日期写作 YYYY-MM-DD，例如 2025-03-01", "write dates as YYYY-MM-DD, for example 2025-03-01")
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
        self.diagnostics.push(Diagnostic::error(code, self.file, span, message).with_hint(hint));
    }

    /// Records a finding about the field `name` at `span`.
    pub fn error(&mut self, span: Span, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::error("front-matter", self.file, span, message);
        d.hint = hint.map(str::to_string);
        self.diagnostics.push(d);
    }

    fn wrong_type(&mut self, name: &str, node: &Node, expected: Expected) {
        let message = self.locale.say(
            format!("`{name}` 应为{}，实际是{}", expected.zh(), node.value.kind_zh()),
            format!("`{name}` must be {}, found {}", expected.en(), node.value.kind()),
        );
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
            _ => node.as_text(),
        }
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
                let hint = self.locale.say(
                    format!("去掉百分号，直接写数字：{number}"),
                    format!("write the number without the percent sign: {number}"),
                );
                let message = self.locale.say(
                    format!("`{name}` 应为数字，实际是文本 \"{s}\""),
                    format!("`{name}` must be a number, found the string \"{s}\""),
                );
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
                    let message = self.locale.say(
                        format!("`{name}`：\"{s}\" 不是有效日期"),
                        format!("`{name}`: \"{s}\" is not a valid date"),
                    );
                    let hint = self.date_hint();
                    self.error(node.span, message, Some(&hint));
                    None
                }
            },
            _ => {
                let message = self.locale.say(
                    format!("`{name}` 应为日期，实际是{}", node.value.kind_zh()),
                    format!("`{name}` must be a date, found {}", node.value.kind()),
                );
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

/// What a field should have been, for "must be …, found …" messages.
#[derive(Debug, Clone, Copy)]
enum Expected {
    Text,
    Whole,
    Number,
    Boolean,
    List,
    Mapping,
}

impl Expected {
    fn en(self) -> &'static str {
        match self {
            Expected::Text => "text",
            Expected::Whole => "a whole number",
            Expected::Number => "a number",
            Expected::Boolean => "true or false",
            Expected::List => "a list",
            Expected::Mapping => "a mapping",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Expected::Text => "文本",
            Expected::Whole => "整数",
            Expected::Number => "数字",
            Expected::Boolean => "布尔值（true 或 false）",
            Expected::List => "列表",
            Expected::Mapping => "映射（键: 值）",
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2025-02-28").is_some());
        assert!(parse_date("2025-02-30").is_none());
        assert!(parse_date("2025-2-3").is_none());
    }
}
