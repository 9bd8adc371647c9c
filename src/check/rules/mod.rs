//! The project's own rules: `rules/*.lua`, each registering rules with `rule { … }`, run in a
//! sandbox (see [`sandbox`]) over the agreement. See `docs/rules.md` for the API.
//!
//! Each rule file gets its own Lua state, so files run in parallel; each rule gets the agreement as
//! fresh tables and its own instruction budget. A rule's findings become [`Diagnostic`]s located
//! at the exact front matter node or body line the rule names.

pub mod api;
pub mod sandbox;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use mlua::{Function, Lua, Table, Value};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::Agreement;
use crate::tree::Tree;
use crate::yaml::PathStep;
use sandbox::Sandbox;

/// The folder of rule files, relative to the project root.
pub const RULES: &str = "rules";

/// A rule as registered by its file.
#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize)]
pub struct RuleInfo {
    /// Unique id (`duty-has-owner`).
    pub id: String,
    /// Severity before project overrides.
    pub severity: Severity,
    /// One line saying what the rule wants.
    pub description: String,
    /// The rule file, relative to the project root.
    pub file: PathBuf,
    /// Line of the `rule { … }` call.
    pub line: u32,
}

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
}

/// The rule files of a project, in file-name order (`rules/*.lua`; `rules/lib/` holds helpers).
pub fn rule_files(tree: &dyn Tree) -> Vec<PathBuf> {
    let dir = Path::new(RULES);
    let files = tree.files(dir).unwrap_or_default();
    files.into_iter().filter(|p| p.parent() == Some(dir) && p.extension().is_some_and(|x| x == "lua")).collect()
}

/// What checks found before, kept between the runs of an editing session or the versions of a
/// build: a clause check's findings on a clause, while the rule file, its libraries, `today` and
/// what the check could see of the clause stay the same (and it did not read the agreement); an
/// agreement check's findings, while the agreement's structure and the clause fields it read stay
/// the same (and it read no body). See "Incremental checking" in docs/rules.md.
#[derive(Debug, Default)]
pub struct RuleCache {
    clause: crate::memo::Memo<Arc<[Report]>>,
    agreement: crate::memo::Memo<Arc<Kept>>,
}

/// An agreement check's findings, and the clause fields they came from.
#[derive(Debug)]
struct Kept {
    /// The fields the check read, by name, sorted.
    fields: Vec<String>,
    /// Those fields' values in every clause, hashed.
    values: u64,
    reports: Arc<[Report]>,
}

/// A hash of the values of `fields` in every clause of `agreement` (as rules see them).
fn field_values(agreement: &Agreement, fields: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in &agreement.clauses {
        for f in fields {
            match f.as_str() {
                "id" => c.id.hash(&mut h),
                "title" => c.title.hash(&mut h),
                "status" => c.status.hash(&mut h),
                "label" => c.number.hash(&mut h),
                "file" => c.file.hash(&mut h),
                "chapter" => c.chapter.map(|i| (&agreement.chapters[i].id, &agreement.chapters[i].title)).hash(&mut h),
                "fields" => c.front_id.hash(&mut h),
                other => c.front.get(other).map(|e| &e.value).hash(&mut h),
            }
        }
    }
    h.finish()
}

impl RuleCache {
    /// Forgets what the runs since the last sweep did not use.
    pub fn sweep(&self) {
        self.clause.sweep();
        self.agreement.sweep();
    }
}

/// The keys of what checks can see, computed once per run: for each clause, what its table shows
/// (`None` when its file has no content id); and the agreement's structure (`_index.md`, parties,
/// chapters, and every clause's id, file, number and chapter).
struct Keys {
    clauses: Vec<Option<u64>>,
    structure: Option<u64>,
}

impl Keys {
    fn of(agreement: &Agreement, lookup: &crate::model::Lookup<'_>) -> Keys {
        use crate::memo::hash_of;
        let chapter = |c: &crate::model::Clause| {
            c.chapter.map(|i| (&agreement.chapters[i].id, agreement.chapters[i].number, &agreement.chapters[i].title))
        };
        let clauses: Vec<Option<u64>> = agreement
            .clauses
            .par_iter()
            .map(|c| {
                let targets: Vec<Option<&str>> =
                    c.body.links.iter().map(|l| lookup.target(&l.target).map(|t| t.id.as_str())).collect();
                let file = c.file.as_os_str().as_encoded_bytes();
                Some(hash_of((c.source_id.as_ref()?, file, c.number, chapter(c), &agreement.language, targets)))
            })
            .collect();
        let complete = clauses.iter().all(Option::is_some);
        let structure = complete.then(|| {
            let parties: Vec<_> = agreement.parties.iter().map(|p| (&p.id, &p.name, &p.liaison, &p.role)).collect();
            let chapters: Vec<_> = agreement.chapters.iter().map(|c| (&c.id, c.number, &c.title)).collect();
            let clauses: Vec<_> = agreement
                .clauses
                .iter()
                .map(|c| (&c.id, c.file.as_os_str().as_encoded_bytes(), c.number, chapter(c)))
                .collect();
            hash_of((agreement.front_id, &agreement.title, &agreement.language, parties, chapters, clauses))
        });
        Keys { clauses, structure }
    }
}

/// Clause index by id.
type Ids = Arc<HashMap<String, usize>>;

/// What every rule of one run checks: the agreement, its lookups, and the date.
struct World<'a> {
    agreement: &'a Agreement,
    lookup: &'a crate::model::Lookup<'a>,
    today: NaiveDate,
    /// Clause index by id, for `report{ clause = "id" }`.
    ids: &'a Ids,
}

/// Runs every rule of the project in `tree` over `agreement`, reusing what `cache` kept.
pub fn run(tree: &dyn Tree, agreement: &Agreement, today: NaiveDate, cache: Option<&RuleCache>) -> Outcome {
    let lib = Path::new(RULES).join("lib");
    let modules: sandbox::Modules = Arc::new(
        tree.files(&lib)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| Some((p.strip_prefix(&lib).ok()?.to_path_buf(), tree.read(&p).ok()?)))
            .collect(),
    );
    let lookup = agreement.lookup();
    let keys = cache.map(|_| Keys::of(agreement, &lookup));
    let memo = cache.zip(keys.as_ref());
    // Clause index by id; where ids repeat (an error of its own) the first clause wins.
    let ids: Ids = Arc::new(agreement.clauses.iter().enumerate().rev().map(|(i, c)| (c.id.clone(), i)).collect());
    let world = World { agreement, lookup: &lookup, today, ids: &ids };
    let run = |file: &PathBuf| run_file(tree, &modules, file, &world, memo);
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
    }
    out
}

/// A Lua error as a finding in the rule file: `rules/x.lua:LINE: message`, traceback as a note.
fn lua_error(file: &Path, error: &mlua::Error, context: &str) -> Diagnostic {
    let text = error.to_string();
    let (message, traceback) = match text.split_once("\nstack traceback:") {
        Some((m, t)) => (m.to_string(), Some(format!("stack traceback:{t}"))),
        None => (text.clone(), None),
    };
    let shown = crate::diagnostic::slash_path(file);
    // Lua writes the place as `rules/x.lua:12: …` (the innermost Lua frame, maybe a lib module).
    let (place, line, rest) = message
        .find(".lua:")
        .and_then(|i| {
            let start = message[..i].rfind(|c: char| c.is_whitespace() || c == '[' || c == '"').map_or(0, |s| s + 1);
            let after = &message[i + 5..];
            let digits = after.find(|c: char| !c.is_ascii_digit())?;
            let line: u32 = after[..digits].parse().ok()?;
            let place = PathBuf::from(&message[start..i + 4]);
            Some((place, line, after[digits..].trim_start_matches(':').trim().to_string()))
        })
        .filter(|(place, _, _)| place.starts_with(RULES))
        .unwrap_or((file.to_path_buf(), 1, message.clone()));
    let mut d = Diagnostic::error("rule-error", &place, Span::new(line, 1, 0), format!("{context}: {rest}"));
    if place != file {
        d = d.with_related(file, Span::new(1, 1, 0), format!("used by {shown}"));
    }
    match traceback {
        Some(t) => d.with_note(t.trim_end().to_string()),
        None => d,
    }
}

/// Loads one rule file into a fresh sandbox and runs each of its rules.
fn run_file(
    tree: &dyn Tree,
    modules: &sandbox::Modules,
    file: &Path,
    world: &World<'_>,
    memo: Option<(&RuleCache, &Keys)>,
) -> Outcome {
    let (agreement, today) = (world.agreement, world.today);
    let mut out = Outcome::default();
    let source = match tree.read(file).map(|b| String::from_utf8(b.to_vec())) {
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
    let program = crate::memo::hash_of((file, &source, libraries, limits.instructions, limits.memory_mb, today));
    let sandbox = match Sandbox::new(Arc::clone(modules), limits.instructions, limits.memory_mb) {
        Ok(s) => s,
        Err(e) => {
            out.errors.push(Diagnostic::error("rule-error", file, Span::start(), format!("cannot start Lua: {e}")));
            return out;
        }
    };
    let registered = match register(&sandbox, file, &source, today) {
        Ok(r) => r,
        Err(e) => {
            let d = match sandbox.aborted(&e) {
                Some(a) => Diagnostic::error(
                    "rule-error",
                    file,
                    Span::start(),
                    format!("loading the rule file {}", a.message()),
                ),
                None => lua_error(file, &e, "the rule file failed to load"),
            };
            out.errors.push(d);
            return out;
        }
    };
    for (spec, line) in registered {
        let rule = match describe(&spec, file, line) {
            Ok(r) => r,
            Err(d) => {
                out.errors.push(*d);
                continue;
            }
        };
        sandbox.reset_budget();
        let memo = memo.map(|(cache, keys)| (cache, keys, crate::memo::hash_of((program, &rule.id))));
        match run_rule(&sandbox, &spec, &rule, world, memo) {
            Ok(findings) => out.findings.extend(findings),
            Err(e) => {
                let aborted = sandbox.aborted(&e);
                let d = match &aborted {
                    Some(a) => Diagnostic::error(
                        "rule-error",
                        file,
                        Span::new(line, 1, 0),
                        format!("rule `{}` {}", rule.id, a.message()),
                    ),
                    None => lua_error(file, &e, &format!("rule `{}` failed", rule.id)),
                };
                out.errors.push(d);
                if aborted.is_some() {
                    // The state is spent (its budget or memory): the file's other rules cannot run.
                    out.rules.push(rule);
                    break;
                }
            }
        }
        out.rules.push(rule);
    }
    out
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
    globals.raw_set("date", api::date_library(lua)?)?;
    globals.raw_set("re", api::re_library(lua)?)?;
    sandbox.exec_file(file, source)?;
    Ok(registered.take())
}

/// Reads and validates a rule's id, severity and description.
fn describe(spec: &Table, file: &Path, line: u32) -> Result<RuleInfo, Box<Diagnostic>> {
    let bad = |message: String| Box::new(Diagnostic::error("rule-error", file, Span::new(line, 1, 0), message));
    let id: String = match spec.raw_get::<Value>("id") {
        Ok(Value::String(s)) if crate::load::valid_id(&s.to_string_lossy()) => s.to_string_lossy(),
        _ => return Err(bad("a rule needs an `id` of letters, digits, `-` and `_`, such as `duty-has-owner`".into())),
    };
    let severity = match spec.raw_get::<Option<String>>("severity") {
        Ok(None) => Severity::Error,
        Ok(Some(word)) => Severity::parse(&word)
            .ok_or_else(|| bad(format!("rule `{id}`: unknown severity `{word}` (use error, warning or info)")))?,
        Err(_) => return Err(bad(format!("rule `{id}`: `severity` must be a string"))),
    };
    let description = match spec.raw_get::<Option<String>>("description") {
        Ok(Some(d)) if !d.trim().is_empty() => d,
        _ => return Err(bad(format!("rule `{id}` needs a one-line `description`"))),
    };
    let has = |k: &str| matches!(spec.raw_get::<Value>(k), Ok(Value::Function(_)));
    if !has("clause") && !has("agreement") {
        return Err(bad(format!(
            "rule `{id}` needs a check: `clause = function(c, report) … end` or `agreement = function(a, report) … end`"
        )));
    }
    Ok(RuleInfo { id, severity, description, file: file.to_path_buf(), line })
}

/// A report call, before it is placed.
#[derive(Debug, Clone)]
struct Report {
    clause: Option<usize>,
    field: Option<Vec<OwnedStep>>,
    line: Option<u32>,
    message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum OwnedStep {
    Key(String),
    Index(usize),
}

/// Parses a field path such as `duties[2].owner` (1-based indices, as in Lua).
fn field_path(path: &str) -> Result<Vec<OwnedStep>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            steps.push(OwnedStep::Key(name.to_string()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').ok_or_else(|| format!("`{path}`: missing `]`"))?;
            let n: usize =
                inner[..end].trim().parse().map_err(|_| format!("`{path}`: `{}` is not an index", &inner[..end]))?;
            steps.push(OwnedStep::Index(n.checked_sub(1).ok_or_else(|| format!("`{path}`: indices start at 1"))?));
            rest = &inner[end + 1..];
        }
        if name.is_empty() && steps.is_empty() || !rest.is_empty() {
            return Err(format!("`{path}` is not a field path such as `duties[2].owner`"));
        }
    }
    Ok(steps)
}

/// Runs one rule: its clause check on every clause, then its agreement check. With `memo` (the
/// cache, the run's keys and the rule's own key), a check whose inputs are unchanged is not
/// called again: its findings are taken from before.
fn run_rule(
    sandbox: &Sandbox,
    spec: &Table,
    rule: &RuleInfo,
    world: &World<'_>,
    memo: Option<(&RuleCache, &Keys, u64)>,
) -> mlua::Result<Vec<Finding>> {
    use crate::memo::hash_of;
    let (agreement, today, ids) = (world.agreement, world.today, world.ids);
    let lua = &sandbox.lua;
    let reports: Rc<RefCell<Vec<Report>>> = Rc::default();
    let current: Rc<Cell<Option<usize>>> = Rc::default();
    let clauses = agreement.clauses.len();
    let report = report_function(lua, Rc::clone(&reports), Rc::clone(&current), Arc::clone(ids), clauses)?;
    sandbox.collect_garbage()?;
    let reads = Rc::new(api::Reads::default());
    lua.scope(|scope| {
        let data = api::agreement(lua, scope, agreement, world.lookup, today, Rc::clone(&reads), memo.is_none())?;
        sandbox.limit_memory_from_here()?;
        if let Ok(Value::Function(check)) = spec.raw_get::<Value>("clause") {
            for i in 0..agreement.clauses.len() {
                let key = memo.and_then(|(_, keys, rule)| Some(hash_of((rule, keys.clauses[i]?))));
                if let Some(kept) = memo.zip(key).and_then(|((cache, _, _), k)| cache.clause.get(k)) {
                    reports.borrow_mut().extend(kept.iter().map(|r| Report { clause: Some(i), ..r.clone() }));
                    continue;
                }
                current.set(Some(i));
                reads.current.set(Some(i));
                reads.agreement.set(false);
                let before = reports.borrow().len();
                let c: Table = match data.clauses.raw_get(i + 1)? {
                    Value::Table(made) => made,
                    _ => data.clauses.get(i + 1)?,
                };
                check.call::<()>((c, report.clone(), data.agreement.clone()))?;
                // Findings that depend on the clause alone are kept for next time.
                let made = &reports.borrow()[before..];
                if let Some(((cache, _, _), k)) = memo.zip(key)
                    && !reads.agreement.get()
                    && made.iter().all(|r| r.clause == Some(i))
                {
                    cache.clause.insert(k, made.into());
                }
            }
        }
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
            check.call::<()>((data.agreement, report.clone()))?;
            // Findings that depend on no body are kept while the structure and the fields read stay.
            // What this rule's clause check read counts too: a field it read is already in its
            // clause's table, where the agreement check reads it without being seen.
            if let Some(((cache, _, _), k)) = memo.zip(key)
                && !reads.body.get()
            {
                let mut fields: Vec<String> = reads.fields.take().into_iter().collect();
                fields.sort();
                let values = field_values(agreement, &fields);
                cache
                    .agreement
                    .insert(k, Arc::new(Kept { fields, values, reports: reports.borrow()[before..].into() }));
            }
        }
        Ok(())
    })?;
    drop(report);
    Ok(reports.take().into_iter().map(|r| place(rule, agreement, r)).collect())
}

fn runtime(message: impl std::fmt::Display) -> mlua::Error {
    mlua::Error::runtime(message)
}

fn report_function(
    lua: &Lua,
    reports: Rc<RefCell<Vec<Report>>>,
    current: Rc<Cell<Option<usize>>>,
    ids: Ids,
    clauses: usize,
) -> mlua::Result<Function> {
    lua.create_function(move |_, (first, second): (Value, Value)| {
        let mut r = Report { clause: current.get(), field: None, line: None, message: String::new() };
        let field = |v: &Value| -> mlua::Result<Option<Vec<OwnedStep>>> {
            match v {
                Value::Nil => Ok(None),
                Value::String(s) => field_path(&s.to_string_lossy()).map(Some).map_err(|e| runtime(format!("report: {e}"))),
                _ => Err(runtime("report: `field` must be a string such as \"duties[2].owner\"")),
            }
        };
        match (&first, &second) {
            (Value::String(m), Value::Nil) => r.message = m.to_string_lossy(),
            (Value::String(m), Value::String(_)) => {
                r.message = m.to_string_lossy();
                r.field = field(&second)?;
            }
            (Value::Table(t), Value::Nil) | (Value::String(_), Value::Table(t)) => {
                r.message = match (&first, t.raw_get::<Value>("message")?) {
                    (Value::String(m), _) => m.to_string_lossy(),
                    (_, Value::String(m)) => m.to_string_lossy(),
                    _ => return Err(runtime("report: a message is needed, e.g. report(\"…\") or report{ message = \"…\" }")),
                };
                r.field = field(&t.raw_get::<Value>("field")?)?;
                r.line = match t.raw_get::<Value>("line")? {
                    Value::Nil => None,
                    Value::Integer(n) if n > 0 => Some(n as u32),
                    _ => return Err(runtime("report: `line` must be a file line number (clause.body_line + offset)")),
                };
                match t.raw_get::<Value>("clause")? {
                    Value::Nil => {}
                    Value::Table(c) => {
                        let number: Option<usize> = c.raw_get("number").ok().flatten();
                        let index = number.and_then(|n| n.checked_sub(1)).filter(|i| *i < clauses);
                        r.clause = Some(index.ok_or_else(|| runtime("report: `clause` must be a clause table or id"))?);
                    }
                    Value::String(id) => {
                        r.clause = Some(
                            *ids.get(&id.to_string_lossy()).ok_or_else(|| runtime(format!("report: no clause `{}`", id.to_string_lossy())))?,
                        );
                    }
                    _ => return Err(runtime("report: `clause` must be a clause table or id")),
                }
            }
            _ => return Err(runtime("report expects a message, report(\"…\", \"field\") or report{ message = …, field = …, line = …, clause = … }")),
        }
        reports.borrow_mut().push(r);
        Ok(())
    })
}

/// Turns a report into a finding at the exact node or line it names.
fn place(rule: &RuleInfo, agreement: &Agreement, r: Report) -> Finding {
    let (file, front) = match r.clause {
        Some(i) => (&agreement.clauses[i].file, &*agreement.clauses[i].front),
        None => (&agreement.file, &agreement.front),
    };
    let span = match (r.line, &r.field) {
        (Some(line), _) => Span::new(line, 1, 0),
        (None, Some(steps)) => front.locate(steps.iter().map(|s| match s {
            OwnedStep::Key(k) => PathStep::Key(k),
            OwnedStep::Index(i) => PathStep::Index(*i),
        })),
        (None, None) => front.span,
    };
    Finding {
        rule: rule.id.clone(),
        clause: r.clause,
        diagnostic: Diagnostic::new(rule.severity, &rule.id, file, span, r.message).with_hint(rule.description.clone()),
    }
}

/// A finding that a clause suppressed with `allow: {rule: "reason"}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suppressed {
    /// The finding as it would have been reported.
    pub diagnostic: Diagnostic,
    /// The clause's reason.
    pub reason: String,
}

/// The rules' outcome after the project's settings: severities changed or turned off per rule
/// (`rules:` in `_index.md`) and findings suppressed per clause (`allow:`).
#[derive(Debug, Default)]
pub struct Settled {
    /// Findings to report, and problems with the rules or the settings.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings suppressed by clauses, with their reasons.
    pub suppressed: Vec<Suppressed>,
    /// Every registered rule, with the severity in force (`None`: turned off).
    pub rules: Vec<(RuleInfo, Option<Severity>)>,
}

/// Applies the project's severity settings and the clauses' suppressions.
pub fn settle(agreement: &Agreement, outcome: Outcome) -> Settled {
    let mut out = Settled { diagnostics: outcome.errors, ..Settled::default() };
    let known = |id: &str| outcome.rules.iter().any(|r| r.id == id);
    for s in &agreement.rules.settings {
        if !known(&s.rule) {
            out.diagnostics.push(Diagnostic::warning(
                "rule-settings",
                &agreement.file,
                s.span,
                format!("no rule `{}` to configure", s.rule),
            ));
        }
    }
    for c in &agreement.clauses {
        for a in c.allow.iter().filter(|a| !known(&a.rule)) {
            let span = c.locate(&[PathStep::Key("allow"), PathStep::Key(&a.rule)]);
            out.diagnostics.push(Diagnostic::warning(
                "rule-settings",
                &c.file,
                span,
                format!("`allow` names no rule `{}`", a.rule),
            ));
        }
    }
    let level = |rule: &RuleInfo| {
        agreement.rules.settings.iter().rev().find(|s| s.rule == rule.id).map_or(Some(rule.severity), |s| s.severity)
    };
    for f in outcome.findings {
        let Some(rule) = outcome.rules.iter().find(|r| r.id == f.rule) else { continue };
        let Some(severity) = level(rule) else { continue };
        let diagnostic = Diagnostic { severity, ..f.diagnostic };
        let allowed = f.clause.and_then(|i| agreement.clauses[i].allow.iter().find(|a| a.rule == f.rule));
        match allowed {
            Some(a) => out.suppressed.push(Suppressed { diagnostic, reason: a.reason.clone() }),
            None => out.diagnostics.push(diagnostic),
        }
    }
    out.rules = outcome
        .rules
        .into_iter()
        .map(|r| {
            let l = level(&r);
            (r, l)
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths() {
        use OwnedStep::*;
        assert_eq!(field_path("duties[2].owner"), Ok(vec![Key("duties".into()), Index(1), Key("owner".into())]));
        assert_eq!(field_path("review_by"), Ok(vec![Key("review_by".into())]));
        assert_eq!(field_path("a[1][2]"), Ok(vec![Key("a".into()), Index(0), Index(1)]));
        assert!(field_path("duties[0]").is_err());
        assert!(field_path("duties[x]").is_err());
        assert!(field_path("").is_err());
    }
}
