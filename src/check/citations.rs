//! Citations of other agreements' clauses (`[[it-finance:purpose]]`): resolved against what the
//! other agreements of a portfolio publish ([`Cited`]) on the citing version's date, or, for an
//! agreement checked alone, noted once each as shown as text.

use chrono::NaiveDate;

use crate::base::catalog::{Check, Locale, Portfolio};
use crate::base::diagnostic::{Diagnostic, Severity, Span, closest};
use crate::base::model::{Agreement, LinkTarget};
use crate::base::xref::{Citation, Cited, Unresolved};

/// The code of a citation noted where no other agreement is published.
pub const ALONE: &str = "cross-reference";

/// The code of a citation of an agreement that some readers of the citing one may not read.
pub const RESTRICTED: &str = "restricted-citation";

/// The findings of `agreement`'s citations: against `cited` on the day `on` in a portfolio (a
/// citation that resolves to nothing is an error with the closest name, one whose clause a later
/// release changed is a warning), else one info each.
pub fn citations(agreement: &Agreement, cited: Option<(&Cited, &str)>, on: NaiveDate) -> Vec<Diagnostic> {
    let l = Locale::of(&agreement.language);
    let mut out = Vec::new();
    for clause in agreement.clauses.iter().filter(|c| !c.placeholder) {
        for link in &clause.body.links {
            let LinkTarget::Id(written) = &link.target else { continue };
            let span = Span::new(link.line, link.col, link.len);
            let Some(citation) = Citation::parse(written) else {
                // Ids never hold `:` or `@`: this was meant as a citation.
                if written.contains([':', '@']) {
                    let message = l.msg(Portfolio::MalformedCitation { written: &written });
                    let d = Diagnostic::error("broken-reference", &clause.file, span, message);
                    out.push(d.with_hint(l.msg(Portfolio::CitationForm)));
                }
                continue;
            };
            let Some((cited, own)) = cited else {
                let message = l.msg(Check::CitationShownAsText { cited: &written });
                out.push(Diagnostic::new(Severity::Info, ALONE, &clause.file, span, message));
                continue;
            };
            match cited.resolve(&citation, on) {
                Ok(target) => {
                    // An agreement some readers of this one may not read is named by ids only.
                    let readable = cited.access.reads(own, &target.agreement.id);
                    if let Some(audience) = cited.access.audience(&target.agreement.id).filter(|_| !readable) {
                        let (agreement, audience) = (&target.agreement.id, audience.id());
                        let message = l.msg(Check::CitesRestricted { agreement, audience: &audience });
                        let d = Diagnostic::warning(RESTRICTED, &clause.file, span, message);
                        out.push(d.with_hint(l.msg(Check::CitesRestrictedHint)));
                    }
                    if let Some(later) = target.changed_later() {
                        let agreement = &target.agreement.id;
                        let clause_label = if readable { &target.clause.label } else { &target.clause.id };
                        let message =
                            l.msg(Check::CitedClauseChanged { agreement, clause: clause_label, version: &later.name });
                        let redline = format!("{}/{}changes.html", cited.access.folder(agreement), later.folder);
                        out.push(
                            Diagnostic::warning("cited-clause-changed", &clause.file, span, message)
                                .with_hint(l.msg(Check::SeeWhatChanged { page: &redline })),
                        );
                    }
                }
                Err(why) => out.push(unresolved(cited, &citation, why, on, (&clause.file, span), l)),
            }
        }
    }
    out
}

/// The error of a citation that resolves to nothing, with the closest name there is.
fn unresolved(
    cited: &Cited,
    citation: &Citation<'_>,
    why: Unresolved,
    on: NaiveDate,
    (file, span): (&std::path::Path, Span),
    l: Locale,
) -> Diagnostic {
    let agreement = cited.agreement(citation.agreement);
    let (message, near) = match (why, agreement) {
        (Unresolved::Agreement, _) | (_, None) => (
            l.msg(Check::NoAgreementHasId { id: &citation.agreement }),
            closest(citation.agreement, cited.agreements.iter().map(|a| a.id.as_str())),
        ),
        (Unresolved::Version, Some(a)) => (
            l.msg(Check::AgreementHasNoRelease { id: &a.id, version: &citation.version.unwrap_or_default() }),
            closest(
                citation.version.unwrap_or_default(),
                a.versions.iter().filter(|v| v.release).map(|v| v.name.as_str()),
            ),
        ),
        (Unresolved::Clause, Some(a)) => {
            let clauses = cited.version(citation, on).map(|(_, v)| v.clauses.as_slice()).unwrap_or_default();
            (
                l.msg(Check::CitedAgreementHasNoClause { id: &a.id, clause: &citation.clause }),
                closest(citation.clause, clauses.iter().map(|c| c.id.as_str())),
            )
        }
    };
    let d = Diagnostic::error("broken-reference", file, span, message);
    match near {
        Some(near) => d.with_hint(l.did_you_mean(near)),
        None => d,
    }
}
