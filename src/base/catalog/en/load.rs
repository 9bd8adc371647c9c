//! The English words of [`Load`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Load, Whose};

/// The English text of `m`.
pub(super) fn text(m: &Load) -> String {
    match m {
        Load::FilePathHoldsControlCharacter { shown, u } => format!("the file path {shown} holds the control character {u}: clausebook shows it as �, other tools may act on it (a line feed starts a new line)"),
        Load::RenameFileNameVisibleCharacters => "rename the file to a name of visible characters only".into(),
        Load::IdHoldsControlCharacter { u } => format!("the id holds the control character {u}"),
        Load::IdCharacters => "ids are letters (Chinese is fine), digits, `-` and `_`, such as `budget-approval`".into(),
        Load::ControlCharacterWrittenHereReaders { u } => format!("the control character {u} is written here: readers cannot see it, and calendars (.ics) and JUnit reports cannot carry it and show � instead"),
        Load::DeleteMostLikelyCamePasted => "delete it (it most likely came in with pasted text)".into(),
        Load::WriteWhyExampleAgreedReview { key } => format!("write why, for example `{key}: \"agreed at the review of 2026-01-10\"`"),
        Load::SuppressionHasNoReason { key } => format!("the suppression of `{key}` has no reason"),
        Load::TermCannotEmpty => "a term cannot be empty".into(),
        Load::WriteTermBeingDefinedSuch => "write the term being defined, such as `Joint Event: …`".into(),
        Load::ClauseHasNoTitle => "the clause has no `title`".into(),
        Load::AddTitleFrontMatter => "add `title: …` to the front matter".into(),
        Load::UseOneDraftActiveRetired => "use one of: draft, active, retired".into(),
        Load::UnknownStatus { word } => format!("unknown status `{word}`"),
        Load::NeedsBothPartySharePercent { name } => format!("`{name}` needs both `party` and `share` (in percent)"),
        Load::HasNoText { name } => format!("`{name}` has no `text`"),
        Load::SayWhatMustDoneText => "say what must be done in `text: …`".into(),
        Load::CadenceNeverOccursNoMonth { written, month, day } => format!("the cadence `{written}` never occurs: no month {month} has a day {day}, so no calendar or upcoming page has it"),
        Load::ChooseDayMonthHasMost { month, longest } => format!("choose a day month {month} has (at most {longest}), or its last day: `每年{month}月底`"),
        Load::CadenceNotUnderstoodStaysText { written } => format!("cadence `{written}` is not understood: it stays text for readers, but no calendar has it"),
        Load::AnotherDutyClauseHasId { id } => format!("another duty of this clause has the id `{id}`"),
        Load::DutySIdUniqueWithin => "a duty's id is unique within its clause: it names the duty's calendar events".into(),
        Load::FirstUsedHere => "first used here".into(),
        Load::CannotDutyId { id } => format!("`{id}` cannot be a duty id"),
        Load::DutyIdCharacters => "ids are letters (Chinese is fine), digits, `-` and `_`, such as `payment-terms`".into(),
        Load::FieldsListItemsDutiesName => "fields of list items are `duties.name` or `budget.name`".into(),
        Load::FieldsThereNoList { list } => format!("`fields`: there is no list `{list}`"),
        Load::FieldsOneClausebookSOwn { key } => format!("`fields`: `{key}` is one of clausebook's own fields; it needs no declaration"),
        Load::DeclareProjectSOwnFields => "declare the project's own fields under `fields:` in content/_index.md, e.g. `fields: {venue: where it takes place}`".into(),
        Load::NotField { key, whose } => format!("`{key}` is not a field of {}", whose_name(*whose)),
        Load::NotSettingOfField { key, field } => format!("`{key}` is not a setting of the field `{field}`"),
        Load::DeclaredFieldHasDescriptionChangelog => "a declared field has `description` and `changelog`".into(),
        Load::MalformedYaml { problem } => format!("malformed YAML: {}", super::problem(problem)),
        Load::FullWidthColonYamlSeparates => "this is a full-width colon `：`: YAML separates a field from its value with `:` only".into(),
        Load::ReplaceColonSpaceSwitchInput => "replace `：` with a colon and a space, `: ` (switch the input method to ASCII punctuation)".into(),
        Load::ParserSaid { said } => format!("the parser said: {said}"),
        Load::LineIndentedTabYamlIndents { line } => format!("line {line} is indented with a tab; YAML indents with spaces only"),
        Load::Tab => "the tab".into(),
        Load::LineColumnNeverClosed { line, col, open } => format!("the `{open}` on line {line}, column {col} is never closed"),
        Load::OpenedHere => "opened here".into(),
        Load::LineIndentedFullWidthSpace => "this line is indented with a full-width space (U+3000): YAML indents with ASCII spaces only".into(),
        Load::ReplaceFullWidthSpaceTwo => "replace the full-width space with two ASCII spaces".into(),
        Load::AgreementHasNoTitle => "the agreement has no `title`".into(),
        Load::ThemeNotFolderNameUnder { theme } => format!("`theme: {theme}` is not a folder name under themes/: letters, digits, - and _ only"),
        Load::NameFolderThemesEG => "name a folder of themes/, e.g. `theme: house`".into(),
        Load::CannotReadFile { e } => format!("cannot read the file: {e}"),
        Load::FileNotValidUtf => "the file is not valid UTF-8".into(),
        Load::SaveFileUtfWithoutLegacy => "save the file as UTF-8 (without a legacy encoding such as GBK)".into(),
        Load::FrontMatterNeverClosed => "the front matter is never closed".into(),
        Load::EndFrontMatterLine => "end the front matter with a line `---`".into(),
        Load::FileHasNoFrontMatter => "the file has no front matter".into(),
        Load::StartFileLineTitle => "start the file with `---`, a line `title: …`, and `---`".into(),
        Load::WriteDatesYyyyMmDd => "write dates as YYYY-MM-DD, for example 2025-03-01".into(),
        Load::NumberNotAsWritten { name, number } => {
            format!("`{name}` is read as the number {number}, not as written: put it in quotes")
        }
        Load::NotALanguageTag { value } => format!("`{value}` is not a language tag such as `zh-CN` or `en`"),
        Load::WriteALanguageTag => {
            "write a language tag (BCP 47): a language, then a region or a script, joined by `-`: `zh-CN`, `zh-Hans`, `en`"
                .into()
        }
        Load::NotAFullAddress { value } => format!(
            "`base_url: {value}` is not a full address: a calendar, or a link opened from elsewhere, cannot follow it"
        ),
        Load::WriteTheFullAddress => {
            "write the full address the site is published at, starting with `https://` (or `http://`), without spaces".into()
        }
        Load::WriteNumberWithoutPercentSign { number } => format!("write the number without the percent sign: {number}"),
        Load::MustNumberFoundString { name, s } => format!("`{name}` must be a number, found the string \"{s}\""),
        Load::NotValidDate { name, s } => format!("`{name}`: \"{s}\" is not a valid date"),
        Load::TooLongBytesMostAbout { start, bytes, max_bytes } => format!("`{start}…` is too long: {bytes} bytes, at most {max_bytes} (about 40 Chinese characters)"),
        Load::FileNameWindowsReservesPage { name } => format!("`{name}` is a file name Windows reserves: the page could not be opened from a Windows share"),
        Load::CannotNameReleaseUseLetters { name } => format!("`{name}` cannot name a release: use letters, digits, `.`, `-`, `_` and `+`, not starting with `.` or `-`"),
        Load::PageIdCharacters => "ids are letters (Chinese is fine), digits, `-` and `_`, such as `budget-approval`; an id names a page".into(),
        Load::CannotPartyId { id } => format!("`{id}` cannot be a party id"),
        Load::OtherOne => "the other one".into(),
        Load::CannotClauseId { id } => format!("`{id}` cannot be a clause id"),
        Load::GiveOneThemAnotherId => "give one of them another id".into(),
        Load::IdDiffersFromOnlyCase { id, other } => format!("the id `{id}` differs from `{other}` only by case or Unicode normalization: their pages would overwrite each other on macOS and Windows"),
        Load::FrontMatterNotMapping { found } => format!("the front matter must be a mapping of fields, found {}", super::kind(found)),
        Load::MustBe { name, expected, found } => {
            format!("`{name}` must be {}, found {}", super::expected(*expected), super::kind(found))
        }
        Load::MustBeDate { name, found } => format!("`{name}` must be a date, found {}", super::kind(found)),
        Load::ReleaseNameTaken { name, taken } => {
            format!("`{name}` is a name the site uses itself ({}); choose another release name", taken.join(", "))
        }
    }
}

/// Where an unknown field was written.
fn whose_name(w: Whose) -> &'static str {
    match w {
        Whose::Agreement => "the agreement (_index.md)",
        Whose::Party => "a party",
        Whose::Chapter => "a chapter (_index.md)",
        Whose::Clause => "a clause",
        Whose::Duty => "a duty",
        Whose::BudgetShare => "a budget share",
    }
}
