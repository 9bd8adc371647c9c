//! The messages of reading the project: its files, front matter and settings.

use std::fmt::Display;

use crate::base::yaml::{Expected, Problem, Value};

/// A message of reading the project: its files, front matter and settings; its words are in `zh/load.rs` and `en/load.rs`.
pub enum Load<'a> {
    /// The file path {shown} holds the control character {u}: clausebook shows it as �, other tools may act on it (a line feed starts a new line)
    FilePathHoldsControlCharacter { shown: &'a dyn Display, u: &'a dyn Display },
    /// Rename the file to a name of visible characters only
    RenameFileNameVisibleCharacters,
    /// The id holds the control character {u}
    IdHoldsControlCharacter { u: &'a dyn Display },
    /// Ids are letters (Chinese is fine), digits, `-` and `_`, such as `budget-approval`
    IdCharacters,
    /// The control character {u} is written here: readers cannot see it, and calendars (.ics) and JUnit reports cannot carry it and show � instead
    ControlCharacterWrittenHereReaders { u: &'a dyn Display },
    /// Delete it (it most likely came in with pasted text)
    DeleteMostLikelyCamePasted,
    /// Write why, for example `{key}: "agreed at the review of 2026-01-10"`
    WriteWhyExampleAgreedReview { key: &'a dyn Display },
    /// The suppression of `{key}` has no reason
    SuppressionHasNoReason { key: &'a dyn Display },
    /// A term cannot be empty
    TermCannotEmpty,
    /// Write the term being defined, such as `Joint Event: …`
    WriteTermBeingDefinedSuch,
    /// The clause has no `title`
    ClauseHasNoTitle,
    /// Add `title: …` to the front matter
    AddTitleFrontMatter,
    /// Use one of: draft, active, retired
    UseOneDraftActiveRetired,
    /// Unknown status `{word}`
    UnknownStatus { word: &'a dyn Display },
    /// `{name}` needs both `party` and `share` (in percent)
    NeedsBothPartySharePercent { name: &'a dyn Display },
    /// `{name}` has no `text`
    HasNoText { name: &'a dyn Display },
    /// Say what must be done in `text: …`
    SayWhatMustDoneText,
    /// The cadence `{written}` never occurs: no month {month} has a day {day}, so no calendar or upcoming page has it
    CadenceNeverOccursNoMonth { written: &'a dyn Display, month: &'a dyn Display, day: &'a dyn Display },
    /// Choose a day month {month} has (at most {longest}), or its last day: `每年{month}月底`
    ChooseDayMonthHasMost { month: &'a dyn Display, longest: &'a dyn Display },
    /// Cadence `{written}` is not understood: it stays text for readers, but no calendar has it
    CadenceNotUnderstoodStaysText { written: &'a dyn Display },
    /// Another duty of this clause has the id `{id}`
    AnotherDutyClauseHasId { id: &'a dyn Display },
    /// A duty's id is unique within its clause: it names the duty's calendar events
    DutySIdUniqueWithin,
    /// First used here
    FirstUsedHere,
    /// `{id}` cannot be a duty id
    CannotDutyId { id: &'a dyn Display },
    /// Ids are letters (Chinese is fine), digits, `-` and `_`, such as `payment-terms`
    DutyIdCharacters,
    /// Fields of list items are `duties.name` or `budget.name`
    FieldsListItemsDutiesName,
    /// `fields`: there is no list `{list}`
    FieldsThereNoList { list: &'a dyn Display },
    /// `fields`: `{key}` is one of clausebook's own fields; it needs no declaration
    FieldsOneClausebookSOwn { key: &'a dyn Display },
    /// Declare the project's own fields under `fields:` in content/_index.md, e.g. `fields: {venue: where it takes place}`
    DeclareProjectSOwnFields,
    /// `{key}` is not a field of {whose_en}
    NotField { key: &'a dyn Display, whose: Whose },
    /// `{key}` is not a setting of the field `{field}`
    NotSettingOfField { key: &'a dyn Display, field: &'a dyn Display },
    /// A declared field has `description` and `changelog`
    DeclaredFieldHasDescriptionChangelog,
    /// Malformed YAML: {message}
    MalformedYaml { problem: &'a Problem },
    /// This is a full-width colon `：`: YAML separates a field from its value with `:` only
    FullWidthColonYamlSeparates,
    /// Replace `：` with a colon and a space, `: ` (switch the input method to ASCII punctuation)
    ReplaceColonSpaceSwitchInput,
    /// The parser said: {message}
    ParserSaid { said: &'a dyn Display },
    /// Line {line} is indented with a tab; YAML indents with spaces only
    LineIndentedTabYamlIndents { line: &'a dyn Display },
    /// The tab
    Tab,
    /// The `{open}` on line {line}, column {col} is never closed
    LineColumnNeverClosed { line: &'a dyn Display, col: &'a dyn Display, open: &'a dyn Display },
    /// Opened here
    OpenedHere,
    /// This line is indented with a full-width space (U+3000): YAML indents with ASCII spaces only
    LineIndentedFullWidthSpace,
    /// Replace the full-width space with two ASCII spaces
    ReplaceFullWidthSpaceTwo,
    /// The agreement has no `title`
    AgreementHasNoTitle,
    /// `theme: {theme}` is not a folder name under themes/: letters, digits, - and _ only
    ThemeNotFolderNameUnder { theme: &'a dyn Display },
    /// Name a folder of themes/, e.g. `theme: house`
    NameFolderThemesEG,
    /// Cannot read the file: {e}
    CannotReadFile { e: &'a dyn Display },
    /// The file is not valid UTF-8
    FileNotValidUtf,
    /// Save the file as UTF-8 (without a legacy encoding such as GBK)
    SaveFileUtfWithoutLegacy,
    /// The front matter is never closed
    FrontMatterNeverClosed,
    /// End the front matter with a line `---`
    EndFrontMatterLine,
    /// The file has no front matter
    FileHasNoFrontMatter,
    /// Start the file with `---`, a line `title: …`, and `---`
    StartFileLineTitle,
    /// Write dates as YYYY-MM-DD, for example 2025-03-01
    WriteDatesYyyyMmDd,
    /// `{name}` is read as the number {number}, not as written: put it in quotes
    NumberNotAsWritten { name: &'a dyn Display, number: &'a dyn Display },
    /// Write the number without the percent sign: {number}
    WriteNumberWithoutPercentSign { number: &'a dyn Display },
    /// `{value}` is not a language tag such as `zh-CN` or `en`
    NotALanguageTag { value: &'a dyn Display },
    /// Write a language tag (BCP 47): a language, then a region or a script, joined by `-`: `zh-CN`, `zh-Hans`, `en`
    WriteALanguageTag,
    /// `base_url: {value}` is not a full address: a calendar, or a link opened from elsewhere, cannot follow it
    NotAFullAddress { value: &'a dyn Display },
    /// Write the full address the site is published at, starting with `https://` (or `http://`), without spaces
    WriteTheFullAddress,
    /// `{name}` must be a number, found the string "{s}"
    MustNumberFoundString { name: &'a dyn Display, s: &'a dyn Display },
    /// `{name}`: "{s}" is not a valid date
    NotValidDate { name: &'a dyn Display, s: &'a dyn Display },
    /// `{start}…` is too long: {bytes} bytes, at most {max_bytes} (about 40 Chinese characters)
    TooLongBytesMostAbout { start: &'a dyn Display, bytes: &'a dyn Display, max_bytes: &'a dyn Display },
    /// `{name}` is a file name Windows reserves: the page could not be opened from a Windows share
    FileNameWindowsReservesPage { name: &'a dyn Display },
    /// `{name}` cannot name a release: use letters, digits, `.`, `-`, `_` and `+`, not starting with `.` or `-`
    CannotNameReleaseUseLetters { name: &'a dyn Display },
    /// Ids are letters (Chinese is fine), digits, `-` and `_`, such as `budget-approval`; an id names a page
    PageIdCharacters,
    /// `{id}` cannot be a party id
    CannotPartyId { id: &'a dyn Display },
    /// The other one
    OtherOne,
    /// `{id}` cannot be a clause id
    CannotClauseId { id: &'a dyn Display },
    /// Give one of them another id
    GiveOneThemAnotherId,
    /// The id `{id}` differs from `{other}` only by case or Unicode normalization: their pages would overwrite each other on macOS and Windows
    IdDiffersFromOnlyCase { id: &'a dyn Display, other: &'a dyn Display },
    /// The front matter must be a mapping of fields, found …
    FrontMatterNotMapping { found: &'a Value },
    /// `name` must be (the expected kind), found …
    MustBe { name: &'a dyn Display, expected: Expected, found: &'a Value },
    /// `name` must be a date, found …
    MustBeDate { name: &'a dyn Display, found: &'a Value },
    /// `name` is a name the site uses itself (…); choose another release name
    ReleaseNameTaken { name: &'a dyn Display, taken: &'a [&'a str] },
}

/// What an unknown field was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// The agreement's `_index.md`.
    Agreement,
    /// A party of the agreement.
    Party,
    /// A chapter's `_index.md`.
    Chapter,
    /// A clause.
    Clause,
    /// A duty of a clause.
    Duty,
    /// A budget share of a clause.
    BudgetShare,
}
