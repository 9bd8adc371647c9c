//! The `clausebook` command: parses arguments, calls the library, prints findings, and maps the
//! outcome to an exit code (0 success, 1 content errors, 2 usage or I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use clausebook::base::catalog::{Console, Locale};
use clausebook::report::human::findings as render_human;
use clausebook::{BuildOptions, Checked, Summary};

/// Compile an agreement kept as Markdown clause files into a website, and check it.
#[derive(Parser)]
#[command(name = "clausebook", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the agreement and write the site (to public/ by default).
    Build(BuildArgs),
    /// Check the agreement (built-in checks and the rules in rules/) without writing anything.
    Check(CheckArgs),
    /// Rebuild public/ on every saved change (incrementally), without a server.
    Watch(WatchArgs),
    /// Serve the site with live reload; errors show over the page.
    Serve(ServeArgs),
    /// Run the tests of the rules (rules/tests/*.yaml).
    Test {
        /// Project root: the folder that holds rules/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Run only the cases whose `rule: name` contains this text.
        filter: Option<String>,
    },
    /// Explain a diagnostic code: a built-in check, or one of the project's rules.
    Explain {
        /// The code (`unknown-party`) or rule id (`duty-has-owner`); without one, list them all.
        code: Option<String>,
        /// Explain every built-in code.
        #[arg(long, conflicts_with = "code")]
        all: bool,
        /// Write Markdown (the text of docs/diagnostics.md).
        #[arg(long)]
        markdown: bool,
        /// Project root: the folder that holds rules/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Record a party's approval of the current text (or of a release) in approvals/, or list them.
    Approve(ApproveArgs),
    /// Run the language server (LSP over stdin/stdout) that editors start: findings as you type,
    /// go to definition, references, completion, hover, rename and quick fixes.
    Lsp {
        /// Project root: the folder that holds content/ (default: the editor's workspace folder).
        #[arg(long)]
        root: Option<PathBuf>,
        /// The date to judge reviews against (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else the clock.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Poll for changes on disk instead of native events (network shares, WSL).
        #[arg(long)]
        poll: bool,
        /// Accepted for editors that pass it by default (VS Code's language client); stdio is the
        /// only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Create a small agreement project in DIR that builds at once.
    New {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
        /// The agreement's language: `zh-CN` (the default) or `en`.
        #[arg(long, value_parser = ["zh-CN", "zh", "en"], default_value = "zh-CN")]
        language: String,
    },
}

/// Options of every command that reads an agreement.
#[derive(Args)]
struct Common {
    /// Project root: the folder that holds content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The date to judge reviews against (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Args)]
struct ApproveArgs {
    #[command(flatten)]
    common: Common,
    /// The approving party's id (as in `parties:` of content/_index.md).
    #[arg(long, required_unless_present = "list")]
    party: Option<String>,
    /// Who approves for it (a name, e.g. 李静).
    #[arg(long, required_unless_present = "list")]
    by: Option<String>,
    /// The day of the approval (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// A remark kept with the approval.
    #[arg(long)]
    note: Option<String>,
    /// Approve this release's text (its name, e.g. v2.0) instead of the working tree's.
    #[arg(long, value_name = "NAME")]
    release: Option<String>,
    /// Commit the approval file (signed when Git is set up to sign commits).
    #[arg(long)]
    commit: bool,
    /// List the approvals and every version's sign-off instead.
    #[arg(long, conflicts_with_all = ["party", "by", "date", "note", "release", "commit"])]
    list: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// How to print findings: human on stderr, the others on stdout.
    #[arg(long, default_value = clausebook::report::FORMATS[0].name, value_parser = format_values())]
    format: String,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct WatchArgs {
    #[command(flatten)]
    common: Common,
    /// Output folder (default: public/ under the root).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Poll for changes instead of native events (network shares, WSL).
    #[arg(long)]
    poll: bool,
    /// Keep agreement.pdf current too: print it again whenever the printable page changes.
    #[arg(long)]
    pdf: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    common: Common,
    /// Address to listen on (loopback by default; another address only when asked for).
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Also answer requests addressed to this host name (repeatable): for --bind beyond loopback,
    /// where others reach this machine by a name. Loopback names and IP addresses are always
    /// answered; any other name is refused with 403 (a guard against DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME", value_parser = clausebook::command::serve::http::Hosts::parse_name)]
    allow_host: Vec<String>,
    /// Port (0: any free port). When taken, the next free one is used and said so.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Poll for changes instead of native events (network shares, WSL).
    #[arg(long)]
    poll: bool,
}

/// The values of `check --format`, with their help: the formats of the library's table.
fn format_values() -> clap::builder::PossibleValuesParser {
    let values = clausebook::report::FORMATS.iter().map(|f| clap::builder::PossibleValue::new(f.name).help(f.help));
    clap::builder::PossibleValuesParser::new(values)
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    /// Output folder (default: public/ under the root). Replaced only when the build succeeds.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Address the site will be published at, e.g. https://intranet/legal/ (links stay relative).
    #[arg(long)]
    base_url: Option<String>,
    /// Build the working tree alone, without the released versions from Git.
    #[arg(long)]
    no_versions: bool,
    /// Tags that are releases (a glob, default `v*`; overrides `versions.tags` in _index.md).
    #[arg(long, value_name = "PATTERN")]
    tags: Option<String>,
    /// Also print PDFs with headless Chromium (which must be installed): each printed version's
    /// agreement.pdf and changes.pdf; `current` (the default) the newest release and the draft,
    /// `all` every version.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "current", value_name = "WHICH")]
    pdf: Option<PdfWhich>,
}

/// Which versions `build --pdf` prints.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PdfWhich {
    /// The newest release and the draft.
    Current,
    /// Every version.
    All,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    clausebook::load::fields::parse_date(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// mimalloc: the build allocates and frees many small strings from several threads at once, where
/// it is faster than the system allocator (see docs/benchmarks.md).
#[cfg_attr(not(feature = "sysalloc"), global_allocator)]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Process-wide, so owned here rather than by the library: reading every version of an
    // agreement reads thousands of Git objects once each, and libgit2's check of each object
    // against its id (which Git itself does not do on reads) took about a third of that time.
    git2::opts::strict_hash_verification(false);
    // A rule still running well past its deadline (a way around the sandbox nobody knows yet) ends
    // the command as a content error, rather than letting it run for ever.
    clausebook::check::rules::watchdog::on_runaway(|message| {
        eprintln!("error[rule-error]: {message}");
        std::process::exit(1);
    });
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::New { dir, language } => {
            let files = clausebook::command::scaffold::create(&dir, language == "en").map_err(|e| e.to_string())?;
            let l = Locale::of(&language);
            for f in files {
                println!("{}", l.msg(Console::Created { file: &clausebook::base::escape::path(&dir.join(f)) }));
            }
            println!("{}", l.msg(Console::NextBuild { dir: &clausebook::base::escape::path(&dir) }));
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch(args) => {
            let today = clausebook::resolve_today(args.common.today).map_err(|e| e.to_string())?;
            let out = args.out.unwrap_or_else(|| args.common.root.join("public"));
            live::watch(&args.common.root, &out, today, args.poll, args.pdf)
        }
        Command::Serve(args) => {
            let today = clausebook::resolve_today(args.common.today).map_err(|e| e.to_string())?;
            let hosts = clausebook::command::serve::http::Hosts::new(args.allow_host);
            live::serve(&args.common.root, today, (args.bind, args.port, hosts), args.open, args.poll)
        }
        Command::Approve(args) => approve(args),
        Command::Lsp { root, today, poll, stdio: _ } => {
            let follow_clock = today.is_none() && std::env::var_os("SOURCE_DATE_EPOCH").is_none();
            let today = clausebook::resolve_today(today).map_err(|e| e.to_string())?;
            let options = clausebook::command::lsp::Options { root, today, follow_clock, poll };
            Ok(match clausebook::command::lsp::run(options) {
                clausebook::command::lsp::Ended::Clean => ExitCode::SUCCESS,
                clausebook::command::lsp::Ended::Abrupt => ExitCode::from(1),
            })
        }
        Command::Explain { code, all, markdown, root } => explain(code.as_deref(), all, markdown, &root),
        Command::Test { root, filter } => {
            let report = clausebook::command::ruletest::run(&root, filter.as_deref());
            if !report.errors.is_empty() {
                eprint!("{}", render_human(&report.errors, &clausebook::SourceMap::default()));
            }
            print!("{}", report.render());
            Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Check(args) => {
            let today = clausebook::resolve_today(args.common.today).map_err(|e| e.to_string())?;
            let checked = clausebook::check(&args.common.root, today).map_err(|e| e.to_string())?;
            let format = clausebook::report::format(&args.format).ok_or(format!("no format `{}`", args.format))?;
            // What rules printed goes to standard error first, in every format.
            print_lines(&checked);
            let written = match format.stream {
                clausebook::report::Stream::Out => write_report(format, &checked, &mut std::io::stdout().lock()),
                clausebook::report::Stream::Err => write_report(format, &checked, &mut std::io::stderr().lock()),
            };
            written.map_err(|e| e.to_string())?;
            let warnings = Summary::of(&checked.diagnostics).warnings;
            Ok(if args.deny_warnings && warnings > 0 { ExitCode::from(1) } else { exit_for(&checked) })
        }
        Command::Build(args) => {
            let started = Instant::now();
            let today = clausebook::resolve_today(args.common.today).map_err(|e| e.to_string())?;
            let out = args.out.unwrap_or_else(|| args.common.root.join("public"));
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
            };
            let built = clausebook::build(&options).map_err(|e| e.to_string())?;
            let l = built.checked.locale;
            for remark in &built.remarks {
                eprintln!("note: {remark}");
            }
            if !built.notes.is_empty() {
                eprint!("{}", render_human(&built.notes, &clausebook::SourceMap::default()));
            }
            for v in &built.others {
                let s = v.summary;
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
                    eprint!("{}", render_human(&errors, &clausebook::SourceMap::default()));
                }
                if s.errors + s.warnings > 0 {
                    let counts = l.counts(s.errors, s.warnings, s.infos);
                    eprintln!(
                        "note: {}",
                        l.msg(Console::OlderVersionShownPagesOlder { name: &v.name, counts: &counts })
                    );
                }
            }
            report(&built.checked);
            let s = Summary::of(&built.checked.diagnostics);
            let counts = l.counts(s.errors, s.warnings, s.infos);
            let shown = clausebook::base::escape::path(&out);
            match built.written {
                Some(files) => {
                    let ms = started.elapsed().as_millis();
                    eprintln!(
                        "{}",
                        l.msg(Console::BuiltFilesIntoMs { files: &files, shown: &shown, ms: &ms, counts: &counts })
                    );
                }
                None => {
                    eprintln!("{}", l.msg(Console::BuildFailedNothingWasWritten { counts: &counts, shown: &shown }))
                }
            }
            match built.pdf {
                Some(Ok(pdfs)) => pdfs.iter().for_each(|pdf| {
                    eprintln!("{}", l.msg(Console::Printed { file: &clausebook::base::escape::path(pdf) }))
                }),
                Some(Err(e)) => return Err(e.to_string()),
                None => {}
            }
            Ok(exit_for(&built.checked))
        }
    }
}

mod live;

/// `clausebook approve`: records an approval, or lists them with every version's sign-off.
fn approve(args: ApproveArgs) -> Result<ExitCode, String> {
    let today = clausebook::resolve_today(args.common.today).map_err(|e| e.to_string())?;
    let root = args.common.root;
    if args.list {
        let (checked, statuses) = clausebook::command::approve::overview(&root, today).map_err(|e| e.to_string())?;
        print!("{}", clausebook::command::approve::listing(&statuses, checked.locale));
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
    match clausebook::command::approve::approve(&request) {
        Ok(recorded) => {
            println!("{}", recorded.summary());
            Ok(ExitCode::SUCCESS)
        }
        // Refused on the project's content: exit 1, like a check that finds errors.
        Err(clausebook::Error::Refused(message)) => {
            eprintln!("error: {message}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// `clausebook explain`: a built-in code's entry, a project rule's description, or the list.
fn explain(code: Option<&str>, all: bool, markdown: bool, root: &std::path::Path) -> Result<ExitCode, String> {
    use clausebook::base::codes;
    if all || (markdown && code.is_none()) {
        if markdown {
            print!("{}", codes::markdown());
        } else {
            let texts: Vec<String> = codes::CODES.iter().map(|c| c.text(Locale::En)).collect();
            print!("{}", texts.join("\n"));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let index = root.join("content/_index.md");
    let limits = clausebook::load::rule_limits(&index);
    let (rules, _) = clausebook::check::rules::registered(&clausebook::base::tree::Disk::new(root), &limits);
    let l = clausebook::load::locale(root);
    let Some(code) = code else {
        println!("{}", l.msg(Console::BuiltInChecks));
        for c in codes::CODES {
            println!("{}", l.msg(Console::ListedCode { id: c.id, severity: c.level, summary: c.words(l).0 }));
        }
        if !rules.is_empty() {
            println!("{}", l.msg(Console::ProjectRules));
            for r in &rules {
                println!("{}", l.msg(Console::ListedCode { id: &r.id, severity: r.severity, summary: &r.description }));
            }
        }
        println!("{}", l.msg(Console::ExplainOne));
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(c) = codes::lookup(code) {
        print!("{}", c.text(l));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(r) = rules.iter().find(|r| r.id == code) {
        let place = format!("{}:{}", clausebook::base::escape::path(&r.file), r.line);
        let (id, severity, description) = (&r.id, r.severity, &r.description);
        println!("{}", l.msg(Console::RuleHeading { id, severity, place: &place, description }));
        if let Some(e) = &r.explanation {
            println!("\n{}", e.trim_end());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let names = codes::CODES.iter().map(|c| c.id).chain(rules.iter().map(|r| r.id.as_str()));
    let hint = clausebook::base::diagnostic::closest(code, names).map(|c| l.did_you_mean(c));
    Err(l.msg(Console::NoSuchCode { code, hint }))
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

/// Prints what the rules printed, each line with the rule and clause it came from.
pub(crate) fn print_lines(checked: &Checked) {
    for p in &checked.printed {
        eprintln!("{}", p.line());
    }
}

/// Prints what the rules printed, then the findings compiler-style, on standard error.
pub(crate) fn report(checked: &Checked) {
    print_lines(checked);
    if !checked.diagnostics.is_empty() {
        eprint!("{}", render_human(&checked.diagnostics, &checked.sources));
    }
}

fn exit_for(checked: &Checked) -> ExitCode {
    if checked.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
