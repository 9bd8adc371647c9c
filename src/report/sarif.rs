//! `check --format sarif`: SARIF 2.1.0, the format code-scanning services (GitHub's, GitLab's,
//! Azure DevOps') read findings in.

use std::io;
use std::path::Path;

use super::{Report, Reporter};
use crate::base::diagnostic::{Diagnostic, Severity, Span};
use crate::base::escape::{slash_path, uri_path};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_location(file: &Path, span: Span) -> serde_json::Value {
    serde_json::json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri_path(&slash_path(file)), "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": span.line.max(1), "startColumn": span.col.max(1) }
        }
    })
}

/// Where the built-in codes are documented.
const CODES_URI: &str = "https://github.com/clausebook/clausebook/blob/main/docs/diagnostics.md";

/// SARIF 2.1.0, as code-scanning services accept it: one run; every built-in code and project
/// rule as a reporting descriptor (description, explanation, default level); one result per
/// finding with its physical location and related locations; suppressed findings as results
/// with their in-source suppression and its justification.
/// What rules printed goes to the invocation's tool execution notifications.
pub struct Sarif;

impl Reporter for Sarif {
    fn write(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "{}", crate::base::escape::json_pretty(&document(report)))
    }
}

/// The SARIF log of `report`.
fn document(report: &Report) -> serde_json::Value {
    let mut descriptors: Vec<serde_json::Value> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for c in crate::base::codes::CODES {
        ids.push(c.id);
        descriptors.push(serde_json::json!({
            "id": c.id,
            "shortDescription": { "text": c.summary },
            "fullDescription": { "text": c.explanation },
            "help": { "text": format!("{}\n\nExample:\n{}", c.explanation, c.example) },
            "helpUri": format!("{CODES_URI}#{}", c.id),
            "defaultConfiguration": { "level": sarif_level(c.level) },
            "properties": { "tags": ["built-in"] }
        }));
    }
    for (r, _) in report.rules {
        ids.push(&r.id);
        let full = r.explanation.as_deref().unwrap_or(&r.description);
        descriptors.push(serde_json::json!({
            "id": r.id,
            "shortDescription": { "text": r.description },
            "fullDescription": { "text": full },
            "help": { "text": full },
            "defaultConfiguration": { "level": sarif_level(r.severity) },
            "properties": { "tags": ["rule"] }
        }));
    }
    let result = |d: &Diagnostic, reason: Option<&str>| {
        let text = match &d.hint {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message.clone(),
        };
        let mut r = serde_json::json!({
            "ruleId": d.rule,
            "level": sarif_level(d.severity),
            "message": { "text": text },
            "locations": [sarif_location(&d.file, d.span)],
        });
        if let Some(i) = ids.iter().position(|id| *id == d.rule) {
            r["ruleIndex"] = serde_json::Value::from(i);
        }
        if !d.related.is_empty() {
            let related: Vec<serde_json::Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    let mut l = sarif_location(&rel.file, rel.span);
                    l["id"] = serde_json::Value::from(i);
                    l["message"] = serde_json::json!({ "text": rel.message });
                    l
                })
                .collect();
            r["relatedLocations"] = serde_json::Value::from(related);
        }
        if let Some(reason) = reason {
            r["suppressions"] = serde_json::json!([{ "kind": "inSource", "justification": reason }]);
        }
        r
    };
    let results: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| result(d, None))
        .chain(report.suppressed.iter().map(|s| result(&s.diagnostic, Some(&s.reason))))
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "clausebook",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/clausebook/clausebook",
                "rules": descriptors
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": report
                    .printed
                    .iter()
                    .map(|line| serde_json::json!({ "level": "note", "message": { "text": line } }))
                    .collect::<Vec<_>>()
            }],
            "results": results
        }]
    })
}
