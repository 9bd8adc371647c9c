//! A clause's grams: its characters and pairs of neighbouring characters, lower-cased, none across
//! white space, each once; and a gram's text and hash, the same as `static/search.js` computes.

/// Bit of a gram key marking it as found in the number or title (the "head").
pub(super) const HEAD: u64 = 1 << 42;

/// Stands in for the second character of a single-character gram.
const NONE: u64 = 0x1F_FFFF;

/// The grams of a clause's head (number and title, marked [`HEAD`], and again unmarked: they
/// are text too) and of its texts, each once.
pub(super) fn clause_grams(heads: [&str; 2], texts: [&str; 2]) -> Vec<u64> {
    GramSet::with(|set| {
        for head in heads {
            grams_of(head, HEAD, set);
        }
        for k in 0..set.found.len() {
            set.insert(set.found[k] & !HEAD);
        }
        for text in texts {
            grams_of(text, 0, set);
        }
    })
}

/// Adds the grams of `text` (lower-cased, none across white space), each marked with `flag`.
fn grams_of(text: &str, flag: u64, set: &mut GramSet) {
    let mut prev: Option<char> = None;
    // `plain`: a character known to be neither white space nor a control character.
    let mut push = |c: char, plain: bool| {
        if !plain && (c.is_whitespace() || c.is_control()) {
            prev = None;
            return;
        }
        set.insert(flag | (u64::from(c) << 21) | NONE);
        if let Some(p) = prev {
            set.insert(flag | (u64::from(p) << 21) | u64::from(c));
        }
        prev = Some(c);
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), false);
        } else if ('\u{3001}'..='\u{9fff}').contains(&c) || ('\u{ac00}'..='\u{d7a3}').contains(&c) {
            // Chinese, Japanese and Korean have no case, and no white space but U+3000.
            push(c, true);
        } else {
            // Final sigma as sigma, as search.js folds it (it lowers a word's last Σ to ς).
            c.to_lowercase().for_each(|l| push(if l == 'ς' { 'σ' } else { l }, false));
        }
    }
}

/// The grams of one clause, each once, in the order first found: an open-addressed table of the
/// thread's own whose slots are marked with the clause they belong to, so that it is never
/// cleared. (A clause has each of its few hundred grams many times over: collecting them all and
/// removing repeats after, with a general hash set, cost three times as much.)
struct GramSet {
    /// (gram, mark); a slot whose mark is not the current one is free.
    slots: Vec<(u64, u32)>,
    mark: u32,
    /// The grams found, in order.
    found: Vec<u64>,
}

impl GramSet {
    /// Collects one clause's grams with `add`, in the thread's table.
    fn with(add: impl FnOnce(&mut GramSet)) -> Vec<u64> {
        thread_local! {
            static SET: std::cell::RefCell<GramSet> =
                const { std::cell::RefCell::new(GramSet { slots: Vec::new(), mark: 0, found: Vec::new() }) };
        }
        SET.with_borrow_mut(|set| {
            set.next();
            add(set);
            std::mem::take(&mut set.found)
        })
    }

    /// Starts a clause: every slot free.
    fn next(&mut self) {
        self.mark = self.mark.wrapping_add(1);
        if self.mark == 0 || self.slots.is_empty() {
            self.slots = vec![(0, 0); self.slots.len().max(4096)];
            self.mark = 1;
        }
    }

    #[inline]
    fn insert(&mut self, gram: u64) {
        // At most half full.
        if 2 * (self.found.len() + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = ((gram ^ (gram >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        loop {
            match self.slots[at] {
                (seen, mark) if mark == self.mark && seen == gram => return,
                (_, mark) if mark == self.mark => at = (at + 1) & mask,
                _ => {
                    self.slots[at] = (gram, self.mark);
                    self.found.push(gram);
                    return;
                }
            }
        }
    }

    /// Twice the slots, the grams found so far put in again.
    fn grow(&mut self) {
        let found = std::mem::take(&mut self.found);
        self.slots = vec![(0, 0); self.slots.len() * 2];
        self.mark = 1;
        for gram in found {
            self.insert(gram);
        }
    }
}

/// A gram's text: one or two characters.
pub(super) fn gram_text(gram: u64) -> String {
    let first = char::from_u32(((gram >> 21) & NONE) as u32).unwrap_or(' ');
    match gram & NONE {
        NONE => first.to_string(),
        second => [first, char::from_u32(second as u32).unwrap_or(' ')].iter().collect(),
    }
}

/// The gram whose text is `text` ([`gram_text`]'s inverse): `None` unless one or two characters.
pub(super) fn gram_of(text: &str) -> Option<u64> {
    let mut chars = text.chars();
    let first = u64::from(chars.next()?);
    match (chars.next(), chars.next()) {
        (None, _) => Some((first << 21) | NONE),
        (Some(second), None) => Some((first << 21) | u64::from(second)),
        _ => None,
    }
}

/// FNV-1a over the code points of a gram, as `search.js` computes it.
pub(super) fn gram_hash(gram: u64) -> u32 {
    // The code points of `gram_text`, without making it.
    let code = |c: u64| char::from_u32(c as u32).map_or(u32::from(' '), u32::from);
    let second = (gram & NONE != NONE).then(|| code(gram & NONE));
    std::iter::once(code((gram >> 21) & NONE))
        .chain(second)
        .fold(0x811c_9dc5u32, |h, c| (h ^ c).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(text: &str) -> Vec<u64> {
        GramSet::with(|set| grams_of(text, 0, set))
    }

    #[test]
    fn grams_are_characters_and_pairs_not_across_spaces() {
        let texts: Vec<String> = grams("联合 AB\u{3000}联合 ab").into_iter().map(gram_text).collect();
        assert_eq!(texts, ["联", "合", "联合", "a", "b", "ab"]);
    }

    #[test]
    fn each_gram_is_found_once_in_the_order_first_seen_however_many_there_are() {
        // Thousands of distinct characters (the table grows), then the same again, then a short
        // clause (the table starts afresh for each).
        let many: String = ('\u{4e00}'..='\u{5a00}').collect();
        let text = format!("{many} {many}");
        let mut expected = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut prev = None;
        for c in text.chars() {
            if c == ' ' {
                prev = None;
                continue;
            }
            let pair = prev.map(|p: char| (u64::from(p) << 21) | u64::from(c));
            for g in std::iter::once((u64::from(c) << 21) | NONE).chain(pair) {
                if seen.insert(g) {
                    expected.push(g);
                }
            }
            prev = Some(c);
        }
        assert_eq!(grams(&text), expected);
        assert_eq!(grams("甲乙 甲乙\u{3000}甲乙"), grams("甲乙"));
        assert_eq!(grams("甲乙").len(), 3);
    }

    #[test]
    fn greek_final_sigma_is_indexed_as_sigma_whatever_its_case() {
        // The browser lowers ΛΟΓΟΣ to λογος; search.js folds ς to σ, as the index does.
        assert_eq!(grams("ΛΟΓΟΣ"), grams("λογοσ"));
        assert_eq!(grams("λογος"), grams("λογοσ"));
    }

    #[test]
    fn a_gram_is_read_back_from_its_text() {
        for g in grams("联合 ab ΛΟΓΟΣ 😀x") {
            assert_eq!(gram_of(&gram_text(g)), Some(g));
        }
        assert_eq!(gram_of(""), None);
        assert_eq!(gram_of("abc"), None);
    }

    #[test]
    fn the_hash_is_fnv_1a_over_code_points() {
        // The same values search.js computes (FNV-1a, 32 bits, one step per code point).
        assert_eq!(gram_hash(grams("a")[0]), 0xe40c_292c);
        for g in grams("联合 ab😀") {
            let by_text = gram_text(g).chars().fold(0x811c_9dc5u32, |h, c| (h ^ c as u32).wrapping_mul(0x0100_0193));
            assert_eq!(gram_hash(g), by_text);
        }
        assert_eq!(gram_hash(grams("😀")[0]), (0x811c_9dc5u32 ^ 0x1F600).wrapping_mul(0x0100_0193));
    }
}
