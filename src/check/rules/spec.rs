//! `rule { … }`: what a rule file registers, read strictly. Every problem with a registration
//! (an unknown key, a value of the wrong type, an id that a built-in check owns) is an error at
//! the key's own line, with "did you mean" where a close key exists.

use std::path::Path;

use mlua::{Table, Value};

use super::RuleInfo;
use super::report::suggestion;
use crate::base::catalog::{Locale, Portfolio as Words, RuleApi};
use crate::base::diagnostic::{Diagnostic, Severity, Span};

/// How many unknown keys of one registration are reported one by one.
const MOST_UNKNOWN_KEYS: usize = 10;

/// The keys `rule { … }` takes in an agreement's `rules/`.
const KEYS: &[&str] = &["id", "severity", "description", "explanation", "clause", "agreement"];

/// The keys `rule { … }` takes in a portfolio's `rules/`: one check, over the whole portfolio.
const PORTFOLIO_KEYS: &[&str] = &["id", "severity", "description", "explanation", "portfolio"];

/// Reads and validates the registration `spec`, made by the `rule { … }` call on `line` of
/// `file` (whose text is `source`), of a portfolio's rules when `portfolio`; every problem found
/// is returned, in the language `l`.
pub(super) fn describe(
    spec: &Table,
    file: &Path,
    line: u32,
    source: &str,
    (l, portfolio): (Locale, bool),
) -> Result<RuleInfo, Vec<Diagnostic>> {
    let (keys_taken, checks_taken): (&[&str], &[&str]) =
        if portfolio { (PORTFOLIO_KEYS, &["portfolio"]) } else { (KEYS, &["clause", "agreement"]) };
    let mut problems = Vec::new();
    let at = |key: &str| locate_key(source, line, key).unwrap_or(Span::new(line, 1, 0));
    let mut bad = |span: Span, message: String| problems.push(Diagnostic::error("rule-error", file, span, message));

    let id = match spec.raw_get::<Value>("id") {
        Ok(Value::String(s)) if crate::load::valid_id(&s.to_string_lossy()) => Some(s.to_string_lossy()),
        _ => None,
    };
    let name = l.msg(RuleApi::RuleName { id: id.as_deref() });
    let rule = &name;
    let mut keys: Vec<(String, Value)> = Vec::new();
    for pair in spec.pairs::<Value, Value>() {
        match pair {
            Ok((Value::String(k), v)) => keys.push((k.to_string_lossy(), v)),
            Ok((k, _)) => bad(Span::new(line, 1, 0), l.msg(RuleApi::SpecKeyNotName { rule, found: &k.type_name() })),
            Err(e) => bad(Span::new(line, 1, 0), l.msg(RuleApi::SpecError { rule, error: &e })),
        }
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    // Each is located by a search of the source: a registration with thousands of keys is told
    // about the first few, not searched for each.
    let unknown: Vec<&String> = keys.iter().map(|(k, _)| k).filter(|k| !keys_taken.contains(&k.as_str())).collect();
    for key in unknown.iter().take(MOST_UNKNOWN_KEYS) {
        let message = match key.as_str() {
            "portfolio" => l.msg(Words::SpecPortfolioOutside { rule }),
            _ => {
                let hint = suggestion(l, key, keys_taken.iter().copied());
                l.msg(RuleApi::SpecUnknownKey { rule, key, hint: &hint, keys: &keys_taken.join(", ") })
            }
        };
        bad(at(key), message);
    }
    if unknown.len() > MOST_UNKNOWN_KEYS {
        let more = unknown.len() - MOST_UNKNOWN_KEYS;
        bad(Span::new(line, 1, 0), l.msg(RuleApi::SpecMoreUnknownKeys { rule, more }));
    }

    match (&id, spec.raw_get::<Value>("id")) {
        (Some(id), _) if crate::base::codes::is_builtin(id) => bad(at("id"), l.msg(RuleApi::SpecBuiltinId { id })),
        (Some(_), _) => {}
        (None, Ok(Value::Nil)) => bad(Span::new(line, 1, 0), l.msg(RuleApi::SpecNoId)),
        (None, _) => bad(at("id"), l.msg(RuleApi::SpecBadId)),
    }
    let severity = match spec.raw_get::<Value>("severity") {
        Ok(Value::Nil) => Severity::Error,
        Ok(Value::String(word)) => {
            let word = word.to_string_lossy();
            Severity::parse(&word).unwrap_or_else(|| {
                let hint = suggestion(l, &word, ["error", "warning", "info"]);
                bad(at("severity"), l.msg(RuleApi::SpecUnknownSeverity { rule, word: &word, hint: &hint }));
                Severity::Error
            })
        }
        _ => {
            bad(at("severity"), l.msg(RuleApi::SpecSeverityNotText { rule }));
            Severity::Error
        }
    };
    let description = match spec.raw_get::<Value>("description") {
        Ok(Value::String(d)) if !d.to_string_lossy().trim().is_empty() => d.to_string_lossy(),
        Ok(Value::Nil) => {
            bad(Span::new(line, 1, 0), l.msg(RuleApi::SpecNoDescription { rule }));
            String::new()
        }
        _ => {
            bad(at("description"), l.msg(RuleApi::SpecBadDescription { rule }));
            String::new()
        }
    };
    let explanation = match spec.raw_get::<Value>("explanation") {
        Ok(Value::Nil) => None,
        Ok(Value::String(e)) => Some(e.to_string_lossy()),
        _ => {
            bad(at("explanation"), l.msg(RuleApi::SpecBadExplanation { rule }));
            None
        }
    };
    let (mut checks, mut miswritten) = (0, false);
    for &key in checks_taken {
        match spec.raw_get::<Value>(key) {
            Ok(Value::Function(_)) => checks += 1,
            Ok(Value::Nil) => {}
            _ => {
                miswritten = true;
                bad(at(key), l.msg(RuleApi::SpecCheckNotFunction { rule, key: &key, arg: &&key[..1] }))
            }
        }
    }
    if checks == 0 && !miswritten {
        let message =
            if portfolio { l.msg(Words::SpecNoPortfolioCheck { rule }) } else { l.msg(RuleApi::SpecNoCheck { rule }) };
        bad(Span::new(line, 1, 0), message);
    }
    match id {
        Some(id) if problems.is_empty() => {
            Ok(RuleInfo { id, severity, description, explanation, file: file.to_path_buf(), line })
        }
        _ => Err(problems),
    }
}

/// Where `key = …` is written in the `rule { … }` call that starts on `line`: the first such
/// assignment on that line or after it.
fn locate_key(source: &str, line: u32, key: &str) -> Option<Span> {
    let pattern = regex::Regex::new(&format!(r"(^|[^\w]){}\s*=[^=]", regex::escape(key))).ok()?;
    for (n, text) in source.lines().enumerate().skip(line.saturating_sub(1) as usize).take(500) {
        if let Some(m) = pattern.captures(text).and_then(|c| c.get(0)) {
            let start = m.start() + text[m.start()..].find(key)?;
            let col = text[..start].chars().count() as u32 + 1;
            return Some(Span::new(n as u32 + 1, col, key.chars().count() as u32));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_where_they_are_written() {
        let source = "-- x\nrule {\n  id = \"a\",\n  severty = \"info\",\n}\n";
        assert_eq!(locate_key(source, 2, "severty"), Some(Span::new(4, 3, 7)));
        assert_eq!(locate_key(source, 2, "id"), Some(Span::new(3, 3, 2)));
        assert_eq!(locate_key("rule { id = 'a', x = 1 == 1 }", 1, "x"), Some(Span::new(1, 18, 1)));
        assert_eq!(locate_key(source, 2, "missing"), None);
    }
}
