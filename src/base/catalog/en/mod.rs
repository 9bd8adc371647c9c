//! The English words of every message: one module per area, each one exhaustive `match`.

mod approve;
mod base;
mod build;
mod check;
mod console;
mod index;
mod library;
mod load;
mod lsp;
mod portfolio;
mod rule_api;
mod rule_run;
mod schedule;
mod signoff;
mod visibility;
mod words;

pub use words::{WEEKDAYS, WORDS};

use super::Msg;
use crate::base::yaml::{Expected, MAX_NODES, Problem, Value};

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
        Msg::RuleApi(m) => rule_api::text(m),
        Msg::RuleRun(m) => rule_run::text(m),
        Msg::Portfolio(m) => portfolio::text(m),
        Msg::Visibility(m) => visibility::text(m),
        Msg::Library(m) => library::text(m),
        Msg::Schedule(m) => schedule::text(m),
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
        Expected::Boolean => "true or false",
        Expected::List => "a list",
        Expected::Mapping => "a mapping",
    }
}

/// What is wrong with a YAML text, in our words.
fn problem(p: &Problem) -> String {
    match p {
        Problem::Tab => "a tab is used: YAML indents with spaces only".into(),
        Problem::Indentation => {
            "the indentation is inconsistent: fields of one level line up, the next level is indented further".into()
        }
        Problem::Quote => "a quote is never closed".into(),
        Problem::Bracket => "a bracket `[ ]` or brace `{ }` is not closed properly, or a comma is missing in it".into(),
        Problem::Colon => "a colon is out of place: when a value holds `: `, put the whole value in quotes".into(),
        Problem::Dash => {
            "a list item `-` is out of place: put a space after `-` and line up the items of one list".into()
        }
        Problem::Escape => "an escape starting with `\\` in quotes is not valid".into(),
        Problem::Markup => "an anchor (`&`), alias (`*`), tag (`!`) or directive (`%`) is malformed".into(),
        Problem::Character => "a character YAML does not accept".into(),
        Problem::TooDeep => "nested too deeply".into(),
        Problem::Other => "the text cannot be parsed".into(),
        Problem::MoreThanOneDocument => {
            "the front matter holds more than one YAML document (an extra `---` line)".into()
        }
        Problem::TooManyValues => format!("the front matter expands to more than {MAX_NODES} values"),
        Problem::KeyNotText(found) => format!("a mapping key must be text, found {}", kind(found)),
        Problem::DuplicateKey(key, first) => format!("duplicate key `{key}` (first written on line {first})"),
    }
}
