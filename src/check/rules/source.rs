//! What rule source may not use, found before it is compiled. A to-be-closed variable
//! (`local x <close> = …`) has a handler that Lua runs while a stopped rule unwinds, with hooks
//! off: there it could loop for ever, out of reach of every limit. Rules need no such variables,
//! so a chunk that declares one is refused at its line.

use std::fmt;

/// Why a chunk is refused, and the line it is refused at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The 1-based line of the `<close>`.
    pub line: u32,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: to-be-closed variables (`<close>`) are not allowed in rules: Lua runs their handlers after a rule is stopped, where no limit reaches them",
            self.line
        )
    }
}

/// The first `<close>` attribute of `source` outside strings and comments, if any.
pub fn refusal(source: &[u8]) -> Option<Refusal> {
    let mut i = 0;
    let mut line = 1u32;
    let at = |i: usize| source.get(i).copied().unwrap_or(0);
    while i < source.len() {
        match source[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'-' if at(i + 1) == b'-' => {
                i += 2;
                if let Some(level) = long_bracket(source, i) {
                    i = skip_long(source, i, level, &mut line);
                } else {
                    while i < source.len() && source[i] != b'\n' {
                        i += 1;
                    }
                }
            }
            b'[' if long_bracket(source, i).is_some() => {
                let level = long_bracket(source, i).unwrap_or(0);
                i = skip_long(source, i, level, &mut line);
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < source.len() && source[i] != quote {
                    if source[i] == b'\\' {
                        i += 1;
                    }
                    if at(i) == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'<' => {
                let mut j = i + 1;
                while matches!(at(j), b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                let word = source.get(j..j + 5).unwrap_or_default();
                let mut k = j + 5;
                let ends = !(at(k).is_ascii_alphanumeric() || at(k) == b'_');
                while matches!(at(k), b' ' | b'\t' | b'\r' | b'\n') {
                    k += 1;
                }
                if word == b"close" && ends && at(k) == b'>' {
                    return Some(Refusal { line });
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The level of a long bracket (`[[` is 0, `[==[` is 2) opening at `i`, if one does.
fn long_bracket(source: &[u8], i: usize) -> Option<usize> {
    if source.get(i) != Some(&b'[') {
        return None;
    }
    let level = source[i + 1..].iter().take_while(|&&c| c == b'=').count();
    (source.get(i + 1 + level) == Some(&b'[')).then_some(level)
}

/// The index after the long string or comment of `level` that opens at `i`.
fn skip_long(source: &[u8], i: usize, level: usize, line: &mut u32) -> usize {
    let mut close = vec![b']'];
    close.extend(std::iter::repeat_n(b'=', level));
    close.push(b']');
    let body = i + level + 2;
    let rest = source.get(body..).unwrap_or_default();
    let end = rest.windows(close.len()).position(|w| w == close.as_slice()).map_or(rest.len(), |p| p + close.len());
    *line += rest[..end.min(rest.len())].iter().filter(|&&c| c == b'\n').count() as u32;
    body + end
}

#[cfg(test)]
mod tests {
    use super::refusal;

    #[test]
    fn finds_close_attributes_outside_strings_and_comments() {
        assert_eq!(refusal(b"local a = 1\nlocal g <close> = x").map(|r| r.line), Some(2));
        assert_eq!(refusal(b"local g<  close\n>= x").map(|r| r.line), Some(1));
        assert!(refusal(b"local g <const> = 1").is_none());
        assert!(refusal(b"local s = \"<close>\" -- <close>\n--[[ <close> ]] x = [==[\n<close>]==]").is_none());
        assert_eq!(refusal(b"--[[\n\n]] local g <close> = x").map(|r| r.line), Some(3));
        assert!(refusal(b"if a <closed > b then end").is_none());
    }
}
