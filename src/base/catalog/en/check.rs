//! The English words of [`Check`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Check, Setting};

/// The English text of `m`.
pub(super) fn text(m: &Check) -> String {
    match m {
        Check::ReviewDaysOverdueDue { days, due } => format!("the review is {days} days overdue (due {due})"),
        Check::ReviewClauseThenUpdateRevised => "review the clause, then update `revised` and `review_by`".into(),
        Check::DutyDaysOverdueDue { text, days, due } => {
            format!("the duty \"{text}\" is {days} days overdue (due {due})")
        }
        Check::OnceDoneRemoveDueAgree => "once done, remove `due`, or agree a new date with the other party".into(),
        Check::PartyIdDeclaredTwice { id } => format!("party id `{id}` is declared twice"),
        Check::FirstDeclaredHere => "first declared here".into(),
        Check::ClauseIdAlreadyUsed { id, file } => format!("clause id `{id}` is already used by {file}"),
        Check::FirstUsedHere => "first used here".into(),
        Check::GiveOneClausesOwnId => "give one of the clauses its own `id: …` in the front matter".into(),
        Check::NotPartyAgreement { name } => format!("`{name}` is not a party of this agreement"),
        Check::UsePartyDeclaredContentIndex { declared } => {
            format!("use a party declared in content/_index.md: {declared}")
        }
        Check::NoClauseHasId { target } => format!("no clause has the id `{target}`"),
        Check::NoLinkedClauseHasId { id } => format!("no clause has the id `{id}`"),
        Check::CitationShownAsText { cited } => {
            format!("`{cited}` cites another agreement's clause; outside a portfolio it is shown as text")
        }
        Check::CitedClauseChanged { agreement, clause, version } => {
            format!("the cited clause {clause} of {agreement} was changed in {version}")
        }
        Check::SeeWhatChanged { page } => format!("see what changed: {page}"),
        Check::CitesRestricted { agreement, audience } => format!(
            "the agreement `{agreement}` is restricted to {audience}: readers of this page outside it are refused the link"
        ),
        Check::CitesRestrictedHint => {
            "the link shows no title of it; restrict this agreement to the same departments, or cite it in words".into()
        }
        Check::NoAgreementHasId { id } => format!("no agreement of the portfolio has the id `{id}`"),
        Check::AgreementHasNoRelease { id, version } => format!("agreement `{id}` has no release `{version}`"),
        Check::CitedAgreementHasNoClause { id, clause } => {
            format!("agreement `{id}` has no clause `{clause}` in the version cited")
        }
        Check::NoClauseFile { file } => format!("no clause file {file}"),
        Check::Title => "title".into(),
        Check::Number => "number".into(),
        Check::DidYouMeanThatClause { id, wrong_trimmed, what } => format!(
            "did you mean `{id}`? \"{wrong_trimmed}\" is that clause's {what}; a reference names a clause by its id"
        ),
        Check::ReferClauseIdFrontMatter => {
            "refer to a clause by the `id` in its front matter, or by its file name without the number prefix".into()
        }
        Check::BuiltCheckBuiltChecksCannot { rule, how } => {
            format!(
                "`{rule}` is a built-in check: built-in checks cannot be {} (see `clausebook explain {rule}`)",
                setting(*how)
            )
        }
        Check::SuggestionSuffix { suggestion } => format!("; {suggestion}"),
        Check::NoRule { rule, hint, how } => format!("no rule `{rule}` to be {}{hint}", setting(*how)),
        Check::Allow { message } => format!("`allow`: {message}"),
        Check::DefinedHere => "defined here".into(),
        Check::TermDefinedAgainDifferently { term } => format!("the term \"{term}\" is defined again, differently"),
        Check::FirstDefinedHere => "first defined here".into(),
        Check::TermDefinedDifferentlyIn { term, other, id } => {
            format!("the term \"{term}\" is defined differently in 《{other}》 ({id})")
        }
        Check::DefinedHereIn { id } => format!("defined here, in {id}"),
        Check::DefineTermAlikeAcrossAgreements => {
            "a term means the same in every agreement of the portfolio: define it \
             in the same words, or give the different meaning a term of its own"
                .into()
        }
        Check::DefineTermOnceGiveDifferent => "define a term once; give a different meaning its own term".into(),
        Check::TermDefinedButNeverUsed { term } => format!("the term \"{term}\" is defined but never used elsewhere"),
        Check::RemoveDefinitionUseTerm => "remove the definition, or use the term".into(),
        Check::TermUsedBeforeDefined { term } => format!("the term \"{term}\" is used before it is defined"),
        Check::MoveDefinitionBeforeFirstUse => {
            "move the definition before its first use (a definitions clause, or the preamble), or say it in full here"
                .into()
        }
    }
}

/// What a setting does to a rule.
fn setting(s: Setting) -> &'static str {
    match s {
        Setting::Configured => "configured",
        Setting::Suppressed => "suppressed",
    }
}
