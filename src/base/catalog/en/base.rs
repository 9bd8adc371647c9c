//! The English words of [`Base`]: one arm per message, so that none can be missing.

use crate::base::catalog::Base;

/// The English text of `m`.
pub(super) fn text(m: &Base) -> String {
    match m {
        Base::Counts { errors, warnings, infos } => {
            format!("{}, {}, {}", plural(*errors, "error", "errors"), plural(*warnings, "warning", "warnings"), plural(*infos, "info", "infos"))
        }
        Base::DidYouMean { candidate } => format!("did you mean `{candidate}`?"),
        Base::SymbolicLinkClausebookNeverReads { link } => format!("`{link}` is a symbolic link: clausebook never reads or writes through a link"),
        Base::PathNotInsideProject => "the path is not inside the project".into(),
        Base::NotRegularFile => "it is not a regular file".into(),
        Base::FileLargerThanLimit { limit } => format!("the file is larger than the limit of {limit}"),
        Base::FileAlreadyExists => "the file already exists".into(),
        Base::SymbolicLinkSkippedClausebookReads => "this is a symbolic link and is skipped: clausebook reads the project's own files only, never through a link".into(),
        Base::ReplaceLinkFileItself => "replace the link by the file itself".into(),
        Base::ClauseLabel { n } => format!("Article {n}"),
        Base::CitedLabel { agreement, clause } => format!("{agreement}, {clause}"),
        Base::ChapterLabel { n } => format!("Chapter {n}"),
        Base::ReviewEvent { label } => format!("Review: {label}"),
        Base::DueEvent { text } => format!("Due: {text}"),
        Base::DeadlineEvent { what } => format!("Deadline: {what}"),
        Base::WithOwner { text, owner } => format!("{text} ({owner})"),
    }
}

/// `1 error`, `2 errors`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
