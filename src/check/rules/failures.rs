//! A rule's failures as findings in its file: Lua errors, rules stopped by their limits, rules
//! that did not run, and a clause check's errors grouped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mlua::Table;

use super::limits::Abort;
use super::{Outcome, RuleInfo};
use crate::base::catalog::{Locale, NotRun, RuleRun, Stoppable};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::model::Agreement;

/// [`lua_error_in`] in English.
pub(super) fn lua_error(file: &Path, error: &mlua::Error, context: &str) -> Diagnostic {
    lua_error_in(Locale::En, file, error, context)
}

/// A Lua error as a finding in the rule file: `rules/x.lua:LINE: message`, traceback as a note,
/// told in `locale` with Lua's own words as the detail. The place is the innermost frame in `rules/` (maybe a lib module) that the message names, or
/// else the innermost such frame of the traceback (errors raised by helpers written in Rust).
pub(super) fn lua_error_in(locale: Locale, file: &Path, error: &mlua::Error, context: &str) -> Diagnostic {
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
    let message = locale.msg(RuleRun::Failed { context: &context, detail: &rest });
    let mut d = Diagnostic::error("rule-error", &place, Span::new(line, 1, 0), message);
    if place != file {
        d = d.with_related(file, Span::new(1, 1, 0), locale.msg(RuleRun::UsedBy { file: &shown }));
    }
    match traceback {
        Some(t) => d.with_note(locale.msg(RuleRun::Traceback { trace: t.trim_end() })),
        None => d,
    }
}

/// A rule stopped by its limits, reported where it was running when known (the loop, not the
/// `rule {`), with the rule's registration as the related place.
pub(super) fn stopped_rule(
    locale: Locale,
    file: &Path,
    line: u32,
    what: Stoppable,
    abort: &Abort,
    at: Option<(String, u32)>,
) -> Diagnostic {
    let message = locale.msg(RuleRun::Stopped { what, why: abort.limit() });
    let registered = Span::new(line, 1, 0);
    match at {
        Some((chunk, at_line)) if chunk.starts_with("rules/") => {
            let place = PathBuf::from(&chunk);
            let mut d = Diagnostic::error("rule-error", &place, Span::new(at_line, 1, 0), message)
                .with_note(locale.msg(RuleRun::RunningWhenStopped { chunk: &chunk, line: at_line }));
            if place != file || at_line != line {
                d = d.with_related(file, registered, locale.msg(RuleRun::RegisteredHere { what }));
            }
            d
        }
        _ => Diagnostic::error("rule-error", file, registered, message),
    }
}

/// Reports each rule of `rest` as not run, and why.
pub(super) fn not_run(locale: Locale, out: &mut Outcome, file: &Path, rest: &[(Table, u32)], why: NotRun) {
    for (spec, line) in rest {
        let id = spec.raw_get::<Option<String>>("id").ok().flatten().unwrap_or_else(|| "?".into());
        out.errors.push(Diagnostic::error(
            "rule-error",
            file,
            Span::new(*line, 1, 0),
            locale.msg(RuleRun::NotRun { id: &id, why }),
        ));
    }
}

/// The errors of a clause check, one per distinct error, naming the first clause it happened on
/// (and how many others).
pub(super) fn clause_failures(
    locale: Locale,
    rule: &RuleInfo,
    agreement: &Agreement,
    failures: Vec<(usize, mlua::Error)>,
) -> Vec<Diagnostic> {
    // Grouped by where and what, in the order first seen.
    let mut groups: Vec<(Vec<usize>, mlua::Error)> = Vec::new();
    let mut group_of: HashMap<(PathBuf, Span, String), usize> = HashMap::new();
    for (i, e) in failures {
        let bare = lua_error_in(locale, &rule.file, &e, "");
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
            let context = locale.msg(RuleRun::ClauseCheckFailed {
                id: &rule.id,
                clause: &crate::base::escape::name(&c.id),
                file: &crate::base::escape::path(&c.file),
            });
            let mut d = lua_error_in(locale, &rule.file, &e, &context).with_related(
                &c.file,
                c.front.span,
                locale.msg(RuleRun::ClauseBeingChecked { id: &c.id }),
            );
            if clauses.len() > 1 {
                let others: Vec<String> =
                    clauses[1..].iter().take(5).map(|i| format!("`{}`", agreement.clauses[*i].id)).collect();
                let listed = others.join(locale.msg(RuleRun::ListSeparator).as_str());
                let more = clauses.len() > 6;
                d.message.push_str(&locale.msg(RuleRun::SameOnOthers {
                    count: clauses.len() - 1,
                    listed: &listed,
                    more,
                }));
            }
            d
        })
        .collect()
}
