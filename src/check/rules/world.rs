//! What every rule of one run checks: the agreement, its lookups, the date and the sign-off.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::base::catalog::Locale;
use crate::base::model::Agreement;
use crate::base::tree::Tree;

/// Clause index by id.
pub(super) type Ids = Arc<HashMap<String, usize>>;

/// What every rule of one run checks: the agreement, its lookups, and the date.
pub(super) struct World<'a> {
    pub(super) agreement: &'a Agreement,
    pub(super) lookup: &'a crate::base::model::Lookup<'a>,
    pub(super) today: NaiveDate,
    /// Clause index by id, for `report{ clause = "id" }`.
    pub(super) ids: &'a Ids,
    /// The project, for the text of files that findings point into.
    pub(super) tree: &'a dyn Tree,
    /// Every front matter field name some clause has, made when first needed.
    pub(super) used: OnceLock<HashSet<String>>,
    /// The sign-off of the agreement's text (`a.approvals`).
    pub(super) signoff: Option<&'a crate::signoff::Status>,
    /// When the run's rules started: together they may run [`TOTAL_DEADLINES`] deadlines.
    pub(super) started: std::time::Instant,
    /// The agreement's language, that the rules' failures are told in.
    pub(super) locale: Locale,
    /// In a run of a portfolio's rules, the portfolio (whose `portfolio.yaml` is then `agreement`).
    pub(super) portfolio: Option<&'a Run<'a>>,
}

impl World<'_> {
    /// The language of the agreement, and so of what rules are told about how they use the API.
    pub(super) fn locale(&self) -> crate::base::catalog::Locale {
        crate::base::catalog::Locale::of(&self.agreement.language)
    }

    /// Clause `i` as printed lines name it: `id (file)`.
    pub(super) fn label(&self, i: usize) -> String {
        let c = &self.agreement.clauses[i];
        format!("{} ({})", crate::base::escape::name(&c.id), crate::base::escape::path(&c.file))
    }

    /// Every front matter field name some clause of the agreement has.
    pub(super) fn used_fields(&self) -> &HashSet<String> {
        self.used.get_or_init(|| {
            self.agreement.clauses.iter().flat_map(|c| c.front.entries().iter().map(|e| e.key.clone())).collect()
        })
    }
}

/// What a portfolio's rules check, as plain data.
pub struct Portfolio<'a> {
    /// The portfolio's title.
    pub title: String,
    /// Its agreements, in the order `portfolio.yaml` lists them.
    pub agreements: Vec<Member<'a>>,
    /// The company's departments.
    pub units: Vec<Unit>,
}

/// One agreement of the portfolio.
pub struct Member<'a> {
    /// Its id in the portfolio.
    pub id: String,
    /// Its folder, relative to the portfolio's: findings in its files are named from there.
    pub folder: PathBuf,
    /// The agreement (its working tree).
    pub agreement: &'a Agreement,
    /// The sign-off of its text (`approvals`).
    pub signoff: Option<&'a crate::signoff::Status>,
    /// Its files, for the text of those findings point into.
    pub tree: &'a dyn Tree,
    /// The department of each of its parties, in the order of `agreement.parties`.
    pub units: Vec<String>,
}

/// A department of the company.
pub struct Unit {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// The unit it belongs to.
    pub parent: Option<String>,
}

/// A run of a portfolio's rules: the portfolio, and what each agreement's rules would check.
pub(super) struct Run<'a> {
    pub(super) data: &'a Portfolio<'a>,
    pub(super) worlds: Vec<World<'a>>,
}
