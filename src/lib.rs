//! clausebook compiles an agreement kept as Markdown clause files into a static website and
//! checks it. The pipeline runs one way: [`load`] → [`check`] → [`render`] → [`output`], composed
//! per command in [`pipeline`]. Below every stage: [`diagnostic`] (findings and positions),
//! [`codes`], [`lang`] and [`catalog`] (words and messages), [`schema`], [`model`], [`tree`].
//!
//! The library never prints or exits; the binary (`src/main.rs`) decides how to show results.

pub mod base;
pub mod check;
pub mod command;
pub mod load;
pub mod output;
pub mod pipeline;
pub mod portfolio;
pub mod render;
pub mod report;
pub mod signoff;
pub mod versions;

use chrono::NaiveDate;

pub use base::diagnostic::{Diagnostic, Severity, SourceMap, Span, Summary};
pub use base::model::{Agreement, Chapter, Clause, Duty, Party};
pub use base::site::Site;
pub use pipeline::{BuildOptions, Built, CheckCache, Checked, VersionReport, build, check, check_rule, check_tree};

/// A problem that stops a command before it can judge the content (exit code 2).
#[derive(Debug)]
pub enum Error {
    /// The project could not be read.
    Load(load::LoadError),
    /// The theme could not be read.
    Theme(render::theme::ThemeError),
    /// The site could not be written.
    Write(output::WriteError),
    /// A bad argument or environment value.
    Usage(String),
    /// The project's content refuses what was asked (an approval of a text with errors, or into
    /// a linked `approvals/`): a content error, not a usage one.
    Refused(String),
    /// A cache gave another result than the same work done without it (found in the
    /// verification mode, `CLAUSEBOOK_VERIFY_CACHES=1`): a key misses something it depends on.
    StaleCache(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Load(e) => e.fmt(f),
            Error::Theme(e) => e.fmt(f),
            Error::Write(e) => e.fmt(f),
            Error::Usage(m) | Error::Refused(m) => f.write_str(m),
            Error::StaleCache(m) => write!(f, "a cache went stale (CLAUSEBOOK_VERIFY_CACHES): {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// The date to judge against: `--today`, else `SOURCE_DATE_EPOCH` (seconds, UTC), else the clock.
pub fn resolve_today(flag: Option<NaiveDate>) -> Result<NaiveDate, Error> {
    if let Some(d) = flag {
        return Ok(d);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::Usage(format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds")))?,
        Err(_) => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64),
    };
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.date_naive())
        .ok_or_else(|| Error::Usage(format!("SOURCE_DATE_EPOCH={seconds} is out of range")))
}
