//! The Chinese words of [`Build`]: one arm per message, so that none can be missing.

use crate::base::catalog::Build;

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
    }
}
