//! A rule's limits and what it has used of them: the instruction budget and deadline that the
//! sandbox's hook and the helpers written in Rust pay into, and why a rule was stopped.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use mlua::Lua;

use super::printed::Printed;
use crate::base::catalog::{Limit, Locale, RuleRun};

/// What a finding or a printed line is taken to cost besides its text (the record around it).
pub const RECORD_COST: usize = 128;

/// Why a rule was stopped from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abort {
    /// It ran more instructions than its budget.
    Instructions(u64),
    /// It allocated more than the memory limit.
    Memory(u64),
    /// What it reported and printed took more than the memory limit.
    Reports(u64),
    /// It ran past its wall-clock deadline, in seconds.
    Deadline(u64),
}

impl Abort {
    /// The limit that stopped the rule, as the catalog names it.
    pub fn limit(&self) -> Limit {
        match self {
            Abort::Instructions(n) => Limit::Instructions(*n),
            Abort::Memory(mb) => Limit::Memory(*mb),
            Abort::Reports(mb) => Limit::Reports(*mb),
            Abort::Deadline(seconds) => Limit::Deadline(*seconds),
        }
    }

    /// What to tell the user, in `locale`: `was stopped after …`.
    pub fn message(&self, locale: Locale) -> String {
        locale.msg(RuleRun::Limited { why: self.limit() })
    }

    /// Whether the stop depends on the machine (the deadline), so its result must not be kept.
    pub fn is_timing(&self) -> bool {
        matches!(self, Abort::Deadline(_))
    }
}

/// The running rule's state as the hook and the charges see it.
#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) limit: u64,
    pub(super) used: u64,
    pub(super) aborted: Option<Abort>,
    /// The running rule's wall-clock deadline, and its length in seconds.
    pub(super) deadline: Option<Instant>,
    pub(super) seconds: u64,
    /// Where the rule was running when it was stopped: the chunk (`rules/x.lua`) and the line.
    pub(super) stopped_at: Option<(String, u32)>,
    /// Memory the state held when the running rule started: the data it checks.
    pub(super) base: usize,
    /// What findings and printed lines of this file took so far, in bytes.
    pub(super) charged: usize,
    /// The parts of the data (clause, field) made while the running rule ran and counted as data.
    pub(super) made: std::collections::HashSet<(usize, u64), crate::base::hash::Fast>,
    /// The rule running now, and the clause its check is on (its index).
    pub(super) rule: Option<String>,
    pub(super) clause: Option<usize>,
    /// Printed lines, with the index of the clause they were printed on.
    pub(super) printed: Vec<(Printed, Option<usize>)>,
    /// The watchdog's hold on the running rule.
    pub(super) watched: Option<super::watchdog::Watch>,
}

impl State {
    /// Counts `n` instructions (or their equivalent in C work) and checks the deadline.
    pub(super) fn spend(&mut self, n: u64) -> Option<Abort> {
        self.used = self.used.saturating_add(n);
        if self.aborted.is_none() {
            if self.used > self.limit {
                self.aborted = Some(Abort::Instructions(self.limit));
            } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
                self.aborted = Some(Abort::Deadline(self.seconds));
            }
        }
        self.aborted.clone()
    }
}

/// The running rule's limits, for the helpers written in Rust that do work on its behalf.
#[derive(Clone)]
pub struct Budget(pub(super) Rc<RefCell<State>>);

impl Budget {
    /// Pays for `n` instructions' worth of work; an error (the stop) when a limit is reached.
    pub fn spend(&self, lua: &Lua, n: u64) -> mlua::Result<()> {
        let stop = self.0.borrow_mut().spend(n);
        match stop {
            Some(abort) => {
                self.note_place(|| place_in_rules(lua));
                Err(mlua::Error::RuntimeError(abort.message(Locale::En)))
            }
            None => Ok(()),
        }
    }

    /// Makes a part of the data a rule checks, when the rule first reads it (a clause's table, a
    /// clause's field), outside the rule's memory limit: what `make` allocates is added to the
    /// data the limit sits on, so that the limit bounds the rule's own allocations however large
    /// the agreement. Once per part and rule: a field that the rule removes with `rawset` and reads
    /// again is its own allocation the second time.
    pub fn data<T>(&self, lua: &Lua, part: (usize, &str), make: impl FnOnce() -> mlua::Result<T>) -> mlua::Result<T> {
        let key = (part.0, crate::base::memo::hash_of(part.1));
        if self.0.borrow().made.contains(&key) {
            return make();
        }
        let before = lua.used_memory();
        // No limit while the part is made (0: none, as while the data is first built).
        let limit = lua.set_memory_limit(0)?;
        let made = make();
        let grown = lua.used_memory().saturating_sub(before);
        let mut s = self.0.borrow_mut();
        if grown > 0 {
            // Only parts that exist are remembered: asking for names a clause does not have,
            // however many, adds nothing here.
            s.made.insert(key);
            s.base = s.base.saturating_add(grown);
        }
        if limit != 0 {
            lua.set_memory_limit(limit.saturating_add(grown))?;
        }
        made
    }

    fn note_place(&self, place: impl FnOnce() -> Option<(String, u32)>) {
        let mut s = self.0.borrow_mut();
        if s.stopped_at.is_none() {
            s.stopped_at = place();
        }
    }
}

/// The innermost Lua frame running rule code: its chunk (`rules/x.lua`) and line.
fn place_in_rules(lua: &Lua) -> Option<(String, u32)> {
    (0..32).find_map(|level| {
        lua.inspect_stack(level, |d| {
            let source = d.source();
            let chunk = source.source.as_deref()?.strip_prefix('@')?.to_string();
            let line = u32::try_from(d.current_line()?).ok()?;
            Some((chunk, line))
        })
        .flatten()
    })
}
