//! `cargo bench --bench portfolio`: a portfolio of 100 agreements of 100 clauses (the shared
//! corpus of 10,000 clauses, split), against one agreement of the same 10,000 clauses in the same
//! run (the two builds taken in turns): the one-shot portfolio build, and the portal assembled
//! from 100 kept bundles. With
//! `CLAUSEBOOK_BENCH_AGREEMENTS=1000`, 1,000 agreements of 100 clauses (the corpus's clauses used
//! ten times over), for the peak memory of a build that holds one agreement at a time. And an
//! edit of one clause's body under `serve` (the rebuild, in process), in the portfolio against
//! the same edit in one of its agreements alone; then the same edit, and an edit of the rule's
//! file, with examples/portfolio's rule in the portfolio's `rules/` (the checks across the
//! agreements run after each).
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
use timing::{bench_dir, copy_dir, shared_corpus as corpus};

/// The allocator of the `clausebook` binary, so that the edits under `serve`, rebuilt in this
/// process, cost what they cost in `clausebook serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TODAY: &str = "2025-01-01";
const CLAUSES: usize = 100;

/// A portfolio of `n` agreements of [`CLAUSES`] clauses each, cut from the corpus at `plain`.
fn portfolio(plain: &Path, n: usize) -> PathBuf {
    let root = bench_dir().join(format!("portfolio-{n}"));
    let _ = std::fs::remove_dir_all(&root);
    let index = std::fs::read_to_string(plain.join("content/_index.md")).unwrap();
    let mut clauses: Vec<PathBuf> = std::fs::read_dir(plain.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|f| f.to_string_lossy().starts_with("c-")))
        .collect();
    clauses.sort();
    let mut yaml = String::from("title: 合成基准协议组合\nlanguage: zh-CN\nagreements:\n");
    for k in 0..n {
        let id = format!("a{k:04}");
        let content = root.join(&id).join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(
            content.join("_index.md"),
            index.replace("title: 合成基准协议", &format!("title: 合成基准协议 {k}")),
        )
        .unwrap();
        let first = (k * CLAUSES) % clauses.len();
        for file in &clauses[first..first + CLAUSES] {
            let text = std::fs::read_to_string(file).unwrap();
            std::fs::write(content.join(file.file_name().unwrap()), cite_across(&text, k, clauses.len())).unwrap();
        }
        copy_dir(&plain.join("rules"), &root.join(&id).join("rules"));
        yaml.push_str(&format!("  - id: {id}\n    path: {id}\n"));
    }
    std::fs::write(root.join("portfolio.yaml"), yaml).unwrap();
    root
}

/// The corpus's links to other clause files (`[第12条](c-00012.md)`) in agreement `k`: a link to a
/// clause of another agreement becomes a citation of it (`[[a0000:c-00012|第12条]]`).
fn cite_across(text: &str, k: usize, total: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](c-") {
        let (label_start, target_end) = (rest[..at].rfind('['), rest[at..].find(".md)"));
        let (Some(open), Some(end)) = (label_start, target_end) else { break };
        let label = &rest[open + 1..at];
        let id = &rest[at + 2..at + end];
        let n: usize = id.trim_start_matches("c-").parse().unwrap_or(1);
        let owner = (k / (total / CLAUSES)) * (total / CLAUSES) + (n - 1) / CLAUSES;
        out.push_str(&rest[..open]);
        if owner == k {
            out.push_str(&rest[open..at + end + 4]);
        } else {
            out.push_str(&format!("[[a{owner:04}:{id}|{label}]]"));
        }
        rest = &rest[at + end + 4..];
    }
    out.push_str(rest);
    out
}

fn clausebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_clausebook"))
}

/// The median cost of three runs of `command` (made afresh each time by `make`).
fn median_of_3(make: &dyn Fn() -> Command) -> Cost {
    process::median((0..3).map(|_| measure(&mut make())).collect())
}

/// The median costs of [`ROUNDS`] runs of each command `makes` makes, in turns (the first, the
/// second, the first again…): the machine's other work, which comes and goes over seconds, then
/// weighs on a ratio's two sides alike.
fn interleaved(makes: &[&dyn Fn() -> Command]) -> Vec<Cost> {
    let mut runs: Vec<Vec<Cost>> = makes.iter().map(|_| Vec::new()).collect();
    for _ in 0..ROUNDS {
        for (make, runs) in makes.iter().zip(&mut runs) {
            runs.push(measure(&mut make()));
        }
    }
    runs.into_iter().map(process::median).collect()
}

/// How many turns [`interleaved`] takes.
const ROUNDS: usize = 5;

fn row(what: &str, cost: Cost, base: Option<(&str, Cost)>, aim: &str) {
    let ratio =
        base.map(|(_, b)| format!("{:.2}×", cost.wall.as_secs_f64() / b.wall.as_secs_f64())).unwrap_or_default();
    let base = base.map(|(name, b)| format!("{name} {:.0} ms", b.wall.as_secs_f64() * 1000.0)).unwrap_or_default();
    println!(
        "| {what} | {:.0} ms (CPU {:.0} ms, {:.0} MiB) | {base} | {ratio} | {aim} |",
        cost.wall.as_secs_f64() * 1000.0,
        cost.cpu.as_secs_f64() * 1000.0,
        cost.peak_mib
    );
}

/// How many edits a median of edits under `serve` is taken over (each takes a few milliseconds,
/// and one in a few is slowed by the machine's other work).
const EDITS: usize = 21;

fn main() {
    let plain = corpus();
    let n: usize = std::env::var("CLAUSEBOOK_BENCH_AGREEMENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let root = portfolio(&plain, n);
    if std::env::var("CLAUSEBOOK_BENCH_ONLY").is_ok_and(|v| v == "serve") {
        return serve_row(&root);
    }
    let out = bench_dir().join("portfolio-out");
    let one = || {
        let mut c = clausebook();
        c.args(["build", "--no-versions", "--today", TODAY, "--root"])
            .arg(&plain)
            .arg("--out")
            .arg(bench_dir().join("one-out"));
        c
    };
    let whole = || {
        let mut c = clausebook();
        c.args(["build", "--today", TODAY, "--root"]).arg(&root).arg("--out").arg(&out);
        c
    };
    let [one, whole] = interleaved(&[&one, &whole])[..] else { unreachable!("two commands, two costs") };
    println!("| measure | figure | baseline (same run) | ratio | aim |\n| --- | --- | --- | --- | --- |");
    row("one agreement of 10,000 clauses (`build --no-versions`)", one, None, "");
    let what = format!("portfolio of {n} × {CLAUSES} clauses, one-shot `build`");
    let aim = if n == 100 { "≤ 1.2×" } else { "peak ≤ 1,536 MiB" };
    row(&what, whole, Some(("one agreement", one)), aim);
    if n != 100 {
        return;
    }
    let bundles = bench_dir().join("portfolio-bundles");
    let dirs: Vec<PathBuf> = (0..n).map(|k| bundles.join(format!("a{k:04}"))).collect();
    for (k, dir) in dirs.iter().enumerate() {
        let mut c = clausebook();
        c.args(["build", "--today", TODAY, "--root"]).arg(root.join(format!("a{k:04}"))).arg("--bundle").arg(dir);
        measure(&mut c);
    }
    let assemble = median_of_3(&|| {
        let mut c = clausebook();
        c.args(["portal", "--today", TODAY, "--root"]).arg(&root).arg("--out").arg(&out).arg("--bundles").args(&dirs);
        c
    });
    row(
        "the portal assembled from 100 kept bundles (`portal --bundles`)",
        assemble,
        Some(("one agreement", one)),
        "≤ 0.3×",
    );
    let kept = median_of_3(&|| {
        let mut c = clausebook();
        c.args(["build", "--today", TODAY, "--root"]).arg(root.join("a0000")).arg("--bundle").arg(&dirs[0]);
        c
    });
    row("one bundle, nothing changed (`build --bundle`: kept)", kept, Some(("one agreement", one)), "");
    serve_row(&root);
}

/// The rows of edits under `serve`: in the portfolio at `root` against its agreement alone, then
/// with a portfolio rule.
fn serve_row(root: &Path) {
    let (alone, together) = edits(root);
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let ratio = together.as_secs_f64() / alone.as_secs_f64();
    println!(
        "| `serve`: one clause's body edited, rebuild, portfolio of 100 × 100 | {:.1} ms | the agreement alone {:.1} ms | {ratio:.2}× | ≤ 2× |",
        ms(together),
        ms(alone)
    );
    let (edit, rule) = ruled_edits(root);
    println!(
        "| `serve`: the same edit, the portfolio with examples/portfolio's rule | {:.1} ms | without rules {:.1} ms | {:.2}× | |",
        ms(edit),
        ms(together),
        edit.as_secs_f64() / together.as_secs_f64()
    );
    println!("| `serve`: that rule's file edited, rebuild | {:.1} ms | | | |", ms(rule));
}

/// The median of [`EDITS`] rebuilds, each after `edit(i)` of the file `changed` (with its index in
/// the session's roots).
fn median_rebuild(
    session: &mut clausebook::portfolio::live::PortfolioSession,
    changed: (usize, PathBuf),
    edit: &dyn Fn(usize),
) -> std::time::Duration {
    let mut times: Vec<std::time::Duration> = (0..EDITS)
        .map(|i| {
            edit(i);
            session.rebuild(std::slice::from_ref(&changed)).unwrap().elapsed
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// With examples/portfolio's rule in the portfolio at `root`'s `rules/` (which sees every clause
/// of every agreement): the median rebuild after an edit of one clause's body, and after an edit
/// of the rule's file.
fn ruled_edits(root: &Path) -> (std::time::Duration, std::time::Duration) {
    use clausebook::portfolio::live::PortfolioSession;
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let rule = std::fs::read_to_string("examples/portfolio/rules/01-meetings.lua").unwrap();
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::write(root.join("rules/01-meetings.lua"), &rule).unwrap();
    let mut session = PortfolioSession::new(root, today).map_err(|c| c.render()).unwrap();
    let first = session.rebuild(&[]).unwrap();
    assert!(first.checked.rules.iter().any(|(r, _)| r.id == "department-meeting-clash"), "the rule runs");
    let n = session.roots().len() - 1;
    let file = PathBuf::from("content/c-00001.md");
    let clause = |i: usize| {
        let text = std::fs::read_to_string(root.join("a0000").join(&file)).unwrap();
        std::fs::write(root.join("a0000").join(&file), format!("{text}\n第{i}次修改。\n")).unwrap();
    };
    let edit = median_rebuild(&mut session, (0, file.clone()), &clause);
    let rules = |i: usize| std::fs::write(root.join("rules/01-meetings.lua"), format!("{rule}\n-- {i}\n")).unwrap();
    let rule_edit = median_rebuild(&mut session, (n, PathBuf::from("rules/01-meetings.lua")), &rules);
    std::fs::remove_dir_all(root.join("rules")).unwrap();
    (edit, rule_edit)
}

/// The median rebuild after an edit of one clause's body: in agreement `a0000` alone (a copy),
/// and in the portfolio at `root`.
fn edits(root: &Path) -> (std::time::Duration, std::time::Duration) {
    use clausebook::pipeline::session::Session;
    use clausebook::portfolio::live::PortfolioSession;
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let lone = bench_dir().join("portfolio-lone");
    let _ = std::fs::remove_dir_all(&lone);
    copy_dir(&root.join("a0000"), &lone);
    let file = std::path::PathBuf::from("content/c-00001.md");
    let edit = |dir: &Path, i: usize| {
        let text = std::fs::read_to_string(dir.join(&file)).unwrap();
        std::fs::write(dir.join(&file), format!("{text}\n第{i}次修改。\n")).unwrap();
    };
    let median = |mut v: Vec<std::time::Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut session = Session::new(&lone, today, None);
    session.rebuild(&[]).unwrap();
    let alone = median(
        (0..EDITS)
            .map(|i| {
                edit(&lone, i);
                session.rebuild(std::slice::from_ref(&file)).unwrap().elapsed
            })
            .collect(),
    );
    let mut portfolio = PortfolioSession::new(root, today).map_err(|c| c.render()).unwrap();
    portfolio.rebuild(&[]).unwrap();
    let together = median(
        (0..EDITS)
            .map(|i| {
                edit(&root.join("a0000"), i);
                portfolio.rebuild(&[(0, file.clone())]).unwrap().elapsed
            })
            .collect(),
    );
    (alone, together)
}
