//! `cargo bench --bench stress`: inputs that used to take superlinear time, at two sizes four
//! times apart, measured in the same run. Linear work takes about 4× as long at the larger size;
//! the aim is under 6× (quadratic work would take 16×).
//!
//! - one very large clause full of references (`[[id]]` twice per paragraph), built;
//! - findings printed compiler-style (`check`'s human output) for one clause with many broken
//!   references, against the same findings as JSON.

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

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    println!("each figure is the median of 5 runs\n");
    let mut builds = Vec::new();
    for n in [10_000, 40_000] {
        let dir = corpus_dir();
        let body: String = (0..n).map(|i| format!("第{i}段，见[[target]]和[[target]]。\n\n")).collect();
        project(dir.path(), &body);
        let options = clausebook::BuildOptions {
            root: dir.path().to_path_buf(),
            out: dir.path().join("public"),
            base_url: None,
            today,
            versions: false,
            tags: None,
            pdf: None,
        };
        let t = runs(|| {
            let t = Instant::now();
            assert!(clausebook::build(&options).unwrap().written.is_some());
            t.elapsed()
        });
        println!("one clause of {n} paragraphs ({} KB), build: {:>8.1} ms", body.len() / 1024, ms(t));
        builds.push(t);
    }
    println!("  40,000 / 10,000 paragraphs: {:.2}x (linear: 4x)\n", ms(builds[1]) / ms(builds[0]));

    let mut human = Vec::new();
    for n in [10_000, 40_000] {
        let dir = corpus_dir();
        let body: String = (0..n).map(|i| format!("[[nowhere{}]]\n\n", i % 7)).collect();
        project(dir.path(), &body);
        let checked = clausebook::check(dir.path(), today).unwrap();
        let json = runs(|| {
            let t = Instant::now();
            std::hint::black_box(clausebook::diagnostic::render_json(&checked.diagnostics, &checked.suppressed, &[]));
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
