//! File system events to batches of changed paths. Folders are watched (an editor's
//! save-by-rename ends a watch on a single file), access events and editor temp files are
//! ignored, and a burst of events becomes one batch once the files have been quiet for a moment.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// How long the files must be quiet before a batch is taken: an editor's save (a write, or a
/// temporary file and a rename) takes a few milliseconds; events further apart make two rebuilds,
/// each of them correct.
pub const QUIET: Duration = Duration::from_millis(20);
/// The longest a batch waits while events keep coming.
const LONGEST: Duration = Duration::from_millis(500);

/// Whether a file name is an editor's temporary or backup file (vim, Emacs, JetBrains, Kate, …).
pub fn is_temp(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.ends_with(".bck")
        || name.ends_with(".kate-swp")
        || name.ends_with(".tmp")
        || name.contains("__jb_tmp__")
        || name.contains("__jb_old__")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || name == "4913"
}

/// Watches a project's `content/`, `rules/` and `themes/` folders.
pub struct ProjectWatcher {
    /// The projects watched (one, or a portfolio's agreements).
    roots: Vec<PathBuf>,
    /// Files outside those folders watched too, by their project's index and path in it (a
    /// portfolio's `portfolio.yaml` and departments file).
    files: Vec<(usize, PathBuf)>,
    events: Receiver<notify::Result<notify::Event>>,
    watcher: Box<dyn Watcher + Send>,
}

impl ProjectWatcher {
    /// Starts watching; `poll` uses a polling watcher (network shares, WSL) instead of native events.
    pub fn new(root: &Path, poll: bool) -> notify::Result<ProjectWatcher> {
        ProjectWatcher::of_many(&[root.to_path_buf()], poll)
    }

    /// Starts watching several projects at once (a portfolio's agreements); their batches say
    /// which project each path is of ([`ProjectWatcher::next_batches`]).
    pub fn of_many(roots: &[PathBuf], poll: bool) -> notify::Result<ProjectWatcher> {
        let roots: Vec<PathBuf> =
            roots.iter().map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone())).collect();
        let (tx, events) = channel();
        let mut watcher: Box<dyn Watcher + Send> = if poll {
            // Polling compares mtimes in whole seconds: compare contents too, or a save within the
            // second of the previous one is missed.
            let config =
                notify::Config::default().with_poll_interval(Duration::from_millis(300)).with_compare_contents(true);
            Box::new(notify::PollWatcher::new(tx, config)?)
        } else {
            Box::new(notify::recommended_watcher(tx)?)
        };
        // The root itself, not recursively: notices rules/ or themes/ being created later.
        for root in &roots {
            watcher.watch(root, RecursiveMode::NonRecursive)?;
            for dir in crate::base::tree::FOLDERS.iter().map(|f| f.name) {
                let path = root.join(dir);
                if path.is_dir() {
                    watcher.watch(&path, RecursiveMode::Recursive)?;
                }
            }
        }
        Ok(ProjectWatcher { roots, files: Vec::new(), events, watcher })
    }

    /// Watches the files `files` of project `i` too (paths in its folder), though they are in
    /// none of its folders that hold content, rules or themes.
    pub fn watch_files(&mut self, i: usize, files: &[PathBuf]) {
        let Some(root) = self.roots.get(i) else { return };
        for file in files {
            if let Some(dir) = root.join(file).parent().filter(|d| *d != root.as_path()) {
                let _ = self.watcher.watch(dir, RecursiveMode::NonRecursive);
            }
            self.files.push((i, file.clone()));
        }
    }

    /// The projects and project-relative paths an event's path is, where it is one we care
    /// about (a project may hold another's folder: a portfolio's agreement in a subfolder); the
    /// project's folder itself, when it is moved, made or removed, is the empty path.
    fn relevant(&self, path: &Path, kind: &EventKind) -> Vec<(usize, PathBuf)> {
        use notify::event::ModifyKind;
        let moved =
            matches!(kind, EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)));
        let of = |i: usize, root: &PathBuf| {
            let rel = path.strip_prefix(root).ok()?;
            if rel.as_os_str().is_empty() {
                // The project's folder itself moved away or back (not written in): an empty path.
                return moved.then(PathBuf::new);
            }
            if self.files.iter().any(|(j, f)| *j == i && f == rel) {
                return Some(rel.to_path_buf());
            }
            let top = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
            (crate::base::tree::FOLDERS.iter().any(|f| f.name == top) && !is_temp(rel)).then(|| rel.to_path_buf())
        };
        self.roots.iter().enumerate().filter_map(|(i, root)| of(i, root).map(|rel| (i, rel))).collect()
    }

    /// Waits for the next batch of changes (or `None` once `timeout` passes without one).
    pub fn next_batch(&mut self, timeout: Duration) -> Option<Vec<PathBuf>> {
        self.next_batches(timeout).map(|batch| batch.into_iter().filter(|(i, _)| *i == 0).map(|(_, p)| p).collect())
    }

    /// Waits for the next batch of changes in any project watched, each path with its project's
    /// index (or `None` once `timeout` passes without one).
    pub fn next_batches(&mut self, timeout: Duration) -> Option<Vec<(usize, PathBuf)>> {
        let mut batch: Vec<(usize, PathBuf)> = Vec::new();
        let mut first: Option<Instant> = None;
        let mut new_folder = false;
        loop {
            let wait = match first {
                None => timeout,
                Some(t) => QUIET.min(LONGEST.saturating_sub(t.elapsed())),
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for path in &event.paths {
                        for rel in self.relevant(path, &event.kind) {
                            new_folder |= rel.1.components().count() <= 1;
                            if !batch.contains(&rel) {
                                batch.push(rel);
                            }
                            first.get_or_insert_with(Instant::now);
                        }
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if first.is_some() => break,
                Err(_) => return None,
            }
        }
        if new_folder {
            for root in &self.roots {
                let _ = self.watcher.watch(root, RecursiveMode::NonRecursive);
                for dir in crate::base::tree::FOLDERS.iter().map(|f| f.name) {
                    let path = root.join(dir);
                    if path.is_dir() {
                        let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
                    }
                }
            }
        }
        Some(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for temp in [
            ".01-a.md.swp",
            "01-a.md~",
            "#01-a.md#",
            ".#01-a.md",
            "01-a.md.bck",
            "01-a.md___jb_tmp___",
            "x.kate-swp",
            "4913",
        ] {
            assert!(is_temp(Path::new(temp)), "{temp}");
        }
        assert!(!is_temp(Path::new("content/01-a.md")));
    }

    #[test]
    fn one_save_through_a_temporary_file_and_a_rename_is_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("01-a.md"), "---\ntitle: 甲\n---\n").unwrap();
        let mut watcher = ProjectWatcher::new(dir.path(), false).unwrap();
        // What vim does on :w — probe file, swap file, a backup by rename, the new file — and VS
        // Code's write to a temporary file renamed over the original.
        std::fs::write(content.join("4913"), "").unwrap();
        std::fs::remove_file(content.join("4913")).unwrap();
        std::fs::write(content.join(".01-a.md.swp"), "swap").unwrap();
        std::fs::rename(content.join("01-a.md"), content.join("01-a.md~")).unwrap();
        std::fs::write(content.join("01-a.md"), "---\ntitle: 乙\n---\n").unwrap();
        std::fs::remove_file(content.join("01-a.md~")).unwrap();
        std::fs::write(content.join("01-a.md.tmp"), "---\ntitle: 丙\n---\n").unwrap();
        std::fs::rename(content.join("01-a.md.tmp"), content.join("01-a.md")).unwrap();
        let batch = watcher.next_batch(Duration::from_secs(5)).expect("a batch");
        assert_eq!(batch, [PathBuf::from("content/01-a.md")]);
        assert_eq!(watcher.next_batch(Duration::from_millis(300)), None, "one save, one batch");
    }
}
