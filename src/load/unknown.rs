//! Fields that nobody declared. A front matter key that is neither one of clausebook's own fields
//! (`crate::base::schema`) nor one the project declares under `fields:` in `content/_index.md` is a
//! warning at the key, with "did you mean" when it is close to a known field: a misspelled
//! `reviewed_by:` must not silently lose the review date.

use crate::base::catalog::{Load, Locale, Whose};
use crate::base::diagnostic::{Diagnostic, closest};
use crate::base::model::{Agreement, FieldDecl};
use crate::base::schema;
use crate::base::yaml::{Node, Value};
use crate::load::fields::Reader;

/// The lists whose items have fields of their own, as `fields:` names them (`duties.note`).
const LISTS: [&str; 2] = ["duties", "budget"];

/// Reads `fields:` of `_index.md`: the project's own clause fields, each with a description.
pub(super) fn declared(reader: &mut Reader, node: Option<&Node>) -> Vec<FieldDecl> {
    let Some(node) = node.filter(|n| reader.mapping("fields", n)) else { return Vec::new() };
    let l = reader.locale;
    let mut out = Vec::new();
    for e in node.entries() {
        let (list, name) = match e.key.split_once('.') {
            Some((list, name)) => (Some(list), name),
            None => (None, e.key.as_str()),
        };
        let known: &[schema::Field] = match list {
            None => schema::CLAUSE,
            Some(list) if LISTS.contains(&list) => schema::item_fields(false, list),
            Some(list) => {
                let hint = closest(list, LISTS)
                    .map_or_else(|| l.msg(Load::FieldsListItemsDutiesName), |c| l.did_you_mean(&format!("{c}.{name}")));
                let message = l.msg(Load::FieldsThereNoList { list: &list });
                reader.warning("unknown-field", e.key_span, message, Some(hint));
                continue;
            }
        };
        if known.iter().any(|f| f.name == name) || name.is_empty() {
            let message = l.msg(Load::FieldsOneClausebookSOwn { key: &e.key });
            reader.warning("unknown-field", e.key_span, message, None);
            continue;
        }
        let (description, changelog) = declaration(reader, e);
        out.push(FieldDecl { name: e.key.clone(), description, changelog, span: e.key_span });
    }
    out
}

/// The settings of one declared field: `name: description`, or `name: {description: …,
/// changelog: true|false}` read strictly (an unknown setting is an error with the closest one).
/// A field is in the changelog unless it says otherwise.
fn declaration(reader: &mut Reader, e: &crate::base::yaml::Entry) -> (Option<String>, bool) {
    if !matches!(e.value.value, Value::Map(_)) {
        return (reader.text(&e.key, Some(&e.value)), true);
    }
    const KEYS: [&str; 2] = ["description", "changelog"];
    let l = reader.locale;
    for k in e.value.entries().iter().filter(|k| !KEYS.contains(&k.key.as_str())) {
        let hint = closest(&k.key, KEYS)
            .map_or_else(|| l.msg(Load::DeclaredFieldHasDescriptionChangelog), |c| l.did_you_mean(c));
        let message = l.msg(Load::NotSettingOfField { key: &k.key, field: &e.key });
        reader.error_as("front-matter", k.key_span, message, hint);
        if let Some(c) = closest(&k.key, KEYS) {
            reader.fix_last(&k.key, c);
        }
    }
    let get = |k: &str| e.value.get(k).map(|s| &s.value);
    let description = reader.text("description", get("description"));
    let changelog = reader.boolean("changelog", get("changelog")).unwrap_or(true);
    (description, changelog)
}

/// Warnings for every undeclared field of the agreement: in `_index.md` (and its parties), in the
/// chapters' `_index.md` (`chapters`: their front matter by file), in each clause and in the items
/// of its `duties` and `budget`.
pub(super) fn check(agreement: &Agreement, chapters: &[(&std::path::Path, &Node)], locale: Locale) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let declared = |list: Option<&str>| -> Vec<&str> {
        agreement
            .fields
            .iter()
            .filter_map(|f| match (f.name.split_once('.'), list) {
                (None, None) => Some(f.name.as_str()),
                (Some((l, name)), Some(want)) if l == want => Some(name),
                _ => None,
            })
            .collect()
    };
    let how = locale.msg(Load::DeclareProjectSOwnFields);
    let flag = |file: &std::path::Path, node: &Node, known: &[&str], whose: Whose, out: &mut Vec<Diagnostic>| {
        for e in node.entries().iter().filter(|e| !known.contains(&e.key.as_str())) {
            let message = locale.msg(Load::NotField { key: &e.key, whose });
            let near = closest(&e.key, known.iter().copied());
            let hint = near.map_or_else(|| how.clone(), |c| locale.did_you_mean(c));
            let d = Diagnostic::warning("unknown-field", file, e.key_span, message).with_hint(hint);
            out.push(match near {
                Some(c) => d.with_fix(&e.key, c),
                None => d,
            });
        }
    };
    let index_fields: Vec<&str> = schema::names(schema::AGREEMENT).collect();
    flag(&agreement.file, &agreement.front, &index_fields, Whose::Agreement, &mut out);
    if let Some(Value::Seq(parties)) = agreement.front.get("parties").map(|e| &e.value.value) {
        for p in parties {
            let party_fields: Vec<&str> = schema::names(schema::PARTY).collect();
            flag(&agreement.file, p, &party_fields, Whose::Party, &mut out);
        }
    }
    for (file, front) in chapters {
        flag(file, front, &["title", "order"], Whose::Chapter, &mut out);
    }
    let mut clause_fields: Vec<&str> = schema::names(schema::CLAUSE).collect();
    clause_fields.extend(declared(None));
    let item_fields: Vec<(&str, Vec<&str>)> = LISTS
        .iter()
        .map(|list| {
            let mut known: Vec<&str> = schema::item_fields(false, list).iter().map(|f| f.name).collect();
            known.extend(declared(Some(list)));
            (*list, known)
        })
        .collect();
    for c in agreement.clauses.iter().filter(|c| !c.placeholder) {
        flag(&c.file, &c.front, &clause_fields, Whose::Clause, &mut out);
        for (list, known) in &item_fields {
            if let Some(Value::Seq(items)) = c.front.get(list).map(|e| &e.value.value) {
                let whose = if *list == "duties" { Whose::Duty } else { Whose::BudgetShare };
                for item in items {
                    flag(&c.file, item, known, whose, &mut out);
                }
            }
        }
    }
    out
}
