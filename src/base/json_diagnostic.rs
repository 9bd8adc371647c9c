//! One finding as JSON writes it: the shape that `check --format json` ([`crate::report`]) and the
//! site's `agreement.json` ([`crate::render`]) share, kept below both so that each stays in its
//! layer.

use serde::Serialize;

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::escape::slash_path;

/// A secondary place as JSON writes it.
#[derive(Serialize)]
pub struct JsonRelated<'a> {
    file: String,
    line: u32,
    column: u32,
    message: &'a str,
}

/// One finding as `check --format json` and `agreement.json` write it: always the same keys,
/// `null` or `[]` where a finding has no hint or no other places.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    file: String,
    line: u32,
    column: u32,
    message: &'a str,
    hint: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
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
            related: d
                .related
                .iter()
                .map(|r| JsonRelated {
                    file: slash_path(&r.file),
                    line: r.span.line,
                    column: r.span.col,
                    message: &r.message,
                })
                .collect(),
        }
    }
}
