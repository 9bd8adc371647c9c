//! Findings about an agreement, and how they are shown to people.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of printing or stopping, so one
//! run collects every problem (like rustc) and the binary decides how to show them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// How bad a finding is. Only errors fail a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `build` and `check`.
    Error,
    /// Printed and shown on the site; never fails a build on its own.
    Warning,
    /// A remark, shown on the site.
    Info,
}

impl Severity {
    /// Parses `error`, `warning` or `info`.
    pub fn parse(word: &str) -> Option<Severity> {
        match word {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// The lowercase word used in messages and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A place in a source file: 1-based line and column (columns count characters, as rustc does),
/// and how many characters on that line the finding covers (for the caret underline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// Characters covered on `line` (at least one caret is always drawn).
    pub len: u32,
}

impl Span {
    /// A span of `len` characters at `line:col`.
    pub fn new(line: u32, col: u32, len: u32) -> Self {
        Span { line, col, len }
    }

    /// The very start of a file.
    pub fn start() -> Self {
        Span::new(1, 1, 0)
    }
}

/// A secondary place that helps explain a finding (for example the first of two duplicate ids).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Related {
    /// File, relative to the project root.
    pub file: PathBuf,
    /// Where in that file.
    pub span: Span,
    /// What this place is.
    pub message: String,
}

/// One finding: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// File, relative to the project root.
    pub file: PathBuf,
    /// Where in the file.
    pub span: Span,
    /// Error, warning or info.
    pub severity: Severity,
    /// The check or rule that found it (`yaml`, `duplicate-id`, …).
    pub rule: String,
    /// One sentence saying what is wrong.
    pub message: String,
    /// What to do about it, when we can tell.
    pub hint: Option<String>,
    /// Other places that belong to this finding.
    pub related: Vec<Related>,
    /// Extra detail, such as a Lua traceback.
    pub note: Option<String>,
}

impl Diagnostic {
    /// An error found by `rule` at `file:span`.
    pub fn error(rule: &str, file: impl Into<PathBuf>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            span,
            severity: Severity::Error,
            rule: rule.to_string(),
            message: message.into(),
            hint: None,
            related: Vec::new(),
            note: None,
        }
    }

    /// A finding of any severity.
    pub fn new(
        severity: Severity,
        rule: &str,
        file: impl Into<PathBuf>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { severity, ..Diagnostic::error(rule, file, span, message) }
    }

    /// A warning found by `rule` at `file:span`.
    pub fn warning(rule: &str, file: impl Into<PathBuf>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(rule, file, span, message) }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds extra detail (a traceback, an explanation).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds a secondary place.
    pub fn with_related(mut self, file: impl Into<PathBuf>, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { file: file.into(), span, message: message.into() });
        self
    }

    /// `file:line:col`, with `/` as separator on every platform.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", slash_path(&self.file), self.span.line, self.span.col)
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// A path written with `/` separators, as shown to users and written into JSON.
pub fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The text of the source files findings point into, for showing snippets.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl SourceMap {
    /// Remembers the text of `file` (relative to the project root).
    pub fn insert(&mut self, file: PathBuf, text: impl Into<Arc<str>>) {
        self.files.insert(file, text.into());
    }

    /// Keeps only the files for which `keep` is true (the ones findings point into).
    pub fn retain(&mut self, mut keep: impl FnMut(&Path) -> bool) {
        self.files.retain(|file, _| keep(file));
    }

    /// The text of `file`, if it was read.
    pub fn get(&self, file: &Path) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }

    fn line(&self, file: &Path, line: u32) -> Option<&str> {
        self.get(file)?.lines().nth(line.checked_sub(1)? as usize)
    }
}

/// Renders findings the way rustc does: a headline, `--> file:line:col`, the source line with a
/// caret underline, and a hint.
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.rule, d.message);
        let _ = writeln!(out, "  --> {}", d.location());
        if let Some(line) = sources.line(&d.file, d.span.line) {
            snippet(&mut out, line, d.span);
        }
        for r in &d.related {
            let _ = writeln!(out, "  ::: {}:{}:{}: {}", slash_path(&r.file), r.span.line, r.span.col, r.message);
            if let Some(line) = sources.line(&r.file, r.span.line) {
                snippet(&mut out, line, r.span);
            }
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "   = hint: {hint}");
        }
        if let Some(note) = &d.note {
            let mut lines = note.lines();
            if let Some(first) = lines.next() {
                let _ = writeln!(out, "   = note: {first}");
            }
            for line in lines {
                let _ = writeln!(out, "           {}", line.trim_start());
            }
        }
        out.push('\n');
    }
    let s = Summary::of(diagnostics);
    if s.errors + s.warnings > 0 {
        let _ = writeln!(out, "{} error(s), {} warning(s)", s.errors, s.warnings);
    }
    out
}

/// One finding as `check --format json` and `agreement.json` write it.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    file: String,
    line: u32,
    column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            rule: &d.rule,
            severity: d.severity,
            file: slash_path(&d.file),
            line: d.span.line,
            column: d.span.col,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

/// `{"diagnostics": [...], "summary": {"errors": n, "warnings": n}}`, files relative to the root.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics.iter().map(JsonDiagnostic::from).collect();
    let s = Summary::of(diagnostics);
    let doc = serde_json::json!({
        "diagnostics": items,
        "summary": { "errors": s.errors, "warnings": s.warnings, "infos": s.infos },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A rule as SARIF describes it.
pub struct SarifRule<'a> {
    /// The rule id.
    pub id: &'a str,
    /// One line.
    pub description: &'a str,
}

/// SARIF 2.1.0, as code-scanning services accept it: one run, the rules that can report, and one
/// result per finding with its physical location (`%SRCROOT%`-relative).
pub fn render_sarif(diagnostics: &[Diagnostic], rules: &[SarifRule]) -> String {
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    for d in diagnostics {
        if !ids.contains(&d.rule.as_str()) {
            ids.push(&d.rule);
        }
    }
    let rule_objects: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            let text = rules
                .iter()
                .find(|r| r.id == *id)
                .map_or_else(|| format!("clausebook check `{id}`"), |r| r.description.to_string());
            serde_json::json!({ "id": id, "shortDescription": { "text": text } })
        })
        .collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let text = match &d.hint {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            };
            serde_json::json!({
                "ruleId": d.rule,
                "ruleIndex": ids.iter().position(|id| *id == d.rule).unwrap_or(0),
                "level": level,
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": slash_path(&d.file), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": d.span.line.max(1), "startColumn": d.span.col.max(1) }
                    }
                }]
            })
        })
        .collect();
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "clausebook",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/clausebook/clausebook",
                "rules": rule_objects
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn snippet(out: &mut String, line: &str, span: Span) {
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    let line = line.trim_end_matches('\r');
    let before: String = line.chars().take(span.col.saturating_sub(1) as usize).collect();
    let covered: String = line.chars().skip(before.chars().count()).take(span.len.max(1) as usize).collect();
    let pad = " ".repeat(before.width());
    let carets = "^".repeat(covered.width().max(1));
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {line}");
    let _ = writeln!(out, "{gutter} | {pad}{carets}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_wide_characters() {
        let mut sources = SourceMap::default();
        sources.insert("a.md".into(), "owner: 财务部\n");
        let d = Diagnostic::error("unknown-party", "a.md", Span::new(1, 8, 3), "unknown party");
        let text = render_human(&[d], &sources);
        assert!(text.contains("1 | owner: 财务部\n  |        ^^^^^^\n"), "{text}");
    }
}
