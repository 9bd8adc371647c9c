//! `cargo bench --bench library`: the shared corpus of 10,000 clauses built as it is, against the
//! same corpus where every other clause uses a standard clause of a library (20 clauses of three
//! editions each, two placeholders filled, every use pinned to the newest edition, as after `library
//! upgrade`), the two builds taken in turns: what the library costs a build. (Uses behind the
//! library cost what 5,000 findings cost besides: each is a `library-outdated` finding.)
//!
//! The corpus is `../shared/bench/make_corpus.sh` (or `CLAUSEBOOK_CORPUS_SCRIPT`), made under
//! `CLAUSEBOOK_BENCH_DIR` (use /dev/shm).
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/process.rs"]
mod process;
#[path = "support/timing.rs"]
mod timing;

use std::path::{Path, PathBuf};
use std::process::Command;

use process::{Cost, measure};
use timing::{bench_dir, shared_corpus as corpus};

const TODAY: &str = "2025-01-01";
const STANDARD: usize = 20;
const ROUNDS: usize = 5;

/// A copy of `plain` with a library, every other clause using one of its clauses.
fn with_library(plain: &Path) -> PathBuf {
    let root = bench_dir().join("library-corpus");
    let _ = std::fs::remove_dir_all(&root);
    timing::copy_dir(plain, &root);
    let index = root.join("content/_index.md");
    let text = std::fs::read_to_string(&index).unwrap().replacen("---\n", "---\nlibrary: library\n", 1);
    std::fs::write(&index, text).unwrap();
    let library = root.join("library");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(library.join("_index.md"), "---\ntitle: 标准条款库\n---\n").unwrap();
    for k in 0..STANDARD {
        let dir = library.join(format!("s{k:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (n, kind) in [(1, ""), (2, "kind: correction\n"), (3, "kind: update\n")] {
            let body = format!(
                "---\ntitle: 标准条款{k}\n{kind}---\n\n{{{{甲方}}}}与{{{{乙方}}}}就第{k}项事务约定如下（第{n}版）：\n\n1. 双方按月核对执行情况；\n2. 出现争议的，先由双方联系人协商解决。\n"
            );
            std::fs::write(dir.join(format!("{n}.md")), body).unwrap();
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    files.sort();
    for (i, file) in files.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let uses = format!("use: s{:02}@3\nwith: {{甲方: 营销部, 乙方: 品牌部}}\n", (i / 2) % STANDARD);
        let text = std::fs::read_to_string(file).unwrap().replacen("---\n", &format!("---\n{uses}"), 1);
        std::fs::write(file, text).unwrap();
    }
    // Every use pinned, as `library pin` writes them.
    let mut pin = clausebook();
    pin.args(["library", "pin", "--root"]).arg(&root);
    measure(&mut pin);
    root
}

fn clausebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_clausebook"))
}

fn build(root: &Path, out: &str) -> Command {
    let mut c = clausebook();
    c.args(["build", "--no-versions", "--today", TODAY, "--root"]).arg(root).arg("--out").arg(bench_dir().join(out));
    c
}

fn main() {
    let plain = corpus();
    let library = with_library(&plain);
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        without.push(measure(&mut build(&plain, "library-plain-out")));
        with.push(measure(&mut build(&library, "library-out")));
    }
    let (without, with): (Cost, Cost) = (process::median(without), process::median(with));
    let ms = |c: &Cost| c.wall.as_secs_f64() * 1000.0;
    println!("| measure | figure | baseline (same run) | ratio | aim |\n| --- | --- | --- | --- | --- |");
    println!(
        "| full build, 10,000 clauses, 5,000 using the library | {:.0} ms (CPU {:.0} ms, {:.0} MiB) | without the library {:.0} ms (CPU {:.0} ms, {:.0} MiB) | {:.2}× |  |",
        ms(&with),
        with.cpu.as_secs_f64() * 1000.0,
        with.peak_mib,
        ms(&without),
        without.cpu.as_secs_f64() * 1000.0,
        without.peak_mib,
        ms(&with) / ms(&without),
    );
}
