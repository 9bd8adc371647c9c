//! A Git history of releases for benchmarks: the project at `root` committed and tagged `v1.0`
//! … `vN.0`, with about 5% of the clauses' titles changed from one release to the next (so that
//! neighbours, referrers, the index and party pages change too).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `git` in `dir` with a fixed author; panics when it fails or is missing.
pub fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.name=bench", "-c", "user.email=b@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("the releases benchmarks need the git program")
        .success();
    assert!(ok, "git {args:?}");
}

/// The clause files under `root/content` (not the folders' `_index.md`), in a stable order.
pub fn clause_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "_index.md")
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Appends `mark` to a clause's title (the front matter's `title:` line).
pub fn retitle(file: &Path, mark: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find("\ntitle: ").expect("a clause with a title") + 1;
    let end = at + text[at..].find('\n').unwrap();
    std::fs::write(file, format!("{}{mark}{}", &text[..end], &text[end..])).unwrap();
}

/// Commits and tags `versions` releases of the project at `root`.
pub fn tag_releases(root: &Path, versions: usize) {
    git(root, &["init", "-q"]);
    let files = clause_files(root);
    for v in 1..=versions {
        if v > 1 {
            for (i, file) in files.iter().enumerate().filter(|(i, _)| (i * 7 + v * 13) % 20 == 0) {
                retitle(file, &format!("（第{v}次修订{i}）"));
            }
        }
        git(root, &["add", "-A"]);
        git(root, &["commit", "-qm", &format!("v{v}")]);
        git(root, &["tag", &format!("v{v}.0")]);
    }
}

/// Builds the project at `root` into `out` in this process, with every version or only the working
/// tree, and returns how long it took.
pub fn build(root: &Path, out: &Path, today: chrono::NaiveDate, versions: bool) -> Duration {
    let options = clausebook::BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        today,
        versions,
        tags: None,
        pdf: None,
        external: None,
        git: None,
        read: None,
    };
    let t = Instant::now();
    assert!(clausebook::build(&options).unwrap().written.is_some(), "the project builds");
    t.elapsed()
}
