//! A portfolio's rules: `rule { portfolio = function(p, report) … end }` in the `rules/` folder
//! beside `portfolio.yaml`, run by the same engine as an agreement's rules (sandbox, limits,
//! deadline, strict reads, `report`), over plain data that the portfolio fills in: each agreement
//! as an agreement's rules see it (plus its id, its folder and each party's department) and the
//! departments. Nothing here knows how a portfolio is read; see `crate::portfolio::rules`.

use std::path::Path;
use std::rc::Rc;

use mlua::{Function, Lua, Table, Value};

use super::limits::Budget;
use super::reads::Reads;
use super::report::{self, Report, suggestion};
use super::strict::{MEMBER_KEYS, MEMBER_PARTY_KEYS, PORTFOLIO_KEYS, UNIT_KEYS, strict_meta};
use super::world::{Run, Unit, World};
use super::{Finding, RuleInfo, api};
use crate::base::catalog::{Locale, Portfolio as Words, RuleTable};
use crate::base::diagnostic::{Diagnostic, slash_path};

/// The tables a portfolio check gets, and what tells which agreement a report is on.
pub(super) struct Tables {
    pub(super) p: Table,
    /// Each agreement's table, in order.
    agreements: Vec<Table>,
    /// The metatable each agreement's clause tables share (none for an agreement without clauses).
    clause_metas: Vec<Option<Table>>,
}

/// `p`: the portfolio's title, its agreements (each `a` as an agreement's rules see it, with its
/// `id` and `folder`, and `unit` on each party) and its departments, read strictly.
pub(super) fn tables<'s, 'r>(
    lua: &Lua,
    scope: &'s mlua::Scope<'s, 'r>,
    (world, run): (&'r World<'r>, &'r Run<'r>),
    reads: &Rc<Reads>,
    budget: &Budget,
) -> mlua::Result<Tables> {
    let l = world.locale;
    let (list, by_id) = (lua.create_table()?, lua.create_table()?);
    let (mut agreements, mut clause_metas) = (Vec::new(), Vec::new());
    let member_meta = strict_meta(lua, l, RuleTable::Agreement, MEMBER_KEYS)?;
    let party_meta = strict_meta(lua, l, RuleTable::Party, MEMBER_PARTY_KEYS)?;
    for (m, member) in run.data.agreements.iter().zip(&run.worlds) {
        let data = api::agreement(lua, scope, m.agreement, member, Rc::clone(reads), (true, budget))?;
        let a = data.agreement;
        a.raw_set("id", m.id.as_str())?;
        a.raw_set("folder", slash_path(&m.folder))?;
        a.set_metatable(Some(member_meta.clone()))?;
        for (party, unit) in a.raw_get::<Table>("parties")?.sequence_values::<Table>().zip(&m.units) {
            let party = party?;
            party.raw_set("unit", unit.as_str())?;
            party.set_metatable(Some(party_meta.clone()))?;
        }
        clause_metas.push(match data.clauses.raw_get::<Value>(1)? {
            Value::Table(c) => c.metatable(),
            _ => None,
        });
        by_id.raw_set(m.id.as_str(), a.clone())?;
        list.raw_push(a.clone())?;
        agreements.push(a);
    }
    let (units, unit) = unit_tables(lua, l, &run.data.units)?;
    let p = lua.create_table()?;
    p.raw_set("title", run.data.title.as_str())?;
    p.raw_set("language", world.agreement.language.as_str())?;
    p.raw_set("today", world.today.to_string())?;
    p.raw_set("agreements", list)?;
    p.raw_set(
        "agreement",
        lua.create_function(move |_, id: Value| match id {
            Value::String(s) => by_id.raw_get::<Value>(s),
            _ => Ok(Value::Nil),
        })?,
    )?;
    p.raw_set("units", units)?;
    p.raw_set("unit", unit)?;
    p.set_metatable(Some(strict_meta(lua, l, RuleTable::Portfolio, PORTFOLIO_KEYS)?))?;
    Ok(Tables { p, agreements, clause_metas })
}

/// `p.units` (`{ id, name, aliases, parent }` each) and `p.unit(x)`, which finds one by id, name
/// or alias.
fn unit_tables(lua: &Lua, l: Locale, units: &[Unit]) -> mlua::Result<(Table, Function)> {
    let (list, by_key) = (lua.create_table()?, lua.create_table()?);
    let meta = strict_meta(lua, l, RuleTable::Unit, UNIT_KEYS)?;
    for u in units {
        let t = lua.create_table()?;
        t.raw_set("id", u.id.as_str())?;
        t.raw_set("name", u.name.as_str())?;
        t.raw_set("aliases", lua.create_sequence_from(u.aliases.iter().map(String::as_str))?)?;
        t.raw_set("parent", u.parent.as_deref())?;
        t.set_metatable(Some(meta.clone()))?;
        list.raw_push(t)?;
    }
    // Ids win over names, and names over aliases, whichever units they are of (and of two, the
    // first): set in the reverse order.
    let tables: Vec<(&Unit, Table)> =
        units.iter().zip(list.sequence_values::<Table>()).map(|(u, t)| t.map(|t| (u, t))).collect::<Result<_, _>>()?;
    for (u, t) in tables.iter().rev() {
        for alias in &u.aliases {
            by_key.raw_set(alias.as_str(), t.clone())?;
        }
    }
    for (u, t) in tables.iter().rev() {
        by_key.raw_set(u.name.as_str(), t.clone())?;
    }
    for t in list.sequence_values::<Table>() {
        let t = t?;
        by_key.raw_set(t.raw_get::<String>("id")?, t)?;
    }
    let unit = lua.create_function(move |_, key: Value| match key {
        Value::String(s) => by_key.raw_get::<Value>(s),
        _ => Ok(Value::Nil),
    })?;
    Ok((list, unit))
}

/// Which agreement a report of a portfolio check is on (its index), from its `agreement` (a
/// table of `p.agreements` or an id) or its `clause` (a clause table of one); `None`: the
/// portfolio's own file. A clause id without an agreement, or a clause of another agreement than
/// the one named, is an error.
pub(super) fn target(run: &Run<'_>, tables: &Tables, args: &[Value], l: Locale) -> Result<Option<usize>, String> {
    let Some(Value::Table(options)) = args.last() else { return Ok(None) };
    let get = |key: &str| options.raw_get::<Value>(key).map_err(|e| e.to_string());
    let ids = || run.data.agreements.iter().map(|m| m.id.as_str());
    let named = match get("agreement")? {
        Value::Nil => None,
        Value::Table(a) => match tables.agreements.iter().position(|t| *t == a) {
            Some(k) => Some(k),
            None => return Err(l.msg(Words::ReportAgreementWrongType { found: &"table" })),
        },
        Value::String(id) => {
            let id = id.to_string_lossy();
            match ids().position(|m| m == id) {
                Some(k) => Some(k),
                None => {
                    let hint = suggestion(l, &id, ids());
                    return Err(l.msg(Words::ReportNoSuchAgreement { id: &id, hint: &hint }));
                }
            }
        }
        other => return Err(l.msg(Words::ReportAgreementWrongType { found: &other.type_name() })),
    };
    let of_clause = match get("clause")? {
        Value::Table(c) => {
            let meta = c.metatable();
            tables.clause_metas.iter().position(|m| m.is_some() && *m == meta)
        }
        Value::String(_) if named.is_none() => return Err(l.msg(Words::ReportClauseWithoutAgreement)),
        _ => None,
    };
    match (named, of_clause) {
        (Some(a), Some(c)) if a != c => {
            let (of, named) = (&run.data.agreements[c].id, &run.data.agreements[a].id);
            Err(l.msg(Words::ReportClauseOfOtherAgreement { of, named }))
        }
        (a, c) => Ok(a.or(c)),
    }
}

/// The findings of a portfolio check's reports on its agreements, each placed in the agreement's
/// file and named from the portfolio's folder.
pub(super) fn place(rule: &RuleInfo, world: &World<'_>, reports: Vec<(usize, Report)>) -> Vec<Finding> {
    let Some(run) = world.portfolio else { return Vec::new() };
    let mut out = Vec::new();
    for (k, r) in reports {
        let member = &run.data.agreements[k];
        let mut finding = report::place(rule, member.agreement, r);
        // Settled against `portfolio.yaml`, which has no clauses (nor their `allow:`).
        finding.clause = None;
        within(&mut finding.diagnostic, &member.folder);
        out.push(finding);
    }
    out
}

/// `d`'s files, named from the portfolio's folder instead of the agreement's `folder`.
pub fn within(d: &mut Diagnostic, folder: &Path) {
    d.file = folder.join(&d.file);
    for r in &mut d.related {
        r.file = folder.join(&r.file);
    }
}
