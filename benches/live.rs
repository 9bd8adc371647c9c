//! `cargo bench --bench live`: the time from a saved clause to the rebuilt site in `serve` /
//! `watch`, for agreements of 1,000 and 10,000 clauses, without rules and with the example
//! project's rules, against a full build in the same run. The watcher waits until the files are
//! quiet for `QUIET` before rebuilding; that delay is added to the end-to-end figure.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/timing.rs"]
mod timing;

use timing::{corpus_dir, median, ms};

use std::path::PathBuf;
use std::time::Instant;

use clausebook::serve::session::Session;
use clausebook::serve::watch::QUIET;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (n, with_rules) in sizes.iter().flat_map(|&n| [(n, false), (n, true)]) {
        let dir = corpus_dir();
        corpus::generate(dir.path(), n);
        if with_rules {
            // The example project's rules (and their library), as a real project has them.
            for entry in walkdir::WalkDir::new(repo.join("rules")).into_iter().filter_map(Result::ok) {
                let to = dir.path().join(entry.path().strip_prefix(repo).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(entry.path(), &to).unwrap();
                }
            }
        }
        let mut session = Session::new(dir.path(), today, None);
        let t = Instant::now();
        session.rebuild(&[]).unwrap();
        let full = t.elapsed();
        let mut times = Vec::new();
        let mut pages = 0;
        for k in 0..7 {
            let i = (k * 137) % n;
            let chapter = i / 50;
            let rel =
                PathBuf::from(format!("content/{:03}-chapter-{chapter}/{:03}-clause-{i}.md", chapter + 1, i % 50 + 1));
            let path = dir.path().join(&rel);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replacen("双方", &format!("双方（第{k}次编辑）"), 1)).unwrap();
            let t = Instant::now();
            let rebuilt = session.rebuild(&[rel]).unwrap();
            times.push(t.elapsed());
            assert!(rebuilt.site.is_some());
            pages = rebuilt.changed.len();
        }
        let one = median(times);
        let rules = if with_rules { "with the example's 7 rules" } else { "no rules" };
        println!("{n} clauses, {rules}: one clause edited, {pages} files changed");
        println!("  baseline: first (full) build        {:>8.1} ms", ms(full));
        println!(
            "  rebuild after the edit              {:>8.1} ms  = {:.2}x the full build",
            ms(one),
            ms(one) / ms(full)
        );
        println!(
            "  + quiet period of the watcher       {:>8.1} ms  = {:.1} ms from save to new site\n",
            ms(QUIET),
            ms(one + QUIET)
        );
    }
}
