//! One Markdown file of the project read: decoded, split into front matter and body, its front
//! matter parsed and its body's Markdown, and (for a clause file) its clause built.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::clause::{self, clause_id};
use super::fields::Reader;
use super::source::{self, Split, SplitError};
use super::{Parsed, Role, controls, split_prefix};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::locale::Locale;
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
                Diagnostic::error(
                    "front-matter",
                    &file,
                    Span::new(1, 1, 3),
                    locale.say("前置信息没有结束", "the front matter is never closed"),
                )
                .with_hint(locale.say("用一行 `---` 结束前置信息", "end the front matter with a line `---`")),
            );
            (empty(), Body::default())
        }
        Ok(split) => {
            has_front = split.has_front;
            front_id = crate::base::memo::hash_of(split.front);
            if !split.has_front && matches!(role, Role::Clause(_) | Role::Agreement) {
                diagnostics.push(
                    Diagnostic::error(
                        "front-matter",
                        &file,
                        Span::start(),
                        locale.say("文件没有前置信息", "the file has no front matter"),
                    )
                    .with_hint(locale.say(
                        "文件以 `---`、一行 `title: …` 和 `---` 开头",
                        "start the file with `---`, a line `title: …`, and `---`",
                    )),
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
            let message = locale.say(format!("无法读取文件：{e}"), format!("cannot read the file: {e}"));
            diagnostics.push(Diagnostic::error("io", file, Span::start(), message));
            String::new()
        }
        Ok(bytes) => source::decode(bytes).unwrap_or_else(|(span, lossy)| {
            diagnostics.push(
                Diagnostic::error(
                    "utf8",
                    file,
                    span,
                    locale.say("文件不是有效的 UTF-8 文本", "the file is not valid UTF-8"),
                )
                .with_hint(locale.say(
                    "把文件另存为 UTF-8（不要用 GBK 等旧编码）",
                    "save the file as UTF-8 (without a legacy encoding such as GBK)",
                )),
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
                locale.say(
                    format!("前置信息应为“字段: 值”的映射，实际是{}", node.value.kind_zh()),
                    format!("the front matter must be a mapping of fields, found {}", node.value.kind()),
                ),
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
        definitions: crate::base::terms::definitions(split.body, split.body_line),
    }
}
