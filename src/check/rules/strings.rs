//! `string.find`, `match`, `gmatch` and `gsub` for rules: Lua 5.4's functions, with the same
//! arguments, results and errors, matched by [`super::pattern`] so that every step is paid for
//! from the rule's budget and no call can run past the rule's limits.

use std::cell::Cell;
use std::rc::Rc;

use mlua::{Function, Lua, LuaString, MultiValue, Table, Value};

use super::limits::Budget;
use super::pattern::{self, Capture, Matcher, Stop};

/// Replaces the pattern functions of `string` (the table methods on strings use too).
pub fn install(lua: &Lua, string: &Table, budget: &Budget, max_bytes: usize) -> mlua::Result<()> {
    let b = budget.clone();
    string.raw_set("find", lua.create_function(move |lua, args: MultiValue| find(lua, &b, args, true))?)?;
    let b = budget.clone();
    string.raw_set("match", lua.create_function(move |lua, args: MultiValue| find(lua, &b, args, false))?)?;
    let b = budget.clone();
    string.raw_set("gmatch", lua.create_function(move |lua, args: MultiValue| gmatch(lua, &b, args))?)?;
    let b = budget.clone();
    string.raw_set("gsub", lua.create_function(move |lua, args: MultiValue| gsub(lua, &b, args, max_bytes))?)?;
    Ok(())
}

/// Argument `n` (1-based) of the function `name` as a string (numbers are converted, as Lua does).
fn string_arg(lua: &Lua, args: &MultiValue, n: usize, name: &str) -> mlua::Result<LuaString> {
    let value = args.get(n - 1).cloned().unwrap_or(Value::Nil);
    let type_name = value.type_name();
    match lua.coerce_string(value)? {
        Some(s) => Ok(s),
        None => Err(mlua::Error::runtime(format!("bad argument #{n} to '{name}' (string expected, got {type_name})"))),
    }
}

/// Optional integer argument `n`, `default` when absent.
fn int_arg(lua: &Lua, args: &MultiValue, n: usize, name: &str, default: i64) -> mlua::Result<i64> {
    match args.get(n - 1) {
        None | Some(Value::Nil) => Ok(default),
        Some(Value::Number(f)) if f.fract() != 0.0 || !f.is_finite() => {
            Err(mlua::Error::runtime(format!("bad argument #{n} to '{name}' (number has no integer representation)")))
        }
        Some(value) => {
            let type_name = value.type_name();
            lua.coerce_integer(value.clone())?.ok_or_else(|| {
                mlua::Error::runtime(format!("bad argument #{n} to '{name}' (number expected, got {type_name})"))
            })
        }
    }
}

/// A matcher's stop as a Lua error: the pattern's message, or the rule's stop.
fn stop(lua: &Lua, budget: &Budget, stop: Stop) -> mlua::Error {
    match stop {
        Stop::Pattern(message) => mlua::Error::runtime(message),
        // The budget already knows why; spending nothing raises its stop.
        Stop::Budget => budget.spend(lua, 0).err().unwrap_or_else(|| mlua::Error::runtime("stopped")),
    }
}

fn capture_value(lua: &Lua, src: &[u8], capture: Capture) -> mlua::Result<Value> {
    Ok(match capture {
        Capture::Text(a, b) => Value::String(lua.create_string(&src[a..b])?),
        Capture::Position(p) => Value::Integer(p as i64),
    })
}

fn captures(lua: &Lua, m: &Matcher, src: &[u8], s: usize, e: usize, whole: bool) -> Result<MultiValue, Stop> {
    let list = m.captures(s, e, whole)?;
    let mut out = MultiValue::with_capacity(list.len());
    for c in list {
        out.push_back(capture_value(lua, src, c).map_err(|e| Stop::Pattern(e.to_string()))?);
    }
    Ok(out)
}

/// A charge function for a matcher: pays the steps from the budget.
fn charger<'a>(lua: &'a Lua, budget: &'a Budget) -> impl FnMut(u64) -> bool + 'a {
    move |n| budget.spend(lua, n).is_ok()
}

fn find(lua: &Lua, budget: &Budget, args: MultiValue, find: bool) -> mlua::Result<MultiValue> {
    let name = if find { "find" } else { "match" };
    let s = string_arg(lua, &args, 1, name)?;
    let p = string_arg(lua, &args, 2, name)?;
    let (sb, pb) = (s.as_bytes(), p.as_bytes());
    let (src, pat): (&[u8], &[u8]) = (&sb, &pb);
    let init = pattern::start_offset(int_arg(lua, &args, 3, name, 1)?, src.len());
    let fail = || Ok(MultiValue::from_iter([Value::Nil]));
    if init > src.len() {
        return fail();
    }
    let plain = args.get(3).is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
    if find && (plain || pattern::no_specials(pat)) {
        budget.spend(lua, (src.len() - init) as u64 / 64)?;
        return match pattern::find_plain(src, pat, init) {
            Some(at) => {
                Ok(MultiValue::from_iter([Value::Integer(at as i64 + 1), Value::Integer((at + pat.len()) as i64)]))
            }
            None => fail(),
        };
    }
    let (anchor, pat) = match pat.first() {
        Some(b'^') => (true, &pat[1..]),
        _ => (false, pat),
    };
    let mut charge = charger(lua, budget);
    let mut m = Matcher::new(src, pat, &mut charge);
    let mut at = init;
    let found = loop {
        match m.at(at) {
            Err(e) => return Err(stop(lua, budget, e)),
            Ok(Some(end)) => break Some(end),
            Ok(None) if anchor || at >= src.len() => break None,
            Ok(None) => at += 1,
        }
    };
    let settled = m.settle();
    let result = match found {
        None => MultiValue::from_iter([Value::Nil]),
        Some(end) if find => {
            let mut out = captures(lua, &m, src, at, end, false).map_err(|e| stop(lua, budget, e))?;
            out.push_front(Value::Integer(end as i64));
            out.push_front(Value::Integer(at as i64 + 1));
            out
        }
        Some(end) => captures(lua, &m, src, at, end, true).map_err(|e| stop(lua, budget, e))?,
    };
    if !settled {
        return Err(stop(lua, budget, Stop::Budget));
    }
    Ok(result)
}

fn gmatch(lua: &Lua, budget: &Budget, args: MultiValue) -> mlua::Result<Function> {
    let s = string_arg(lua, &args, 1, "gmatch")?;
    let p = string_arg(lua, &args, 2, "gmatch")?;
    let len = s.as_bytes().len();
    let init = pattern::start_offset(int_arg(lua, &args, 3, "gmatch", 1)?, len).min(len + 1);
    let position = Rc::new(Cell::new(init));
    let last: Rc<Cell<Option<usize>>> = Rc::default();
    let budget = budget.clone();
    lua.create_function(move |lua, ()| {
        let (sb, pb) = (s.as_bytes(), p.as_bytes());
        let (src, pat): (&[u8], &[u8]) = (&sb, &pb);
        let mut charge = charger(lua, &budget);
        let mut m = Matcher::new(src, pat, &mut charge);
        let mut at = position.get();
        while at <= src.len() {
            match m.at(at) {
                Err(e) => return Err(stop(lua, &budget, e)),
                Ok(Some(end)) if Some(end) != last.get() => {
                    position.set(end);
                    last.set(Some(end));
                    let out = captures(lua, &m, src, at, end, true).map_err(|e| stop(lua, &budget, e))?;
                    if !m.settle() {
                        return Err(stop(lua, &budget, Stop::Budget));
                    }
                    return Ok(out);
                }
                Ok(_) => at += 1,
            }
        }
        position.set(at);
        if !m.settle() {
            return Err(stop(lua, &budget, Stop::Budget));
        }
        Ok(MultiValue::new())
    })
}

/// What `gsub` replaces a match with.
enum Replacement {
    Text(Vec<u8>),
    Table(Table),
    Function(Function),
}

fn gsub(lua: &Lua, budget: &Budget, args: MultiValue, max_bytes: usize) -> mlua::Result<(Value, i64)> {
    let s = string_arg(lua, &args, 1, "gsub")?;
    let p = string_arg(lua, &args, 2, "gsub")?;
    let (sb, pb) = (s.as_bytes(), p.as_bytes());
    let (src, pat): (&[u8], &[u8]) = (&sb, &pb);
    let replacement = match args.get(2).cloned().unwrap_or(Value::Nil) {
        Value::Table(t) => Replacement::Table(t),
        Value::Function(f) => Replacement::Function(f),
        v @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) => {
            Replacement::Text(lua.coerce_string(v)?.map(|s| s.as_bytes().to_vec()).unwrap_or_default())
        }
        other => {
            return Err(mlua::Error::runtime(format!(
                "bad argument #3 to 'gsub' (string/function/table expected, got {})",
                other.type_name()
            )));
        }
    };
    let max = int_arg(lua, &args, 4, "gsub", src.len() as i64 + 1)?;
    let (anchor, pat) = match pat.first() {
        Some(b'^') => (true, &pat[1..]),
        _ => (false, pat),
    };
    let mut out: Vec<u8> = Vec::new();
    let (mut at, mut n, mut changed, mut last) = (0usize, 0i64, false, None);
    let mut charge = charger(lua, budget);
    let mut m = Matcher::new(src, pat, &mut charge);
    while n < max {
        let end = m.at(at).map_err(|e| stop(lua, budget, e))?;
        match end {
            Some(end) if Some(end) != last => {
                n += 1;
                let before = out.len();
                changed |= add_value(lua, budget, &m, src, (at, end), &replacement, (&mut out, max_bytes))?;
                // What a replacement makes is paid for as it is made.
                budget.spend(lua, (out.len() - before) as u64 / 64)?;
                at = end;
                last = Some(end);
            }
            _ if at < src.len() => {
                out.push(src[at]);
                at += 1;
            }
            _ => break,
        }
        if out.len() > max_bytes {
            return Err(mlua::Error::MemoryError("not enough memory".into()));
        }
        if anchor {
            break;
        }
    }
    if !m.settle() {
        return Err(stop(lua, budget, Stop::Budget));
    }
    budget.spend(lua, out.len() as u64 / 64)?;
    if !changed {
        return Ok((Value::String(s.clone()), n));
    }
    out.extend_from_slice(&src[at.min(src.len())..]);
    Ok((Value::String(lua.create_string(&out)?), n))
}

/// Appends the replacement of the match `s..e` to `out`; whether the text changed.
fn add_value(
    lua: &Lua,
    budget: &Budget,
    m: &Matcher,
    src: &[u8],
    (s, e): (usize, usize),
    replacement: &Replacement,
    (out, max_bytes): (&mut Vec<u8>, usize),
) -> mlua::Result<bool> {
    let failed = |e: Stop| stop(lua, budget, e);
    let value = match replacement {
        Replacement::Text(text) => {
            if !add_text(m, src, s, e, text, out, max_bytes).map_err(failed)? {
                return Err(mlua::Error::MemoryError("not enough memory".into()));
            }
            return Ok(true);
        }
        Replacement::Table(t) => t.get::<Value>(capture_value(lua, src, m.capture(0, s, e).map_err(failed)?)?)?,
        Replacement::Function(f) => f.call::<Value>(captures(lua, m, src, s, e, true).map_err(failed)?)?,
    };
    match value {
        Value::Nil | Value::Boolean(false) => {
            out.extend_from_slice(&src[s..e]);
            Ok(false)
        }
        v @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) => {
            if let Some(text) = lua.coerce_string(v)? {
                out.extend_from_slice(&text.as_bytes());
            }
            Ok(true)
        }
        other => Err(failed(Stop::Pattern(format!("invalid replacement value (a {})", other.type_name())))),
    }
}

/// Appends a replacement string, with `%0`–`%9` and `%%` resolved; `false` (and stops) when the
/// result would pass `max_bytes`, the rule's memory limit: `%0` repeated can multiply the subject.
fn add_text(
    m: &Matcher,
    src: &[u8],
    s: usize,
    e: usize,
    text: &[u8],
    out: &mut Vec<u8>,
    max_bytes: usize,
) -> Result<bool, Stop> {
    let mut i = 0;
    while i < text.len() {
        if out.len() > max_bytes {
            return Ok(false);
        }
        let c = text[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let d = text.get(i).copied().unwrap_or(0);
        i += 1;
        match d {
            b'%' => out.push(b'%'),
            b'0' => out.extend_from_slice(&src[s..e]),
            b'1'..=b'9' => match m.capture(usize::from(d - b'1'), s, e)? {
                Capture::Text(a, b) => out.extend_from_slice(&src[a..b]),
                Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
            },
            _ => return Err(Stop::Pattern("invalid use of '%' in replacement string".into())),
        }
    }
    Ok(out.len() <= max_bytes)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use mlua::{Lua, MultiValue, Value};

    use crate::base::model::RuleConfig;
    use crate::check::rules::sandbox::Sandbox;

    /// A call's results written out, or `error` (messages differ in their prefix only).
    fn shown(result: mlua::Result<MultiValue>) -> String {
        match result {
            Err(_) => "error".into(),
            Ok(values) => values
                .iter()
                .map(|v| match v {
                    Value::String(s) => format!("s:{}", s.to_string_lossy()),
                    Value::Integer(i) => format!("i:{i}"),
                    Value::Nil => "nil".into(),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// Every function, on subjects and patterns that reach every branch of the matcher, gives what
    /// Lua's own C functions give.
    #[test]
    fn agrees_with_lua() {
        let raw = Lua::new();
        let sandbox = Sandbox::new(Path::new("rules/t.lua"), Arc::default(), &RuleConfig::default()).unwrap();
        let ours = &sandbox.lua;
        let subjects = [
            "",
            "a",
            "hello world",
            "  trim me  ",
            "2026年12月6日",
            "a(b(c)d)e",
            "THE (quick) fox",
            "abab",
            "x=1, y=22, z=333",
            "[]%^$",
            "aaa",
            "key = value\nnext = 2",
            "第1条 第二条",
            "a.b.c",
            "\0z\0",
        ];
        let patterns = [
            "",
            "a",
            "^a",
            "a$",
            "^$",
            ".",
            "%a+",
            "%d+",
            "(%d+)年(%d+)月(%d+)日",
            "^%s*(.-)%s*$",
            "(%d+)%-(%d+)",
            "%b()",
            "%f[%a]%a+",
            "%f[%w]%w+",
            "()ll()",
            "(ab)%1",
            "(a)(b)",
            "[%w_]+",
            "[^%s]+",
            "[a-c]+",
            "[]]",
            "[^]]",
            "[%]]",
            "%[",
            "x*",
            "x-",
            "a?b",
            "a-b",
            "(a*(.)%w(%s*))",
            "%s*=%s*",
            "(%w+)=(%w+)",
            "%S+",
            "%u+",
            "%l+",
            "%p",
            "%x+",
            "%c",
            "%g+",
            "$",
            "^",
            "%z",
            "(",
            ")",
            "[a",
            "%",
            "%b",
            "%fa",
            "(%1)",
            "()",
            "(()a)",
            ".-$",
            "^(.-)%d",
            "%.",
            "%%",
            "[%a-z]",
            "[a-]",
            "a+b?c*",
            "(.)%1",
        ];
        let inits = [None, Some(1i64), Some(0), Some(-3), Some(4), Some(100)];
        let mut compared = 0;
        for s in subjects {
            for p in patterns {
                for init in inits {
                    for name in ["find", "match"] {
                        let call = |lua: &Lua| -> mlua::Result<MultiValue> {
                            let f: mlua::Function = lua.globals().get::<mlua::Table>("string")?.get(name)?;
                            f.call((s, p, init))
                        };
                        assert_eq!(shown(call(&raw)), shown(call(ours)), "string.{name}({s:?}, {p:?}, {init:?})");
                        compared += 1;
                    }
                }
                let script = "local s, p, plain = ... local out = {}
                    for a, b in string.gmatch(s, p) do out[#out + 1] = tostring(a) .. '|' .. tostring(b) end
                    local r1, n1 = string.gsub(s, p, '<%0>')
                    local r2, n2 = string.gsub(s, p, function(x) if x == 'a' then return nil end return '[' .. tostring(x) .. ']' end)
                    local r3, n3 = string.gsub(s, p, { a = 'A', ['1'] = 1 }, 2)
                    return table.concat(out, ';'), r1, n1, r2, n2, r3, n3, string.find(s, p, 1, true)";
                let run = |lua: &Lua| lua.load(script).call::<MultiValue>((s, p));
                assert_eq!(shown(run(&raw)), shown(run(ours)), "gmatch/gsub({s:?}, {p:?})");
                compared += 1;
            }
        }
        assert!(compared > 10_000, "{compared}");
        for (s, p, r) in [("abc", "%w", "%1%%"), ("abc", "(b)", "%2"), ("abc", "b", "%x"), ("abc", "()b", "%1")] {
            let run = |lua: &Lua| lua.load("return string.gsub(...)").call::<MultiValue>((s, p, r));
            assert_eq!(shown(run(&raw)), shown(run(ours)), "gsub({s:?}, {p:?}, {r:?})");
        }
    }
}
