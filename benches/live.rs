//! `cargo bench --bench live`: the time from a saved clause to the rebuilt site in `serve` /
//! `watch`, for agreements of 1,000 and 10,000 clauses, without rules and with the example
//! project's rules, against a full build in the same run. The watcher waits until the files are
//! quiet for `QUIET` before rebuilding; that delay is added to the end-to-end figure.
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/timing.rs"]
mod timing;

use timing::{copy_dir, corpus_dir, median, ms};

use std::path::PathBuf;
use std::time::Instant;

use clausebook::pipeline::session::Session;
use clausebook::pipeline::watch::QUIET;

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
            copy_dir(&repo.join("rules"), &dir.path().join("rules"));
        }
        let mut session = Session::new(dir.path(), today, None);
        let t = Instant::now();
        session.rebuild(&[]).unwrap();
        let full = t.elapsed();
        // Edits of a clause's body (its page, the printable page, the search index and JSON change),
        // then of its title (the index, party pages and neighbours' and referrers' pages too).
        let mut edit = |k: usize, what: &str, from: &str, to: &str| {
            let i = (k * 137) % n;
            let chapter = i / 50;
            let rel =
                PathBuf::from(format!("content/{:03}-chapter-{chapter}/{:03}-clause-{i}.md", chapter + 1, i % 50 + 1));
            let path = dir.path().join(&rel);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replacen(from, &format!("{to}（第{k}次{what}）"), 1)).unwrap();
            let t = Instant::now();
            let rebuilt = session.rebuild(&[rel]).unwrap();
            assert!(rebuilt.site.is_some());
            (t.elapsed(), rebuilt.changed.len())
        };
        let body: Vec<_> = (0..7).map(|k| edit(k, "编辑", "双方", "双方")).collect();
        let title: Vec<_> = (7..12).map(|k| edit(k, "改名", "合作事项", "合作事项")).collect();
        let (times, pages): (Vec<_>, Vec<_>) = body.into_iter().unzip();
        let pages = pages[0];
        let (title_times, title_pages): (Vec<_>, Vec<_>) = title.into_iter().unzip();
        let (title_one, title_pages) = (median(title_times), title_pages[0]);
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
            "  + quiet period of the watcher       {:>8.1} ms  = {:.1} ms from save to new site",
            ms(QUIET),
            ms(one + QUIET)
        );
        println!(
            "  rebuild after a title edit          {:>8.1} ms  = {:.2}x the full build ({title_pages} files changed)\n",
            ms(title_one),
            ms(title_one) / ms(full)
        );
    }
}
