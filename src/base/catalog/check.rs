//! The messages of the built-in checks and the rules' settings.

use std::fmt::Display;

/// A message of the built-in checks and the rules' settings; its words are in `zh/check.rs` and `en/check.rs`.
pub enum Check<'a> {
    /// The review is {days} days overdue (due {due})
    ReviewDaysOverdueDue { days: &'a dyn Display, due: &'a dyn Display },
    /// Review the clause, then update `revised` and `review_by`
    ReviewClauseThenUpdateRevised,
    /// The duty "{text}" is {days} days overdue (due {due})
    DutyDaysOverdueDue { text: &'a dyn Display, days: &'a dyn Display, due: &'a dyn Display },
    /// Once done, remove `due`, or agree a new date with the other party
    OnceDoneRemoveDueAgree,
    /// Party id `{id}` is declared twice
    PartyIdDeclaredTwice { id: &'a dyn Display },
    /// First declared here
    FirstDeclaredHere,
    /// Clause id `{id}` is already used by {file}
    ClauseIdAlreadyUsed { id: &'a dyn Display, file: &'a dyn Display },
    /// First used here
    FirstUsedHere,
    /// Give one of the clauses its own `id: …` in the front matter
    GiveOneClausesOwnId,
    /// `{name}` is not a party of this agreement
    NotPartyAgreement { name: &'a dyn Display },
    /// Use a party declared in content/_index.md: {declared}
    UsePartyDeclaredContentIndex { declared: &'a dyn Display },
    /// No clause has the id `{target}`
    NoClauseHasId { target: &'a dyn Display },
    /// No clause has the id `{id}`
    NoLinkedClauseHasId { id: &'a dyn Display },
    /// `{cited}` cites another agreement's clause; outside a portfolio it is shown as text
    CitationShownAsText { cited: &'a dyn Display },
    /// The cited clause {clause} of {agreement} was changed in {version}
    CitedClauseChanged { agreement: &'a dyn Display, clause: &'a dyn Display, version: &'a dyn Display },
    /// See what changed: {page}
    SeeWhatChanged { page: &'a dyn Display },
    /// The agreement `{agreement}` is restricted to {audience}: readers of this page outside it are refused the link
    CitesRestricted { agreement: &'a dyn Display, audience: &'a dyn Display },
    /// The link shows no title of it; restrict this agreement to the same departments, or cite it in words
    CitesRestrictedHint,
    /// No agreement of the portfolio has the id `{id}`
    NoAgreementHasId { id: &'a dyn Display },
    /// Agreement `{id}` has no release `{version}`
    AgreementHasNoRelease { id: &'a dyn Display, version: &'a dyn Display },
    /// Agreement `{id}` has no clause `{clause}` in the version cited
    CitedAgreementHasNoClause { id: &'a dyn Display, clause: &'a dyn Display },
    /// No clause file {file}
    NoClauseFile { file: &'a dyn Display },
    /// Title
    Title,
    /// Number
    Number,
    /// Did you mean `{id}`? "{wrong_trimmed}" is that clause's {what}; a reference names a clause by its id
    DidYouMeanThatClause { id: &'a dyn Display, wrong_trimmed: &'a dyn Display, what: &'a dyn Display },
    /// Refer to a clause by the `id` in its front matter, or by its file name without the number prefix
    ReferClauseIdFrontMatter,
    /// `{rule}` is a built-in check: built-in checks cannot be {en} (see `clausebook explain {rule}`)
    BuiltCheckBuiltChecksCannot { rule: &'a dyn Display, how: Setting },
    /// ; {suggestion}
    SuggestionSuffix { suggestion: &'a dyn Display },
    /// No rule `{rule}` to be {en}{hint}
    NoRule { rule: &'a dyn Display, hint: &'a dyn Display, how: Setting },
    /// `allow`: {message}
    Allow { message: &'a dyn Display },
    /// Defined here
    DefinedHere,
    /// The term "{term}" is defined again, differently
    TermDefinedAgainDifferently { term: &'a dyn Display },
    /// the term "{term}" is defined differently in 《{other}》 ({id})
    TermDefinedDifferentlyIn { term: &'a dyn Display, other: &'a dyn Display, id: &'a dyn Display },
    /// defined here, in {id}
    DefinedHereIn { id: &'a dyn Display },
    /// a term means the same in every agreement of the portfolio: …
    DefineTermAlikeAcrossAgreements,
    /// First defined here
    FirstDefinedHere,
    /// Define a term once; give a different meaning its own term
    DefineTermOnceGiveDifferent,
    /// The term "{term}" is defined but never used elsewhere
    TermDefinedButNeverUsed { term: &'a dyn Display },
    /// Remove the definition, or use the term
    RemoveDefinitionUseTerm,
    /// The term "{term}" is used before it is defined
    TermUsedBeforeDefined { term: &'a dyn Display },
    /// Move the definition before its first use (a definitions clause, or the preamble), or say it in full here
    MoveDefinitionBeforeFirstUse,
}

/// What a rule setting does to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// `rules:` in `_index.md` sets its severity.
    Configured,
    /// A clause's `allow:` suppresses it.
    Suppressed,
}
