//! Control characters (U+0000–U+001F, U+007F, U+0080–U+009F: Unicode's `Cc`) in the formats
//! clausebook writes for machines. No writer puts a raw one into its output: each format escapes
//! what it can (JSON `\u` escapes, XML character references for the ones XML 1.0 allows, GitHub's
//! `%0D`/`%0A`, iCalendar's `\n`) and replaces what it cannot (XML 1.0's forbidden C0 characters,
//! iCalendar TEXT's) with U+FFFD, visibly. Loading reports each control character written in the
//! content as a `control-character` warning at its place, so the replacement never goes unsaid.
//!
//! Every writer of these formats goes through here: one place to get right, one place to test.
//!
//! Text for people (the terminal, a CI log, an editor's log) shows every control character of a
//! name as U+FFFD too ([`name`], [`path`]): a file name holding a line feed must not start a line
//! of its own, which a CI runner could read as a command (`::warning …` in GitHub Actions).

use std::path::Path;

use serde::Serialize;

/// What a character no format can carry is shown as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is a control character: U+0000–U+001F, U+007F or U+0080–U+009F.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Whether `s` may hold a control character, looking at bytes only: in UTF-8 one is a byte below
/// 0x20, 0x7F, or 0xC2 followed by 0x80–0x9F. Most texts have none of these bytes, so the exact
/// scans below are skipped for them (they were 3% of a check at 10,000 clauses).
fn may_hold_control(s: &str, table: &[bool; 256]) -> bool {
    s.bytes().any(|b| table[usize::from(b)])
}

/// The bytes [`may_hold_control`] looks for, but `but`.
const fn control_bytes(but: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    let mut i = 0;
    while i < but.len() {
        table[but[i] as usize] = false;
        i += 1;
    }
    table
}

/// Bytes that may begin a control character: all, or all but tab and line feed.
const ANY_CONTROL: [bool; 256] = control_bytes(b"");
const CONTROL_BUT_TAB_LF: [bool; 256] = control_bytes(b"\t\n");

/// The first control character of `s` other than tab and line feed (which every text format
/// carries), with its byte offset.
pub fn first_control(s: &str) -> Option<(usize, char)> {
    if !may_hold_control(s, &CONTROL_BUT_TAB_LF) {
        return None;
    }
    s.char_indices().find(|&(_, c)| is_control(c) && c != '\t' && c != '\n')
}

/// Whether `s` holds any control character (tab and line feed included).
pub fn has_control(s: &str) -> bool {
    may_hold_control(s, &ANY_CONTROL) && s.chars().any(is_control)
}

/// A path written as the path of a URI (RFC 3986): `/` kept, letters, digits and `-._~` kept,
/// every other byte of its UTF-8 percent-encoded (`01-总则 a.md` → `01-%E6%80%BB%E5%88%99%20a.md`),
/// so that a file name with a space, `#`, `%` or Chinese is one valid address.
pub fn uri_path(path: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
    percent_encoding::utf8_percent_encode(path, SEGMENT).to_string()
}

/// `U+000D` for a character, as messages name it.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A name (an id, a file name, a one-line label) as people read it: every control character, tab
/// and line feed included, shown as U+FFFD, so it stays on its line.
pub fn name(s: &str) -> String {
    if !has_control(s) {
        return s.to_string();
    }
    s.chars().map(|c| if is_control(c) { REPLACEMENT } else { c }).collect()
}

/// A path as people read it: a project-relative one `/`-separated on every platform (an absolute
/// one as the system writes it), each control character shown as U+FFFD ([`name`]). Machine
/// formats and digests use [`slash_path`].
pub fn path(p: &Path) -> String {
    if p.is_absolute() { name(&p.display().to_string()) } else { name(&slash_path(p)) }
}

/// A path written with `/` separators, as shown to users and written into JSON.
pub fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Compact JSON with every control character escaped: serde_json escapes U+0000–U+001F, and
/// this escapes U+007F–U+009F too (JSON allows them raw; terminals and some readers do not).
pub fn json(value: &impl Serialize) -> String {
    escape_json(serde_json::to_string(value).unwrap_or_default())
}

/// [`json`], indented.
pub fn json_pretty(value: &impl Serialize) -> String {
    escape_json(serde_json::to_string_pretty(value).unwrap_or_default())
}

/// Escapes U+007F–U+009F in serialized JSON. Outside strings JSON has only ASCII punctuation and
/// whitespace, so any such character stands inside a string, where `\u00XX` means the same (the
/// C0 characters serde_json escaped already; outside strings they are the indentation's).
fn escape_json(text: String) -> String {
    let c1 = |c: char| matches!(c, '\u{7f}'..='\u{9f}');
    // In UTF-8 these are the byte 0x7F and the pairs 0xC2 0x80–0x9F: found at memchr's speed (a
    // build serializes every clause's text), without decoding the text.
    let bytes = text.as_bytes();
    let found = memchr::memchr2_iter(0x7f, 0xc2, bytes)
        .any(|i| bytes[i] == 0x7f || matches!(bytes.get(i + 1), Some(0x80..=0x9f)));
    if !found {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c1(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// iCalendar TEXT (RFC 5545 §3.3.11): `\`, `;`, `,` and line feeds escaped; every other control
/// character but tab (which TEXT allows) replaced by U+FFFD, since TEXT has no escape for it.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if is_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// An iCalendar value that is not TEXT (a UID's or URL's), which cannot even escape a line break:
/// every control character becomes U+FFFD, so no value can end its content line early.
pub fn ics_value(s: &str) -> String {
    s.chars().map(|c| if is_control(c) { REPLACEMENT } else { c }).collect()
}

/// Text as XML 1.0 character data or an attribute value: `<`, `>`, `&`, `"` and `'` escaped as
/// HTML escapes them; tab and line feed as they are; a carriage return as a character reference
/// (a parser would turn a raw one into a line feed); U+007F–U+009F as character references; the other C0 characters, which XML 1.0 cannot carry at all, and the non-characters
/// U+FFFE/U+FFFF as U+FFFD.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' | '\u{7f}'..='\u{9f}' => out.push_str(&format!("&#x{:X};", c as u32)),
            '\u{FFFE}' | '\u{FFFF}' => out.push(REPLACEMENT),
            c if is_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// A GitHub Actions workflow command's message (the toolkit's `escapeData`): `%`, CR and LF as
/// `%25`, `%0D`, `%0A`; the runner unescapes nothing else, so other control characters, which
/// would otherwise reach the log raw, become U+FFFD.
pub fn github_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// A workflow command's property value (`escapeProperty`): [`github_data`], and `:` and `,`.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_escaped_or_replaced_in_every_format() {
        let all: String = ('\0'..='\u{9f}').filter(|c| is_control(*c)).collect();
        assert_eq!(all.chars().count(), 65);
        let json = json(&all);
        assert!(!json.chars().any(is_control), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), all);
        // One at a time, among characters whose UTF-8 shares their first byte (U+00A0–U+00BF).
        for c in ('\u{7f}'..='\u{9f}').chain(['\u{a0}', '¢', '¿']) {
            let text = format!("价{c}格");
            let escaped = super::json(&text);
            assert_eq!(escaped.contains("\\u00"), is_control(c), "{escaped}");
            assert_eq!(serde_json::from_str::<String>(&escaped).unwrap(), text);
        }
        let pretty = json_pretty(&[&all]);
        let expected = vec![all.clone()];
        assert!(!pretty.chars().any(|c| is_control(c) && c != '\n'), "{pretty}");
        assert_eq!(serde_json::from_str::<Vec<String>>(&pretty).unwrap(), expected);
        for out in [ics_text(&all), ics_value(&all), github_data(&all), github_property(&all)] {
            assert!(!out.chars().any(|c| is_control(c) && c != '\t'), "{out:?}");
        }
        assert!(!xml(&all).chars().any(|c| is_control(c) && c != '\t' && c != '\n'));
        assert_eq!(ics_text("a\r\nb;c"), "a\u{FFFD}\\nb\\;c");
        assert_eq!(xml("a\u{1}b\rc\u{85}"), "a\u{FFFD}b&#xD;c&#x85;");
        assert_eq!(github_data("a\r\n\u{1b}[31m"), "a%0D%0A\u{FFFD}[31m");
        assert_eq!(first_control("a\tb\n\rc"), Some((4, '\r')));
        assert!(!name(&all).chars().any(is_control));
        assert_eq!(path(Path::new("content/01-a\n::warning x.md")), "content/01-a\u{FFFD}::warning x.md");
        assert_eq!(name("预算"), "预算");
        #[cfg(unix)]
        assert_eq!(path(Path::new("/tmp/a\tb/x")), "/tmp/a\u{FFFD}b/x");
    }
}
