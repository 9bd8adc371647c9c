//! The messages of the language server.

use std::fmt::Display;

/// A message of the language server; its words are in `zh/lsp.rs` and `en/lsp.rs`.
pub enum Lsp<'a> {
    /// Hint: {hint}
    Hint { hint: &'a dyn Display },
    /// Liaison: {liaison}
    Liaison { liaison: &'a dyn Display },
    /// Role: {role}
    Role { role: &'a dyn Display },
    /// {duties} duties
    DutyCount { duties: &'a dyn Display },
    /// Replace `{from}` with `{to}`
    Replace { from: &'a dyn Display, to: &'a dyn Display },
    /// There is no clause id or party id to rename here
    NothingToRename,
    /// The project is not checked yet
    NotCheckedYet,
    /// Only clause ids and party ids can be renamed
    OnlyIdsRenamed,
    /// What is written here is a name or a file link, not the id: rename where the id is written
    NotTheId,
    /// `new` cannot be an id: …
    NotAnId { new: &'a dyn Display },
    /// `new` is already taken
    Taken { new: &'a dyn Display },
}
