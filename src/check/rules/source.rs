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

/// The first `<close>` attribute of `source` outside strings and comments, if any: the tokens
/// `<`, `close`, `>` with anything Lua skips between them (white space of every kind, comments).
pub fn refusal(source: &[u8]) -> Option<Refusal> {
    let mut tokens = Tokens { source, i: 0, line: 1 };
    let mut last: [Option<(Token, u32)>; 2] = [None, None];
    while let Some(token) = tokens.next() {
        if let (Some((Token::Punct(b'<'), line)), Some((Token::Name(b"close"), _)), Token::Punct(b'>')) =
            (last[0], last[1], token)
        {
            return Some(Refusal { line });
        }
        last = [last[1], Some((token, tokens.line))];
    }
    None
}

/// A token of Lua source, as far as the scan needs: a name, or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Name(&'a [u8]),
    Punct(u8),
    Other,
}

/// The tokens of Lua source, white space, comments and strings skipped; `line` is where the last
/// token was.
struct Tokens<'a> {
    source: &'a [u8],
    i: usize,
    line: u32,
}

impl<'a> Tokens<'a> {
    fn at(&self, i: usize) -> u8 {
        self.source.get(i).copied().unwrap_or(0)
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let source = self.source;
        loop {
            let c = *source.get(self.i)?;
            match c {
                b'\n' => {
                    self.line += 1;
                    self.i += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => self.i += 1,
                b'-' if self.at(self.i + 1) == b'-' => {
                    self.i += 2;
                    match long_bracket(source, self.i) {
                        Some(level) => self.i = skip_long(source, self.i, level, &mut self.line),
                        None => {
                            while self.i < source.len() && source[self.i] != b'\n' {
                                self.i += 1;
                            }
                        }
                    }
                }
                b'[' if long_bracket(source, self.i).is_some() => {
                    let level = long_bracket(source, self.i).unwrap_or(0);
                    self.i = skip_long(source, self.i, level, &mut self.line);
                    return Some(Token::Other);
                }
                quote @ (b'"' | b'\'') => {
                    self.i += 1;
                    while self.i < source.len() && source[self.i] != quote {
                        if source[self.i] == b'\\' {
                            self.i += 1;
                        }
                        if self.at(self.i) == b'\n' {
                            self.line += 1;
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                    return Some(Token::Other);
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = self.i;
                    while self.at(self.i).is_ascii_alphanumeric() || self.at(self.i) == b'_' {
                        self.i += 1;
                    }
                    return Some(Token::Name(&source[start..self.i]));
                }
                c => {
                    self.i += 1;
                    return Some(Token::Punct(c));
                }
            }
        }
    }
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
        // Whatever Lua skips between the tokens (issue 23's attacker): comments, form feeds.
        assert!(refusal(b"local x <--[[]]close> = nil").is_some());
        assert!(refusal(b"local x <\x0cclose\x0b> = nil").is_some());
        assert!(refusal(b"local x < close --[==[ ]==]\n -- c\n > = nil").is_some());
        assert!(refusal(b"local x <const> = '<close>'").is_none());
    }
}
