//! Write: the one sink every page goes through. A site is assembled in memory, then written to a
//! fresh folder beside the output folder and swapped into place only when every file is written,
//! so a failed or interrupted build leaves the previous site exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Marks a folder as written by clausebook, so we only ever replace our own output.
pub const MARKER: &str = ".clausebook-site";

/// A built site: file paths (relative, `/`-separated) and their bytes, in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    files: BTreeMap<String, Vec<u8>>,
}

/// Why a site could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A page path would leave the output folder (`..`, absolute, empty parts).
    UnsafePath(String),
    /// The output folder exists, is not empty and was not written by clausebook.
    NotOurs(PathBuf),
    /// The file system refused.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::UnsafePath(p) => write!(
                f,
                "refusing to write {p:?}: it would leave the output folder"
            ),
            WriteError::NotOurs(p) => write!(
                f,
                "refusing to replace {}: it is not empty and was not written by clausebook (no {MARKER} file); choose another --out or remove it",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

impl Site {
    /// Adds (or replaces) a file.
    pub fn add(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    /// The bytes of a file, if the site has it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Every file, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes the site to `out`, replacing what was there only once every file is written.
    pub fn write(&self, out: &Path) -> Result<(), WriteError> {
        for path in self.files.keys() {
            if !is_safe(path) {
                return Err(WriteError::UnsafePath(path.clone()));
            }
        }
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| WriteError::Io(p, e)
        };
        if out.exists() && !replaceable(out).map_err(io(out))? {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        remove_stale(&parent, &name);

        let written = self.write_all(&staging);
        if let Err(e) = written {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        let had_old = out.exists();
        if had_old {
            fs::rename(out, &old).map_err(|e| {
                let _ = fs::remove_dir_all(&staging);
                WriteError::Io(out.to_path_buf(), e)
            })?;
        }
        if let Err(e) = fs::rename(&staging, out) {
            if had_old {
                let _ = fs::rename(&old, out);
            }
            let _ = fs::remove_dir_all(&staging);
            return Err(WriteError::Io(out.to_path_buf(), e));
        }
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }

    fn write_all(&self, dir: &Path) -> Result<(), WriteError> {
        fs::create_dir_all(dir).map_err(|e| WriteError::Io(dir.to_path_buf(), e))?;
        fs::write(
            dir.join(MARKER),
            b"This folder is written by clausebook build; it is replaced on each build.\n",
        )
        .map_err(|e| WriteError::Io(dir.join(MARKER), e))?;
        let mut made: Vec<PathBuf> = Vec::new();
        for (path, bytes) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent()
                && !made.iter().any(|m| m == parent)
            {
                fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
                made.push(parent.to_path_buf());
            }
            fs::write(&target, bytes).map_err(|e| WriteError::Io(target.clone(), e))?;
        }
        Ok(())
    }
}

/// A relative path of plain names only: nothing that could climb out of the output folder.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(n) if !n.is_empty()))
}

/// An output folder may be replaced when it is ours (has the marker) or empty.
fn replaceable(out: &Path) -> std::io::Result<bool> {
    if !out.is_dir() {
        return Ok(false);
    }
    Ok(out.join(MARKER).is_file() || fs::read_dir(out)?.next().is_none())
}

/// Staging folders left by an interrupted build are removed.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(&format!(".{name}.new-")) || file.starts_with(&format!(".{name}.old-"))
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut site = Site::default();
        site.add("index.html", b"x".to_vec());
        assert!(matches!(site.write(&out), Err(WriteError::NotOurs(_))));
        assert!(out.join("precious.txt").exists());
    }
}
