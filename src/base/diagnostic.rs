//! Findings about an agreement: what is wrong, where, how bad, and the places that explain it.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of printing or stopping, so one
//! run collects every problem (like rustc); how they are shown, in every format, is
//! [`crate::report`]'s business.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::base::catalog::Locale;

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

/// Turns byte offsets in a text into 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The span of the bytes `range`, with lines counted from `first_line`.
    pub fn span(&self, range: std::ops::Range<usize>, first_line: u32) -> Span {
        let line = self.starts.partition_point(|&s| s <= range.start).saturating_sub(1);
        let start = self.starts[line];
        let col = self.text.get(start..range.start).map_or(0, |s| s.chars().count());
        let end = range.end.min(self.text[range.start..].find('\n').map_or(self.text.len(), |i| range.start + i));
        let len = self.text.get(range.start..end.max(range.start)).map_or(1, |s| s.chars().count());
        Span::new(first_line + line as u32, col as u32 + 1, len as u32)
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
    /// The edit the hint proposes, when it is a "did you mean" (an editor offers it as a quick fix).
    pub fix: Option<Fix>,
}

/// A replacement a finding proposes: the word `from`, written within the finding's span, becomes
/// `to` (the span may hold more than the word: quotes, or the brackets of `[[id]]`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Fix {
    /// The word as written.
    pub from: String,
    /// What it should be.
    pub to: String,
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
            fix: None,
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

    /// Proposes replacing the word `from` in the finding's span with `to`.
    pub fn with_fix(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.fix = Some(Fix { from: from.into(), to: to.into() });
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

    /// `file:line:col` as people read it: `/` as separator on every platform, a control character
    /// of the file name shown as U+FFFD ([`crate::base::escape::path`]).
    pub fn location(&self) -> String {
        format!("{}:{}:{}", crate::base::escape::path(&self.file), self.span.line, self.span.col)
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

/// The candidate a misspelled name most likely meant: the closest by edit distance (adjacent
/// letters swapped count as one edit), if it is close enough to be a typo rather than another word.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let allowed = (wrong.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| (strsim::osa_distance(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= allowed)
        .min()
        .map(|(_, c)| c)
}

/// `did you mean `x`?` / `是否想写 `x`？` in the words of `locale` for the closest candidate, if
/// one is close enough.
pub fn suggest<'a>(locale: Locale, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wrong, candidates).map(|c| locale.did_you_mean(c))
}

/// [`suggest`] in English, for what is said before the project's language is known (and for
/// callers not yet given a locale).
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(Locale::En, wrong, candidates)
}

/// A path written with `/` separators (kept in [`crate::base::escape`], the lower module, and named
/// here too because every stage that makes findings writes their files with it).
pub use crate::base::escape::slash_path;

/// The text of the source files findings point into, for showing snippets.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<PathBuf, Source>,
}

/// A file's text, and where its lines start (found when a snippet first needs them, so that
/// showing many findings in one file costs one pass over it, not one per finding).
#[derive(Debug, Clone)]
struct Source {
    text: Arc<str>,
    starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceMap {
    /// Remembers the text of `file` (relative to the project root).
    pub fn insert(&mut self, file: PathBuf, text: impl Into<Arc<str>>) {
        self.files.insert(file, Source { text: text.into(), starts: std::sync::OnceLock::new() });
    }

    /// Keeps only the files for which `keep` is true (the ones findings point into).
    pub fn retain(&mut self, mut keep: impl FnMut(&Path) -> bool) {
        self.files.retain(|file, _| keep(file));
    }

    /// Every file and its text.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, Arc<str>)> {
        self.files.iter().map(|(f, s)| (f.as_path(), Arc::clone(&s.text)))
    }

    /// The text of `file`, shared, if it was read.
    pub fn shared(&self, file: &Path) -> Option<Arc<str>> {
        self.files.get(file).map(|s| Arc::clone(&s.text))
    }

    /// The text of `file`, if it was read.
    pub fn get(&self, file: &Path) -> Option<&str> {
        self.files.get(file).map(|s| &*s.text)
    }

    /// Line `line` (1-based) of `file`, without its line break, if the file was read and has it.
    pub fn line(&self, file: &Path, line: u32) -> Option<&str> {
        let source = self.files.get(file)?;
        let text = &*source.text;
        let starts = source.starts.get_or_init(|| {
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).filter(|&i| i < text.len()).collect()
        });
        let start = *starts.get(line.checked_sub(1)? as usize)?;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        Some(&text[start..end])
    }
}

/// A finding that a clause suppressed with `allow: {rule: "reason"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suppressed {
    /// The finding as it would have been reported.
    pub diagnostic: Diagnostic,
    /// The clause's reason.
    pub reason: String,
}

/// A rule of the project, as its file registers it (what the findings page and SARIF describe).
#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize)]
pub struct RuleInfo {
    /// Unique id (`duty-has-owner`).
    pub id: String,
    /// Severity before project overrides.
    pub severity: Severity,
    /// One line saying what the rule wants.
    pub description: String,
    /// A longer explanation, for `clausebook explain`, when the rule gives one.
    pub explanation: Option<String>,
    /// The rule file, relative to the project root.
    pub file: PathBuf,
    /// Line of the `rule { … }` call.
    pub line: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_character_columns() {
        let text = "第一行\n预算 [[x]]\n";
        let idx = LineIndex::new(text);
        let at = text.find("[[").unwrap();
        assert_eq!(idx.span(at..at + 5, 10), Span::new(11, 4, 5));
    }

    #[test]
    fn typos_find_the_name_they_meant() {
        let keys = ["id", "severity", "description", "clause", "agreement"];
        assert_eq!(closest("severty", keys), Some("severity"));
        assert_eq!(closest("clasue", keys), Some("clause"));
        assert_eq!(closest("Severity", keys), Some("severity"));
        assert_eq!(closest("reviewby", ["review_by", "revised"]), Some("review_by"));
        assert_eq!(closest("fix", ["message", "field", "line", "column", "clause", "hint"]), None);
        assert_eq!(closest("id", ["id"]), None, "the name itself is no suggestion");
    }
}
