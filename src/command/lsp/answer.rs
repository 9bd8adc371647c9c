//! The answers to the editor's questions about a place in a document, from the last check of the
//! project: definition, references, hover, rename, code actions and document symbols.

// `WorkspaceEdit::changes` is keyed by `lsp_types::Uri`, which clippy takes for mutable (it
// caches its parse); the keys are never changed.
#![allow(clippy::mutable_key_type)]

use std::collections::HashMap;
use std::path::Path;

use lsp_server::ErrorCode;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentSymbol, Hover, HoverContents, Location, MarkupContent,
    MarkupKind, Position, PrepareRenameResponse, Range, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use super::navigate::{self, Mention, Symbol};
use super::text::Text;
use super::world::World;
use crate::base::catalog::Lsp;
use crate::base::model::Agreement;

/// A refused request: the protocol's error code and a message for the person.
pub type Refusal = (ErrorCode, String);

/// The agreement and the document's text for a request at a place in `rel`.
fn context<'w>(world: &'w World, rel: &Path) -> Option<(&'w Agreement, std::sync::Arc<str>)> {
    let agreement = world.checked.as_ref()?.agreement.as_ref()?;
    Some((agreement, world.text(rel)?))
}

/// The symbol at `pos` of `rel`.
fn symbol(world: &World, rel: &Path, pos: Position) -> Option<(Symbol, Mention)> {
    let (agreement, text) = context(world, rel)?;
    navigate::symbol_at(agreement, rel, &Text::new(&text), pos)
}

/// Where a mention stands, as the protocol locates it.
fn location(world: &World, m: &Mention) -> Option<Location> {
    let text = world.text(&m.file)?;
    Some(Location::new(world.uri(&m.file)?, Text::new(&text).range(m.span)))
}

/// `textDocument/definition`.
pub fn definition(world: &World, rel: &Path, pos: Position) -> Option<Location> {
    let (symbol, _) = symbol(world, rel, pos)?;
    let agreement = context(world, rel)?.0;
    location(world, &navigate::declaration(agreement, &symbol)?)
}

/// `textDocument/references`.
pub fn references(world: &World, rel: &Path, pos: Position, declaration: bool) -> Vec<Location> {
    let Some((symbol, _)) = symbol(world, rel, pos) else { return Vec::new() };
    let Some((agreement, _)) = context(world, rel) else { return Vec::new() };
    let own = declaration.then(|| navigate::declaration(agreement, &symbol)).flatten();
    own.into_iter().chain(navigate::references(agreement, &symbol)).filter_map(|m| location(world, &m)).collect()
}

/// `textDocument/hover`.
pub fn hover(world: &World, rel: &Path, pos: Position) -> Option<Hover> {
    let (symbol, mention) = symbol(world, rel, pos)?;
    let (agreement, text) = context(world, rel)?;
    let l = world.locale();
    let lang = crate::base::lang::Lang::new(&agreement.language);
    let value = match &symbol {
        Symbol::Clause(i) => {
            let c = &agreement.clauses[*i];
            let plain = c.plain_text();
            let lines: Vec<&str> = plain.lines().map(str::trim).filter(|s| !s.is_empty()).take(3).collect();
            let shown: String = lines.join("\n\n").chars().take(300).collect();
            format!(
                "**{} {}**\n\n{}\n\n`{}`",
                lang.clause_label(c.number),
                c.title,
                shown,
                crate::base::diagnostic::slash_path(&c.file)
            )
        }
        Symbol::Party(i) => {
            let p = &agreement.parties[*i];
            let duties =
                agreement.clauses.iter().flat_map(|c| c.named.duty_owners.iter()).filter(|o| **o == Some(*i)).count();
            let mut out = format!("**{}** `{}`", p.name, p.id);
            if let Some(liaison) = &p.liaison {
                out.push_str(&l.msg(Lsp::Liaison { liaison: &liaison }));
            }
            if let Some(role) = &p.role {
                out.push_str(&l.msg(Lsp::Role { role: &role }));
            }
            out.push_str(&l.msg(Lsp::DutyCount { duties: &duties }));
            out
        }
        Symbol::Field { agreement: in_index, list, name } => {
            super::fields::known(agreement, *in_index, list.as_deref()).iter().find(|f| f.name() == name)?.hover(l)
        }
        Symbol::Term(d) => {
            format!("**{}**\n\n{}\n\n`{}`", d.term, d.sentence, crate::base::diagnostic::slash_path(&d.file))
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: Some(Text::new(&text).range(mention.span)),
    })
}

/// What rename works on at `pos`: a clause id or a party id, where it is written there.
fn renamed(world: &World, rel: &Path, pos: Position) -> Result<(Symbol, String, Range), Refusal> {
    let l = world.locale();
    let refuse = |m: Lsp| (ErrorCode::RequestFailed, l.msg(m));
    let Some((symbol, mention)) = symbol(world, rel, pos) else {
        return Err(refuse(Lsp::NothingToRename));
    };
    let (agreement, text) = context(world, rel).ok_or_else(|| refuse(Lsp::NotCheckedYet))?;
    let old = match &symbol {
        Symbol::Clause(i) => agreement.clauses[*i].id.clone(),
        Symbol::Party(i) => agreement.parties[*i].id.clone(),
        _ => return Err(refuse(Lsp::OnlyIdsRenamed)),
    };
    let range = mention
        .word
        .as_deref()
        .filter(|w| *w == old)
        .and_then(|w| Text::new(&text).word_range(mention.span, w))
        .ok_or_else(|| refuse(Lsp::NotTheId))?;
    Ok((symbol, old, range))
}

/// `textDocument/prepareRename`.
pub fn prepare_rename(world: &World, rel: &Path, pos: Position) -> Result<PrepareRenameResponse, Refusal> {
    let (_, old, range) = renamed(world, rel, pos)?;
    Ok(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder: old })
}

/// `textDocument/rename`: the id where it is declared, and everywhere it is written as the id.
pub fn rename(world: &World, rel: &Path, pos: Position, new: &str) -> Result<WorkspaceEdit, Refusal> {
    let (symbol, old, _) = renamed(world, rel, pos)?;
    let agreement = context(world, rel).map(|c| c.0).ok_or((ErrorCode::InternalError, String::new()))?;
    let l = world.locale();
    let bad = |m: Lsp| Err((ErrorCode::InvalidParams, l.msg(m)));
    // The same rules as loading applies: an id names a page file of the site.
    if !crate::load::valid_id(new) {
        return bad(Lsp::NotAnId { new: &new });
    }
    if let Some(problem) = crate::load::names::file_name_problem(new, l) {
        return Err((ErrorCode::InvalidParams, problem));
    }
    let taken = match symbol {
        Symbol::Clause(_) => agreement.clauses.iter().any(|c| c.id == new),
        _ => agreement.parties.iter().any(|p| p.id == new || p.name == new),
    };
    if taken && new != old {
        return bad(Lsp::Taken { new: &new });
    }
    // Nor may it equal another id but for case or Unicode normalization, as loading refuses:
    // the two pages would be one file on macOS and Windows.
    let folded = crate::load::names::folded(new);
    let others: Vec<&str> = match symbol {
        Symbol::Clause(i) => {
            agreement.clauses.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| &*c.id).collect()
        }
        Symbol::Party(i) => {
            agreement.parties.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| &*p.id).collect()
        }
        _ => Vec::new(),
    };
    if let Some(other) = others.into_iter().find(|o| crate::load::names::folded(o) == folded) {
        return Err((ErrorCode::InvalidParams, crate::load::names::collision_message(new, other, l)));
    }
    let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    let add = |edits: &mut HashMap<Uri, Vec<TextEdit>>, m: &Mention| {
        let (Some(text), Some(uri)) = (world.text(&m.file), world.uri(&m.file)) else { return };
        if let Some(range) = Text::new(&text).word_range(m.span, &old) {
            let list = edits.entry(uri).or_default();
            if !list.iter().any(|e| e.range == range) {
                list.push(TextEdit::new(range, new.to_string()));
            }
        }
    };
    let declared = navigate::declaration(agreement, &symbol);
    match (&symbol, &declared) {
        (Symbol::Clause(i), Some(m)) if m.word.is_none() => {
            // The id comes from the file name: write it into the front matter.
            let c = &agreement.clauses[*i];
            if let (Some(uri), Some(text)) = (world.uri(&c.file), world.text(&c.file)) {
                let text = Text::new(&text);
                let at = if text.line(0).trim_end() == "---" { 1 } else { 0 };
                let insert = if at == 1 { format!("id: {new}\n") } else { format!("---\nid: {new}\n---\n") };
                let start = Position::new(at, 0);
                edits.entry(uri).or_default().push(TextEdit::new(Range::new(start, start), insert));
            }
        }
        (_, Some(m)) => add(&mut edits, m),
        _ => {}
    }
    for m in navigate::references(agreement, &symbol).iter().filter(|m| m.word.as_deref() == Some(old.as_str())) {
        add(&mut edits, m);
    }
    Ok(WorkspaceEdit { changes: Some(edits), ..Default::default() })
}

/// `textDocument/codeAction`: the "did you mean" of each finding in `range` as a quick fix.
pub fn code_actions(world: &World, rel: &Path, range: Range) -> Vec<CodeActionOrCommand> {
    let (Some(text), Some(uri)) = (world.text(rel), world.uri(rel)) else { return Vec::new() };
    let text = Text::new(&text);
    let l = world.locale();
    let found = world.findings(rel);
    let converted = world.convert(rel, found);
    found
        .iter()
        .zip(converted)
        .filter(|(_, lsp)| lsp.range.start <= range.end && range.start <= lsp.range.end)
        .filter_map(|(d, lsp)| {
            let fix = d.fix.as_ref()?;
            let at = text.word_range(d.span, &fix.from)?;
            let title = l.msg(Lsp::Replace { from: &fix.from, to: &fix.to });
            let changes = HashMap::from([(uri.clone(), vec![TextEdit::new(at, fix.to.clone())])]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }),
                is_preferred: Some(true),
                ..Default::default()
            }))
        })
        .collect()
}

/// `textDocument/documentSymbol`: a clause with its duties; in `_index.md`, the agreement with
/// its parties.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out: the protocol's field.
pub fn symbols(world: &World, rel: &Path) -> Vec<DocumentSymbol> {
    let Some((agreement, text)) = context(world, rel) else { return Vec::new() };
    let text = Text::new(&text);
    let whole = Range::new(Position::new(0, 0), text.position(text.as_str().len()));
    let symbol =
        |name: String, detail: Option<String>, kind: SymbolKind, range: Range, pick: Range, children| DocumentSymbol {
            name: if name.trim().is_empty() { "—".into() } else { name },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range,
            selection_range: pick,
            children,
        };
    let line_of = |span: crate::base::diagnostic::Span| {
        let r = text.range(span);
        Range::new(Position::new(r.start.line, 0), text.position(text.offset_of(span.line, u32::MAX)))
    };
    if rel == agreement.file {
        let items = match agreement.front.get("parties").map(|e| &e.value.value) {
            Some(crate::base::yaml::Value::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        let parties = agreement
            .parties
            .iter()
            .zip(items)
            .map(|(p, node)| {
                let r = line_of(node.span);
                symbol(p.name.clone(), Some(p.id.clone()), SymbolKind::OBJECT, r, r, None)
            })
            .collect();
        return vec![symbol(
            agreement.title.clone(),
            None,
            SymbolKind::NAMESPACE,
            whole,
            Range::default(),
            Some(parties),
        )];
    }
    let lookup = agreement.lookup();
    let Some(c) = lookup.by_file(rel) else { return Vec::new() };
    let lang = crate::base::lang::Lang::new(&agreement.language);
    let duties = c
        .duties
        .iter()
        .enumerate()
        .map(|(j, d)| {
            use crate::base::yaml::PathStep::{Index, Key};
            let r = line_of(c.locate(&[Key("duties"), Index(j)]));
            let owner = agreement.duty_owner(c, j).map(|p| p.name.clone()).or_else(|| d.owner.clone());
            let name: String = d.text.chars().take(60).collect();
            symbol(name, owner, SymbolKind::EVENT, r, r, None)
        })
        .collect();
    let pick = c.front.get("title").map_or(Range::default(), |e| text.range(e.value.span));
    let name = format!("{} {}", lang.clause_label(c.number), c.title);
    vec![symbol(name, Some(c.id.clone()), SymbolKind::MODULE, whole, pick, Some(duties))]
}
