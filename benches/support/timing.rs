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

/// Where benchmarks make their corpora and sites: `CLAUSEBOOK_BENCH_DIR`, else /dev/shm.
pub fn bench_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var("CLAUSEBOOK_BENCH_DIR").unwrap_or_else(|_| "/dev/shm".into()))
}

/// The shared corpus of 10,000 clauses, `../shared/bench/make_corpus.sh` (or
/// `CLAUSEBOOK_CORPUS_SCRIPT`), made under [`bench_dir`] when it is not there yet: its
/// clausebook layout.
pub fn shared_corpus() -> std::path::PathBuf {
    let dir = bench_dir().join("corpus-10000");
    if !dir.join("plain/content/_index.md").is_file() {
        let script =
            std::env::var("CLAUSEBOOK_CORPUS_SCRIPT").unwrap_or_else(|_| "../shared/bench/make_corpus.sh".into());
        let ok = std::process::Command::new("bash")
            .arg(&script)
            .arg("10000")
            .arg(&dir)
            .status()
            .expect("the corpus script runs");
        assert!(ok.success(), "{script} failed");
    }
    dir.join("plain")
}
