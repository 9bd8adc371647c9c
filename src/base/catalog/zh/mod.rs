//! The Chinese words of every message: one module per area, each one exhaustive `match`.

mod approve;
mod base;
mod build;
mod check;
pub(super) mod codes;
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
        Expected::Boolean => "布尔值（true 或 false）",
        Expected::List => "列表",
        Expected::Mapping => "映射（键: 值）",
    }
}

/// What is wrong with a YAML text, in our words.
fn problem(p: &Problem) -> String {
    match p {
        Problem::Tab => "用了制表符（Tab）：YAML 只能用空格缩进".into(),
        Problem::Indentation => "缩进不一致：同一层的字段应当对齐，下一层比上一层多缩进".into(),
        Problem::Quote => "引号没有闭合".into(),
        Problem::Bracket => "方括号 `[ ]` 或花括号 `{ }` 没有正确闭合，或其中缺少逗号".into(),
        Problem::Colon => "冒号的位置不对：值中含有 `: ` 时，请给整个值加上引号".into(),
        Problem::Dash => "列表项 `-` 的位置不对：`-` 后要有空格，同一列表的各项要对齐".into(),
        Problem::Escape => "引号中以 `\\` 开头的转义无效".into(),
        Problem::Markup => "锚点（`&`）、别名（`*`）、标签（`!`）或指令（`%`）写法有误".into(),
        Problem::Character => "有 YAML 不接受的字符".into(),
        Problem::TooDeep => "嵌套的层数太多".into(),
        Problem::Other => "无法解析".into(),
        Problem::MoreThanOneDocument => "前置信息中有不止一个 YAML 文档（多了一行 `---`）".into(),
        Problem::TooManyValues => format!("前置信息展开后超过 {MAX_NODES} 个值"),
        Problem::KeyNotText(found) => format!("映射的键应为文本，实际是{}", kind(found)),
        Problem::DuplicateKey(key, first) => format!("键 `{key}` 重复（第一次写在第 {first} 行）"),
    }
}

/// Writes `n` in Chinese numerals (`12` → 十二, `105` → 一百零五); digits past 9999.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = digits.len() - 1 - i;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push_str(DIGITS[0]);
        }
        zero = false;
        if !(d == 1 && unit == 1 && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(UNITS[unit]);
    }
    out
}
