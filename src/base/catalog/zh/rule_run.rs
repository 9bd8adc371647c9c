//! The Chinese words of [`RuleRun`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Limit, NotRun, RuleRun, Stoppable};

/// The Chinese text of `m`.
pub(super) fn text(m: &RuleRun) -> String {
    match m {
        RuleRun::Failed { context, detail } => format!("{context}。Lua 的原话：{detail}"),
        RuleRun::Traceback { trace } => format!("Lua 的原话（调用栈）：{trace}"),
        RuleRun::UsedBy { file } => format!("由 {file} 引用"),
        RuleRun::LoadFailed => "规则文件加载失败".into(),
        RuleRun::RuleFailed { id } => format!("规则 `{id}` 运行出错"),
        RuleRun::AgreementCheckFailed { id } => format!("规则 `{id}` 在检查整份协议时出错"),
        RuleRun::PortfolioCheckFailed { id } => format!("规则 `{id}` 在检查整个组合时出错"),
        RuleRun::ClauseCheckFailed { id, clause, file } => {
            format!("规则 `{id}` 在检查条款 `{clause}`（{file}）时出错")
        }
        RuleRun::SameOnOthers { count, listed, more } => {
            let more = if *more { "、……" } else { "" };
            format!("（另有 {count} 条条款同样出错：{listed}{more}）")
        }
        RuleRun::ListSeparator => "、".into(),
        RuleRun::ClauseBeingChecked { id } => format!("正在检查的条款（`{id}`）"),
        RuleRun::Limited { why } => limit(*why),
        RuleRun::Stopped { what, why } => format!("{}{}", stoppable(*what), limit(*why)),
        RuleRun::RunningWhenStopped { chunk, line } => format!("被停止时，它正在运行 {chunk}:{line}"),
        RuleRun::RegisteredHere { what } => match what {
            Stoppable::Loading => "规则文件在这里开始加载".into(),
            Stoppable::Rule(id) => format!("规则 `{id}` 在这里注册"),
        },
        RuleRun::NotRun { id, why } => format!("规则 `{id}` 没有运行：{}", not_run(*why)),
        RuleRun::NotUtf8 => "规则文件不是有效的 UTF-8 文本".into(),
        RuleRun::CannotRead { error } => format!("无法读取规则文件：{error}"),
        RuleRun::CannotStartLua { error } => format!("无法启动 Lua：{error}"),
        RuleRun::NoRule => "这个规则文件没有注册任何规则，因此什么也不检查".into(),
        RuleRun::NoRuleHint => {
            "用 rule { id = \"…\", clause = function(c, report) … end } 注册每条规则（返回的或存在变量里的表不会被注册）；辅助函数请放在 rules/lib/".into()
        }
        RuleRun::TooManyRules { most, count } => {
            format!("一个规则文件最多注册 {most} 条规则；这个文件注册了 {count} 条，第 {most} 条之后的不会运行")
        }
        RuleRun::CheckReturned { id } => format!("规则 `{id}`：检查函数返回了值，clausebook 会忽略它"),
        RuleRun::CheckReturnedHint => "每个发现请用 report(\"消息\", \"字段\") 报告；检查函数不返回任何值".into(),
        RuleRun::RegisteredTwice { id } => format!("规则 id `{id}` 注册了两次"),
        RuleRun::FirstRegistered => "第一次在这里注册".into(),
        RuleRun::Unstoppable { what } => format!(
            "{what} 到了时限（`rule_limits.seconds`）仍无法停止，还在运行：clausebook 就此退出。请报告这条规则：它绕过了沙箱的限制。"
        ),
        RuleRun::TestsRunning { count } => format!("运行 {count} 个规则测试"),
        RuleRun::TestLine { name, ok } => format!("测试 {name} …… {}", verdict(*ok)),
        RuleRun::NoCaseMatches { filter } => {
            format!("错误：没有规则测试用例匹配 `{filter}`（用例的 `规则: 用例名` 包含它即为匹配）")
        }
        RuleRun::Untested { rules } => format!("提示：没有测试的规则：{rules}"),
        RuleRun::TestsSummary { ok, passed, failed } => {
            format!("规则测试：{}。{passed} 个通过，{failed} 个未通过", verdict(*ok))
        }
        RuleRun::CannotReadTestFile { error } => format!("无法读取测试文件：{error}"),
        RuleRun::CaseNumber { n } => format!("用例 {n}"),
        RuleRun::CaseWrittenWrongly { at, message, hint } => {
            let hint = hint.map(|h| format!("（{h}）")).unwrap_or_default();
            format!("用例写得不对：{at} {message}{hint}")
        }
        RuleRun::CannotWriteApprovals { error } => format!("无法写出用例的审批文件：{error}"),
        RuleRun::CannotWriteFixture { error } => format!("无法写入用例的协议组合：{error}"),
        RuleRun::FixtureWithoutAgreement => "用例中没有协议".into(),
        RuleRun::FixtureAgreementId { id } => {
            format!("`{id}` 不能作为协议的 id（字母、数字、- 和 _）：它是协议文件夹的名称")
        }
        RuleRun::CaseNeedsAgreements => {
            "组合规则的用例需要 `agreements:`（协议 id → `agreement:`、`clauses:`、`approvals:`）".into()
        }
        RuleRun::RuleErrorInCase { line } => format!("规则出错：{line}"),
        RuleRun::FixtureInvalid { line } => format!("用例本身有错：{line}"),
        RuleRun::NoSuchRule { rule } => format!("rules/ 中没有规则 `{rule}`"),
        RuleRun::UnexpectedFinding { place, message } => format!("意外的发现，位于 {place}：{message}"),
        RuleRun::ExpectedNothingThere { place, wanted } => {
            format!("预期 {place} 有一个发现{}，但规则在这一行什么也没报告", containing(*wanted))
        }
        RuleRun::ExpectedMore { expected, place, wanted, reported } => {
            format!("预期 {place} 有 {expected} 个发现{}，但规则在那里只报告了 {reported} 个", containing(*wanted))
        }
        RuleRun::ExpectedOther { place, wanted, found } => {
            format!("预期 {place} 有一个发现{}，但规则在这一行的发现不同：{found}", containing(*wanted))
        }
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "通过" } else { "未通过" }
}

fn containing(wanted: Option<&str>) -> String {
    wanted.map(|m| format!("（包含“{m}”）")).unwrap_or_default()
}

fn stoppable(what: Stoppable) -> String {
    match what {
        Stoppable::Loading => "规则文件加载时".into(),
        Stoppable::Rule(id) => format!("规则 `{id}` "),
    }
}

fn limit(why: Limit) -> String {
    match why {
        Limit::Instructions(n) => format!(
            "执行了 {n} 条 Lua 指令后被停止（是否陷入了死循环？）；如确需更多，请调高 `rule_limits.instructions`"
        ),
        Limit::Memory(mb) => {
            format!("被停止：所用内存超过 {mb} MiB（含它报告和打印的内容）；如确需更多，请调高 `rule_limits.memory_mb`")
        }
        Limit::Reports(mb) => {
            format!("被停止：它的发现和打印内容超过 {mb} MiB（规则文件的内存上限）；每个问题请只报告一次，消息请简短")
        }
        Limit::Deadline(seconds) => format!(
            "到了 {seconds} 秒的时限被停止（是否陷入了死循环，或工作对规则而言太重？）；如确需更多，请调高 `rule_limits.seconds`"
        ),
    }
}

fn not_run(why: NotRun) -> String {
    match why {
        NotRun::ReportsFull => "它之前的规则的发现和打印内容用尽了规则文件的内存上限".into(),
        NotRun::OtherRules => "前一条规则被停止后重新加载时，文件注册了别的规则".into(),
        NotRun::TotalTime { times, seconds } => {
            format!("本次检查的规则已累计运行了 `rule_limits.seconds` 的 {times} 倍（{seconds} 秒）")
        }
    }
}
