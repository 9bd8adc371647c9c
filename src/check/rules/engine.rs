//! Running the rules: each rule file in a sandbox of its own (files in parallel), each rule over
//! every clause and then the agreement, its failures contained and named.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use mlua::{Function, MultiValue, Table, Value, Variadic};
use rayon::prelude::*;

use super::cache::{Kept, Keys, RuleCache, field_values};
use super::report::{self, Report};
use super::sandbox::{self, Abort, Sandbox};
use super::{Finding, Outcome, RULES, RuleInfo, api, helpers, rule_files, spec};
use crate::base::diagnostic::{Diagnostic, Span};
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
    used: OnceLock<HashSet<String>>,
    /// The sign-off of the agreement's text (`a.approvals`).
    pub(super) signoff: Option<&'a crate::signoff::Status>,
    /// When the run's rules started: together they may run [`TOTAL_DEADLINES`] deadlines.
    started: std::time::Instant,
}

/// How many rules one file may register: each has its own budget and deadline, so a file of
/// thousands of looping rules would otherwise run for hours.
const MOST_RULES_PER_FILE: usize = 500;

/// How many rule deadlines (`rule_limits.seconds`) the rules of one check may run in all, however
/// many rules there are: 6, so a minute by default.
const TOTAL_DEADLINES: u32 = 6;

impl World<'_> {
    /// Clause `i` as printed lines name it: `id (file)`.
    fn label(&self, i: usize) -> String {
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

/// The helper modules of `rules/lib/`, by path below it.
fn modules(tree: &dyn Tree) -> sandbox::Modules {
    let lib = Path::new(RULES).join("lib");
    Arc::new(
        tree.files(&lib)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| Some((p.strip_prefix(&lib).ok()?.to_path_buf(), tree.read(&p).ok()?)))
            .collect(),
    )
}

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
    let modules = modules(tree);
    let lookup = agreement.lookup();
    let keys = cache.map(|_| Keys::of(agreement, &lookup, crate::base::memo::hash_of(signoff)));
    let memo = cache.zip(keys.as_ref());
    // Clause index by id; where ids repeat (an error of its own) the first clause wins.
    let ids: Ids = Arc::new(agreement.clauses.iter().enumerate().rev().map(|(i, c)| (c.id.clone(), i)).collect());
    let started = std::time::Instant::now();
    let world = World { agreement, lookup: &lookup, today, ids: &ids, tree, used: OnceLock::new(), signoff, started };
    let run = |file: &PathBuf| run_file(&modules, file, &world, memo, only);
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
                        format!("rule id `{}` is registered twice", rule.id),
                    )
                    .with_related(
                        &first.file,
                        Span::new(first.line, 1, 0),
                        "first registered here",
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

/// A Lua error as a finding in the rule file: `rules/x.lua:LINE: message`, traceback as a note.
/// The place is the innermost frame in `rules/` (maybe a lib module) that the message names, or
/// else the innermost such frame of the traceback (errors raised by helpers written in Rust).
fn lua_error(file: &Path, error: &mlua::Error, context: &str) -> Diagnostic {
    static PLACE: OnceLock<regex::Regex> = OnceLock::new();
    let place_re = PLACE
        .get_or_init(|| regex::Regex::new(r#"(rules/[^\s:"\[\]]+\.lua):(\d+):"#).unwrap_or_else(|_| unreachable!()));
    let text = error.to_string();
    let (message, traceback) = match text.split_once("\nstack traceback:") {
        Some((m, t)) => (m.to_string(), Some(format!("stack traceback:{t}"))),
        None => (text.clone(), None),
    };
    let mut message = message.as_str();
    for prefix in ["callback error: ", "runtime error: ", "syntax error: "] {
        message = message.strip_prefix(prefix).unwrap_or(message);
    }
    let found = |text: &str| {
        place_re.captures(text).and_then(|c| {
            Some((PathBuf::from(c.get(1)?.as_str()), c.get(2)?.as_str().parse::<u32>().ok()?, c.get(0)?.range()))
        })
    };
    let (place, line, rest) = match found(message) {
        Some((place, line, range)) => {
            (place, line, format!("{}{}", &message[..range.start], message[range.end..].trim_start()))
        }
        None => match traceback.as_deref().and_then(found) {
            Some((place, line, _)) => (place, line, message.to_string()),
            None => (file.to_path_buf(), 1, message.to_string()),
        },
    };
    let shown = crate::base::escape::path(file);
    let mut d = Diagnostic::error("rule-error", &place, Span::new(line, 1, 0), format!("{context}: {rest}"));
    if place != file {
        d = d.with_related(file, Span::new(1, 1, 0), format!("used by {shown}"));
    }
    match traceback {
        Some(t) => d.with_note(t.trim_end().to_string()),
        None => d,
    }
}

/// Loads one rule file into a fresh sandbox and runs each of its rules (or only the rule `only`).
/// A rule stopped by its limits leaves the state spent: the file is loaded again into a fresh
/// state for the rules after it, so that no rule is skipped without a word.
fn run_file(
    modules: &sandbox::Modules,
    file: &Path,
    world: &World<'_>,
    memo: Option<(&RuleCache, &Keys)>,
    only: Option<&str>,
) -> Outcome {
    let (agreement, today) = (world.agreement, world.today);
    let mut out = Outcome::default();
    let source = match world.tree.read(file).map(|b| String::from_utf8(b.to_vec())) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            out.errors.push(Diagnostic::error("rule-error", file, Span::start(), "the rule file is not valid UTF-8"));
            return out;
        }
        Err(e) => {
            out.errors.push(Diagnostic::error(
                "rule-error",
                file,
                Span::start(),
                format!("cannot read the rule file: {e}"),
            ));
            return out;
        }
    };
    let limits = &agreement.rules;
    // Everything a rule's findings depend on besides the agreement.
    let mut libraries: Vec<_> = modules.iter().collect();
    libraries.sort();
    let program = crate::base::memo::hash_of((file, &source, libraries, limits.instructions, limits.memory_mb, today));
    // The registrations of the first load, and how far the file's rules have run.
    let mut first: Option<Vec<Option<String>>> = None;
    let (mut next, mut charged) = (0, 0);
    loop {
        let sandbox = match Sandbox::new(file, Arc::clone(modules), limits) {
            Ok(s) => s,
            Err(e) => {
                out.errors.push(Diagnostic::error("rule-error", file, Span::start(), format!("cannot start Lua: {e}")));
                return out;
            }
        };
        sandbox.carry_charge(charged);
        let registered = match register(&sandbox, file, &source, today) {
            Ok(r) => r,
            Err(e) if first.is_none() => {
                let d = match sandbox.aborted(&e) {
                    Some(a) => stopped_rule(file, 1, "loading the rule file", &a, sandbox.stopped_at()),
                    None => lua_error(file, &e, "the rule file failed to load"),
                };
                out.errors.push(d);
                out.printed.extend(sandbox.take_printed(|i| world.label(i)));
                return out;
            }
            Err(_) => return out,
        };
        let ids: Vec<Option<String>> =
            registered.iter().map(|(spec, _)| spec.raw_get::<Option<String>>("id").ok().flatten()).collect();
        match &first {
            None => {
                out.printed.extend(sandbox.take_printed(|i| world.label(i)));
                first = Some(ids.clone());
            }
            Some(before) if *before != ids => {
                let why = "loaded again after the rule before it was stopped, the file registered other rules";
                not_run(&mut out, file, &registered[next.min(registered.len())..], why);
                return out;
            }
            Some(_) => drop(sandbox.take_printed(|i| world.label(i))),
        }
        if registered.len() > MOST_RULES_PER_FILE && next == 0 {
            out.errors.push(Diagnostic::error(
                "rule-error",
                file,
                Span::new(registered[MOST_RULES_PER_FILE].1, 1, 0),
                format!(
                    "a rule file registers at most {MOST_RULES_PER_FILE} rules; this one registers {}, and those after the {MOST_RULES_PER_FILE}th do not run",
                    registered.len()
                ),
            ));
        }
        let registered = &registered[..registered.len().min(MOST_RULES_PER_FILE)];
        let total = std::time::Duration::from_secs(limits.seconds) * TOTAL_DEADLINES;
        let mut stopped = None;
        for (k, (spec, line)) in registered.iter().enumerate().skip(next) {
            if only.is_some_and(|only| ids[k].as_deref() != Some(only)) {
                continue;
            }
            if world.started.elapsed() > total {
                let why = format!(
                    "the rules of this check already ran for {TOTAL_DEADLINES} times `rule_limits.seconds` ({} s) in all",
                    total.as_secs()
                );
                not_run(&mut out, file, &registered[k..], &why);
                return out;
            }
            let rule = match spec::describe(spec, file, *line, &source) {
                Ok(r) => r,
                Err(problems) => {
                    out.errors.extend(problems);
                    continue;
                }
            };
            sandbox.start_rule(&rule.id);
            let memo = memo.map(|(cache, keys)| (cache, keys, crate::base::memo::hash_of((program, &rule.id))));
            let run = run_rule(&sandbox, spec, &rule, world, memo);
            sandbox.end_rule();
            out.findings.extend(run.findings);
            out.errors.extend(run.errors);
            out.printed.extend(sandbox.take_printed(|i| world.label(i)));
            if let Some(abort) = run.aborted {
                let what = format!("rule `{}`", rule.id);
                out.errors.push(stopped_rule(file, *line, &what, &abort, sandbox.stopped_at()));
                stopped = Some((k + 1, abort));
            }
            out.rules.push(rule);
            if stopped.is_some() {
                break;
            }
        }
        let Some((after, abort)) = stopped else { return out };
        next = after;
        charged = sandbox.charged();
        if next >= registered.len() {
            return out;
        }
        if let Abort::Reports(_) = abort {
            let why = "the findings and printed lines of the rules before it used up the rule file's memory limit";
            not_run(&mut out, file, &registered[next..], why);
            return out;
        }
    }
}

/// A rule stopped by its limits, reported where it was running when known (the loop, not the
/// `rule {`), with the rule's registration as the related place.
fn stopped_rule(file: &Path, line: u32, what: &str, abort: &Abort, at: Option<(String, u32)>) -> Diagnostic {
    let message = format!("{what} {}", abort.message());
    let registered = Span::new(line, 1, 0);
    match at {
        Some((chunk, at_line)) if chunk.starts_with("rules/") => {
            let place = PathBuf::from(&chunk);
            let mut d = Diagnostic::error("rule-error", &place, Span::new(at_line, 1, 0), message)
                .with_note(format!("it was running {chunk}:{at_line} when it was stopped"));
            if place != file || at_line != line {
                d = d.with_related(file, registered, format!("{what}: registered here"));
            }
            d
        }
        _ => Diagnostic::error("rule-error", file, registered, message),
    }
}

/// Reports each rule of `rest` as not run, and why.
fn not_run(out: &mut Outcome, file: &Path, rest: &[(Table, u32)], why: &str) {
    for (spec, line) in rest {
        let id = spec.raw_get::<Option<String>>("id").ok().flatten().unwrap_or_else(|| "?".into());
        out.errors.push(Diagnostic::error(
            "rule-error",
            file,
            Span::new(*line, 1, 0),
            format!("rule `{id}` did not run: {why}"),
        ));
    }
}

/// The rules the project in `tree` registers, without running any check (for `clausebook
/// explain` and `clausebook test`), and the problems of files that do not load.
pub fn registered(tree: &dyn Tree, limits: &crate::base::model::RuleConfig) -> (Vec<RuleInfo>, Vec<Diagnostic>) {
    let (mut rules, mut errors) = (Vec::new(), Vec::new());
    let modules = modules(tree);
    let today = NaiveDate::default();
    for file in rule_files(tree) {
        let Ok(source) = tree.read(&file).map(|b| String::from_utf8_lossy(&b).into_owned()) else { continue };
        let sandbox = match Sandbox::new(&file, Arc::clone(&modules), limits) {
            Ok(s) => s,
            Err(e) => {
                errors.push(Diagnostic::error("rule-error", &file, Span::start(), format!("cannot start Lua: {e}")));
                continue;
            }
        };
        match register(&sandbox, &file, &source, today) {
            Ok(specs) => {
                for (spec, line) in specs {
                    match spec::describe(&spec, &file, line, &source) {
                        Ok(rule) => rules.push(rule),
                        Err(problems) => errors.extend(problems),
                    }
                }
            }
            Err(e) => errors.push(lua_error(&file, &e, "the rule file failed to load")),
        }
    }
    (rules, errors)
}

/// Runs the rule file and returns what it registered with `rule { … }`, with the call's line.
fn register(sandbox: &Sandbox, file: &Path, source: &str, today: NaiveDate) -> mlua::Result<Vec<(Table, u32)>> {
    let lua = &sandbox.lua;
    let registered: Rc<RefCell<Vec<(Table, u32)>>> = Rc::default();
    let sink = Rc::clone(&registered);
    let rule = lua.create_function(move |lua, spec: Value| {
        let Value::Table(spec) = spec else {
            return Err(mlua::Error::runtime(
                "rule expects a table: rule { id = \"…\", description = \"…\", clause = function(c, report) … end }",
            ));
        };
        let line = lua.inspect_stack(1, |d| d.current_line()).flatten().unwrap_or(1) as u32;
        sink.borrow_mut().push((spec, line));
        Ok(())
    })?;
    let globals = lua.globals();
    globals.raw_set("rule", rule)?;
    globals.raw_set("today", today.to_string())?;
    globals.raw_set("date", helpers::date_library(lua)?)?;
    globals.raw_set("re", helpers::re_library(lua, sandbox.budget())?)?;
    sandbox.start_clock(None);
    let ran = sandbox.exec_file(file, source);
    sandbox.end_rule();
    ran?;
    Ok(registered.take())
}

/// What one rule did: its findings, the errors of its checks, and whether its limits stopped it.
struct RuleRun {
    findings: Vec<Finding>,
    errors: Vec<Diagnostic>,
    aborted: Option<Abort>,
}

/// Runs one rule: its clause check on every clause, then its agreement check. A check that fails
/// on a clause is reported (once per distinct error, naming the clause) and the others go on;
/// findings already reported stand. With `memo` (the cache, the run's keys and the rule's own
/// key), a check whose inputs are unchanged is not called again: its findings are taken from
/// before.
fn run_rule(
    sandbox: &Sandbox,
    spec: &Table,
    rule: &RuleInfo,
    world: &World<'_>,
    memo: Option<(&RuleCache, &Keys, u64)>,
) -> RuleRun {
    use crate::base::memo::hash_of;
    let agreement = world.agreement;
    let lua = &sandbox.lua;
    let reports: RefCell<Vec<Report>> = RefCell::default();
    let current: Cell<Option<usize>> = Cell::default();
    let failures: RefCell<Vec<(usize, mlua::Error)>> = RefCell::default();
    let mut errors = Vec::new();
    let mut returned: Vec<Function> = Vec::new();
    let checker = report::Checker::new(world);
    let reads = Rc::new(api::Reads::default());
    let result = sandbox.collect_garbage().and_then(|()| {
        lua.scope(|scope| {
            let data = api::agreement(lua, scope, agreement, world, Rc::clone(&reads), memo.is_none())?;
            let report = scope.create_function(|_, args: Variadic<Value>| {
                let r = checker
                    .read(current.get(), &reads.fields.borrow(), &args)
                    .map_err(|m| mlua::Error::runtime(format!("report: {m}")))?;
                sandbox.charge(r.cost())?;
                reports.borrow_mut().push(r);
                Ok(())
            })?;
            sandbox.limit_memory_from_here()?;
            if let Ok(Value::Function(check)) = spec.raw_get::<Value>("clause") {
                for i in 0..agreement.clauses.len() {
                    if agreement.clauses[i].placeholder {
                        // Its front matter did not parse: that error says enough.
                        continue;
                    }
                    let key = memo.and_then(|(_, keys, rule)| Some(hash_of((rule, keys.clauses[i]?))));
                    if let Some(kept) = memo.zip(key).and_then(|((cache, _, _), k)| cache.clause.get(k)) {
                        reports.borrow_mut().extend(kept.iter().map(|r| r.on_clause(i)));
                        continue;
                    }
                    current.set(Some(i));
                    reads.current.set(Some(i));
                    reads.agreement.set(false);
                    sandbox.on_clause(Some(i));
                    let before = reports.borrow().len();
                    let table: Table = match data.clauses.raw_get(i + 1)? {
                        Value::Table(made) => made,
                        _ => data.clauses.get(i + 1)?,
                    };
                    match check.call::<MultiValue>((table, report.clone(), data.agreement.clone())) {
                        Ok(values) if values.iter().any(|v| !v.is_nil()) => {
                            if returned.is_empty() {
                                returned.push(check.clone());
                            }
                        }
                        Ok(_) => {
                            // Findings that depend on the clause alone are kept for next time.
                            let made = &reports.borrow()[before..];
                            if let Some(((cache, _, _), k)) = memo.zip(key)
                                && !reads.agreement.get()
                                && made.iter().all(|r| r.clause == Some(i))
                            {
                                cache.clause.insert(k, made.into());
                            }
                        }
                        Err(e) if sandbox.aborted(&e).is_some() => return Err(e),
                        Err(e) => failures.borrow_mut().push((i, e)),
                    }
                }
            }
            sandbox.on_clause(None);
            if let Ok(Value::Function(check)) = spec.raw_get::<Value>("agreement") {
                let key = memo.and_then(|(_, keys, rule)| Some(hash_of((rule, keys.structure?))));
                let kept = memo.zip(key).and_then(|((cache, _, _), k)| cache.agreement.get(k));
                if let Some(kept) = kept.filter(|k| field_values(agreement, &k.fields) == k.values) {
                    reports.borrow_mut().extend(kept.reports.iter().cloned());
                    return Ok(());
                }
                current.set(None);
                reads.current.set(None);
                let before = reports.borrow().len();
                match check.call::<MultiValue>((data.agreement, report.clone())) {
                    Ok(values) if values.iter().any(|v| !v.is_nil()) => returned.push(check.clone()),
                    // Findings that depend on no body are kept while the structure and the fields
                    // read stay. What this rule's clause check read counts too: a field it read is
                    // already in its clause's table, where the agreement check reads it unseen.
                    Ok(_) => {
                        if let Some(((cache, _, _), k)) = memo.zip(key)
                            && !reads.body.get()
                        {
                            let mut fields: Vec<String> = reads.fields.take().into_iter().collect();
                            fields.sort();
                            let values = field_values(agreement, &fields);
                            let reports = reports.borrow()[before..].into();
                            cache.agreement.insert(k, Arc::new(Kept { fields, values, reports }));
                        }
                    }
                    Err(e) if sandbox.aborted(&e).is_some() => return Err(e),
                    Err(e) => errors.push(lua_error(
                        &rule.file,
                        &e,
                        &format!("rule `{}` failed in its agreement check", rule.id),
                    )),
                }
            }
            Ok(())
        })
    });
    let aborted = match result {
        Ok(()) => None,
        Err(e) => sandbox.aborted(&e).or_else(|| {
            errors.push(lua_error(&rule.file, &e, &format!("rule `{}` failed", rule.id)));
            None
        }),
    };
    errors.splice(0..0, clause_failures(rule, agreement, failures.take()));
    for check in returned {
        let line = check.info().line_defined.unwrap_or(rule.line as usize) as u32;
        errors.push(
            Diagnostic::error(
                "rule-error",
                &rule.file,
                Span::new(line, 1, 0),
                format!("rule `{}`: a check returned a value, which clausebook ignores", rule.id),
            )
            .with_hint("report each finding with report(\"message\", \"field\"); a check returns nothing"),
        );
    }
    let findings = reports.take().into_iter().map(|r| report::place(rule, agreement, r)).collect();
    RuleRun { findings, errors, aborted }
}

/// The errors of a clause check, one per distinct error, naming the first clause it happened on
/// (and how many others).
fn clause_failures(rule: &RuleInfo, agreement: &Agreement, failures: Vec<(usize, mlua::Error)>) -> Vec<Diagnostic> {
    // Grouped by where and what, in the order first seen.
    let mut groups: Vec<(Vec<usize>, mlua::Error)> = Vec::new();
    let mut group_of: HashMap<(PathBuf, Span, String), usize> = HashMap::new();
    for (i, e) in failures {
        let bare = lua_error(&rule.file, &e, "");
        match group_of.get(&(bare.file.clone(), bare.span, bare.message.clone())) {
            Some(&g) => groups[g].0.push(i),
            None => {
                group_of.insert((bare.file, bare.span, bare.message), groups.len());
                groups.push((vec![i], e));
            }
        }
    }
    groups
        .into_iter()
        .map(|(clauses, e)| {
            let c = &agreement.clauses[clauses[0]];
            let context = format!(
                "rule `{}` failed on clause `{}` ({})",
                rule.id,
                crate::base::escape::name(&c.id),
                crate::base::escape::path(&c.file)
            );
            let mut d = lua_error(&rule.file, &e, &context).with_related(
                &c.file,
                c.front.span,
                format!("the clause being checked (`{}`)", c.id),
            );
            if clauses.len() > 1 {
                let others: Vec<String> =
                    clauses[1..].iter().take(5).map(|i| format!("`{}`", agreement.clauses[*i].id)).collect();
                let more = if clauses.len() > 6 { ", …" } else { "" };
                d.message.push_str(&format!(
                    " (and the same way on {} other clause(s): {}{more})",
                    clauses.len() - 1,
                    others.join(", ")
                ));
            }
            d
        })
        .collect()
}
