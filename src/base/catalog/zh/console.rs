//! The Chinese words of [`Console`]: one arm per message, so that none can be missing.

use crate::base::catalog::Console;

/// The Chinese text of `m`.
pub(super) fn text(m: &Console) -> String {
    match m {
        Console::Ok { clauses } => format!("通过：{clauses} 条条款，"),
        Console::Failed { clauses } => format!("未通过：{clauses} 条条款，"),
        Console::OlderVersionShownPagesOlder { name, counts } => {
            format!("旧版本 {name}：{counts}，显示在该版本的页面上（旧版本不会使构建失败）")
        }
        Console::BuiltFilesIntoMs { files, shown, ms, counts } => {
            format!("已生成 {files} 个文件到 {shown}，用时 {ms} 毫秒；{counts}")
        }
        Console::BuildFailedNothingWasWritten { counts, shown } => {
            format!("构建失败（{counts}）：没有写入任何文件，{shown} 保持不变")
        }
    }
}
