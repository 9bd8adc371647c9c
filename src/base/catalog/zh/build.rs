//! The Chinese words of [`Build`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Build, Detail, Stage};

/// The Chinese text of `m`.
pub(super) fn text(m: &Build) -> String {
    match m {
        Build::TemplateUsesUndefinedValue => "模板使用了未定义的值，按空白输出（可能是变量名拼写错误）".into(),
        Build::NotGitRepositoryBuildingWorking => "项目不在 Git 仓库中：只生成工作区这一个版本（--no-versions 可省去这条说明）".into(),
        Build::NoReleasedVersionsNoTag => "没有已发布的版本（没有与 `versions.tags`（默认 v*）匹配的标签，`versions.releases` 也未声明）：只生成工作区".into(),
        Build::VersionSkipped { name, problem } => format!("跳过版本 {name}：{problem}"),
        Build::VersionSkippedCommitCannotRead { name, e } => format!("跳过版本 {name}：读不到它的提交（{e}）；是浅克隆吗？`git fetch --unshallow --tags` 可以取回"),
        Build::ReleaseSkippedNotCommitRepository { name, rev, error } => format!("跳过版本 {name}：`{rev}` 不是本仓库的提交（{error}）"),
        Build::ShallowCloneLacksOldCommits => "浅克隆缺少旧的提交：`git fetch --unshallow` 可以取回".into(),
        Build::VersionsSameCommit { other, name, commit } => format!("版本 {other} 与 {name} 是同一个提交 {commit}"),
        Build::VersionSkippedTreeHasNo { name, prefix } => format!("跳过版本 {name}：它的目录树中没有 {prefix}content/ 文件夹"),
        Build::VersionSkippedError { name, e } => format!("跳过版本 {name}：{e}"),
        Build::DetailChanged { what, from, to } => format!("{}由「{from}」改为「{to}」", detail(*what)),
        Build::DetailSet { what, to } => format!("新增{}「{to}」", detail(*what)),
        Build::DetailCleared { what, from } => format!("删除{}「{from}」", detail(*what)),
        Build::FieldRemoved { key } => format!("删除字段 {key}"),
        Build::FieldChanged { key } => format!("字段 {key} 已修改"),
        Build::ShareChanged { party, from, to } => format!("{party}的预算分摊比例由 {from}% 改为 {to}%"),
        Build::ShareAdded { party, share } => format!("新增{party}的预算分摊 {share}%"),
        Build::DutyAdded { text, owner } => format!("新增职责「{text}」（负责方：{owner}）"),
        Build::DutyOwnerChanged { text, from, to } => format!("职责「{text}」的负责方由{from}改为{to}"),
        Build::DutyRemoved { text } => format!("删除职责「{text}」"),
        Build::StatusWord { stage } => match stage {
            Stage::Draft => "草案",
            Stage::Active => "生效",
            Stage::Retired => "已废止",
        }
        .into(),
    }
}

/// A detail of a clause, by name.
fn detail(d: Detail) -> &'static str {
    match d {
        Detail::Title => "标题",
        Detail::Owner => "负责方",
        Detail::Status => "状态",
        Detail::RevisionDate => "修订日期",
        Detail::ReviewDate => "复审日期",
        Detail::DutyText => "职责内容",
        Detail::DutyDue => "职责期限",
        Detail::DutyCadence => "职责频率",
    }
}
