//! The English words of every message: one module per area, each one exhaustive `match`.

mod approve;
mod base;
mod build;
mod check;
mod console;
mod index;
mod load;
mod lsp;
mod signoff;
mod words;

pub use words::{WEEKDAYS, WORDS};

use super::Msg;
use crate::base::yaml::{Expected, Value};

/// The English text of `m`.
pub(super) fn text(m: &Msg) -> String {
    match m {
        Msg::Load(m) => load::text(m),
        Msg::Index(m) => index::text(m),
        Msg::Build(m) => build::text(m),
        Msg::Signoff(m) => signoff::text(m),
        Msg::Check(m) => check::text(m),
        Msg::Approve(m) => approve::text(m),
        Msg::Lsp(m) => lsp::text(m),
        Msg::Console(m) => console::text(m),
        Msg::Base(m) => base::text(m),
    }
}

/// The kind of value `v` is, for "found …".
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Int(_) => "an integer",
        Value::Float(_) => "a number",
        Value::String(_) => "a string",
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping",
    }
}

/// The kind of value a field must hold, for "must be …".
fn expected(e: Expected) -> &'static str {
    match e {
        Expected::Text => "text",
        Expected::Whole => "a whole number",
        Expected::Number => "a number",
        Expected::List => "a list",
        Expected::Mapping => "a mapping",
    }
}
