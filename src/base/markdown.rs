//! Markdown, the one module that knows pulldown-cmark: which extensions are on, which links refer
//! to clauses, and how a body becomes HTML.
//!
//! A body is parsed once, while loading, into HTML in which each clause reference is a
//! placeholder, and the list of its references (for the checks). The page that embeds the body
//! fills the placeholders with the target's number, title and an href relative to itself
//! ([`Html::resolve`]): one Markdown pass per file, whatever the number of pages showing it.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::base::diagnostic::LineIndex;
use serde::Serialize;

/// CommonMark plus tables, footnotes, strikethrough, task lists, heading attributes, `[[id]]`.
pub fn options() -> Options {
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
    if markdown.contains(MARK) { markdown.replace(MARK, "\u{fffd}").into() } else { markdown.into() }
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

/// A body after its one Markdown pass: HTML awaiting its clause references, and the references
/// with their places in the file (for findings).
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The HTML, clause references still unresolved.
    pub html: Html,
    /// Every clause reference, in order.
    pub links: Vec<ClauseLink>,
    /// The text without markup, one line per paragraph, heading, list item or table row.
    pub text: String,
    /// The headings, in order.
    pub headings: Vec<Heading>,
}

/// What a clause reference resolves to: where it leads and its label.
pub struct Xref {
    /// Where the reference leads.
    pub to: XrefTo,
    /// Text to show (`第3条 预算审批`).
    pub label: String,
}

/// Where a resolved clause reference leads.
pub enum XrefTo {
    /// A clause of this agreement, by id (the page turns it into an href).
    Clause(String),
    /// Another agreement's clause, at this href relative to the page.
    Url(String),
    /// Nowhere: another agreement's clause cited where no other agreement is published, shown as
    /// text.
    Text,
}

/// Rendered HTML whose clause references still await their targets. Each reference is a token
/// between two [`MARK`]s: `A` (the opening `<a>` tag) or `L` (the label), then `i` + id or
/// `f` + file path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// The final HTML: `target` says what each reference points at (`None`: broken, shown as
    /// such), `href` turns a clause id into an address relative to the page that shows it.
    pub fn resolve(&self, target: impl Fn(&LinkTarget) -> Option<Xref>, href: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(self.0.len() + 256);
        for (i, part) in self.0.split(MARK).enumerate() {
            if i % 2 == 0 {
                out.push_str(part);
                continue;
            }
            let (kind, rest) = part.split_at(1);
            let link = match rest.split_at(1) {
                ("i", id) => LinkTarget::Id(id.to_string()),
                (_, path) => LinkTarget::File(PathBuf::from(path)),
            };
            match (kind, target(&link)) {
                ("A", Some(x)) => {
                    let label = escape(&x.label);
                    let link = |class: &str, url: &str| {
                        format!("<a class=\"{class}\" href=\"{}\" title=\"{label}\">", escape(url))
                    };
                    out.push_str(&match x.to {
                        XrefTo::Clause(id) => link("xref", &href(&id)),
                        XrefTo::Url(url) => link("xref external", &url),
                        XrefTo::Text => format!("<a class=\"xref external\" title=\"{label}\">"),
                    })
                }
                ("A", None) => out.push_str("<a class=\"xref broken\">"),
                (_, Some(x)) => out.push_str(&escape(&x.label)),
                (_, None) => out.push_str(&escape(&match &link {
                    LinkTarget::Id(id) => format!("[[{id}]]"),
                    LinkTarget::File(f) => f.display().to_string(),
                })),
            }
        }
        out
    }
}

fn token(kind: char, target: &LinkTarget) -> String {
    match target {
        LinkTarget::Id(id) => format!("{MARK}{kind}i{id}{MARK}"),
        LinkTarget::File(f) => format!("{MARK}{kind}f{}{MARK}", f.display()),
    }
}

/// Adds what `event` says to a body's plain text: its words (not a clause reference's own words,
/// `in_xref`), a space for a line break, a line's end after a block, a tab after a table cell.
fn push_text(text: &mut String, event: &Event, in_xref: bool) {
    match event {
        Event::Text(t) | Event::Code(t) if !in_xref => text.push_str(t),
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
            text.push('\n')
        }
        Event::End(TagEnd::TableCell) => text.push('\t'),
        _ => {}
    }
}

/// A body's plain text alone, as [`parse`] makes it (`Parsed::text`: clause references as
/// written), without rendering it: for search, which reads every clause's text.
pub fn plain_text(markdown: &str, dir: &Path) -> String {
    let markdown = clean(markdown);
    let mut text = String::with_capacity(markdown.len());
    let mut in_xref = false;
    for (event, range) in Parser::new_ext(&markdown, options()).into_offset_iter() {
        push_text(&mut text, &event, in_xref);
        if in_xref {
            in_xref = !matches!(event, Event::End(TagEnd::Link));
        } else if let Event::Start(Tag::Link { link_type, dest_url, .. }) = &event
            && !matches!(link_type, LinkType::WikiLink { has_pothole: true })
            && clause_target(*link_type, dest_url, dir).is_some()
        {
            text.push_str(&markdown[range]);
            in_xref = true;
        }
    }
    text
}

/// Parses a body once: HTML (heading and footnote ids prefixed with `prefix`, so several bodies
/// can share a page) and its clause references, placed in the file (`first_line` is the file
/// line the body starts on; `dir` the folder of the file, relative to the project root).
pub fn parse(markdown: &str, first_line: u32, dir: &Path, prefix: &str) -> Parsed {
    let markdown = clean(markdown);
    let index = LineIndex::new(&markdown);
    let mut links = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<usize> = None;
    let mut in_xref = false;
    let mut used_ids: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut headings = Vec::new();
    for (event, range) in Parser::new_ext(&markdown, options()).into_offset_iter() {
        push_text(&mut text, &event, in_xref);
        if let Event::Start(Tag::Heading { level, .. }) = &event {
            let line = index.span(range.clone(), first_line).line;
            headings.push(Heading { level: *level as u8, text: String::new(), line });
        }
        if in_xref {
            // The link's own text is replaced by the target's number and title.
            in_xref = !matches!(event, Event::End(TagEnd::Link));
            if !in_xref {
                events.push(Event::InlineHtml("</a>".into()));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match clause_target(link_type, &dest_url, dir) {
                    Some(target) => {
                        let span = index.span(range.clone(), first_line);
                        events.push(Event::InlineHtml(token('A', &target).into()));
                        if !matches!(link_type, LinkType::WikiLink { has_pothole: true }) {
                            events.push(Event::InlineHtml(token('L', &target).into()));
                            text.push_str(&markdown[range.clone()]);
                            in_xref = true;
                        }
                        links.push(ClauseLink { target, line: span.line, col: span.col, len: span.len });
                    }
                    None => {
                        let dest_url = if unsafe_url(&dest_url) { CowStr::from("#") } else { dest_url };
                        events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                    }
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = if unsafe_url(&dest_url) { CowStr::from("#") } else { dest_url };
                events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(events.len());
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading.take() {
                    let text_of_heading: String = events[start..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let base = id.as_deref().map(slug).unwrap_or_else(|| slug(&text_of_heading));
                        let base = if base.is_empty() { "section".to_string() } else { base };
                        let mut unique = base.clone();
                        let mut n = 1;
                        while used_ids.contains(&unique) {
                            unique = format!("{base}-{n}");
                            n += 1;
                        }
                        used_ids.push(unique.clone());
                        *id = Some(format!("{prefix}{unique}").into());
                    }
                    if let Some(h) = headings.last_mut() {
                        h.text = text_of_heading;
                    }
                }
                events.push(event);
            }
            Event::FootnoteReference(label) => {
                events.push(Event::FootnoteReference(format!("{prefix}fn-{label}").into()))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                events.push(Event::Start(Tag::FootnoteDefinition(format!("{prefix}fn-{label}").into())))
            }
            // Raw HTML in a clause is shown as text: content never injects markup or scripts.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Parsed { html: Html(html), links, text, headings }
}

/// A heading of a body, for rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text.
    pub text: String,
    /// File line.
    pub line: u32,
}

fn unsafe_url(url: &str) -> bool {
    let lower: String =
        url.trim_start().chars().take(12).filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s))
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

/// A reference from Markdown to a clause: `[[id]]` or a link to its `.md` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseLink {
    /// What the link points at.
    pub target: LinkTarget,
    /// Where it is written in the file.
    pub line: u32,
    /// Column (characters, 1-based).
    pub col: u32,
    /// Length in characters on that line.
    pub len: u32,
}

/// The two ways to refer to a clause.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum LinkTarget {
    /// `[[budget-approval]]`.
    Id(String),
    /// `[…](05-budget.md)`, resolved to a path relative to the project root.
    File(PathBuf),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xref(t: &LinkTarget) -> Option<Xref> {
        let budget = || Some(Xref { to: XrefTo::Clause("budget".into()), label: "第5条 预算".into() });
        match t {
            LinkTarget::Id(id) if id == "budget" => budget(),
            LinkTarget::File(p) if p == Path::new("content/05-budget.md") => budget(),
            _ => None,
        }
    }

    fn html(markdown: &str, prefix: &str) -> String {
        parse(markdown, 1, Path::new("content"), prefix).html.resolve(xref, |id| format!("{id}.html"))
    }

    #[test]
    fn clause_references_render_with_number_and_title_and_page_relative_hrefs() {
        let parsed = parse("见[[budget]]与[这里](05-budget.md)。", 1, Path::new("content"), "a--");
        let page = parsed.html.resolve(xref, |id| format!("{id}.html"));
        let link = "<a class=\"xref\" href=\"budget.html\" title=\"第5条 预算\">第5条 预算</a>";
        assert_eq!(page.matches(link).count(), 2, "{page}");
        assert!(parsed.html.resolve(xref, |id| format!("#{id}")).contains("href=\"#budget\""));
        assert!(html("[[gone]]", "").contains("<a class=\"xref broken\">[[gone]]</a>"));
        assert!(html("[[budget|预算条款]]", "").contains("title=\"第5条 预算\">预算条款</a>"));
    }

    #[test]
    fn heading_and_footnote_ids_are_prefixed_and_keep_chinese() {
        let html = html("## 联合 审批\n\n## 联合 审批\n\n文[^1]\n\n[^1]: 注\n", "x--");
        assert!(html.contains("id=\"x--联合-审批\""), "{html}");
        assert!(html.contains("id=\"x--联合-审批-1\""), "{html}");
        assert!(html.contains("href=\"#x--fn-1\""), "{html}");
    }

    #[test]
    fn raw_html_and_script_urls_are_neutralised() {
        let html = html("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\nnul\0here", "");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains('\0'), "{html}");
    }

    #[test]
    fn plain_text_and_headings_are_collected() {
        let parsed = parse("## 例会\n\n每周三**召开**，见 [[budget]]。\n\n- 甲\n- 乙\n", 10, Path::new("content"), "");
        assert_eq!(parsed.text, "例会\n每周三召开，见 [[budget]]。\n甲\n乙\n");
        assert_eq!(parsed.headings, [Heading { level: 2, text: "例会".into(), line: 10 }]);
    }

    #[test]
    fn the_text_alone_is_the_text_a_full_parse_makes() {
        let bodies = [
            "## 例会\n\n每周三**召开**，见 [[budget]]。\n\n- 甲\n- 乙\n",
            "见 [[budget|预算条款]] 与 [品牌\n部职责](../b/02-brand.md#top)、[外部](https://x.cn/a.md)。\n",
            "| 部门 | 频率 |\n|---|---|\n| 营销部 | `每周` |\n\n> 引用  \n第二行\n\n```\ncode [[x]]\n```\n",
            "[[未闭合 与 [空]() 和 ![图](a.png) 以及 \u{1}\u{7f} 控制字符\n",
        ];
        for body in bodies {
            let dir = Path::new("content/a");
            assert_eq!(plain_text(body, dir), parse(body, 1, dir, "").text, "{body:?}");
        }
        // And every Markdown file of the example and the test fixtures, front matter and all.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = ["content", "tests/fixtures"].into_iter().flat_map(|d| walkdir::WalkDir::new(root.join(d)));
        for file in files.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "md")) {
            let Ok(text) = std::fs::read_to_string(file.path()) else { continue };
            let dir = file.path().parent().unwrap_or(root);
            assert_eq!(plain_text(&text, dir), parse(&text, 1, dir, "").text, "{}", file.path().display());
        }
    }

    #[test]
    fn links_are_found_with_positions() {
        let links = parse("第一行\n参见 [[budget]]\n[a](../x/07-y.md#top)\n", 5, Path::new("content/ch"), "").links;
        assert_eq!(links[0], ClauseLink { target: LinkTarget::Id("budget".into()), line: 6, col: 4, len: 10 });
        assert_eq!(links[1].target, LinkTarget::File("content/x/07-y.md".into()));
    }
}
