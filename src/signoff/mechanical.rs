//! What the second digest algorithm ([`super::digest::Algorithm::Tolerant`]) reads of a text:
//! the text as rendered, so that a mechanical change does not make an approval stale. Two changes
//! are mechanical, and nothing else is:
//!
//! - whitespace that does not change the rendered text: lines wrapped again inside a paragraph,
//!   runs of spaces, blank lines between blocks, spaces at a line's end (except the two that make a
//!   hard break), indentation that keeps the structure. Whitespace inside code stays exact.
//! - the full-width and half-width forms of the same mark, from a closed list: `，` `,`, `；` `;`,
//!   `：` `:`, `（` `(`, `）` `)`, `！` `!`, `？` `?`. Any other mark (`。` and `.`, quotes, dashes)
//!   is a change.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The marks whose full-width and half-width forms read as one (full-width first).
pub const MARKS: [(char, char); 7] =
    [('，', ','), ('；', ';'), ('：', ':'), ('（', '('), ('）', ')'), ('！', '!'), ('？', '?')];

/// `c`, its full-width form given as the half-width one (see [`MARKS`]).
fn mark(c: char) -> char {
    MARKS.iter().find(|(full, _)| *full == c).map_or(c, |(_, half)| *half)
}

/// `text` as a reader reads it in a line of HTML: each run of whitespace one space, none at
/// either end, each mark of [`MARKS`] in one form. Only the whitespace HTML collapses counts (space,
/// tab, line ends, form feed): a no-break space or an ideographic space `　` shows as written.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(mark));
    }
    out
}

/// Whether an end closes a block (a tag starts one when its end does: `Tag::to_end`), at whose
/// edges whitespace is never rendered.
fn block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// The Markdown `markdown` as the events it renders to, one per line, its text as [`text`] reads
/// it: equal for two texts that differ only mechanically.
pub fn markdown(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    // Text not yet written (whitespace is settled once the text around it is known), and whether
    // it follows a block's start.
    let mut pending = String::new();
    let mut at_start = true;
    let mut in_code = false;
    let flush = |out: &mut String, pending: &mut String, at_start: bool, at_end: bool| {
        if pending.is_empty() {
            return;
        }
        let mut collapsed: String = String::with_capacity(pending.len());
        let mut space = false;
        for c in pending.chars() {
            if c.is_ascii_whitespace() {
                space = true;
                continue;
            }
            if space && !(at_start && collapsed.is_empty()) {
                collapsed.push(' ');
            }
            space = false;
            collapsed.push(mark(c));
        }
        if space && !at_end {
            collapsed.push(' ');
        }
        if !collapsed.is_empty() {
            out.push_str("T ");
            out.push_str(&collapsed);
            out.push('\n');
        }
        pending.clear();
    };
    for event in Parser::new_ext(markdown, crate::base::markdown::options()) {
        match event {
            Event::Text(t) if !in_code => pending.push_str(&t),
            Event::SoftBreak => pending.push(' '),
            Event::Start(tag) => {
                let is_block = block_end(&tag.to_end());
                flush(&mut out, &mut pending, at_start, is_block);
                in_code |= matches!(tag, Tag::CodeBlock(_));
                let tag = match tag {
                    // An indented block's fence is whitespace alone.
                    Tag::CodeBlock(CodeBlockKind::Indented) => Tag::CodeBlock(CodeBlockKind::Fenced("".into())),
                    t => t,
                };
                out.push_str(&format!("S {tag:?}\n"));
                at_start = is_block;
            }
            Event::End(end) => {
                let is_block = block_end(&end);
                flush(&mut out, &mut pending, at_start, is_block);
                in_code &= !matches!(end, TagEnd::CodeBlock);
                out.push_str(&format!("E {end:?}\n"));
                at_start = false;
            }
            other => {
                flush(&mut out, &mut pending, at_start, false);
                out.push_str(&format!("{other:?}\n"));
                at_start = false;
            }
        }
    }
    flush(&mut out, &mut pending, at_start, true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real pairs: each the same text for a reader, or not.
    #[test]
    fn mechanical_changes_read_alike_and_others_do_not() {
        let same = [
            ("甲方与乙方约定,双方应当:", "甲方与乙方约定，双方应当："),
            ("（一）按月报送；", "(一)按月报送;"),
            ("是否按时提交？如未提交！", "是否按时提交?如未提交!"),
            ("第一行\n第二行", "第一行 第二行"),
            ("a  b\tc", "a b c"),
            ("段落一。\n\n\n\n段落二。", "段落一。\n\n段落二。"),
            ("行末空格 \n下一行", "行末空格\n下一行"),
            ("1. 第一项\n2. 第二项", "1. 第一项\n2.   第二项"),
            ("  缩进的段落", "缩进的段落"),
            ("**加粗**，正文", "**加粗**,正文"),
        ];
        for (a, b) in same {
            assert_eq!(markdown(a), markdown(b), "{a:?} and {b:?} read alike");
        }
        let different = [
            ("按月报送。", "按月报送."),
            ("“引号”", "\"引号\""),
            ("a b", "ab"),
            ("a *b* c", "a *b*c"),
            ("第一行  \n第二行", "第一行\n第二行"),
            ("段落一。\n\n段落二。", "段落一。\n段落二。"),
            ("```\na  b\n```", "```\na b\n```"),
            ("`a  b`", "`a b`"),
            ("三日内", "五日内"),
            ("- 一\n- 二", "- 一\n- 二\n- 三"),
            ("【注】", "[注]"),
            ("在 5 个", "在\u{a0}5 个"),
            ("在 5 个", "在\u{3000}5 个"),
            ("在5个", "在\u{200b}5个"),
        ];
        for (a, b) in different {
            assert_ne!(markdown(a), markdown(b), "{a:?} and {b:?} differ");
        }
    }

    #[test]
    fn a_line_of_front_matter_reads_as_rendered() {
        assert_eq!(text("  按月 报送，\n 审核 "), text("按月 报送,  审核"));
        assert_ne!(text("按月报送"), text("按月 报送"));
        assert_ne!(text("按月 报送"), text("按月\u{3000}报送"));
    }
}
