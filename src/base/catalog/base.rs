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
}
