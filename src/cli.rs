//! The command line: the commands of `clausebook` and their options, as clap reads them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

/// Compile an agreement kept as Markdown clause files into a website, and check it.
#[derive(Parser)]
#[command(name = "clausebook", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check the agreement and write the site (to public/ by default).
    Build(BuildArgs),
    /// At a portfolio's folder: assemble the portal from the agreements' bundles, building none.
    Portal(PortalArgs),
    /// At a portfolio's folder: list its agreements (id, tab, folder), or one CI node's share.
    Agreements(AgreementsArgs),
    /// At a portfolio's folder: print the web server's rules that keep each restricted
    /// agreement's folder to its departments.
    Access(AccessArgs),
    /// Pin the library editions the clauses use (`pin`), or move every use of a library clause
    /// to a newer edition (`upgrade CLAUSE [--to N]`): the `use:` lines rewritten, nothing else.
    Library(LibraryArgs),
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
    /// Record in records/ that a duty was done on one of its dates, with the files that show it.
    Record(RecordArgs),
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
pub struct Common {
    /// Project root: the folder that holds content/ (or portfolio.yaml, for a whole portfolio).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The date to judge reviews against (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

#[derive(Args)]
pub struct ApproveArgs {
    #[command(flatten)]
    pub common: Common,
    /// The approving party's id (as in `parties:` of content/_index.md).
    #[arg(long, required_unless_present = "list")]
    pub party: Option<String>,
    /// Who approves for it (a name, e.g. 李静).
    #[arg(long, required_unless_present = "list")]
    pub by: Option<String>,
    /// The day of the approval (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// A remark kept with the approval.
    #[arg(long)]
    pub note: Option<String>,
    /// Approve this release's text (its name, e.g. v2.0) instead of the working tree's.
    #[arg(long, value_name = "NAME")]
    pub release: Option<String>,
    /// Commit the approval file (signed when Git is set up to sign commits).
    #[arg(long)]
    pub commit: bool,
    /// List the approvals and every version's sign-off instead.
    #[arg(long, conflicts_with_all = ["party", "by", "date", "note", "release", "commit"])]
    pub list: bool,
}

#[derive(Args)]
pub struct RecordArgs {
    #[command(flatten)]
    pub common: Common,
    /// The duty: CLAUSE#DUTY, its `id:` or its place from 1 (e.g. weekly-meeting#3).
    #[arg(long)]
    pub duty: String,
    /// Which of its dates (YYYY-MM-DD); default the latest on or before today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Who did it, or records it (a name, e.g. 王晓明).
    #[arg(long)]
    pub by: String,
    /// A remark kept with the record.
    #[arg(long)]
    pub note: Option<String>,
    /// Files that show it was done (minutes, a report), copied into records/ beside the record.
    pub files: Vec<PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// How to print findings: human on stderr, the others on stdout.
    #[arg(long, default_value = clausebook::report::FORMATS[0].name, value_parser = format_values())]
    pub format: String,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output folder (default: public/ under the root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Poll for changes instead of native events (network shares, WSL).
    #[arg(long)]
    pub poll: bool,
    /// Keep agreement.pdf current too: print it again whenever the printable page changes.
    #[arg(long)]
    pub pdf: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    /// Address to listen on (loopback by default; another address only when asked for).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Also answer requests addressed to this host name (repeatable): for --bind beyond loopback,
    /// where others reach this machine by a name. Loopback names and IP addresses are always
    /// answered; any other name is refused with 403 (a guard against DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME", value_parser = clausebook::command::serve::http::Hosts::parse_name)]
    pub allow_host: Vec<String>,
    /// Port (0: any free port). When taken, the next free one is used and said so.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of native events (network shares, WSL).
    #[arg(long)]
    pub poll: bool,
}

/// The values of `check --format`, with their help: the formats of the library's table.
fn format_values() -> clap::builder::PossibleValuesParser {
    let values = clausebook::report::FORMATS.iter().map(|f| clap::builder::PossibleValue::new(f.name).help(f.help));
    clap::builder::PossibleValuesParser::new(values)
}

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output folder (default: public/ under the root). Replaced only when the build succeeds.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Address the site will be published at, e.g. https://intranet/legal/ (links stay relative).
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Build the working tree alone, without the released versions from Git.
    #[arg(long)]
    pub no_versions: bool,
    /// Tags that are releases (a glob, default `v*`; overrides `versions.tags` in _index.md).
    #[arg(long, value_name = "PATTERN")]
    pub tags: Option<String>,
    /// Also print PDFs with headless Chromium (which must be installed): each printed version's
    /// agreement.pdf and changes.pdf; `current` (the default) the newest release and the draft,
    /// `all` every version.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "current", value_name = "WHICH")]
    pub pdf: Option<PdfWhich>,
    /// Inside one agreement of a portfolio: build its bundle in DIR (its finished site, rendered
    /// against what the other agreements publish, and manifest.json) for `clausebook portal`;
    /// kept as it is when nothing it depends on changed.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out", "no_versions", "tags", "pdf"])]
    pub bundle: Option<PathBuf>,
    /// With --bundle: the portfolio's folder (default: the nearest folder above the agreement
    /// whose portfolio.yaml lists it).
    #[arg(long, value_name = "DIR", requires = "bundle")]
    pub portfolio: Option<PathBuf>,
    /// With --bundle: the agreement to bundle, by its id in portfolio.yaml (needed where one
    /// folder or repository holds several; `--root` then only leads to the portfolio).
    #[arg(long, value_name = "ID", requires = "bundle")]
    pub agreement: Option<String>,
}

/// Options of `clausebook portal`.
#[derive(Args)]
pub struct PortalArgs {
    #[command(flatten)]
    pub common: Common,
    /// The bundles, one per agreement of portfolio.yaml (built by `clausebook build --bundle`).
    #[arg(long, required = true, num_args = 1.., value_name = "DIR")]
    pub bundles: Vec<PathBuf>,
    /// Output folder (default: public/ under the root). Replaced only when every bundle is sound.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Address the portal will be published at (overrides base_url of portfolio.yaml).
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
}

/// Options of `clausebook agreements`.
#[derive(Args)]
pub struct AgreementsArgs {
    /// The portfolio's folder (holds portfolio.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Only node K's share of N nodes (1 ≤ K ≤ N): the agreements at positions i (from 0, in
    /// portfolio.yaml's order) with i % N == K - 1. For a CI that splits the bundles.
    #[arg(long, value_name = "K/N")]
    pub node: Option<String>,
    /// `lines`: `id<TAB>path` per agreement; `json`: `[{"id": …, "path": …}]` on one line.
    #[arg(long, value_enum, default_value = "lines")]
    pub format: ListFormat,
}

/// The options of `clausebook library`.
#[derive(Args)]
pub struct LibraryArgs {
    /// Project root: the folder that holds content/ (or portfolio.yaml: every agreement of the portfolio).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub action: LibraryAction,
}

/// What `clausebook library` does.
#[derive(Subcommand)]
pub enum LibraryAction {
    /// Record, beside each `use:` that has none, the digest of its edition's text.
    Pin,
    /// Move every use of library clause CLAUSE to edition `--to` (default: the newest).
    Upgrade {
        /// The library clause (its folder's name in the library).
        clause: String,
        /// The edition to use.
        #[arg(long)]
        to: Option<u32>,
    },
}

/// The options of `clausebook access`.
#[derive(Args)]
pub struct AccessArgs {
    /// The portfolio's folder (holds portfolio.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The web server the rules are for.
    #[arg(long, value_enum)]
    pub server: ServerKind,
    /// The address the site is published at (default: portfolio.yaml's `base_url`, else `/`).
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// The date to judge against (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

/// The web servers `clausebook access` writes rules for.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ServerKind {
    /// nginx: `location` blocks for the site's `server` block.
    Nginx,
    /// Apache httpd: `Location` sections for the site's virtual host.
    Apache,
}

/// How `clausebook agreements` prints.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One agreement a line: its id, a tab, its folder relative to the portfolio.
    Lines,
    /// One JSON array of `{"id", "path"}`.
    Json,
}

/// Which versions `build --pdf` prints.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfWhich {
    /// The newest release and the draft.
    Current,
    /// Every version.
    All,
}

/// A `--base-url` argument: a full `http(s)://` address.
pub fn parse_base_url(s: &str) -> Result<String, String> {
    match clausebook::load::fields::is_full_address(s) {
        true => Ok(s.to_string()),
        false => Err(format!("`{s}` is not a full address: write where the site is published, starting with https://")),
    }
}

/// A `YYYY-MM-DD` argument.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    clausebook::load::fields::parse_date(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}
