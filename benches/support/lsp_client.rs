//! A minimal language-server client for benchmarks: `clausebook lsp` over stdio.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// `clausebook lsp` started over stdio, with its messages read on a thread.
pub struct Server {
    stdin: std::process::ChildStdin,
    incoming: Receiver<Value>,
    pub child: std::process::Child,
    next: i64,
}

impl Server {
    /// Starts the server on a project, with "today" fixed (`YYYY-MM-DD`).
    pub fn start(root: &Path, today: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clausebook"))
            .args(["lsp", "--today", today, "--root"])
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

    /// Sends one message.
    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its answer.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
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
    pub fn findings(&mut self, uri: &str) -> usize {
        loop {
            let m = self.incoming.recv_timeout(Duration::from_secs(600)).unwrap();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().len();
            }
        }
    }
}
