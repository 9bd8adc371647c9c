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
#[path = "support/timing.rs"]
mod timing;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use timing::{copy_dir, corpus_dir, median, ms};

struct Server {
    stdin: std::process::ChildStdin,
    incoming: Receiver<Value>,
    child: std::process::Child,
    next: i64,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clausebook"))
            .args(["lsp", "--today", "2026-01-15", "--root"])
            .arg(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    match line.trim_end().strip_prefix("Content-Length: ") {
                        Some(n) => length = n.parse().unwrap(),
                        None if line.trim_end().is_empty() => break,
                        None => {}
                    }
                }
                let mut body = vec![0; length];
                out.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        Server { stdin, incoming, child, next: 0 }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.incoming.recv_timeout(Duration::from_secs(600)).unwrap();
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// Waits for the findings of `uri` and returns how many there are.
    fn findings(&mut self, uri: &str) -> usize {
        loop {
            let m = self.incoming.recv_timeout(Duration::from_secs(600)).unwrap();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().len();
            }
        }
    }
}

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
        let mut server = Server::start(dir.path());
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
