//! A site as data: its files and their bytes ([`Site`], [`Bytes`]), and the one interface every
//! page is stored through ([`Sink`]), in memory ([`Memory`]) or on disk (`crate::output`). Below
//! the stages: render stores into a sink without knowing where it writes.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Marks a folder as written by clausebook, so that only clausebook's own output is ever replaced.
pub const MARKER: &str = ".clausebook-site";

/// A built site: file paths (relative, `/`-separated) and their bytes, in a stable order. A
/// persistent map: a copy costs nothing and shares every file with the original, so that an
/// editing session makes the next site from the last one at the cost of what changed (a
/// portfolio's is tens of thousands of files).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    files: imbl::OrdMap<String, Bytes>,
}

/// A file's bytes: owned when made for this site alone, shared when the same bytes serve several
/// (a page kept from an earlier rebuild or another version is stored without a copy), or parts
/// shared with a cache (a big file assembled from per-clause parts is never copied into one).
#[derive(Debug, Clone)]
pub enum Bytes {
    /// Made for this file.
    Owned(Vec<u8>),
    /// Shared with a cache.
    Shared(Arc<[u8]>),
    /// The file is these parts, one after another.
    Parts(Arc<[Arc<str>]>),
}

impl Bytes {
    /// The file's bytes in one piece (copied together from parts).
    pub fn contiguous(&self) -> Cow<'_, [u8]> {
        match self {
            Bytes::Owned(v) => Cow::Borrowed(v),
            Bytes::Shared(a) => Cow::Borrowed(a),
            Bytes::Parts(parts) => {
                let mut joined = Vec::with_capacity(self.len());
                for p in parts.iter() {
                    joined.extend_from_slice(p.as_bytes());
                }
                Cow::Owned(joined)
            }
        }
    }

    /// How many bytes the file has.
    pub fn len(&self) -> usize {
        match self {
            Bytes::Owned(v) => v.len(),
            Bytes::Shared(a) => a.len(),
            Bytes::Parts(parts) => parts.iter().map(|p| p.len()).sum(),
        }
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the file's bytes to `out`.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Bytes::Parts(parts) => parts.iter().try_for_each(|p| out.write_all(p.as_bytes())),
            other => out.write_all(&other.contiguous()),
        }
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        match (self, other) {
            (Bytes::Shared(a), Bytes::Shared(b)) if Arc::ptr_eq(a, b) => true,
            (Bytes::Parts(a), Bytes::Parts(b)) if Arc::ptr_eq(a, b) => true,
            (Bytes::Parts(a), Bytes::Parts(b)) => self.len() == other.len() && same_parts(a, b),
            _ => self.len() == other.len() && self.contiguous() == other.contiguous(),
        }
    }
}

/// Whether two lists of parts make the same bytes: compared as two streams, without putting
/// either together; parts kept from before (the same allocation) are skipped unread.
fn same_parts(a: &[Arc<str>], b: &[Arc<str>]) -> bool {
    let (mut i, mut j, mut x, mut y) = (0, 0, 0, 0);
    loop {
        while i < a.len() && x == a[i].len() {
            (i, x) = (i + 1, 0);
        }
        while j < b.len() && y == b[j].len() {
            (j, y) = (j + 1, 0);
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some(p), Some(q)) if x == 0 && y == 0 && Arc::ptr_eq(p, q) => (i, j) = (i + 1, j + 1),
            (Some(p), Some(q)) => {
                let (p, q) = (&p.as_bytes()[x..], &q.as_bytes()[y..]);
                let n = p.len().min(q.len());
                if p[..n] != q[..n] {
                    return false;
                }
                (x, y) = (x + n, y + n);
            }
            _ => return false,
        }
    }
}

impl Eq for Bytes {}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes::Owned(v)
    }
}

impl From<String> for Bytes {
    fn from(s: String) -> Bytes {
        Bytes::Owned(s.into_bytes())
    }
}

impl From<Arc<str>> for Bytes {
    fn from(s: Arc<str>) -> Bytes {
        Bytes::Shared(s.into())
    }
}

impl From<Arc<[u8]>> for Bytes {
    fn from(b: Arc<[u8]>) -> Bytes {
        Bytes::Shared(b)
    }
}

impl From<Vec<Arc<str>>> for Bytes {
    fn from(parts: Vec<Arc<str>>) -> Bytes {
        Bytes::Parts(parts.into())
    }
}

/// Why a site could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A page path would leave the output folder (`..`, absolute, empty parts).
    UnsafePath(String),
    /// The output folder exists, is not empty and was not written by clausebook.
    NotOurs(PathBuf),
    /// The output folder is a symbolic link: replacing it would leave its target as it was.
    Link(PathBuf),
    /// The file system refused.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::UnsafePath(p) => write!(f, "refusing to write {p:?}: it would leave the output folder"),
            WriteError::NotOurs(p) => write!(
                f,
                "refusing to replace {}: it is not empty and was not written by clausebook (no {MARKER} file); choose another --out or remove it",
                p.display()
            ),
            WriteError::Link(p) => write!(
                f,
                "refusing to write the site into {}: it is a symbolic link, and clausebook writes only into a real folder; give --out the folder the link points to",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Where rendered pages go: memory (tests, `serve`) or a staging folder on disk (`build`).
/// Pages arrive from many threads at once.
pub trait Sink: Sync {
    /// Stores one file of the site at `path` (relative, `/`-separated).
    fn put(&self, path: &str, bytes: Bytes) -> Result<(), WriteError>;

    /// Stores a file that `write` produces, without holding all of it in memory where the sink
    /// allows (the printable page of a large agreement is tens of megabytes).
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| WriteError::Io(PathBuf::from(path), e))?;
        self.put(path, bytes.into())
    }

    /// Stores the file at `from` (a file of the site being replaced, kept as it is) at `path`:
    /// its bytes read and stored, or, where the sink writes to disk, the same file linked in, with
    /// its modification time.
    fn put_kept(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        let bytes = std::fs::read(from).map_err(|e| WriteError::Io(from.to_path_buf(), e))?;
        self.put(path, bytes.into())
    }
}

impl Site {
    /// Adds (or replaces) a file.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Takes a file out, if the site has it.
    pub fn remove(&mut self, path: &str) -> Option<Bytes> {
        self.files.remove(path)
    }

    /// The bytes of a file, if the site has it.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path)
    }

    /// Every file, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        self.files.iter().map(|(p, b)| (p.as_str(), b))
    }

    /// What differs from `old`: the files that are new or whose bytes changed, and the files that
    /// are gone. Bytes shared with `old` compare without being read.
    pub fn changes(&self, old: &Site) -> (Vec<String>, Vec<String>) {
        let (mut changed, mut removed) = (Vec::new(), Vec::new());
        let (mut new, mut was) = (self.files.iter().peekable(), old.files.iter().peekable());
        // Both are in path order: one walk through the two.
        loop {
            match (new.peek(), was.peek()) {
                (Some((p, b)), Some((q, c))) => match p.cmp(q) {
                    std::cmp::Ordering::Equal => {
                        if b != c {
                            changed.push(p.to_string());
                        }
                        new.next();
                        was.next();
                    }
                    std::cmp::Ordering::Less => changed.extend(new.next().map(|(p, _)| p.clone())),
                    std::cmp::Ordering::Greater => removed.extend(was.next().map(|(q, _)| q.clone())),
                },
                (Some(_), None) => changed.extend(new.next().map(|(p, _)| p.clone())),
                (None, Some(_)) => removed.extend(was.next().map(|(q, _)| q.clone())),
                (None, None) => return (changed, removed),
            }
        }
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Stores every page below a folder of another sink (a version's pages below `v1.0/`).
pub struct Prefixed<'a> {
    inner: &'a dyn Sink,
    prefix: String,
}

impl<'a> Prefixed<'a> {
    /// Pages put here land in `inner` below `folder/`.
    pub fn new(inner: &'a dyn Sink, folder: &str) -> Self {
        Prefixed { inner, prefix: format!("{folder}/") }
    }
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Bytes) -> Result<(), WriteError> {
        self.inner.put(&format!("{}{path}", self.prefix), bytes)
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        self.inner.put_streamed(&format!("{}{path}", self.prefix), write)
    }

    fn put_kept(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        self.inner.put_kept(&format!("{}{path}", self.prefix), from)
    }
}

/// Collects a site in memory (in arrival order; sorted once at the end).
#[derive(Debug, Default)]
pub struct Memory(Mutex<Vec<(String, Bytes)>>);

impl Memory {
    /// The collected site (where a path was stored twice, the last bytes win).
    pub fn into_site(self) -> Site {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.reverse();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        Site { files: files.into_iter().collect() }
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Bytes) -> Result<(), WriteError> {
        if !is_safe(path) {
            return Err(WriteError::UnsafePath(path.to_string()));
        }
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), bytes));
        Ok(())
    }
}

/// A relative path of plain names only: nothing that could climb out of the output folder.
pub fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(n) if !n.is_empty()))
}
