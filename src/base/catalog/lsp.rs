//! The messages of the language server.

use std::fmt::Display;

use crate::base::schema::Field;

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
    /// The type of one of clausebook's own front matter fields (`text`, `date`, …).
    FieldKind { field: &'a Field },
    /// What one of clausebook's own front matter fields means.
    FieldDoc { field: &'a Field },
    /// The type shown for a field the project declares: project field
    ProjectField,
    /// What `status: active` means: in force (the default)
    StatusActive,
    /// What `status: draft` means: proposed, not yet agreed
    StatusDraft,
    /// What `status: retired` means: no longer in force
    StatusRetired,
    /// clausebook cannot check this project: {why}
    CannotCheck { why: &'a dyn Display },
    /// {uri} is not a file of the project; no answer
    NotAFileNoAnswer { uri: &'a dyn Display },
    /// {uri} is not a file of the project; not checked
    NotAFileNotChecked { uri: &'a dyn Display },
    /// a change to {uri}, which is not open in the project, ignored
    ChangeNotOpen { uri: &'a dyn Display },
    /// The portfolio's files have {errors} errors (see the findings of portfolio.yaml): only
    /// the agreements it lists rightly are checked
    PortfolioErrors { errors: &'a dyn Display },
}
