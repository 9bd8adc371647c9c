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
    }
}
