//! The Chinese words of [`Approve`]: one arm per message, so that none can be missing.

use crate::base::catalog::Approve;

/// The Chinese text of `m`.
pub(super) fn text(m: &Approve) -> String {
    match m {
        Approve::AgreementCannotReadFixErrors => "协议无法读取：先修正错误".into(),
        Approve::NotPartyDeclaredAgreement { party, hint } => format!("`{party}` 不是协议中声明的协议方{hint}"),
        Approve::EmptyNameWhoApproves => "--by 为空：写明批准人".into(),
        Approve::DateAfterToday { date, today } => format!("批准日期 {date} 晚于今天（{today}）"),
        Approve::CurrentTextHasErrorsCannot { findings } => {
            format!("当前文本有错误，不能批准：先修正（clausebook check）\n{findings}")
        }
        Approve::SymbolicLinkApprovalsNeverWritten { link } => {
            format!("`{link}` 是符号链接：批准不经由链接写入，没有写入任何文件；把链接换成文件夹或删除它")
        }
        Approve::CannotWriteApproval { error } => format!("无法写入批准文件：{error}"),
        Approve::ThereNoReleasesNotGit => "没有已发布的版本（不在 Git 仓库中，或没有版本）".into(),
        Approve::NoSuchReleaseHint { name, h } => format!("没有版本 `{name}`；{h}"),
        Approve::NoSuchRelease { name } => format!("没有版本 `{name}`"),
        Approve::ReleaseCannotRead { name } => format!("版本 {name} 无法读取"),
        Approve::CannotRunGit { e } => format!("无法运行 git：{e}"),
        Approve::CommitNeedsGitRepositoryProject => {
            "--commit 需要 Git 仓库，而项目不在 Git 仓库中：没有写入任何文件（先 `git init`，或不用 --commit）".into()
        }
        Approve::RecordedApprovesText { file, version, digest } => {
            format!("已记录：{file}（批准 {version} 的文本 {digest}）")
        }
        Approve::Committed { words } => format!("已提交：{words}"),
        Approve::NextGitAddGitCommit { file } => format!("下一步：git add {file} && git commit（或下次用 --commit）"),
        Approve::NoApprovalsYetApprovalsEmpty => "还没有批准记录（approvals/ 为空）\n".into(),
        Approve::Approvals => "批准记录：".into(),
        Approve::MatchesNoVersionSText => "不与任何版本的文本一致".into(),
        Approve::DoesNotCount => " · 不计入".into(),
        Approve::SignOffEachVersion => "各版本的签署情况：".into(),
        Approve::WorkingTree => "工作区".into(),
        Approve::Approved { party, by, date } => format!("{party}：已批准（{by}，{date}）"),
        Approve::StaleFilesChangedSince { party, by, date, changes } => {
            format!("{party}：批准已过时（{by}，{date}；此后 {changes} 个文件有改动）")
        }
        Approve::ApprovalDoesNotCount { party, by, date, signature } => {
            format!("{party}：批准不计入（{by}，{date}：{signature}）")
        }
        Approve::NotApproved { party } => format!("{party}：未批准"),
        Approve::SignedOffEveryParty => "  ✓ 已由各方签署".into(),
        Approve::ListSeparator => "；".into(),
        Approve::ApprovesTextOf { versions } => format!("批准的文本 = {}", versions.join("、")),
    }
}
