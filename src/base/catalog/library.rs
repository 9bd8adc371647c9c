//! The messages of a clause library (`library:` in `_index.md`) and of the clauses that use it
//! (`use:`, `with:`).

use std::fmt::Display;

/// A message of a clause library; its words are in `zh/library.rs` and `en/library.rs`.
pub enum Library<'a> {
    /// `library` is the agreement's folder `library/` or one inside it (a relative path without `..`)
    Folder,
    /// The library `{dir}` has no `_index.md` with its title
    NoIndex { dir: &'a dyn Display },
    /// `{file}` is no edition: a library clause's editions are `1.md`, `2.md`, …
    NotAnEdition { file: &'a dyn Display },
    /// Edition {n} of `{clause}` is missing: its editions are numbered 1, 2, … without a gap
    MissingEdition { clause: &'a dyn Display, n: u32 },
    /// An edition after the first says what it changed: `kind: correction`, `update` or `edition`
    NeedsKind,
    /// The first edition changed nothing: it has no `kind`
    FirstHasNoKind,
    /// An edition cannot use another library clause: its text is written out in full, so no cycle can form
    EditionUses,
    /// `{word}` is not a kind of edition (`correction`, `update` or `edition`)
    UnknownKind { word: &'a dyn Display },
    /// The folder `{folder}` is no library clause's id (letters, digits, `-`, `_`): no `use:` could name it
    NotAnId { folder: &'a dyn Display },
    /// `with` fills the library text only: this placeholder of the clause's own text stays as written
    OwnPlaceholder,
    /// An edition (and the library's `_index.md`) has a `title`
    NoTitle,
    /// `{written}` in {file} is no placeholder: a placeholder is written `{{name}}`
    Malformed { written: &'a dyn Display, file: &'a dyn Display },
    /// The library folder `{dir}` does not exist
    NoFolder { dir: &'a dyn Display },
    /// `{dir}` is a file, not the library's folder
    NotAFolder { dir: &'a dyn Display },
    /// No `use:` value needed rewriting: each is pinned already, or none uses the clause at another edition
    NothingToRewrite,
    /// `use` is written `<library clause>@<edition>` (`confidentiality@3`)
    UseForm,
    /// `use` needs a library: set `library:` in content/_index.md to its folder
    NoLibrary,
    /// The library has no clause `{clause}`
    NoSuchClause { clause: &'a dyn Display },
    /// `{clause}` has no edition {n}: its editions are 1 to {latest}
    NoSuchEdition { clause: &'a dyn Display, n: u32, latest: u32 },
    /// `{name}` of the library text is given no text: add it under `with:`
    Unfilled { name: &'a dyn Display },
    /// `{name}` is no placeholder of `{clause}`'s edition {n}
    NoSuchPlaceholder { name: &'a dyn Display, clause: &'a dyn Display, n: u32 },
    /// `with` gives the text of each placeholder: `with: {甲方: 营销部}`
    WithForm,
    /// `with` without `use`: there is no library text to fill
    WithWithoutUse,
    /// Edition {n} of `{clause}` ({file}) is not the text this use recorded: a published edition must not change
    Changed { clause: &'a dyn Display, n: u32, file: &'a dyn Display },
    /// Publish the change as a new edition (with its kind), and put the edition's text back as it was
    PublishNew,
    /// The use of `{clause}` edition {n} records no digest of its text: it is not pinned yet
    Unpinned { clause: &'a dyn Display, n: u32 },
    /// `clausebook library pin` records the digest of each edition used
    Pin,
    /// The agreement has no content/_index.md that can be read: `clausebook check` says why
    NoAgreement,
    /// {file}:{line}: the `use:` value is no longer where it was read; run the command again
    Moved { file: &'a dyn Display, line: u32 },
    /// {file}:{line}: the `use:` value is not written on its line as a plain or quoted value (`use: {value}`), which is all the command rewrites
    NotPlain { file: &'a dyn Display, line: u32, value: &'a dyn Display },
    /// Uses `{clause}` edition {n}; {count} newer edition(s) published, the newest {latest} (largest change: {kind})
    Outdated { clause: &'a dyn Display, n: u32, count: u32, latest: u32, kind: &'a dyn Display },
    /// (the portal's redline: {page})
    RedlineAt { page: &'a dyn Display },
    /// Read what changed, then write `use: {clause}@{latest}`
    Upgrade { clause: &'a dyn Display, latest: u32 },
}
