//! Running one rule: its clause check on every clause, then its agreement check, what they
//! report collected, their failures contained, and what is unchanged since the last run taken
//! from the cache.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use mlua::{Function, MultiValue, Table, Value, Variadic};

use super::cache::{Kept, Keys, RuleCache, field_values};
use super::failures::{clause_failures, lua_error_in};
use super::limits::Abort;
use super::reads::Reads;
use super::report::{self, Report};
use super::sandbox::Sandbox;
use super::world::World;
use super::{Finding, RuleInfo, api, portfolio};
use crate::base::catalog::RuleRun as Say;
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::memo::hash_of;

/// What one rule did: its findings, the errors of its checks, and whether its limits stopped it.
pub(super) struct RuleRun {
    pub(super) findings: Vec<Finding>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) aborted: Option<Abort>,
}

/// The cache, the run's keys and the rule's own key.
type Memo<'r> = Option<(&'r RuleCache, &'r Keys, u64)>;

/// One rule's checks while they run: what they reported and read, the clause being checked, and
/// what went wrong.
struct Checks<'r> {
    sandbox: &'r Sandbox,
    rule: &'r RuleInfo,
    world: &'r World<'r>,
    memo: Memo<'r>,
    checker: report::Checker<'r>,
    reads: Rc<Reads>,
    reports: RefCell<Vec<Report>>,
    /// A portfolio check's reports on its agreements: the agreement's index and the report.
    members: RefCell<Vec<(usize, Report)>>,
    current: Cell<Option<usize>>,
    /// Clause checks that failed: the clause and the error.
    failures: RefCell<Vec<(usize, mlua::Error)>>,
    errors: RefCell<Vec<Diagnostic>>,
    /// Checks that returned a value (which clausebook ignores), the first clause check's once.
    returned: RefCell<Vec<Function>>,
}

/// Runs one rule: its clause check on every clause, then its agreement check. A check that fails
/// on a clause is reported (once per distinct error, naming the clause) and the others go on;
/// findings already reported stand. With `memo` (the cache, the run's keys and the rule's own
/// key), a check whose inputs are unchanged is not called again: its findings are taken from
/// before.
pub(super) fn run_rule(sandbox: &Sandbox, spec: &Table, rule: &RuleInfo, world: &World<'_>, memo: Memo<'_>) -> RuleRun {
    let checks = Checks {
        sandbox,
        rule,
        world,
        memo,
        checker: report::Checker::new(world, world.portfolio.is_some()),
        reads: Rc::new(Reads::default()),
        reports: RefCell::default(),
        members: RefCell::default(),
        current: Cell::default(),
        failures: RefCell::default(),
        errors: RefCell::default(),
        returned: RefCell::default(),
    };
    let result = sandbox.collect_garbage().and_then(|()| sandbox.lua.scope(|scope| checks.run(scope, spec)));
    checks.finish(result)
}

impl<'r> Checks<'r> {
    /// Both checks of the rule, inside the scope that lends them the agreement.
    fn run<'s>(&'r self, scope: &'s mlua::Scope<'s, 'r>, spec: &Table) -> mlua::Result<()> {
        let (lua, agreement) = (&self.sandbox.lua, self.world.agreement);
        let budget = self.sandbox.budget();
        let data =
            api::agreement(lua, scope, agreement, self.world, Rc::clone(&self.reads), (self.memo.is_none(), &budget))?;
        let report = scope.create_function(|_, args: Variadic<Value>| self.report(&args))?;
        self.sandbox.limit_memory_from_here()?;
        if let Ok(Value::Function(check)) = spec.raw_get::<Value>("clause") {
            self.clause_checks(&check, &data, &report)?;
        }
        self.sandbox.on_clause(None);
        if let Ok(Value::Function(check)) = spec.raw_get::<Value>("agreement") {
            self.agreement_check(&check, data, &report)?;
        }
        if let (Some(run), Ok(Value::Function(check))) = (self.world.portfolio, spec.raw_get::<Value>("portfolio")) {
            self.portfolio_check(scope, &check, run)?;
        }
        Ok(())
    }

    /// `report(…)` as the checks call it: read, paid for and kept.
    fn report(&self, args: &Variadic<Value>) -> mlua::Result<()> {
        let r = self
            .checker
            .read(self.current.get(), &self.reads.fields.borrow(), args)
            .map_err(|m| mlua::Error::runtime(format!("report: {m}")))?;
        self.sandbox.charge(r.cost())?;
        self.reports.borrow_mut().push(r);
        Ok(())
    }

    /// The clause check on every clause whose front matter parsed; a stop of the sandbox ends it.
    fn clause_checks(&self, check: &Function, data: &api::Data, report: &Function) -> mlua::Result<()> {
        let agreement = self.world.agreement;
        let row = self.memo.map(|(cache, _, rule)| cache.rows.start(hash_of(("row", rule)), agreement.clauses.len()));
        for i in 0..agreement.clauses.len() {
            if agreement.clauses[i].placeholder {
                // Its front matter did not parse: that error says enough.
                continue;
            }
            let clause_key = self.memo.and_then(|(_, keys, _)| keys.clauses[i]);
            let last = row.as_ref().zip(clause_key).and_then(|(row, k)| row.last(i, k));
            let key = self.memo.and_then(|(_, _, rule)| Some(hash_of((rule, clause_key?))));
            if let Some(kept) = last.or_else(|| self.memo.zip(key).and_then(|((cache, _, _), k)| cache.clause.get(k))) {
                self.reports.borrow_mut().extend(kept.iter().map(|r| r.on_clause(i)));
                if let Some((row, k)) = row.as_ref().zip(clause_key) {
                    row.put(i, k, kept);
                }
                continue;
            }
            self.current.set(Some(i));
            self.reads.current.set(Some(i));
            self.reads.agreement.set(false);
            self.sandbox.on_clause(Some(i));
            let before = self.reports.borrow().len();
            let table: Table = match data.clauses.raw_get(i + 1)? {
                Value::Table(made) => made,
                _ => data.clauses.get(i + 1)?,
            };
            match check.call::<MultiValue>((table, report.clone(), data.agreement.clone())) {
                Ok(values) if values.iter().any(|v| !v.is_nil()) => {
                    let mut returned = self.returned.borrow_mut();
                    if returned.is_empty() {
                        returned.push(check.clone());
                    }
                }
                Ok(_) => {
                    // Findings that depend on the clause alone are kept for next time.
                    let made = &self.reports.borrow()[before..];
                    if let Some(((cache, _, _), k)) = self.memo.zip(key)
                        && !self.reads.agreement.get()
                        && made.iter().all(|r| r.clause == Some(i))
                    {
                        let made: Arc<[Report]> = made.into();
                        cache.clause.insert(k, Arc::clone(&made));
                        if let Some((row, k)) = row.as_ref().zip(clause_key) {
                            row.put(i, k, made);
                        }
                    }
                }
                Err(e) if self.sandbox.aborted(&e).is_some() => return Err(e),
                Err(e) => self.failures.borrow_mut().push((i, e)),
            }
        }
        if let Some(((cache, _, _), row)) = self.memo.zip(row) {
            cache.rows.keep(row);
        }
        Ok(())
    }

    /// The agreement check, or its findings kept from before while what it read is unchanged.
    fn agreement_check(&self, check: &Function, data: api::Data, report: &Function) -> mlua::Result<()> {
        let agreement = self.world.agreement;
        let key = self.memo.and_then(|(_, keys, rule)| Some(hash_of((rule, keys.structure?))));
        let kept = self.memo.zip(key).and_then(|((cache, _, _), k)| cache.agreement.get(k));
        if let Some(kept) = kept.filter(|k| field_values(agreement, &k.fields) == k.values) {
            self.reports.borrow_mut().extend(kept.reports.iter().cloned());
            return Ok(());
        }
        self.current.set(None);
        self.reads.current.set(None);
        let before = self.reports.borrow().len();
        match check.call::<MultiValue>((data.agreement, report.clone())) {
            Ok(values) if values.iter().any(|v| !v.is_nil()) => self.returned.borrow_mut().push(check.clone()),
            // Findings that depend on no body are kept while the structure and the fields
            // read stay. What this rule's clause check read counts too: a field it read is
            // already in its clause's table, where the agreement check reads it unseen.
            Ok(_) => {
                if let Some(((cache, _, _), k)) = self.memo.zip(key)
                    && !self.reads.body.get()
                {
                    let mut fields: Vec<String> = self.reads.fields.take().into_iter().collect();
                    fields.sort();
                    let values = field_values(agreement, &fields);
                    let reports = self.reports.borrow()[before..].into();
                    cache.agreement.insert(k, Arc::new(Kept { fields, values, reports }));
                }
            }
            Err(e) if self.sandbox.aborted(&e).is_some() => return Err(e),
            Err(e) => {
                let locale = self.world.locale;
                let context = locale.msg(Say::AgreementCheckFailed { id: &self.rule.id });
                self.errors.borrow_mut().push(lua_error_in(locale, &self.rule.file, &e, &context));
            }
        }
        Ok(())
    }

    /// The portfolio check, called as `check(p, report)`: a report that names an agreement (or a
    /// clause of one) is read against that agreement, any other against `portfolio.yaml`.
    fn portfolio_check<'s>(
        &'r self,
        scope: &'s mlua::Scope<'s, 'r>,
        check: &Function,
        run: &'r super::world::Run<'r>,
    ) -> mlua::Result<()> {
        let lua = &self.sandbox.lua;
        let tables = portfolio::tables(lua, scope, (self.world, run), &self.reads, &self.sandbox.budget())?;
        let checkers: Vec<report::Checker<'r>> = run.worlds.iter().map(|w| report::Checker::new(w, true)).collect();
        let p = tables.p.clone();
        let report = scope.create_function(move |_, args: Variadic<Value>| {
            let misused = |m: String| mlua::Error::runtime(format!("report: {m}"));
            match portfolio::target(run, &tables, &args, self.world.locale).map_err(misused)? {
                None => self.report(&args),
                Some(k) => {
                    let r = checkers[k].read(None, &self.reads.fields.borrow(), &args).map_err(misused)?;
                    self.sandbox.charge(r.cost())?;
                    self.members.borrow_mut().push((k, r));
                    Ok(())
                }
            }
        })?;
        self.sandbox.limit_memory_from_here()?;
        match check.call::<MultiValue>((p, report)) {
            Ok(values) if values.iter().any(|v| !v.is_nil()) => self.returned.borrow_mut().push(check.clone()),
            Ok(_) => {}
            Err(e) if self.sandbox.aborted(&e).is_some() => return Err(e),
            Err(e) => {
                let locale = self.world.locale;
                let context = locale.msg(Say::PortfolioCheckFailed { id: &self.rule.id });
                self.errors.borrow_mut().push(lua_error_in(locale, &self.rule.file, &e, &context));
            }
        }
        Ok(())
    }

    /// What the rule did, once its checks ran (or were stopped: `result`).
    fn finish(self, result: mlua::Result<()>) -> RuleRun {
        let (rule, agreement, locale) = (self.rule, self.world.agreement, self.world.locale);
        let mut errors = self.errors.take();
        let aborted = match result {
            Ok(()) => None,
            Err(e) => self.sandbox.aborted(&e).or_else(|| {
                errors.push(lua_error_in(locale, &rule.file, &e, &locale.msg(Say::RuleFailed { id: &rule.id })));
                None
            }),
        };
        errors.splice(0..0, clause_failures(locale, rule, agreement, self.failures.take()));
        for check in self.returned.take() {
            let line = check.info().line_defined.unwrap_or(rule.line as usize) as u32;
            errors.push(
                Diagnostic::error(
                    "rule-error",
                    &rule.file,
                    Span::new(line, 1, 0),
                    locale.msg(Say::CheckReturned { id: &rule.id }),
                )
                .with_hint(locale.msg(Say::CheckReturnedHint)),
            );
        }
        let mut findings: Vec<Finding> =
            self.reports.take().into_iter().map(|r| report::place(rule, agreement, r)).collect();
        findings.extend(super::portfolio::place(rule, self.world, self.members.take()));
        RuleRun { findings, errors, aborted }
    }
}
