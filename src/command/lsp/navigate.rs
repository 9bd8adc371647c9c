//! What a place in a document names (a clause, a party, a field, a defined term), and where else
//! the agreement names the same thing: what go to definition, find references, hover and rename
//! answer from.

use std::path::{Path, PathBuf};

use lsp_types::Position;

use super::text::Text;
use crate::base::diagnostic::Span;
use crate::base::model::{Agreement, Body, Clause, LinkTarget};
use crate::base::terms::{Definition, Glossary};
use crate::base::yaml::{Node, Value};

/// Something the agreement names.
#[derive(Debug, Clone, PartialEq)]
pub enum Symbol {
    /// The clause at this index of `Agreement::clauses`.
    Clause(usize),
    /// The party at this index of `Agreement::parties`.
    Party(usize),
    /// A front matter field: of `_index.md` (`agreement`) or of a clause, at the top or in the
    /// items of a list (`duties`, `budget`, `parties`).
    Field {
        /// Whether it is a field of `content/_index.md`.
        agreement: bool,
        /// The list whose items have it, if any.
        list: Option<String>,
        /// Its name.
        name: String,
    },
    /// A defined term.
    Term(Definition),
}

/// A place that names a symbol: the file, where, and the word written there (`None` where the
/// name is not written as such: a link to the clause's `.md` file).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The file, relative to the project root.
    pub file: PathBuf,
    /// Where.
    pub span: Span,
    /// The id or name as written.
    pub word: Option<String>,
}

/// The symbol at `pos` of the document `rel` (its current `text`), and the mention it is named by.
pub fn symbol_at(agreement: &Agreement, rel: &Path, text: &Text, pos: Position) -> Option<(Symbol, Mention)> {
    let at = |span: Span| text.touches(span, pos);
    let mention =
        |span: Span, word: Option<&str>| Mention { file: rel.to_path_buf(), span, word: word.map(str::to_string) };
    let lookup = agreement.lookup();
    let index_of = |c: &Clause| c.number - 1;
    if rel == agreement.file {
        let parties = agreement.front.get("parties").map(|e| &e.value);
        for item in seq(parties) {
            if let Some(id) = item.get("id").map(|e| &e.value).filter(|n| at(n.span)) {
                let party = agreement.parties.iter().position(|p| Some(&p.id) == id.as_text().as_ref());
                return party.map(|p| (Symbol::Party(p), mention(id.span, Some(&agreement.parties[p].id))));
            }
            if let Some(e) = item.entries().iter().find(|e| at(e.key_span)) {
                return Some((field(true, Some("parties"), &e.key), mention(e.key_span, Some(&e.key))));
            }
        }
        let required = agreement.front.get("signoff").and_then(|e| e.value.get("required")).map(|e| &e.value);
        if let Some(item) = seq(required).iter().find(|n| at(n.span)) {
            let id = item.as_text()?;
            let p = agreement.parties.iter().position(|p| p.id == id)?;
            return Some((Symbol::Party(p), mention(item.span, Some(&id))));
        }
        if let Some(e) = agreement.front.entries().iter().find(|e| at(e.key_span)) {
            return Some((field(true, None, &e.key), mention(e.key_span, Some(&e.key))));
        }
        if let Some(found) = link_at(&agreement.preamble, &lookup, &at, &mention) {
            return Some(found);
        }
        return term_at(agreement, &agreement.preamble, rel, text, pos);
    }
    let clause = lookup.by_file(rel)?;
    if let Some(found) = link_at(&clause.body, &lookup, &at, &mention) {
        return Some(found);
    }
    let front = &clause.front;
    if let Some(id) = front.get("id").map(|e| &e.value).filter(|n| at(n.span)) {
        return Some((Symbol::Clause(index_of(clause)), mention(id.span, Some(&clause.id))));
    }
    if let Some(item) = seq(front.get("refs").map(|e| &e.value)).iter().find(|n| at(n.span)) {
        let id = item.as_text()?;
        let target = lookup.by_id.get(id.as_str())?;
        return Some((Symbol::Clause(index_of(target)), mention(item.span, Some(&id))));
    }
    for (span, written, named) in party_mentions(clause) {
        if at(span) {
            return named.map(|p| (Symbol::Party(p), mention(span, Some(written))));
        }
    }
    for e in front.entries() {
        if at(e.key_span) {
            return Some((field(false, None, &e.key), mention(e.key_span, Some(&e.key))));
        }
        if matches!(e.key.as_str(), "duties" | "budget") {
            for item in seq(Some(&e.value)) {
                if let Some(k) = item.entries().iter().find(|k| at(k.key_span)) {
                    return Some((field(false, Some(&e.key), &k.key), mention(k.key_span, Some(&k.key))));
                }
            }
        }
    }
    term_at(agreement, &clause.body, rel, text, pos)
}

fn field(agreement: bool, list: Option<&str>, name: &str) -> Symbol {
    Symbol::Field { agreement, list: list.map(str::to_string), name: name.to_string() }
}

/// The items of a sequence node, or nothing.
fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// The clause reference of `body` at the caret, if any.
fn link_at(
    body: &Body,
    lookup: &crate::base::model::Lookup,
    at: &dyn Fn(Span) -> bool,
    mention: &dyn Fn(Span, Option<&str>) -> Mention,
) -> Option<(Symbol, Mention)> {
    let link = body.links.iter().find(|l| at(Span::new(l.line, l.col, l.len)))?;
    let target = lookup.target(&link.target)?;
    let word = match &link.target {
        LinkTarget::Id(id) => Some(id.as_str()),
        LinkTarget::File(_) => None,
    };
    Some((Symbol::Clause(target.number - 1), mention(Span::new(link.line, link.col, link.len), word)))
}

/// The defined term at the caret in a body's text, if any.
fn term_at(agreement: &Agreement, body: &Body, rel: &Path, text: &Text, pos: Position) -> Option<(Symbol, Mention)> {
    if (pos.line + 1) < body.first_line {
        return None;
    }
    let glossary = Glossary::of(agreement);
    let line = text.line(pos.line as usize);
    let caret = text.offset(pos) - text.offset(Position::new(pos.line, 0));
    let (t, found) = glossary.find_iter(line).find(|(_, m)| m.start <= caret && caret <= m.end)?;
    let definition = glossary.terms[t].clone();
    let col = line[..found.start].chars().count() as u32 + 1;
    let span = Span::new(pos.line + 1, col, line[found].chars().count() as u32);
    let word = definition.term.clone();
    Some((Symbol::Term(definition), Mention { file: rel.to_path_buf(), span, word: Some(word) }))
}

/// Where a clause names parties: `owner`, `parties`, each duty's `owner`, each budget share's
/// `party`, with what is written and the party it resolved to.
fn party_mentions(clause: &Clause) -> Vec<(Span, &str, Option<usize>)> {
    use crate::base::yaml::PathStep::{Index, Key};
    let mut out = Vec::new();
    if let Some(owner) = &clause.owner {
        out.push((clause.locate(&[Key("owner")]), owner.as_str(), clause.named.owner));
    }
    for (i, p) in clause.parties.iter().enumerate() {
        out.push((clause.locate(&[Key("parties"), Index(i)]), p.as_str(), clause.named.parties[i]));
    }
    for (i, duty) in clause.duties.iter().enumerate() {
        if let Some(owner) = &duty.owner {
            out.push((
                clause.locate(&[Key("duties"), Index(i), Key("owner")]),
                owner.as_str(),
                clause.named.duty_owners[i],
            ));
        }
    }
    for (i, share) in clause.budget.iter().enumerate() {
        out.push((
            clause.locate(&[Key("budget"), Index(i), Key("party")]),
            share.party.as_str(),
            clause.named.budget[i],
        ));
    }
    out
}

/// Where `symbol` is declared: a clause's `id:` (else the start of its file), a party's `id:` in
/// `_index.md`, a term's definition.
pub fn declaration(agreement: &Agreement, symbol: &Symbol) -> Option<Mention> {
    match symbol {
        Symbol::Clause(i) => {
            let c = agreement.clauses.get(*i)?;
            let span = c.front.get("id").map_or(Span::new(1, 1, 0), |e| e.value.span);
            Some(Mention { file: c.file.clone(), span, word: c.front.get("id").map(|_| c.id.clone()) })
        }
        Symbol::Party(i) => {
            let party = agreement.parties.get(*i)?;
            let items = seq(agreement.front.get("parties").map(|e| &e.value));
            let item =
                items.iter().find(|n| n.get("id").and_then(|e| e.value.as_text()).as_ref() == Some(&party.id))?;
            let span = item.get("id").map_or(item.span, |e| e.value.span);
            Some(Mention { file: agreement.file.clone(), span, word: Some(party.id.clone()) })
        }
        Symbol::Term(d) => Some(Mention { file: d.file.clone(), span: d.span, word: Some(d.term.clone()) }),
        Symbol::Field { .. } => None,
    }
}

/// Every place that refers to `symbol` (its declaration not included): for a clause, the `[[id]]`
/// references, links to its file and `refs:` entries; for a party, every field of a clause that
/// names it (by id or by name) and `signoff.required`.
pub fn references(agreement: &Agreement, symbol: &Symbol) -> Vec<Mention> {
    let mut out = Vec::new();
    let lookup = agreement.lookup();
    match symbol {
        Symbol::Clause(i) => {
            let Some(target) = agreement.clauses.get(*i) else { return out };
            let bodies = std::iter::once((&agreement.preamble, &agreement.file))
                .chain(agreement.chapters.iter().filter_map(|ch| ch.file.as_ref().map(|f| (&ch.intro, f))))
                .chain(agreement.clauses.iter().map(|c| (&*c.body, &c.file)));
            for (body, file) in bodies {
                for link in &body.links {
                    if lookup.target(&link.target).is_some_and(|t| std::ptr::eq(t, target)) {
                        let word = match &link.target {
                            LinkTarget::Id(id) => Some(id.clone()),
                            LinkTarget::File(_) => None,
                        };
                        out.push(Mention { file: file.clone(), span: Span::new(link.line, link.col, link.len), word });
                    }
                }
            }
            for c in &agreement.clauses {
                for (j, r) in c.refs.iter().enumerate().filter(|(_, r)| **r == target.id) {
                    let span =
                        c.locate(&[crate::base::yaml::PathStep::Key("refs"), crate::base::yaml::PathStep::Index(j)]);
                    out.push(Mention { file: c.file.clone(), span, word: Some(r.clone()) });
                }
            }
        }
        Symbol::Party(i) => {
            let Some(party) = agreement.parties.get(*i) else { return out };
            for c in &agreement.clauses {
                for (span, written, named) in party_mentions(c) {
                    if named == Some(*i) {
                        out.push(Mention { file: c.file.clone(), span, word: Some(written.to_string()) });
                    }
                }
            }
            for (id, span) in agreement.signoff.required.iter().filter(|(id, _)| *id == party.id) {
                out.push(Mention { file: agreement.file.clone(), span: *span, word: Some(id.clone()) });
            }
        }
        Symbol::Term(d) => {
            let glossary = Glossary::of(agreement);
            let Some(at) = glossary.position(&d.term) else { return out };
            for (_, file, span) in
                crate::base::terms::uses(agreement, &glossary).into_iter().nth(at).unwrap_or_default()
            {
                out.push(Mention { file, span, word: Some(d.term.clone()) });
            }
        }
        Symbol::Field { .. } => {}
    }
    out
}
