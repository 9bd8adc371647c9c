//! `cargo bench --bench stress`: inputs that used to take superlinear time, at two sizes four
//! times apart, measured in the same run. Linear work takes about 4× as long at the larger size;
//! the aim is under 6× (quadratic work would take 16×).
//!
//! - one very large clause full of references (`[[id]]` twice per paragraph), built;
//! - findings printed compiler-style (`check`'s human output) for one clause with many broken
//!   references, against the same findings as JSON;
//! - a glossary of many terms (5,000 and 20,000 defined in front matter, each used once), built:
//!   finding, linking and checking the terms was quadratic (20,000 terms: 70 s);
//! - front matter of many keys (10,000 and 40,000), parsed: the duplicate-key check was quadratic
//!   (40,000 keys: 6 s).
//!
//! The last two fail (panic) when the larger size takes more than 10× the smaller, or more than a
//! generous bound (20,000 terms: 20 s; 40,000 keys: 2 s): a return to quadratic work is caught
//! by its ratio, not by a machine's speed. `cargo bench --bench stress -- terms` (or `keys`, or
//! `paragraphs`, `findings`) runs one part.
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/timing.rs"]
mod timing;

use std::path::Path;
use std::time::{Duration, Instant};

use timing::{corpus_dir, median, ms};

const INDEX: &str = "---\ntitle: 压力测试\nlanguage: zh-CN\nparties: [{id: a, name: 甲方}]\n---\n";

fn project(dir: &Path, body: &str) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/_index.md"), INDEX).unwrap();
    std::fs::write(dir.join("content/01-target.md"), "---\ntitle: 目标\n---\n正文。\n").unwrap();
    std::fs::write(dir.join("content/02-big.md"), format!("---\ntitle: 大条款\n---\n{body}")).unwrap();
}

fn runs(mut f: impl FnMut() -> Duration) -> Duration {
    median((0..5).map(|_| f()).collect())
}

/// Panics unless the larger size took less than 10× the smaller (4× the input) and less than `bound`.
fn assert_not_quadratic(what: &str, small: Duration, large: Duration, bound: Duration) {
    let ratio = ms(large) / ms(small).max(0.001);
    assert!(ratio < 10.0, "{what}: 4x the input took {ratio:.1}x as long: quadratic work is back");
    assert!(large < bound, "{what}: {:.0} ms, more than the bound of {:.0} ms", ms(large), ms(bound));
}

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |part: &str| only.is_empty() || only.iter().any(|o| part.contains(o.as_str()));
    println!("each figure is the median of 5 runs (of 3 for terms)\n");
    if wanted("terms") {
        terms(today);
    }
    if wanted("keys") {
        keys();
    }
    if wanted("paragraphs") {
        paragraphs(today);
    }
    if wanted("findings") {
        findings(today);
    }
}

fn terms(today: chrono::NaiveDate) {
    let mut builds = Vec::new();
    for n in [5_000, 20_000] {
        let dir = corpus_dir();
        let terms: String = (0..n).map(|i| format!("  术语{i}号: 第{i}个术语的定义\n")).collect();
        let body: String = (0..n).map(|i| format!("本段使用术语{i}号。\n\n")).collect();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/_index.md"), INDEX).unwrap();
        std::fs::write(
            dir.path().join("content/01-terms.md"),
            format!("---\ntitle: 定义\nterms:\n{terms}---\n定义如上。\n"),
        )
        .unwrap();
        std::fs::write(dir.path().join("content/02-uses.md"), format!("---\ntitle: 使用\n---\n{body}")).unwrap();
        let options = one_version(dir.path(), today);
        let t = median(
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let built = clausebook::build(&options).unwrap();
                    assert!(built.written.is_some());
                    t.elapsed()
                })
                .collect(),
        );
        println!("a glossary of {n} terms, each used once, build: {:>8.1} ms", ms(t));
        builds.push(t);
    }
    println!("  20,000 / 5,000 terms: {:.2}x (linear: 4x)\n", ms(builds[1]) / ms(builds[0]));
    assert_not_quadratic("terms", builds[0], builds[1], Duration::from_secs(20));
}

fn keys() {
    let mut parses = Vec::new();
    for n in [10_000, 40_000] {
        let front: String = (0..n).map(|i| format!("key{i}: value {i}\n")).collect();
        let t = runs(|| {
            let t = Instant::now();
            let node = clausebook::base::yaml::parse(&front, 2).unwrap();
            assert_eq!(node.entries().len(), n);
            t.elapsed()
        });
        println!("front matter of {n} keys, parse: {:>8.1} ms", ms(t));
        parses.push(t);
    }
    println!("  40,000 / 10,000 keys: {:.2}x (linear: 4x)\n", ms(parses[1]) / ms(parses[0]));
    assert_not_quadratic("keys", parses[0], parses[1], Duration::from_secs(2));
}

fn paragraphs(today: chrono::NaiveDate) {
    let mut builds = Vec::new();
    for n in [10_000, 40_000] {
        let dir = corpus_dir();
        let body: String = (0..n).map(|i| format!("第{i}段，见[[target]]和[[target]]。\n\n")).collect();
        project(dir.path(), &body);
        let options = one_version(dir.path(), today);
        let t = runs(|| {
            let t = Instant::now();
            assert!(clausebook::build(&options).unwrap().written.is_some());
            t.elapsed()
        });
        println!("one clause of {n} paragraphs ({} KB), build: {:>8.1} ms", body.len() / 1024, ms(t));
        builds.push(t);
    }
    println!("  40,000 / 10,000 paragraphs: {:.2}x (linear: 4x)\n", ms(builds[1]) / ms(builds[0]));
}

fn findings(today: chrono::NaiveDate) {
    let mut human = Vec::new();
    for n in [10_000, 40_000] {
        let dir = corpus_dir();
        let body: String = (0..n).map(|i| format!("[[nowhere{}]]\n\n", i % 7)).collect();
        project(dir.path(), &body);
        let checked = clausebook::check(dir.path(), today).unwrap();
        let json = runs(|| {
            let t = Instant::now();
            let mut out = Vec::new();
            let report = checked.report();
            clausebook::report::Reporter::write(&clausebook::report::json::Json, &report, &mut out).expect("in memory");
            std::hint::black_box(out);
            t.elapsed()
        });
        let text = runs(|| {
            let t = Instant::now();
            std::hint::black_box(checked.render());
            t.elapsed()
        });
        println!(
            "{} broken references: human output {:>7.1} ms, JSON (baseline) {:>7.1} ms = {:.2}x",
            checked.diagnostics.len(),
            ms(text),
            ms(json),
            ms(text) / ms(json)
        );
        human.push(text);
    }
    println!("  40,000 / 10,000 findings, human output: {:.2}x (linear: 4x)", ms(human[1]) / ms(human[0]));
}

/// Options for building the project at `root` as one version into `root/public`.
fn one_version(root: &std::path::Path, today: chrono::NaiveDate) -> clausebook::BuildOptions {
    clausebook::BuildOptions {
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
    }
}
