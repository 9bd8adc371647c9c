//! A rule's failures as findings in its file: Lua errors, rules stopped by their limits, rules
//! that did not run, and a clause check's errors grouped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mlua::Table;

use super::limits::Abort;
use super::{Outcome, RuleInfo};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::model::Agreement;

/// A Lua error as a finding in the rule file: `rules/x.lua:LINE: message`, traceback as a note.
/// The place is the innermost frame in `rules/` (maybe a lib module) that the message names, or
/// else the innermost such frame of the traceback (errors raised by helpers written in Rust).
pub(super) fn lua_error(file: &Path, error: &mlua::Error, context: &str) -> Diagnostic {
    static PLACE: OnceLock<regex::Regex> = OnceLock::new();
    let place_re = PLACE
        .get_or_init(|| regex::Regex::new(r#"(rules/[^\s:"\[\]]+\.lua):(\d+):"#).unwrap_or_else(|_| unreachable!()));
    let text = error.to_string();
    let (message, traceback) = match text.split_once("\nstack traceback:") {
        Some((m, t)) => (m.to_string(), Some(format!("stack traceback:{t}"))),
        None => (text.clone(), None),
    };
    let mut message = message.as_str();
    for prefix in ["callback error: ", "runtime error: ", "syntax error: "] {
        message = message.strip_prefix(prefix).unwrap_or(message);
    }
    let found = |text: &str| {
        place_re.captures(text).and_then(|c| {
            Some((PathBuf::from(c.get(1)?.as_str()), c.get(2)?.as_str().parse::<u32>().ok()?, c.get(0)?.range()))
        })
    };
    let (place, line, rest) = match found(message) {
        Some((place, line, range)) => {
            (place, line, format!("{}{}", &message[..range.start], message[range.end..].trim_start()))
        }
        None => match traceback.as_deref().and_then(found) {
            Some((place, line, _)) => (place, line, message.to_string()),
            None => (file.to_path_buf(), 1, message.to_string()),
        },
    };
    let shown = crate::base::escape::path(file);
    let mut d = Diagnostic::error("rule-error", &place, Span::new(line, 1, 0), format!("{context}: {rest}"));
    if place != file {
        d = d.with_related(file, Span::new(1, 1, 0), format!("used by {shown}"));
    }
    match traceback {
        Some(t) => d.with_note(t.trim_end().to_string()),
        None => d,
    }
}

/// A rule stopped by its limits, reported where it was running when known (the loop, not the
/// `rule {`), with the rule's registration as the related place.
pub(super) fn stopped_rule(file: &Path, line: u32, what: &str, abort: &Abort, at: Option<(String, u32)>) -> Diagnostic {
    let message = format!("{what} {}", abort.message());
    let registered = Span::new(line, 1, 0);
    match at {
        Some((chunk, at_line)) if chunk.starts_with("rules/") => {
            let place = PathBuf::from(&chunk);
            let mut d = Diagnostic::error("rule-error", &place, Span::new(at_line, 1, 0), message)
                .with_note(format!("it was running {chunk}:{at_line} when it was stopped"));
            if place != file || at_line != line {
                d = d.with_related(file, registered, format!("{what}: registered here"));
            }
            d
        }
        _ => Diagnostic::error("rule-error", file, registered, message),
    }
}

/// Reports each rule of `rest` as not run, and why.
pub(super) fn not_run(out: &mut Outcome, file: &Path, rest: &[(Table, u32)], why: &str) {
    for (spec, line) in rest {
        let id = spec.raw_get::<Option<String>>("id").ok().flatten().unwrap_or_else(|| "?".into());
        out.errors.push(Diagnostic::error(
            "rule-error",
            file,
            Span::new(*line, 1, 0),
            format!("rule `{id}` did not run: {why}"),
        ));
    }
}

/// The errors of a clause check, one per distinct error, naming the first clause it happened on
/// (and how many others).
pub(super) fn clause_failures(
    rule: &RuleInfo,
    agreement: &Agreement,
    failures: Vec<(usize, mlua::Error)>,
) -> Vec<Diagnostic> {
    // Grouped by where and what, in the order first seen.
    let mut groups: Vec<(Vec<usize>, mlua::Error)> = Vec::new();
    let mut group_of: HashMap<(PathBuf, Span, String), usize> = HashMap::new();
    for (i, e) in failures {
        let bare = lua_error(&rule.file, &e, "");
        match group_of.get(&(bare.file.clone(), bare.span, bare.message.clone())) {
            Some(&g) => groups[g].0.push(i),
            None => {
                group_of.insert((bare.file, bare.span, bare.message), groups.len());
                groups.push((vec![i], e));
            }
        }
    }
    groups
        .into_iter()
        .map(|(clauses, e)| {
            let c = &agreement.clauses[clauses[0]];
            let context = format!(
                "rule `{}` failed on clause `{}` ({})",
                rule.id,
                crate::base::escape::name(&c.id),
                crate::base::escape::path(&c.file)
            );
            let mut d = lua_error(&rule.file, &e, &context).with_related(
                &c.file,
                c.front.span,
                format!("the clause being checked (`{}`)", c.id),
            );
            if clauses.len() > 1 {
                let others: Vec<String> =
                    clauses[1..].iter().take(5).map(|i| format!("`{}`", agreement.clauses[*i].id)).collect();
                let more = if clauses.len() > 6 { ", …" } else { "" };
                d.message.push_str(&format!(
                    " (and the same way on {} other clause(s): {}{more})",
                    clauses.len() - 1,
                    others.join(", ")
                ));
            }
            d
        })
        .collect()
}
