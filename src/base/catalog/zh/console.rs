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
        Console::Rebuilt { what, written, removed, ms, warnings } => {
            let warnings = if *warnings > 0 { format!("，{warnings} 个警告") } else { String::new() };
            format!("已重新生成（{what}）：写入 {written} 页，删除 {removed} 页，用时 {ms:.0} 毫秒{warnings}")
        }
        Console::RebuildFailed { what, ms } => {
            format!("重新生成失败（{what}），用时 {ms:.0} 毫秒；网站仍是上一次成功生成的")
        }
        Console::Start => "启动".into(),
        Console::FileAndMore { file, more } => format!("{file} 等 {} 个文件", more + 1),
        Console::Serving { root, url } => format!("正在提供 {root} 的网站：{url}（按 Ctrl-C 停止）"),
        Console::ListeningOpen { ip } => {
            format!("在 {ip} 上监听：其他机器也能读到网站（通过本机的 IP 地址，或 --allow-host 给出的名称）")
        }
        Console::PortTaken { asked, port } => format!("端口 {asked} 已被占用，改用端口 {port}"),
        Console::PortsTaken { first, last, ip } => {
            format!("{ip} 上的端口 {first} 至 {last} 都已被占用；请用 --port N 指定端口（--port 0 表示任一空闲端口）")
        }
        Console::Stopped => "已停止".into(),
        Console::Printed { file } => format!("已打印 {file}"),
        Console::CannotWatch { root, error } => format!("无法监视 {root}：{error}"),
        Console::CannotHandleCtrlC { error } => format!("无法处理 Ctrl-C：{error}"),
        Console::Created { file } => format!("已创建 {file}"),
        Console::NextBuild { dir } => format!("\n下一步：运行 `cd {dir} && clausebook build`"),
    }
}
