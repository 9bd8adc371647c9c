//! The built-in checks every agreement gets, always on: duplicate ids, unknown parties, broken
//! references (invalid dates are found while loading). Everything domain-specific beyond these
//! lives in the project's Lua rules.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{Agreement, Clause, LinkTarget, Lookup};
use crate::yaml::PathStep::{self, Index, Key};

/// Runs every built-in check.
pub fn builtin(agreement: &Agreement) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicate_parties(agreement, &mut out);
    duplicate_ids(agreement, &mut out);
    let lookup = agreement.lookup();
    for clause in &agreement.clauses {
        unknown_parties(agreement, clause, &mut out);
        broken_references(&lookup, clause, &mut out);
    }
    out
}

fn duplicate_parties(agreement: &Agreement, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, party) in agreement.parties.iter().enumerate() {
        if let Some(first) = seen.insert(&party.id, i) {
            let at = |i: usize| agreement.front.locate([Key("parties"), Index(i), Key("id")]);
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    &agreement.file,
                    at(i),
                    format!("party id `{}` is declared twice", party.id),
                )
                .with_related(&agreement.file, at(first), "first declared here"),
            );
        }
    }
}

fn duplicate_ids(agreement: &Agreement, out: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<&str, &Clause> = HashMap::with_capacity(agreement.clauses.len());
    for clause in &agreement.clauses {
        if let Some(first) = ids.get(clause.id.as_str()) {
            let at = |c: &Clause| {
                if c.front.get("id").is_some() { c.locate(&[Key("id")]) } else { Span::start() }
            };
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    &clause.file,
                    at(clause),
                    format!(
                        "clause id `{}` is already used by {}",
                        clause.id,
                        crate::diagnostic::slash_path(&first.file)
                    ),
                )
                .with_related(&first.file, at(first), "first used here")
                .with_hint("give one of the clauses its own `id: …` in the front matter"),
            );
        } else {
            ids.insert(&clause.id, clause);
        }
    }
}

fn unknown_parties(agreement: &Agreement, clause: &Clause, out: &mut Vec<Diagnostic>) {
    let declared = || agreement.parties.iter().map(|p| format!("{} ({})", p.id, p.name)).collect::<Vec<_>>().join(", ");
    let mut check = |name: &str, path: &[PathStep<'_>]| {
        if agreement.party(name).is_none() {
            out.push(
                Diagnostic::error(
                    "unknown-party",
                    &clause.file,
                    clause.locate(path),
                    format!("`{name}` is not a party of this agreement"),
                )
                .with_hint(format!("use a party declared in content/_index.md: {}", declared())),
            );
        }
    };
    if let Some(owner) = &clause.owner {
        check(owner, &[Key("owner")]);
    }
    for (i, p) in clause.parties.iter().enumerate() {
        check(p, &[Key("parties"), Index(i)]);
    }
    for (i, duty) in clause.duties.iter().enumerate() {
        if let Some(owner) = &duty.owner {
            check(owner, &[Key("duties"), Index(i), Key("owner")]);
        }
    }
    for (i, share) in clause.budget.iter().enumerate() {
        check(&share.party, &[Key("budget"), Index(i), Key("party")]);
    }
}

fn broken_references(lookup: &Lookup, clause: &Clause, out: &mut Vec<Diagnostic>) {
    let ids = &lookup.by_id;
    for (i, target) in clause.refs.iter().enumerate() {
        if !ids.contains_key(target.as_str()) {
            out.push(
                Diagnostic::error(
                    "broken-reference",
                    &clause.file,
                    clause.locate(&[Key("refs"), Index(i)]),
                    format!("no clause has the id `{target}`"),
                )
                .with_hint(suggest(ids, target)),
            );
        }
    }
    for link in &clause.body.links {
        let span = Span::new(link.line, link.col, link.len);
        if lookup.target(&link.target).is_some() {
            continue;
        }
        let message = match &link.target {
            LinkTarget::Id(id) => format!("no clause has the id `{id}`"),
            LinkTarget::File(file) => {
                format!("no clause file {}", crate::diagnostic::slash_path(file))
            }
        };
        let mut d = Diagnostic::error("broken-reference", &clause.file, span, message);
        if let LinkTarget::Id(id) = &link.target {
            d = d.with_hint(suggest(ids, id));
        }
        out.push(d);
    }
}

fn suggest(ids: &HashMap<&str, &Clause>, wrong: &str) -> String {
    let mut near: Vec<&str> = ids.keys().copied().filter(|id| id.contains(wrong) || wrong.contains(id)).collect();
    near.sort();
    match near.first() {
        Some(id) => format!("did you mean `{id}`?"),
        None => {
            "refer to a clause by the `id` in its front matter, or by its file name without the number prefix".into()
        }
    }
}
