//! Findings for people, the way rustc shows them: a headline, `--> file:line:col`, the source line
//! with a caret underline, related places, a hint and a note; then, for `check`, the verdict and
//! the count in the agreement's language.

use std::fmt::Write as _;
use std::io;

use unicode_width::UnicodeWidthStr;

use super::{Report, Reporter};
use crate::base::catalog::Console;
use crate::base::diagnostic::{Diagnostic, SourceMap, Span, Summary};
use crate::base::escape;

/// `check --format human`: the findings, then `ok: 12 clauses, 1 warning` (or `failed: …`).
pub struct Human;

impl Reporter for Human {
    fn write(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(findings(report.diagnostics, report.sources).as_bytes())?;
        let s = Summary::of(report.diagnostics);
        let (l, clauses) = (report.locale, report.clauses);
        let verdict = match s.errors {
            0 => l.msg(Console::Ok { clauses }),
            _ => l.msg(Console::Failed { clauses }),
        };
        writeln!(out, "{verdict}{}", l.counts(s.errors, s.warnings, s.infos))
    }
}

/// Renders findings the way rustc does: a headline, `--> file:line:col`, the source line with a
/// caret underline, and a hint. The count comes separately ([`crate::base::catalog::Locale::counts`]).
pub fn findings(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.rule, d.message);
        let _ = writeln!(out, "  --> {}", d.location());
        if let Some(line) = sources.line(&d.file, d.span.line) {
            snippet(&mut out, line, d.span);
        }
        for r in &d.related {
            let _ = writeln!(out, "  ::: {}:{}:{}: {}", escape::path(&r.file), r.span.line, r.span.col, r.message);
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
    // A control character from the content (an escape sequence, a carriage return) must not
    // reach a terminal or a CI log raw: it is shown as U+FFFD, as `control-character` says.
    if out.chars().any(|c| escape::is_control(c) && c != '\n' && c != '\t') {
        out =
            out.chars().map(|c| if escape::is_control(c) && c != '\n' && c != '\t' { '\u{FFFD}' } else { c }).collect();
    }
    out
}

fn snippet(out: &mut String, line: &str, span: Span) {
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    let line: String = line
        .trim_end_matches('\r')
        .chars()
        .map(|c| if escape::is_control(c) && c != '\t' { escape::REPLACEMENT } else { c })
        .collect();
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
        let text = findings(&[d], &sources);
        assert!(text.contains("1 | owner: 财务部\n  |        ^^^^^^\n"), "{text}");
    }
}
