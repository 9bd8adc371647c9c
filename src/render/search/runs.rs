//! Posting lists written as runs of clause indices, in base 36: compact for the lists of common
//! grams (most clauses, in long runs), and appended to without being decoded.

/// Clause indices, ascending, written as runs: for each run its gap from the end of the previous
/// run and, when longer than one, `.` and its length less one, in base 36, comma-separated
/// (`0.7pr` is clauses 0 to 9,999; `3,3.1` is 3, 7 and 8). Clauses are pushed in order, so a
/// first build holds each gram's postings in this compact form, never as a list.
#[derive(Debug, Default)]
pub(super) struct Runs {
    out: String,
    /// The end of the last run written, plus one.
    next: u32,
    /// The run being extended.
    run: Option<(u32, u32)>,
}

impl Runs {
    /// Pushes clause `i`, after every clause pushed so far.
    pub(super) fn push(&mut self, i: u32) {
        match &mut self.run {
            Some((_, end)) if *end + 1 == i => *end = i,
            _ => {
                self.flush();
                self.run = Some((i, i));
            }
        }
    }

    fn flush(&mut self) {
        if let Some((start, end)) = self.run.take() {
            if !self.out.is_empty() {
                self.out.push(',');
            }
            base36(start - self.next, &mut self.out);
            if end > start {
                self.out.push('.');
                base36(end - start, &mut self.out);
            }
            self.next = end + 1;
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.flush();
        self.out
    }

    /// Pushes the clauses of `list` ([`encode`]d, well-formed), each `offset` later: after every
    /// clause pushed so far.
    pub(super) fn append(&mut self, list: &str, offset: u32) {
        for (start, end) in runs(list).flatten() {
            match &mut self.run {
                Some((_, last)) if *last + 1 == start + offset => *last = end + offset,
                _ => {
                    self.flush();
                    self.run = Some((start + offset, end + offset));
                }
            }
        }
    }

    /// The last clause of `list` ([`encode`]d; `Some(None)` when it has none), `None` when it is
    /// not well-formed.
    pub(super) fn end_of(list: &str) -> Option<Option<u32>> {
        runs(list).try_fold(None, |_, run| run.map(|(_, end)| Some(end)))
    }
}

/// The runs of clauses `(first, last)` that [`encode`] wrote (none in an empty text); `None` for
/// one that is not well-formed (then nothing more).
fn runs(text: &str) -> impl Iterator<Item = Option<(u32, u32)>> + '_ {
    let (mut bytes, mut next) = (text.as_bytes(), Some(0u32));
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        // `gap[.length-1]`, up to the next comma.
        let end = bytes.iter().position(|&b| b == b',').unwrap_or(bytes.len());
        let (run, rest) = bytes.split_at(end);
        bytes = rest.get(1..).unwrap_or_default();
        let mut parts = run.splitn(2, |&b| b == b'.');
        let run = next.and_then(|n| {
            let start = n.checked_add(base36_of(parts.next()?)?)?;
            let end = start.checked_add(parts.next().map_or(Some(0), base36_of)?)?;
            Some((start, end))
        });
        next = run.and_then(|(_, end)| end.checked_add(1));
        if run.is_none() {
            bytes = &[];
        }
        Some(run)
    })
}

/// Clause indices (ascending) as runs.
pub(super) fn encode(postings: &[u32]) -> String {
    let mut runs = Runs::default();
    postings.iter().for_each(|&i| runs.push(i));
    runs.finish()
}

/// The clause indices that [`encode`] wrote.
pub(super) fn decode(text: &str) -> Vec<u32> {
    runs(text).flatten().flat_map(|(start, end)| start..=end).collect()
}

/// The number `digits` write in base 36 (lower-case, as [`base36`] writes them).
fn base36_of(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &d| {
        let value = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'z' => d - b'a' + 10,
            _ => return None,
        };
        n.checked_mul(36)?.checked_add(u32::from(value))
    })
}

fn base36(mut n: u32, out: &mut String) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&d| char::from(d)));
}
