//! One Markdown file of the project read: decoded, split into front matter and body, its front
//! matter parsed and its body's Markdown, and (for a clause file) its clause built.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::clause::{self, clause_id};
use super::fields::Reader;
use super::source::{self, Split, SplitError};
use super::{Parsed, Role, controls, split_prefix};
use crate::base::catalog::{Load, Locale};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::markdown;
use crate::base::model::{Body, ClauseFile};
use crate::base::tree::Tree;
use crate::base::yaml::{self, Node, Value};

/// Reads, decodes and splits one file and parses its front matter; builds the clause of a clause
/// file (`id`: the file's content id).
pub(super) fn read(tree: &dyn Tree, file: PathBuf, role: Role, id: Option<&str>, locale: Locale) -> Parsed {
    let mut diagnostics: Vec<Diagnostic> = controls::file_name(&file, locale).into_iter().collect();
    let text = decoded(tree, &file, locale, &mut diagnostics);
    let mut has_front = true;
    let mut front_ok = false;
    let mut front_id = 0;
    let (front, body) = match source::split(&text) {
        Err(SplitError::Unclosed) => {
            diagnostics.push(
                Diagnostic::error("front-matter", &file, Span::new(1, 1, 3), locale.msg(Load::FrontMatterNeverClosed))
                    .with_hint(locale.msg(Load::EndFrontMatterLine)),
            );
            (empty(), Body::default())
        }
        Ok(split) => {
            has_front = split.has_front;
            front_id = crate::base::memo::hash_of(split.front);
            if !split.has_front && matches!(role, Role::Clause(_) | Role::Agreement) {
                diagnostics.push(
                    Diagnostic::error("front-matter", &file, Span::start(), locale.msg(Load::FileHasNoFrontMatter))
                        .with_hint(locale.msg(Load::StartFileLineTitle)),
                );
            }
            let front;
            (front, front_ok) = front_matter(&file, &split, locale, &mut diagnostics);
            let ids = match role {
                Role::Clause(_) => controls::Ids::Clause,
                Role::Agreement => controls::Ids::Agreement,
                Role::Chapter(_) => controls::Ids::None,
            };
            let front_at = (split.front, split.front_line, &front);
            diagnostics.extend(controls::check(&file, front_at, (split.body, split.body_line), ids, locale));
            let front = Node { span: Span::new(1, 1, 3), ..front };
            let body = body_of(&file, &role, &front, &split);
            (front, body)
        }
    };
    let mut parsed = Parsed {
        file,
        role,
        text: text.into(),
        front: Arc::new(front),
        front_id,
        body: Arc::new(body),
        diagnostics,
        clause: None,
        locale,
        front_ok,
    };
    if matches!(parsed.role, Role::Clause(_)) {
        let mut reader = Reader::with_locale(&parsed.file, locale);
        let clause =
            ClauseFile { source_id: id.map(str::to_string), ..clause::clause(&parsed, has_front, &mut reader) };
        parsed.diagnostics.append(&mut reader.diagnostics);
        parsed.clause = Some(Arc::new(clause));
    }
    parsed
}

/// An empty front matter, for a file whose front matter is missing or unreadable.
fn empty() -> Node {
    Node { value: Value::Map(Vec::new()), span: Span::start() }
}

/// The file's text, decoded (what could not be, replaced), with a problem when it cannot be read
/// or is not UTF-8.
fn decoded(tree: &dyn Tree, file: &Path, locale: Locale, diagnostics: &mut Vec<Diagnostic>) -> String {
    match tree.read(file).map(|b| b.to_vec()) {
        Err(e) => {
            let message = locale.msg(Load::CannotReadFile { e: &e });
            diagnostics.push(Diagnostic::error("io", file, Span::start(), message));
            String::new()
        }
        Ok(bytes) => source::decode(bytes).unwrap_or_else(|(span, lossy)| {
            diagnostics.push(
                Diagnostic::error("utf8", file, span, locale.msg(Load::FileNotValidUtf))
                    .with_hint(locale.msg(Load::SaveFileUtfWithoutLegacy)),
            );
            lossy
        }),
    }
}

/// The front matter parsed, and whether it was read: a mapping of fields (or nothing), else an
/// empty one with the problem.
fn front_matter(file: &Path, split: &Split<'_>, locale: Locale, diagnostics: &mut Vec<Diagnostic>) -> (Node, bool) {
    match yaml::parse(split.front, split.front_line) {
        Ok(node @ Node { value: Value::Map(_), .. }) => match source::full_width_key(file, &node, locale) {
            Some(d) => {
                diagnostics.push(d);
                (empty(), false)
            }
            None => (node, true),
        },
        Ok(Node { value: Value::Null, .. }) => (empty(), true),
        Ok(node) => {
            diagnostics.push(Diagnostic::error(
                "front-matter",
                file,
                node.span,
                locale.msg(Load::FrontMatterNotMapping { found: &node.value }),
            ));
            (empty(), false)
        }
        Err(e) => {
            diagnostics.push(source::yaml_error(file, &e, split.front, split.front_line, locale));
            (empty(), false)
        }
    }
}

/// The body of a file: its Markdown parsed, its headings' anchors prefixed by what the file is.
fn body_of(file: &Path, role: &Role, front: &Node, split: &Split<'_>) -> Body {
    let prefix = match role {
        Role::Agreement => "preamble--".to_string(),
        Role::Chapter(dir) => format!("chapter-{}--", split_prefix(dir).1),
        Role::Clause(_) => format!("{}--", clause_id(file, front)),
    };
    let dir = file.parent().unwrap_or(Path::new(""));
    let parsed = markdown::parse(split.body, split.body_line, dir, &prefix);
    Body {
        markdown: split.body.to_string(),
        first_line: split.body_line,
        links: parsed.links,
        html: parsed.html,
        definitions: crate::base::definitions::definitions(split.body, split.body_line),
    }
}
