//! The English words of [`Lsp`]: one arm per message, so that none can be missing.

use crate::base::catalog::Lsp;

/// The English text of `m`.
pub(super) fn text(m: &Lsp) -> String {
    match m {
        Lsp::Hint { hint } => format!("\nhint: {hint}"),
        Lsp::Liaison { liaison } => format!("\n\nLiaison: {liaison}"),
        Lsp::Role { role } => format!("\n\nRole: {role}"),
        Lsp::DutyCount { duties } => format!("\n\n{duties} duties"),
        Lsp::Replace { from, to } => format!("Replace `{from}` with `{to}`"),
        Lsp::NothingToRename => "there is no clause id or party id to rename here".into(),
        Lsp::NotCheckedYet => "the project is not checked yet".into(),
        Lsp::OnlyIdsRenamed => "only clause ids and party ids can be renamed".into(),
        Lsp::NotTheId => {
            "what is written here is a name or a file link, not the id: rename where the id is written".into()
        }
        Lsp::NotAnId { new } => {
            format!(
                "`{new}` cannot be an id: use letters, digits (Chinese included), `-` and `_`, not starting with `-`"
            )
        }
        Lsp::Taken { new } => format!("`{new}` is already taken"),
    }
}
