//! The checks of defined terms: a term defined and never used (`term-unused`), a term defined
//! twice differently (`term-conflict`), and a term used before its definition in reading order
//! (`term-used-before-definition`). Their severities are the project's to set under `rules:`.

use crate::base::diagnostic::Diagnostic;
use crate::base::locale::Locale;
use crate::base::model::Agreement;
use crate::base::terms::{Glossary, uses};

/// The findings about `agreement`'s defined terms.
pub fn terms(agreement: &Agreement) -> Vec<Diagnostic> {
    let glossary = Glossary::of(agreement);
    let mut out = Vec::new();
    if glossary.is_empty() {
        return out;
    }
    let l = Locale::of(&agreement.language);
    let here = l.say("定义在这里", "defined here");
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
                l.say(
                    format!("术语「{}」被再次定义，且与先前的定义不同", d.term),
                    format!("the term \"{}\" is defined again, differently", d.term),
                ),
            )
            .with_related(&first.file, first.span, l.say("先前的定义在这里", "first defined here"))
            .with_hint(l.say(
                "一个术语只定义一次；需要不同含义时另取一个名称",
                "define a term once; give a different meaning its own term",
            )),
        );
    }
    for (d, used) in glossary.terms.iter().zip(uses(agreement, &glossary)) {
        if used.is_empty() {
            out.push(
                Diagnostic::warning(
                    "term-unused",
                    &d.file,
                    d.span,
                    l.say(
                        format!("术语「{}」有定义，但协议中其他地方没有用到", d.term),
                        format!("the term \"{}\" is defined but never used elsewhere", d.term),
                    ),
                )
                .with_hint(l.say("删除这个定义，或在条款中使用它", "remove the definition, or use the term")),
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
                    l.say(
                        format!("术语「{}」在定义之前就被使用", d.term),
                        format!("the term \"{}\" is used before it is defined", d.term),
                    ),
                )
                .with_related(&d.file, d.span, here.clone())
                .with_hint(l.say(
                    "把定义移到首次使用之前（例如定义条款或前言），或在此处改用完整说法",
                    "move the definition before its first use (a definitions clause, or the preamble), or say it in full here",
                )),
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
