//! Marks left in rendered pages and filled in afterwards: a version's switcher and banner, a page's
//! path in them, and the printable page's articles.

/// Where a page's version switcher and banner go; replaced after rendering.
pub(super) const SWITCH_MARK: &str = "<!--clausebook:version-switch-->";
pub(super) const BANNER_MARK: &str = "<!--clausebook:version-banner-->";
/// Stands in for a page's path in its version switcher and banner, rendered once for many pages.
pub(super) const PATH_STAND_IN: &str = "\u{E000}clausebook-path\u{E000}";

/// Where a clause's article goes in the printable page's outline: the mark, the clause's index, `-->`.
pub(super) const ARTICLE_MARK: &str = "<!--clausebook:article:";

/// The printable page's outline cut at its article marks: each piece of text, then the index of
/// the article that follows it (none after the last).
pub(super) fn spliced(outline: &str) -> impl Iterator<Item = (&str, Option<usize>)> {
    let mut rest = Some(outline);
    std::iter::from_fn(move || {
        let text = rest?;
        let Some(at) = text.find(ARTICLE_MARK) else {
            rest = None;
            return Some((text, None));
        };
        let after = &text[at + ARTICLE_MARK.len()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let end = after[digits..].strip_prefix("-->").map(|tail| (after[..digits].parse().ok(), tail));
        match end {
            Some((index, tail)) => {
                rest = Some(tail);
                Some((&text[..at], index))
            }
            None => {
                // Not one of our marks after all: kept as text.
                let cut = at + ARTICLE_MARK.len();
                rest = Some(&text[cut..]);
                Some((&text[..cut], None))
            }
        }
    })
}

/// A page with its switcher and banner put in place of their marks, in one pass.
pub(super) fn fill(html: &str, switch: &str, banner: &str) -> String {
    let mut marks: Vec<(usize, &str, &str)> = [(SWITCH_MARK, switch), (BANNER_MARK, banner)]
        .into_iter()
        .filter_map(|(mark, with)| html.find(mark).map(|i| (i, mark, with)))
        .collect();
    marks.sort_unstable_by_key(|m| m.0);
    let mut out = String::with_capacity(html.len() + switch.len() + banner.len());
    let mut at = 0;
    for (i, mark, with) in marks {
        out.push_str(&html[at..i]);
        out.push_str(with);
        at = i + mark.len();
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_is_cut_at_article_marks_only() {
        let outline = "a<!--clausebook:article:1-->b<!--clausebook:article:x-->c<!--clausebook:article:0-->";
        let parts: Vec<_> = spliced(outline).collect();
        assert_eq!(parts, [("a", Some(1)), ("b<!--clausebook:article:", None), ("x-->c", Some(0)), ("", None)]);
    }
}
