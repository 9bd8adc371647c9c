//! The agreement's text as digests: one SHA-256 per file of `content/` and one of the whole, in
//! reading order. An approval records them; the same digests computed from another version, or
//! from the working tree after an edit, tell whether that approval still covers the text and
//! which files changed.
//!
//! A file's digest covers what a reader reads: its front matter (as data, in the order written,
//! so that comments and spacing do not count) and its Markdown body (line endings normalised).
//! Digests have a version ([`Algorithm`]): the first covers the text exactly; the second, which
//! new approvals record, reads it as rendered ([`super::mechanical`]), so that a mechanical change
//! (whitespace that renders alike, the full-width or half-width form of a mark from a closed list)
//! does not make an approval stale. An approval is judged by the algorithm it was made with.
//!
//! The settings clausebook reads from `_index.md` (`versions`, `rules`, `signoff`, …) and a
//! clause's `allow` are not part of the text: declaring a release, or suppressing a rule, does
//! not make an approval stale.

use std::fmt;

use sha2::{Digest as _, Sha256};

use crate::base::diagnostic::slash_path;
use crate::base::model::{Agreement, Body};
use crate::base::yaml::{Node, Value};

/// Keys of `content/_index.md` that configure clausebook rather than say what was agreed.
pub const SETTINGS: [&str; 9] =
    ["theme", "base_url", "fields", "rules", "rule_limits", "versions", "signoff", "language", "library"];

/// Keys of a clause that configure clausebook rather than say what was agreed.
const CLAUSE_SETTINGS: [&str; 1] = ["allow"];

/// How a text's digests are made; an approval records the one it was made with (`digest: 2`;
/// none written is the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Algorithm {
    /// The text exactly as written (line ends as `\n`): approvals recorded before `digest: 2`.
    #[default]
    Exact,
    /// The text as rendered: a mechanical change is no change ([`super::mechanical`]).
    Tolerant,
}

impl Algorithm {
    /// The algorithm new approvals record.
    pub const CURRENT: Algorithm = Algorithm::Tolerant;

    /// Its number, as an approval file writes it.
    pub fn number(self) -> u32 {
        match self {
            Algorithm::Exact => 1,
            Algorithm::Tolerant => 2,
        }
    }

    /// The algorithm numbered `n`.
    pub fn of(n: i64) -> Option<Algorithm> {
        match n {
            1 => Some(Algorithm::Exact),
            2 => Some(Algorithm::Tolerant),
            _ => None,
        }
    }

    /// `markdown` as this algorithm reads it.
    fn markdown(self, markdown: &str) -> String {
        match self {
            Algorithm::Exact => markdown.replace("\r\n", "\n"),
            Algorithm::Tolerant => super::mechanical::markdown(markdown),
        }
    }
}

/// A SHA-256 digest, written `sha256:` and 64 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// Reads `sha256:<64 hex digits>`.
    pub fn parse(text: &str) -> Option<Digest> {
        let hex = text.strip_prefix("sha256:")?;
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Digest(out))
    }

    /// The first 12 hex digits, for people.
    pub fn short(&self) -> String {
        self.0[..6].iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sha256:")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The text of one version: each file's digest in reading order, and the digest of the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Each file (relative to the project root, `/`-separated) and its digest, in reading order.
    pub files: Vec<(String, Digest)>,
    /// The digest of the list above: the whole text, its order included.
    pub whole: Digest,
    /// How the digests were made.
    pub algorithm: Algorithm,
}

impl Text {
    /// The text of `agreement` as new approvals record it ([`Algorithm::CURRENT`]).
    pub fn of(agreement: &Agreement) -> Text {
        Text::with(agreement, Algorithm::CURRENT)
    }

    /// The text of `agreement` by `algorithm`: `_index.md`, then each chapter's `_index.md`
    /// before its clauses.
    pub fn with(agreement: &Agreement, algorithm: Algorithm) -> Text {
        let mut files = vec![(slash_path(&agreement.file), index_digest(agreement, algorithm))];
        let mut shown = vec![false; agreement.chapters.len()];
        let mut chapter_file = |i: usize, files: &mut Vec<(String, Digest)>| {
            let ch = &agreement.chapters[i];
            if !std::mem::replace(&mut shown[i], true)
                && let Some(file) = &ch.file
            {
                let title = match algorithm {
                    Algorithm::Exact => ch.title.clone(),
                    Algorithm::Tolerant => super::mechanical::text(&ch.title),
                };
                let head = serde_json::json!({"title": title, "order": ch.order});
                files.push((slash_path(file), body_digest(&head.to_string(), &ch.intro, algorithm)));
            }
        };
        for c in &agreement.clauses {
            if let Some(i) = c.chapter {
                chapter_file(i, &mut files);
            }
            files.push((slash_path(&c.file), clause_digest_with(c, algorithm)));
        }
        for i in 0..agreement.chapters.len() {
            chapter_file(i, &mut files);
        }
        Text::from_files(files, algorithm)
    }

    /// The text made of these files' digests, by `algorithm`.
    pub fn from_files(files: Vec<(String, Digest)>, algorithm: Algorithm) -> Text {
        let whole = whole(&files, algorithm);
        Text { files, whole, algorithm }
    }

    /// The digest of `file`, when the text has it.
    pub fn file(&self, file: &str) -> Option<Digest> {
        self.files.iter().find(|(f, _)| f == file).map(|(_, d)| *d)
    }
}

/// The digest of a list of files and digests, in its order, by `algorithm`.
pub fn whole(files: &[(String, Digest)], algorithm: Algorithm) -> Digest {
    let mut manifest = format!("clausebook text {}\n", algorithm.number());
    for (file, digest) in files {
        manifest.push_str(file);
        manifest.push('\t');
        manifest.push_str(&digest.to_string());
        manifest.push('\n');
    }
    Digest::of(manifest.as_bytes())
}

/// The digest of a clause's file, as [`Text`] holds it: of what its readers read, its library
/// text (`use:`) with its placeholders filled included.
pub fn clause_digest(c: &crate::base::model::Clause) -> Digest {
    clause_digest_with(c, Algorithm::Exact)
}

/// [`clause_digest`] by `algorithm`.
pub fn clause_digest_with(c: &crate::base::model::Clause, algorithm: Algorithm) -> Digest {
    let used = c.uses.as_ref().zip(c.used.as_ref()).map(|(u, used)| (u.edition, used.body.markdown.as_str()));
    clause_digest_using(c, algorithm, used)
}

/// [`clause_digest_with`] of `c` as it would read using edition `n` of its library clause, whose
/// text (placeholders filled) is `text`: what tells which edition an approval read.
pub fn clause_digest_using(c: &crate::base::model::Clause, algorithm: Algorithm, used: Option<(u32, &str)>) -> Digest {
    // The digest a `use:` records of its edition (`library pin`) is the library's text, which
    // the digest covers as such: pinning changes nothing a reader reads.
    let head = match c.uses.as_ref().zip(used) {
        Some((uses, (n, _))) => {
            front_json(&unpinned(&c.front, &format!("{}@{n}", uses.clause)), &CLAUSE_SETTINGS, algorithm)
        }
        None => front_json(&c.front, &CLAUSE_SETTINGS, algorithm),
    };
    match used {
        None => body_digest(&head, &c.body, algorithm),
        Some((_, text)) => {
            let head = format!("{head}\n---\n{}", algorithm.markdown(text));
            body_digest(&head, &c.body, algorithm)
        }
    }
}

fn index_digest(agreement: &Agreement, algorithm: Algorithm) -> Digest {
    body_digest(&front_json(&agreement.front, &SETTINGS, algorithm), &agreement.preamble, algorithm)
}

/// Keys of a party that configure clausebook: which department of a portfolio it is.
const PARTY_SETTINGS: [&str; 1] = ["org"];

/// The front matter as JSON, in the order written, without `skip` (nor the parties' settings);
/// by [`Algorithm::Tolerant`], each text as rendered.
fn front_json(front: &Node, skip: &[&str], algorithm: Algorithm) -> String {
    let kept = front
        .entries()
        .iter()
        .filter(|e| !skip.contains(&e.key.as_str()))
        .map(|e| match &e.value.value {
            Value::Seq(parties) if e.key == "parties" => {
                let mut e = e.clone();
                let parties = parties.iter().map(|p| without(p, &PARTY_SETTINGS)).collect();
                e.value = Node { value: Value::Seq(parties), span: e.value.span };
                e
            }
            _ => e.clone(),
        })
        .collect();
    let node = Node { value: Value::Map(kept), span: front.span };
    let node = match algorithm {
        Algorithm::Exact => node,
        Algorithm::Tolerant => rendered(node),
    };
    serde_json::to_string(&node).unwrap_or_default()
}

/// `node` with each text as a reader reads it ([`super::mechanical::text`]).
fn rendered(node: Node) -> Node {
    let value = match node.value {
        Value::String(s) => Value::String(super::mechanical::text(&s)),
        Value::Seq(items) => Value::Seq(items.into_iter().map(rendered).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|mut e| {
                    e.value = rendered(e.value);
                    e
                })
                .collect(),
        ),
        other => other,
    };
    Node { value, span: node.span }
}

/// The front matter `front` with its `use:` written `used`, without the digest it records.
fn unpinned(front: &Node, used: &str) -> Node {
    let mut front = front.clone();
    if let Value::Map(entries) = &mut front.value {
        for e in entries.iter_mut().filter(|e| e.key == "use") {
            e.value.value = Value::String(used.to_string());
        }
    }
    front
}

/// `node` without the keys `skip`, when it is a mapping.
fn without(node: &Node, skip: &[&str]) -> Node {
    match &node.value {
        Value::Map(entries) => Node {
            value: Value::Map(entries.iter().filter(|e| !skip.contains(&e.key.as_str())).cloned().collect()),
            span: node.span,
        },
        _ => node.clone(),
    }
}

fn body_digest(head: &str, body: &Body, algorithm: Algorithm) -> Digest {
    let mut h = Sha256::new();
    h.update(head.as_bytes());
    h.update(b"\n---\n");
    h.update(algorithm.markdown(&body.markdown).as_bytes());
    Digest(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_read_back_and_refuse_anything_else() {
        let d = Digest::of(b"abc");
        assert_eq!(d.to_string(), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(Digest::parse(&d.to_string()), Some(d));
        assert_eq!(d.short(), "ba7816bf8f01");
        for bad in [
            "ba7816bf",
            "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            "sha256:xyz",
            "md5:00",
        ] {
            assert_eq!(Digest::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_whole_depends_on_the_order() {
        let a = ("a.md".to_string(), Digest::of(b"a"));
        let b = ("b.md".to_string(), Digest::of(b"b"));
        assert_ne!(whole(&[a.clone(), b.clone()], Algorithm::Exact), whole(&[b.clone(), a.clone()], Algorithm::Exact));
        assert_ne!(whole(&[a.clone(), b.clone()], Algorithm::Exact), whole(&[a, b], Algorithm::Tolerant));
    }
}
