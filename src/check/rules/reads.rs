//! What a rule's check read, so that the engine keeps its findings only while that stays the same.

use std::cell::{Cell, RefCell};

/// What a check read beyond its own clause: the engine keeps a check's findings only while what
/// it read stays the same (see `run_rule`).
#[derive(Debug, Default)]
pub struct Reads {
    /// The agreement `a` was read (its fields, clauses or lookups).
    pub agreement: Cell<bool>,
    /// A clause's body was read (`body`, `markdown`, `headings`, `links`, `body_line`, or `pairs`).
    pub body: Cell<bool>,
    /// The clause fields read, by name (of any clause).
    pub fields: RefCell<std::collections::HashSet<String>>,
    /// The clause whose check is running (its index), if a clause check is: reaching another
    /// clause counts as reading the agreement.
    pub current: Cell<Option<usize>>,
}

impl Reads {
    /// Notes that clause `number` (1-based) was reached.
    pub(super) fn reached(&self, number: usize) {
        if self.current.get().is_some_and(|i| i + 1 != number) {
            self.agreement.set(true);
        }
    }
}
