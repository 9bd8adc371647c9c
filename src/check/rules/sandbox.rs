//! The Lua sandbox rules run in: safe libraries only, text chunks only, `require` confined to
//! `rules/lib/`, and limits a rule cannot escape: an instruction budget and a memory limit (exact
//! and the same on every machine), and a wall-clock deadline as the backstop for what they cannot
//! see.
//!
//! The ways out of a naive sandbox, and what closes each:
//! - binary chunks (`load(string.dump(f))`): `string.dump` is gone and `load` accepts text only;
//! - an endless loop inside `pcall`: once a limit is reached the hook fails on every call, and
//!   `pcall`, `xpcall`, `coroutine.resume` and `coroutine.close` re-raise the stop;
//! - an endless loop inside a coroutine: the hook is global, so every coroutine inherits it;
//! - Lua code that runs with hooks off, where no limit can reach it: finalizers (`__gc`; none can
//!   be made: `setmetatable` refuses them and the host's metatables are protected), the message
//!   handler of `xpcall` called for a stop (the stop skips it), and the handlers of to-be-closed
//!   variables that run while a stopped rule unwinds (`<close>` is refused when a chunk is
//!   compiled, see [`super::source`]);
//! - C functions whose work is not one instruction: Lua patterns are matched in Rust and pay for
//!   every backtracking step ([`super::pattern`]), and `re.*`, `string.rep`, `table.concat`,
//!   `table.sort` and `table.move` pay for the bytes or slots they go through;
//! - a memory bomb: the state has a memory limit, memory errors cannot be caught (not by `pcall`,
//!   not by `load` or `require` turning them into messages), and the engine drops the state
//!   afterwards;
//! - findings or printed lines that hold memory outside Lua: their size counts against the same
//!   memory limit;
//! - anything that still escaped all of this: the deadline is checked by the hook and by every
//!   charge, and a watchdog outside Lua ends the process if a rule is still running well past it
//!   ([`super::watchdog`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mlua::chunk::ChunkMode;
use mlua::{HookTriggers, Lua, LuaOptions, StdLib, Value, VmState};

use super::limits::{Abort, Budget, RECORD_COST, State};
use super::printed::Printed;
use crate::base::catalog::Locale;
use crate::base::model::RuleConfig;

/// How often (in Lua instructions) the budget hook runs.
const HOOK_EVERY: u32 = 1_000;

/// A Lua state for one rule file, with its budget.
pub struct Sandbox {
    /// The state. Only safe libraries are loaded.
    pub lua: Lua,
    state: Rc<RefCell<State>>,
    memory_mb: u64,
    /// The watchdog's hold while the state is closed (after `lua`, which runs what is left).
    closing: Option<super::watchdog::Watch>,
    /// The rule file, `/`-separated, as the watchdog names it.
    file: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let seconds = Duration::from_secs(self.state.borrow().seconds);
        let what = format!("{} (closing its Lua state)", self.file);
        self.closing = Some(super::watchdog::watch(seconds, &what, None));
    }
}

impl Sandbox {
    /// A fresh state for the rule file `file`, whose `require` loads from `modules` (the files of
    /// `rules/lib/`), under the project's limits.
    pub fn new(file: &Path, modules: Modules, limits: &RuleConfig) -> mlua::Result<Sandbox> {
        let libs = StdLib::STRING | StdLib::TABLE | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE;
        let lua = Lua::new_with(libs, LuaOptions::new())?;
        let state =
            Rc::new(RefCell::new(State { limit: limits.instructions, seconds: limits.seconds, ..State::default() }));
        let file_name = crate::base::escape::path(file);
        let sandbox = Sandbox { lua, state, memory_mb: limits.memory_mb, closing: None, file: file_name };
        sandbox.install(file, modules)?;
        sandbox.lua.set_memory_limit(sandbox.own_memory())?;
        Ok(sandbox)
    }

    /// The running rule's budget, for helpers that work on its behalf.
    pub fn budget(&self) -> Budget {
        Budget(Rc::clone(&self.state))
    }

    fn own_memory(&self) -> usize {
        (self.memory_mb as usize).saturating_mul(1024 * 1024)
    }

    fn install(&self, file: &Path, modules: Modules) -> mlua::Result<()> {
        let lua = &self.lua;
        let state = Rc::clone(&self.state);
        lua.set_global_hook(HookTriggers::new().every_nth_instruction(HOOK_EVERY), move |_, debug| {
            let mut s = state.borrow_mut();
            match s.spend(u64::from(HOOK_EVERY)) {
                Some(a) => {
                    if s.stopped_at.is_none() {
                        let source = debug.source();
                        let chunk = source.source.as_deref().and_then(|c| c.strip_prefix('@'));
                        let line = debug.current_line().and_then(|l| u32::try_from(l).ok());
                        s.stopped_at = chunk.zip(line).map(|(c, l)| (c.to_string(), l));
                    }
                    Err(mlua::Error::RuntimeError(a.message(Locale::En)))
                }
                None => Ok(VmState::Continue),
            }
        })?;

        let globals = lua.globals();
        for name in ["dofile", "loadfile", "collectgarbage"] {
            globals.raw_set(name, Value::Nil)?;
        }
        let string: mlua::Table = globals.get("string")?;
        string.raw_set("dump", Value::Nil)?;
        super::strings::install(lua, &string, &self.budget(), self.own_memory())?;

        let state = Rc::clone(&self.state);
        let memory_mb = self.memory_mb;
        let aborted = lua.create_function(move |_, error: Value| {
            let mut s = state.borrow_mut();
            if s.aborted.is_none() && is_memory_value(&error) {
                s.aborted = Some(Abort::Memory(memory_mb));
            }
            Ok(s.aborted.as_ref().map(|a| a.message(Locale::En)))
        })?;
        let budget = self.budget();
        let spend = lua.create_function(move |lua, n: f64| {
            budget.spend(lua, if n.is_finite() && n > 0.0 { n as u64 } else { 0 })
        })?;
        let compile_check = lua.create_function(|_, source: mlua::LuaString| {
            Ok(super::source::refusal(&source.as_bytes()).map(|r| r.to_string()))
        })?;
        let (state, file) = (Rc::clone(&self.state), file.to_path_buf());
        let print = lua.create_function(move |lua, text: mlua::LuaString| {
            let text = text.to_string_lossy();
            charge(lua, &state, memory_mb, text.len() + RECORD_COST)?;
            let mut s = state.borrow_mut();
            let printed = Printed { file: file.clone(), rule: s.rule.clone(), clause: None, text };
            let clause = s.clause;
            s.printed.push((printed, clause));
            Ok(())
        })?;
        let read_module = lua.create_function(move |_, name: String| {
            Ok(match module_source(&modules, &name) {
                Ok((text, chunk)) => (Some(text), chunk),
                Err(message) => (None, message),
            })
        })?;
        prelude(lua)?.call::<()>((aborted, spend, compile_check, print, read_module))
    }

    /// Starts a new instruction budget and deadline (one per rule) for the rule `rule`.
    pub fn start_rule(&self, rule: &str) {
        self.start_clock(Some(rule));
    }

    /// Starts a new instruction budget and deadline for the rule `rule`, or (`None`) for loading
    /// the file.
    pub fn start_clock(&self, rule: Option<&str>) {
        let nudge = super::watchdog::Nudge::of(&self.lua);
        if let Some(n) = &nudge {
            n.reset(HOOK_EVERY);
        }
        let mut s = self.state.borrow_mut();
        s.used = 0;
        s.rule = rule.map(str::to_string);
        s.clause = None;
        s.stopped_at = None;
        let seconds = Duration::from_secs(s.seconds);
        s.deadline = Some(Instant::now() + seconds);
        let what = match rule {
            Some(rule) => format!("rule `{rule}` of {}", self.file),
            None => format!("{} (loading it)", self.file),
        };
        s.watched = Some(super::watchdog::watch(seconds, &what, nudge));
    }

    /// Ends the running rule's deadline.
    pub fn end_rule(&self) {
        let mut s = self.state.borrow_mut();
        s.deadline = None;
        s.watched = None;
    }

    /// Where the stopped rule was running: its chunk (`rules/x.lua`) and line, when known.
    pub fn stopped_at(&self) -> Option<(String, u32)> {
        self.state.borrow().stopped_at.clone()
    }

    /// Says which clause (by index) the running check is on, for printed lines.
    pub fn on_clause(&self, clause: Option<usize>) {
        self.state.borrow_mut().clause = clause;
    }

    /// Lets the rule allocate its memory limit on top of what the state holds now (the data the
    /// rule checks), less what the file's findings and printed lines took: the limit bounds the
    /// rule's own allocations whatever the agreement's size.
    pub fn limit_memory_from_here(&self) -> mlua::Result<()> {
        let base = self.lua.used_memory();
        let charged = {
            let mut s = self.state.borrow_mut();
            s.base = base;
            s.made.clear();
            s.charged
        };
        let limit = base.saturating_add(self.own_memory().saturating_sub(charged));
        self.lua.set_memory_limit(limit.max(1)).map(|_| ())
    }

    /// Counts `bytes` that a finding takes outside Lua against the file's memory limit.
    pub fn charge(&self, bytes: usize) -> mlua::Result<()> {
        charge(&self.lua, &self.state, self.memory_mb, bytes)
    }

    /// What findings and printed lines took so far, in bytes.
    pub fn charged(&self) -> usize {
        self.state.borrow().charged
    }

    /// Starts from what an earlier state of the same file had charged.
    pub fn carry_charge(&self, bytes: usize) {
        self.state.borrow_mut().charged = bytes;
    }

    /// The lines printed so far, taken out; `label` names the clause of a given index.
    pub fn take_printed(&self, label: impl Fn(usize) -> String) -> Vec<Printed> {
        let printed = std::mem::take(&mut self.state.borrow_mut().printed);
        printed.into_iter().map(|(p, clause)| Printed { clause: clause.map(&label), ..p }).collect()
    }

    /// Frees what earlier rules left behind; the data is rebuilt for every rule.
    pub fn collect_garbage(&self) -> mlua::Result<()> {
        self.lua.set_memory_limit(0)?;
        self.lua.gc_collect()
    }

    /// Why the running rule was stopped, if it was: its budget, or `error` being a memory error.
    pub fn aborted(&self, error: &mlua::Error) -> Option<Abort> {
        let mut s = self.state.borrow_mut();
        if s.aborted.is_none() && is_memory_error(error) {
            s.aborted = Some(Abort::Memory(self.memory_mb));
        }
        s.aborted.clone()
    }

    /// Runs a rule file's text (chunk name `@rules/x.lua` so errors name the file); a chunk that
    /// uses what rules may not (`<close>`) is refused before it runs.
    pub fn exec_file(&self, name: &Path, source: &str) -> mlua::Result<()> {
        let chunk = format!("@{}", crate::base::diagnostic::slash_path(name));
        if let Some(refusal) = super::source::refusal(source.as_bytes()) {
            return Err(mlua::Error::RuntimeError(format!("{}:{}", &chunk[1..], refusal)));
        }
        self.lua.load(source).set_name(chunk).set_mode(ChunkMode::Text).exec()
    }
}

/// The sandbox's prelude in `lua`, compiled once per process: every state of every rule file runs
/// it, and compiling it again was most of the cost of making a state. Its bytecode is kept with
/// its debug information, and the only binary chunk ever loaded is this one, which clausebook
/// compiled itself from its own text (rules' chunks are text only, see the module's notes).
fn prelude(lua: &Lua) -> mlua::Result<mlua::Function> {
    static COMPILED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    const NAME: &str = "=clausebook sandbox";
    let compiled = match COMPILED.get() {
        Some(compiled) => compiled,
        None => {
            let text = lua.load(PRELUDE).set_name(NAME).set_mode(ChunkMode::Text).into_function()?;
            COMPILED.get_or_init(|| text.dump(false))
        }
    };
    lua.load(compiled.as_slice()).set_name(NAME).set_mode(ChunkMode::Binary).into_function()
}

/// Counts `bytes` against the memory limit: the Lua state may allocate that much less.
fn charge(lua: &Lua, state: &RefCell<State>, memory_mb: u64, bytes: usize) -> mlua::Result<()> {
    let own = (memory_mb as usize).saturating_mul(1024 * 1024);
    let mut s = state.borrow_mut();
    s.charged = s.charged.saturating_add(bytes);
    if s.charged > own {
        let abort = s.aborted.get_or_insert(Abort::Reports(memory_mb)).clone();
        return Err(mlua::Error::RuntimeError(abort.message(Locale::En)));
    }
    let limit = s.base.saturating_add(own - s.charged);
    drop(s);
    lua.set_memory_limit(limit.max(1)).map(|_| ())
}

/// The message Lua gives a failed allocation, wherever it ends up (`load` and `error` may wrap it).
const MEMORY_MESSAGE: &[u8] = b"not enough memory";

fn is_memory_value(error: &Value) -> bool {
    match error {
        Value::String(s) => s.as_bytes().windows(MEMORY_MESSAGE.len()).any(|w| w == MEMORY_MESSAGE),
        Value::Error(e) => is_memory_error(e),
        _ => false,
    }
}

fn is_memory_error(error: &mlua::Error) -> bool {
    match error {
        mlua::Error::MemoryError(_) => true,
        mlua::Error::RuntimeError(m) => m.contains("not enough memory"),
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
            .map(|text| (text, format!("@{}", crate::base::diagnostic::slash_path(&shown))))
            .map_err(|_| format!("{} is not valid UTF-8", shown.display())),
        None => Err(format!("no module `{name}`: expected the file {}", shown.display())),
    }
}

/// Runs once in every state, before any rule file: wraps what needs wrapping and removes the raw
/// functions from reach (they live only as upvalues here).
const PRELUDE: &str = r##"
local aborted, spend, compile_check, rule_print, read_module = ...
local raw_pcall, raw_xpcall, raw_load, raw_resume, raw_close = pcall, xpcall, load, coroutine.resume, coroutine.close
local raw_setmetatable, raw_move, raw_rep, raw_concat, raw_sort = setmetatable, table.move, string.rep, table.concat, table.sort
local error, type, select, rawget, rawlen, tostring, tonumber, pairs = error, type, select, rawget, rawlen, tostring, tonumber, pairs
local concat, sort, format, gsub, floor, log = table.concat, table.sort, string.format, string.gsub, math.floor, math.log

-- A stop (budget, deadline, memory) must reach the engine: protected calls re-raise it.
local function stop_if_aborted(err)
  local stop = aborted(err)
  if stop then error(stop, 0) end
end
local function pass(ok, ...)
  if ok then stop_if_aborted(nil) else stop_if_aborted((...)) end
  return ok, ...
end
pcall = function(f, ...) return pass(raw_pcall(f, ...)) end
-- The message handler of a stop would run with hooks off (the stop is raised inside the hook):
-- it is not called for one.
xpcall = function(f, handler, ...)
  return pass(raw_xpcall(f, function(e)
    if aborted(e) then return e end
    return handler(e)
  end, ...))
end
coroutine.resume = function(co, ...) return pass(raw_resume(co, ...)) end
-- The instruction hook counts per coroutine, every 1,000 instructions: a coroutine that ends
-- sooner would run uncounted, so each pays that much when it is made.
local raw_create, raw_wrap = coroutine.create, coroutine.wrap
coroutine.create = function(f) spend(1000) return raw_create(f) end
coroutine.wrap = function(f) spend(1000) return raw_wrap(f) end
coroutine.close = function(co) return pass(raw_close(co)) end

-- Text chunks only, given as a string: no precompiled bytecode, no reader function looping in C,
-- nothing that rules may not use.
load = function(chunk, name, mode, env)
  if type(chunk) ~= "string" then error("load: a rule can load a string of Lua source only", 2) end
  local refusal = compile_check(chunk)
  if refusal then return nil, "[string]:" .. refusal end
  local f, err
  if env == nil then f, err = raw_load(chunk, name, "t") else f, err = raw_load(chunk, name, "t", env) end
  if not f then stop_if_aborted(err) end
  return f, err
end

-- Finalizers run with hooks off, out of reach of every limit: none can be made.
setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: finalizers (`__gc`) are not allowed in rules: Lua runs them outside the rule's limits", 2)
  end
  return raw_setmetatable(t, mt)
end

-- C loops that allocate nothing are answered directly; C work that grows with its input is paid
-- for from the budget (one instruction per 64 bytes made, per slot, per comparison), after what
-- it made passed the memory limit.
string.rep = function(s, n, sep)
  if s == "" and (sep == nil or sep == "") and type(n) == "number" then return "" end
  local r = raw_rep(s, n, sep)
  spend(#r / 64)
  return r
end
table.move = function(a1, f, e, t, a2)
  if type(f) == "number" and type(e) == "number" and e >= f then spend(e - f + 1) end
  if a2 == nil then return raw_move(a1, f, e, t) end
  return raw_move(a1, f, e, t, a2)
end
table.concat = function(list, sep, i, j)
  local r = raw_concat(list, sep, i, j)
  local first, last = tonumber(i) or 1, tonumber(j) or rawlen(list)
  if last >= first then spend(last - first + 1 + #r / 64) end
  return r
end
table.sort = function(list, less)
  if type(list) == "table" then
    local n = rawlen(list)
    if n > 1 then spend(n * floor(log(n, 2) + 1)) end
  end
  return raw_sort(list, less)
end

-- Every run sees the same random numbers: findings never depend on chance.
math.randomseed(0)

-- inspect(v): a value written out readably; tables with sorted keys, nested, cycles marked.
local function quote(s)
  return '"' .. gsub(s, '[%c"\\]', function(c)
    if c == "\n" then return "\\n" elseif c == "\t" then return "\\t" elseif c == '"' then return '\\"'
    elseif c == "\\" then return "\\\\" else return format("\\%d", c:byte()) end
  end) .. '"'
end
local function key_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta == "number" end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end
local function write(v, indent, open)
  local tv = type(v)
  if tv == "string" then return quote(v) end
  if tv ~= "table" then return tostring(v) end
  if open[v] then return "<cycle>" end
  if #indent >= 16 then return "{...}" end
  open[v] = true
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  sort(keys, key_order)
  local parts, n, long = {}, 0, false
  for _, k in ipairs(keys) do
    n = n + 1
    local shown
    if type(k) == "number" and k == n then shown = ""
    elseif type(k) == "string" and k:find("^[%a_][%w_]*$") then shown = k .. " = "
    else shown = "[" .. write(k, indent, open) .. "] = " end
    local item = shown .. write(v[k], indent .. "  ", open)
    if item:find("\n", 1, true) or #item > 40 then long = true end
    parts[#parts + 1] = item
  end
  open[v] = nil
  if #parts == 0 then return "{}" end
  if not long and #parts <= 8 then return "{ " .. concat(parts, ", ") .. " }" end
  return "{\n" .. indent .. "  " .. concat(parts, ",\n" .. indent .. "  ") .. ",\n" .. indent .. "}"
end
inspect = function(v) return write(v, "", {}) end

-- print: to the engine, which shows each line with the rule and clause it came from.
print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    parts[i] = type(v) == "table" and inspect(v) or tostring(v)
  end
  rule_print(concat(parts, "\t"))
end

-- require loads helper modules from rules/lib/ only, as text, once each.
local loaded, loading = {}, {}
require = function(name)
  if type(name) ~= "string" then error("require expects a module name", 2) end
  if loaded[name] ~= nil then return loaded[name] end
  if loading[name] then error("require: module `" .. name .. "` requires itself (directly or through another module)", 2) end
  local source, chunkname = read_module(name)
  if not source then error(chunkname, 2) end
  local refusal = compile_check(source)
  if refusal then error(chunkname:sub(2) .. ":" .. refusal, 0) end
  local chunk, err = raw_load(source, chunkname, "t")
  if not chunk then stop_if_aborted(err); error(err, 0) end
  loading[name] = true
  local ok, value = raw_pcall(chunk, name)
  loading[name] = nil
  if not ok then stop_if_aborted(value); error(value, 0) end
  if value == nil then value = true end
  loaded[name] = value
  return value
end
"##;
