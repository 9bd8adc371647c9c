//! What rules see: the agreement as fresh Lua tables (so a rule cannot change what another rule
//! or the build sees), read strictly ([`super::strict`]). The helper libraries are in
//! [`super::helpers`].

use std::rc::Rc;

use mlua::{Function, Lua, Table, Value};

use super::limits::Budget;
use super::reads::Reads;
use super::strict::{
    CHAPTER_KEYS, HEADING_KEYS, LIBRARY_KEYS, LINK_KEYS, PARTY_KEYS, SCHEDULE_KEYS, absent_agreement_key, absent_field,
    absent_item_field, protect, strict_meta,
};
use super::world::World;
use crate::base::catalog::{Locale, RuleTable};
use crate::base::diagnostic::slash_path;
use crate::base::model::{Agreement, Clause, LinkTarget, Lookup};
use crate::base::yaml::{self, Node};

/// A front matter value with its original type; `null` is `nil`.
pub fn node(lua: &Lua, node: &Node) -> mlua::Result<Value> {
    Ok(match &node.value {
        yaml::Value::Null => Value::Nil,
        yaml::Value::Bool(b) => Value::Boolean(*b),
        yaml::Value::Int(i) => Value::Integer(*i),
        yaml::Value::Float(f) => Value::Number(*f),
        yaml::Value::String(s) => Value::String(lua.create_string(s)?),
        yaml::Value::Seq(items) => {
            let t = lua.create_table_with_capacity(items.len(), 0)?;
            for (i, item) in items.iter().enumerate() {
                t.raw_set(i + 1, self::node(lua, item)?)?;
            }
            Value::Table(t)
        }
        yaml::Value::Map(entries) => {
            let t = lua.create_table_with_capacity(0, entries.len())?;
            for e in entries {
                t.raw_set(e.key.as_str(), self::node(lua, &e.value)?)?;
            }
            Value::Table(t)
        }
    })
}

/// A clause starts as `{ number = n }` with a shared metatable: every other field is made when a
/// rule first reads it (and kept), and `pairs` makes them all. Most rules read two or three fields;
/// copying every clause's front matter and body into Lua for every rule would cost several times
/// what loading the agreement did.
fn clause(lua: &Lua, c: &Clause, lazy: &Table) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.raw_set("number", c.number)?;
    t.set_metatable(Some(lazy.clone()))?;
    Ok(t)
}

/// The metatables of the tables inside a clause, made once per rule run (not per clause).
struct Metas {
    chapter: Table,
    heading: Table,
    link: Table,
    library: Table,
    schedule: Table,
    fields: LazyFields,
}

impl Metas {
    fn new(lua: &Lua, l: Locale, fields: LazyFields) -> mlua::Result<Metas> {
        Ok(Metas {
            chapter: strict_meta(lua, l, RuleTable::Chapter, CHAPTER_KEYS)?,
            heading: strict_meta(lua, l, RuleTable::Heading, HEADING_KEYS)?,
            link: strict_meta(lua, l, RuleTable::Link, LINK_KEYS)?,
            library: strict_meta(lua, l, RuleTable::Library, LIBRARY_KEYS)?,
            schedule: strict_meta(lua, l, RuleTable::Schedule, SCHEDULE_KEYS)?,
            fields,
        })
    }
}

/// `c.fields`, the front matter as written: each key made into Lua when a rule first reads it (a
/// rule that reads `c.fields.meeting` of 100,000 clauses makes no copy of their whole front
/// matter), all of them by `pairs`.
struct LazyFields {
    /// The metatable every `c.fields` shares.
    meta: Table,
    /// The clause (its number) of each `c.fields` table, held weakly.
    owners: Table,
}

impl LazyFields {
    fn new<'s, 'a: 's>(
        lua: &Lua,
        scope: &'s mlua::Scope<'s, 'a>,
        agreement: &'a Agreement,
        budget: &Budget,
    ) -> mlua::Result<LazyFields> {
        let owners = lua.create_table()?;
        let weak = lua.create_table()?;
        weak.raw_set("__mode", "k")?;
        owners.set_metatable(Some(weak))?;
        let owner = move |owners: &Table, t: &Table| -> mlua::Result<Option<&'a Clause>> {
            let number: Option<usize> = owners.raw_get(t)?;
            Ok(number.and_then(|n| n.checked_sub(1)).and_then(|i| agreement.clauses.get(i)))
        };
        // Each key is the agreement's data, counted once (see `Budget::data`).
        let make = move |lua: &Lua, budget: &Budget, t: &Table, c: &Clause, e: &yaml::Entry| {
            budget.data(lua, (part(c), &format!("fields.{}", e.key)), || {
                let value = node(lua, &e.value)?;
                t.raw_set(e.key.as_str(), value.clone())?;
                Ok(value)
            })
        };
        let meta = lua.create_table()?;
        let (o, b) = (owners.clone(), budget.clone());
        let index = move |lua: &Lua, (t, key): (Table, Value)| match (key, owner(&o, &t)?) {
            (Value::String(key), Some(c)) => match c.front.get(&key.to_string_lossy()) {
                Some(e) => make(lua, &b, &t, c, e),
                None => Ok(Value::Nil),
            },
            _ => Ok(Value::Nil),
        };
        meta.raw_set("__index", scope.create_function(index)?)?;
        let (o, b) = (owners.clone(), budget.clone());
        let pairs = move |lua: &Lua, t: Table| {
            if let Some(c) = owner(&o, &t)? {
                for e in c.front.entries() {
                    if t.raw_get::<Value>(e.key.as_str())?.is_nil() {
                        make(lua, &b, &t, c, e)?;
                    }
                }
            }
            let next: Function = lua.globals().raw_get("next")?;
            Ok((next, t, Value::Nil))
        };
        meta.raw_set("__pairs", scope.create_function(pairs)?)?;
        protect(&meta)?;
        Ok(LazyFields { meta, owners })
    }

    /// Clause `c`'s `c.fields`.
    fn of(&self, lua: &Lua, c: &Clause) -> mlua::Result<Value> {
        let t = lua.create_table()?;
        t.set_metatable(Some(self.meta.clone()))?;
        self.owners.raw_set(&t, c.number)?;
        Ok(Value::Table(t))
    }
}

/// The value of field `key` of clause `c`: a computed field, else the front matter field.
fn clause_field(
    lua: &Lua,
    (agreement, lookup, metas): (&Agreement, &Lookup, &Metas),
    c: &Clause,
    key: &str,
) -> mlua::Result<Value> {
    let lang = || crate::base::lang::Lang::new(&agreement.language);
    let string = |s: &str| lua.create_string(s).map(Value::String);
    Ok(match key {
        "id" => string(&c.id)?,
        "label" => string(&lang().clause_label(c.number))?,
        "title" => string(&c.title)?,
        "status" => string(serde_plain(&c.status))?,
        "file" => string(&slash_path(&c.file))?,
        "body_line" => Value::Integer(i64::from(c.body.first_line)),
        "fields" => metas.fields.of(lua, c)?,
        "body" => string(&c.plain_text())?,
        "markdown" => string(&c.body.markdown)?,
        "chapter" => match c.chapter {
            Some(i) => {
                let ch = &agreement.chapters[i];
                let chapter = lua.create_table()?;
                chapter.raw_set("id", ch.id.as_str())?;
                chapter.raw_set("number", ch.number)?;
                chapter.raw_set("label", lang().chapter_label(ch.number))?;
                chapter.raw_set("title", ch.title.as_str())?;
                chapter.set_metatable(Some(metas.chapter.clone()))?;
                Value::Table(chapter)
            }
            None => Value::Nil,
        },
        "headings" => {
            let headings = lua.create_table()?;
            for h in &c.body.plain(c.file.parent().unwrap_or(std::path::Path::new(""))).1 {
                let ht = lua.create_table()?;
                ht.raw_set("level", h.level)?;
                ht.raw_set("text", h.text.as_str())?;
                ht.raw_set("line", h.line)?;
                ht.set_metatable(Some(metas.heading.clone()))?;
                headings.raw_push(ht)?;
            }
            Value::Table(headings)
        }
        "links" => {
            let links = lua.create_table()?;
            for l in &c.body.links {
                let lt = lua.create_table()?;
                match &l.target {
                    LinkTarget::Id(id) => lt.raw_set("written", id.as_str())?,
                    LinkTarget::File(f) => lt.raw_set("written", slash_path(f))?,
                }
                if let Some(target) = lookup.target(&l.target) {
                    lt.raw_set("target", target.id.as_str())?;
                }
                lt.raw_set("line", l.line)?;
                lt.raw_set("column", l.col)?;
                lt.set_metatable(Some(metas.link.clone()))?;
                links.raw_push(lt)?;
            }
            Value::Table(links)
        }
        "library" => match &c.used {
            Some(used) => {
                let t = lua.create_table()?;
                t.raw_set("id", used.clause.as_str())?;
                t.raw_set("edition", used.edition)?;
                t.raw_set("current", used.latest)?;
                let gap = agreement.library.as_ref().and_then(|l| l.pending(&used.clause, used.edition));
                t.raw_set("kind_of_gap", gap.map(|(_, k)| k.word()))?;
                let dir = c.file.parent().unwrap_or(std::path::Path::new(""));
                t.raw_set("text", crate::base::markdown::plain_text(&used.body.markdown, dir))?;
                t.set_metatable(Some(metas.library.clone()))?;
                Value::Table(t)
            }
            None => Value::Nil,
        },
        other => match c.front.get(other) {
            Some(e) => node(lua, &e.value)?,
            None => Value::Nil,
        },
    })
}

/// A clause as a part of the data rules read ([`Budget::data`]): its identity among every clause
/// of every agreement the rule reads (a portfolio's rules read several, whose clauses share
/// numbers), not its number.
fn part(c: &Clause) -> usize {
    std::ptr::from_ref(c) as usize
}

/// The clause a lazy clause table stands for (its raw `number`).
fn clause_of<'a>(agreement: &'a Agreement, t: &Table) -> mlua::Result<Option<&'a Clause>> {
    let number: Option<usize> = t.raw_get("number")?;
    Ok(number.and_then(|n| n.checked_sub(1)).and_then(|i| agreement.clauses.get(i)))
}

fn serde_plain(status: &crate::base::model::Status) -> &'static str {
    match status {
        crate::base::model::Status::Draft => "draft",
        crate::base::model::Status::Active => "active",
        crate::base::model::Status::Retired => "retired",
    }
}

/// Clause fields made from the body rather than the front matter.
const BODY_FIELDS: [&str; 5] = ["body", "markdown", "headings", "links", "body_line"];

/// The agreement as a rule sees it: `a`, and its list of clauses (also `a.clauses`), for calling
/// clause checks without reading `a`.
pub struct Data {
    /// The agreement table handed to checks.
    pub agreement: Table,
    /// `a.clauses`.
    pub clauses: Table,
}

/// The whole agreement, built anew for each rule: a clause table is made when first reached, and
/// its fields when first read. An `eager` run (one that keeps nothing for later) makes every
/// clause table at once and does not record what it reads. Lazy fields are computed by functions
/// of `scope`, which borrows the agreement for as long as the rule runs. Reading `a` and reading
/// bodies are recorded in `reads`.
pub(super) fn agreement<'s, 'a: 's>(
    lua: &Lua,
    scope: &'s mlua::Scope<'s, 'a>,
    agreement: &'a Agreement,
    world: &'a World<'a>,
    reads: Rc<Reads>,
    (eager, budget): (bool, &Budget),
) -> mlua::Result<Data> {
    let (lookup, today) = (world.lookup, world.today);
    let l = Locale::of(&agreement.language);
    let lazy = clause_metatable(lua, scope, world, &reads, budget)?;
    let clauses = clause_list(lua, scope, agreement, lazy, &reads, (eager, budget))?;
    let t = lua.create_table()?;
    t.raw_set("title", agreement.title.as_str())?;
    t.raw_set("language", agreement.language.as_str())?;
    t.raw_set("effective", agreement.effective.map(|d| d.to_string()))?;
    t.raw_set("today", today.to_string())?;
    t.raw_set("fields", node(lua, &agreement.front)?)?;
    let (parties, party) = party_tables(lua, agreement)?;
    t.raw_set("parties", parties)?;
    t.raw_set("party", party)?;
    t.raw_set("clauses", clauses.clone())?;
    t.raw_set("chapters", chapter_list(lua, agreement)?)?;
    t.raw_set("approvals", approval_list(lua, world.signoff)?)?;
    // agreement.clause("budget-approval"); where ids repeat (an error of its own) the first wins.
    let list = clauses.clone();
    t.raw_set(
        "clause",
        scope.create_function(move |_, id: Value| match id {
            Value::String(s) => match lookup.by_id.get(s.to_string_lossy().as_str()) {
                Some(c) => list.get::<Value>(c.number),
                None => Ok(Value::Nil),
            },
            _ => Ok(Value::Nil),
        })?,
    )?;
    if eager {
        // Nothing is kept from an eager run: no need to record what it read.
        let meta = lua.create_table()?;
        meta.raw_set(
            "__index",
            lua.create_function(move |_, (_, key): (Table, Value)| absent_agreement_key(l, &key))?,
        )?;
        protect(&meta)?;
        t.set_metatable(Some(meta))?;
        return Ok(Data { agreement: t, clauses });
    }
    Ok(Data { agreement: recording(lua, t, reads, l)?, clauses })
}

/// The metatable every clause table shares: `__index` makes a field when a rule first reads it
/// (and keeps it), `__pairs` makes them all; both record what was read.
fn clause_metatable<'s, 'a: 's>(
    lua: &Lua,
    scope: &'s mlua::Scope<'s, 'a>,
    world: &'a World<'a>,
    reads: &Rc<Reads>,
    budget: &Budget,
) -> mlua::Result<Table> {
    let (agreement, lookup) = (world.agreement, world.lookup);
    // Items of `duties` and `budget` read strictly too (`duty.ownr` is an error).
    let item_meta = |list: &'static str| -> mlua::Result<Table> {
        let meta = lua.create_table()?;
        let r = Rc::clone(reads);
        let absent = move |_: &Lua, (_, key): (Table, Value)| absent_item_field(world, &r, list, &key);
        meta.raw_set("__index", scope.create_function(absent)?)?;
        protect(&meta)?;
        Ok(meta)
    };
    let items = Rc::new([("duties", item_meta("duties")?), ("budget", item_meta("budget")?)]);
    let metas = Metas::new(lua, Locale::of(&agreement.language), LazyFields::new(lua, scope, agreement, budget)?)?;
    let today = world.today;
    let field = move |lua: &Lua, c: &Clause, name: &str| -> mlua::Result<Value> {
        let value = clause_field(lua, (agreement, lookup, &metas), c, name)?;
        if let (Some((_, meta)), Value::Table(list)) = (items.iter().find(|(n, _)| *n == name), &value) {
            for (i, item) in list.sequence_values::<Value>().enumerate() {
                if let Value::Table(item) = item? {
                    if name == "duties"
                        && let Some(d) = c.duties.iter().find(|d| d.position == i + 1)
                    {
                        item.raw_set(
                            "schedule",
                            super::duties::schedule(lua, (agreement, &metas.schedule), c, d, today)?,
                        )?;
                    }
                    item.set_metatable(Some(meta.clone()))?;
                }
            }
        }
        Ok(value)
    };
    let field = Rc::new(field);
    let lazy = lua.create_table()?;
    let (r, make, index_budget) = (Rc::clone(reads), Rc::clone(&field), budget.clone());
    lazy.raw_set(
        "__index",
        scope.create_function(move |lua, (t, key): (Table, Value)| {
            let (Value::String(key), Some(c)) = (key, clause_of(agreement, &t)?) else { return Ok(Value::Nil) };
            r.reached(c.number);
            let name = key.to_string_lossy();
            if BODY_FIELDS.contains(&name.as_str()) {
                r.body.set(true);
            }
            if !r.fields.borrow().contains(&name) {
                r.fields.borrow_mut().insert(name.clone());
            }
            let value = index_budget.data(lua, (part(c), &name), || {
                let value = make(lua, c, &name)?;
                if !value.is_nil() {
                    t.raw_set(key, value.clone())?;
                }
                Ok(value)
            })?;
            if value.is_nil() {
                return absent_field(world, &r, &name);
            }
            Ok(value)
        })?,
    )?;
    let (r, pairs_budget) = (Rc::clone(reads), budget.clone());
    lazy.raw_set(
        "__pairs",
        scope.create_function(move |lua, t: Table| {
            r.body.set(true);
            if let Some(c) = clause_of(agreement, &t)? {
                let keys = c
                    .front
                    .entries()
                    .iter()
                    .map(|e| e.key.as_str())
                    .chain(crate::base::schema::RULE_COMPUTED.iter().map(|(name, _)| *name));
                for key in keys {
                    if t.raw_get::<Value>(key)?.is_nil() {
                        pairs_budget.data(lua, (part(c), key), || t.raw_set(key, field(lua, c, key)?))?;
                    }
                }
            }
            let next: Function = lua.globals().raw_get("next")?;
            Ok((next, t, Value::Nil))
        })?,
    )?;
    protect(&lazy)?;
    Ok(lazy)
}

/// `a.clauses`: clause tables made when first reached (by index, `ipairs`, `pairs`), or all at
/// once when `eager`.
fn clause_list<'s, 'a: 's>(
    lua: &Lua,
    scope: &'s mlua::Scope<'s, 'a>,
    agreement: &'a Agreement,
    lazy: Table,
    reads: &Rc<Reads>,
    (eager, budget): (bool, &Budget),
) -> mlua::Result<Table> {
    let n = agreement.clauses.len();
    let budget = budget.clone();
    let clauses = lua.create_table()?;
    let list = lua.create_table()?;
    let make = Rc::new(move |lua: &Lua, t: &Table, i: i64| -> mlua::Result<Value> {
        let Some(c) = usize::try_from(i).ok().and_then(|i| i.checked_sub(1)).and_then(|i| agreement.clauses.get(i))
        else {
            return Ok(Value::Nil);
        };
        budget.data(lua, (part(c), ""), || {
            let ct = clause(lua, c, &lazy)?;
            t.raw_set(i, ct.clone())?;
            Ok(Value::Table(ct))
        })
    });
    let (m, r) = (Rc::clone(&make), Rc::clone(reads));
    list.raw_set(
        "__index",
        scope.create_function(move |lua, (t, i): (Table, Value)| match i {
            Value::Integer(i) => {
                r.reached(usize::try_from(i).unwrap_or(0));
                m(lua, &t, i)
            }
            _ => Ok(Value::Nil),
        })?,
    )?;
    list.raw_set("__len", lua.create_function(move |_, _: Table| Ok(n))?)?;
    let m = Rc::clone(&make);
    list.raw_set(
        "__pairs",
        scope.create_function(move |lua, t: Table| {
            for i in 1..=n as i64 {
                if t.raw_get::<Value>(i)?.is_nil() {
                    m(lua, &t, i)?;
                }
            }
            let next: Function = lua.globals().raw_get("next")?;
            Ok((next, t, Value::Nil))
        })?,
    )?;
    if eager {
        for i in 1..=n as i64 {
            make(lua, &clauses, i)?;
        }
    }
    protect(&list)?;
    clauses.set_metatable(Some(list))?;
    Ok(clauses)
}

/// `a.parties` (`{ id, name, liaison, role }` each) and `a.party(x)`, which finds one by id or name.
fn party_tables(lua: &Lua, agreement: &Agreement) -> mlua::Result<(Table, Function)> {
    let parties = lua.create_table()?;
    let by_key = lua.create_table()?;
    let meta = strict_meta(lua, Locale::of(&agreement.language), RuleTable::Party, PARTY_KEYS)?;
    for p in &agreement.parties {
        let pt = lua.create_table()?;
        pt.set_metatable(Some(meta.clone()))?;
        pt.raw_set("id", p.id.as_str())?;
        pt.raw_set("name", p.name.as_str())?;
        pt.raw_set("liaison", p.liaison.as_deref())?;
        pt.raw_set("role", p.role.as_deref())?;
        by_key.raw_set(p.name.as_str(), pt.clone())?;
        parties.raw_push(pt)?;
    }
    for p in parties.sequence_values::<Table>() {
        let p = p?;
        by_key.raw_set(p.raw_get::<String>("id")?, p)?;
    }
    let party = lua.create_function(move |_, key: Value| match key {
        Value::String(s) => by_key.raw_get::<Value>(s),
        _ => Ok(Value::Nil),
    })?;
    Ok((parties, party))
}

/// `a.chapters`: `{ id, number, label, title }` each.
/// `a.approvals`: every approval judged against this text (`current`, `covers[id]`, `changed`).
fn approval_list(lua: &Lua, signoff: Option<&crate::signoff::Status>) -> mlua::Result<Table> {
    let list = lua.create_table()?;
    // Only the approvals that count: a rule must not take one whose signature fails for approval.
    let counting = signoff.map(|s| s.approvals.as_slice()).unwrap_or_default().iter().filter(|a| a.counts);
    for (i, a) in counting.enumerate() {
        let t = lua.create_table()?;
        t.raw_set("file", a.file.as_str())?;
        t.raw_set("party", a.party.as_str())?;
        t.raw_set("by", a.by.as_str())?;
        t.raw_set("date", a.date.as_str())?;
        t.raw_set("version", a.version.as_deref())?;
        t.raw_set("note", a.note.as_deref())?;
        t.raw_set("current", a.current)?;
        t.raw_set("signature", a.signature.state())?;
        let covers = lua.create_table()?;
        for id in &a.covers {
            covers.raw_set(id.as_str(), true)?;
        }
        t.raw_set("covers", covers)?;
        let changed = lua.create_table()?;
        for (j, c) in a.changed.iter().enumerate() {
            changed.raw_set(j + 1, c.clause.as_deref().unwrap_or(&c.file))?;
        }
        t.raw_set("changed", changed)?;
        list.raw_set(i + 1, t)?;
    }
    Ok(list)
}

fn chapter_list(lua: &Lua, agreement: &Agreement) -> mlua::Result<Table> {
    let chapters = lua.create_table()?;
    let meta = strict_meta(lua, Locale::of(&agreement.language), RuleTable::Chapter, CHAPTER_KEYS)?;
    for ch in &agreement.chapters {
        let cht = lua.create_table()?;
        cht.set_metatable(Some(meta.clone()))?;
        cht.raw_set("id", ch.id.as_str())?;
        cht.raw_set("number", ch.number)?;
        cht.raw_set("label", crate::base::lang::Lang::new(&agreement.language).chapter_label(ch.number))?;
        cht.raw_set("title", ch.title.as_str())?;
        chapters.raw_push(cht)?;
    }
    Ok(chapters)
}

/// `a` as rules see it: the agreement table `inner`, behind a proxy that records that it was read.
fn recording(lua: &Lua, inner: Table, reads: Rc<Reads>, l: Locale) -> mlua::Result<Table> {
    let a = lua.create_table()?;
    let meta = lua.create_table()?;
    let (table, r) = (inner.clone(), Rc::clone(&reads));
    meta.raw_set(
        "__index",
        lua.create_function(move |_, (_, key): (Table, Value)| {
            r.agreement.set(true);
            match table.raw_get::<Value>(&key)? {
                Value::Nil => absent_agreement_key(l, &key),
                value => Ok(value),
            }
        })?,
    )?;
    meta.raw_set(
        "__pairs",
        lua.create_function(move |lua, _: Table| {
            reads.agreement.set(true);
            let next: Function = lua.globals().raw_get("next")?;
            Ok((next, inner.clone(), Value::Nil))
        })?,
    )?;
    protect(&meta)?;
    a.set_metatable(Some(meta))?;
    Ok(a)
}
