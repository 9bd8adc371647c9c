//! `check --format json`: `{"diagnostics": [...], "suppressed": [...], "printed": [...],
//! "summary": {...}}`, files relative to the root, each finding in the shape `agreement.json`
//! uses too ([`JsonDiagnostic`]).

use std::io;

use super::{Report, Reporter};
use crate::base::diagnostic::Summary;
use crate::base::json_diagnostic::JsonDiagnostic;

/// The findings as one JSON document. A suppressed finding is written with its clause's
/// `reason`; `printed` holds what rules printed, one line each, with the rule and clause they came
/// from.
pub struct Json;

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let items: Vec<JsonDiagnostic> = report.diagnostics.iter().map(JsonDiagnostic::from).collect();
        let hidden: Vec<serde_json::Value> = report
            .suppressed
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(JsonDiagnostic::from(&s.diagnostic)).unwrap_or_default();
                v["reason"] = serde_json::Value::from(s.reason.as_str());
                v
            })
            .collect();
        let s = Summary::of(report.diagnostics);
        let doc = serde_json::json!({
            "diagnostics": items,
            "suppressed": hidden,
            "printed": report.printed,
            "summary": { "errors": s.errors, "warnings": s.warnings, "infos": s.infos },
        });
        writeln!(out, "{}", crate::base::escape::json_pretty(&doc))
    }
}
