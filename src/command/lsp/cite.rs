//! Citations of another agreement's clauses (`[[it-finance:purpose]]`) in a portfolio: go to
//! definition opens the cited clause's file in the other agreement's working tree, hover shows
//! what the citation resolves to (as `clausebook check` resolves it), and completion after `[[`
//! offers the agreements' ids, after `[[id:` that agreement's clause ids.

use std::path::Path;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList, CompletionTextEdit, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, Position, TextEdit,
};

use super::navigate::{self, Symbol};
use super::portfolio::Projects;
use super::text::Text;
use crate::base::diagnostic::Span;
use crate::base::model::LinkTarget;
use crate::base::xref::Citation;

/// The citation written at `pos` of agreement `i`'s document `rel` (as written between the
/// brackets), and where the whole reference stands.
fn at(projects: &Projects, (i, rel): (usize, &Path), pos: Position) -> Option<(String, Span)> {
    if !projects.is_portfolio() {
        return None;
    }
    let world = projects.world(i)?;
    let agreement = world.checked.as_ref()?.agreement.as_ref()?;
    let body = match agreement.lookup().by_file(rel) {
        Some(clause) => &clause.body,
        None if rel == agreement.file => &agreement.preamble,
        None => return None,
    };
    let text = world.text(rel)?;
    let text = Text::new(&text);
    body.links.iter().find_map(|link| {
        let span = Span::new(link.line, link.col, link.len);
        match &link.target {
            LinkTarget::Id(written) if text.touches(span, pos) && Citation::parse(written).is_some() => {
                Some((written.clone(), span))
            }
            _ => None,
        }
    })
}

/// The agreement (its index) that the citation at `pos` names, for its world to be made before
/// [`definition`] answers.
pub fn cited_agreement(projects: &Projects, doc: (usize, &Path), pos: Position) -> Option<usize> {
    let (written, _) = at(projects, doc, pos)?;
    projects.member(Citation::parse(&written)?.agreement)
}

/// `textDocument/definition` on a citation: the cited clause's `id:` (else the start of its
/// file) in the other agreement's working tree, whatever version the citation is pinned to.
pub fn definition(projects: &Projects, doc: (usize, &Path), pos: Position) -> Option<Location> {
    let (written, _) = at(projects, doc, pos)?;
    let citation = Citation::parse(&written)?;
    let world = projects.world(projects.member(citation.agreement)?)?;
    let agreement = world.checked.as_ref()?.agreement.as_ref()?;
    let index = agreement.clauses.iter().position(|c| c.id == citation.clause)?;
    let declared = navigate::declaration(agreement, &Symbol::Clause(index))?;
    let text = world.text(&declared.file)?;
    Some(Location::new(world.uri(&declared.file)?, Text::new(&text).range(declared.span)))
}

/// `textDocument/hover` on a citation: the cited clause, named with its agreement, and the
/// version the citation resolves to today.
pub fn hover(projects: &Projects, doc: (usize, &Path), pos: Position) -> Option<Hover> {
    let (written, span) = at(projects, doc, pos)?;
    let citation = Citation::parse(&written)?;
    let today = projects.today();
    let cited = projects.cited_now()?;
    let target = cited.resolve(&citation, today).ok()?;
    let world = projects.world(doc.0)?;
    let lang = crate::base::lang::Lang::new(&world.checked.as_ref()?.agreement.as_ref()?.language);
    let mut value = format!("**{}**\n\n`{}`", lang.cited_label(&target.agreement.title, &target.clause.label), written);
    if target.version.release {
        value.push_str(&format!(" · {}", target.version.name));
    }
    let text = world.text(doc.1)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: Some(Text::new(&text).range(span)),
    })
}

/// Completion inside `[[` in a portfolio: after `[[id:` (or `[[id@version:`), the clause ids of
/// the version that citation means today, in place of the agreement's own; else the agreements'
/// ids (other than this one's), added to `own`.
pub fn complete(
    projects: &Projects,
    doc: (usize, &Path),
    text: &Text,
    pos: Position,
    own: CompletionList,
) -> CompletionList {
    let Some((typed, range, close)) =
        projects.is_portfolio().then(|| super::complete::inside_brackets(text, pos)).flatten()
    else {
        return own;
    };
    let Some(cited) = projects.cited_now() else { return own };
    let edit = |new_text: String| Some(CompletionTextEdit::Edit(TextEdit { range, new_text }));
    if let Some((left, clause)) = typed.split_once(':') {
        let (agreement, version) = left.split_once('@').map_or((left, None), |(a, v)| (a, Some(v)));
        let citation = Citation { agreement, version, clause };
        let Ok((_, found)) = cited.version(&citation, projects.today()) else { return CompletionList::default() };
        let typed = clause.to_lowercase();
        let items = found
            .clauses
            .iter()
            .filter(|c| c.id.to_lowercase().contains(&typed) || c.label.to_lowercase().contains(&typed))
            .enumerate()
            .map(|(n, c)| CompletionItem {
                label: c.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(c.label.clone()),
                label_details: Some(CompletionItemLabelDetails { detail: None, description: Some(c.label.clone()) }),
                filter_text: Some(format!("{left}:{} {}", c.id, c.label)),
                sort_text: Some(format!("{n:08}")),
                text_edit: edit(format!("{left}:{}{close}", c.id)),
                ..Default::default()
            });
        let items: Vec<CompletionItem> = items.take(super::complete::MOST_CLAUSES + 1).collect();
        let is_incomplete = items.len() > super::complete::MOST_CLAUSES;
        return CompletionList {
            is_incomplete,
            items: items.into_iter().take(super::complete::MOST_CLAUSES).collect(),
        };
    }
    let own_id = projects.member_id(doc.0);
    let mut list = own;
    let typed = typed.to_lowercase();
    for (n, a) in cited.agreements.iter().enumerate().filter(|(_, a)| Some(a.id.as_str()) != own_id.as_deref()) {
        if !(a.id.to_lowercase().contains(&typed) || a.title.to_lowercase().contains(&typed)) {
            continue;
        }
        list.items.push(CompletionItem {
            label: format!("{}:", a.id),
            kind: Some(CompletionItemKind::MODULE),
            detail: Some(a.title.clone()),
            label_details: Some(CompletionItemLabelDetails { detail: None, description: Some(a.title.clone()) }),
            filter_text: Some(format!("{} {}", a.id, a.title)),
            // After the agreement's own clauses.
            sort_text: Some(format!("~{n:08}")),
            text_edit: edit(format!("{}:", a.id)),
            ..Default::default()
        });
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Range;

    #[test]
    fn what_is_typed_inside_brackets_is_replaced() {
        let text = Text::new("---\ntitle: x\n---\n\n见 [[it-finance:pu\n");
        let (typed, range, close) = super::super::complete::inside_brackets(&text, Position::new(4, 17)).unwrap();
        let replaced = Range::new(Position::new(4, 4), Position::new(4, 17));
        assert_eq!((typed.as_str(), range, close), ("it-finance:pu", replaced, "]]"));
        assert_eq!(super::super::complete::inside_brackets(&text, Position::new(1, 3)), None);
    }
}
