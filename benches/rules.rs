//! `cargo bench --bench rules`: the example rules (`rules/`) over synthetic agreements of 1,000 and
//! 10,000 clauses, against the time it takes to load (read and parse) the same agreement, measured
//! in the same run. The aim: the rules add less than loading does.
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/timing.rs"]
mod timing;

use timing::{corpus_dir, median, ms};

use std::path::Path;
use std::time::Instant;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rule_count = clausebook::check::rules::rule_files(&clausebook::base::tree::Disk::new(repo)).len();
    println!("{rule_count} rule files from rules/; each figure is the median of the runs\n");
    for n in sizes {
        let dir = corpus_dir();
        corpus::generate(dir.path(), n);
        let runs = if n >= 10_000 { 3 } else { 5 };
        let (mut load, mut rules) = (Vec::new(), Vec::new());
        let mut findings = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let loaded = clausebook::load::load(dir.path()).unwrap();
            load.push(t.elapsed());
            let agreement = loaded.agreement.unwrap();
            let t = Instant::now();
            let outcome =
                clausebook::check::rules::run(&clausebook::base::tree::Disk::new(repo), &agreement, today, None, None);
            rules.push(t.elapsed());
            assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
            findings = outcome.findings.len();
        }
        let (load, rules) = (median(load), median(rules));
        println!("{n} clauses: {findings} findings");
        println!("  baseline: load (read + parse)   {:>8.1} ms", ms(load));
        println!("  rules                           {:>8.1} ms  = {:.2}x the load\n", ms(rules), ms(rules) / ms(load));
    }
}
