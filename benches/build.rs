//! `cargo bench --bench build`: builds synthetic agreements of 1,000 and 10,000 clauses and
//! reports each stage against a baseline measured in the same run (copying the content folder),
//! plus the peak memory of the process.
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/timing.rs"]
mod timing;

use timing::{copy_dir, corpus_dir, median, ms};

use std::path::Path;
use std::time::{Duration, Instant};

use clausebook::{BuildOptions, load, output, render};

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed(), out)
}

/// Peak resident memory of this process, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok());
    kb.unwrap_or(0.0) / 1024.0
}

/// One build in a fresh process, so that its peak memory is its own: prints `ms peak_mib`.
fn child(root: &Path) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: root.join("public"),
        base_url: None,
        today,
        versions: false,
        tags: None,
        pdf: None,
        external: None,
        git: None,
        read: None,
    };
    let (t, built) = time(|| clausebook::build(&options).unwrap());
    assert!(built.written.is_some(), "the corpus must build");
    println!("{} {}", ms(t), peak_mib());
}

fn build_in_child(root: &Path) -> (Duration, f64) {
    let out = std::process::Command::new(std::env::current_exe().unwrap()).arg("--child").arg(root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace().map(|p| p.parse::<f64>().unwrap());
    (Duration::from_secs_f64(parts.next().unwrap() / 1000.0), parts.next().unwrap())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        return child(Path::new(&args[i + 1]));
    }
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect::<Vec<_>>();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    println!(
        "machine: {} cores; corpus in {}; each figure is the median of the runs\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::env::var("CLAUSEBOOK_BENCH_DIR").unwrap_or_else(|_| std::env::temp_dir().display().to_string())
    );
    for &n in &sizes {
        let dir = corpus_dir();
        corpus::generate(dir.path(), n);
        let bytes: u64 = walkdir::WalkDir::new(dir.path().join("content"))
            .into_iter()
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        let runs = if n >= 10_000 { 3 } else { 5 };

        let mut copy = Vec::new();
        let mut stages = [Vec::new(), Vec::new(), Vec::new()];
        let mut total = Vec::new();
        let mut peak = 0.0f64;
        for r in 0..runs {
            let target = dir.path().join(format!("copy-{r}"));
            copy.push(time(|| copy_dir(&dir.path().join("content"), &target)).0);
            std::fs::remove_dir_all(&target).unwrap();

            let (t, mib) = build_in_child(dir.path());
            total.push(t);
            peak = peak.max(mib);

            // The same pipeline stage by stage, to see where the time goes.
            let (t_load, loaded) = time(|| load::load(dir.path()).unwrap());
            let agreement = loaded.agreement.unwrap();
            let (t_check, findings) = time(|| {
                clausebook::check::builtin::builtin(
                    &agreement,
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default(),
                )
            });
            let opts =
                render::RenderOptions { today, base_url: None, version: None, pages: None, pdf: false, external: None };
            let (t_render, ()) = time(|| {
                let staging = output::Staging::new(&dir.path().join("public")).unwrap();
                render::render(
                    &clausebook::base::tree::Disk::new(dir.path()),
                    &agreement,
                    render::Findings { diagnostics: &findings, suppressed: &[], rules: &[], signoff: None },
                    &opts,
                    &staging,
                )
                .unwrap();
                staging.commit().unwrap();
            });
            for (v, t) in stages.iter_mut().zip([t_load, t_check, t_render]) {
                v.push(t);
            }
        }
        let base = median(copy);
        let build = median(total);
        println!("{n} clauses ({:.1} MB of Markdown), {runs} runs", bytes as f64 / 1e6);
        println!("  baseline: copy content/          {:>8.1} ms", ms(base));
        println!("  clausebook build (all stages)    {:>8.1} ms  = {:.1}x the copy", ms(build), ms(build) / ms(base));
        for (name, v) in ["load", "check", "render+write"].iter().zip(stages) {
            let t = median(v);
            println!("    {name:<12}                   {:>8.1} ms  = {:.1}x", ms(t), ms(t) / ms(base));
        }
        println!("  peak memory during build         {:>8.0} MiB\n", peak);
    }
}
