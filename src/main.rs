//! The `clausebook` command: parses arguments, calls the library, writes what it found, and maps
//! the outcome to an exit code (0 success, 1 content errors, 2 usage or I/O errors). Each command
//! is a function that writes through the [`Streams`] it is given; only `main` names the real
//! standard output and error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use chrono::NaiveDate;
use clap::Parser;

use clausebook::base::catalog::{Console, Locale};
use clausebook::report::human::findings as render_human;
use clausebook::{BuildOptions, Checked, Summary};
use cli::{
    AgreementsArgs, ApproveArgs, BuildArgs, CheckArgs, Cli, Command, PdfWhich, PortalArgs, RecordArgs, ServeArgs,
    WatchArgs,
};

mod cli;
mod live;

/// mimalloc: the build allocates and frees many small strings from several threads at once, where
/// it is faster than the system allocator (see docs/benchmarks.md).
#[cfg_attr(not(feature = "sysalloc"), global_allocator)]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Where a command writes: its output (standard output) and its messages (standard error). Shared,
/// so that a server's thread writes its notes through them too.
#[derive(Clone)]
pub(crate) struct Streams {
    out: Arc<Mutex<dyn Write + Send>>,
    err: Arc<Mutex<dyn Write + Send>>,
}

impl Streams {
    /// Streams writing to `out` and `err`.
    fn new(out: impl Write + Send + 'static, err: impl Write + Send + 'static) -> Self {
        Streams { out: Arc::new(Mutex::new(out)), err: Arc::new(Mutex::new(err)) }
    }

    /// The command's output.
    pub(crate) fn out(&self) -> MutexGuard<'_, dyn Write + Send + 'static> {
        self.out.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The command's messages.
    pub(crate) fn err(&self) -> MutexGuard<'_, dyn Write + Send + 'static> {
        self.err.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The messages as a writer of their own, for a library that logs.
    fn into_err(self) -> Messages {
        Messages(self.err)
    }
}

/// The messages of [`Streams`] as a writer.
struct Messages(Arc<Mutex<dyn Write + Send>>);

impl Write for Messages {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).flush()
    }
}

/// Why a command stopped before it could judge the content: said as `error: …`, exit code 2.
pub(crate) struct Failure(String);

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure(message)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure(e.to_string())
    }
}

impl From<clausebook::Error> for Failure {
    fn from(e: clausebook::Error) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let streams = Streams::new(std::io::stdout(), std::io::stderr());
    // Process-wide, so owned here rather than by the library: reading every version of an
    // agreement reads thousands of Git objects once each, and libgit2's check of each object
    // against its id (which Git itself does not do on reads) took about a third of that time.
    git2::opts::strict_hash_verification(false);
    // A rule still running well past its deadline (a way around the sandbox nobody knows yet) ends
    // the command as a content error, rather than letting it run for ever.
    let runaway = streams.clone();
    clausebook::check::rules::watchdog::on_runaway(move |message| {
        let _ = writeln!(runaway.err(), "error[rule-error]: {message}");
        end_at_once(1)
    });
    match run(cli, &streams) {
        Ok(code) => code,
        Err(Failure(message)) => {
            let _ = writeln!(streams.err(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Ends the process now with `code`, from any thread: for a rule that no deadline stops.
#[expect(clippy::exit, reason = "the watchdog ends a runaway rule's process from its own thread")]
fn end_at_once(code: i32) -> ! {
    std::process::exit(code)
}

/// Runs the command `cli` names.
fn run(cli: Cli, s: &Streams) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::New { dir, language } => new_project(&dir, &language, s),
        Command::Watch(args) => watch(args, s),
        Command::Serve(args) => serve(args, s),
        Command::Approve(args) => approve(args, s),
        Command::Record(args) => record(args, s),
        Command::Lsp { root, today, poll, stdio: _ } => lsp(root, today, poll, s),
        Command::Explain { code, all, markdown, root } => explain(code.as_deref(), all, markdown, &root, s),
        Command::Test { root, filter } => test_rules(&root, filter.as_deref(), s),
        Command::Check(args) => check(args, s),
        Command::Build(args) => build(args, s),
        Command::Portal(args) => portal(args, s),
        Command::Agreements(args) => agreements(args, s),
        Command::Access(args) => access(args, s),
        Command::Library(args) => library(args, s),
    }
}

/// `clausebook new`: a small project that builds at once.
fn new_project(dir: &Path, language: &str, s: &Streams) -> Result<ExitCode, Failure> {
    let files = clausebook::command::scaffold::create(dir, language == "en").map_err(|e| e.to_string())?;
    let l = Locale::of(language);
    let mut out = s.out();
    for f in files {
        writeln!(out, "{}", l.msg(Console::Created { file: &clausebook::base::escape::path(&dir.join(f)) }))?;
    }
    writeln!(out, "{}", l.msg(Console::NextBuild { dir: &clausebook::base::escape::path(dir) }))?;
    Ok(ExitCode::SUCCESS)
}

/// `clausebook watch`.
fn watch(args: WatchArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let today = clausebook::resolve_today(args.common.today)?;
    let out = args.out.unwrap_or_else(|| args.common.root.join("public"));
    Ok(live::watch(&args.common.root, &out, today, (args.poll, args.pdf), s)?)
}

/// `clausebook serve`.
fn serve(args: ServeArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let today = clausebook::resolve_today(args.common.today)?;
    let hosts = clausebook::command::serve::http::Hosts::new(args.allow_host);
    Ok(live::serve(&args.common.root, today, (args.bind, args.port, hosts), (args.open, args.poll), s)?)
}

/// `clausebook lsp`: the language server, over the real stdin and stdout, its log on the messages.
fn lsp(root: Option<PathBuf>, today: Option<NaiveDate>, poll: bool, s: &Streams) -> Result<ExitCode, Failure> {
    use clausebook::command::lsp::{self, Ended};
    let follow_clock = today.is_none() && std::env::var_os("SOURCE_DATE_EPOCH").is_none();
    let today = clausebook::resolve_today(today)?;
    let options = lsp::Options { root, today, follow_clock, poll };
    Ok(match lsp::run(options, Box::new(s.clone().into_err())) {
        Ended::Clean => ExitCode::SUCCESS,
        Ended::Abrupt => ExitCode::from(1),
        // An internal error found by the verification mode (EX_SOFTWARE).
        Ended::StaleCache(what) => {
            writeln!(s.err(), "clausebook lsp: {what}")?;
            ExitCode::from(70)
        }
    })
}

/// `clausebook test`: runs the rules' tests.
fn test_rules(root: &Path, filter: Option<&str>, s: &Streams) -> Result<ExitCode, Failure> {
    let report = clausebook::command::ruletest::run(root, filter);
    if !report.errors.is_empty() {
        write!(s.err(), "{}", render_human(&report.errors, &clausebook::SourceMap::default()))?;
    }
    write!(s.out(), "{}", report.render())?;
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `clausebook check`: the findings in the format asked for (human on the messages, the others
/// on the output).
fn check(args: CheckArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let today = clausebook::resolve_today(args.common.today)?;
    let checked = if clausebook::portfolio::is_portfolio(&args.common.root) {
        clausebook::portfolio::check(&args.common.root, today)?.checked
    } else {
        clausebook::check(&args.common.root, today)?
    };
    let format = clausebook::report::format(&args.format).ok_or(format!("no format `{}`", args.format))?;
    // What rules printed goes to standard error first, in every format.
    print_lines(&checked, s)?;
    match format.stream {
        clausebook::report::Stream::Out => write_report(format, &checked, &mut *s.out())?,
        clausebook::report::Stream::Err => write_report(format, &checked, &mut *s.err())?,
    }
    let warnings = Summary::of(&checked.diagnostics).warnings;
    Ok(if args.deny_warnings && warnings > 0 { ExitCode::from(1) } else { exit_for(&checked) })
}

/// `clausebook build`: the site, then what each version found and what was written.
fn build(args: BuildArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let today = clausebook::resolve_today(args.common.today)?;
    let out = args.out.unwrap_or_else(|| args.common.root.join("public"));
    if let Some(dir) = args.bundle {
        use clausebook::portfolio::bundle;
        let options = bundle::Options {
            root: args.common.root,
            portfolio: args.portfolio,
            agreement: args.agreement,
            out: dir,
            today,
            base_url: args.base_url,
        };
        let (outcome, bundled) = bundle::build(&options)?;
        if let bundle::Bundled::Kept = bundled {
            let l = outcome.checked.locale;
            let shown = clausebook::base::escape::path(&options.out);
            writeln!(s.err(), "{}", l.msg(Console::BundleKept { shown: &shown }))?;
            return Ok(ExitCode::SUCCESS);
        }
        return said_built(&outcome, &options.out, started, s);
    }
    if clausebook::portfolio::is_portfolio(&args.common.root) {
        let options = clausebook::portfolio::Options { root: args.common.root, out, today, base_url: args.base_url };
        let outcome = clausebook::portfolio::build(&options)?;
        return said_built(&outcome, &options.out, started, s);
    }
    let options = BuildOptions {
        root: args.common.root,
        out: out.clone(),
        base_url: args.base_url,
        today,
        versions: !args.no_versions,
        tags: args.tags,
        pdf: args.pdf.map(|w| match w {
            PdfWhich::Current => clausebook::pipeline::PdfSet::Current,
            PdfWhich::All => clausebook::pipeline::PdfSet::All,
        }),
        external: None,
        git: None,
        read: None,
    };
    let built = clausebook::build(&options)?;
    let l = built.checked.locale;
    for remark in &built.remarks {
        writeln!(s.err(), "note: {remark}")?;
    }
    if !built.notes.is_empty() {
        write!(s.err(), "{}", render_human(&built.notes, &clausebook::SourceMap::default()))?;
    }
    for v in &built.others {
        older_version(v, l, s)?;
    }
    report(&built.checked, s)?;
    let summary = Summary::of(&built.checked.diagnostics);
    let counts = l.counts(summary.errors, summary.warnings, summary.infos);
    let shown = clausebook::base::escape::path(&out);
    let said = match built.written {
        Some(files) => {
            let ms = started.elapsed().as_millis();
            l.msg(Console::BuiltFilesIntoMs { files: &files, shown: &shown, ms: &ms, counts: &counts })
        }
        None => l.msg(Console::BuildFailedNothingWasWritten { counts: &counts, shown: &shown }),
    };
    writeln!(s.err(), "{said}")?;
    match built.pdf {
        Some(Ok(pdfs)) => {
            for pdf in &pdfs {
                writeln!(s.err(), "{}", l.msg(Console::Printed { file: &clausebook::base::escape::path(pdf) }))?;
            }
        }
        Some(Err(e)) => return Err(Failure(e.to_string())),
        None => {}
    }
    Ok(exit_for(&built.checked))
}

/// `clausebook portal`: the portal assembled from bundles.
fn portal(args: PortalArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let today = clausebook::resolve_today(args.common.today)?;
    let out = args.out.unwrap_or_else(|| args.common.root.join("public"));
    let options = clausebook::portfolio::Options { root: args.common.root, out, today, base_url: args.base_url };
    let outcome = clausebook::portfolio::assemble(&options, &args.bundles)?;
    said_built(&outcome, &options.out, started, s)
}

/// `clausebook agreements`: the portfolio's agreements, or one CI node's share, on the output;
/// the findings of a broken portfolio.yaml on the messages, as `check` reports them.
fn agreements(args: AgreementsArgs, s: &Streams) -> Result<ExitCode, Failure> {
    use clausebook::portfolio::share;
    let listing = share::list(&args.root)?;
    let l = listing.checked.locale;
    let node = args.node.as_deref().map(|node| share::Node::parse(node, l)).transpose()?;
    report(&listing.checked, s)?;
    if listing.checked.has_errors() {
        let summary = Summary::of(&listing.checked.diagnostics);
        let counts = l.counts(summary.errors, summary.warnings, summary.infos);
        writeln!(s.err(), "{}", l.msg(clausebook::base::catalog::Portfolio::NothingListed { counts: &counts }))?;
        return Ok(ExitCode::from(1));
    }
    let chosen = share::share(&listing.agreements, node);
    let text = match args.format {
        cli::ListFormat::Lines => share::lines(&chosen),
        cli::ListFormat::Json => share::json(&chosen),
    };
    write!(s.out(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}

/// `clausebook library pin|upgrade`: each `use:` value rewritten, on standard output; why
/// nothing was, on standard error.
fn library(args: cli::LibraryArgs, s: &Streams) -> Result<ExitCode, Failure> {
    use clausebook::command::library::{Action, run};
    let action = match args.action {
        cli::LibraryAction::Pin => Action::Pin,
        cli::LibraryAction::Upgrade { clause, to } => Action::Upgrade { clause, to },
    };
    match run(&args.root, &action) {
        Ok(done) => {
            for d in &done {
                writeln!(s.out(), "{}:{}: {} -> {}", d.file.display(), d.line, d.before, d.after)?;
            }
            if done.is_empty() {
                writeln!(s.err(), "{}", clausebook::command::library::nothing_to_rewrite(&args.root))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => {
            writeln!(s.err(), "error: {why}")?;
            Ok(ExitCode::from(1))
        }
    }
}

/// `clausebook access`: the web server's rules for the portfolio's restricted agreements, on
/// standard output; the findings of its files on standard error.
fn access(args: cli::AccessArgs, s: &Streams) -> Result<ExitCode, Failure> {
    use clausebook::portfolio::access::Server;
    let today = clausebook::resolve_today(args.today)?;
    let server = match args.server {
        cli::ServerKind::Nginx => Server::Nginx,
        cli::ServerKind::Apache => Server::Apache,
    };
    let (checked, rules) = clausebook::portfolio::access_rules(&args.root, server, args.base_url.as_deref(), today)?;
    report(&checked, s)?;
    match rules {
        Some(rules) if !checked.has_errors() => {
            write!(s.out(), "{rules}")?;
            Ok(ExitCode::SUCCESS)
        }
        _ => Ok(ExitCode::from(1)),
    }
}

/// What a portfolio's build (or a bundle's, or the portal's assembly) found, and what it wrote to
/// `out`.
fn said_built(
    built: &clausebook::portfolio::Outcome,
    out: &Path,
    started: Instant,
    s: &Streams,
) -> Result<ExitCode, Failure> {
    let l = built.checked.locale;
    report(&built.checked, s)?;
    let summary = Summary::of(&built.checked.diagnostics);
    let counts = l.counts(summary.errors, summary.warnings, summary.infos);
    let shown = clausebook::base::escape::path(out);
    let said = match built.written {
        Some(files) => {
            let ms = started.elapsed().as_millis();
            l.msg(Console::BuiltFilesIntoMs { files: &files, shown: &shown, ms: &ms, counts: &counts })
        }
        None => l.msg(Console::BuildFailedNothingWasWritten { counts: &counts, shown: &shown }),
    };
    writeln!(s.err(), "{said}")?;
    Ok(if built.written.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// What an older version of a versioned build found: its errors (files named in that version),
/// and its counts, which never fail the build.
fn older_version(
    v: &clausebook::VersionReport,
    l: clausebook::base::catalog::Locale,
    s: &Streams,
) -> Result<(), Failure> {
    let summary = v.summary;
    let errors: Vec<clausebook::Diagnostic> = v
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == clausebook::Severity::Error)
        .map(|d| clausebook::Diagnostic {
            file: format!("{}:{}", v.name, clausebook::base::diagnostic::slash_path(&d.file)).into(),
            ..d.clone()
        })
        .collect();
    if !errors.is_empty() {
        write!(s.err(), "{}", render_human(&errors, &clausebook::SourceMap::default()))?;
    }
    if summary.errors + summary.warnings > 0 {
        let counts = l.counts(summary.errors, summary.warnings, summary.infos);
        let note = l.msg(Console::OlderVersionShownPagesOlder { name: &v.name, counts: &counts });
        writeln!(s.err(), "note: {note}")?;
    }
    Ok(())
}
/// `clausebook approve`: records an approval, or lists them with every version's sign-off.
fn approve(args: ApproveArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let today = clausebook::resolve_today(args.common.today)?;
    let root = args.common.root;
    if args.list {
        let (checked, statuses) = clausebook::command::approve::overview(&root, today)?;
        write!(s.out(), "{}", clausebook::command::approve::listing(&statuses, checked.locale))?;
        return Ok(ExitCode::SUCCESS);
    }
    let request = clausebook::command::approve::Request {
        root,
        party: args.party.unwrap_or_default(),
        by: args.by.unwrap_or_default(),
        date: args.date.unwrap_or(today),
        today,
        note: args.note,
        release: args.release,
        commit: args.commit,
    };
    written(clausebook::command::approve::approve(&request).map(|r| r.summary()), s)
}

/// What a command that writes a file into the project (`approve`, `record`) says: its summary;
/// refused on the project's content, exit 1, like a check that finds errors.
fn written(result: Result<String, clausebook::Error>, s: &Streams) -> Result<ExitCode, Failure> {
    match result {
        Ok(summary) => {
            writeln!(s.out(), "{summary}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(clausebook::Error::Refused(message)) => {
            writeln!(s.err(), "error: {message}")?;
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// `clausebook record`: records that a duty was done.
fn record(args: RecordArgs, s: &Streams) -> Result<ExitCode, Failure> {
    let request = clausebook::command::record::Request {
        today: clausebook::resolve_today(args.common.today)?,
        root: args.common.root,
        duty: args.duty,
        date: args.date,
        by: args.by,
        note: args.note,
        files: args.files,
    };
    written(clausebook::command::record::record(&request).map(|r| r.summary()), s)
}

/// `clausebook explain`: a built-in code's entry, a project rule's description, or the list.
fn explain(code: Option<&str>, all: bool, markdown: bool, root: &Path, s: &Streams) -> Result<ExitCode, Failure> {
    use clausebook::base::codes;
    let mut out = s.out();
    if all || (markdown && code.is_none()) {
        if markdown {
            write!(out, "{}", codes::markdown())?;
        } else {
            let texts: Vec<String> = codes::CODES.iter().map(|c| c.text(Locale::En)).collect();
            write!(out, "{}", texts.join("\n"))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    match clausebook::command::explain::explain(code, root) {
        Ok(text) => {
            write!(out, "{text}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => Err(Failure(message)),
    }
}

/// Writes the check's findings in `format` to `out`.
fn write_report(
    format: &clausebook::report::Format,
    checked: &Checked,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    format.reporter.write(&checked.report(), out)?;
    out.flush()
}

/// Writes what the rules printed, each line with the rule and clause it came from.
pub(crate) fn print_lines(checked: &Checked, s: &Streams) -> std::io::Result<()> {
    let mut err = s.err();
    for p in &checked.printed {
        writeln!(err, "{}", p.line())?;
    }
    Ok(())
}

/// Writes what the rules printed, then the findings compiler-style, to the messages.
pub(crate) fn report(checked: &Checked, s: &Streams) -> std::io::Result<()> {
    print_lines(checked, s)?;
    if !checked.diagnostics.is_empty() {
        write!(s.err(), "{}", render_human(&checked.diagnostics, &checked.sources))?;
    }
    Ok(())
}

fn exit_for(checked: &Checked) -> ExitCode {
    if checked.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
