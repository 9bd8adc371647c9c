//! Running one rule file: loaded into a fresh sandbox, each of its rules run in turn, and loaded
//! again after a rule its limits stopped, so that no rule is skipped without a word.

use std::path::Path;
use std::sync::Arc;

use mlua::Table;

use super::cache::{Keys, RuleCache};
use super::failures::{lua_error_in, not_run, stopped_rule};
use super::limits::Abort;
use super::registry::register;
use super::rule_run::run_rule;
use super::sandbox::{Modules, Sandbox};
use super::world::World;
use super::{Outcome, spec};
use crate::base::catalog::{NotRun, RuleRun, Stoppable};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::memo::hash_of;

/// How many rules one file may register: each has its own budget and deadline, so a file of
/// thousands of looping rules would otherwise run for hours.
const MOST_RULES_PER_FILE: usize = 500;

/// How many rule deadlines (`rule_limits.seconds`) the rules of one check may run in all, however
/// many rules there are: 6, so a minute by default.
const TOTAL_DEADLINES: u32 = 6;

/// One rule file's run: its source, the ids its first load registered, and what it found so far.
struct FileRun<'r> {
    modules: &'r Modules,
    file: &'r Path,
    world: &'r World<'r>,
    memo: Option<(&'r RuleCache, &'r Keys)>,
    only: Option<&'r str>,
    source: String,
    /// Everything a rule's findings depend on besides the agreement.
    program: u64,
    /// The ids of the rules the first load registered.
    first: Option<Vec<Option<String>>>,
    out: Outcome,
}

/// Loads one rule file into a fresh sandbox and runs each of its rules (or only the rule `only`).
/// A rule stopped by its limits leaves the state spent: the file is loaded again into a fresh
/// state for the rules after it, so that no rule is skipped without a word.
pub(super) fn run_file(
    modules: &Modules,
    file: &Path,
    world: &World<'_>,
    memo: Option<(&RuleCache, &Keys)>,
    only: Option<&str>,
) -> Outcome {
    let source = match read_source(world, file) {
        Ok(source) => source,
        Err(d) => return Outcome { errors: vec![*d], ..Outcome::default() },
    };
    let limits = &world.agreement.rules;
    let mut libraries: Vec<_> = modules.iter().collect();
    libraries.sort();
    // A duty's `schedule` depends on the agreement's start and working-day calendar too.
    let dates = (world.today, world.agreement.effective, &*world.agreement.workdays);
    let program = hash_of((file, &source, libraries, limits.instructions, limits.memory_mb, dates));
    let mut run = FileRun { modules, file, world, memo, only, source, program, first: None, out: Outcome::default() };
    let (mut next, mut charged) = (0, 0);
    while let Some(resume) = run.load_and_run(next, charged) {
        (next, charged) = resume;
    }
    run.out
}

/// The rule file's text, or the error that it cannot be read.
fn read_source(world: &World<'_>, file: &Path) -> Result<String, Box<Diagnostic>> {
    match world.tree.read(file).map(|b| String::from_utf8(b.to_vec())) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(_)) => {
            Err(Box::new(Diagnostic::error("rule-error", file, Span::start(), world.locale.msg(RuleRun::NotUtf8))))
        }
        Err(e) => {
            let message = world.locale.msg(RuleRun::CannotRead { error: &e });
            Err(Box::new(Diagnostic::error("rule-error", file, Span::start(), message)))
        }
    }
}

impl FileRun<'_> {
    /// Loads the file into a fresh sandbox (`charged` with what the rules before took) and runs
    /// its rules from the `next`th on; where to go on from if one was stopped and others remain.
    fn load_and_run(&mut self, next: usize, charged: usize) -> Option<(usize, usize)> {
        let (file, limits) = (self.file, &self.world.agreement.rules);
        let sandbox = match Sandbox::new(file, Arc::clone(self.modules), limits) {
            Ok(s) => s,
            Err(e) => {
                let message = self.world.locale.msg(RuleRun::CannotStartLua { error: &e });
                let d = Diagnostic::error("rule-error", file, Span::start(), message);
                self.out.errors.push(d);
                return None;
            }
        };
        sandbox.carry_charge(charged);
        let registered = self.registered(&sandbox, next)?;
        let registered = &registered[..registered.len().min(MOST_RULES_PER_FILE)];
        let (after, abort) = self.run_rules(&sandbox, registered, next)?;
        let charged = sandbox.charged();
        if after >= registered.len() {
            return None;
        }
        if let Abort::Reports(_) = abort {
            not_run(self.world.locale, &mut self.out, file, &registered[after..], NotRun::ReportsFull);
            return None;
        }
        Some((after, charged))
    }

    /// What the file registers in `sandbox`: nothing if it failed to load, or if a load after
    /// the first registered other rules (said of the rules from the `next`th on).
    fn registered(&mut self, sandbox: &Sandbox, next: usize) -> Option<Vec<(Table, u32)>> {
        let (file, world) = (self.file, self.world);
        let registered = match register(sandbox, file, &self.source, world.today, world.locale()) {
            Ok(r) => r,
            Err(e) if self.first.is_none() => {
                let d = match sandbox.aborted(&e) {
                    Some(a) => stopped_rule(world.locale, file, 1, Stoppable::Loading, &a, sandbox.stopped_at()),
                    None => lua_error_in(world.locale, file, &e, &world.locale.msg(RuleRun::LoadFailed)),
                };
                self.out.errors.push(d);
                self.out.printed.extend(sandbox.take_printed(|i| world.label(i)));
                return None;
            }
            Err(_) => return None,
        };
        let ids: Vec<Option<String>> =
            registered.iter().map(|(spec, _)| spec.raw_get::<Option<String>>("id").ok().flatten()).collect();
        match &self.first {
            None => {
                self.out.printed.extend(sandbox.take_printed(|i| world.label(i)));
                self.first = Some(ids);
            }
            Some(before) if *before != ids => {
                let rest = &registered[next.min(registered.len())..];
                not_run(world.locale, &mut self.out, file, rest, NotRun::OtherRules);
                return None;
            }
            Some(_) => drop(sandbox.take_printed(|i| world.label(i))),
        }
        if registered.is_empty() && next == 0 {
            let message = world.locale.msg(RuleRun::NoRule);
            let d = Diagnostic::warning("rule-error", file, Span::start(), message);
            self.out.errors.push(d.with_hint(world.locale.msg(RuleRun::NoRuleHint)));
        }
        if registered.len() > MOST_RULES_PER_FILE && next == 0 {
            self.out.errors.push(Diagnostic::error(
                "rule-error",
                file,
                Span::new(registered[MOST_RULES_PER_FILE].1, 1, 0),
                world.locale.msg(RuleRun::TooManyRules { most: MOST_RULES_PER_FILE, count: registered.len() }),
            ));
        }
        Some(registered)
    }

    /// Runs the `registered` rules from the `next`th on; the rule after the one its limits
    /// stopped, and why, if one was.
    fn run_rules(&mut self, sandbox: &Sandbox, registered: &[(Table, u32)], next: usize) -> Option<(usize, Abort)> {
        let (file, world) = (self.file, self.world);
        let total = std::time::Duration::from_secs(world.agreement.rules.seconds) * TOTAL_DEADLINES;
        let ids = self.first.clone().unwrap_or_default();
        for (k, (spec, line)) in registered.iter().enumerate().skip(next) {
            if self.only.is_some_and(|only| ids[k].as_deref() != Some(only)) {
                continue;
            }
            if world.started.elapsed() > total {
                let why = NotRun::TotalTime { times: TOTAL_DEADLINES, seconds: total.as_secs() };
                not_run(world.locale, &mut self.out, file, &registered[k..], why);
                return None;
            }
            let rule =
                match spec::describe(spec, file, *line, &self.source, (self.world.locale(), world.portfolio.is_some()))
                {
                    Ok(r) => r,
                    Err(problems) => {
                        self.out.errors.extend(problems);
                        continue;
                    }
                };
            sandbox.start_rule(&rule.id);
            let memo = self.memo.map(|(cache, keys)| (cache, keys, hash_of((self.program, &rule.id))));
            let run = run_rule(sandbox, spec, &rule, world, memo);
            sandbox.end_rule();
            self.out.findings.extend(run.findings);
            self.out.errors.extend(run.errors);
            self.out.printed.extend(sandbox.take_printed(|i| world.label(i)));
            if let Some(abort) = run.aborted {
                let what = Stoppable::Rule(&rule.id);
                let stopped = stopped_rule(world.locale, file, *line, what, &abort, sandbox.stopped_at());
                self.out.errors.push(stopped);
                self.out.rules.push(rule);
                return Some((k + 1, abort));
            }
            self.out.rules.push(rule);
        }
        None
    }
}
