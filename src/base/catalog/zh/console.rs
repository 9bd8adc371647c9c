//! The Chinese words of [`Console`]: one arm per message, so that none can be missing.

use crate::base::catalog::Console;
use crate::base::diagnostic::Severity;

/// The Chinese text of `m`.
pub(super) fn text(m: &Console) -> String {
    match m {
        Console::Ok { clauses } => format!("通过：{clauses} 条条款，"),
        Console::Failed { clauses } => format!("未通过：{clauses} 条条款，"),
        Console::OlderVersionShownPagesOlder { name, counts } => {
            format!("旧版本 {name}：{counts}，显示在该版本的页面上（旧版本不会使构建失败）")
        }
        Console::BundleKept { shown } => format!("{shown} 中的包保持不变：构建它的内容都没有改动"),
        Console::BuiltFilesIntoMs { files, shown, ms, counts } => {
            format!("已生成 {files} 个文件到 {shown}，用时 {ms} 毫秒；{counts}")
        }
        Console::BuildFailedNothingWasWritten { counts, shown } => {
            format!("构建失败（{counts}）：没有写入任何文件，{shown} 保持不变")
        }
        Console::AsideAsBefore { count } => {
            format!("跨协议检查的 {count} 条发现同上次所列，不再重复（`clausebook check` 列出全部）")
        }
        Console::Rebuilt { what, written, removed, ms, warnings } => {
            let warnings = if *warnings > 0 { format!("，{warnings} 个警告") } else { String::new() };
            format!("已重新生成（{what}）：写入 {written} 页，删除 {removed} 页，用时 {ms:.0} 毫秒{warnings}")
        }
        Console::NoSiteYet { what, ms } => {
            format!("生成失败（{what}），用时 {ms:.0} 毫秒；还没有网站：错误修正后即生成")
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
        Console::CodeHeading { id, severity, summary } => {
            format!("{id}（{}，内置）：{summary}", severity_word(*severity))
        }
        Console::Example => "示例：".into(),
        Console::BuiltInChecks => "内置检查：".into(),
        Console::ProjectRules => "\n本项目的规则（rules/*.lua）：".into(),
        Console::ExplainOne => "\n用 `clausebook explain 代码` 查看其中一项的说明。".into(),
        Console::ListedCode { id, severity, summary } => {
            format!("  {id:<18} {:<6} {summary}", severity_word(*severity))
        }
        Console::RuleHeading { id, severity, place, description } => {
            format!("{id}（{}，本项目的规则，{place}）：{description}", severity_word(*severity))
        }
        Console::AgreementRules { id } => format!("\n协议 `{id}` 的规则："),
        Console::AgreementRuleHeading { id, severity, place, description, agreement } => {
            format!("{id}（{}，协议 `{agreement}` 的规则，{place}）：{description}", severity_word(*severity))
        }
        Console::NoSuchCode { code, hint } => {
            let hint = hint.as_ref().map(|h| format!("；{h}")).unwrap_or_default();
            format!("没有名为 `{code}` 的内置代码或本项目规则{hint}（`clausebook explain` 会列出全部）")
        }
        Console::CannotStartServer { error } => format!("无法启动 HTTP 服务器：{error}"),
        Console::CannotServe { error } => format!("无法提供网站：{error}"),
        Console::CannotAccept { error } => format!("无法接受连接（{error}）；等待已打开的连接关闭"),
        Console::RefusedHost { host } => {
            let host = host.map_or_else(|| "格式有误或重复的 Host".to_string(), |h| format!("`{h}`"));
            format!(
                "403 Forbidden：这个 clausebook serve 只回答发往 localhost、IP 地址或 --allow-host 给出的名称的请求，\
                 而这个请求发往 {host}。\n（这是对 DNS rebinding 的防护：别的网站的页面不能读取这个网站。）\n"
            )
        }
        Console::AllowHost { name } => {
            format!("如果这个名称是你的，请这样启动：clausebook serve --allow-host {name}\n")
        }
        Console::RefusedLog { host } => {
            format!("拒绝了一个发往 `{}` 的请求（见 --allow-host）", host.unwrap_or("（格式有误或重复的 Host）"))
        }
    }
}

/// A severity in Chinese.
fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}
