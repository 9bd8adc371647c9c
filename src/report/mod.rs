//! Findings for people and machines, behind one interface: a [`Report`] (what a check found) is
//! written by a [`Reporter`], one per format. [`FORMATS`] lists the formats `check --format`
//! offers, and is what the command line's list of values and its help are made from; the language
//! server's diagnostics ([`lsp`]) are a reporter too, published by `clausebook lsp`.
//!
//! A new format is one file here with a type that implements [`Reporter`], and one entry in
//! [`FORMATS`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod lsp;
pub mod sarif;

use std::io::{self, Write};

use crate::base::catalog::Locale;
use crate::base::diagnostic::{Diagnostic, RuleInfo, Severity, SourceMap, Suppressed};

/// What a check found, as every format reads it.
pub struct Report<'a> {
    /// Every finding, sorted by file and position.
    pub diagnostics: &'a [Diagnostic],
    /// Rule findings that clauses suppressed, with their reasons.
    pub suppressed: &'a [Suppressed],
    /// The project's rules, with the severity in force (`None`: turned off).
    pub rules: &'a [(RuleInfo, Option<Severity>)],
    /// What the project's rules printed, one line each, with the rule and clause it came from.
    pub printed: Vec<String>,
    /// The text of the files the findings point into, for snippets and positions.
    pub sources: &'a SourceMap,
    /// The language of clausebook's own words: the agreement's.
    pub locale: Locale,
    /// How many clauses were checked.
    pub clauses: usize,
}

/// A format of findings: writes a whole [`Report`] to `out`.
pub trait Reporter: Sync {
    /// Writes `report` in this format.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// Where `check` writes a format: a report for people goes to standard error, beside the
/// command's other messages; a document for a machine goes to standard output, alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

/// A format `check --format` offers.
pub struct Format {
    /// Its value of `--format`.
    pub name: &'static str,
    /// One line for `--help`.
    pub help: &'static str,
    /// Where `check` writes it.
    pub stream: Stream,
    /// What writes it.
    pub reporter: &'static dyn Reporter,
}

/// Every format of `check --format`, the default first.
pub static FORMATS: &[Format] = &[
    Format {
        name: "human",
        help: "compiler-style, with the source lines and a count (on standard error)",
        stream: Stream::Err,
        reporter: &human::Human,
    },
    Format {
        name: "json",
        help: "the findings, suppressed findings, what rules printed and the counts as JSON",
        stream: Stream::Out,
        reporter: &json::Json,
    },
    Format {
        name: "sarif",
        help: "SARIF 2.1.0, as code-scanning services read it",
        stream: Stream::Out,
        reporter: &sarif::Sarif,
    },
    Format {
        name: "github",
        help: "GitHub Actions annotations on the lines of a pull request",
        stream: Stream::Out,
        reporter: &github::Github,
    },
    Format {
        name: "junit",
        help: "a JUnit XML test report (GitLab, Jenkins, Azure Pipelines and others show it)",
        stream: Stream::Out,
        reporter: &junit::Junit,
    },
];

/// The format called `name`.
pub fn format(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_own_name_and_is_found_by_it() {
        for f in FORMATS {
            assert!(std::ptr::eq(format(f.name).unwrap(), f), "{}", f.name);
        }
        assert_eq!(FORMATS[0].name, "human", "the default comes first");
        assert!(format("lsp").is_none(), "the language server publishes its own");
    }
}
