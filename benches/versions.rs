//! `cargo bench --bench versions`: 10 released versions of a 1,000-clause agreement, about 5% of
//! the clauses changed from one version to the next, plus a draft, against building one version
//! (`--no-versions`) in the same run: a cold build (no site to keep releases from), and a build
//! after an edit of the draft, which keeps the releases' folders from the previous site. For
//! scale, the time to copy the finished site file by file (what writing its files costs by itself).
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/releases.rs"]
mod releases;
#[path = "support/timing.rs"]
mod timing;

use timing::{copy_dir, corpus_dir, median, ms};

use std::path::Path;
use std::time::Instant;

fn main() {
    // As the binary does (src/main.rs): no per-object hash check on reads.
    git2::opts::strict_hash_verification(false);
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1_000);
    let versions = 10;
    let dir = corpus_dir();
    corpus::generate(dir.path(), n);
    releases::tag_releases(dir.path(), versions);
    let files = releases::clause_files(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let build = |versions: bool| releases::build(dir.path(), &dir.path().join("public"), today, versions);
    // The draft: the working tree differs from the newest release.
    let edit = |run: usize| {
        let text = std::fs::read_to_string(&files[0]).unwrap();
        let text = text.split("\n<!-- draft").next().unwrap().to_string();
        std::fs::write(&files[0], format!("{text}\n<!-- draft {run} -->\n")).unwrap();
    };
    edit(0);
    let inode = |path: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).map(|m| m.ino()).unwrap_or(0)
    };
    let (mut one, mut all, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..3 {
        one.push(build(false));
        all.push(build(true));
        let kept = inode(&dir.path().join("public/v1.0/index.html"));
        edit(run + 1);
        warm.push(build(true));
        assert_eq!(kept, inode(&dir.path().join("public/v1.0/index.html")), "v1.0 is kept as it is");
    }
    let (one, all, warm) = (median(one), median(all), median(warm));
    // What writing that many files costs by itself: copying the finished site, file by file.
    let public = dir.path().join("public");
    let count =
        walkdir::WalkDir::new(&public).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count();
    let t = Instant::now();
    copy_dir(&public, &dir.path().join("copy"));
    let copied = t.elapsed();
    println!("{n} clauses, {versions} versions, ~5% of clauses changed per version; median of 3 runs");
    println!("  baseline: one version (--no-versions)  {:>8.1} ms", ms(one));
    println!(
        "  cold: every version + latest + histories {:>6.1} ms  = {:.2}x one version",
        ms(all),
        all.as_secs_f64() / one.as_secs_f64()
    );
    println!(
        "  after a draft edit (releases kept)       {:>6.1} ms  = {:.2}x one version",
        ms(warm),
        warm.as_secs_f64() / one.as_secs_f64()
    );
    println!(
        "  copying that site ({count} files) alone {:>8.1} ms  = {:.2}x one version",
        ms(copied),
        copied.as_secs_f64() / one.as_secs_f64()
    );
}
