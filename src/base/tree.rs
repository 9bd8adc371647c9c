//! Where a project's files come from: the folder on disk, or a snapshot held in memory (a Git
//! revision, or the working tree read for comparison with one). Loading and the rules read
//! through this, so every version of an agreement goes through the same stages.
//!
//! One rule for every file of the project that clausebook reads or writes on disk: never through
//! a symbolic link (a link could read, publish or overwrite a file from anywhere), and never more
//! than a stated size. [`read_project_file`] reads by that rule, [`create_project_file`] writes a
//! new file by it, [`link_in`] says which part of a path is a link, and [`link_skipped`] is the
//! located `symlink` warning for each link met.

use std::collections::BTreeMap;
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::base::catalog::{Base, Locale};
use crate::base::diagnostic::{Diagnostic, Span};

/// Why a project file was not read (or written) by [`read_project_file`] / [`create_project_file`].
#[derive(Debug)]
pub enum FileError {
    /// The file, or a folder on the way to it from the project root, is a symbolic link: the
    /// link's path, relative to the project root.
    Link(PathBuf),
    /// The path is not a relative path of plain names (it could climb out of the project).
    Outside,
    /// Not a regular file (a folder, a FIFO, a device).
    NotAFile,
    /// Larger than the limit, in bytes.
    TooLarge(u64),
    /// The file is already there (when creating one).
    Exists,
    /// The operating system's error.
    Io(io::Error),
}

impl FileError {
    /// Whether the file is simply not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, FileError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }

    /// The reason in words (the caller says which file).
    pub fn describe(&self, l: Locale) -> String {
        match self {
            FileError::Link(link) => {
                let link = crate::base::diagnostic::slash_path(link);
                l.msg(Base::SymbolicLinkClausebookNeverReads { link: &link })
            }
            FileError::Outside => l.msg(Base::PathNotInsideProject),
            FileError::NotAFile => l.msg(Base::NotRegularFile),
            FileError::TooLarge(limit) => l.msg(Base::FileLargerThanLimit { limit: &size_words(*limit) }),
            FileError::Exists => l.msg(Base::FileAlreadyExists),
            FileError::Io(e) => e.to_string(),
        }
    }
}

impl From<FileError> for io::Error {
    fn from(e: FileError) -> io::Error {
        match e {
            FileError::Io(e) => e,
            FileError::Exists => io::Error::from(io::ErrorKind::AlreadyExists),
            other => io::Error::other(other.describe(Locale::En)),
        }
    }
}

/// The largest file of the project read through [`Disk`]: far above any clause, rule or template,
/// far below what would exhaust the memory.
pub const MOST_FILE_BYTES: u64 = 64 << 20;

/// A size for people: `1 MiB`, `512 KiB`, `300 bytes`.
fn size_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The first part of `rel` (below `root`) that is a symbolic link, relative to `root`: the path
/// itself, or a folder on the way to it. `root` itself is where the user pointed and may be one.
pub fn link_in(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut at = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(root.join(&at)) {
            Ok(m) if m.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn plain(rel: &Path) -> bool {
    rel.components().next().is_some() && rel.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Opens for reading without following a final link and without waiting on a FIFO.
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads the project file `rel` (relative to the project `root`), never through a symbolic link
/// (neither the file nor a folder on its way is one) and never more than `limit` bytes: a file
/// linked to `/proc/self/environ` is not read, one linked to `/dev/zero` does not fill the memory,
/// and an oversized one is refused rather than read. Not found is `FileError::Io(NotFound)`.
pub fn read_project_file(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    read_in(root, rel, limit, None)
}

/// Folders of a project already found not to be links, so that reading ten thousand files of one
/// folder looks at the folder once (a `stat` per folder on the way to every file was 6% of a
/// check at 10,000 clauses).
pub type Checked = std::sync::Mutex<std::collections::HashSet<PathBuf>>;

/// [`read_project_file`], the folders on the way looked at once per `checked`.
fn read_in(root: &Path, rel: &Path, limit: u64, checked: Option<&Checked>) -> Result<Vec<u8>, FileError> {
    if !plain(rel) {
        return Err(FileError::Outside);
    }
    // The folders on the way; the file itself is opened without following a link.
    if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) {
        let known = checked.is_some_and(|c| c.lock().is_ok_and(|c| c.contains(dir)));
        if !known {
            if let Some(link) = link_in(root, dir) {
                return Err(FileError::Link(link));
            }
            if let Some(Ok(mut c)) = checked.map(|c| c.lock()) {
                c.insert(dir.to_path_buf());
            }
        }
    }
    let path = root.join(rel);
    let file = open_no_follow(&path).map_err(|e| {
        // A link put in place since the check above: O_NOFOLLOW refuses it (ELOOP).
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => FileError::Link(rel.to_path_buf()),
            _ => FileError::Io(e),
        }
    })?;
    let meta = file.metadata().map_err(FileError::Io)?;
    if !meta.is_file() {
        return Err(FileError::NotAFile);
    }
    if meta.len() > limit {
        return Err(FileError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(FileError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Writes a new project file `rel` (relative to `root`) with `bytes`, never through a symbolic
/// link: no folder on its way may be one, and the file is created exclusively (`O_EXCL`), which
/// also refuses a link, dangling or not, standing where the file would be. Its folder is made
/// when missing. `FileError::Exists` when something is already there.
pub fn create_project_file(root: &Path, rel: &Path, bytes: &[u8]) -> Result<(), FileError> {
    if !plain(rel) {
        return Err(FileError::Outside);
    }
    if let Some(link) = link_in(root, rel) {
        return Err(if link == rel { FileError::Exists } else { FileError::Link(link) });
    }
    if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(root.join(parent)).map_err(FileError::Io)?;
        // A folder made a link meanwhile is refused like one found above.
        if let Some(link) = link_in(root, parent) {
            return Err(FileError::Link(link));
        }
    }
    let path = root.join(rel);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| if e.kind() == io::ErrorKind::AlreadyExists { FileError::Exists } else { FileError::Io(e) })?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| {
        let _ = std::fs::remove_file(&path);
        FileError::Io(e)
    })
}

/// The located `symlink` warning for a link met in the project (`link`, relative to its root),
/// which clausebook skipped.
pub fn link_skipped(link: &Path, l: Locale) -> Diagnostic {
    let message = l.msg(Base::SymbolicLinkSkippedClausebookReads);
    let hint = l.msg(Base::ReplaceLinkFileItself);
    Diagnostic::warning("symlink", link, Span::start(), message).with_hint(hint)
}

/// A folder of a project that clausebook reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folder {
    /// Its name under the project root.
    pub name: &'static str,
    /// Whether each version of the agreement has its own (read from Git for a release): the
    /// content and the rules; a theme applies to every version alike, and the approvals of the
    /// working tree are judged against every version.
    pub versioned: bool,
}

/// The folders of a project: what `watch` and `serve` watch, an editing session holds, and (the
/// versioned ones) a release's snapshot holds.
pub const FOLDERS: [Folder; 7] = [
    Folder { name: "content", versioned: true },
    Folder { name: "rules", versioned: true },
    Folder { name: "library", versioned: true },
    Folder { name: "calendar", versioned: true },
    Folder { name: "themes", versioned: false },
    Folder { name: "approvals", versioned: false },
    Folder { name: "records", versioned: false },
];

/// The names of the versioned folders.
pub fn versioned_folders() -> impl Iterator<Item = &'static str> {
    FOLDERS.iter().filter(|f| f.versioned).map(|f| f.name)
}

/// The folders loading an agreement reads: the versioned ones, and `records/` (not versioned:
/// every version reads the working tree's).
pub fn loaded_folders() -> impl Iterator<Item = &'static str> {
    versioned_folders().chain(["records"])
}

/// A read-only view of a project's files, by path relative to the project root.
pub trait Tree: Sync {
    /// Every file below `dir`, recursively, sorted; names starting with `.` are skipped.
    fn files(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;
    /// The bytes of a file.
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>>;
    /// Whether `dir` is a folder of this tree.
    fn has_dir(&self, dir: &Path) -> bool;
    /// [`Tree::files`] below `dir`, and the symbolic links there, which are not followed (a link
    /// could publish a file from outside the project).
    fn files_and_links(&self, dir: &Path) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
        Ok((self.files(dir)?, Vec::new()))
    }
    /// A content id (a Git blob id) when the tree knows one: equal ids mean equal bytes.
    fn id(&self, _path: &Path) -> Option<&str> {
        None
    }
    /// The content ids of `paths` (see [`Tree::id`]), all at once.
    fn ids(&self, paths: &[&Path]) -> Vec<Option<&str>> {
        paths.iter().map(|p| self.id(p)).collect()
    }
    /// The portfolio folder whose clause library (its `library/`) this agreement uses when its
    /// `_index.md` names none (see [`lender`]).
    fn lender(&self) -> Option<&Lender> {
        None
    }
}

/// `path` with `.` and `..` taken out, as written (links are not followed): `a/../b` is `b`, a
/// leading `..` stays.
pub fn folded(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A portfolio that lends an agreement in its folder its clause library.
#[derive(Debug, Clone)]
pub struct Lender {
    /// The portfolio's folder.
    pub folder: PathBuf,
    /// The same folder as the agreement's root sees it: `..`, `../..`.
    pub seen: PathBuf,
    /// The library's files (`library/…`) as a release's commit holds them, when the portfolio is
    /// in the agreement's repository; none: the folder's, as they are now.
    pub files: Option<Arc<Snapshot>>,
}

/// The portfolio that lends its clause library to the agreement at `root`: the nearest folder
/// above it holding `portfolio.yaml` (no symbolic link) and a `library` beside it, as a
/// Cargo workspace member finds its workspace. A release reads it as its commit holds it
/// ([`Lender::files`], set by `versions::discover`).
pub fn lender(root: &Path) -> Option<Lender> {
    let root = std::fs::canonicalize(root).ok()?;
    // A `library` that is a link or a file is found too: reading it says what is wrong with it.
    let (up, folder) = root.ancestors().enumerate().skip(1).find(|(_, a)| {
        std::fs::symlink_metadata(a.join("portfolio.yaml")).is_ok_and(|m| m.is_file())
            && std::fs::symlink_metadata(a.join("library")).is_ok()
    })?;
    Some(Lender { folder: folder.to_path_buf(), seen: std::iter::repeat_n("..", up).collect(), files: None })
}

/// A borrowed tree is the tree it borrows (a session lends its files where a tree is asked for).
impl<T: Tree + ?Sized> Tree for &T {
    fn files(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        (**self).files(dir)
    }
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        (**self).read(path)
    }
    fn has_dir(&self, dir: &Path) -> bool {
        (**self).has_dir(dir)
    }
    fn files_and_links(&self, dir: &Path) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
        (**self).files_and_links(dir)
    }
    fn id(&self, path: &Path) -> Option<&str> {
        (**self).id(path)
    }
    fn ids(&self, paths: &[&Path]) -> Vec<Option<&str>> {
        (**self).ids(paths)
    }
    fn lender(&self) -> Option<&Lender> {
        (**self).lender()
    }
}

fn hidden(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The project folder on disk.
#[derive(Debug, Clone)]
pub struct Disk {
    root: PathBuf,
    checked: std::sync::Arc<Checked>,
    lender: Option<Lender>,
}

impl Disk {
    /// The files below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Disk { root: root.into(), checked: std::sync::Arc::default(), lender: None }
    }

    /// The agreement at `root`, with the portfolio that lends it a library ([`lender`]).
    pub fn agreement(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Disk { lender: lender(&root), ..Disk::new(root) }
    }
}

impl Tree for Disk {
    fn files(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        self.files_and_links(dir).map(|(files, _)| files)
    }

    fn files_and_links(&self, dir: &Path) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
        // A linked folder (`rules` → elsewhere) is a link like any other: nothing below it is read.
        if let Some(link) = link_in(&self.root, dir) {
            return Ok((Vec::new(), vec![link]));
        }
        let start = self.root.join(dir);
        if !start.is_dir() {
            return Ok((Vec::new(), Vec::new()));
        }
        let (mut out, mut links) = (Vec::new(), Vec::new());
        let walker = walkdir::WalkDir::new(&start)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.map_err(io::Error::from)?;
            let Ok(rel) = entry.path().strip_prefix(&self.root) else { continue };
            if entry.file_type().is_file() {
                out.push(rel.to_path_buf());
            } else if entry.path_is_symlink() {
                links.push(rel.to_path_buf());
            }
        }
        Ok((out, links))
    }

    /// Never through a symbolic link, never more than [`MOST_FILE_BYTES`]: a snippet of a
    /// finding at a link must not print what the link points to.
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        Ok(Arc::from(read_in(&self.root, path, MOST_FILE_BYTES, Some(&self.checked))?))
    }

    fn has_dir(&self, dir: &Path) -> bool {
        self.root.join(dir).is_dir()
    }

    fn lender(&self) -> Option<&Lender> {
        self.lender.as_ref()
    }
}

/// Files held in memory, each with its content id.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, (String, Arc<[u8]>)>,
    /// Files larger than [`MOST_FILE_BYTES`], listed but never read: reading one is the error a
    /// file on disk of that size gives.
    refused: std::collections::BTreeSet<PathBuf>,
    /// The portfolio that lends the agreement its library ([`lender`]).
    lender: Option<Lender>,
}

/// A content id for bytes held in memory: equal bytes, equal id.
pub fn content_id(bytes: &[u8]) -> String {
    format!("{:016x}-{}", crate::base::memo::hash_of(bytes), bytes.len())
}

impl Snapshot {
    /// Reads the file `rel` of the folder `root` into the snapshot (a file that is gone, or that
    /// is now a symbolic link, is removed), as an editing session does after a change.
    pub fn read_from(&mut self, root: &Path, rel: &Path) {
        match read_project_file(root, rel, MOST_FILE_BYTES) {
            Ok(bytes) => self.insert(rel.to_path_buf(), content_id(&bytes), Arc::from(bytes)),
            Err(_) => self.remove(rel),
        }
    }

    /// Reads every file below the folder `rel` of `root` afresh, files that are gone removed,
    /// except those `keep` says to hold as they are (an editor's unsaved text).
    pub fn read_dir_from(&mut self, root: &Path, rel: &Path, keep: impl Fn(&Path) -> bool) {
        self.files.retain(|p, _| !p.starts_with(rel) || keep(p));
        for file in Disk::new(root).files(rel).unwrap_or_default() {
            if !keep(&file) {
                self.read_from(root, &file);
            }
        }
    }

    /// Holds the folder `rel` as `from` holds it: a folder that is not versioned (`records/`),
    /// which every version reads as the working tree has it.
    pub fn hold_folder_of(&mut self, from: &Snapshot, rel: &Path) {
        self.remove(rel);
        for (path, held) in from.files.range(rel.to_path_buf()..).take_while(|(p, _)| p.starts_with(rel)) {
            self.files.insert(path.clone(), held.clone());
        }
        self.refused.extend(from.refused.iter().filter(|p| p.starts_with(rel)).cloned());
    }

    /// Records the portfolio that lends the agreement its library ([`lender`]).
    pub fn lent_by(&mut self, portfolio: Option<Lender>) {
        self.lender = portfolio;
    }

    /// Adds a file with its content id.
    pub fn insert(&mut self, path: PathBuf, id: String, bytes: Arc<[u8]>) {
        self.refused.remove(&path);
        self.files.insert(path, (id, bytes));
    }

    /// Lists a file larger than [`MOST_FILE_BYTES`] without its bytes: reading it is an error.
    pub fn refuse(&mut self, path: PathBuf) {
        self.files.remove(&path);
        self.refused.insert(path);
    }

    /// Removes a file, or every file below a folder.
    pub fn remove(&mut self, path: &Path) {
        self.files.retain(|p, _| !p.starts_with(path));
        self.refused.retain(|p| !p.starts_with(path));
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it holds no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file with its id, in path order.
    pub fn entries(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(p, (id, _))| (p.as_path(), id.as_str()))
    }
}

impl Tree for Snapshot {
    fn files(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> =
            self.files.keys().chain(&self.refused).filter(|p| p.starts_with(dir) && !hidden(p)).cloned().collect();
        if !self.refused.is_empty() {
            files.sort();
        }
        Ok(files)
    }

    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        if self.refused.contains(path) {
            return Err(FileError::TooLarge(MOST_FILE_BYTES).into());
        }
        self.files.get(path).map(|(_, b)| Arc::clone(b)).ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, format!("{} is not in this version", path.display()))
        })
    }

    fn has_dir(&self, dir: &Path) -> bool {
        self.files.keys().any(|p| p.starts_with(dir) && p != dir)
    }

    fn id(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(|(id, _)| id.as_str())
    }

    fn lender(&self) -> Option<&Lender> {
        self.lender.as_ref()
    }

    /// Paths listed in the snapshot's order (as [`Tree::files`] lists them) are found in one walk
    /// beside its files, instead of a search from the top for each (a path compares component by
    /// component); a path out of that order is looked up alone.
    fn ids(&self, paths: &[&Path]) -> Vec<Option<&str>> {
        let Some(first) = paths.first() else { return Vec::new() };
        let from = (std::ops::Bound::Included(*first), std::ops::Bound::Unbounded);
        let mut entries = self.files.range::<Path, _>(from).peekable();
        paths
            .iter()
            .map(|p| {
                while entries.next_if(|(k, _)| k.as_path() < *p).is_some() {}
                match entries.peek() {
                    Some((k, (id, _))) if k.as_path() == *p => Some(id.as_str()),
                    _ => self.id(p),
                }
            })
            .collect()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn project_files_are_never_read_or_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("approvals")).unwrap();
        std::fs::write(dir.path().join("outside"), "secret").unwrap();
        std::fs::write(root.join("approvals/a.yaml"), "party: brand\n").unwrap();
        symlink(dir.path().join("outside"), root.join("approvals/b.yaml")).unwrap();
        symlink("/dev/zero", root.join("approvals/zero")).unwrap();
        symlink(dir.path().join("gone"), root.join("approvals/dangling.yaml")).unwrap();
        symlink(root.join("approvals"), root.join("linked")).unwrap();

        assert_eq!(read_project_file(&root, Path::new("approvals/a.yaml"), 100).unwrap(), b"party: brand\n");
        let link = |r: Result<Vec<u8>, FileError>| match r {
            Err(FileError::Link(l)) => l,
            other => panic!("{other:?}"),
        };
        assert_eq!(link(read_project_file(&root, Path::new("approvals/b.yaml"), 100)), Path::new("approvals/b.yaml"));
        assert_eq!(link(read_project_file(&root, Path::new("approvals/zero"), 100)), Path::new("approvals/zero"));
        assert_eq!(link(read_project_file(&root, Path::new("linked/a.yaml"), 100)), Path::new("linked"));
        assert!(matches!(read_project_file(&root, Path::new("approvals/a.yaml"), 5), Err(FileError::TooLarge(5))));
        assert!(matches!(read_project_file(&root, Path::new("../outside"), 100), Err(FileError::Outside)));
        assert!(matches!(read_project_file(&root, Path::new("approvals"), 100), Err(FileError::NotAFile)));
        assert!(read_project_file(&root, Path::new("approvals/none.yaml"), 100).unwrap_err().is_not_found());

        assert!(matches!(create_project_file(&root, Path::new("approvals/a.yaml"), b"x"), Err(FileError::Exists)));
        assert!(matches!(
            create_project_file(&root, Path::new("approvals/dangling.yaml"), b"x"),
            Err(FileError::Exists)
        ));
        assert!(!dir.path().join("gone").exists(), "nothing was written through the dangling link");
        assert!(matches!(create_project_file(&root, Path::new("linked/new.yaml"), b"x"), Err(FileError::Link(_))));
        assert!(!root.join("approvals/new.yaml").exists());
        create_project_file(&root, Path::new("approvals/new.yaml"), b"x").unwrap();
        assert_eq!(std::fs::read(root.join("approvals/new.yaml")).unwrap(), b"x");
        assert_eq!(std::fs::read(dir.path().join("outside")).unwrap(), b"secret");
    }
}
