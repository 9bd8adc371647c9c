//! Positions as the protocol counts them (0-based lines, UTF-16 code units within a line) and as
//! clausebook does (1-based lines, character columns, byte offsets), over one document's text.

use lsp_types::{Position, Range};

use crate::base::diagnostic::Span;

/// A document's text with the byte offsets where its lines start.
pub struct Text<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Text<'a> {
    /// Indexes `text`'s lines.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Text { text, starts }
    }

    /// The whole text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Line `i` (0-based) without its line break, empty past the end.
    pub fn line(&self, i: usize) -> &'a str {
        let Some(&start) = self.starts.get(i) else { return "" };
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The byte offset of `pos`, clamped to its line (a position past a line's end is its end;
    /// one inside a surrogate pair is the character's start).
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return self.text.len() };
        let line = self.line(pos.line as usize);
        let mut units = 0;
        for (i, ch) in line.char_indices() {
            units += ch.len_utf16() as u32;
            if units > pos.character {
                return start + i;
            }
        }
        start + line.len()
    }

    /// The position of the byte offset `at` (clamped to the text).
    pub fn position(&self, at: usize) -> Position {
        let at = at.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let start = self.starts[line];
        let before = self.text.get(start..at).unwrap_or("");
        Position::new(line as u32, before.encode_utf16().count() as u32)
    }

    /// The byte offset of 1-based `line` and character column `col`, clamped to that line.
    pub fn offset_of(&self, line: u32, col: u32) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1) as usize) else { return self.text.len() };
        let text = self.line(line.saturating_sub(1) as usize);
        start + text.char_indices().nth(col.saturating_sub(1) as usize).map_or(text.len(), |(i, _)| i)
    }

    /// The range a [`Span`] covers (its characters on its line).
    pub fn range(&self, span: Span) -> Range {
        let start = self.offset_of(span.line, span.col);
        let line_end = self.offset_of(span.line, u32::MAX);
        let end = self.text[start..line_end].char_indices().nth(span.len as usize).map_or(line_end, |(i, _)| start + i);
        Range::new(self.position(start), self.position(end))
    }

    /// The range of the word `word` written within `span` (after quotes or `[[`), if it is there.
    pub fn word_range(&self, span: Span, word: &str) -> Option<Range> {
        let start = self.offset_of(span.line, span.col);
        let end = self.offset(self.range(span).end);
        let end = if end > start { end } else { self.offset_of(span.line, u32::MAX) };
        let at = start + self.text[start..end].find(word)?;
        Some(Range::new(self.position(at), self.position(at + word.len())))
    }

    /// Whether `pos` falls within `span` or right after its end (where a caret stands after typing).
    pub fn touches(&self, span: Span, pos: Position) -> bool {
        let range = self.range(span);
        range.start <= pos && pos <= range.end
    }

    /// `text` with `range` replaced by `with`.
    pub fn replace(&self, range: Range, with: &str) -> String {
        let (start, end) = (self.offset(range.start), self.offset(range.end));
        let (start, end) = (start.min(end), start.max(end));
        let mut out = String::with_capacity(self.text.len() + with.len());
        out.push_str(&self.text[..start]);
        out.push_str(with);
        out.push_str(&self.text[end..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_after_chinese_and_emoji() {
        let text = Text::new("---\ntitle: 预算😀审批\n见[[budget]]。\r\nlast");
        // `审` is the 11th character of line 2 and sits after a surrogate pair.
        let span = Span::new(2, 11, 2);
        let range = text.range(span);
        assert_eq!(range, Range::new(Position::new(1, 11), Position::new(1, 13)));
        assert_eq!(text.position(text.offset(Position::new(1, 10))), Position::new(1, 9), "inside the pair");
        assert_eq!(text.line(2), "见[[budget]]。", "without the carriage return");
        let link = Span::new(3, 2, 10);
        assert_eq!(text.word_range(link, "budget"), Some(Range::new(Position::new(2, 3), Position::new(2, 9))));
        assert_eq!(text.word_range(link, "gone"), None);
        assert!(text.touches(link, Position::new(2, 11)), "a caret right after the link");
        assert!(!text.touches(link, Position::new(2, 12)));
        assert_eq!(text.offset(Position::new(9, 0)), text.as_str().len(), "past the end");
        assert_eq!(
            text.replace(Range::new(Position::new(3, 0), Position::new(3, 4)), "末"),
            "---\ntitle: 预算😀审批\n见[[budget]]。\r\n末"
        );
    }
}
