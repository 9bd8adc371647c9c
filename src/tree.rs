//! Where a project's files come from: the folder on disk, or a snapshot held in memory (a Git
//! revision, or the working tree read for comparison with one). Loading and the rules read
//! through this, so every version of an agreement goes through the same stages.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
pub const FOLDERS: [Folder; 4] = [
    Folder { name: "content", versioned: true },
    Folder { name: "rules", versioned: true },
    Folder { name: "themes", versioned: false },
    Folder { name: "approvals", versioned: false },
];

/// The names of the versioned folders.
pub fn versioned_folders() -> impl Iterator<Item = &'static str> {
    FOLDERS.iter().filter(|f| f.versioned).map(|f| f.name)
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
}

fn hidden(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The project folder on disk.
#[derive(Debug, Clone)]
pub struct Disk {
    root: PathBuf,
}

impl Disk {
    /// The files below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Disk { root: root.into() }
    }
}

impl Tree for Disk {
    fn files(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        self.files_and_links(dir).map(|(files, _)| files)
    }

    fn files_and_links(&self, dir: &Path) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
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

    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        std::fs::read(self.root.join(path)).map(Arc::from)
    }

    fn has_dir(&self, dir: &Path) -> bool {
        self.root.join(dir).is_dir()
    }
}

/// Files held in memory, each with its content id.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, (String, Arc<[u8]>)>,
}

/// A content id for bytes held in memory: equal bytes, equal id.
pub fn content_id(bytes: &[u8]) -> String {
    format!("{:016x}-{}", crate::memo::hash_of(bytes), bytes.len())
}

impl Snapshot {
    /// Reads the file `rel` of the folder `root` into the snapshot (a file that is gone is
    /// removed), as an editing session does after a change.
    pub fn read_from(&mut self, root: &Path, rel: &Path) {
        match std::fs::read(root.join(rel)) {
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

    /// Adds a file with its content id.
    pub fn insert(&mut self, path: PathBuf, id: String, bytes: Arc<[u8]>) {
        self.files.insert(path, (id, bytes));
    }

    /// Removes a file, or every file below a folder.
    pub fn remove(&mut self, path: &Path) {
        self.files.retain(|p, _| !p.starts_with(path));
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
        Ok(self.files.keys().filter(|p| p.starts_with(dir) && !hidden(p)).cloned().collect())
    }

    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
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
}
