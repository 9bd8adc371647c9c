//! The English words of [`RuleApi`]: one arm per message, so that none can be missing.

use crate::base::catalog::{RuleApi, RuleTable};

/// The English text of `m`.
pub(super) fn text(m: &RuleApi) -> String {
    match m {
        RuleApi::Suggestion { candidate } => format!("; did you mean `{candidate}`?"),
        RuleApi::ItHas { keys } => format!("; it has {keys}"),
        RuleApi::ReportUsage => "report takes report(\"message\"), report(\"message\", \"field\") or report{ message = …, field = …, line = …, column = …, clause = …, hint = … }".into(),
        RuleApi::ReportKeyNotName { found } => format!("keys are names such as `message` or `field`, not {found}"),
        RuleApi::ReportNoMessage => "a finding needs a message: report(\"…\") or report{ message = \"…\" }".into(),
        RuleApi::ReportColumnWithoutLine => "`column` goes with `line`: report{ message = …, line = l, column = c }".into(),
        RuleApi::ReportFieldAndLine => "give `field` or `line`, not both: the finding points at one place".into(),
        RuleApi::ReportNotText { key, found } => format!("`{key}` must be text, found {found}"),
        RuleApi::ReportFieldNotPath { found } => {
            format!("`field` must be a field path such as \"duties[2].owner\", found {found}")
        }
        RuleApi::ReportBadLine { found } => {
            format!("`line` must be a file line number (such as c.body_line + 2), 1 or more; found {found}")
        }
        RuleApi::ReportBadColumn { found } => format!("`column` must be a column number, 1 or more; found {found}"),
        RuleApi::ReportMessageTwice => "the message is given twice: as the first argument and as `message`".into(),
        RuleApi::ReportClauseNotTable => "`clause` must be a clause table (from a.clauses) or a clause id".into(),
        RuleApi::ReportClauseWrongType { found } => {
            format!("`clause` must be a clause table (from a.clauses) or a clause id, found {found}")
        }
        RuleApi::ReportNoSuchClause { id, hint } => format!("no clause has the id `{id}`{hint}"),
        RuleApi::ReportUnknownKey { key, hint, keys } => format!("unknown key `{key}`{hint} (report takes {keys})"),
        RuleApi::PathNoKey { written, here, key, hint } => format!("`{written}`: `{here}` has no `{key}`{hint}"),
        RuleApi::PathNoItem { written, here, items, index } => {
            format!("`{written}`: `{here}` has {items} item(s), so there is no [{index}] (indices start at 1)")
        }
        RuleApi::PathListIndex { written, here, n } => {
            format!("`{written}`: `{here}` is a list; write its items in brackets, as in `{here}[{n}]`")
        }
        RuleApi::PathListKey { written, here, key } => {
            format!("`{written}`: `{here}` is a list; name an item first, as in `{here}[1].{key}`")
        }
        RuleApi::PathMapIndex { written, here, index } => {
            format!("`{written}`: `{here}` is a mapping, not a list, so it has no [{index}]")
        }
        RuleApi::PathScalarKey { written, here, found, key } => {
            format!("`{written}`: `{here}` is {}, so it has no `{key}`", super::kind(found))
        }
        RuleApi::PathScalarIndex { written, here, found, index } => {
            format!("`{written}`: `{here}` is {}, so it has no [{index}]", super::kind(found))
        }
        RuleApi::PathUnknownField { written, of_agreement, key, hint } => {
            let whose = if *of_agreement { "content/_index.md has" } else { "no clause has" };
            format!("`{written}`: {whose} a field `{key}`, and the rule never read one{hint}")
        }
        RuleApi::LinePastEnd { line, file, lines } => {
            format!("line {line} is past the end of {file}, which has {lines} lines")
        }
        RuleApi::ColumnPastEnd { column, line, file, width } => {
            format!("column {column} is past the end of line {line} of {file}, which has {width} characters")
        }
        RuleApi::PathMissingBracket { path } => format!("`{path}`: missing `]`"),
        RuleApi::PathNotIndex { path, index } => format!("`{path}`: `{index}` is not an index"),
        RuleApi::PathIndexFromOne { path } => format!("`{path}`: indices start at 1"),
        RuleApi::NotFieldPath { path } => format!("`{path}` is not a field path such as `duties[2].owner`"),
        RuleApi::NoClauseField { name, close } => {
            let hint = close.map(|c| format!("did you mean `c.{c}`? ")).unwrap_or_default();
            format!(
                "`c.{name}`: clauses have no field `{name}`; {hint}(a field a clause does not write reads as nil only when clausebook knows it, `fields:` in content/_index.md declares it, or another clause writes it)"
            )
        }
        RuleApi::NoItemField { name, list, close } => {
            let hint = close.map(|c| format!("did you mean `{c}`? ")).unwrap_or_default();
            format!(
                "`{name}`: the items of `{list}` have no field `{name}`; {hint}(declare the project's own under `fields:` as `{list}.{name}`)"
            )
        }
        RuleApi::NoAgreementField { name, hint } => format!("`a.{name}`: the agreement has no field `{name}`{hint}"),
        RuleApi::NoTableField { name, table, hint } => {
            let table = table_name(*table);
            format!("`{name}`: {table} has no field `{name}`{hint}")
        }
        RuleApi::RuleNotTable => {
            "rule expects a table: rule { id = \"…\", description = \"…\", clause = function(c, report) … end }".into()
        }
        RuleApi::CannotStartLua { error } => format!("cannot start Lua: {error}"),
        RuleApi::RuleName { id: Some(id) } => format!("rule `{id}`"),
        RuleApi::RuleName { id: None } => "a rule".into(),
        RuleApi::SpecKeyNotName { rule, found } => format!("{rule}: keys are names such as `id`, not {found}"),
        RuleApi::SpecError { rule, error } => format!("{rule}: {error}"),
        RuleApi::SpecUnknownKey { rule, key, hint, keys } => {
            format!("{rule}: unknown key `{key}`{hint} (a rule takes {keys})")
        }
        RuleApi::SpecMoreUnknownKeys { rule, more } => format!("{rule}: {more} more unknown keys"),
        RuleApi::SpecBuiltinId { id } => format!(
            "`{id}` is the code of a built-in check (see `clausebook explain {id}`); give the rule an id of its own"
        ),
        RuleApi::SpecNoId => "a rule needs an `id` of letters, digits, `-` and `_`, such as `duty-has-owner`".into(),
        RuleApi::SpecBadId => "a rule's `id` is made of letters, digits, `-` and `_`, such as `duty-has-owner`".into(),
        RuleApi::SpecUnknownSeverity { rule, word, hint } => {
            format!("{rule}: unknown severity `{word}`{hint} (use error, warning or info)")
        }
        RuleApi::SpecSeverityNotText { rule } => format!("{rule}: `severity` must be a string: error, warning or info"),
        RuleApi::SpecNoDescription { rule } => format!("{rule} needs a one-line `description`"),
        RuleApi::SpecBadDescription { rule } => format!("{rule}: `description` must be a line of text"),
        RuleApi::SpecBadExplanation { rule } => format!("{rule}: `explanation` must be text"),
        RuleApi::SpecCheckNotFunction { rule, key, arg } => {
            format!("{rule}: `{key}` must be a function, such as `{key} = function({arg}, report) … end`")
        }
        RuleApi::SpecNoCheck { rule } => format!(
            "{rule} needs a check: `clause = function(c, report) … end` or `agreement = function(a, report) … end`"
        ),
        RuleApi::DateArgNotText { function, position, found } => {
            format!("date.{function}: argument {position} must be a date string YYYY-MM-DD, got {found}")
        }
        RuleApi::DateArgNotDate { function, text } => format!("date.{function}: \"{text}\" is not a date (YYYY-MM-DD)"),
        RuleApi::DateNotWhole { function, found } => {
            format!("date.{function}: argument 2 must be a whole number, got {found}")
        }
        RuleApi::DateOutOfRange { function, date, n } => format!(
            "date.{function}: {date} plus {n} is past the dates written YYYY-MM-DD (0000-01-01 to 9999-12-31)"
        ),
        RuleApi::RegexTooMany { most } => format!(
            "re: a rule file may compile at most {most} different regular expressions; write patterns that stay the same and match the varying text as the subject"
        ),
        RuleApi::RegexInvalid { error } => format!("re: invalid regular expression: {error}"),
    }
}

/// The words for `table` in "… has no field".
fn table_name(table: RuleTable) -> &'static str {
    match table {
        RuleTable::Party => "a party",
        RuleTable::Chapter => "a chapter",
        RuleTable::Heading => "a heading",
        RuleTable::Link => "a link",
        RuleTable::Library => "a clause's library use",
        RuleTable::Schedule => "a duty's schedule",
        RuleTable::Agreement => "an agreement of the portfolio",
        RuleTable::Portfolio => "the portfolio",
        RuleTable::Unit => "a department",
    }
}
