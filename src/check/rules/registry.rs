//! What a project's rule files register with `rule { … }`, and the helper modules they may
//! `require`.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use mlua::{Table, Value};

use super::failures::lua_error;
use super::sandbox::{self, Sandbox};
use super::{RULES, RuleInfo, helpers, rule_files, spec};
use crate::base::catalog::{Locale, RuleApi};
use crate::base::diagnostic::Diagnostic;
use crate::base::diagnostic::Span;
use crate::base::tree::Tree;

/// The helper modules of `rules/lib/`, by path below it.
pub(super) fn modules(tree: &dyn Tree) -> sandbox::Modules {
    let lib = Path::new(RULES).join("lib");
    Arc::new(
        tree.files(&lib)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| Some((p.strip_prefix(&lib).ok()?.to_path_buf(), tree.read(&p).ok()?)))
            .collect(),
    )
}

/// The rules the project in `tree` registers, without running any check (for `clausebook
/// explain` and `clausebook test`), and the problems of files that do not load.
pub fn registered(tree: &dyn Tree, limits: &crate::base::model::RuleConfig) -> (Vec<RuleInfo>, Vec<Diagnostic>) {
    registered_in(tree, limits, (crate::load::locale_in(tree), false))
}

/// [`registered`], in the language `l`, of a portfolio's `rules/` when `portfolio`.
pub fn registered_in(
    tree: &dyn Tree,
    limits: &crate::base::model::RuleConfig,
    (l, portfolio): (Locale, bool),
) -> (Vec<RuleInfo>, Vec<Diagnostic>) {
    let (mut rules, mut errors) = (Vec::new(), Vec::new());
    let modules = modules(tree);
    let today = NaiveDate::default();
    for file in rule_files(tree) {
        let Ok(source) = tree.read(&file).map(|b| String::from_utf8_lossy(&b).into_owned()) else { continue };
        let sandbox = match Sandbox::new(&file, Arc::clone(&modules), limits) {
            Ok(s) => s,
            Err(e) => {
                errors.push(Diagnostic::error(
                    "rule-error",
                    &file,
                    Span::start(),
                    l.msg(RuleApi::CannotStartLua { error: &e }),
                ));
                continue;
            }
        };
        match register(&sandbox, &file, &source, today, l) {
            Ok(specs) => {
                for (spec, line) in specs {
                    match spec::describe(&spec, &file, line, &source, (l, portfolio)) {
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

/// Runs the rule file and returns what it registered with `rule { … }`, with the call's line;
/// it tells the rule how it misuses the API in the language `l`.
pub(super) fn register(
    sandbox: &Sandbox,
    file: &Path,
    source: &str,
    today: NaiveDate,
    l: Locale,
) -> mlua::Result<Vec<(Table, u32)>> {
    let lua = &sandbox.lua;
    let registered: Rc<RefCell<Vec<(Table, u32)>>> = Rc::default();
    let sink = Rc::clone(&registered);
    let rule = lua.create_function(move |lua, spec: Value| {
        let Value::Table(spec) = spec else {
            return Err(mlua::Error::runtime(l.msg(RuleApi::RuleNotTable)));
        };
        let line = lua.inspect_stack(1, |d| d.current_line()).flatten().unwrap_or(1) as u32;
        sink.borrow_mut().push((spec, line));
        Ok(())
    })?;
    let globals = lua.globals();
    globals.raw_set("rule", rule)?;
    globals.raw_set("today", today.to_string())?;
    globals.raw_set("date", helpers::date_library(lua, l)?)?;
    globals.raw_set("re", helpers::re_library(lua, sandbox.budget(), l)?)?;
    sandbox.start_clock(None);
    let ran = sandbox.exec_file(file, source);
    sandbox.end_rule();
    ran?;
    Ok(registered.take())
}
