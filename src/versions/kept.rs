//! The build cache of a versioned site: a release is a commit, so its folder, once written, is
//! kept by later builds while everything it was made from is the same. Each release folder (and
//! `latest/`) carries a stamp, [`STAMP`], with the key of what made it and the count of its
//! findings; a build whose key for that folder is the same takes the folder from the site it
//! replaces as it is (hard links: same bytes, same modification times) instead of checking and
//! rendering it again.
//!
//! The key covers the release's commit and the versions before it (their names, kinds, dates and
//! commits: its switcher names them, its changelog compares with the previous one), the
//! clausebook binary (version, size and modification time: a rebuilt tool makes new pages), the
//! theme's files (read from the working tree), the build's settings (`--today`, `--base-url`,
//! whether the folder is printed to PDF) and the release's sign-off as judged from the
//! approvals in the working tree. Nothing a later release changes is in it: a release's pages do
//! not name later versions ([`crate::render::versions::VersionContext::known`]).
//!
//! The stamp also lists every file the build wrote into the folder, with its size ([`Recorder`]
//! takes them down as the pages are stored), and it is written after them. A folder is kept only
//! if its files are still exactly those, of those sizes, none modified after the stamp: a file
//! edited by hand, added or removed makes the folder rendered again, so a build leaves the site it
//! would make from scratch. Checking costs one directory walk with a `stat` per file and reads
//! nothing: hashing every kept file (the first design) made a build after a draft edit of ten
//! 1,000-clause releases 1.98× → 2.89× one version, almost all of it in opening and reading 16,000
//! files. Kept files keep their modification times (hard links, or copies given the original's).
//!
//! The same stamp keeps a folder file by file: a file listed with a key of its own (`keyed`
//! lines: the root's clause histories, each made from one clause in every version) is taken from
//! the site being replaced when the folder's key and its own key are the same and it is unchanged
//! since the stamp ([`reusable`]); the others are made again. A stamp is only ever asked whether a
//! file the build is about to write may be taken as it is: a path it names that the build would
//! not write is never taken, a damaged stamp keeps nothing, and a key it says that is not the
//! build's keeps nothing.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;

use crate::base::diagnostic::Summary;
use crate::base::site::{Bytes, Sink, WriteError};

/// The stamp file in a kept folder.
pub const STAMP: &str = ".clausebook-build";

/// What a folder was made from (its key), what its check found, and the files it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The key of everything the folder was made from, in hex.
    pub key: String,
    /// Its findings, counted (the build reports them for a kept folder too).
    pub summary: Summary,
    /// Every file the build wrote into the folder (but the stamp), in path order.
    pub files: Vec<File>,
}

/// One file of a stamped folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Its path in the folder, `/`-separated.
    pub path: String,
    /// Its length in bytes.
    pub size: u64,
    /// The key of what the file alone was made from, for a folder kept file by file.
    pub key: Option<String>,
}

impl Stamp {
    /// The stamp file's text: the key, the findings, then a line per file (`file <size> <path>`,
    /// or `keyed <key> <size> <path>` for a file with a key of its own).
    pub fn text(&self) -> String {
        let s = self.summary;
        let mut text = format!("key {}\nfindings {} {} {}\n", self.key, s.errors, s.warnings, s.infos);
        for f in &self.files {
            match &f.key {
                Some(key) => text.push_str(&format!("keyed {key} {} {}\n", f.size, f.path)),
                None => text.push_str(&format!("file {} {}\n", f.size, f.path)),
            }
        }
        text
    }

    /// The stamp of `folder` in the site at `out`, if it has a readable one.
    pub fn read(out: &Path, folder: &str) -> Option<Stamp> {
        Stamp::parse(&std::fs::read_to_string(out.join(folder).join(STAMP)).ok()?)
    }

    /// The stamp a stamp file's `text` says, if it is whole ([`Stamp::text`]).
    pub fn parse(text: &str) -> Option<Stamp> {
        let mut lines = text.lines();
        let key = lines.next()?.strip_prefix("key ")?.to_string();
        let counts: Vec<usize> =
            lines.next()?.strip_prefix("findings ")?.split(' ').map(str::parse).collect::<Result<_, _>>().ok()?;
        let [errors, warnings, infos] = counts[..] else { return None };
        let files = lines
            .map(|line| {
                let (key, rest) = match line.strip_prefix("keyed ") {
                    Some(rest) => rest.split_once(' ').map(|(k, rest)| (Some(k.to_string()), rest))?,
                    None => (None, line.strip_prefix("file ")?),
                };
                let (size, path) = rest.split_once(' ')?;
                let size = size.parse().ok()?;
                Some(File { path: Some(path).filter(|p| !p.is_empty())?.to_string(), size, key })
            })
            .collect::<Option<Vec<File>>>()?;
        Some(Stamp { key, summary: Summary { errors, warnings, infos }, files })
    }

    /// Whether `folder` of the site at `out` holds exactly the files this stamp lists, at their
    /// sizes, none modified after the stamp was written: none changed, none missing, none added
    /// (but `extra`, files written into the folder after the stamp: the PDFs a printed folder gets
    /// on every build). A symbolic link, or a name that is not UTF-8, is never one of them.
    pub fn intact(&self, out: &Path, folder: &str, extra: &[&str]) -> bool {
        let survey = self.survey(out, folder, extra);
        !survey.foreign && survey.unchanged.len() == self.files.len()
    }

    /// Which of the files this stamp lists `folder` of the site at `out` still holds unchanged
    /// (regular files of the listed size, not modified after the stamp), and whether it holds
    /// anything else (but the stamp and `extra`).
    fn survey(&self, out: &Path, folder: &str, extra: &[&str]) -> Survey<'_> {
        let dir = out.join(folder);
        let mut survey = Survey { unchanged: Vec::new(), foreign: true };
        let Ok(stamped) = std::fs::symlink_metadata(dir.join(STAMP)).and_then(|m| m.modified()) else { return survey };
        let listed: HashMap<&str, &File> = self.files.iter().map(|f| (f.path.as_str(), f)).collect();
        let mut foreign = false;
        for entry in walkdir::WalkDir::new(&dir).follow_links(false).min_depth(1) {
            let Ok(entry) = entry else { return survey };
            if entry.file_type().is_dir() {
                continue;
            }
            let Some(path) = entry.path().strip_prefix(&dir).ok().and_then(Path::to_str) else {
                foreign = true;
                continue;
            };
            let path = path.replace(std::path::MAIN_SEPARATOR, "/");
            if !entry.file_type().is_file() {
                foreign = true;
                continue;
            }
            if path == STAMP || extra.contains(&path.as_str()) {
                continue;
            }
            let unchanged = |f: &File| {
                entry.metadata().is_ok_and(|m| m.len() == f.size && m.modified().is_ok_and(|t| t <= stamped))
            };
            match listed.get(path.as_str()) {
                Some(f) if unchanged(f) => survey.unchanged.push(f),
                _ => foreign = true,
            }
        }
        survey.foreign = foreign;
        survey
    }
}

/// What a folder holds against its stamp.
struct Survey<'a> {
    /// The listed files it holds unchanged.
    unchanged: Vec<&'a File>,
    /// Whether it holds anything else: a file changed, added, or not a regular file.
    foreign: bool,
}

/// The files of `folder` in the site at `out` that a build whose key for the folder is `key` may
/// take as they are, by path: those its stamp lists with a key of their own, unchanged since the
/// stamp. None when the folder has no readable stamp or the stamp's key is another. The build
/// takes one only for a file it would write with the same key ([`File::key`]).
pub fn reusable(out: &Path, folder: &str, key: &str) -> HashMap<String, File> {
    let Some(stamp) = Stamp::read(out, folder).filter(|s| s.key == key) else { return HashMap::new() };
    let survey = stamp.survey(out, folder, &[]);
    survey.unchanged.into_iter().filter(|f| f.key.is_some()).map(|f| (f.path.clone(), f.clone())).collect()
}

/// Counts what is written through it.
struct Counting<'a> {
    out: &'a mut dyn Write,
    size: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A sink that stores a folder's files in another and takes down each one's size for the folder's
/// stamp.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<File>>,
}

impl<'a> Recorder<'a> {
    /// Stores into `inner` (the folder's sink, paths relative to the folder).
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recorder { inner, files: Mutex::new(Vec::new()) }
    }

    /// The files stored so far, in path order (a file stored twice: its last bytes).
    pub fn files(self) -> Vec<File> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        // Stable: of two entries for one path, the later one stays last.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut unique: Vec<File> = Vec::with_capacity(files.len());
        for f in files {
            match unique.last_mut() {
                Some(last) if last.path == f.path => *last = f,
                _ => unique.push(f),
            }
        }
        unique
    }

    fn note(&self, path: &str, size: u64) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push(File { path: path.to_string(), size, key: None });
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: Bytes) -> Result<(), WriteError> {
        let size = bytes.len() as u64;
        self.inner.put(path, bytes)?;
        self.note(path, size);
        Ok(())
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        let mut size = 0;
        self.inner.put_streamed(path, &mut |out: &mut dyn Write| {
            let mut counting = Counting { out, size: 0 };
            write(&mut counting)?;
            size = counting.size;
            Ok(())
        })?;
        self.note(path, size);
        Ok(())
    }

    fn put_kept(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        let size = std::fs::metadata(from).map_err(|e| WriteError::Io(from.to_path_buf(), e))?.len();
        self.inner.put_kept(path, from)?;
        self.note(path, size);
        Ok(())
    }
}

/// One version as a later folder's key sees it.
#[derive(Hash)]
pub struct Seen<'a> {
    /// Its name.
    pub name: &'a str,
    /// Release or draft.
    pub kind: super::Kind,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Its commit.
    pub commit: Option<&'a str>,
}

/// The settings of a build that every kept folder depends on.
#[derive(Hash)]
pub struct Settings<'a> {
    /// `--today`.
    pub today: NaiveDate,
    /// `--base-url`.
    pub base_url: Option<&'a str>,
    /// Where citations of other agreements lead ([`crate::base::xref::External::key`]), in a
    /// portfolio.
    pub external: Option<u64>,
}

/// The key of a release folder: `folder` showing the last of `versions` (the versions up to and
/// including it), printed to PDF or not; `own` is a hash of what the release's commit does not
/// say: its sign-off and its theme's files.
pub fn key(folder: &str, versions: &[Seen<'_>], settings: &Settings<'_>, printed: bool, own: u64) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (tool(), folder, versions, settings, printed, own).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// A hash of [`tool`]: which clausebook made a folder, for keys of other kept things (bundles).
pub fn tool_key() -> u64 {
    crate::base::memo::hash_of(tool())
}

/// Which clausebook made a folder: its version, and its binary's size and modification time, so
/// that a tool built again (with other templates or code) does not keep pages an older one made.
fn tool() -> (&'static str, u64, Option<std::time::SystemTime>) {
    static TOOL: std::sync::OnceLock<(u64, Option<std::time::SystemTime>)> = std::sync::OnceLock::new();
    let (size, modified) = *TOOL.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        (meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
    });
    (env!("CARGO_PKG_VERSION"), size, modified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_and_a_damaged_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("v1.0")).unwrap();
        let file = File { path: "clauses/预算 审批.html".into(), size: 3, key: None };
        let keyed = File { path: "history/a b.html".into(), size: 5, key: Some("12ab".into()) };
        let stamp = Stamp {
            key: "00ff".into(),
            summary: Summary { errors: 0, warnings: 2, infos: 1 },
            files: vec![file, keyed],
        };
        std::fs::write(dir.path().join("v1.0").join(STAMP), stamp.text()).unwrap();
        assert_eq!(Stamp::read(dir.path(), "v1.0"), Some(stamp));
        std::fs::write(dir.path().join("v1.0").join(STAMP), "key 00ff\nfindings 0 x 1\n").unwrap();
        assert_eq!(Stamp::read(dir.path(), "v1.0"), None);
        std::fs::write(dir.path().join("v1.0").join(STAMP), "key 00ff\nfindings 0 0 1\nfile x a.html\n").unwrap();
        assert_eq!(Stamp::read(dir.path(), "v1.0"), None, "a damaged file line");
        std::fs::write(dir.path().join("v1.0").join(STAMP), "key 00ff\nfindings 0 0 1\nkeyed 12ab 5\n").unwrap();
        assert_eq!(Stamp::read(dir.path(), "v1.0"), None, "a keyed line without its path");
        assert_eq!(Stamp::read(dir.path(), "v2.0"), None);
    }

    #[test]
    fn a_folder_is_intact_only_with_exactly_its_recorded_files() {
        let dir = tempfile::tempdir().unwrap();
        let memory = crate::base::site::Memory::default();
        let recorder = Recorder::new(&memory);
        recorder.put("index.html", Bytes::Owned(b"<p>a</p>".to_vec())).unwrap();
        recorder.put("clauses/b.html", Bytes::Parts(vec!["<p>".into(), "b</p>".into()].into())).unwrap();
        recorder.put_streamed("print.html", &mut |w| w.write_all(b"printed")).unwrap();
        let files = recorder.files();
        assert_eq!(
            files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["clauses/b.html", "index.html", "print.html"]
        );
        let stamp = Stamp { key: "k".into(), summary: Summary::default(), files };
        let folder = dir.path().join("v1.0");
        let write = |path: &str, bytes: &[u8]| {
            std::fs::create_dir_all(folder.join(path).parent().unwrap()).unwrap();
            std::fs::write(folder.join(path), bytes).unwrap();
        };
        for (path, bytes) in memory.into_site().files() {
            write(path, &bytes.contiguous());
        }
        write(STAMP, stamp.text().as_bytes());
        assert!(stamp.intact(dir.path(), "v1.0", &[]));
        // The same size, other bytes, written after the stamp (a clock tick later: file times are
        // coarse): modified, even when the bytes are put back.
        let tick = || std::thread::sleep(std::time::Duration::from_millis(30));
        tick();
        write("index.html", b"<p>x</p>");
        assert!(!stamp.intact(dir.path(), "v1.0", &[]));
        write("index.html", b"<p>a</p>");
        assert!(!stamp.intact(dir.path(), "v1.0", &[]));
        // A folder stamped again after its files is intact.
        tick();
        write(STAMP, stamp.text().as_bytes());
        assert!(stamp.intact(dir.path(), "v1.0", &[]));
        // A file added: refused, unless it is one written after the stamp.
        write("agreement.pdf", b"%PDF");
        assert!(!stamp.intact(dir.path(), "v1.0", &[]));
        assert!(stamp.intact(dir.path(), "v1.0", &["agreement.pdf"]));
        std::fs::remove_file(folder.join("agreement.pdf")).unwrap();
        // A file removed.
        std::fs::remove_file(folder.join("clauses/b.html")).unwrap();
        assert!(!stamp.intact(dir.path(), "v1.0", &[]));
        // A link in its place.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(folder.join("index.html"), folder.join("clauses/b.html")).unwrap();
            assert!(!stamp.intact(dir.path(), "v1.0", &[]));
        }
    }

    #[test]
    fn the_key_changes_with_what_made_the_folder() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let v1 = Seen { name: "v1.0", kind: super::super::Kind::Release, date: Some(today), commit: Some("abc") };
        let settings = Settings { today, base_url: None, external: None };
        let base = key("v1.0", std::slice::from_ref(&v1), &settings, false, 0);
        assert_eq!(base, key("v1.0", std::slice::from_ref(&v1), &settings, false, 0));
        let other = Seen { commit: Some("abd"), ..v1 };
        assert_ne!(base, key("v1.0", &[other], &settings, false, 0));
        let v1 = Seen { name: "v1.0", kind: super::super::Kind::Release, date: Some(today), commit: Some("abc") };
        assert_ne!(base, key("latest", std::slice::from_ref(&v1), &settings, false, 0));
        assert_ne!(base, key("v1.0", std::slice::from_ref(&v1), &settings, true, 0));
        assert_ne!(base, key("v1.0", std::slice::from_ref(&v1), &settings, false, 1));
        let tomorrow = Settings { today: today.succ_opt().unwrap(), ..settings };
        assert_ne!(base, key("v1.0", std::slice::from_ref(&v1), &tomorrow, false, 0));
    }
}
