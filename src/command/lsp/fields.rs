//! The fields that may be written at a place of front matter, as the editor explains them:
//! clausebook's own from the schema ([`crate::base::schema`]), then those the project declares
//! under `fields:`. Hover and completion both read them here.

use crate::base::catalog::{Locale, Lsp};
use crate::base::model::{Agreement, FieldDecl};
use crate::base::schema::{self, Field};

/// A field known at a place of front matter.
#[derive(Debug, Clone, Copy)]
pub enum Known<'a> {
    /// One of clausebook's own.
    Schema(&'static Field),
    /// One the project declares (named with its list, `duties.note`).
    Project(&'a FieldDecl),
}

impl Known<'_> {
    /// Its name as written at its place (`note` in an item of `duties`).
    pub fn name(&self) -> &str {
        match self {
            Known::Schema(f) => f.name,
            Known::Project(f) => f.name.split_once('.').map_or(f.name.as_str(), |(_, name)| name),
        }
    }

    /// Its type, in the words of `l`.
    pub fn kind(&self, l: Locale) -> String {
        match self {
            Known::Schema(field) => l.msg(Lsp::FieldKind { field }),
            Known::Project(_) => l.msg(Lsp::ProjectField),
        }
    }

    /// What it means, in the words of `l` (a project's own field: its description, as written).
    pub fn doc(&self, l: Locale) -> String {
        match self {
            Known::Schema(field) => l.msg(Lsp::FieldDoc { field }),
            Known::Project(f) => f.description.clone().unwrap_or_default(),
        }
    }

    /// What hovering over it shows (Markdown), in the words of `l`.
    pub fn hover(&self, l: Locale) -> String {
        match self {
            Known::Schema(f) => format!("`{}`: {}\n\n{}", f.name, self.kind(l), self.doc(l)),
            Known::Project(f) => format!("`{}`: {}", f.name, self.doc(l)),
        }
    }
}

/// The fields known at the top of the front matter (`list` is `None`) or in an item of `list`, of
/// `_index.md` (`agreement_file`) or of a clause: clausebook's, then the project's.
pub fn known<'a>(agreement: &'a Agreement, agreement_file: bool, list: Option<&str>) -> Vec<Known<'a>> {
    let own: &'static [Field] = match list {
        None if agreement_file => schema::AGREEMENT,
        None => schema::CLAUSE,
        Some(list) => schema::item_fields(agreement_file, list),
    };
    let declared =
        agreement.fields.iter().filter(|_| !agreement_file).filter(|f| match (f.name.split_once('.'), list) {
            (None, None) => true,
            (Some((of, _)), Some(want)) => of == want,
            _ => false,
        });
    own.iter().map(Known::Schema).chain(declared.map(Known::Project)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::text::Text;
    use super::*;

    /// Every field of the schema, at each place it may be written, has hover text (its type and
    /// meaning) and is offered by completion there.
    #[test]
    fn every_schema_field_has_hover_text_and_is_offered_where_it_is_written() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let agreement = crate::load::load(root).unwrap().agreement.unwrap();
        // (in _index.md, the list, a document with the caret at `|` where a key is written)
        let places: [(bool, Option<&str>, &str); 5] = [
            (false, None, "---\n|\n---\n"),
            (false, Some("duties"), "---\nduties:\n  - text: x\n    |\n---\n"),
            (false, Some("budget"), "---\nbudget:\n  - party: x\n    |\n---\n"),
            (true, None, "---\n|\n---\n"),
            (true, Some("parties"), "---\nparties:\n  - id: x\n    |\n---\n"),
        ];
        for (agreement_file, list, doc) in places {
            let fields = match (agreement_file, list) {
                (true, None) => schema::AGREEMENT,
                (false, None) => schema::CLAUSE,
                (_, Some(list)) => schema::item_fields(agreement_file, list),
            };
            assert!(!fields.is_empty(), "{list:?}");
            let caret = doc.find('|').unwrap();
            let written = doc.replace('|', "");
            let text = Text::new(&written);
            let offered =
                super::super::complete::complete(Locale::Zh, &agreement, agreement_file, &text, text.position(caret));
            let labels: Vec<&str> = offered.items.iter().map(|i| i.label.as_str()).collect();
            let known = known(&agreement, agreement_file, list);
            for f in fields {
                let field = known.iter().find(|k| k.name() == f.name);
                let field = field.unwrap_or_else(|| panic!("no hover for `{}` ({list:?})", f.name));
                let (en, zh) = (field.hover(Locale::En), field.hover(Locale::Zh));
                assert!(en.contains(f.kind) && en.contains(f.doc), "{en}");
                assert!(zh.contains(f.zh_kind) && zh.contains(f.zh_doc), "{zh}");
                assert!(labels.contains(&f.name), "`{}` not offered ({list:?}): {labels:?}", f.name);
            }
        }
    }
}
