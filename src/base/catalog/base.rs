//! The messages of reading files of the project.

use std::fmt::Display;

/// A message of reading files of the project; its words are in `zh/base.rs` and `en/base.rs`.
pub enum Base<'a> {
    /// The summary of a run: `2 errors, 1 warning, 0 infos`.
    Counts { errors: usize, warnings: usize, infos: usize },
    /// Did you mean `x`?
    DidYouMean { candidate: &'a str },
    /// `{link}` is a symbolic link: clausebook never reads or writes through a link
    SymbolicLinkClausebookNeverReads { link: &'a dyn Display },
    /// The path is not inside the project
    PathNotInsideProject,
    /// It is not a regular file
    NotRegularFile,
    /// The file is larger than the limit of {limit}
    FileLargerThanLimit { limit: &'a dyn Display },
    /// The file already exists
    FileAlreadyExists,
    /// This is a symbolic link and is skipped: clausebook reads the project's own files only, never through a link
    SymbolicLinkSkippedClausebookReads,
    /// Replace the link by the file itself
    ReplaceLinkFileItself,
    /// A clause's number: `第3条` / `Article 3`.
    ClauseLabel { n: usize },
    /// Another agreement's clause: `《数据服务协议》第3条 目的` / `Data Services Agreement, Article 3 Purpose`.
    CitedLabel { agreement: &'a dyn Display, clause: &'a dyn Display },
    /// A chapter's number: `第三章` / `Chapter 3`.
    ChapterLabel { n: usize },
    /// A calendar event: a clause's review.
    ReviewEvent { label: &'a dyn Display },
    /// A calendar event: a duty's due date.
    DueEvent { text: &'a dyn Display },
    /// A calendar event: a recurring duty that is a deadline.
    DeadlineEvent { what: &'a dyn Display },
    /// A duty's text followed by its owner, in a calendar event.
    WithOwner { text: &'a dyn Display, owner: &'a dyn Display },
}
