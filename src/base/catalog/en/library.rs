//! The English words of [`Library`]: one arm per message, so that none can be missing.

use crate::base::catalog::Library;

/// The English text of `m`.
pub(super) fn text(m: &Library) -> String {
    match m {
        Library::Folder => {
            "`library` is the agreement's folder `library/` or one inside it (a relative path without `..`)".into()
        }
        Library::NoIndex { dir } => format!("the library `{dir}` has no `_index.md` with its title"),
        Library::NotAnEdition { file } => {
            format!("`{file}` is no edition: a library clause's editions are `1.md`, `2.md`, …")
        }
        Library::MissingEdition { clause, n } => {
            format!("edition {n} of `{clause}` is missing: its editions are numbered 1, 2, … without a gap")
        }
        Library::NeedsKind => {
            "an edition after the first says what it changed: `kind: correction`, `update` or `edition`".into()
        }
        Library::EditionUses => "an edition cannot use another library clause: its text is written out in full, so that no two clauses can use each other".into(),
        Library::FirstHasNoKind => "the first edition changed nothing: it has no `kind`".into(),
        Library::UnknownKind { word } => {
            format!("`{word}` is not a kind of edition (`correction`, `update` or `edition`)")
        }
        Library::NotAnId { folder } => {
            format!(
                "the folder `{folder}` is no library clause's id (letters, digits, `-`, `_`): no `use:` could name it"
            )
        }
        Library::OwnPlaceholder => {
            "`with` fills the library text only: this placeholder of the clause's own text stays as written".into()
        }
        Library::NoTitle => "an edition (and the library's `_index.md`) has a `title`".into(),
        Library::Malformed { written, file } => {
            format!("`{written}` in {file} is no placeholder: a placeholder is written `{{{{name}}}}`")
        }
        Library::NothingToRewrite => {
            "no `use:` value needed rewriting: each is pinned already, or none uses the clause at another edition".into()
        }
        Library::NotAFolder { dir } => format!("`{dir}` is a file, not the library's folder"),
        Library::NoFolder { dir } => format!("the library folder `{dir}` does not exist"),
        Library::UseForm => "`use` is written `<library clause>@<edition>` (`confidentiality@3`)".into(),
        Library::NoLibrary => "`use` needs a library: set `library:` in content/_index.md to its folder".into(),
        Library::NoSuchClause { clause } => format!("the library has no clause `{clause}`"),
        Library::NoSuchEdition { clause, n, latest } => {
            format!("`{clause}` has no edition {n}: its editions are 1 to {latest}")
        }
        Library::Unfilled { name } => format!("`{name}` of the library text is given no text: add it under `with:`"),
        Library::NoSuchPlaceholder { name, clause, n } => {
            format!("`{name}` is no placeholder of `{clause}`'s edition {n}")
        }
        Library::WithForm => "`with` gives the text of each placeholder: `with: {甲方: 营销部}`".into(),
        Library::WithWithoutUse => "`with` without `use`: there is no library text to fill".into(),
        Library::Changed { clause, n, file } => {
            format!(
                "edition {n} of `{clause}` ({file}) is not the text this use recorded: a published edition must not change"
            )
        }
        Library::PublishNew => {
            "publish the change as a new edition (with its kind), and put the edition's text back as it was".into()
        }
        Library::Unpinned { clause, n } => {
            format!("the use of `{clause}` edition {n} records no digest of its text: it is not pinned yet")
        }
        Library::Pin => "`clausebook library pin` records the digest of each edition used".into(),
        Library::NoAgreement => {
            "the agreement has no content/_index.md that can be read: `clausebook check` says why".into()
        }
        Library::Moved { file, line } => {
            format!("{file}:{line}: the `use:` value is no longer where it was read; run the command again")
        }
        Library::Outdated { clause, n, count, latest, kind } => format!(
            "uses `{clause}` edition {n}; {count} newer edition(s) published, the newest {latest} (largest change: {kind})"
        ),
        Library::NotPlain { file, line, value } => format!(
            "{file}:{line}: the `use:` value is not written on its line as a plain or quoted value, which is all the command rewrites: write it so (`use: {value}`), and run the command again"
        ),
        Library::RedlineAt { page } => format!(" (the portal's redline: {page})"),
        Library::Upgrade { clause, latest } => format!("read what changed, then write `use: {clause}@{latest}`"),
    }
}
