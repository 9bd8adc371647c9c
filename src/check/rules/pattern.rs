//! Lua 5.4's patterns (`string.find`, `match`, `gmatch`, `gsub`), matched in Rust so that the work
//! of a match is counted. Lua's own matcher is C: it backtracks, and while it runs no hook fires, so
//! one call could run for hours out of reach of any budget or deadline. This is a faithful port of
//! `lstrlib.c` (same classes, captures, errors and results) whose every step is paid for: after
//! [`STEPS_PER_CHARGE`] steps it asks its caller to charge them to the rule's budget.

use std::fmt;

/// Most captures a pattern may have (`LUA_MAXCAPTURES`).
const MAX_CAPTURES: usize = 32;
/// Deepest recursion of the matcher (`MAXCCALLS` in `lstrlib.c`).
const MAX_DEPTH: usize = 200;
/// How many steps are counted before the budget is asked.
pub const STEPS_PER_CHARGE: u64 = 4096;

const ESC: u8 = b'%';
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// Why a match stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The pattern is malformed or misused: Lua's own message (`malformed pattern (missing ']')`).
    Pattern(String),
    /// The budget said no: the rule is being stopped.
    Budget,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Pattern(m) => f.write_str(m),
            Stop::Budget => f.write_str("the rule's budget is spent"),
        }
    }
}

/// A capture: a piece of the subject, or a position (`()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// Bytes `start..end` of the subject.
    Text(usize, usize),
    /// A 1-based position.
    Position(usize),
}

#[derive(Debug, Clone, Copy)]
enum Len {
    Unfinished,
    Position,
    Closed(usize),
}

/// One matching run over a subject with a pattern (the anchor `^` already removed by the caller).
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    capture: [(usize, Len); MAX_CAPTURES],
    depth: usize,
    steps: u64,
    charge: &'a mut dyn FnMut(u64) -> bool,
}

impl<'a> Matcher<'a> {
    /// A matcher of `pat` in `src`; `charge(n)` is called with every [`STEPS_PER_CHARGE`] steps
    /// (and the rest at the end) and returns `false` to stop the match.
    pub fn new(src: &'a [u8], pat: &'a [u8], charge: &'a mut dyn FnMut(u64) -> bool) -> Self {
        Matcher {
            src,
            pat,
            level: 0,
            capture: [(0, Len::Unfinished); MAX_CAPTURES],
            depth: MAX_DEPTH,
            steps: 0,
            charge,
        }
    }

    /// Charges the steps not charged yet; `false` when the budget said no.
    pub fn settle(&mut self) -> bool {
        let n = std::mem::take(&mut self.steps);
        n == 0 || (self.charge)(n)
    }

    fn step(&mut self) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps >= STEPS_PER_CHARGE && !self.settle() {
            return Err(Stop::Budget);
        }
        Ok(())
    }

    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    fn s(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    /// Tries to match the pattern at `s`: the end of the match, or `None`.
    pub fn at(&mut self, s: usize) -> Result<Option<usize>, Stop> {
        self.level = 0;
        self.depth = MAX_DEPTH;
        self.do_match(s, 0)
    }

    fn class_end(&self, mut p: usize) -> Result<usize, Stop> {
        let c = self.p(p);
        p += 1;
        match c {
            ESC => {
                if p >= self.pat.len() {
                    return Err(Stop::Pattern("malformed pattern (ends with '%')".into()));
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.p(p) == b'^' {
                    p += 1;
                }
                loop {
                    if p >= self.pat.len() {
                        return Err(Stop::Pattern("malformed pattern (missing ']')".into()));
                    }
                    let c = self.p(p);
                    p += 1;
                    if c == ESC && p < self.pat.len() {
                        p += 1;
                    }
                    if self.p(p) == b']' {
                        break;
                    }
                }
                Ok(p + 1)
            }
            _ => Ok(p),
        }
    }

    fn single(&self, s: usize, p: usize, ep: usize) -> bool {
        if s >= self.src.len() {
            return false;
        }
        let c = self.src[s];
        match self.p(p) {
            b'.' => true,
            ESC => match_class(c, self.p(p + 1)),
            b'[' => self.bracket(c, p, ep - 1),
            other => other == c,
        }
    }

    /// Whether `c` is in the set `[...]` that starts at `p` and whose `]` is at `ec`.
    fn bracket(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut sig = true;
        if self.p(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                return !sig;
            }
            if self.p(p) == ESC {
                p += 1;
                if match_class(c, self.p(p)) {
                    return sig;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if self.p(p - 2) <= c && c <= self.p(p) {
                    return sig;
                }
            } else if self.p(p) == c {
                return sig;
            }
        }
    }

    fn balance(&mut self, mut s: usize, p: usize) -> Result<Option<usize>, Stop> {
        if p + 1 >= self.pat.len() {
            return Err(Stop::Pattern("malformed pattern (missing arguments to '%b')".into()));
        }
        if self.s(s) != self.p(p) {
            return Ok(None);
        }
        let (b, e) = (self.p(p), self.p(p + 1));
        let mut open = 1;
        s += 1;
        while s < self.src.len() {
            self.step()?;
            let c = self.src[s];
            if c == e {
                open -= 1;
                if open == 0 {
                    return Ok(Some(s + 1));
                }
            } else if c == b {
                open += 1;
            }
            s += 1;
        }
        Ok(None)
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> Result<Option<usize>, Stop> {
        let mut i = 0;
        while self.single(s + i, p, ep) {
            self.step()?;
            i += 1;
        }
        loop {
            if let Some(end) = self.do_match(s + i, ep + 1)? {
                return Ok(Some(end));
            }
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> Result<Option<usize>, Stop> {
        loop {
            if let Some(end) = self.do_match(s, ep + 1)? {
                return Ok(Some(end));
            }
            if self.single(s, p, ep) {
                s += 1;
            } else {
                return Ok(None);
            }
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: Len) -> Result<Option<usize>, Stop> {
        if self.level >= MAX_CAPTURES {
            return Err(Stop::Pattern("too many captures".into()));
        }
        self.capture[self.level] = (s, what);
        self.level += 1;
        let res = self.do_match(s, p)?;
        if res.is_none() {
            self.level -= 1;
        }
        Ok(res)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Result<Option<usize>, Stop> {
        let l = (0..self.level)
            .rev()
            .find(|&l| matches!(self.capture[l].1, Len::Unfinished))
            .ok_or_else(|| Stop::Pattern("invalid pattern capture".into()))?;
        self.capture[l].1 = Len::Closed(s - self.capture[l].0);
        let res = self.do_match(s, p)?;
        if res.is_none() {
            self.capture[l].1 = Len::Unfinished;
        }
        Ok(res)
    }

    fn match_capture(&mut self, s: usize, l: u8) -> Result<Option<usize>, Stop> {
        let l = self.check_capture(l)?;
        // A position capture has no text to repeat: it never matches (as in Lua).
        let (start, len) = match self.capture[l] {
            (start, Len::Closed(len)) => (start, len),
            _ => return Ok(None),
        };
        let ok = self.src.len() - s.min(self.src.len()) >= len && self.src[start..start + len] == self.src[s..s + len];
        Ok(ok.then_some(s + len))
    }

    fn check_capture(&self, l: u8) -> Result<usize, Stop> {
        let l = i32::from(l) - i32::from(b'1');
        if l < 0 || l as usize >= self.level || matches!(self.capture[l as usize].1, Len::Unfinished) {
            return Err(Stop::Pattern(format!("invalid capture index %{}", l + 1)));
        }
        Ok(l as usize)
    }

    fn do_match(&mut self, mut s: usize, mut p: usize) -> Result<Option<usize>, Stop> {
        if self.depth == 0 {
            return Err(Stop::Pattern("pattern too complex".into()));
        }
        self.depth -= 1;
        let result = loop {
            self.step()?;
            if p >= self.pat.len() {
                break Some(s);
            }
            match self.p(p) {
                b'(' => {
                    break if self.p(p + 1) == b')' {
                        self.start_capture(s, p + 2, Len::Position)?
                    } else {
                        self.start_capture(s, p + 1, Len::Unfinished)?
                    };
                }
                b')' => break self.end_capture(s, p + 1)?,
                b'$' if p + 1 == self.pat.len() => break (s == self.src.len()).then_some(s),
                ESC if self.p(p + 1) == b'b' => match self.balance(s, p + 2)? {
                    Some(end) => {
                        s = end;
                        p += 4;
                    }
                    None => break None,
                },
                ESC if self.p(p + 1) == b'f' => {
                    p += 2;
                    if self.p(p) != b'[' {
                        return Err(Stop::Pattern("missing '[' after '%f' in pattern".into()));
                    }
                    let ep = self.class_end(p)?;
                    let previous = if s == 0 { 0 } else { self.s(s - 1) };
                    if !self.bracket(previous, p, ep - 1) && self.bracket(self.s(s), p, ep - 1) {
                        p = ep;
                    } else {
                        break None;
                    }
                }
                ESC if self.p(p + 1).is_ascii_digit() => match self.match_capture(s, self.p(p + 1))? {
                    Some(end) => {
                        s = end;
                        p += 2;
                    }
                    None => break None,
                },
                _ => {
                    let ep = self.class_end(p)?;
                    let suffix = self.p(ep);
                    if !self.single(s, p, ep) {
                        if matches!(suffix, b'*' | b'?' | b'-') {
                            p = ep + 1;
                            continue;
                        }
                        break None;
                    }
                    match suffix {
                        b'?' => match self.do_match(s + 1, ep + 1)? {
                            Some(end) => break Some(end),
                            None => p = ep + 1,
                        },
                        b'+' => break self.max_expand(s + 1, p, ep)?,
                        b'*' => break self.max_expand(s, p, ep)?,
                        b'-' => break self.min_expand(s, p, ep)?,
                        _ => {
                            s += 1;
                            p = ep;
                        }
                    }
                }
            }
        };
        self.depth += 1;
        Ok(result)
    }

    /// Capture `i` of the last match `s..e` (`i == 0` without captures: the whole match).
    pub fn capture(&self, i: usize, s: usize, e: usize) -> Result<Capture, Stop> {
        if i >= self.level {
            if i != 0 {
                return Err(Stop::Pattern(format!("invalid capture index %{}", i + 1)));
            }
            return Ok(Capture::Text(s, e));
        }
        match self.capture[i] {
            (_, Len::Unfinished) => Err(Stop::Pattern("unfinished capture".into())),
            (start, Len::Position) => Ok(Capture::Position(start + 1)),
            (start, Len::Closed(len)) => Ok(Capture::Text(start, start + len)),
        }
    }

    /// The captures of the last match `s..e` (the whole match when it has none; nothing for
    /// `find`, which passes `whole = false`).
    pub fn captures(&self, s: usize, e: usize, whole: bool) -> Result<Vec<Capture>, Stop> {
        let n = if self.level == 0 && whole { 1 } else { self.level };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }
}

/// Whether byte `c` is in the class `%cl` (C locale, as Lua's matcher sees it).
fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_lowercase() { res } else { !res }
}

/// Whether a pattern has no special characters (`find` then searches it as plain text).
pub fn no_specials(pat: &[u8]) -> bool {
    !pat.iter().any(|c| SPECIALS.contains(c))
}

/// The first place `needle` occurs in `hay` at or after `from`.
pub fn find_plain(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| i + from)
}

/// Lua's `posrelatI`: a 1-based start position, negative from the end, as a 0-based offset
/// (which may be past the end).
pub fn start_offset(init: i64, len: usize) -> usize {
    let len = len as i64;
    let pos = if init > 0 {
        init
    } else if init == 0 || init < -len {
        1
    } else {
        len + init + 1
    };
    (pos - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str, p: &str) -> Option<(usize, usize, Vec<Capture>)> {
        let (anchor, pat) = match p.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, p),
        };
        let mut ok = |_| true;
        let mut m = Matcher::new(s.as_bytes(), pat.as_bytes(), &mut ok);
        let mut at = 0;
        loop {
            if let Some(e) = m.at(at).unwrap() {
                return Some((at + 1, e, m.captures(at, e, false).unwrap()));
            }
            at += 1;
            if anchor || at > s.len() {
                return None;
            }
        }
    }

    #[test]
    fn matches_like_lua() {
        assert_eq!(find("2026年12月6日", "(%d+)年(%d+)月").map(|f| f.0), Some(1));
        assert_eq!(find("  x  ", "^%s*(.-)%s*$").unwrap().2, vec![Capture::Text(2, 3)]);
        assert_eq!(find("a(b(c)d)e", "%b()").map(|f| (f.0, f.1)), Some((2, 8)));
        assert_eq!(find("THE (quick) fox", "%f[%a]%a+").map(|f| (f.0, f.1)), Some((1, 3)));
        assert_eq!(find("hello", "()ll()").unwrap().2, vec![Capture::Position(3), Capture::Position(5)]);
        assert_eq!(find("abab", "(ab)%1").map(|f| (f.0, f.1)), Some((1, 4)));
        assert!(find("abc", "x").is_none());
    }

    #[test]
    fn a_runaway_match_is_stopped_by_its_budget() {
        let s = "a".repeat(30);
        let mut spent = 0;
        let mut budget = |n| {
            spent += n;
            spent < 1_000_000
        };
        let mut m = Matcher::new(s.as_bytes(), b"a*a*a*a*a*a*a*a*a*b", &mut budget);
        assert_eq!(m.at(0), Err(Stop::Budget));
    }

    #[test]
    fn malformed_patterns_say_so() {
        let mut ok = |_| true;
        for (p, message) in [
            ("[a", "malformed pattern (missing ']')"),
            ("%", "malformed pattern (ends with '%')"),
            ("%b", "malformed pattern (missing arguments to '%b')"),
            ("%fa", "missing '[' after '%f' in pattern"),
            ("(%1)", "invalid capture index %1"),
            (")", "invalid pattern capture"),
        ] {
            let mut m = Matcher::new(b"abc", p.as_bytes(), &mut ok);
            assert_eq!(m.at(0), Err(Stop::Pattern(message.into())), "{p}");
        }
    }
}
