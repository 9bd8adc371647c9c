//! Write: the site on disk. Pages go through one sink ([`crate::base::site::Sink`]), in memory
//! ([`Memory`]) or here on disk ([`Staging`]).
//! On disk, pages are written as they are rendered into a fresh folder beside the output folder,
//! which is swapped into place only when every page is written: a failed or interrupted build
//! leaves the previous site exactly as it was.

pub mod pdf;

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::base::site::is_safe;
pub use crate::base::site::{Bytes, Memory, Prefixed, Sink, Site, WriteError};

pub use crate::base::site::MARKER;

/// What the marker of a folder clausebook writes ([`MARKER`]) says: the same from `build` and from
/// `watch`, so that their sites are alike byte for byte.
pub const MARKER_TEXT: &str = "This folder is written by clausebook build; it is replaced on each build.\n";

/// A new site being written beside the output folder. [`Staging::commit`] swaps it into place;
/// dropping it uncommitted removes it, leaving the output folder exactly as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    committed: bool,
    /// Held (locked) while this build runs, so that another build does not take its folders for
    /// the leftovers of an interrupted one; removed when the build is done.
    lock: Option<(fs::File, PathBuf)>,
}

impl Staging {
    /// Prepares a staging folder for `out`; refuses an `out` that clausebook did not write.
    pub fn new(out: &Path) -> Result<Staging, WriteError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| WriteError::Io(p, e)
        };
        if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(WriteError::Link(out.to_path_buf()));
        }
        if out.exists() && !replaceable(out).map_err(io(out))? {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        recover(out);
        remove_stale(&parent, &name);
        let pid = std::process::id();
        let lock_path = parent.join(format!(".{name}.lock-{pid}"));
        let lock = fs::File::create(&lock_path).map_err(io(&lock_path))?;
        // A file system without locks still builds; only a concurrent build could then be disturbed.
        let _ = lock.try_lock();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            made: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            committed: false,
            lock: Some((lock, lock_path)),
        };
        staging.put(MARKER, MARKER_TEXT.as_bytes().to_vec().into())?;
        Ok(staging)
    }

    /// The folder the new site is written into, until [`Staging::commit`] swaps it into place.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many files were written (the marker included).
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staged site.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let out = self.out.clone();
        let old = self.dir.with_file_name(
            self.dir.file_name().map(|n| n.to_string_lossy().replace(".new-", ".old-")).unwrap_or_default(),
        );
        let had_old = out.exists();
        if had_old {
            fs::rename(&out, &old).map_err(|e| WriteError::Io(out.clone(), e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &out) {
            if had_old {
                let _ = fs::rename(&old, &out);
            }
            return Err(WriteError::Io(out, e));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Staging {
    /// Takes `folder` of the site being replaced into the new one as it is: its files are hard
    /// links to the old ones (copies where the file system has none), so they keep their bytes
    /// and modification times and a sync to a web server sends nothing of them. Returns how many
    /// files it kept.
    pub fn keep(&self, folder: &str) -> Result<usize, WriteError> {
        self.take(folder, &self.out.join(folder))
    }

    /// Takes the folder `from` (a finished site elsewhere: a bundle's) into the new site as
    /// `folder`, as [`Staging::keep`] does; never through a link.
    pub fn take(&self, folder: &str, from: &Path) -> Result<usize, WriteError> {
        if !crate::base::site::is_safe(folder) {
            return Err(WriteError::UnsafePath(folder.to_string()));
        }
        let from = from.to_path_buf();
        let mut kept = 0;
        for entry in walkdir::WalkDir::new(&from).follow_links(false) {
            let entry = entry.map_err(|e| WriteError::Io(from.clone(), e.into()))?;
            let relative = entry.path().strip_prefix(&from).unwrap_or(entry.path());
            let target = self.dir.join(folder).join(relative);
            let io = |e| WriteError::Io(target.clone(), e);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).map_err(io)?;
                self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(target.clone());
            } else if entry.file_type().is_file() {
                fs::hard_link(entry.path(), &target).or_else(|_| copy_with_time(entry.path(), &target)).map_err(io)?;
                kept += 1;
            }
        }
        self.files.fetch_add(kept, Ordering::Relaxed);
        Ok(kept)
    }

    /// The file `path` will be written to, its folder made; refuses paths that leave the site.
    fn target(&self, path: &str) -> Result<PathBuf, WriteError> {
        if !is_safe(path) {
            return Err(WriteError::UnsafePath(path.to_string()));
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            let known = self.made.lock().unwrap_or_else(|e| e.into_inner()).contains(parent);
            if !known {
                fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
                self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Bytes) -> Result<(), WriteError> {
        let target = self.target(path)?;
        let written = match &bytes {
            Bytes::Parts(_) => fs::File::create(&target)
                .map(|f| io::BufWriter::with_capacity(1 << 16, f))
                .and_then(|mut f| bytes.write_to(&mut f).and_then(|_| f.flush())),
            other => fs::write(&target, other.contiguous()),
        };
        written.map_err(|e| WriteError::Io(target.clone(), e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        let target = self.target(path)?;
        let io = |e| WriteError::Io(target.clone(), e);
        let mut file = io::BufWriter::with_capacity(1 << 16, fs::File::create(&target).map_err(io)?);
        write(&mut file).and_then(|_| file.flush()).map_err(io)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn put_kept(&self, path: &str, from: &Path) -> Result<(), WriteError> {
        let target = self.target(path)?;
        fs::hard_link(from, &target)
            .or_else(|_| copy_with_time(from, &target))
            .map_err(|e| WriteError::Io(target.clone(), e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
        if let Some((lock, path)) = self.lock.take() {
            let _ = fs::remove_file(path);
            drop(lock);
        }
    }
}

/// Replaces the site folder `out` with `site`, as `build` does: staged beside it, then swapped in.
pub fn replace(out: &Path, site: &Site) -> Result<usize, WriteError> {
    let staging = Staging::new(out)?;
    for (path, bytes) in site.files() {
        staging.put(path, bytes.clone())?;
    }
    let files = staging.files();
    staging.commit()?;
    Ok(files)
}

/// Writes the files of `site` that a rebuild changed into the site folder `out`, in place, each
/// through a temporary file and a rename (a reader never sees a half-written page), and removes
/// the files it no longer has: what `watch` does after each rebuild, where `build` replaces the
/// whole folder through [`Staging`]. Refuses a folder clausebook did not write and any path that
/// would leave it.
pub fn update(out: &Path, site: &Site, changed: &[String], removed: &[String]) -> Result<(), WriteError> {
    if out.exists() && !replaceable(out).map_err(|e| WriteError::Io(out.to_path_buf(), e))? {
        return Err(WriteError::NotOurs(out.to_path_buf()));
    }
    for path in changed.iter().chain(removed) {
        if !is_safe(path) {
            return Err(WriteError::UnsafePath(path.clone()));
        }
    }
    for path in changed {
        let Some(bytes) = site.get(path) else { continue };
        let target = out.join(path);
        let io = |e| WriteError::Io(target.clone(), e);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        let temp = target.with_file_name(format!(
            ".{}.clausebook-tmp",
            target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        ));
        let mut file = io::BufWriter::new(fs::File::create(&temp).map_err(io)?);
        bytes.write_to(&mut file).and_then(|_| file.flush()).map_err(io)?;
        drop(file);
        fs::rename(&temp, &target).map_err(io)?;
    }
    for path in removed {
        let file = out.join(path);
        let _ = fs::remove_file(&file);
        // The folders it leaves empty go too (an agreement taken out of a portfolio leaves none).
        for dir in file.ancestors().skip(1).take_while(|d| *d != out) {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
    Ok(())
}

/// Removes a folder tree, files in parallel (deleting the previous site is a large part of a build).
fn remove_tree(dir: &Path) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    let _ = fs::remove_dir_all(dir);
}

/// An output folder may be replaced when it is ours (has the marker) or empty.
fn replaceable(out: &Path) -> std::io::Result<bool> {
    if !out.is_dir() {
        return Ok(false);
    }
    Ok(out.join(MARKER).is_file() || fs::read_dir(out)?.next().is_none())
}

/// Whether the build that made `.{name}.lock-{pid}` is still running (it holds the lock).
fn running(parent: &Path, name: &str, pid: &str) -> bool {
    pid != std::process::id().to_string()
        && fs::File::open(parent.join(format!(".{name}.lock-{pid}")))
            .is_ok_and(|f| matches!(f.try_lock(), Err(fs::TryLockError::WouldBlock)))
}

/// A build killed between the two renames of its commit leaves no output folder, and the previous
/// site in `.{name}.old-PID`: it is put back, so that the site is never lost and a failed build
/// can truly say it left the site unchanged.
pub fn recover(out: &Path) {
    if out.exists() {
        return;
    }
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (parent, name) = (parent.as_path(), name.as_str());
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefix = format!(".{name}.old-");
    let mut olds: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let pid = file.strip_prefix(&prefix)?;
            let ours = e.path().join(MARKER).is_file() && !running(parent, name, pid);
            ours.then(|| (e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH), e.path()))
        })
        .collect();
    olds.sort();
    if let Some((_, newest)) = olds.pop() {
        let _ = fs::rename(newest, out);
    }
}

/// Staging folders left by an interrupted build are removed; those of a build still running (its
/// lock file is locked) are left alone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = [".new-", ".old-", ".lock-"]
            .iter()
            .find_map(|kind| file.strip_prefix(&format!(".{name}{kind}")))
            .map(str::to_string)
        else {
            continue;
        };
        // A leftover with our own process id is from an earlier process that had it.
        if running(parent, name, &pid) {
            continue;
        }
        if entry.path().is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        } else {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Copies `from` to `to` with `from`'s modification time (where hard links are not to be had), so
/// that a kept folder still reads as unmodified since its stamp.
fn copy_with_time(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to)?;
    let modified = fs::metadata(from)?.modified()?;
    fs::File::options().write(true).open(to)?.set_modified(modified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn changes_are_new_changed_and_removed_files() {
        let site = |files: &[(&str, &str)]| {
            let memory = Memory::default();
            for (p, b) in files {
                memory.put(p, b.as_bytes().to_vec().into()).unwrap();
            }
            memory.into_site()
        };
        let old = site(&[("a.html", "1"), ("b.html", "2"), ("d.html", "4")]);
        let new = site(&[("b.html", "two"), ("c.html", "3"), ("a.html", "1"), ("c.html", "3!")]);
        assert_eq!(new.get("c.html").map(|b| b.contiguous().into_owned()), Some(b"3!".to_vec()), "the last put wins");
        assert_eq!(new.changes(&old), (vec!["b.html".to_string(), "c.html".into()], vec!["d.html".to_string()]));
    }

    #[test]
    fn parts_compare_as_the_bytes_they_make() {
        let parts = |p: &[&str]| Bytes::from(p.iter().map(|s| Arc::from(*s)).collect::<Vec<Arc<str>>>());
        assert_eq!(parts(&["ab", "c", "", "de"]), parts(&["a", "bcd", "e"]));
        assert_eq!(parts(&["abc"]), Bytes::from(b"abc".to_vec()));
        assert_ne!(parts(&["ab", "c"]), parts(&["ab", "d"]));
        assert_ne!(parts(&["ab"]), parts(&["ab", "c"]));
        let kept: Arc<str> = Arc::from("x".repeat(100));
        assert_eq!(Bytes::from(vec![Arc::clone(&kept), "y".into()]), Bytes::from(vec![kept, "y".into()]));
    }

    #[test]
    fn an_update_writes_in_place_and_refuses_what_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = Site::default();
        site.add("index.html", b"one".to_vec());
        replace(&out, &site).unwrap();
        let mut next = Site::default();
        next.add("index.html", b"two".to_vec());
        next.add("clauses/a.html", b"a".to_vec());
        update(&out, &next, &["index.html".into(), "clauses/a.html".into()], &[]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
        assert_eq!(fs::read(out.join("clauses/a.html")).unwrap(), b"a");
        assert!(matches!(update(&out, &next, &["../x".into()], &[]), Err(WriteError::UnsafePath(_))));
        let foreign = dir.path().join("mine");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("precious.txt"), "x").unwrap();
        assert!(matches!(update(&foreign, &next, &["index.html".into()], &[]), Err(WriteError::NotOurs(_))));
    }

    #[test]
    fn paths_that_climb_out_are_refused() {
        for bad in ["../x.html", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(!is_safe(bad), "{bad}");
        }
        assert!(is_safe("clauses/预算.html"));
    }

    #[test]
    fn a_foreign_folder_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep").unwrap();
        assert!(matches!(Staging::new(&out), Err(WriteError::NotOurs(_))));
        assert!(out.join("precious.txt").exists());
    }

    #[test]
    fn a_build_leaves_a_running_build_alone_and_removes_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A build of another process, still running: its lock file is locked.
        let running = dir.path().join(".public.new-999999991");
        fs::create_dir(&running).unwrap();
        let lock = fs::File::create(dir.path().join(".public.lock-999999991")).unwrap();
        lock.lock().unwrap();
        // An interrupted build: its lock file is not locked by anyone.
        let stale = dir.path().join(".public.new-999999992");
        fs::create_dir(&stale).unwrap();
        fs::File::create(dir.path().join(".public.lock-999999992")).unwrap();
        let staging = Staging::new(&out).unwrap();
        assert!(running.is_dir(), "a running build's folder is left alone");
        assert!(!stale.exists(), "a leftover is removed");
        assert!(!dir.path().join(".public.lock-999999992").exists());
        staging.commit().unwrap();
        assert!(!dir.path().join(format!(".public.lock-{}", std::process::id())).exists(), "the lock goes too");
        drop(lock);
    }

    #[test]
    fn an_uncommitted_staging_folder_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::new(&out).unwrap();
        first.put("index.html", b"one".to_vec().into()).unwrap();
        first.commit().unwrap();
        let second = Staging::new(&out).unwrap();
        second.put("index.html", b"two".to_vec().into()).unwrap();
        assert!(second.put("../escape.html", b"x".to_vec().into()).is_err());
        drop(second);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no staging folder is left behind");
    }
}
