//! `cargo bench --bench lsp`: what a keystroke costs in `clausebook lsp`, for agreements of 1,000
//! and 10,000 clauses with the example project's rules, driven over stdio as an editor drives it.
//! Against a baseline from the same run: `clausebook check` of the whole project.
//!
//! - keystroke → findings: a `didChange` that breaks (or mends) a reference in one clause's
//!   body, until the server publishes that file's findings;
//! - keystroke → answer: a `didChange`, then a hover (answered from a check of the new text);
//! - answers without an edit: hover, and completion inside `[[` (the first 200 clause ids).
#![expect(clippy::print_stdout, reason = "a benchmark reports its figures on standard output")]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/lsp_client.rs"]
mod lsp_client;
#[path = "support/timing.rs"]
mod timing;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lsp_client::Server;
use serde_json::{Value, json};
use timing::{copy_dir, corpus_dir, median, ms};

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for n in sizes {
        let dir = corpus_dir();
        corpus::generate(dir.path(), n);
        copy_dir(&repo.join("rules"), &dir.path().join("rules"));
        let check: Vec<Duration> = (0..3)
            .map(|_| {
                let t = Instant::now();
                Command::new(env!("CARGO_BIN_EXE_clausebook"))
                    .args(["check", "--today", "2026-01-15", "--root"])
                    .arg(dir.path())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                t.elapsed()
            })
            .collect();
        let check = median(check);

        let t = Instant::now();
        let mut server = Server::start(dir.path(), "2026-01-15");
        server.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
        server.notify("initialized", json!({}));
        // The first question waits for the first check of the whole project.
        let i = n / 2;
        let rel = format!("content/{:03}-chapter-{}/{:03}-clause-{i}.md", i / 50 + 1, i / 50, i % 50 + 1);
        let path = dir.path().join(&rel);
        let uri = format!("file://{}", path.display());
        let at = |line: usize, character: usize| json!({"line": line, "character": character});
        let hover = json!({"textDocument": {"uri": uri}, "position": at(1, 8)});
        server.request("textDocument/hover", hover.clone());
        let first = t.elapsed();
        let text = std::fs::read_to_string(&path).unwrap();
        let last = text.lines().count();
        server.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        server.request("textDocument/hover", hover.clone());

        let mut version = 1;
        let mut edit = |server: &mut Server, text: &str| {
            version += 1;
            let change = json!({"range": {"start": at(last, 0), "end": at(last + 1, 0)}, "text": text});
            server.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
        };
        // Each edit replaces the line after the text (the first one adds it).
        // Keystroke → findings: alternately break and mend a reference.
        let mut to_findings = Vec::new();
        for k in 0..10 {
            let (line, want) = if k % 2 == 0 { ("见 [[nowhere]]。\n", 1) } else { ("见。\n", 0) };
            let t = Instant::now();
            edit(&mut server, line);
            let got = server.findings(&uri);
            to_findings.push(t.elapsed());
            assert_eq!(got, want, "findings after edit {k}");
        }
        // Keystroke → answer.
        let mut to_answer = Vec::new();
        for k in 0..10 {
            let t = Instant::now();
            edit(&mut server, &format!("第{k}次编辑。\n"));
            server.request("textDocument/hover", hover.clone());
            to_answer.push(t.elapsed());
        }
        let idle: Vec<Duration> = (0..10)
            .map(|_| {
                let t = Instant::now();
                server.request("textDocument/hover", hover.clone());
                t.elapsed()
            })
            .collect();
        edit(&mut server, "见 [[\n");
        let completion = json!({"textDocument": {"uri": uri}, "position": at(last, 4)});
        server.request("textDocument/completion", completion.clone());
        let complete: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let list = server.request("textDocument/completion", completion.clone());
                assert_eq!(list["result"]["items"].as_array().map(Vec::len), Some(n.min(200)));
                t.elapsed()
            })
            .collect();
        server.request("shutdown", Value::Null);
        server.notify("exit", Value::Null);
        let _ = server.child.wait();

        let ratio = |d: Duration| ms(d) / ms(check);
        println!("{n} clauses, with the example's 7 rules");
        println!("  baseline: `clausebook check` of the whole  {:>8.1} ms", ms(check));
        println!("  start, to the first answer                 {:>8.1} ms  = {:.2}x", ms(first), ratio(first));
        let (f, a) = (median(to_findings), median(to_answer));
        println!("  keystroke → the file's findings            {:>8.1} ms  = {:.2}x", ms(f), ratio(f));
        println!("  keystroke → hover answered                 {:>8.1} ms  = {:.2}x", ms(a), ratio(a));
        let (h, c) = (median(idle), median(complete));
        println!("  hover, no edit                             {:>8.1} ms  = {:.3}x", ms(h), ratio(h));
        println!("  completion in `[[` (200 of {n} ids)     {:>8.1} ms  = {:.2}x\n", ms(c), ratio(c));
    }
}
