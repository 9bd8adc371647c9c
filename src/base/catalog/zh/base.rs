//! The Chinese words of [`Base`]: one arm per message, so that none can be missing.

use crate::base::catalog::Base;

/// The Chinese text of `m`.
pub(super) fn text(m: &Base) -> String {
    match m {
        Base::Counts { errors, warnings, infos } => format!("{errors} 个错误，{warnings} 个警告，{infos} 条提示"),
        Base::DidYouMean { candidate } => format!("是否想写 `{candidate}`？"),
        Base::SymbolicLinkClausebookNeverReads { link } => {
            format!("`{link}` 是符号链接：clausebook 不经由链接读写项目文件")
        }
        Base::PathNotInsideProject => "路径不在项目之内".into(),
        Base::NotRegularFile => "不是普通文件".into(),
        Base::FileLargerThanLimit { limit } => format!("文件超过 {limit} 的上限"),
        Base::FileAlreadyExists => "文件已存在".into(),
        Base::SymbolicLinkSkippedClausebookReads => {
            "这是一个符号链接，已跳过：clausebook 只读项目自己的文件，从不经由链接读写".into()
        }
        Base::ReplaceLinkFileItself => "把链接换成文件本身".into(),
        Base::ClauseLabel { n } => format!("第{n}条"),
        Base::CitedLabel { agreement, clause } => format!("《{agreement}》{clause}"),
        Base::ChapterLabel { n } => format!("第{}章", super::chinese_numeral(*n)),
        Base::ReviewEvent { label } => format!("复审：{label}"),
        Base::DueEvent { text } => format!("到期：{text}"),
        Base::DeadlineEvent { what } => format!("截止：{what}"),
        Base::WithOwner { text, owner } => format!("{text}（{owner}）"),
    }
}
