//! The Lua sandbox rules run in: safe libraries only, text chunks only, `require` confined to
//! `rules/lib/`, and a budget of instructions and memory that a rule cannot escape.
//!
//! The ways out of a naive sandbox, and what closes each:
//! - binary chunks (`load(string.dump(f))`): `string.dump` is gone and `load` accepts text only;
//! - an endless loop inside `pcall`: once the budget is spent the hook fails on every call, and
//!   `pcall`, `xpcall` and `coroutine.resume` re-raise the budget error instead of catching it;
//! - an endless loop inside a coroutine: the hook is global, so every coroutine inherits it;
//! - a runaway pattern inside `string.find`/`gsub` (no hook fires inside C): pattern functions
//!   refuse subject/pattern pairs whose backtracking could explode, and `re.*` offers linear-time
//!   regular expressions;
//! - a memory bomb: the state has a memory limit, memory errors cannot be caught, and the engine
//!   drops the state afterwards.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use mlua::chunk::ChunkMode;
use mlua::{HookTriggers, Lua, LuaOptions, StdLib, Value, VmState};

/// How often (in Lua instructions) the budget hook runs.
const HOOK_EVERY: u32 = 1_000;

/// Most backtracking steps a Lua pattern call may be estimated to take.
const PATTERN_COST_LIMIT: f64 = 1e9;

/// Why a rule was stopped from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abort {
    /// It ran more instructions than its budget.
    Instructions(u64),
    /// It allocated more than the memory limit.
    Memory(u64),
}

impl Abort {
    /// What to tell the user.
    pub fn message(&self) -> String {
        match self {
            Abort::Instructions(n) => {
                format!(
                    "was stopped after {n} Lua instructions (an endless loop?); raise `rule_limits.instructions` if it needs more"
                )
            }
            Abort::Memory(mb) => format!(
                "was stopped: it used more than {mb} MiB of memory; raise `rule_limits.memory_mb` if it needs more"
            ),
        }
    }
}

#[derive(Debug, Default)]
struct Budget {
    limit: u64,
    used: u64,
    aborted: Option<Abort>,
}

/// A Lua state for one rule file, with its budget.
pub struct Sandbox {
    /// The state. Only safe libraries are loaded.
    pub lua: Lua,
    budget: Rc<RefCell<Budget>>,
    memory_mb: u64,
}

impl Sandbox {
    /// A fresh state whose `require` loads from `modules` (the files of `rules/lib/`).
    pub fn new(modules: Modules, instructions: u64, memory_mb: u64) -> mlua::Result<Sandbox> {
        let libs = StdLib::STRING | StdLib::TABLE | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE;
        let lua = Lua::new_with(libs, LuaOptions::new())?;
        let budget = Rc::new(RefCell::new(Budget { limit: instructions, ..Budget::default() }));
        let sandbox = Sandbox { lua, budget, memory_mb };
        sandbox.install(modules)?;
        sandbox.lua.set_memory_limit((memory_mb as usize).saturating_mul(1024 * 1024))?;
        Ok(sandbox)
    }

    fn install(&self, modules: Modules) -> mlua::Result<()> {
        let lua = &self.lua;
        let budget = Rc::clone(&self.budget);
        lua.set_global_hook(HookTriggers::new().every_nth_instruction(HOOK_EVERY), move |_, _| {
            let mut b = budget.borrow_mut();
            b.used += u64::from(HOOK_EVERY);
            if b.aborted.is_none() && b.used > b.limit {
                b.aborted = Some(Abort::Instructions(b.limit));
            }
            match &b.aborted {
                Some(a) => Err(mlua::Error::RuntimeError(a.message())),
                None => Ok(VmState::Continue),
            }
        })?;

        let globals = lua.globals();
        for name in ["dofile", "loadfile", "collectgarbage"] {
            globals.raw_set(name, Value::Nil)?;
        }
        let string: mlua::Table = globals.get("string")?;
        string.raw_set("dump", Value::Nil)?;

        let budget = Rc::clone(&self.budget);
        let memory_mb = self.memory_mb;
        let aborted = lua.create_function(move |_, memory_error: bool| {
            let mut b = budget.borrow_mut();
            if memory_error && b.aborted.is_none() {
                b.aborted = Some(Abort::Memory(memory_mb));
            }
            Ok(b.aborted.as_ref().map(Abort::message))
        })?;
        let pattern_check = lua.create_function(|_, (subject, pattern): (mlua::LuaString, mlua::LuaString)| {
            Ok(pattern_refusal(subject.as_bytes().len(), &pattern.as_bytes()))
        })?;
        let print = lua.create_function(|_, args: mlua::Variadic<Value>| {
            let parts: Vec<String> = args.iter().map(|v| v.to_string().unwrap_or_else(|_| "?".into())).collect();
            eprintln!("[rule] {}", parts.join("\t"));
            Ok(())
        })?;
        let read_module = lua.create_function(move |_, name: String| {
            Ok(match module_source(&modules, &name) {
                Ok((text, chunk)) => (Some(text), chunk),
                Err(message) => (None, message),
            })
        })?;
        let prelude = lua.load(PRELUDE).set_name("=clausebook sandbox").set_mode(ChunkMode::Text);
        prelude.call::<()>((aborted, pattern_check, print, read_module))
    }

    /// Starts a new budget (one per rule).
    pub fn reset_budget(&self) {
        let mut b = self.budget.borrow_mut();
        b.used = 0;
    }

    /// Lets the rule allocate its memory limit on top of what the state holds now (the data the
    /// rule checks), so the limit bounds the rule's own allocations whatever the agreement's size.
    pub fn limit_memory_from_here(&self) -> mlua::Result<()> {
        let own = (self.memory_mb as usize).saturating_mul(1024 * 1024);
        self.lua.set_memory_limit(self.lua.used_memory().saturating_add(own)).map(|_| ())
    }

    /// Frees what earlier rules left behind; the data is rebuilt for every rule.
    pub fn collect_garbage(&self) -> mlua::Result<()> {
        self.lua.set_memory_limit(0)?;
        self.lua.gc_collect()
    }

    /// Why the running rule was stopped, if it was: its budget, or `error` being a memory error.
    pub fn aborted(&self, error: &mlua::Error) -> Option<Abort> {
        let mut b = self.budget.borrow_mut();
        if b.aborted.is_none() && is_memory_error(error) {
            b.aborted = Some(Abort::Memory(self.memory_mb));
        }
        b.aborted.clone()
    }

    /// Runs a rule file's text (chunk name `@rules/x.lua` so errors name the file).
    pub fn exec_file(&self, name: &Path, source: &str) -> mlua::Result<()> {
        let chunk = format!("@{}", crate::diagnostic::slash_path(name));
        self.lua.load(source).set_name(chunk).set_mode(ChunkMode::Text).exec()
    }
}

fn is_memory_error(error: &mlua::Error) -> bool {
    match error {
        mlua::Error::MemoryError(_) => true,
        mlua::Error::CallbackError { cause, .. } => is_memory_error(cause),
        mlua::Error::WithContext { cause, .. } => is_memory_error(cause),
        _ => false,
    }
}

/// The files of `rules/lib/`, by path below it, for `require`.
pub type Modules = Arc<HashMap<PathBuf, Arc<[u8]>>>;

/// The source of `rules/lib/<name>.lua` for `require "name"` (dots are folders), or an error
/// message. Names are plain words: nothing can be read outside `rules/lib/`.
fn module_source(modules: &Modules, name: &str) -> Result<(String, String), String> {
    let plain = !name.is_empty()
        && name
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    if !plain {
        return Err(format!("module name `{name}` must be words separated by dots, e.g. `dates` or `util.text`"));
    }
    let relative: PathBuf = name.split('.').collect::<PathBuf>().with_extension("lua");
    let shown = Path::new("rules/lib").join(&relative);
    match modules.get(&relative) {
        Some(bytes) => String::from_utf8(bytes.to_vec())
            .map(|text| (text, format!("@{}", crate::diagnostic::slash_path(&shown))))
            .map_err(|_| format!("{} is not valid UTF-8", shown.display())),
        None => Err(format!("no module `{name}`: expected the file {}", shown.display())),
    }
}

/// Why a Lua pattern call is refused, or `None` when it is safe enough. Lua patterns backtrack:
/// each quantifier can multiply the work by the subject's length, and a search tries every start
/// position, so the cost is estimated as `len^(quantifiers + 1)` (one less when anchored).
pub fn pattern_refusal(subject_len: usize, pattern: &[u8]) -> Option<String> {
    let mut quantifiers = 0i32;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'%' => i += 2,
            b'[' => {
                i += 1;
                if pattern.get(i) == Some(&b'^') {
                    i += 1;
                }
                if pattern.get(i) == Some(&b']') {
                    i += 1;
                }
                while i < pattern.len() && pattern[i] != b']' {
                    i += if pattern[i] == b'%' { 2 } else { 1 };
                }
                i += 1;
            }
            b'*' | b'+' | b'-' | b'?' if i > 0 => {
                quantifiers += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    let anchored = pattern.first() == Some(&b'^');
    let exponent = quantifiers + if anchored { 0 } else { 1 };
    let cost = (subject_len.max(1) as f64).powi(exponent);
    (exponent > 1 && cost > PATTERN_COST_LIMIT).then(|| {
        format!(
            "this Lua pattern ({quantifiers} repetitions) could backtrack for too long on a text of {subject_len} bytes; use re.find / re.match (linear-time regular expressions) or a plain search (string.find(s, text, 1, true))"
        )
    })
}

/// Runs once in every state, before any rule file: wraps what needs wrapping and removes the raw
/// functions from reach (they live only as upvalues here).
const PRELUDE: &str = r#"
local aborted, pattern_check, rule_print, read_module = ...
local raw_pcall, raw_xpcall, raw_load, raw_resume = pcall, xpcall, load, coroutine.resume
local error, type, select = error, type, select

-- A budget or memory error must reach the engine: protected calls re-raise it.
local function pass(ok, ...)
  if not ok then
    local err = ...
    local stop = aborted(err == "not enough memory")
    if stop then error(stop, 0) end
  else
    local stop = aborted(false)
    if stop then error(stop, 0) end
  end
  return ok, ...
end
pcall = function(f, ...) return pass(raw_pcall(f, ...)) end
xpcall = function(f, handler, ...) return pass(raw_xpcall(f, handler, ...)) end
coroutine.resume = function(co, ...) return pass(raw_resume(co, ...)) end

-- Text chunks only: no precompiled bytecode.
load = function(chunk, name, mode, env)
  if env == nil then return raw_load(chunk, name, "t") end
  return raw_load(chunk, name, "t", env)
end

print = rule_print

-- Lua patterns are checked before they run; plain searches are always allowed.
for _, name in ipairs({ "find", "match", "gmatch", "gsub" }) do
  local raw = string[name]
  string[name] = function(s, pattern, init, plain, ...)
    if type(s) == "string" and type(pattern) == "string" and not (name == "find" and plain) then
      local refusal = pattern_check(s, pattern)
      if refusal then error("string." .. name .. ": " .. refusal, 2) end
    end
    return raw(s, pattern, init, plain, ...)
  end
end

-- require loads helper modules from rules/lib/ only, as text, once each.
local loaded = {}
require = function(name)
  if type(name) ~= "string" then error("require expects a module name", 2) end
  if loaded[name] ~= nil then return loaded[name] end
  local source, chunkname = read_module(name)
  if not source then error(chunkname, 2) end
  local chunk, err = raw_load(source, chunkname, "t")
  if not chunk then error(err, 2) end
  local value = chunk(name)
  if value == nil then value = true end
  loaded[name] = value
  return value
end
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_costs() {
        assert!(pattern_refusal(10_000, b"(%d+)%%").is_none());
        assert!(pattern_refusal(10_000, b"^(%d%d%d%d)%-(%d%d)").is_none());
        assert!(pattern_refusal(10, b"(%d+)-(%d+)").is_none());
        assert!(pattern_refusal(30, b"a*a*a*a*a*a*a*a*a*b").is_some());
        assert!(pattern_refusal(100_000, b"x.-y.-z").is_some());
        assert!(pattern_refusal(100_000, b"[*+?-]").is_none(), "quantifier characters inside a set are literal");
    }
}
