//! clausebook compiles an agreement kept as Markdown clause files into a static website and
//! checks it. The pipeline runs one way: [`load`] → [`check`] → [`render`] → [`output`].
//!
//! The library never prints or exits; the binary (`src/main.rs`) decides how to show results.

pub mod check;
pub mod diagnostic;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod ruletest;
pub mod scaffold;
pub mod tree;
pub mod yaml;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use diagnostic::{Diagnostic, Severity, SourceMap, Span, Summary};
pub use model::{Agreement, Chapter, Clause, Duty, Party};
pub use output::Site;

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
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Load(e) => e.fmt(f),
            Error::Theme(e) => e.fmt(f),
            Error::Write(e) => e.fmt(f),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

/// What `check` found.
#[derive(Debug)]
pub struct Checked {
    /// The agreement, when it could be assembled.
    pub agreement: Option<Agreement>,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files, for snippets.
    pub sources: SourceMap,
    /// The project's Lua rules, with the severity in force (`None`: turned off).
    pub rules: Vec<(check::rules::RuleInfo, Option<Severity>)>,
    /// Rule findings that clauses suppressed, with their reasons.
    pub suppressed: Vec<check::rules::Suppressed>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Loads and checks the project at `root`, judging time-dependent things against `today`.
pub fn check(root: &Path, today: NaiveDate) -> Result<Checked, Error> {
    let loaded = load::load(root).map_err(Error::Load)?;
    let mut diagnostics = loaded.diagnostics;
    let mut rules = Vec::new();
    let mut suppressed = Vec::new();
    if let Some(agreement) = &loaded.agreement {
        diagnostics.extend(check::builtin::builtin(agreement));
        let settled = check::rules::settle(agreement, check::rules::run(&tree::Disk::new(root), agreement, today));
        diagnostics.extend(settled.diagnostics);
        rules = settled.rules;
        suppressed = settled.suppressed;
    }
    diagnostics.sort();
    diagnostics.dedup();
    // Only the files findings point into are needed for snippets; the rest is freed before render.
    let cited: std::collections::HashSet<&Path> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(d.file.as_path()).chain(d.related.iter().map(|r| r.file.as_path())))
        .collect();
    let mut sources = loaded.sources;
    sources.retain(|file| cited.contains(file));
    for file in cited {
        if sources.get(file).is_none()
            && let Ok(text) = std::fs::read_to_string(root.join(file))
        {
            sources.insert(file.to_path_buf(), text);
        }
    }
    Ok(Checked { agreement: loaded.agreement, diagnostics, sources, rules, suppressed })
}

/// Options of `build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project root (holds `content/`).
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Overrides `base_url` from `_index.md`.
    pub base_url: Option<String>,
    /// The date time-dependent findings are judged against.
    pub today: NaiveDate,
}

/// What `build` did.
#[derive(Debug)]
pub struct Built {
    /// Findings (warnings only when the site was written).
    pub checked: Checked,
    /// How many files were written, when there were no errors.
    pub written: Option<usize>,
}

/// Loads, checks and renders the project, and replaces the site only when there are no errors.
pub fn build(options: &BuildOptions) -> Result<Built, Error> {
    let mut checked = check(&options.root, options.today)?;
    let Some(agreement) = checked.agreement.as_ref().filter(|_| !checked.has_errors()) else {
        return Ok(Built { checked, written: None });
    };
    let render_options = render::RenderOptions { today: options.today, base_url: options.base_url.clone() };
    let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
    let findings =
        render::Findings { diagnostics: &checked.diagnostics, suppressed: &checked.suppressed, rules: &checked.rules };
    let rendered = render::render(&options.root, agreement, findings, &render_options, &staging);
    match rendered {
        Ok(_) => {
            let files = staging.files();
            staging.commit().map_err(Error::Write)?;
            Ok(Built { checked, written: Some(files) })
        }
        Err(render::RenderError::Theme(e)) => Err(Error::Theme(e)),
        Err(render::RenderError::Write(e)) => Err(Error::Write(e)),
        Err(render::RenderError::Templates(errors)) => {
            for d in &errors {
                if let Ok(text) = std::fs::read_to_string(options.root.join(&d.file)) {
                    checked.sources.insert(d.file.clone(), text);
                }
            }
            checked.diagnostics.extend(errors);
            Ok(Built { checked, written: None })
        }
    }
}

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
