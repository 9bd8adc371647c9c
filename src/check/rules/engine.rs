//! Running the rules: each rule file in a sandbox of its own (files in parallel), each rule over
//! every clause and then the agreement, its failures contained and named.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::cache::{Keys, RuleCache};
use super::file_run::run_file;
use super::registry::modules;
use super::world::{Ids, Portfolio, Run, World};
use super::{Outcome, rule_files};
use crate::base::catalog::{Locale, RuleRun};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::model::Agreement;
use crate::base::tree::Tree;

/// Runs every rule of the project in `tree` over `agreement` (whose approvals are judged in
/// `signoff`), reusing what `cache` kept.
pub fn run(
    tree: &dyn Tree,
    agreement: &Agreement,
    today: NaiveDate,
    cache: Option<&RuleCache>,
    signoff: Option<&crate::signoff::Status>,
) -> Outcome {
    run_selected(tree, agreement, today, cache, None, signoff)
}

/// Runs the rule `rule` alone (every rule file is loaded, so that its id is found wherever it is
/// registered), as `clausebook test` does: another rule's failure cannot fail its cases.
pub fn run_only(
    tree: &dyn Tree,
    agreement: &Agreement,
    today: NaiveDate,
    rule: &str,
    signoff: Option<&crate::signoff::Status>,
) -> Outcome {
    run_selected(tree, agreement, today, None, Some(rule), signoff)
}

fn run_selected(
    tree: &dyn Tree,
    agreement: &Agreement,
    today: NaiveDate,
    cache: Option<&RuleCache>,
    only: Option<&str>,
    signoff: Option<&crate::signoff::Status>,
) -> Outcome {
    let lookup = agreement.lookup();
    let keys = cache.map(|_| Keys::of(agreement, &lookup, crate::base::memo::hash_of(signoff)));
    let memo = cache.zip(keys.as_ref());
    // Clause index by id; where ids repeat (an error of its own) the first clause wins.
    let ids: Ids = Arc::new(agreement.clauses.iter().enumerate().rev().map(|(i, c)| (c.id.clone(), i)).collect());
    let started = std::time::Instant::now();
    let locale = Locale::of(&agreement.language);
    let world = World {
        agreement,
        lookup: &lookup,
        today,
        ids: &ids,
        tree,
        used: OnceLock::new(),
        signoff,
        started,
        locale,
        portfolio: None,
    };
    run_world(&world, memo, only)
}

/// Runs every rule file of `world`'s project over what it checks (an agreement, or a portfolio),
/// each file in parallel, and gathers what they found; a rule id registered twice is an error.
pub(super) fn run_world(world: &World<'_>, memo: Option<(&RuleCache, &Keys)>, only: Option<&str>) -> Outcome {
    let (tree, locale) = (world.tree, world.locale);
    let modules = modules(tree);
    let run = |file: &PathBuf| run_file(&modules, file, world, memo, only);
    let per_file: Vec<Outcome> = rule_files(tree).par_iter().map(run).collect();
    let mut out = Outcome::default();
    for o in per_file {
        for rule in o.rules {
            if let Some(first) = out.rules.iter().find(|r| r.id == rule.id) {
                out.errors.push(
                    Diagnostic::error(
                        "rule-error",
                        &rule.file,
                        Span::new(rule.line, 1, 0),
                        locale.msg(RuleRun::RegisteredTwice { id: &rule.id }),
                    )
                    .with_related(
                        &first.file,
                        Span::new(first.line, 1, 0),
                        locale.msg(RuleRun::FirstRegistered),
                    ),
                );
                continue;
            }
            out.rules.push(rule);
        }
        out.findings.extend(o.findings);
        out.errors.extend(o.errors);
        out.printed.extend(o.printed);
    }
    out
}

/// Runs the rules of the portfolio's `rules/` in `tree` (or the rule `only`) over `portfolio`.
/// `subject` stands for `portfolio.yaml`: its file, language, front matter (where a report that
/// names no agreement points) and rule settings and limits.
pub fn run_portfolio(
    tree: &dyn Tree,
    subject: &Agreement,
    portfolio: &Portfolio<'_>,
    today: NaiveDate,
    only: Option<&str>,
) -> Outcome {
    let lookups: Vec<_> = portfolio.agreements.iter().map(|m| m.agreement.lookup()).collect();
    let ids: Vec<Ids> = portfolio.agreements.iter().map(|m| ids_of(m.agreement)).collect();
    let started = std::time::Instant::now();
    let worlds = portfolio
        .agreements
        .iter()
        .zip(&lookups)
        .zip(&ids)
        .map(|((m, lookup), ids)| World {
            agreement: m.agreement,
            lookup,
            today,
            ids,
            tree: m.tree,
            used: OnceLock::new(),
            signoff: m.signoff,
            started,
            locale: Locale::of(&m.agreement.language),
            portfolio: None,
        })
        .collect();
    let run = Run { data: portfolio, worlds };
    let (lookup, ids) = (subject.lookup(), ids_of(subject));
    let world = World {
        agreement: subject,
        lookup: &lookup,
        today,
        ids: &ids,
        tree,
        used: OnceLock::new(),
        signoff: None,
        started,
        locale: Locale::of(&subject.language),
        portfolio: Some(&run),
    };
    run_world(&world, None, only)
}

/// Clause index by id; where ids repeat (an error of its own) the first clause wins.
fn ids_of(agreement: &Agreement) -> Ids {
    Arc::new(agreement.clauses.iter().enumerate().rev().map(|(i, c)| (c.id.clone(), i)).collect())
}
