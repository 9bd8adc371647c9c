//! The Chinese words of [`RuleApi`]: one arm per message, so that none can be missing.

use crate::base::catalog::{RuleApi, RuleTable};

/// The Chinese text of `m`.
pub(super) fn text(m: &RuleApi) -> String {
    match m {
        RuleApi::Suggestion { candidate } => suggestion(Some(candidate)),
        RuleApi::ItHas { keys } => format!("；它有的字段是 {keys}"),
        RuleApi::ReportUsage => "`report` 的写法是 `report(\"消息\")`、`report(\"消息\", \"字段\")` 或 `report{ message = …, field = …, line = …, column = …, clause = …, hint = … }`".into(),
        RuleApi::ReportKeyNotName { found } => format!("`report{{ … }}` 的键应是 `message`、`field` 这样的名称，实际是 `{found}`"),
        RuleApi::ReportNoMessage => "发现的问题需要一条消息：`report(\"…\")` 或 `report{ message = \"…\" }`".into(),
        RuleApi::ReportColumnWithoutLine => "`column` 要与 `line` 一起给出：`report{ message = …, line = l, column = c }`".into(),
        RuleApi::ReportFieldAndLine => "`field` 和 `line` 只能给一个：一个问题只指向一处".into(),
        RuleApi::ReportNotText { key, found } => format!("`{key}` 应为文本，实际是 `{found}`"),
        RuleApi::ReportFieldNotPath { found } => {
            format!("`field` 应为字段路径，如 `\"duties[2].owner\"`，实际是 `{found}`")
        }
        RuleApi::ReportBadLine { found } => {
            format!("`line` 应为文件中的行号（如 `c.body_line + 2`），从 1 起；实际是 `{found}`")
        }
        RuleApi::ReportBadColumn { found } => format!("`column` 应为列号，从 1 起；实际是 `{found}`"),
        RuleApi::ReportMessageTwice => "消息给了两次：既作第一个参数，又作 `message`".into(),
        RuleApi::ReportClauseNotTable => "`clause` 应为条款表（取自 `a.clauses`）或条款 id".into(),
        RuleApi::ReportClauseWrongType { found } => {
            format!("`clause` 应为条款表（取自 `a.clauses`）或条款 id，实际是 `{found}`")
        }
        RuleApi::ReportNoSuchClause { id, hint } => format!("没有 id 为 `{id}` 的条款{hint}"),
        RuleApi::ReportUnknownKey { key, hint, keys } => {
            format!("没有键 `{key}`{hint}（`report` 可用的键：{keys}）")
        }
        RuleApi::PathNoKey { written, here, key, hint } => format!("`{written}`：`{here}` 中没有 `{key}`{hint}"),
        RuleApi::PathNoItem { written, here, items, index } => {
            format!("`{written}`：`{here}` 只有 {items} 项，没有第 [{index}] 项（序号从 1 起）")
        }
        RuleApi::PathListIndex { written, here, n } => {
            format!("`{written}`：`{here}` 是列表，其中的项要用方括号写，如 `{here}[{n}]`")
        }
        RuleApi::PathListKey { written, here, key } => {
            format!("`{written}`：`{here}` 是列表，要先指明是哪一项，如 `{here}[1].{key}`")
        }
        RuleApi::PathMapIndex { written, here, index } => {
            format!("`{written}`：`{here}` 是映射而不是列表，没有第 [{index}] 项")
        }
        RuleApi::PathScalarKey { written, here, found, key } => {
            format!("`{written}`：`{here}` 是{}，没有 `{key}`", super::kind(found))
        }
        RuleApi::PathScalarIndex { written, here, found, index } => {
            format!("`{written}`：`{here}` 是{}，没有第 [{index}] 项", super::kind(found))
        }
        RuleApi::PathUnknownField { written, of_agreement, key, hint } => {
            let whose = if *of_agreement { "content/_index.md 中没有" } else { "没有哪个条款有" };
            format!("`{written}`：{whose}字段 `{key}`，规则也从未读取过它{hint}")
        }
        RuleApi::LinePastEnd { line, file, lines } => {
            format!("第 {line} 行超出了 {file} 的末尾：该文件只有 {lines} 行")
        }
        RuleApi::ColumnPastEnd { column, line, file, width } => {
            format!("第 {column} 列超出了 {file} 第 {line} 行的末尾：该行只有 {width} 个字符")
        }
        RuleApi::PathMissingBracket { path } => format!("`{path}`：缺少 `]`"),
        RuleApi::PathNotIndex { path, index } => format!("`{path}`：`{index}` 不是序号"),
        RuleApi::PathIndexFromOne { path } => format!("`{path}`：序号从 1 起"),
        RuleApi::NotFieldPath { path } => format!("`{path}` 不是字段路径（应形如 `duties[2].owner`）"),
        RuleApi::NoClauseField { name, close } => no_clause_field(name, *close),
        RuleApi::NoItemField { name, list, close } => no_item_field(name, list, *close),
        RuleApi::NoAgreementField { name, hint } => format!("`a.{name}`：协议没有字段 `{name}`{hint}"),
        RuleApi::NoTableField { name, table, hint } => {
            let table = table_name(*table);
            format!("`{name}`：{table}没有字段 `{name}`{hint}")
        }
        RuleApi::RuleNotTable => {
            "`rule` 的参数应为表：`rule { id = \"…\", description = \"…\", clause = function(c, report) … end }`".into()
        }
        RuleApi::CannotStartLua { error } => format!("无法启动 Lua：{error}"),
        RuleApi::RuleName { id: Some(id) } => format!("规则 `{id}`"),
        RuleApi::RuleName { id: None } => "规则".into(),
        RuleApi::SpecKeyNotName { rule, found } => format!("{rule}：键应是 `id` 这样的名称，实际是 `{found}`"),
        RuleApi::SpecError { rule, error } => format!("{rule}：{error}"),
        RuleApi::SpecUnknownKey { rule, key, hint, keys } => {
            format!("{rule}：没有键 `{key}`{hint}（规则可用的键：{keys}）")
        }
        RuleApi::SpecMoreUnknownKeys { rule, more } => format!("{rule}：另有 {more} 个未知的键"),
        RuleApi::SpecBuiltinId { id } => {
            format!("`{id}` 是内置检查的代码（见 `clausebook explain {id}`）：请给规则起一个自己的 id")
        }
        RuleApi::SpecNoId => "规则需要一个 `id`，由字母、数字、`-` 和 `_` 组成，如 `duty-has-owner`".into(),
        RuleApi::SpecBadId => "规则的 `id` 只能由字母、数字、`-` 和 `_` 组成，如 `duty-has-owner`".into(),
        RuleApi::SpecUnknownSeverity { rule, word, hint } => {
            format!("{rule}：没有级别 `{word}`{hint}（可用 `error`、`warning` 或 `info`）")
        }
        RuleApi::SpecSeverityNotText { rule } => {
            format!("{rule}：`severity` 应为文本：`error`、`warning` 或 `info`")
        }
        RuleApi::SpecNoDescription { rule } => format!("{rule}需要一行 `description`"),
        RuleApi::SpecBadDescription { rule } => format!("{rule}：`description` 应为一行文本"),
        RuleApi::SpecBadExplanation { rule } => format!("{rule}：`explanation` 应为文本"),
        RuleApi::SpecCheckNotFunction { rule, key, arg } => {
            format!("{rule}：`{key}` 应为函数，如 `{key} = function({arg}, report) … end`")
        }
        RuleApi::SpecNoCheck { rule } => format!(
            "{rule}需要一个检查：`clause = function(c, report) … end` 或 `agreement = function(a, report) … end`"
        ),
        RuleApi::DateArgNotText { function, position, found } => {
            format!("`date.{function}`：第 {position} 个参数应为 YYYY-MM-DD 格式的日期文本，实际是 `{found}`")
        }
        RuleApi::DateArgNotDate { function, text } => {
            format!("`date.{function}`：「{text}」不是日期（应为 YYYY-MM-DD）")
        }
        RuleApi::DateNotWhole { function, found } => {
            format!("`date.{function}`：第 2 个参数应为整数，实际是 `{found}`")
        }
        RuleApi::DateOutOfRange { function, date, n } => format!(
            "`date.{function}`：{date} 加上 {n} 超出了 YYYY-MM-DD 能写的日期范围（0000-01-01 至 9999-12-31）"
        ),
        RuleApi::RegexTooMany { most } => format!(
            "`re`：一个规则文件最多编译 {most} 个不同的正则表达式；请让表达式保持不变，把变化的文本作为被匹配的对象"
        ),
        RuleApi::RegexInvalid { error } => format!("`re`：正则表达式无效：{error}"),
    }
}

/// The words for `table` in "… has no field".
fn table_name(table: RuleTable) -> &'static str {
    match table {
        RuleTable::Party => "协议方",
        RuleTable::Chapter => "章",
        RuleTable::Heading => "标题",
        RuleTable::Link => "链接",
        RuleTable::Library => "条款对条款库的使用",
        RuleTable::Schedule => "职责的日程",
        RuleTable::Agreement => "组合中的协议",
        RuleTable::Portfolio => "组合",
        RuleTable::Unit => "部门",
    }
}

/// `；是否想写 `x`？` for a close name `x`, else nothing.
fn suggestion(close: Option<impl std::fmt::Display>) -> String {
    close.map(|c| format!("；是否想写 `{c}`？")).unwrap_or_default()
}

/// `c.name`: clauses have no field `name`.
fn no_clause_field(name: &dyn std::fmt::Display, close: Option<&str>) -> String {
    let hint = suggestion(close.map(|c| format!("c.{c}")));
    format!(
        "`c.{name}`：条款没有字段 `{name}`{hint}（条款未写的字段，只有当 clausebook 认识它、content/_index.md 的 `fields:` 声明了它，或有别的条款写了它时，才读作 `nil`）"
    )
}

/// `name`: the items of `list` have no field `name`.
fn no_item_field(name: &dyn std::fmt::Display, list: &dyn std::fmt::Display, close: Option<&str>) -> String {
    let hint = suggestion(close);
    format!("`{name}`：`{list}` 的项没有字段 `{name}`{hint}（项目自己的字段请在 `fields:` 中声明为 `{list}.{name}`）")
}
