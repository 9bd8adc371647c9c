//! `check --format github`: GitHub Actions' workflow commands, which annotate the lines of a pull
//! request.

use std::fmt::Write as _;
use std::io;

use super::{Report, Reporter};
use crate::base::diagnostic::{Diagnostic, Severity, slash_path};
use crate::base::escape::{github_data as data, github_property as property};

/// One annotation per finding, as GitHub Actions reads them from a step's output
/// (`::error file=…,line=…,col=…,endColumn=…,title=rule::message`). Infos are notices. The
/// message carries the hint and the related places; `%`, CR and LF are escaped in it, and `:`
/// and `,` too in the properties, as the Actions toolkit does (`escapeData`, `escapeProperty`);
/// other control characters become U+FFFD ([`crate::base::escape`]).
pub struct Github;

impl Reporter for Github {
    fn write(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(annotations(report.diagnostics).as_bytes())
    }
}

/// The annotations of `diagnostics`, one line each.
fn annotations(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            let _ = write!(message, "\nhint: {hint}");
        }
        for r in &d.related {
            let _ = write!(message, "\n{}:{}:{}: {}", slash_path(&r.file), r.span.line, r.span.col, r.message);
        }
        let file = slash_path(&d.file);
        let (line, col) = (d.span.line.max(1), d.span.col.max(1));
        let _ = writeln!(
            out,
            "::{level} file={},line={line},col={col},endColumn={},title={}::{}",
            property(&file),
            col + d.span.len.max(1),
            property(&d.rule),
            data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Span;

    fn finding() -> Diagnostic {
        Diagnostic::error("unknown-party", "content/03 a,b.md", Span::new(3, 8, 3), "「财务部」不是协议方：50%\n第二行")
            .with_hint("did you mean `brand`?")
    }

    #[test]
    fn github_commands_escape_data_and_properties_as_the_toolkit_does() {
        let out = annotations(&[finding()]);
        assert_eq!(
            out,
            "::error file=content/03 a%2Cb.md,line=3,col=8,endColumn=11,title=unknown-party::「财务部」不是协议方：50%25%0A第二行%0Ahint: did you mean `brand`?\n"
        );
        let info = Diagnostic { severity: Severity::Info, ..finding() };
        assert!(annotations(&[info]).starts_with("::notice "));
    }
}
