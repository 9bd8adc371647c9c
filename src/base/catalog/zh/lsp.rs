//! The Chinese words of [`Lsp`]: one arm per message, so that none can be missing.

use crate::base::catalog::Lsp;

/// The Chinese text of `m`.
pub(super) fn text(m: &Lsp) -> String {
    match m {
        Lsp::Hint { hint } => format!("\n提示：{hint}"),
        Lsp::Liaison { liaison } => format!("\n\n联络人：{liaison}"),
        Lsp::Role { role } => format!("\n\n职责：{role}"),
        Lsp::DutyCount { duties } => format!("\n\n负责 {duties} 项义务"),
        Lsp::Replace { from, to } => format!("把 `{from}` 改为 `{to}`"),
        Lsp::NothingToRename => "这里没有可以重命名的条款 id 或协议方 id".into(),
        Lsp::NotCheckedYet => "项目尚未检查".into(),
        Lsp::OnlyIdsRenamed => "只能重命名条款 id 和协议方 id".into(),
        Lsp::NotTheId => "这里写的是名称或文件链接，不是 id：请在 id 处重命名".into(),
        Lsp::NotAnId { new } => format!("`{new}` 不能作 id：只能用字母、数字（含汉字）、`-` 和 `_`，且不以 `-` 开头"),
        Lsp::Taken { new } => format!("`{new}` 已被使用"),
        Lsp::FieldKind { field } => field.zh_kind.into(),
        Lsp::FieldDoc { field } => field.zh_doc.into(),
        Lsp::ProjectField => "项目字段".into(),
        Lsp::StatusActive => "生效（默认）".into(),
        Lsp::StatusDraft => "草案，尚未约定".into(),
        Lsp::StatusRetired => "已失效".into(),
        Lsp::CannotCheck { why } => format!("clausebook 无法检查这个项目：{why}"),
        Lsp::NotAFileNoAnswer { uri } => format!("{uri} 不是项目中的文件，不作回答"),
        Lsp::NotAFileNotChecked { uri } => format!("{uri} 不是项目中的文件，不检查"),
        Lsp::ChangeNotOpen { uri } => format!("{uri} 的改动被忽略：它没有在项目中打开"),
        Lsp::PortfolioErrors { errors } => {
            format!("协议组合的文件有 {errors} 个错误（见 portfolio.yaml 的检查结果）：只检查其中正确列出的协议")
        }
    }
}
