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
        Lsp::FieldKind { field } => field.kind.into(),
        Lsp::FieldDoc { field } => field.doc.into(),
        Lsp::ProjectField => "project field".into(),
        Lsp::StatusActive => "in force (the default)".into(),
        Lsp::StatusDraft => "proposed, not yet agreed".into(),
        Lsp::StatusRetired => "no longer in force".into(),
        Lsp::CannotCheck { why } => format!("clausebook cannot check this project: {why}"),
        Lsp::NotAFileNoAnswer { uri } => format!("{uri} is not a file of the project; no answer"),
        Lsp::NotAFileNotChecked { uri } => format!("{uri} is not a file of the project; not checked"),
        Lsp::ChangeNotOpen { uri } => format!("a change to {uri}, which is not open in the project, ignored"),
        Lsp::PortfolioErrors { errors } => format!(
            "the portfolio's files have {errors} error(s) (see the findings of portfolio.yaml): only the agreements it lists rightly are checked"
        ),
    }
}
