//! `report`: how a check says what it found. Its arguments are read strictly: an unknown key, a
//! value of the wrong type, a field path the clause cannot have or a line past the end of the file
//! is an error at the call (with "did you mean" where a close name exists), never a finding that
//! silently points somewhere else. Each report becomes a finding at the node, line and column it
//! names.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use mlua::Value;

use super::world::World;
use super::{Finding, RuleInfo};
use crate::base::catalog::{Locale, RuleApi};
use crate::base::diagnostic::{Diagnostic, Span, closest};
use crate::base::model::Agreement;
use crate::base::yaml::{self, Node, PathStep};

/// A report call, checked, before it is placed.
#[derive(Debug, Clone)]
pub(super) struct Report {
    /// The clause it concerns (index into `Agreement::clauses`); `None`: the agreement.
    pub clause: Option<usize>,
    field: Option<Vec<OwnedStep>>,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
    hint: Option<String>,
}

impl Report {
    /// The same report, on clause `i` (a kept finding of a clause that moved).
    pub fn on_clause(&self, i: usize) -> Report {
        Report { clause: Some(i), ..self.clone() }
    }

    /// What the report holds outside Lua, counted against the rule file's memory limit.
    pub fn cost(&self) -> usize {
        let path: usize =
            self.field.iter().flatten().map(|s| if let OwnedStep::Key(k) = s { k.len() } else { 8 }).sum();
        self.message.len() + self.hint.as_ref().map_or(0, String::len) + path + super::limits::RECORD_COST
    }
}

#[derive(Debug, Clone, PartialEq)]
enum OwnedStep {
    Key(String),
    Index(usize),
}

/// The keys `report { … }` takes.
const KEYS: &[&str] = &["message", "field", "line", "column", "clause", "hint"];

/// The keys `report { … }` takes in a portfolio check: `agreement` too, which says where.
const PORTFOLIO_KEYS: &[&str] = &["message", "field", "line", "column", "agreement", "clause", "hint"];

/// `; did you mean `x`?` in `l` when a candidate is close to `wrong`, else nothing.
pub(super) fn suggestion<'c>(l: Locale, wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(wrong, candidates).map(|candidate| l.msg(RuleApi::Suggestion { candidate: &candidate })).unwrap_or_default()
}

/// Checks report calls of one rule against the agreement, reading the files that line numbers
/// point into when it needs them.
pub(super) struct Checker<'w> {
    world: &'w World<'w>,
    /// The language of the agreement, and so of the errors.
    l: Locale,
    lines: RefCell<HashMap<PathBuf, Option<Arc<[String]>>>>,
    /// The keys `report` takes: a portfolio check's also take `agreement` (read before this).
    keys: &'static [&'static str],
}

impl<'w> Checker<'w> {
    /// Checks reports on `world`'s agreement, made by a portfolio check when `portfolio`.
    pub fn new(world: &'w World<'w>, portfolio: bool) -> Self {
        let keys = if portfolio { PORTFOLIO_KEYS } else { KEYS };
        Checker { world, l: world.locale(), lines: RefCell::default(), keys }
    }

    /// Reads one call of `report` made while the check of clause `current` (or the agreement
    /// check) ran. `read` holds the clause fields the rule has read, which a field path may name
    /// although the clause lacks them.
    pub fn read(&self, current: Option<usize>, read: &HashSet<String>, args: &[Value]) -> Result<Report, String> {
        let l = self.l;
        let mut r =
            Report { clause: current, field: None, line: None, column: None, message: String::new(), hint: None };
        let options = match args {
            [Value::String(m)] | [Value::String(m), Value::Nil] => {
                r.message = m.to_string_lossy();
                None
            }
            [Value::String(m), Value::String(f)] => {
                r.message = m.to_string_lossy();
                r.field = Some(field_path(l, &f.to_string_lossy())?);
                None
            }
            [Value::String(m), Value::Table(t)] => {
                r.message = m.to_string_lossy();
                Some(t)
            }
            [Value::Table(t)] => Some(t),
            _ => return Err(l.msg(RuleApi::ReportUsage)),
        };
        if let Some(t) = options {
            let mut pairs: Vec<(String, Value)> = Vec::new();
            for pair in t.pairs::<Value, Value>() {
                let (k, v) = pair.map_err(|e| e.to_string())?;
                let Value::String(k) = k else {
                    return Err(l.msg(RuleApi::ReportKeyNotName { found: &k.type_name() }));
                };
                pairs.push((k.to_string_lossy(), v));
            }
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            for (key, value) in pairs {
                self.option(&mut r, &key, &value)?;
            }
        }
        if r.message.trim().is_empty() {
            return Err(l.msg(RuleApi::ReportNoMessage));
        }
        if r.column.is_some() && r.line.is_none() {
            return Err(l.msg(RuleApi::ReportColumnWithoutLine));
        }
        if r.line.is_some() && r.field.is_some() {
            return Err(l.msg(RuleApi::ReportFieldAndLine));
        }
        let (file, front) = self.target(r.clause);
        if let Some(steps) = &r.field {
            self.check_field(r.clause.is_none(), front, steps, read)?;
        }
        if let Some(line) = r.line {
            self.check_line(file, line, r.column)?;
        }
        Ok(r)
    }

    fn option(&self, r: &mut Report, key: &str, value: &Value) -> Result<(), String> {
        let l = self.l;
        let text = || match value {
            Value::String(s) => Ok(s.to_string_lossy()),
            other => Err(match key {
                "field" => l.msg(RuleApi::ReportFieldNotPath { found: &other.type_name() }),
                _ => l.msg(RuleApi::ReportNotText { key: &key, found: &other.type_name() }),
            }),
        };
        match key {
            "message" if !r.message.is_empty() => {
                return Err(l.msg(RuleApi::ReportMessageTwice));
            }
            "message" => r.message = text()?,
            "hint" => r.hint = Some(text()?),
            "field" => r.field = Some(field_path(l, &text()?)?),
            "line" | "column" => {
                let n = match value {
                    Value::Integer(n) => Some(*n),
                    Value::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
                    _ => None,
                };
                let n = n.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0).ok_or_else(|| {
                    let found = shown(value);
                    if key == "line" {
                        l.msg(RuleApi::ReportBadLine { found: &found })
                    } else {
                        l.msg(RuleApi::ReportBadColumn { found: &found })
                    }
                })?;
                if key == "line" {
                    r.line = Some(n);
                } else {
                    r.column = Some(n);
                }
            }
            "clause" => {
                let agreement = self.world.agreement;
                r.clause = Some(match value {
                    Value::Table(c) => {
                        let number: Option<usize> = c.raw_get("number").ok().flatten();
                        number
                            .and_then(|n| n.checked_sub(1))
                            .filter(|i| *i < agreement.clauses.len())
                            .ok_or_else(|| l.msg(RuleApi::ReportClauseNotTable))?
                    }
                    Value::String(id) => {
                        let id = id.to_string_lossy();
                        *self.world.ids.get(&id).ok_or_else(|| {
                            let hint = suggestion(l, &id, agreement.clauses.iter().map(|c| c.id.as_str()));
                            l.msg(RuleApi::ReportNoSuchClause { id: &id, hint: &hint })
                        })?
                    }
                    other => {
                        return Err(l.msg(RuleApi::ReportClauseWrongType { found: &other.type_name() }));
                    }
                });
            }
            // Which agreement a portfolio check's report is on: read before (`portfolio::target`).
            "agreement" if self.keys.contains(&"agreement") => {}
            other => {
                let hint = suggestion(l, other, self.keys.iter().copied());
                return Err(l.msg(RuleApi::ReportUnknownKey { key: &other, hint: &hint, keys: &self.keys.join(", ") }));
            }
        }
        Ok(())
    }

    /// The file and front matter a report on `clause` (or on the agreement) points into.
    fn target(&self, clause: Option<usize>) -> (&'w Path, &'w Node) {
        let agreement: &'w Agreement = self.world.agreement;
        match clause {
            Some(i) => (&agreement.clauses[i].file, &agreement.clauses[i].front),
            None => (&agreement.file, &agreement.front),
        }
    }

    /// A field path must follow the front matter as far as it goes; where it goes further (the
    /// field is missing) it must name a field that can be there: a known field, a field some
    /// clause has or the rule read, and not a misspelling of one.
    fn check_field(
        &self,
        of_agreement: bool,
        front: &Node,
        steps: &[OwnedStep],
        read: &HashSet<String>,
    ) -> Result<(), String> {
        let l = self.l;
        let written = shown_path(steps);
        let mut node = front;
        for (k, step) in steps.iter().enumerate() {
            let here = shown_path(&steps[..k]);
            match (step, &node.value) {
                (OwnedStep::Key(key), yaml::Value::Map(entries)) => match node.get(key) {
                    Some(e) => node = &e.value,
                    None if k == 0 => return self.missing_field(of_agreement, key, &written, entries, read),
                    None => {
                        let list = match steps.first() {
                            Some(OwnedStep::Key(top)) if k == 2 => top.as_str(),
                            _ => "",
                        };
                        let known = crate::base::schema::item_fields(of_agreement, list).iter().map(|f| f.name);
                        let hint = suggestion(l, key, entries.iter().map(|e| e.key.as_str()).chain(known));
                        if !hint.is_empty() {
                            return Err(l.msg(RuleApi::PathNoKey { written: &written, here: &here, key, hint: &hint }));
                        }
                        return Ok(());
                    }
                },
                (OwnedStep::Index(i), yaml::Value::Seq(items)) => match items.get(*i) {
                    Some(item) => node = item,
                    None => {
                        let (items, index) = (items.len(), i + 1);
                        return Err(l.msg(RuleApi::PathNoItem { written: &written, here: &here, items, index }));
                    }
                },
                (_, yaml::Value::Null) => return Ok(()),
                (OwnedStep::Key(key), yaml::Value::Seq(_)) => {
                    return Err(l.msg(match key.parse::<usize>() {
                        Ok(n) => RuleApi::PathListIndex { written: &written, here: &here, n },
                        Err(_) => RuleApi::PathListKey { written: &written, here: &here, key },
                    }));
                }
                (OwnedStep::Index(i), yaml::Value::Map(_)) => {
                    return Err(l.msg(RuleApi::PathMapIndex { written: &written, here: &here, index: i + 1 }));
                }
                (step, found) => {
                    let (written, here) = (&written, &here);
                    return Err(l.msg(match step {
                        OwnedStep::Key(key) => RuleApi::PathScalarKey { written, here, found, key },
                        OwnedStep::Index(i) => RuleApi::PathScalarIndex { written, here, found, index: i + 1 },
                    }));
                }
            }
        }
        Ok(())
    }

    fn missing_field(
        &self,
        of_agreement: bool,
        key: &str,
        written: &str,
        entries: &[yaml::Entry],
        read: &HashSet<String>,
    ) -> Result<(), String> {
        let fields = if of_agreement { crate::base::schema::AGREEMENT } else { crate::base::schema::CLAUSE };
        let schema: Vec<&str> = crate::base::schema::names(fields).collect();
        let used = self.world.used_fields();
        let declared = !of_agreement && self.world.agreement.fields.iter().any(|f| f.name == key);
        let known = schema.contains(&key) || read.contains(key) || declared || (!of_agreement && used.contains(key));
        if known {
            return Ok(());
        }
        let candidates: Vec<&str> = schema
            .iter()
            .copied()
            .chain(entries.iter().map(|e| e.key.as_str()))
            .chain(read.iter().map(String::as_str))
            .chain(if of_agreement { None } else { Some(used.iter().map(String::as_str)) }.into_iter().flatten())
            .collect();
        let hint = suggestion(self.l, key, candidates);
        Err(self.l.msg(RuleApi::PathUnknownField { written: &written, of_agreement, key: &key, hint: &hint }))
    }

    fn check_line(&self, file: &Path, line: u32, column: Option<u32>) -> Result<(), String> {
        let Some(lines) = self.lines_of(file) else { return Ok(()) };
        let shown = crate::base::escape::path(file);
        let Some(text) = lines.get(line as usize - 1) else {
            return Err(self.l.msg(RuleApi::LinePastEnd { line, file: &shown, lines: lines.len() }));
        };
        let width = text.chars().count() as u32;
        match column {
            Some(c) if c > width + 1 => {
                Err(self.l.msg(RuleApi::ColumnPastEnd { column: c, line, file: &shown, width }))
            }
            _ => Ok(()),
        }
    }

    fn lines_of(&self, file: &Path) -> Option<Arc<[String]>> {
        let mut cache = self.lines.borrow_mut();
        cache
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let bytes = self.world.tree.read(file).ok()?;
                let text = crate::load::source::decode(bytes.to_vec()).unwrap_or_else(|(_, lossy)| lossy);
                Some(text.lines().map(|l| l.trim_end_matches('\r').to_string()).collect())
            })
            .clone()
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::Integer(n) => n.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.type_name().to_string(),
    }
}

/// `duties[2].owner`, as written in Lua (1-based indices).
fn shown_path(steps: &[OwnedStep]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            OwnedStep::Key(k) if out.is_empty() => out.push_str(k),
            OwnedStep::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            OwnedStep::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

/// Parses a field path such as `duties[2].owner` (1-based indices, as in Lua).
fn field_path(l: Locale, path: &str) -> Result<Vec<OwnedStep>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            steps.push(OwnedStep::Key(name.to_string()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').ok_or_else(|| l.msg(RuleApi::PathMissingBracket { path: &path }))?;
            let index = &inner[..end];
            let n: usize =
                index.trim().parse().map_err(|_| l.msg(RuleApi::PathNotIndex { path: &path, index: &index }))?;
            let n = n.checked_sub(1).ok_or_else(|| l.msg(RuleApi::PathIndexFromOne { path: &path }))?;
            steps.push(OwnedStep::Index(n));
            rest = &inner[end + 1..];
        }
        if name.is_empty() && steps.is_empty() || !rest.is_empty() {
            return Err(l.msg(RuleApi::NotFieldPath { path: &path }));
        }
    }
    Ok(steps)
}

/// Turns a report into a finding at the exact node, line or column it names.
pub(super) fn place(rule: &RuleInfo, agreement: &Agreement, r: Report) -> Finding {
    let (file, front) = match r.clause {
        Some(i) => (&agreement.clauses[i].file, &*agreement.clauses[i].front),
        None => (&agreement.file, &agreement.front),
    };
    let span = match (r.line, &r.field) {
        (Some(line), _) => Span::new(line, r.column.unwrap_or(1), 0),
        (None, Some(steps)) => front.locate(steps.iter().map(|s| match s {
            OwnedStep::Key(k) => PathStep::Key(k),
            OwnedStep::Index(i) => PathStep::Index(*i),
        })),
        (None, None) => front.span,
    };
    let hint = r.hint.unwrap_or_else(|| rule.description.clone());
    Finding {
        rule: rule.id.clone(),
        clause: r.clause,
        diagnostic: Diagnostic::new(rule.severity, &rule.id, file, span, r.message).with_hint(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths() {
        use OwnedStep::*;
        assert_eq!(
            field_path(Locale::En, "duties[2].owner"),
            Ok(vec![Key("duties".into()), Index(1), Key("owner".into())])
        );
        assert_eq!(field_path(Locale::En, "review_by"), Ok(vec![Key("review_by".into())]));
        assert_eq!(field_path(Locale::En, "a[1][2]"), Ok(vec![Key("a".into()), Index(0), Index(1)]));
        assert!(field_path(Locale::En, "duties[0]").is_err());
        assert!(field_path(Locale::En, "duties[x]").is_err());
        assert!(field_path(Locale::En, "").is_err());
        assert_eq!(shown_path(&field_path(Locale::En, "duties[2].owner").unwrap()), "duties[2].owner");
    }
}
