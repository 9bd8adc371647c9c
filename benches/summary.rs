//! `cargo bench --bench summary`: the standard table, in about two minutes, for every closing
//! note — so that a change that slows clausebook down is seen the day it is made.
//!
//! Everything runs on the shared corpus (`../shared/bench/make_corpus.sh`, or the script that
//! `CLAUSEBOOK_CORPUS_SCRIPT` names), each figure against a baseline measured in the same run:
//!
//! - a full build of 10,000 clauses (`build --no-versions`, whole processes, alternating) against
//!   Zola and Hugo on the same text and against `cp -r` of the content;
//! - `build` in a fresh process after a one-clause edit, against the cold build;
//! - an edit under `serve` (one clause's body, one clause's title) at 1,000 and 10,000 clauses,
//!   from save to the new site (the rebuild plus the watcher's quiet period);
//! - a keystroke in the language server at 10,000 clauses, to that file's findings;
//! - ten releases of 1,000 clauses: cold, and after an edit of the draft, against one version.
//!
//! Zola is `CLAUSEBOOK_ZOLA` (a path; else `zola` on the PATH), Hugo `CLAUSEBOOK_HUGO` (else
//! `hugo` on the PATH); an empty value leaves the peer out. `CLAUSEBOOK_BENCH_DIR` says where the
//! corpora go (use /dev/shm). docs/benchmarks.md says how to build Zola for it.
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/lsp_client.rs"]
mod lsp_client;
#[path = "support/process.rs"]
mod process;
#[path = "support/releases.rs"]
mod releases;
#[path = "support/timing.rs"]
mod timing;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clausebook::pipeline::session::Session;
use clausebook::pipeline::watch::QUIET;
use process::{Cost, measure};
use serde_json::{Value, json};
use timing::{corpus_dir, median, ms};

/// "Today" for every run: the shared corpus revises its clauses on 2024-06-01 and reviews them by
/// 2025-06-01, so no date rule fails the build.
const TODAY: &str = "2025-01-01";

/// One line of the table.
struct Row {
    measure: String,
    figure: String,
    baseline: String,
    ratio: String,
    aim: &'static str,
}

impl Row {
    fn new(measure: impl Into<String>, figure: impl Into<String>, baseline: impl Into<String>) -> Row {
        Row { measure: measure.into(), figure: figure.into(), baseline: baseline.into(), ratio: String::new(), aim: "" }
    }

    fn ratio(mut self, of: Duration, to: Duration) -> Row {
        self.ratio = times(of, to);
        self
    }

    fn aim(mut self, aim: &'static str) -> Row {
        self.aim = aim;
        self
    }
}

fn times(of: Duration, to: Duration) -> String {
    if to.is_zero() { "-".into() } else { format!("{:.2}×", of.as_secs_f64() / to.as_secs_f64()) }
}

/// A count with thousands separated: 10,000.
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn millis(d: Duration) -> String {
    let ms = ms(d);
    if ms >= 100.0 { format!("{} ms", count(ms.round() as usize)) } else { format!("{ms:.1} ms") }
}

fn main() {
    git2::opts::strict_hash_verification(false);
    let started = Instant::now();
    let mut rows = Vec::new();
    let big = Corpus::make(10_000);
    full_build(&big, &mut rows);
    let small = Corpus::make(1_000);
    edits(&small, &big, &mut rows);
    keystroke(&big, &mut rows);
    drop(big);
    releases(small, &mut rows);
    println!(
        "\n{} cores; corpora in {}; medians; {:.0} s in all\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::env::var("CLAUSEBOOK_BENCH_DIR").unwrap_or_else(|_| std::env::temp_dir().display().to_string()),
        started.elapsed().as_secs_f64()
    );
    println!("| measure | figure | baseline (same run) | ratio | aim |");
    println!("| --- | --- | --- | --- | --- |");
    for r in rows {
        println!("| {} | {} | {} | {} | {} |", r.measure, r.figure, r.baseline, r.ratio, r.aim);
    }
}

/// The shared corpus of `clauses` clauses in its three layouts, in a temporary folder.
struct Corpus {
    clauses: usize,
    dir: tempfile::TempDir,
}

impl Corpus {
    fn make(clauses: usize) -> Corpus {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = std::env::var_os("CLAUSEBOOK_CORPUS_SCRIPT")
            .map_or_else(|| repo.join("../shared/bench/make_corpus.sh"), PathBuf::from);
        assert!(
            script.is_file(),
            "the summary runs on the shared corpus: {} is missing (set CLAUSEBOOK_CORPUS_SCRIPT to make_corpus.sh)",
            script.display()
        );
        let dir = corpus_dir();
        let made = Command::new("bash")
            .arg(&script)
            .arg(clauses.to_string())
            .arg(dir.path().join("corpus"))
            .current_dir(repo)
            .output()
            .expect("bash runs the corpus script");
        assert!(made.status.success(), "{} failed: {}", script.display(), String::from_utf8_lossy(&made.stderr));
        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        Corpus { clauses, dir }
    }

    fn path(&self, layout: &str) -> PathBuf {
        self.dir.path().join("corpus").join(layout)
    }

    /// The clausebook project.
    fn project(&self) -> PathBuf {
        self.path("plain")
    }

    /// The clause file the `k`-th edit changes, relative to the project.
    fn clause(&self, k: usize) -> PathBuf {
        let width = self.clauses.to_string().len().max(4);
        PathBuf::from(format!("content/c-{:0width$}.md", (k * 137) % self.clauses + 1))
    }

    /// Edits the body of a clause: replaces (or adds) a last paragraph.
    fn edit_body(&self, k: usize) -> PathBuf {
        let rel = self.clause(k);
        let path = self.project().join(&rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept = text.split("\n\n编辑记号").next().unwrap();
        std::fs::write(&path, format!("{kept}\n\n编辑记号第{k}次。\n")).unwrap();
        rel
    }

    /// Edits the title of a clause.
    fn edit_title(&self, k: usize) -> PathBuf {
        let rel = self.clause(k);
        releases::retitle(&self.project().join(&rel), &format!("（第{k}次改名）"));
        rel
    }

    fn clausebook(&self, command: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_clausebook"));
        c.args([command, "--today", TODAY, "--root"]).arg(self.project());
        c
    }
}

/// A peer's binary: the environment variable's value (empty: none), else `default` if it runs.
fn peer(variable: &str, default: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(v) if v.is_empty() => None,
        Ok(v) => Some(v),
        Err(_) => Command::new(default).arg("--version").output().ok().map(|_| default.to_string()),
    }
}

/// Full builds of 10,000 clauses against the peers, then the fresh-process build after an edit.
fn full_build(corpus: &Corpus, rows: &mut Vec<Row>) {
    let out = corpus.dir.path().join("out");
    let (zola, hugo) = (peer("CLAUSEBOOK_ZOLA", "zola"), peer("CLAUSEBOOK_HUGO", "hugo"));
    let mut costs: [Vec<Cost>; 4] = Default::default();
    for _ in 0..3 {
        let copy = out.join("copy");
        costs[0].push(measure(Command::new("cp").arg("-r").arg(corpus.project().join("content")).arg(&copy)));
        std::fs::remove_dir_all(&copy).unwrap();
        forget(&out.join("cb"));
        costs[1].push(measure(corpus.clausebook("build").arg("--no-versions").arg("--out").arg(out.join("cb"))));
        if let Some(zola) = &zola {
            let root = corpus.path("zola");
            costs[2].push(measure(
                Command::new(zola).arg("--root").arg(root).args(["build", "--force", "-o"]).arg(out.join("z")),
            ));
        }
        if let Some(hugo) = &hugo {
            let source = corpus.path("hugo");
            costs[3].push(measure(
                Command::new(hugo).arg("--quiet").arg("--source").arg(source).arg("-d").arg(out.join("h")),
            ));
        }
    }
    let [copy, cb, z, h] = costs.map(|c| if c.is_empty() { None } else { Some(process::median(c)) });
    let (copy, cb) = (copy.unwrap(), cb.unwrap());
    let n = count(corpus.clauses);
    rows.push(Row::new(format!("`cp -r content/`, {n} clauses"), millis(copy.wall), "").aim("(the floor)"));
    let peers = [("Zola", z, "≤ 0.5×"), ("Hugo", h, "")];
    for (name, cost, aim) in peers {
        let Some(p) = cost else {
            rows.push(Row::new(format!("{name}: not measured"), "", "set CLAUSEBOOK_ZOLA / CLAUSEBOOK_HUGO"));
            continue;
        };
        let what = format!("full build, {n} clauses");
        rows.push(
            Row::new(format!("{what}: wall"), millis(cb.wall), format!("{name} {}", millis(p.wall)))
                .ratio(cb.wall, p.wall)
                .aim(aim),
        );
        rows.push(
            Row::new(format!("{what}: CPU"), millis(cb.cpu), format!("{name} {}", millis(p.cpu)))
                .ratio(cb.cpu, p.cpu)
                .aim(aim),
        );
        rows.push(
            Row::new(
                format!("{what}: peak memory"),
                format!("{:.0} MiB", cb.peak_mib),
                format!("{name} {:.0} MiB", p.peak_mib),
            )
            .aim(if name == "Zola" { "≤ 200 MiB" } else { "" }),
        );
    }
    let after: Vec<Duration> = (0..3)
        .map(|k| {
            corpus.edit_body(k);
            measure(corpus.clausebook("build").arg("--no-versions").arg("--out").arg(out.join("cb"))).wall
        })
        .collect();
    let after = median(after);
    rows.push(
        Row::new(
            format!("`build` in a fresh process after a one-clause edit, {n}"),
            millis(after),
            format!("cold build {}", millis(cb.wall)),
        )
        .ratio(after, cb.wall)
        .aim("≤ 0.15×"),
    );
}

/// Removes the site a previous build wrote (what a build keeps from, the releases' folders and
/// histories), so that the next build is cold.
fn forget(site: &Path) {
    let _ = std::fs::remove_dir_all(site);
}

/// Save → new site under `serve`, for a body edit and a title edit, at both sizes.
fn edits(small: &Corpus, big: &Corpus, rows: &mut Vec<Row>) {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let at = |corpus: &Corpus| {
        let mut session = Session::new(&corpus.project(), today, None);
        let t = Instant::now();
        assert!(session.rebuild(&[]).unwrap().site.is_some(), "the corpus builds");
        let full = t.elapsed();
        let mut edit = |k: usize, change: fn(&Corpus, usize) -> PathBuf| {
            let rel = change(corpus, k);
            let t = Instant::now();
            assert!(session.rebuild(&[rel]).unwrap().site.is_some());
            t.elapsed() + QUIET
        };
        let body = median((10..17).map(|k| edit(k, Corpus::edit_body)).collect());
        let title = median((20..27).map(|k| edit(k, Corpus::edit_title)).collect());
        (full, body, title)
    };
    let (small_full, small_body, small_title) = at(small);
    let (full, body, title) = at(big);
    let n = count(big.clauses);
    for (what, big, little) in [("body", body, small_body), ("title", title, small_title)] {
        rows.push(
            Row::new(
                format!("`serve`: one clause's {what} edited, save → site, {n}"),
                millis(big),
                format!("full build {}", millis(full)),
            )
            .ratio(big, full)
            .aim("≤ 50 ms"),
        );
        rows.push(
            Row::new(
                format!("… the same at {} (ratio: {n} / {})", count(small.clauses), count(small.clauses)),
                millis(little),
                format!("full build {}", millis(small_full)),
            )
            .ratio(big, little)
            .aim("≤ 2×"),
        );
    }
}

/// A keystroke in `clausebook lsp` at 10,000 clauses: a `didChange` to that file's findings.
fn keystroke(corpus: &Corpus, rows: &mut Vec<Row>) {
    let check = median((0..3).map(|_| measure(&mut corpus.clausebook("check")).wall).collect());
    let mut server = lsp_client::Server::start(&corpus.project(), TODAY);
    server.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    server.notify("initialized", json!({}));
    let path = corpus.project().join(corpus.clause(3));
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap();
    let last = text.lines().count();
    let at = |line: usize| json!({"line": line, "character": 0});
    server.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at(1)}));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let times: Vec<Duration> = (0..10)
        .map(|k| {
            let (line, want) = if k % 2 == 0 { ("见 [[nowhere]]。\n", 1) } else { ("见。\n", 0) };
            let change = json!({"range": {"start": at(last), "end": at(last + 1)}, "text": line});
            let t = Instant::now();
            server.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [change]}),
            );
            let got = server.findings(&uri);
            assert!(got >= want, "a broken reference is found after keystroke {k}");
            t.elapsed()
        })
        .collect();
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let _ = server.child.wait();
    let key = median(times);
    rows.push(
        Row::new(
            format!("`lsp`: keystroke → the file's findings, {}", count(corpus.clauses)),
            millis(key),
            format!("`check` {}", millis(check)),
        )
        .ratio(key, check)
        .aim("≤ 20 ms"),
    );
}

/// Ten releases of 1,000 clauses: cold, and after an edit of the draft, against one version.
fn releases(corpus: Corpus, rows: &mut Vec<Row>) {
    let root = corpus.project();
    releases::tag_releases(&root, 10);
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let out = corpus.dir.path().join("public");
    let build = |versions: bool| releases::build(&root, &out, today, versions);
    let (mut one, mut cold, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..3 {
        corpus.edit_body(run);
        one.push(build(false));
        forget(&out);
        cold.push(build(true));
        corpus.edit_body(run + 100);
        warm.push(build(true));
    }
    let (one, cold, warm) = (median(one), median(cold), median(warm));
    let base = format!("one version {}", millis(one));
    rows.push(Row::new("ten releases of 1,000 clauses, cold", millis(cold), base.clone()).ratio(cold, one).aim("≤ 3×"));
    rows.push(Row::new("… after an edit of the draft", millis(warm), base).ratio(warm, one).aim("≤ 1.5×"));
}
