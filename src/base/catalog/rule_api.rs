//! The messages about how a project's rule uses the rule API: `rule { … }`, `report`, the fields
//! it reads and the `date` and `re` helpers.

use std::fmt::Display;

use crate::base::yaml::Value;

/// A table rules read strictly besides clauses and the agreement.
#[derive(Debug, Clone, Copy)]
pub enum RuleTable {
    /// `duty.schedule`
    Schedule,
    /// `a.parties[i]`
    Party,
    /// `a.chapters[i]`, `c.chapter`
    Chapter,
    /// `c.headings[i]`
    Heading,
    /// `c.links[i]`
    Link,
    /// `c.library`.
    Library,
    /// `p.agreements[i]`
    Agreement,
    /// `p`
    Portfolio,
    /// `p.units[i]`
    Unit,
}

/// A message about the rule API; its words are in `zh/rule_api.rs` and `en/rule_api.rs`.
pub enum RuleApi<'a> {
    /// ; did you mean `{candidate}`?
    Suggestion { candidate: &'a dyn Display },
    /// ; it has {keys}
    ItHas { keys: &'a dyn Display },
    /// report takes report("message"), … or report{ … }
    ReportUsage,
    /// keys are names such as `message` or `field`, not {found}
    ReportKeyNotName { found: &'a dyn Display },
    /// a finding needs a message
    ReportNoMessage,
    /// `column` goes with `line`
    ReportColumnWithoutLine,
    /// give `field` or `line`, not both
    ReportFieldAndLine,
    /// `{key}` must be text, found {found}
    ReportNotText { key: &'a dyn Display, found: &'a dyn Display },
    /// `field` must be a field path, found {found}
    ReportFieldNotPath { found: &'a dyn Display },
    /// `line` must be a file line number, 1 or more; found {found}
    ReportBadLine { found: &'a dyn Display },
    /// `column` must be a column number, 1 or more; found {found}
    ReportBadColumn { found: &'a dyn Display },
    /// the message is given twice
    ReportMessageTwice,
    /// `clause` must be a clause table or a clause id
    ReportClauseNotTable,
    /// `clause` must be a clause table or a clause id, found {found}
    ReportClauseWrongType { found: &'a dyn Display },
    /// no clause has the id `{id}`{hint}
    ReportNoSuchClause { id: &'a dyn Display, hint: &'a dyn Display },
    /// unknown key `{key}`{hint} (report takes {keys})
    ReportUnknownKey { key: &'a dyn Display, hint: &'a dyn Display, keys: &'a dyn Display },
    /// `{written}`: `{here}` has no `{key}`{hint}
    PathNoKey { written: &'a dyn Display, here: &'a dyn Display, key: &'a dyn Display, hint: &'a dyn Display },
    /// `{written}`: `{here}` has {items} item(s), so there is no [{index}]
    PathNoItem { written: &'a dyn Display, here: &'a dyn Display, items: usize, index: usize },
    /// `{written}`: `{here}` is a list; write its items in brackets, as in `{here}[{n}]`
    PathListIndex { written: &'a dyn Display, here: &'a dyn Display, n: usize },
    /// `{written}`: `{here}` is a list; name an item first, as in `{here}[1].{key}`
    PathListKey { written: &'a dyn Display, here: &'a dyn Display, key: &'a dyn Display },
    /// `{written}`: `{here}` is a mapping, not a list, so it has no [{index}]
    PathMapIndex { written: &'a dyn Display, here: &'a dyn Display, index: usize },
    /// `{written}`: `{here}` is {found}, so it has no `{key}`
    PathScalarKey { written: &'a dyn Display, here: &'a dyn Display, found: &'a Value, key: &'a dyn Display },
    /// `{written}`: `{here}` is {found}, so it has no [{index}]
    PathScalarIndex { written: &'a dyn Display, here: &'a dyn Display, found: &'a Value, index: usize },
    /// `{written}`: content/_index.md / no clause has a field `{key}`, and the rule never read one{hint}
    PathUnknownField { written: &'a dyn Display, of_agreement: bool, key: &'a dyn Display, hint: &'a dyn Display },
    /// line {line} is past the end of {file}, which has {lines} lines
    LinePastEnd { line: u32, file: &'a dyn Display, lines: usize },
    /// column {column} is past the end of line {line} of {file}, which has {width} characters
    ColumnPastEnd { column: u32, line: u32, file: &'a dyn Display, width: u32 },
    /// `{path}`: missing `]`
    PathMissingBracket { path: &'a dyn Display },
    /// `{path}`: `{index}` is not an index
    PathNotIndex { path: &'a dyn Display, index: &'a dyn Display },
    /// `{path}`: indices start at 1
    PathIndexFromOne { path: &'a dyn Display },
    /// `{path}` is not a field path such as `duties[2].owner`
    NotFieldPath { path: &'a dyn Display },
    /// `c.{name}`: clauses have no field `{name}`; {close} (…)
    NoClauseField { name: &'a dyn Display, close: Option<&'a str> },
    /// `{name}`: the items of `{list}` have no field `{name}`; {close} (…)
    NoItemField { name: &'a dyn Display, list: &'a dyn Display, close: Option<&'a str> },
    /// `a.{name}`: the agreement has no field `{name}`{hint}
    NoAgreementField { name: &'a dyn Display, hint: &'a dyn Display },
    /// `{name}`: {table} has no field `{name}`{hint}
    NoTableField { name: &'a dyn Display, table: RuleTable, hint: &'a dyn Display },
    /// rule expects a table: rule { … }
    RuleNotTable,
    /// cannot start Lua: {error}
    CannotStartLua { error: &'a dyn Display },
    /// a rule / rule `{id}`: how the problems below name a registration
    RuleName { id: Option<&'a str> },
    /// {rule}: keys are names such as `id`, not {found}
    SpecKeyNotName { rule: &'a dyn Display, found: &'a dyn Display },
    /// {rule}: {error}
    SpecError { rule: &'a dyn Display, error: &'a dyn Display },
    /// {rule}: unknown key `{key}`{hint} (a rule takes {keys})
    SpecUnknownKey { rule: &'a dyn Display, key: &'a dyn Display, hint: &'a dyn Display, keys: &'a dyn Display },
    /// {rule}: {more} more unknown keys
    SpecMoreUnknownKeys { rule: &'a dyn Display, more: usize },
    /// `{id}` is the code of a built-in check
    SpecBuiltinId { id: &'a dyn Display },
    /// a rule needs an `id`
    SpecNoId,
    /// a rule's `id` is made of letters, digits, `-` and `_`
    SpecBadId,
    /// {rule}: unknown severity `{word}`{hint}
    SpecUnknownSeverity { rule: &'a dyn Display, word: &'a dyn Display, hint: &'a dyn Display },
    /// {rule}: `severity` must be a string
    SpecSeverityNotText { rule: &'a dyn Display },
    /// {rule} needs a one-line `description`
    SpecNoDescription { rule: &'a dyn Display },
    /// {rule}: `description` must be a line of text
    SpecBadDescription { rule: &'a dyn Display },
    /// {rule}: `explanation` must be text
    SpecBadExplanation { rule: &'a dyn Display },
    /// {rule}: `{key}` must be a function, such as `{key} = function({arg}, report) … end`
    SpecCheckNotFunction { rule: &'a dyn Display, key: &'a dyn Display, arg: &'a dyn Display },
    /// {rule} needs a check
    SpecNoCheck { rule: &'a dyn Display },
    /// date.{function}: argument {position} must be a date string YYYY-MM-DD, got {found}
    DateArgNotText { function: &'a dyn Display, position: usize, found: &'a dyn Display },
    /// date.{function}: "{text}" is not a date (YYYY-MM-DD)
    DateArgNotDate { function: &'a dyn Display, text: &'a dyn Display },
    /// date.{function}: argument 2 must be a whole number, got {found}
    DateNotWhole { function: &'a dyn Display, found: &'a dyn Display },
    /// date.{function}: {date} plus {n} is past the dates written YYYY-MM-DD
    DateOutOfRange { function: &'a dyn Display, date: &'a dyn Display, n: i64 },
    /// re: a rule file may compile at most {most} different regular expressions; …
    RegexTooMany { most: u32 },
    /// re: invalid regular expression: {error}
    RegexInvalid { error: &'a dyn Display },
}
