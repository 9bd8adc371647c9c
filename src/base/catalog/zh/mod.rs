//! The Chinese words of every message: one module per area, each one exhaustive `match`.

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

/// The Chinese text of `m`.
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
        Value::Null => "空值",
        Value::Bool(_) => "布尔值",
        Value::Int(_) => "整数",
        Value::Float(_) => "数字",
        Value::String(_) => "文本",
        Value::Seq(_) => "列表",
        Value::Map(_) => "映射",
    }
}

/// The kind of value a field must hold, for "must be …".
fn expected(e: Expected) -> &'static str {
    match e {
        Expected::Text => "文本",
        Expected::Whole => "整数",
        Expected::Number => "数字",
        Expected::List => "列表",
        Expected::Mapping => "映射（键: 值）",
    }
}
