//! The checks of defined terms: a term defined and never used (`term-unused`), a term defined
//! twice differently (`term-conflict`), and a term used before its definition in reading order
//! (`term-used-before-definition`). Their severities are the project's to set under `rules:`.

use crate::base::catalog::{Check, Locale};
use crate::base::diagnostic::Diagnostic;
use crate::base::model::Agreement;
use crate::base::terms::{Definition, Glossary, uses};

/// The findings about `agreement`'s defined terms.
pub fn terms(agreement: &Agreement) -> Vec<Diagnostic> {
    let glossary = Glossary::of(agreement);
    let mut out = Vec::new();
    if glossary.is_empty() {
        return out;
    }
    let l = Locale::of(&agreement.language);
    let here = l.msg(Check::DefinedHere);
    for d in &glossary.all {
        let Some(first) = glossary.position(&d.term).map(|t| &glossary.terms[t]) else { continue };
        if first == d || same(&first.sentence, &d.sentence) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "term-conflict",
                &d.file,
                d.span,
                l.msg(Check::TermDefinedAgainDifferently { term: &d.term }),
            )
            .with_related(&first.file, first.span, l.msg(Check::FirstDefinedHere))
            .with_hint(l.msg(Check::DefineTermOnceGiveDifferent)),
        );
    }
    for (d, used) in glossary.terms.iter().zip(uses(agreement, &glossary)) {
        if used.is_empty() {
            out.push(
                Diagnostic::warning(
                    "term-unused",
                    &d.file,
                    d.span,
                    l.msg(Check::TermDefinedButNeverUsed { term: &d.term }),
                )
                .with_hint(l.msg(Check::RemoveDefinitionUseTerm)),
            );
        }
        let mut reported: Vec<&std::path::Path> = Vec::new();
        for (place, file, span) in &used {
            let early = *place < d.place || (*place == d.place && (span.line, span.col) < (d.span.line, d.span.col));
            if !early || reported.contains(&file.as_path()) {
                continue;
            }
            reported.push(file);
            out.push(
                Diagnostic::warning(
                    "term-used-before-definition",
                    file,
                    *span,
                    l.msg(Check::TermUsedBeforeDefined { term: &d.term }),
                )
                .with_related(&d.file, d.span, here.clone())
                .with_hint(l.msg(Check::MoveDefinitionBeforeFirstUse)),
            );
        }
    }
    out
}

/// The terms that agreements of a portfolio define differently (`term-conflict` across them):
/// each agreement's first definition of a term whose words differ from the definition of the
/// agreement before it that first defines the term, with that one as the related place. Each
/// agreement is given by its folder (files are named from there), its id, its title and its
/// terms' first definitions (`Glossary::terms`).
pub fn across(agreements: &[(&std::path::Path, &str, &str, &[Definition])], l: Locale) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (j, (folder, _, _, terms)) in agreements.iter().enumerate() {
        for d in terms.iter() {
            let earlier = agreements[..j].iter().find_map(|a| a.3.iter().find(|t| t.term == d.term).map(|t| (a, t)));
            let Some(((other_folder, other, title, _), first)) = earlier else { continue };
            if same(&first.sentence, &d.sentence) {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    "term-conflict",
                    folder.join(&d.file),
                    d.span,
                    l.msg(Check::TermDefinedDifferentlyIn { term: &d.term, other: title, id: other }),
                )
                .with_related(other_folder.join(&first.file), first.span, l.msg(Check::DefinedHereIn { id: other }))
                .with_hint(l.msg(Check::DefineTermAlikeAcrossAgreements)),
            );
        }
    }
    out
}

/// Two definitions say the same when their words are the same (spacing and punctuation aside).
fn same(a: &str, b: &str) -> bool {
    let words = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    words(a) == words(b)
}
