//! Findings as the Language Server Protocol carries them (`textDocument/publishDiagnostics`):
//! ranges in UTF-16 code units ([`text`]), files as `file://` addresses ([`uri`]), the hint and
//! the note in the message, related places as related information. `clausebook lsp` publishes
//! them file by file as the editor's text changes ([`diagnostics`]); [`Lsp`] writes a whole
//! report that way.

pub mod text;
pub mod uri;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, PublishDiagnosticsParams, Uri,
};

use super::{Report, Reporter};
use crate::base::catalog::{self, Locale};
use crate::base::diagnostic::{Diagnostic, Severity, SourceMap};
use text::Text;

/// Where the files findings point into are, and what they hold now (an editor's unsaved text,
/// for the language server).
pub trait Documents {
    /// The address of `file` (relative to the project root), if it has one.
    fn uri(&self, file: &Path) -> Option<Uri>;
    /// The current text of `file`, if it can be read.
    fn text(&self, file: &Path) -> Option<Arc<str>>;
}

/// The findings of one file, `file`, in the protocol's terms; `locale` is the language of the
/// word `hint`.
pub fn diagnostics<'a>(
    file: &Path,
    found: impl IntoIterator<Item = &'a Diagnostic>,
    documents: &dyn Documents,
    locale: Locale,
) -> Vec<lsp_types::Diagnostic> {
    let text = documents.text(file).unwrap_or_else(|| Arc::from(""));
    let text = Text::new(&text);
    found
        .into_iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(hint) = &d.hint {
                message.push_str(&locale.msg(catalog::Lsp::Hint { hint: &hint }));
            }
            if let Some(note) = &d.note {
                message.push('\n');
                message.push_str(note);
            }
            let related: Vec<DiagnosticRelatedInformation> = d
                .related
                .iter()
                .filter_map(|r| {
                    let uri = documents.uri(&r.file)?;
                    let range = match documents.text(&r.file) {
                        Some(t) => Text::new(&t).range(r.span),
                        None => lsp_types::Range::default(),
                    };
                    Some(DiagnosticRelatedInformation {
                        location: Location::new(uri, range),
                        message: r.message.clone(),
                    })
                })
                .collect();
            lsp_types::Diagnostic {
                range: text.range(d.span),
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(d.rule.clone())),
                source: Some("clausebook".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..Default::default()
            }
        })
        .collect()
}

/// A whole report as the language server would publish it for a project at `root`: a JSON array
/// of `publishDiagnostics` parameters, one per file with findings, in file order, positions
/// counted in the texts the check read.
pub struct Lsp {
    /// The project root (absolute), which the files' addresses start with.
    pub root: PathBuf,
}

/// The files of a finished check: on disk under the root, with the text the check read.
struct Checked<'a> {
    root: &'a Path,
    sources: &'a SourceMap,
}

impl Documents for Checked<'_> {
    fn uri(&self, file: &Path) -> Option<Uri> {
        uri::from_path(&self.root.join(file))
    }

    fn text(&self, file: &Path) -> Option<Arc<str>> {
        self.sources.get(file).map(Arc::from)
    }
}

impl Reporter for Lsp {
    fn write(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let documents = Checked { root: &self.root, sources: report.sources };
        let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
        for d in report.diagnostics {
            by_file.entry(&d.file).or_default().push(d);
        }
        let published: Vec<PublishDiagnosticsParams> = by_file
            .into_iter()
            .filter_map(|(file, found)| {
                let diagnostics = diagnostics(file, found, &documents, report.locale);
                Some(PublishDiagnosticsParams::new(documents.uri(file)?, diagnostics, None))
            })
            .collect();
        writeln!(out, "{}", crate::base::escape::json_pretty(&published))
    }
}
