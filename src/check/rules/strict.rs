//! Strict reads: a field a rule reads that the table does not have is an error with "did you
//! mean", unless clausebook knows it or the project declares it (then it is `nil`), so that a
//! misspelled `c.ownr` never reads as "not written". And the host's metatables are protected.

use mlua::{Lua, Table, Value};

use super::reads::Reads;
use super::world::World;
use crate::base::catalog::{Locale, RuleApi, RuleTable};

/// A clause field that this clause does not write: `nil` when clausebook knows the field or the
/// project declares it or another clause writes it, else an error with "did you mean", so that a
/// misspelled `c.ownr` never quietly reads as "not written". A field known only through the
/// project (not the schema) makes the check depend on the agreement, so its result is not kept.
pub(super) fn absent_field(world: &World<'_>, reads: &Reads, name: &str) -> mlua::Result<Value> {
    let schema = crate::base::schema::names(crate::base::schema::CLAUSE)
        .chain(crate::base::schema::RULE_COMPUTED.iter().map(|(n, _)| *n));
    if name == "number" || schema.clone().any(|n| n == name) {
        return Ok(Value::Nil);
    }
    let declared = || world.agreement.fields.iter().map(|f| f.name.as_str()).filter(|n| !n.contains('.'));
    if declared().any(|n| n == name) || world.used_fields().contains(name) {
        reads.agreement.set(true);
        return Ok(Value::Nil);
    }
    let mut candidates: Vec<&str> = schema.collect();
    candidates.extend(declared());
    candidates.extend(world.used_fields().iter().map(String::as_str));
    let close = crate::base::diagnostic::closest(name, candidates);
    Err(mlua::Error::runtime(world.locale().msg(RuleApi::NoClauseField { name: &name, close })))
}

/// A field that an item of `duties` or `budget` does not write: `nil` when clausebook knows it or
/// the project declares it (`duties.note`), else an error with "did you mean".
pub(super) fn absent_item_field(world: &World<'_>, reads: &Reads, list: &str, key: &Value) -> mlua::Result<Value> {
    let Value::String(key) = key else { return Ok(Value::Nil) };
    let name = key.to_string_lossy();
    let schema = crate::base::schema::names(crate::base::schema::item_fields(false, list));
    if schema.clone().any(|n| n == name) || (list == "duties" && name == "schedule") {
        return Ok(Value::Nil);
    }
    let prefix = format!("{list}.");
    let declared = || world.agreement.fields.iter().filter_map(|f| f.name.strip_prefix(&prefix));
    if declared().any(|n| n == name) {
        reads.agreement.set(true);
        return Ok(Value::Nil);
    }
    let mut candidates: Vec<&str> = schema.collect();
    candidates.extend(declared());
    let close = crate::base::diagnostic::closest(&name, candidates);
    Err(mlua::Error::runtime(world.locale().msg(RuleApi::NoItemField { name: &name, list: &list, close })))
}

/// `; did you mean `close`?` when one of `keys` is close to `name`, else `; it has `a`, `b`, …`.
fn hint(l: Locale, name: &str, keys: &[&str], shown: impl Fn(&str) -> String) -> String {
    match crate::base::diagnostic::closest(name, keys.iter().copied()) {
        Some(close) => l.msg(RuleApi::Suggestion { candidate: &shown(close) }),
        None => l.msg(RuleApi::ItHas { keys: &keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ") }),
    }
}

/// The fields of an agreement's table, after `extra` (a portfolio's agreements have more): one
/// list, so that the two tables cannot drift apart.
macro_rules! agreement_keys {
    ($($extra:literal),*) => {
        [$($extra,)* "title", "language", "effective", "today", "fields", "parties", "party", "clauses", "chapters", "approvals", "clause"]
    };
}

/// The fields of `a`, the agreement table.
const AGREEMENT_KEYS: [&str; 11] = agreement_keys!();

/// Reading `a.key` where the agreement table has no such key: an error with "did you mean".
pub(super) fn absent_agreement_key(l: Locale, key: &Value) -> mlua::Result<Value> {
    let Value::String(key) = key else { return Ok(Value::Nil) };
    let name = key.to_string_lossy();
    let hint = hint(l, &name, &AGREEMENT_KEYS, |close| format!("a.{close}"));
    Err(mlua::Error::runtime(l.msg(RuleApi::NoAgreementField { name: &name, hint: &hint })))
}

/// A protected metatable that makes reading a key `keys` does not list an error with "did you
/// mean" (the tables' own keys are raw fields, so only a missing one reaches it): a misspelled
/// `party.rol` or `h.levle` never reads as nil. `table` names the table in the message.
pub(super) fn strict_meta(
    lua: &Lua,
    l: Locale,
    table: RuleTable,
    keys: &'static [&'static str],
) -> mlua::Result<Table> {
    let meta = lua.create_table()?;
    let absent = move |_: &Lua, (_, key): (Table, Value)| -> mlua::Result<Value> {
        let Value::String(key) = key else { return Ok(Value::Nil) };
        let name = key.to_string_lossy();
        if keys.contains(&name.as_str()) {
            return Ok(Value::Nil);
        }
        let hint = hint(l, &name, keys, str::to_string);
        Err(mlua::Error::runtime(l.msg(RuleApi::NoTableField { name: &name, table, hint: &hint })))
    };
    meta.raw_set("__index", lua.create_function(absent)?)?;
    protect(&meta)?;
    Ok(meta)
}

/// The fields of the tables rules get besides clauses and the agreement.
pub(super) const PARTY_KEYS: &[&str] = &["id", "name", "liaison", "role"];
pub(super) const CHAPTER_KEYS: &[&str] = &["id", "number", "label", "title"];
pub(super) const HEADING_KEYS: &[&str] = &["level", "text", "line"];
pub(super) const LINK_KEYS: &[&str] = &["written", "target", "line", "column"];

/// The keys of `duty.schedule`.
pub(super) const SCHEDULE_KEYS: &[&str] = &[
    "written",
    "understood",
    "rrule",
    "unit",
    "interval",
    "deadline",
    "time",
    "on_holiday",
    "working_days",
    "before_end",
    "next",
];

/// The keys of `c.library`.
pub(super) const LIBRARY_KEYS: &[&str] = &["id", "edition", "current", "kind_of_gap", "text"];

/// The fields of the tables a portfolio check gets: `p`, each of `p.agreements` (an agreement's
/// fields, its id in the portfolio and its folder), their parties (with their department) and
/// `p.units`.
pub(super) const PORTFOLIO_KEYS: &[&str] = &["title", "language", "today", "agreements", "agreement", "units", "unit"];
pub(super) const MEMBER_KEYS: &[&str] = &agreement_keys!("id", "folder");
pub(super) const MEMBER_PARTY_KEYS: &[&str] = &["id", "name", "liaison", "role", "unit"];
pub(super) const UNIT_KEYS: &[&str] = &["id", "name", "aliases", "parent"];

/// Hides a metatable of the host from rules: `getmetatable` returns `false` and `setmetatable`
/// refuses to replace it, so no rule can add a finalizer (`__gc`, run with hooks off) to tables
/// the host makes later, nor change how another rule reads the agreement.
pub(super) fn protect(meta: &Table) -> mlua::Result<()> {
    meta.raw_set("__metatable", false)
}
