//! `cargo bench --bench peers [N ...]`: the whole `clausebook build` process against Hugo on the
//! same synthetic clauses (one `content/` folder, a minimal Hugo layout beside it), alternating,
//! with wall time, CPU time (user + system, all threads) and peak memory of each process.
//!
//! Hugo is `hugo` on the PATH unless `CLAUSEBOOK_HUGO` names one or more binaries (comma-separated,
//! e.g. Debian's and the newest from PyPI; empty for none). The example's rules run on the corpus,
//! as in a real project. `CLAUSEBOOK_BENCH_RUNS` sets the number of runs (5).
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/process.rs"]
mod process;
#[path = "support/timing.rs"]
mod timing;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use process::{Cost, measure, median};

fn version(hugo: &str) -> String {
    let out =
        Command::new(hugo).arg("version").output().unwrap_or_else(|e| panic!("{hugo}: {e} (apt-get install hugo)"));
    let text = String::from_utf8_lossy(&out.stdout);
    // `hugo v0.111.3+extended linux/amd64 …` (after a banner line, for the PyPI package).
    let word = text.split_whitespace().find(|w| w.starts_with('v') && w[1..].starts_with(|c: char| c.is_ascii_digit()));
    word.unwrap_or("?").split(['+', '-']).next().unwrap_or("?").to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        // `--write DIR N`: only write the corpus (with the Hugo layout and the rules), to profile by hand.
        let (root, n) = (Path::new(&args[i + 1]), args[i + 2].parse().expect("a number of clauses"));
        return write_corpus(root, n);
    }
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000] } else { sizes };
    let runs: usize = std::env::var("CLAUSEBOOK_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    // `CLAUSEBOOK_HUGO=` (empty) measures clausebook alone (for sizes Hugo takes too long at).
    let hugos: Vec<String> = std::env::var("CLAUSEBOOK_HUGO")
        .map_or_else(|_| vec!["hugo".into()], |v| v.split(',').filter(|h| !h.is_empty()).map(str::to_string).collect());
    let clausebook = env!("CARGO_BIN_EXE_clausebook");
    println!(
        "machine: {} cores; corpus in {}; median of {runs} alternating runs; whole processes\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::env::var("CLAUSEBOOK_BENCH_DIR").unwrap_or_else(|_| std::env::temp_dir().display().to_string())
    );
    for &n in &sizes {
        let dir = timing::corpus_dir();
        let root = dir.path();
        write_corpus(root, n);

        let mut names = vec!["cp -r content/".to_string(), "clausebook build --no-versions".to_string()];
        names.extend(hugos.iter().map(|h| format!("Hugo {}", version(h))));
        let mut costs: Vec<Vec<Cost>> = vec![Vec::new(); names.len()];
        for _ in 0..runs {
            let copy = root.join("copy");
            costs[0].push(measure(Command::new("cp").arg("-r").arg(root.join("content")).arg(&copy)));
            std::fs::remove_dir_all(&copy).unwrap();
            costs[1].push(measure(Command::new(clausebook).current_dir(root).args([
                "build",
                "--no-versions",
                "--today",
                "2026-01-15",
            ])));
            for (i, hugo) in hugos.iter().enumerate() {
                let out = root.join("hugo-public");
                let _ = std::fs::remove_dir_all(&out);
                costs[2 + i].push(measure(
                    Command::new(hugo).arg("--quiet").arg("--source").arg(root).arg("--destination").arg(&out),
                ));
            }
        }
        let medians: Vec<Cost> = costs.into_iter().map(median).collect();
        let hugo = medians.get(2).copied().unwrap_or_default();
        println!("{n} clauses");
        println!(
            "  {:<34} {:>9} {:>9} {:>9} {:>10} {:>10}",
            "", "wall ms", "CPU ms", "peak MiB", "wall/Hugo", "CPU/Hugo"
        );
        for (name, c) in names.iter().zip(&medians) {
            let ratio = |a: Duration, b: Duration| match b.is_zero() {
                true => "-".to_string(),
                false => format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64()),
            };
            println!(
                "  {name:<34} {:>9.0} {:>9.0} {:>9.0} {:>10} {:>10}",
                timing::ms(c.wall),
                timing::ms(c.cpu),
                c.peak_mib,
                ratio(c.wall, hugo.wall),
                ratio(c.cpu, hugo.cpu)
            );
        }
        println!();
    }
}

/// The synthetic clauses, the Hugo layout around them and the example's rules (without their tests).
fn write_corpus(root: &Path, n: usize) {
    corpus::generate(root, n);
    corpus::hugo_layout(root);
    timing::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"), &root.join("rules"));
    let _ = std::fs::remove_dir_all(root.join("rules/tests"));
}
