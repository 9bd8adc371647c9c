//! Markdown, the one module that knows pulldown-cmark: which extensions are on, which links refer
//! to clauses, and how a body becomes HTML.
//!
//! A body is parsed once into HTML in which each clause reference is a placeholder; the page that
//! embeds it fills the placeholders with hrefs relative to itself ([`Html::with_links`]). So a
//! clause renders once and still links correctly from its own page and from the printable page.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::load::source::LineIndex;
use crate::model::{ClauseLink, LinkTarget};

/// CommonMark plus tables, footnotes, strikethrough, task lists, heading attributes, `[[id]]`.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Marks a clause reference in rendered HTML. Never produced by content: bodies are cleaned of
/// NUL before parsing (CommonMark replaces it anyway).
const MARK: char = '\0';

fn clean(markdown: &str) -> std::borrow::Cow<'_, str> {
    if markdown.contains(MARK) {
        markdown.replace(MARK, "\u{fffd}").into()
    } else {
        markdown.into()
    }
}

/// What a link destination refers to, if it is a clause: `[[id]]`, or a relative link to a `.md`
/// file (resolved against the folder of the file it is written in, relative to the project root).
fn clause_target(link_type: LinkType, dest: &str, dir: &Path) -> Option<LinkTarget> {
    if let LinkType::WikiLink { .. } = link_type {
        return Some(LinkTarget::Id(dest.trim().to_string()));
    }
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    if dest.contains("://") || dest.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    Some(LinkTarget::File(normalize(&dir.join(path))))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Every clause reference in `markdown`, with its place in the file (`first_line` is the file
/// line the body starts on; `dir` the folder of the file, relative to the project root).
pub fn clause_links(markdown: &str, first_line: u32, dir: &Path) -> Vec<ClauseLink> {
    let markdown = clean(markdown);
    let index = LineIndex::new(&markdown);
    Parser::new_ext(&markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let target = clause_target(link_type, &dest_url, dir)?;
                let span = index.span(range, first_line);
                Some(ClauseLink {
                    target,
                    line: span.line,
                    col: span.col,
                    len: span.len,
                })
            }
            _ => None,
        })
        .collect()
}

/// How a clause reference renders: the target's id (to build the href) and the link text.
pub struct Xref {
    /// Id of the target clause.
    pub id: String,
    /// Text to show (`第3条 预算审批`).
    pub label: String,
}

/// Rendered HTML whose clause references still await their hrefs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// The final HTML, with `href(id)` as the address of each referenced clause.
    pub fn with_links(&self, href: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(self.0.len());
        for (i, part) in self.0.split(MARK).enumerate() {
            if i % 2 == 0 {
                out.push_str(part)
            } else {
                out.push_str(&href(part))
            }
        }
        out
    }
}

/// Renders a body. `prefix` keeps heading and footnote ids unique when several bodies share a
/// page; `resolve` says what a clause reference points at (`None`: broken, shown as such).
pub fn render(
    markdown: &str,
    dir: &Path,
    prefix: &str,
    resolve: impl Fn(&LinkTarget) -> Option<Xref>,
) -> Html {
    let markdown = clean(markdown);
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<usize> = None;
    let mut in_xref = false;
    let mut used_ids: Vec<String> = Vec::new();
    for event in Parser::new_ext(&markdown, options()) {
        if in_xref {
            // The link's own text is replaced by the target's number and title.
            in_xref = !matches!(event, Event::End(TagEnd::Link));
            if !in_xref {
                events.push(Event::InlineHtml("</a>".into()));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                match clause_target(link_type, &dest_url, dir) {
                    Some(target) => {
                        let potholed =
                            matches!(link_type, LinkType::WikiLink { has_pothole: true });
                        match resolve(&target) {
                            Some(x) => {
                                let title = escape(&x.label);
                                events.push(Event::InlineHtml(
                                    format!("<a class=\"xref\" href=\"{MARK}{}{MARK}\" title=\"{title}\">", x.id).into(),
                                ));
                                if !potholed {
                                    events.push(Event::Text(x.label.into()));
                                    in_xref = true;
                                }
                            }
                            None => {
                                events.push(Event::InlineHtml("<a class=\"xref broken\">".into()));
                                if !potholed {
                                    events.push(Event::Text(format!("[[{dest_url}]]").into()));
                                    in_xref = true;
                                }
                            }
                        }
                    }
                    None => {
                        let dest_url = if unsafe_url(&dest_url) {
                            CowStr::from("#")
                        } else {
                            dest_url
                        };
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if unsafe_url(&dest_url) {
                    CowStr::from("#")
                } else {
                    dest_url
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(events.len());
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading.take() {
                    let text: String = events[start..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let base = id.as_deref().map(slug).unwrap_or_else(|| slug(&text));
                        let base = if base.is_empty() {
                            "section".to_string()
                        } else {
                            base
                        };
                        let mut unique = base.clone();
                        let mut n = 1;
                        while used_ids.contains(&unique) {
                            unique = format!("{base}-{n}");
                            n += 1;
                        }
                        used_ids.push(unique.clone());
                        *id = Some(format!("{prefix}{unique}").into());
                    }
                }
                events.push(event);
            }
            Event::FootnoteReference(label) => events.push(Event::FootnoteReference(
                format!("{prefix}fn-{label}").into(),
            )),
            Event::Start(Tag::FootnoteDefinition(label)) => events.push(Event::Start(
                Tag::FootnoteDefinition(format!("{prefix}fn-{label}").into()),
            )),
            // Raw HTML in a clause is shown as text: content never injects markup or scripts.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Html(html)
}

fn unsafe_url(url: &str) -> bool {
    let lower: String = url
        .trim_start()
        .chars()
        .take(12)
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// A URL- and id-friendly form of a heading that keeps Chinese (and any other letters) as they are:
/// letters and digits kept (Latin lowercased), everything else folded into single dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xref(t: &LinkTarget) -> Option<Xref> {
        match t {
            LinkTarget::Id(id) if id == "budget" => Some(Xref {
                id: "budget".into(),
                label: "第5条 预算".into(),
            }),
            LinkTarget::File(p) if p == Path::new("content/05-budget.md") => Some(Xref {
                id: "budget".into(),
                label: "第5条 预算".into(),
            }),
            _ => None,
        }
    }

    #[test]
    fn clause_references_render_with_number_and_title_and_page_relative_hrefs() {
        let html = render(
            "见[[budget]]与[这里](05-budget.md)。",
            Path::new("content"),
            "a--",
            xref,
        );
        let page = html.with_links(|id| format!("{id}.html"));
        assert_eq!(
            page.matches(
                "<a class=\"xref\" href=\"budget.html\" title=\"第5条 预算\">第5条 预算</a>"
            )
            .count(),
            2,
            "{page}"
        );
        assert!(
            html.with_links(|id| format!("#{id}"))
                .contains("href=\"#budget\"")
        );
    }

    #[test]
    fn heading_and_footnote_ids_are_prefixed_and_keep_chinese() {
        let html = render(
            "## 联合 审批\n\n## 联合 审批\n\n文[^1]\n\n[^1]: 注\n",
            Path::new("content"),
            "x--",
            xref,
        )
        .with_links(|i| i.into());
        assert!(html.contains("id=\"x--联合-审批\""), "{html}");
        assert!(html.contains("id=\"x--联合-审批-1\""), "{html}");
        assert!(html.contains("href=\"#x--fn-1\""), "{html}");
    }

    #[test]
    fn raw_html_and_script_urls_are_neutralised() {
        let html = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))",
            Path::new(""),
            "",
            xref,
        )
        .with_links(|i| i.into());
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn links_are_found_with_positions() {
        let links = clause_links(
            "第一行\n参见 [[budget]]\n[a](../x/07-y.md#top)\n",
            5,
            Path::new("content/ch"),
        );
        assert_eq!(
            links[0],
            ClauseLink {
                target: LinkTarget::Id("budget".into()),
                line: 6,
                col: 4,
                len: 10
            }
        );
        assert_eq!(
            links[1].target,
            LinkTarget::File("content/x/07-y.md".into())
        );
    }
}
