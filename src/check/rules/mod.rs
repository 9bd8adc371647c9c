//! The project's own rules: `rules/*.lua`, each registering rules with `rule { … }`, run in a
//! sandbox (see [`sandbox`]) over the agreement. See `docs/rules.md` for the API.
//!
//! Each rule file gets its own Lua state, so files run in parallel; each rule gets the agreement as
//! fresh tables and its own instruction budget. A rule's findings become [`Diagnostic`]s located
//! at the exact front matter node or body line the rule names.
pub mod api;
mod cache;
mod duties;
mod engine;
mod failures;
mod file_run;
mod helpers;
mod limits;
mod pattern;
mod portfolio;
mod printed;
mod reads;
mod registry;
mod report;
mod rule_run;
pub mod sandbox;
mod settle;
mod source;
mod spec;
mod strict;
mod strings;
pub mod watchdog;
mod world;

use std::path::{Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
pub use crate::base::diagnostic::{RuleInfo, Suppressed};
use crate::base::tree::Tree;
pub use cache::RuleCache;
pub use engine::run_portfolio;
pub use engine::{run, run_only};
pub use limits::Abort;
pub use portfolio::within;
pub use printed::Printed;
pub use registry::{registered, registered_in};
pub use settle::{Settled, settle};
pub use world::{Member, Portfolio, Unit};

/// The folder of rule files, relative to the project root.
pub const RULES: &str = "rules";

/// What one rule reported, before suppressions and severity overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// The clause it concerns (index into `Agreement::clauses`), if any.
    pub clause: Option<usize>,
    /// Where: a file and span already resolved.
    pub diagnostic: Diagnostic,
}

/// Everything the rules produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every registered rule, in file and registration order.
    pub rules: Vec<RuleInfo>,
    /// Findings of the rules, at their default severities.
    pub findings: Vec<Finding>,
    /// Problems with the rules themselves (syntax, runtime errors, budgets): always errors.
    pub errors: Vec<Diagnostic>,
    /// What the rules printed, in file and rule order.
    pub printed: Vec<Printed>,
}

/// The rule files of a project, in file-name order (`rules/*.lua`; `rules/lib/` holds helpers).
pub fn rule_files(tree: &dyn Tree) -> Vec<PathBuf> {
    let dir = Path::new(RULES);
    let files = tree.files(dir).unwrap_or_default();
    files.into_iter().filter(|p| p.parent() == Some(dir) && p.extension().is_some_and(|x| x == "lua")).collect()
}
