//! Small helpers the benchmarks share.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

/// The median of some timings.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Where benchmark corpora go: `CLAUSEBOOK_BENCH_DIR` (e.g. /dev/shm, to leave the disk out of
/// the figures), else the system's temporary folder.
pub fn corpus_dir() -> tempfile::TempDir {
    let base = std::env::var_os("CLAUSEBOOK_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    tempfile::tempdir_in(base).unwrap()
}

/// Copies a folder tree, file by file.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
