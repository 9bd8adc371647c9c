//! The Chinese words of [`Check`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Check, Setting};

/// The Chinese text of `m`.
pub(super) fn text(m: &Check) -> String {
    match m {
        Check::ReviewDaysOverdueDue { days, due } => format!("复审已逾期 {days} 天（应于 {due} 前复审）"),
        Check::ReviewClauseThenUpdateRevised => "复审条款后更新 `revised` 和 `review_by`".into(),
        Check::DutyDaysOverdueDue { text, days, due } => format!("职责「{text}」已逾期 {days} 天（应于 {due} 前完成）"),
        Check::OnceDoneRemoveDueAgree => "完成后删除 `due`，或与对方商定新的期限".into(),
        Check::PartyIdDeclaredTwice { id } => format!("协议方 id `{id}` 声明了两次"),
        Check::FirstDeclaredHere => "第一次声明在这里".into(),
        Check::ClauseIdAlreadyUsed { id, file } => format!("条款 id `{id}` 已被 {file} 使用"),
        Check::FirstUsedHere => "第一次使用在这里".into(),
        Check::GiveOneClausesOwnId => "在其中一个条款的前置信息中写上它自己的 `id: …`".into(),
        Check::NotPartyAgreement { name } => format!("`{name}` 不是本协议的一方"),
        Check::UsePartyDeclaredContentIndex { declared } => {
            format!("使用 content/_index.md 中声明的协议方：{declared}")
        }
        Check::NoClauseHasId { target } => format!("没有 id 为 `{target}` 的条款"),
        Check::NoLinkedClauseHasId { id } => format!("没有 id 为 `{id}` 的条款"),
        Check::NoClauseFile { file } => format!("没有条款文件 {file}"),
        Check::CitationShownAsText { cited } => {
            format!("`{cited}` 引用其他协议的条款；本协议不在协议组合中，该引用显示为文字")
        }
        Check::CitedClauseChanged { agreement, clause, version } => {
            format!("引用的 {agreement} {clause} 在 {version} 中已修改")
        }
        Check::SeeWhatChanged { page } => format!("修改内容见 {page}"),
        Check::CitesRestricted { agreement, audience } => {
            format!("协议 `{agreement}` 仅限 {audience} 阅读：本页的其他读者打开这一链接会被拒绝")
        }
        Check::CitesRestrictedHint => "链接不显示它的标题；请把本协议限定给同样的部门，或用文字说明所引用的内容".into(),
        Check::NoAgreementHasId { id } => format!("协议组合中没有 id 为 `{id}` 的协议"),
        Check::AgreementHasNoRelease { id, version } => format!("协议 `{id}` 没有发布版本 `{version}`"),
        Check::CitedAgreementHasNoClause { id, clause } => format!("协议 `{id}` 所引用的版本中没有条款 `{clause}`"),
        Check::Title => "标题".into(),
        Check::Number => "编号".into(),
        Check::DidYouMeanThatClause { id, wrong_trimmed, what } => {
            format!("是否想写 `{id}`？「{wrong_trimmed}」是该条款的{what}，引用条款要用它的 id")
        }
        Check::ReferClauseIdFrontMatter => "用条款前置信息中的 `id`，或去掉编号前缀的文件名来引用条款".into(),
        Check::BuiltCheckBuiltChecksCannot { rule, how } => {
            format!("`{rule}` 是内置检查：内置检查不能被{}（见 `clausebook explain {rule}`）", setting(*how))
        }
        Check::SuggestionSuffix { suggestion } => format!("；{suggestion}"),
        Check::NoRule { rule, hint, how } => format!("没有可以{}的规则 `{rule}`{hint}", setting(*how)),
        Check::Allow { message } => format!("`allow`：{message}"),
        Check::DefinedHere => "定义在这里".into(),
        Check::TermDefinedAgainDifferently { term } => format!("术语「{term}」被再次定义，且与先前的定义不同"),
        Check::FirstDefinedHere => "先前的定义在这里".into(),
        Check::TermDefinedDifferentlyIn { term, other, id } => {
            format!("术语「{term}」在《{other}》（{id}）中的定义与此不同")
        }
        Check::DefinedHereIn { id } => format!("{id} 中的定义在这里"),
        Check::DefineTermAlikeAcrossAgreements => {
            "同一组合中的各份协议里，一个术语只有一个含义：用相同的措辞定义它，或为不同的含义另取一个名称".into()
        }
        Check::DefineTermOnceGiveDifferent => "一个术语只定义一次；需要不同含义时另取一个名称".into(),
        Check::TermDefinedButNeverUsed { term } => format!("术语「{term}」有定义，但协议中其他地方没有用到"),
        Check::RemoveDefinitionUseTerm => "删除这个定义，或在条款中使用它".into(),
        Check::TermUsedBeforeDefined { term } => format!("术语「{term}」在定义之前就被使用"),
        Check::MoveDefinitionBeforeFirstUse => {
            "把定义移到首次使用之前（例如定义条款或前言），或在此处改用完整说法".into()
        }
    }
}

/// What a setting does to a rule.
fn setting(s: Setting) -> &'static str {
    match s {
        Setting::Configured => "配置",
        Setting::Suppressed => "豁免",
    }
}
