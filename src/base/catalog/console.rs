//! The messages of the command line's own lines.

use std::fmt::Display;

use crate::base::diagnostic::Severity;

/// A message of the command line's own lines; its words are in `zh/console.rs` and `en/console.rs`.
pub enum Console<'a> {
    /// `ok: 3 clauses, ` (the counts follow)
    Ok { clauses: usize },
    /// `failed: 3 clauses, ` (the counts follow)
    Failed { clauses: usize },
    /// Older version {name}: {counts}, shown on its pages (older versions never fail the build)
    OlderVersionShownPagesOlder { name: &'a dyn Display, counts: &'a dyn Display },
    /// The bundle in {shown} is kept: nothing it is built from changed
    BundleKept { shown: &'a dyn Display },
    /// Built {files} files into {shown} in {ms} ms: {counts}
    BuiltFilesIntoMs { files: &'a dyn Display, shown: &'a dyn Display, ms: &'a dyn Display, counts: &'a dyn Display },
    /// Build failed ({counts}): nothing was written; {shown} is unchanged
    BuildFailedNothingWasWritten { counts: &'a dyn Display, shown: &'a dyn Display },
    /// `rebuilt (file): 3 page(s) written, 0 removed in 12 ms, 1 warning(s)`
    Rebuilt { what: &'a dyn Display, written: usize, removed: usize, ms: f64, warnings: usize },
    /// `the 3 finding(s) across the agreements are as last said (`clausebook check` lists them all)`
    AsideAsBefore { count: usize },
    /// `rebuild failed (file) in 12 ms; the last good site stays`
    RebuildFailed { what: &'a dyn Display, ms: f64 },
    /// `build failed (start) in 12 ms; there is no site yet: it is made once the errors are mended`
    NoSiteYet { what: &'a dyn Display, ms: f64 },
    /// What a rebuild was for: nothing changed yet.
    Start,
    /// What a rebuild was for: `file and 2 more`.
    FileAndMore { file: &'a dyn Display, more: usize },
    /// `serving root at url (Ctrl-C stops)`
    Serving { root: &'a dyn Display, url: &'a dyn Display },
    /// Listening on an address other machines reach.
    ListeningOpen { ip: &'a dyn Display },
    /// The port asked for is taken; another one serves.
    PortTaken { asked: u16, port: u16 },
    /// Every port tried is taken.
    PortsTaken { first: u16, last: u16, ip: &'a dyn Display },
    /// Watching or serving stopped.
    Stopped,
    /// A PDF was printed.
    Printed { file: &'a dyn Display },
    /// The project's folder cannot be watched.
    CannotWatch { root: &'a dyn Display, error: &'a dyn Display },
    /// Ctrl-C cannot be handled.
    CannotHandleCtrlC { error: &'a dyn Display },
    /// `new` created a file.
    Created { file: &'a dyn Display },
    /// `new`'s last line: what to run next.
    NextBuild { dir: &'a dyn Display },
    /// The heading of a built-in code's entry: `yaml (error, built-in): …`.
    CodeHeading { id: &'a str, severity: Severity, summary: &'a str },
    /// The heading of a code's example.
    Example,
    /// The heading of `explain`'s list of built-in checks.
    BuiltInChecks,
    /// The heading of `explain`'s list of the project's rules.
    ProjectRules,
    /// `explain`'s list's last line.
    ExplainOne,
    /// A line of `explain`'s list: a code, its severity and summary.
    ListedCode { id: &'a str, severity: Severity, summary: &'a str },
    /// The heading of a project rule's entry.
    RuleHeading { id: &'a str, severity: Severity, place: &'a dyn Display, description: &'a str },
    /// The heading of `explain`'s list of the rules of a portfolio's agreement `id`.
    AgreementRules { id: &'a str },
    /// The heading of the entry of a rule of a portfolio's agreement `agreement`.
    AgreementRuleHeading { id: &'a str, severity: Severity, place: &'a dyn Display, description: &'a str, agreement: &'a str },
    /// `explain` of a code nobody has.
    NoSuchCode { code: &'a str, hint: Option<String> },
    /// The HTTP server cannot start.
    CannotStartServer { error: &'a dyn Display },
    /// The listener cannot serve.
    CannotServe { error: &'a dyn Display },
    /// Accepting connections fails for want of resources.
    CannotAccept { error: &'a dyn Display },
    /// The body of the 403 for a request addressed to a name not allowed (`None`: a malformed or
    /// repeated `Host`).
    RefusedHost { host: Option<&'a str> },
    /// How to allow a refused name.
    AllowHost { name: &'a str },
    /// The log line of a refused request.
    RefusedLog { host: Option<&'a str> },
}
