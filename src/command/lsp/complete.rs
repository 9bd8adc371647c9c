//! Completion, read from the text around the caret (which is mid-edit, so rarely valid YAML):
//! clause ids inside `[[` and in `refs:`, party ids where a party is named, `status` values,
//! front matter field names with their types, and defined terms in the body.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList, CompletionTextEdit, Documentation,
    MarkupContent, MarkupKind, Position, Range, TextEdit,
};

use super::text::Text;
use crate::base::catalog::{Locale, Lsp};
use crate::base::model::Agreement;

/// Where the caret stands in front matter: the key whose value it is in (`owner: ma|`), or the
/// list its line is an item of (`  - ma|` under `parties:`), or a key being written.
#[derive(Debug, PartialEq)]
enum Place {
    /// The value of `key`, in the items of `list` (`None`: at the top, or in the mapping `list`).
    Value { list: Option<String>, key: String },
    /// An item of the list `list` written as a scalar (`- marketing`).
    Item { list: String },
    /// A key, at the top (`None`) or in an item of `list`.
    Key { list: Option<String> },
}

/// Most clause ids offered at once: an agreement of 10,000 clauses would send megabytes per
/// keystroke. The list is marked incomplete, so the editor asks again as more is typed.
pub const MOST_CLAUSES: usize = 200;

/// The completions at `pos` of a document (`agreement_file`: whether it is `content/_index.md`),
/// explained in the words of `l`.
pub fn complete(l: Locale, agreement: &Agreement, agreement_file: bool, text: &Text, pos: Position) -> CompletionList {
    let items = items(l, agreement, agreement_file, text, pos);
    CompletionList { is_incomplete: items.len() > MOST_CLAUSES, items: items.into_iter().take(MOST_CLAUSES).collect() }
}

fn items(l: Locale, agreement: &Agreement, agreement_file: bool, text: &Text, pos: Position) -> Vec<CompletionItem> {
    let line = text.line(pos.line as usize);
    let caret = (text.offset(pos) - text.offset(Position::new(pos.line, 0))).min(line.len());
    let before = &line[..caret];
    let replace = |typed: &str| {
        let start = text.offset(pos) - typed.len();
        Range::new(text.position(start), pos)
    };
    if !in_front(text, pos) {
        if let Some((typed, range, close)) = inside_brackets(text, pos) {
            return clauses(agreement, &typed, range, close);
        }
        return terms(agreement, before, &replace);
    }
    let place = place(text, pos.line as usize, before);
    let typed = |b: &str| -> usize {
        let cut = b.rfind([':', '[', ',', '-', ' ', '"', '\'']).map_or(0, |i| i + 1);
        b.len() - cut
    };
    let value = &before[before.len() - typed(before)..];
    let range = replace(value);
    match place {
        Some(Place::Value { list, key }) => match (agreement_file, list.as_deref(), key.as_str()) {
            (false, None | Some("duties"), "owner") | (false, None, "parties") | (false, Some("budget"), "party") => {
                parties(agreement, range)
            }
            (true, Some("signoff"), "required") => parties(agreement, range),
            (false, None, "refs") => clauses(agreement, value, range, ""),
            (false, None, "status") => statuses(l, range),
            (false, None, "use") => editions(agreement, range),
            _ => Vec::new(),
        },
        Some(Place::Item { list }) => match (agreement_file, list.as_str()) {
            (false, "parties") | (true, "required") => parties(agreement, range),
            (false, "refs") => clauses(agreement, value, range, ""),
            (false, "duties" | "budget") | (true, "parties") => {
                fields(l, agreement, agreement_file, Some(&list), text, range)
            }
            _ => Vec::new(),
        },
        Some(Place::Key { list }) => fields(l, agreement, agreement_file, list.as_deref(), text, range),
        None => Vec::new(),
    }
}

/// Whether `pos` is in the document's front matter.
fn in_front(text: &Text, pos: Position) -> bool {
    front_matter_end(text).is_some_and(|end| pos.line > 0 && (pos.line as usize) < end)
}

/// When the caret is in a body inside `[[` not yet closed before it: what is typed since the
/// `[[`, its range, and the `]]` to add (none when the text after the caret closes already).
pub fn inside_brackets(text: &Text, pos: Position) -> Option<(String, Range, &'static str)> {
    if in_front(text, pos) {
        return None;
    }
    let line = text.line(pos.line as usize);
    let caret = (text.offset(pos) - text.offset(Position::new(pos.line, 0))).min(line.len());
    let before = &line[..caret];
    let open = before.rfind("[[").filter(|&o| !before[o..].contains("]]"))?;
    let typed = &before[open + 2..];
    let close = if line[caret..].starts_with("]]") { "" } else { "]]" };
    let start = text.offset(pos) - typed.len();
    Some((typed.to_string(), Range::new(text.position(start), pos), close))
}

/// The 0-based line of the `---` that closes the front matter, when the document has one.
pub fn front_matter_end(text: &Text) -> Option<usize> {
    if text.line(0).trim_end() != "---" {
        return None;
    }
    let lines = text.as_str().lines().count();
    Some((1..lines).find(|&i| matches!(text.line(i).trim_end(), "---" | "...")).unwrap_or(lines))
}

/// The column of a line's content, and whether it starts a list item (`- `), with the dash's
/// column.
fn shape(line: &str) -> (usize, Option<usize>) {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    match rest.strip_prefix('-').filter(|r| r.is_empty() || r.starts_with(' ')) {
        Some(r) => (indent + 1 + (r.len() - r.trim_start().len()), Some(indent)),
        None => (indent, None),
    }
}

/// The key a line starts with (`owner` of `  owner: x`, `text` of `- text: y`).
fn key_of(line: &str) -> Option<(&str, &str)> {
    let (col, _) = shape(line);
    let (key, value) = line[col..].split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains([' ', '[', '{', '"', '\''])).then_some((key, value.trim()))
}

/// Where the caret is in front matter, from the line it is on (`before`: up to the caret) and the
/// lines above it.
fn place(text: &Text, line: usize, before: &str) -> Option<Place> {
    let (col, dash) = shape(before);
    // The parent: the nearest line above with less indentation that opens a mapping or list.
    let parent = |want: usize, or_equal_key: bool| -> (Option<String>, bool) {
        let mut want = want;
        let mut in_item = false;
        for i in (1..line).rev() {
            let above = text.line(i);
            if above.trim().is_empty() || above.trim_start().starts_with('#') {
                continue;
            }
            let (c, d) = shape(above);
            if let Some(d) = d.filter(|&d| d < want) {
                in_item = true;
                want = d;
                continue;
            }
            let opens = key_of(above).filter(|(_, v)| v.is_empty() || v.starts_with('#'));
            if c < want || (or_equal_key && c == want && d.is_none() && opens.is_some()) {
                return (opens.map(|(k, _)| k.to_string()), in_item);
            }
        }
        (None, in_item)
    };
    if let Some((key, _)) = key_of(before) {
        // `key: valu|`: the value of `key`.
        let (list, _) = parent(dash.unwrap_or(col), dash.is_some());
        return Some(Place::Value { list, key: key.to_string() });
    }
    let written = &before[col..];
    if written.contains([' ', '"', '\'', '[']) {
        return None;
    }
    match dash {
        Some(d) => {
            let (list, _) = parent(d, true);
            let list = list?;
            Some(Place::Item { list })
        }
        None => {
            if col == 0 {
                return Some(Place::Key { list: None });
            }
            let (list, in_item) = parent(col, false);
            match (list, in_item) {
                (Some(list), true) => Some(Place::Key { list: Some(list) }),
                _ => None,
            }
        }
    }
}

fn edit(range: Range, new_text: String) -> Option<CompletionTextEdit> {
    Some(CompletionTextEdit::Edit(TextEdit { range, new_text }))
}

/// Clause ids whose id or title holds what is typed, in reading order (one more than
/// [`MOST_CLAUSES`] at most, to tell that there are more).
fn clauses(agreement: &Agreement, typed: &str, range: Range, close: &str) -> Vec<CompletionItem> {
    let lang = crate::base::lang::Lang::new(&agreement.language);
    let typed = typed.to_lowercase();
    agreement
        .clauses
        .iter()
        .filter(|c| typed.is_empty() || c.id.to_lowercase().contains(&typed) || c.title.to_lowercase().contains(&typed))
        .take(MOST_CLAUSES + 1)
        .map(|c| CompletionItem {
            label: c.id.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(format!("{} {}", lang.clause_label(c.number), c.title)),
            label_details: Some(CompletionItemLabelDetails {
                detail: None,
                description: Some(format!("{} {}", lang.clause_label(c.number), c.title)),
            }),
            filter_text: Some(format!("{} {}", c.id, c.title)),
            sort_text: Some(format!("{:08}", c.number)),
            text_edit: edit(range, format!("{}{close}", c.id)),
            ..Default::default()
        })
        .collect()
}

fn parties(agreement: &Agreement, range: Range) -> Vec<CompletionItem> {
    agreement
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| CompletionItem {
            label: p.id.clone(),
            kind: Some(CompletionItemKind::CONSTANT),
            detail: Some(p.name.clone()),
            label_details: Some(CompletionItemLabelDetails { detail: None, description: Some(p.name.clone()) }),
            filter_text: Some(format!("{} {}", p.id, p.name)),
            sort_text: Some(format!("{i:04}")),
            text_edit: edit(range, p.id.clone()),
            ..Default::default()
        })
        .collect()
}

/// The editions of the agreement's library for `use:`, each clause's newest first (`id@N`, its
/// title and what it changed).
fn editions(agreement: &Agreement, range: Range) -> Vec<CompletionItem> {
    let Some(library) = &agreement.library else { return Vec::new() };
    let mut out = Vec::new();
    for (i, (id, editions)) in library.clauses.iter().enumerate() {
        for (j, e) in editions.iter().rev().enumerate() {
            let label = format!("{id}@{}", e.number);
            let kind = e.kind.map(|k| format!(" ({})", k.word())).unwrap_or_default();
            out.push(CompletionItem {
                label: label.clone(),
                kind: Some(CompletionItemKind::CONSTANT),
                detail: Some(format!("{}{kind}", e.title)),
                sort_text: Some(format!("{i:04}{j:04}")),
                text_edit: edit(range, label),
                ..Default::default()
            });
        }
    }
    out
}

fn statuses(l: Locale, range: Range) -> Vec<CompletionItem> {
    [("active", Lsp::StatusActive), ("draft", Lsp::StatusDraft), ("retired", Lsp::StatusRetired)]
        .into_iter()
        .map(|(word, doc)| CompletionItem {
            label: word.into(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(l.msg(doc)),
            text_edit: edit(range, word.into()),
            ..Default::default()
        })
        .collect()
}

/// Field names for a key at the top of the front matter or in an item of `list`, the project's
/// own fields included; fields the mapping already has at the top are left out.
fn fields(
    l: Locale,
    agreement: &Agreement,
    agreement_file: bool,
    list: Option<&str>,
    text: &Text,
    range: Range,
) -> Vec<CompletionItem> {
    let written: Vec<&str> = match list {
        None => (1..front_matter_end(text).unwrap_or(0))
            .map(|i| text.line(i))
            .filter(|l| !l.starts_with([' ', '-', '#']))
            .filter_map(|l| key_of(l).map(|(k, _)| k))
            .collect(),
        Some(_) => Vec::new(),
    };
    super::fields::known(agreement, agreement_file, list)
        .iter()
        .map(|f| (f.name(), f.kind(l), f.doc(l)))
        .filter(|(name, _, _)| !written.contains(name))
        .enumerate()
        .map(|(i, (name, kind, doc))| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(kind),
            documentation: Some(Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: doc })),
            sort_text: Some(format!("{i:04}")),
            text_edit: edit(range, format!("{name}: ")),
            ..Default::default()
        })
        .collect()
}

/// Defined terms that the text before the caret has begun to write.
fn terms(agreement: &Agreement, before: &str, replace: &dyn Fn(&str) -> Range) -> Vec<CompletionItem> {
    let glossary = crate::base::terms::Glossary::of(agreement);
    let mut out = Vec::new();
    for t in &glossary.terms {
        // The longest end of the text before the caret that begins the term.
        let typed = before
            .char_indices()
            .map(|(i, _)| &before[i..])
            .find(|tail| !tail.is_empty() && t.term.starts_with(tail) && *tail != t.term);
        if let Some(typed) = typed {
            out.push(CompletionItem {
                label: t.term.clone(),
                kind: Some(CompletionItemKind::TEXT),
                detail: Some(t.sentence.chars().take(80).collect()),
                text_edit: edit(replace(typed), t.term.clone()),
                ..Default::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_at(doc: &str) -> Option<Place> {
        let caret = doc.find('|').unwrap();
        let text = doc.replace('|', "");
        let t = Text::new(&text);
        let pos = t.position(caret);
        let line = t.line(pos.line as usize);
        place(&t, pos.line as usize, &line[..(caret - t.offset(Position::new(pos.line, 0)))])
    }

    fn value(list: Option<&str>, key: &str) -> Option<Place> {
        Some(Place::Value { list: list.map(str::to_string), key: key.into() })
    }

    #[test]
    fn the_place_of_the_caret_in_front_matter() {
        assert_eq!(place_at("---\nowner: ma|\n---\n"), value(None, "owner"));
        assert_eq!(place_at("---\nparties: [marketing, b|]\n---\n"), value(None, "parties"));
        assert_eq!(place_at("---\nparties:\n  - b|\n---\n"), Some(Place::Item { list: "parties".into() }));
        assert_eq!(place_at("---\nrefs:\n- b|\n---\n"), Some(Place::Item { list: "refs".into() }));
        assert_eq!(place_at("---\nduties:\n  - text: x\n    owner: b|\n"), value(Some("duties"), "owner"));
        assert_eq!(place_at("---\nduties:\n  - owner: b|\n"), value(Some("duties"), "owner"));
        assert_eq!(place_at("---\nbudget:\n  - share: 50\n    party: |\n"), value(Some("budget"), "party"));
        assert_eq!(place_at("---\ntitle: x\nrev|\n---\n"), Some(Place::Key { list: None }));
        assert_eq!(place_at("---\nduties:\n  - text: x\n    du|\n"), Some(Place::Key { list: Some("duties".into()) }));
        assert_eq!(place_at("---\nsignoff:\n  required: [m|]\n"), value(Some("signoff"), "required"));
        assert_eq!(place_at("---\ntitle: 预算 审|\n"), value(None, "title"));
    }
}
