//! The helper libraries rules get besides the agreement: `date` (dates as `YYYY-MM-DD` strings)
//! and `re` (linear-time regular expressions, each call paying for the text it searches).

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use mlua::{Lua, Table, Value};

use crate::base::catalog::{Locale, RuleApi};
use crate::load::fields::parse_date;

/// Argument `position` of `date.function`, a date written `YYYY-MM-DD`; else an error in `l`.
fn date_arg(l: Locale, value: &Value, position: usize, function: &str) -> mlua::Result<NaiveDate> {
    let text = match value {
        Value::String(s) => s.to_str().map(|s| s.to_string()).unwrap_or_default(),
        other => {
            let found = other.type_name();
            return Err(mlua::Error::runtime(l.msg(RuleApi::DateArgNotText {
                function: &function,
                position,
                found: &found,
            })));
        }
    };
    parse_date(&text)
        .ok_or_else(|| mlua::Error::runtime(l.msg(RuleApi::DateArgNotDate { function: &function, text: &text })))
}

/// `date`: parse, validate, compare, add and subtract dates written `YYYY-MM-DD`. Dates stay
/// strings in Lua, and such strings also compare correctly with `<`.
/// Its errors are in the language `l`.
pub fn date_library(lua: &Lua, l: Locale) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.raw_set(
        "valid",
        lua.create_function(|_, s: Value| {
            Ok(matches!(&s, Value::String(s) if parse_date(&s.to_string_lossy()).is_some()))
        })?,
    )?;
    t.raw_set(
        "parse",
        lua.create_function(|lua, s: Value| {
            let Value::String(s) = s else { return Ok(Value::Nil) };
            let Some(d) = parse_date(&s.to_string_lossy()) else { return Ok(Value::Nil) };
            let parts = lua.create_table()?;
            parts.raw_set("year", d.year())?;
            parts.raw_set("month", d.month())?;
            parts.raw_set("day", d.day())?;
            parts.raw_set("weekday", d.weekday().number_from_monday())?;
            Ok(Value::Table(parts))
        })?,
    )?;
    t.raw_set(
        "compare",
        lua.create_function(move |_, (a, b): (Value, Value)| {
            let (a, b) = (date_arg(l, &a, 1, "compare")?, date_arg(l, &b, 2, "compare")?);
            Ok(a.cmp(&b) as i8)
        })?,
    )?;
    t.raw_set(
        "diff",
        lua.create_function(move |_, (a, b): (Value, Value)| {
            let (a, b) = (date_arg(l, &a, 1, "diff")?, date_arg(l, &b, 2, "diff")?);
            Ok((b - a).num_days())
        })?,
    )?;
    for (name, unit) in [("add_days", 0), ("add_months", 1), ("add_years", 2)] {
        t.raw_set(
            name,
            lua.create_function(move |_, (d, n): (Value, Value)| {
                let d = date_arg(l, &d, 1, name)?;
                let n = match n {
                    Value::Integer(n) => n,
                    Value::Number(f) if f.fract() == 0.0 && f.abs() < 9e18 => f as i64,
                    other => {
                        let found = match other {
                            Value::Number(f) => f.to_string(),
                            other => other.type_name().to_string(),
                        };
                        return Err(mlua::Error::runtime(
                            l.msg(RuleApi::DateNotWhole { function: &name, found: &found }),
                        ));
                    }
                };
                let out = match unit {
                    0 => chrono::TimeDelta::try_days(n).and_then(|delta| d.checked_add_signed(delta)),
                    _ => {
                        let months = if unit == 1 { Some(n) } else { n.checked_mul(12) };
                        months.and_then(|months| {
                            let m = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
                            if months >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) }
                        })
                    }
                };
                out.filter(|d| (0..=9999).contains(&d.year())).map(|d| d.to_string()).ok_or_else(|| {
                    mlua::Error::runtime(l.msg(RuleApi::DateOutOfRange { function: &name, date: &d, n }))
                })
            })?,
        )?;
    }
    Ok(t)
}

/// Largest compiled regular expression, in bytes: patterns are user input too.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// How many compiled regular expressions a rule file keeps.
const MOST_REGEXES: usize = 32;

/// What compiling a regular expression costs, in instructions, besides its length.
const REGEX_COMPILE_COST: u64 = 10_000;

/// How many regular expressions a rule file may compile in all: compiling one can take far longer
/// than its charge (`[a-z]{3000}`), and a rule that needs more builds patterns from data.
const MOST_COMPILES: u32 = 2_000;

/// `re`: regular expressions (Rust `regex` syntax) that run in linear time, for what Lua patterns
/// cannot do safely.
/// Its errors are in the language `l`.
pub fn re_library(lua: &Lua, budget: super::limits::Budget, l: Locale) -> mlua::Result<Table> {
    use regex::bytes::{Regex, RegexBuilder};
    let cache: std::rc::Rc<RefCell<HashMap<String, Regex>>> = Default::default();
    let compiled = std::rc::Rc::new(std::cell::Cell::new(0u32));
    // A search pays for the text it goes through (one instruction per 16 bytes), so that a loop
    // of cheap instructions cannot make a rule scan gigabytes.
    let compile = move |lua: &Lua, s: &[u8], pattern: &str| -> mlua::Result<Regex> {
        budget.spend(lua, s.len() as u64 / 16)?;
        if let Some(re) = cache.borrow().get(pattern) {
            return Ok(re.clone());
        }
        // Compiling is paid for too, and the compiled expressions (held outside Lua, up to
        // REGEX_SIZE_LIMIT each) are few: a rule that compiles ever new patterns starts over.
        budget.spend(lua, REGEX_COMPILE_COST + pattern.len() as u64)?;
        compiled.set(compiled.get() + 1);
        if compiled.get() > MOST_COMPILES {
            return Err(mlua::Error::runtime(l.msg(RuleApi::RegexTooMany { most: MOST_COMPILES })));
        }
        if cache.borrow().len() >= MOST_REGEXES {
            cache.borrow_mut().clear();
        }
        let re = RegexBuilder::new(pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| mlua::Error::runtime(l.msg(RuleApi::RegexInvalid { error: &e })))?;
        cache.borrow_mut().insert(pattern.to_string(), re.clone());
        Ok(re)
    };
    let t = lua.create_table()?;
    let c = compile.clone();
    t.raw_set(
        "test",
        lua.create_function(move |lua, (s, p): (mlua::LuaString, String)| {
            Ok(c(lua, &s.as_bytes(), &p)?.is_match(&s.as_bytes()))
        })?,
    )?;
    let c = compile.clone();
    t.raw_set(
        "find",
        lua.create_function(move |lua, (s, p): (mlua::LuaString, String)| {
            let text = s.as_bytes();
            Ok(match c(lua, &text, &p)?.find(&text) {
                // 1-based, inclusive byte positions, like string.find.
                Some(m) => (Some(m.start() + 1), Some(m.end())),
                None => (None, None),
            })
        })?,
    )?;
    let c = compile.clone();
    t.raw_set(
        "match",
        lua.create_function(move |lua, (s, p): (mlua::LuaString, String)| {
            let text = s.as_bytes();
            let re = c(lua, &text, &p)?;
            let Some(caps) = re.captures(&text) else { return Ok(Value::Nil) };
            let out = lua.create_table()?;
            for (i, m) in caps.iter().enumerate() {
                out.raw_set(i, m.map(|m| lua.create_string(m.as_bytes())).transpose()?)?;
            }
            for name in re.capture_names().flatten() {
                out.raw_set(name, caps.name(name).map(|m| lua.create_string(m.as_bytes())).transpose()?)?;
            }
            Ok(Value::Table(out))
        })?,
    )?;
    let c = compile;
    t.raw_set(
        "all",
        lua.create_function(move |lua, (s, p): (mlua::LuaString, String)| {
            // Made one match at a time inside Lua, so that the memory limit sees every one.
            let text = s.as_bytes();
            let out = lua.create_table()?;
            for (i, m) in c(lua, &text, &p)?.find_iter(&text).enumerate() {
                out.raw_set(i + 1, lua.create_string(m.as_bytes())?)?;
            }
            Ok(out)
        })?,
    )?;
    Ok(t)
}
