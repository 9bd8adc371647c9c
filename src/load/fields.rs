//! Typed reading of front matter fields, one finding per field that has the wrong type.

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Span};
use crate::yaml::{Node, Value};

/// Reads typed values out of YAML nodes and collects a finding for each one of the wrong type.
pub struct Reader<'a> {
    file: &'a Path,
    /// Findings so far.
    pub diagnostics: Vec<Diagnostic>,
}

const DATE_HINT: &str = "write dates as YYYY-MM-DD, for example 2025-03-01";

impl<'a> Reader<'a> {
    /// A reader for findings in `file`.
    pub fn new(file: &'a Path) -> Self {
        Reader { file, diagnostics: Vec::new() }
    }

    /// Records a finding about the field `name` at `span`.
    pub fn error(&mut self, span: Span, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::error("front-matter", self.file, span, message);
        d.hint = hint.map(str::to_string);
        self.diagnostics.push(d);
    }

    fn wrong_type(&mut self, name: &str, node: &Node, expected: &str) {
        self.error(node.span, format!("`{name}` must be {expected}, found {}", node.value.kind()), None);
    }

    /// A field written as text; numbers are taken as written. `null` is absent.
    pub fn text(&mut self, name: &str, node: Option<&Node>) -> Option<String> {
        let node = node?;
        match &node.value {
            Value::Null => None,
            Value::Seq(_) | Value::Map(_) => {
                self.wrong_type(name, node, "text");
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
                self.wrong_type(name, node, "a whole number");
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
                let hint = format!("write the number without the percent sign: {}", s.trim_end().trim_end_matches('%'));
                self.error(node.span, format!("`{name}` must be a number, found the string \"{s}\""), Some(&hint));
                None
            }
            _ => {
                self.wrong_type(name, node, "a number");
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
                    self.error(node.span, format!("`{name}`: \"{s}\" is not a valid date"), Some(DATE_HINT));
                    None
                }
            },
            _ => {
                self.error(node.span, format!("`{name}` must be a date, found {}", node.value.kind()), Some(DATE_HINT));
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
                self.wrong_type(name, node, "a list");
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
                self.wrong_type(name, n, "a list");
                &[]
            }
        }
    }

    /// Checks that `node` is a mapping; reports it otherwise.
    pub fn mapping(&mut self, name: &str, node: &Node) -> bool {
        let ok = matches!(node.value, Value::Map(_));
        if !ok {
            self.wrong_type(name, node, "a mapping");
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
