//! `clausebook lsp` driven over stdio as an editor drives it: a scripted client sends the
//! protocol's messages and the tests assert on exact ranges (UTF-16, after Chinese text and
//! emoji), on the edits it proposes (applied to the files, then checked), and on how it takes
//! bad input. One test drives it from Neovim's own LSP client.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use common::{INDEX, Project, clausebook, english_sentences, repo};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

/// A scripted editor: writes framed messages to the server, reads what it sends back.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications received so far, in order.
    notes: Vec<Value>,
    next: i64,
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &Path) -> Client {
        Client::start_with(root, &[])
    }

    fn start_with(root: &Path, args: &[&str]) -> Client {
        let mut cmd = clausebook();
        cmd.args(["lsp", "--today", "2026-01-15", "--root"]).arg(root).args(args);
        Client::spawn(cmd)
    }

    fn spawn(mut cmd: std::process::Command) -> Client {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start clausebook lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut out) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, incoming, notes: Vec::new(), next: 0 }
    }

    /// A started and initialized session on `root`.
    fn initialized(root: &Path) -> Client {
        let mut c = Client::start(root);
        let init = c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16", "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        match self.incoming.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Sends a request and returns the whole response, keeping the notifications that came first.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self.next_message(deadline).unwrap_or_else(|| panic!("no answer to {method}"));
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
            self.notes.push(m);
        }
    }

    /// The result of a request that must succeed.
    fn ask(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// Waits for the diagnostics of `uri` that satisfy `want` (the latest published).
    fn diagnostics_until(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        let mut latest: Option<Vec<Value>> = None;
        let mut seen = std::mem::take(&mut self.notes).into_iter();
        loop {
            let m = match seen.next() {
                Some(m) => m,
                None => match self.next_message(deadline) {
                    Some(m) => m,
                    None => panic!("no diagnostics as wanted for {uri}; the last were {latest:?}"),
                },
            };
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                let found = m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
                if want(&found) {
                    self.notes.extend(seen);
                    return found;
                }
                latest = Some(found);
            } else {
                // Other files' findings and log lines stay for later questions.
                self.notes.push(m);
            }
        }
    }

    fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null)["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.wait()
    }

    fn wait(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn uri(root: &Path, rel: &str) -> String {
    let path = root.join(rel);
    let text = path.to_str().unwrap();
    let mut out = String::from("file://");
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": at(l1, c1), "end": at(l2, c2)})
}

fn open(c: &mut Client, uri: &str, text: &str) {
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
}

fn position(uri: &str, pos: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos})
}

/// A small project: two clauses, one referring to the other after Chinese text.
fn project() -> Project {
    Project::with(&[
        (
            "content/01-budget.md",
            "---\nid: budget\ntitle: 预算审批\nowner: marketing\nduties:\n  - text: 提交预算\n    owner: brand\n---\n\n预算须经双方审批。\n",
        ),
        (
            "content/02-events.md",
            "---\ntitle: 联合活动\nowner: brand\nparties: [marketing, brand]\nrefs: [budget]\n---\n\n活动开支见 [[budget]]。\n",
        ),
    ])
}

const EVENTS: &str = "content/02-events.md";
const BUDGET: &str = "content/01-budget.md";

#[test]
fn findings_follow_the_unsaved_text_at_utf16_columns() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    // A broken reference after Chinese text and an emoji (two UTF-16 units): 活动😀开支见 is 6
    // characters and 7 units, so the link starts at unit 8.
    let text = "---\ntitle: 联合活动\nowner: brand\n---\n\n活动😀开支见 [[budgt]]。\n";
    open(&mut c, &events, text);
    let found = c.diagnostics_until(&events, |d| !d.is_empty());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "broken-reference");
    assert_eq!(found[0]["range"], range(5, 8, 5, 17), "{found:?}");
    assert_eq!(found[0]["severity"], 1);
    assert!(found[0]["message"].as_str().unwrap().contains("是否想写 `budget`"), "{found:?}");
    // An incremental change (the protocol's UTF-16 range) that mends it clears the file's findings.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": events, "version": 2}, "contentChanges": [{"range": range(5, 14, 5, 14), "text": "e"}]}),
    );
    c.diagnostics_until(&events, |d| d.is_empty());
    // The saved file was never touched: closing the document brings its findings from disk back
    // (the file on disk is fine, so none).
    let hover = c.ask("textDocument/hover", position(&events, at(5, 12)));
    assert_eq!(hover["range"], range(5, 8, 5, 18), "the mended link, brackets included: {hover}");
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**第1条 预算审批**"), "{hover}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn an_edit_to_one_clause_rechecks_what_refers_to_it() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let (budget, events) = (uri(p.root(), BUDGET), uri(p.root(), EVENTS));
    let text = std::fs::read_to_string(p.root().join(BUDGET)).unwrap();
    open(&mut c, &budget, &text);
    // Renaming the id in the unsaved text breaks the other file's `refs:` and `[[budget]]`.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": budget, "version": 2}, "contentChanges": [{"text": text.replace("id: budget", "id: money")}]}),
    );
    let found = c.diagnostics_until(&events, |d| d.len() == 2);
    let ranges: Vec<&Value> = found.iter().map(|d| &d["range"]).collect();
    assert_eq!(ranges, [&range(4, 7, 4, 13), &range(7, 6, 7, 16)], "{found:?}");
    // Closing the document without saving: the file on disk counts again.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": budget}}));
    c.diagnostics_until(&events, |d| d.is_empty());
    // An edit of _index.md re-checks the clauses that name its parties.
    let index = uri(p.root(), "content/_index.md");
    open(&mut c, &index, &common::INDEX.replace("id: brand", "id: brands"));
    let found = c.diagnostics_until(&events, |d| d.len() == 2);
    assert!(found.iter().all(|d| d["code"] == "unknown-party"), "{found:?}");
    assert_eq!(found[0]["range"], range(2, 7, 2, 12));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn definition_references_hover_and_symbols() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let (budget, events, index) = (uri(p.root(), BUDGET), uri(p.root(), EVENTS), uri(p.root(), "content/_index.md"));
    // `[[budget]]` on line 7 and `budget` in `refs:` lead to the id in 01-budget.md.
    for pos in [at(7, 9), at(4, 8)] {
        let def = c.ask("textDocument/definition", position(&events, pos));
        assert_eq!(def, json!({"uri": budget, "range": range(1, 4, 1, 10)}));
    }
    // A party id leads to its entry in _index.md.
    let def = c.ask("textDocument/definition", position(&events, at(2, 8)));
    assert_eq!(def, json!({"uri": index, "range": range(8, 8, 8, 13)}));
    // Who refers to the clause: the body link and the `refs:` entry.
    let refs = c.ask(
        "textDocument/references",
        json!({"textDocument": {"uri": budget}, "position": at(1, 5), "context": {"includeDeclaration": false}}),
    );
    assert_eq!(
        refs,
        json!([{"uri": events, "range": range(7, 6, 7, 16)}, {"uri": events, "range": range(4, 7, 4, 13)}])
    );
    // A party's references: every field that names it, and its duties.
    let refs = c.ask(
        "textDocument/references",
        json!({"textDocument": {"uri": index}, "position": at(8, 10), "context": {"includeDeclaration": true}}),
    );
    let places: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [("_index.md".into(), 8), ("01-budget.md".into(), 6), ("02-events.md".into(), 2), ("02-events.md".into(), 3)]
    );
    // Hover on a party and on a field.
    let hover = c.ask("textDocument/hover", position(&events, at(2, 9)));
    assert_eq!(hover["contents"]["value"], "**品牌部** `brand`\n\n联络人：李静\n\n负责 1 项义务");
    let hover = c.ask("textDocument/hover", position(&budget, at(3, 2)));
    assert_eq!(hover["contents"]["value"], "`owner`: 协议方 id 或名称\n\n负责这一条款的协议方");
    assert_eq!(hover["range"], range(3, 0, 3, 5));
    // Document symbols: the clause and its duty.
    let symbols = c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}}));
    assert_eq!(symbols[0]["name"], "第1条 预算审批");
    assert_eq!(symbols[0]["children"][0]["name"], "提交预算");
    assert_eq!(symbols[0]["children"][0]["detail"], "品牌部");
    assert_eq!(symbols[0]["children"][0]["range"], range(5, 0, 5, 14));
    // Nothing is there: null, not an error.
    assert_eq!(c.ask("textDocument/definition", position(&events, at(8, 0))), Value::Null);
    assert_eq!(c.shutdown(), 0);
}

fn labels(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

#[test]
fn completion_of_ids_parties_fields_statuses_and_terms() {
    let p = project();
    p.write("content/03-terms.md", "---\ntitle: 定义\n---\n\n本协议所称\"联合活动\"，是指双方共同策划的活动。\n");
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    let text =
        "---\ntitle: 联合活动\nowner: \nstatus: dr\nrev\nduties:\n  - text: 做\n    ow\n---\n\n见 [[bu\n与联合\n";
    open(&mut c, &events, text);
    // Inside `[[`: every clause id, replacing what is typed and closing the brackets.
    let list = c.ask("textDocument/completion", position(&events, at(10, 6)));
    assert_eq!(labels(&list), ["budget"], "ids and titles that hold `bu`");
    assert_eq!(list["isIncomplete"], false);
    let items = &list["items"];
    assert_eq!(items[0]["textEdit"], json!({"range": range(10, 4, 10, 6), "newText": "budget]]"}));
    assert_eq!(items[0]["detail"], "第1条 预算审批");
    // `owner: `: the parties.
    let list = c.ask("textDocument/completion", position(&events, at(2, 7)));
    assert_eq!(labels(&list), ["marketing", "brand"]);
    assert_eq!(list["items"][1]["detail"], "品牌部");
    // `status: dr`: the statuses, replacing `dr`.
    let list = c.ask("textDocument/completion", position(&events, at(3, 10)));
    assert_eq!(labels(&list), ["active", "draft", "retired"]);
    assert_eq!(list["items"][1]["textEdit"]["range"], range(3, 8, 3, 10));
    // A key at the top: clause fields not written yet, with their types.
    let list = c.ask("textDocument/completion", position(&events, at(4, 3)));
    let names = labels(&list);
    assert!(names.contains(&"review_by".to_string()) && !names.contains(&"title".to_string()), "{names:?}");
    let review = list["items"].as_array().unwrap().iter().find(|i| i["label"] == "review_by").unwrap();
    assert_eq!(review["detail"], "日期");
    assert_eq!(review["textEdit"], json!({"range": range(4, 0, 4, 3), "newText": "review_by: "}));
    // A key in a duty: the duty's fields.
    let list = c.ask("textDocument/completion", position(&events, at(7, 6)));
    assert_eq!(labels(&list), ["id", "text", "owner", "due", "cadence", "on_holiday", "since", "remind"]);
    // A defined term the body has begun to write (`联合`, at the end of line 11).
    let list = c.ask("textDocument/completion", position(&events, at(11, 3)));
    assert_eq!(labels(&list), ["联合活动"]);
    assert_eq!(list["items"][0]["textEdit"]["range"], range(11, 1, 11, 3));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn completion_of_the_library_s_editions_after_use() {
    let p = project();
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write("content/_index.md", &index.replacen("---\n", "---\nlibrary: library\n", 1));
    p.write("library/_index.md", "---\ntitle: 标准条款库\n---\n");
    p.write("library/nda/1.md", "---\ntitle: 保密\n---\n\n文本。\n");
    p.write("library/nda/2.md", "---\ntitle: 保密\nkind: update\n---\n\n新文本。\n");
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    open(&mut c, &events, "---\ntitle: 保密\nuse: nd\n---\n\n正文。\n");
    let list = c.ask("textDocument/completion", position(&events, at(2, 7)));
    assert_eq!(labels(&list), ["nda@2", "nda@1"], "the newest first");
    assert_eq!(list["items"][0]["detail"], "保密 (update)");
    assert_eq!(list["items"][0]["textEdit"], json!({"range": range(2, 5, 2, 7), "newText": "nda@2"}));
    assert_eq!(c.shutdown(), 0);
}

/// A clause being written, with keys begun at the top (line 4) and in a duty (line 8), and
/// `status: ` (line 3) waiting for its value.
const WRITING: &str =
    "---\nid: events\ntitle: 联合活动\nstatus: \nr\nowner: brand\nduties:\n  - text: 做\n    d\n---\n\n正文。\n";

/// What hover says about the keys of `WRITING`'s front matter and of `_index.md`, and what
/// completion says about the keys and statuses it offers (not the offered names, which are code).
fn front_matter_words(p: &Project) -> String {
    let mut c = Client::initialized(p.root());
    let (events, index) = (uri(p.root(), EVENTS), uri(p.root(), "content/_index.md"));
    open(&mut c, &events, WRITING);
    let mut said = String::new();
    for (doc, text) in [(&events, WRITING), (&index, INDEX)] {
        let front = text.lines().enumerate().skip(1).take_while(|(_, l)| *l != "---");
        for (n, line) in front.filter(|(_, l)| l.contains(':')) {
            let col = line.find(|ch: char| ch.is_ascii_alphabetic()).unwrap();
            let hover = c.ask("textDocument/hover", position(doc, at(n as u32, col as u32)));
            // (`id:` of a clause is its id: a place to rename, not a field to explain)
            if let Some(words) = hover["contents"]["value"].as_str() {
                said += &format!("{words}\n");
            }
        }
    }
    for pos in [at(3, 8), at(4, 1), at(8, 5)] {
        let list = c.ask("textDocument/completion", position(&events, pos));
        for item in list["items"].as_array().unwrap() {
            said += &format!("{}\n{}\n", item["detail"].as_str().unwrap(), item["documentation"]["value"]);
        }
    }
    assert_eq!(c.shutdown(), 0);
    said
}

#[test]
fn hover_and_completion_speak_the_projects_language() {
    let chinese = front_matter_words(&project());
    assert!(chinese.contains("草案，尚未约定") && chinese.contains("协议方 id 或名称"), "{chinese}");
    let english = english_sentences(&chinese);
    assert!(english.is_empty(), "hover and completion say {english:?} in English:\n{chinese}");
    let p = project();
    p.write("content/_index.md", &INDEX.replace("language: zh-CN", "language: en"));
    let said = front_matter_words(&p);
    assert!(said.contains("proposed, not yet agreed") && said.contains("party id or name"), "{said}");
    assert!(!said.contains("草案") && !said.contains("协议方 id"), "{said}");
}

#[test]
fn completion_of_many_clause_ids_is_capped_and_narrows_as_you_type() {
    let files: Vec<(String, String)> = (1..=205)
        .map(|i| (format!("content/{i:03}-c{i}.md"), format!("---\ntitle: 第{i}项\n---\n\n正文。\n")))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let p = Project::with(&refs);
    let mut c = Client::initialized(p.root());
    let doc = uri(p.root(), "content/001-c1.md");
    open(&mut c, &doc, "---\ntitle: 第1项\n---\n\n见 [[\n见 [[c20\n");
    let list = c.ask("textDocument/completion", position(&doc, at(4, 4)));
    assert_eq!(list["items"].as_array().unwrap().len(), 200);
    assert_eq!(list["isIncomplete"], true, "the editor asks again as more is typed");
    let list = c.ask("textDocument/completion", position(&doc, at(5, 7)));
    assert_eq!(labels(&list), ["c20", "c200", "c201", "c202", "c203", "c204", "c205"]);
    assert_eq!(list["isIncomplete"], false);
    assert_eq!(c.shutdown(), 0);
}

/// Applies a workspace edit's changes to the files on disk.
fn apply(root: &Path, edit: &Value) {
    for (uri, edits) in edit["changes"].as_object().unwrap() {
        let path = PathBuf::from(percent_decode(uri.strip_prefix("file://").unwrap()));
        assert!(path.starts_with(root), "{uri} is outside the project");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut edits = edits.as_array().unwrap().clone();
        edits.sort_by_key(|e| {
            std::cmp::Reverse((e["range"]["start"]["line"].as_u64(), e["range"]["start"]["character"].as_u64()))
        });
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        for e in edits {
            let (s, en) = (&e["range"]["start"], &e["range"]["end"]);
            assert_eq!(s["line"], en["line"], "one-line edits");
            let line = &mut lines[s["line"].as_u64().unwrap() as usize];
            let units: Vec<u16> = line.encode_utf16().collect();
            let (a, b) = (s["character"].as_u64().unwrap() as usize, en["character"].as_u64().unwrap() as usize);
            *line = format!(
                "{}{}{}",
                String::from_utf16(&units[..a]).unwrap(),
                e["newText"].as_str().unwrap(),
                String::from_utf16(&units[b..]).unwrap()
            );
        }
        std::fs::write(&path, lines.join("\n")).unwrap();
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn rename_a_clause_id_and_a_party_id_and_the_project_still_checks() {
    let p = project();
    // A clause whose id comes from its file name, referred to from the other.
    p.write("content/03-review.md", "---\ntitle: 复核\n---\n\n复核预算，见 [[budget]]。\n");
    p.write("content/02-events.md", "---\ntitle: 联合活动\nowner: brand\nparties: [marketing, 品牌部]\nrefs: [budget, review]\n---\n\n活动开支见 [[budget]]。\n");
    let mut c = Client::initialized(p.root());
    let (budget, events) = (uri(p.root(), BUDGET), uri(p.root(), EVENTS));
    // prepareRename gives the id under the caret; a field name cannot be renamed.
    let prepared = c.ask("textDocument/prepareRename", position(&events, at(7, 9)));
    assert_eq!(prepared, json!({"range": range(7, 8, 7, 14), "placeholder": "budget"}));
    let refused = c.request("textDocument/prepareRename", position(&events, at(2, 1)));
    assert!(refused["error"]["message"].as_str().unwrap().contains("只能重命名条款 id 和协议方 id"), "{refused}");
    assert_eq!(refused["error"]["code"], -32803, "the protocol's RequestFailed");
    // A taken id, or one YAML would misread, is refused.
    let taken = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": events}, "position": at(7, 9), "newName": "review"}),
    );
    assert_eq!(taken["error"]["code"], -32602, "{taken}");
    let bad = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": events}, "position": at(7, 9), "newName": "a: b"}),
    );
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    for refused in ["a/b", "-x", "con", &"长".repeat(41)] {
        let answer = c.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": events}, "position": at(7, 9), "newName": refused}),
        );
        assert_eq!(answer["error"]["code"], -32602, "{refused}: {answer}");
    }
    let edit = c.ask(
        "textDocument/rename",
        json!({"textDocument": {"uri": events}, "position": at(7, 9), "newName": "预算审批"}),
    );
    assert_eq!(edit["changes"][&budget], json!([{"range": range(1, 4, 1, 10), "newText": "预算审批"}]));
    assert_eq!(edit["changes"][&events].as_array().unwrap().len(), 2, "{edit}");
    apply(p.root(), &edit);
    // The clause named by its file: rename writes an `id:` into its front matter.
    let review = uri(p.root(), "content/03-review.md");
    let edit = c
        .ask("textDocument/rename", json!({"textDocument": {"uri": events}, "position": at(4, 17), "newName": "复核"}));
    assert_eq!(edit["changes"][&review], json!([{"range": range(1, 0, 1, 0), "newText": "id: 复核\n"}]));
    // The party: its id in _index.md and where it is written as the id (not by its name).
    let edit = c.ask(
        "textDocument/rename",
        json!({"textDocument": {"uri": events}, "position": at(2, 8), "newName": "brand-dept"}),
    );
    let index = uri(p.root(), "content/_index.md");
    assert_eq!(edit["changes"][&index], json!([{"range": range(8, 8, 8, 13), "newText": "brand-dept"}]));
    assert_eq!(edit["changes"][&events], json!([{"range": range(2, 7, 2, 12), "newText": "brand-dept"}]));
    assert_eq!(c.shutdown(), 0);
    apply(p.root(), &edit);
    let events_text = std::fs::read_to_string(p.root().join(EVENTS)).unwrap();
    assert!(events_text.contains("owner: brand-dept\n") && events_text.contains("[[预算审批]]"), "{events_text}");
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 0, "the renamed project checks clean: {}", run.stderr());
}

#[test]
fn quick_fixes_for_did_you_mean() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    let text = "---\ntitle: 联合活动\nowner: brnd\nreviewed_by: 2026-06-01\nstatus: actve\n---\n\n见[[budgte]]。\n";
    open(&mut c, &events, text);
    c.diagnostics_until(&events, |d| d.len() == 4);
    let actions = c.ask(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": events}, "range": range(0, 0, 8, 0), "context": {"diagnostics": []}}),
    );
    let fixes: Vec<(String, Value)> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["title"].as_str().unwrap().to_string(), a["edit"]["changes"][&events][0].clone()))
        .collect();
    assert_eq!(
        fixes,
        [
            ("把 `brnd` 改为 `brand`".to_string(), json!({"range": range(2, 7, 2, 11), "newText": "brand"})),
            (
                "把 `reviewed_by` 改为 `review_by`".to_string(),
                json!({"range": range(3, 0, 3, 11), "newText": "review_by"})
            ),
            ("把 `actve` 改为 `active`".to_string(), json!({"range": range(4, 8, 4, 13), "newText": "active"})),
            ("把 `budgte` 改为 `budget`".to_string(), json!({"range": range(7, 3, 7, 9), "newText": "budget"})),
        ]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"][0]["code"], "unknown-party");
    // Only the findings in the asked range.
    let one = c.ask(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": events}, "range": range(7, 4, 7, 4), "context": {"diagnostics": []}}),
    );
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn files_changed_on_disk_and_rules_are_checked_again() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    c.ask("textDocument/hover", position(&events, at(0, 0)));
    // A `git pull` changes a file the editor does not have open.
    p.write(EVENTS, "---\ntitle: 联合活动\n---\n\n见 [[nowhere]]。\n");
    let found = c.diagnostics_until(&events, |d| d.len() == 1);
    assert_eq!(found[0]["range"], range(4, 2, 4, 13));
    // A new rule applies to every clause.
    p.write(
        "rules/has-owner.lua",
        "rule {\n  id = \"has-owner\",\n  description = \"每个条款都有负责方\",\n  clause = function(c, report)\n    if not c.owner then report(\"没有负责方\", { field = \"title\" }) end\n  end,\n}\n",
    );
    let found = c.diagnostics_until(&events, |d| d.iter().any(|x| x["code"] == "has-owner"));
    let rule = found.iter().find(|x| x["code"] == "has-owner").unwrap();
    assert_eq!(rule["range"], range(1, 7, 1, 11));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn bad_input_gets_an_error_or_a_log_line_and_the_server_goes_on() {
    let p = project();
    // A clause file that is not UTF-8 is reported at its place, like `check` does.
    p.write_bytes("content/04-latin1.md", b"---\ntitle: caf\xe9\n---\n");
    let mut c = Client::start(p.root());
    // Before `initialize`: refused with the protocol's code.
    let early = c.request("textDocument/hover", position("file:///x.md", at(0, 0)));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    let init = c.ask("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"todya": "2026-01-01"}}));
    assert!(init["capabilities"].is_object());
    c.notify("initialized", json!({}));
    // Malformed JSON, a header that is no header, and an unknown notification: logged.
    c.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    c.write_raw(b"this is no header\r\n");
    c.notify("workspace/somethingNew", json!({}));
    // An unknown request, and known ones with wrong params: errors with the protocol's codes.
    assert_eq!(c.request("clausebook/unknown", json!({}))["error"]["code"], -32601);
    assert_eq!(c.request("textDocument/hover", json!({"textDocument": 5}))["error"]["code"], -32602);
    // A document outside the project: no answer, no findings, a log line.
    let outside = "file:///tmp/elsewhere/notes.md";
    open(&mut c, outside, "[[budget]]");
    assert_eq!(c.ask("textDocument/definition", position(outside, at(0, 3))), Value::Null);
    // A huge document (8 MB of Chinese text) is checked like any other.
    let events = uri(p.root(), EVENTS);
    let huge = format!("---\ntitle: 大\n---\n\n{}\n\n[[gone]]\n", "很长的条款正文。".repeat(350_000));
    open(&mut c, &events, &huge);
    let found = c.diagnostics_until(&events, |d| d.len() == 1);
    assert_eq!(found[0]["range"]["start"]["line"], 6);
    let latin1 = uri(p.root(), "content/04-latin1.md");
    let found = c.diagnostics_until(&latin1, |d| !d.is_empty());
    assert_eq!(found[0]["code"], "utf8", "{found:?}");
    // It still answers, and says what it ignored.
    assert!(c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": uri(p.root(), BUDGET)}})).is_array());
    let logged: Vec<String> = c
        .notes
        .iter()
        .filter(|n| n["method"] == "window/logMessage" || n["method"] == "window/showMessage")
        .map(|n| n["params"]["message"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "unknown initializationOptions `todya` ignored; did you mean `today`?",
        "ignored a malformed message: not a JSON-RPC message",
        "ignored a malformed message: not a header line",
        "does not handle the notification `workspace/somethingNew`",
        "file:///tmp/elsewhere/notes.md 不是项目中的文件",
    ] {
        assert!(logged.iter().any(|l| l.contains(expected)), "no log line with {expected:?} in {logged:#?}");
    }
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_project_is_found_from_a_relative_root_or_the_workspace_folder() {
    let p = project();
    let events = uri(p.root(), EVENTS);
    // The findings of a file that is not open carry an address the server makes itself.
    p.write(EVENTS, "---\ntitle: 联合活动\n---\n\n见 [[nowhere]]。\n");
    // `--root .`, run in the project: addresses are still absolute.
    let mut cmd = clausebook();
    cmd.args(["lsp", "--today", "2026-01-15", "--root", "."]).current_dir(p.root());
    let mut c = Client::spawn(cmd);
    c.ask("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    c.notify("initialized", json!({}));
    assert_eq!(c.diagnostics_until(&events, |d| !d.is_empty()).len(), 1);
    assert_eq!(c.shutdown(), 0);
    // No `--root`: the editor's workspace folder is a sub-folder of the project (`content/`).
    let mut cmd = clausebook();
    cmd.args(["lsp", "--today", "2026-01-15"]);
    let mut c = Client::spawn(cmd);
    let folder = uri(p.root(), "content");
    c.ask(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}, "workspaceFolders": [{"uri": folder, "name": "c"}]}),
    );
    c.notify("initialized", json!({}));
    assert_eq!(c.diagnostics_until(&events, |d| !d.is_empty()).len(), 1);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_client_that_goes_away_mid_request_ends_the_server() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    // A request, then the pipe closes without `shutdown`: the server exits with 1, as the
    // protocol asks of an exit without shutdown.
    c.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": position(&events, at(7, 9))}));
    c.stdin = None;
    assert_eq!(c.wait(), 1);
    // `exit` without `shutdown` is also 1.
    let mut c = Client::initialized(p.root());
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
}

/// What Neovim, set up with the README's snippet (the binary under test and a fixed date as its
/// command), shows of `file` once the server has sent findings for it: one line each,
/// `line:col-line:col code message` (columns in bytes), sorted; `dir` holds the scripts.
fn neovim_diagnostics(dir: &Path, file: &Path) -> String {
    let nvim = std::process::Command::new("nvim").arg("--version").output();
    assert!(
        nvim.is_ok_and(|o| o.status.success()),
        "this test needs Neovim (`apt-get install neovim`); .ci/run installs it"
    );
    let out = dir.join("diagnostics.txt");
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let snippet = readme
        .split("**Neovim**")
        .nth(1)
        .and_then(|s| s.split("```lua\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("README has a Neovim snippet");
    let command = format!("cmd = {{ \"{}\", \"lsp\", \"--today\", \"2026-01-15\" }}", env!("CARGO_BIN_EXE_clausebook"));
    assert!(snippet.contains("cmd = { \"clausebook\", \"lsp\" }"), "{snippet}");
    let init = dir.join("init.lua");
    std::fs::write(&init, snippet.replace("cmd = { \"clausebook\", \"lsp\" }", &command)).unwrap();
    let script = dir.join("lsp.lua");
    std::fs::write(
        &script,
        format!(
            r#"
local found = {{}}
local ok = vim.wait(20000, function()
  found = vim.diagnostic.get(0)
  return #found > 0
end, 50)
local lines = {{}}
for _, d in ipairs(found) do
  table.insert(lines, string.format("%d:%d-%d:%d %s %s", d.lnum, d.col, d.end_lnum, d.end_col, d.code or "", d.message:gsub("\n.*", "")))
end
table.sort(lines)
vim.fn.writefile(lines, "{out}")
vim.cmd("qall!")
"#,
            out = out.display()
        ),
    )
    .unwrap();
    let run = std::process::Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg(file)
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .env("CLAUSEBOOK_VERIFY_CACHES", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    std::fs::read_to_string(&out)
        .unwrap_or_else(|_| panic!("Neovim wrote no diagnostics: {}", String::from_utf8_lossy(&run.stderr)))
}

/// Neovim's own LSP client (Debian's `neovim`), set up with the README's own snippet, opens a
/// clause of the example with a broken reference and writes the diagnostics it received.
#[test]
fn neovim_receives_the_diagnostics() {
    let p = Project::example();
    let clause = p.root().join("content/03-resources/03-budget-approval.md");
    let text = std::fs::read_to_string(&clause).unwrap().replace("[[senior-meeting]]", "[[senior-meetng]]");
    std::fs::write(&clause, text).unwrap();
    let got = neovim_diagnostics(p.root(), &clause);
    // The link `[[senior-meetng]]` on line 19 (0-based 18), after 22 Chinese characters and a
    // space plus a full-width bracket: 24 UTF-16 units, which Neovim turns into 70 bytes.
    assert!(
        got.lines().any(|l| l == "18:70-18:87 broken-reference 没有 id 为 `senior-meetng` 的条款"),
        "Neovim got: {got}"
    );
}

/// The same snippet, on a clause of an agreement inside a portfolio's folder, starts the server
/// at the portfolio.
#[test]
fn neovim_starts_the_server_at_the_portfolio_above_an_agreement() {
    let p = portfolio("见 [[b:purpos]]。", "正文。");
    let got = neovim_diagnostics(p.root(), &p.root().join(IN_A));
    // Checked in the portfolio: an error, not the note of an agreement alone (`见 ` is 4 bytes).
    assert!(got.lines().any(|l| l.starts_with("6:4-6:16 broken-reference 协议 `b`")), "Neovim got: {got}");
}

#[test]
fn rename_refuses_an_id_that_differs_from_another_only_by_case_or_normalization() {
    let p = project();
    // `café` written precomposed (NFC); a rename to the decomposed form would be the same page.
    p.write("content/03-cafe.md", "---\nid: caf\u{e9}\ntitle: 咖啡\n---\n\n正文。\n");
    let mut c = Client::initialized(p.root());
    let events = uri(p.root(), EVENTS);
    let budget = uri(p.root(), BUDGET);
    let rename = |c: &mut Client, uri: &str, pos: Value, new: &str| {
        c.request("textDocument/rename", json!({"textDocument": {"uri": uri}, "position": pos, "newName": new}))
    };
    // At `[[budget]]` in the events clause: `budget` may not become `events` (the events clause's
    // id, from its file name) or `café` in another case or Unicode form.
    for colliding in ["EVENTS", "Events", "cafe\u{301}", "CAFE\u{301}"] {
        let answer = rename(&mut c, &events, at(7, 9), colliding);
        assert_eq!(answer["error"]["code"], -32602, "{colliding}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains("只差大小写或 Unicode 写法"), "{colliding}: {message}");
    }
    // Its own id in another case is no collision.
    let edit = c.ask(
        "textDocument/rename",
        json!({"textDocument": {"uri": events}, "position": at(7, 9), "newName": "Budget"}),
    );
    assert_eq!(edit["changes"][&budget], json!([{"range": range(1, 4, 1, 10), "newText": "Budget"}]));
    // Parties likewise: `brand` cannot become `MARKETING`.
    let answer = rename(&mut c, &events, at(2, 8), "MARKETING");
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert!(answer["error"]["message"].as_str().unwrap().contains("`MARKETING` 与 `marketing`"), "{answer}");
    assert_eq!(c.shutdown(), 0);
    // What loading says of the same pair, for comparison: the same refusal.
    p.write(EVENTS, "---\nid: BUDGET\ntitle: 联合活动\nowner: brand\n---\n\n正文。\n");
    let run = p.run(&["check"]);
    assert!(run.stderr().contains("只差大小写或 Unicode 写法"), "{}", run.stderr());
}

#[test]
fn header_lines_that_are_not_utf8_or_never_end_are_skipped_and_the_server_goes_on() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let budget = uri(p.root(), BUDGET);
    // A header line with bytes that are not UTF-8 (it ended the server).
    c.write_raw(b"Content-Type: application/vscode-jsonrpc; charset=\xff\xfe\r\n");
    assert!(c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}})).is_array());
    // The same inside a message's headers, after its length: the message is skipped.
    let skipped = json!({"jsonrpc": "2.0", "id": 777, "method": "shutdown"}).to_string();
    c.write_raw(&[format!("Content-Length: {}\r\nX-Bad: ", skipped.len()).as_bytes(), b"\xc3\x28\r\n\r\n"].concat());
    c.write_raw(skipped.as_bytes());
    // A header line of 4 MiB without a newline, sent in pieces: not held, and the line ends at last.
    for _ in 0..64 {
        c.write_raw(&[b'a'; 64 << 10]);
    }
    c.write_raw(b"\r\n");
    let symbols = c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}}));
    assert!(symbols.is_array(), "{symbols}");
    let logged: Vec<String> = c
        .notes
        .iter()
        .filter(|n| n["method"] == "window/logMessage")
        .map(|n| n["params"]["message"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "ignored a malformed message: a header line that is not UTF-8: \"Content-Type: application/vscode-jsonrpc; charset=\u{fffd}\u{fffd}\"",
        "ignored a malformed message: a header line that is not UTF-8: \"X-Bad: \u{fffd}(\"",
        "ignored a malformed message: a header line of 4194306 bytes is over the limit of 8192; skipped",
    ] {
        assert!(logged.iter().any(|l| l.contains(expected)), "no log line with {expected:?} in {logged:#?}");
    }
    assert!(!c.notes.iter().any(|m| m["id"] == 777), "the skipped message was not answered");
    assert_eq!(c.shutdown(), 0);
}

/// Finding 10 of the attack report: two `Content-Length` headers that disagree made the server
/// read the longer, swallowing the next message (a `shutdown` was lost). Now the message is
/// logged as malformed and skipped, framed by the length whose body is one whole JSON value, so
/// the next message is read in step; a header block without `Content-Length` is logged too.
#[test]
fn disagreeing_content_lengths_and_a_block_without_one_are_logged_and_the_stream_stays_in_step() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let budget = uri(p.root(), BUDGET);
    let skipped = json!({"jsonrpc": "2.0", "id": 778, "method": "shutdown"}).to_string();
    // The tester's frame: the right length first, a longer one after it.
    c.write_raw(b"Content-Length: 2\r\nContent-Length: 50\r\n\r\n{}");
    assert!(c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}})).is_array());
    // The right length last.
    c.write_raw(format!("Content-Length: 1\r\nContent-Length: {}\r\n\r\n{skipped}", skipped.len()).as_bytes());
    assert!(c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}})).is_array());
    // Headers without a length.
    c.write_raw(b"Foo: bar\r\n\r\n");
    assert!(c.ask("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}})).is_array());
    let logged: Vec<String> = c
        .notes
        .iter()
        .filter(|n| n["method"] == "window/logMessage")
        .map(|n| n["params"]["message"].as_str().unwrap().to_string())
        .collect();
    let n = skipped.len();
    for expected in [
        "ignored a malformed message: Content-Length headers that disagree (2, 50); the message is skipped, framed by 2 (the one whose body is a whole JSON value)".to_string(),
        format!("ignored a malformed message: Content-Length headers that disagree (1, {n}); the message is skipped, framed by {n} (the one whose body is a whole JSON value)"),
        "ignored a malformed message: a header block without Content-Length; skipped".to_string(),
    ] {
        assert!(logged.iter().any(|l| l.contains(&expected)), "no log line with {expected:?} in {logged:#?}");
    }
    assert!(!c.notes.iter().any(|m| m["id"] == 778), "the skipped message was not answered");
    assert_eq!(c.shutdown(), 0);
}

/// Seeded mutations of well-formed traffic (issue 23's "keep the ways that found them"): frames
/// with lengths that lie short or do not parse, header lines that are not UTF-8 or not headers,
/// bodies with bytes flipped, inserted or cut, and requests with odd positions, URIs and types.
/// After each, a real request is answered: no frame ends the server or makes it stop answering.
#[test]
fn mutated_frames_never_end_the_server() {
    let p = project();
    let mut c = Client::initialized(p.root());
    let (budget, events) = (uri(p.root(), BUDGET), uri(p.root(), EVENTS));
    let text = std::fs::read_to_string(p.root().join(EVENTS)).unwrap();
    let valid = [
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": events, "languageId": "markdown", "version": 1, "text": text}}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": events, "version": 2}, "contentChanges": [{"range": range(6, 0, 6, 3), "text": "活动😀"}]}}),
        json!({"jsonrpc": "2.0", "id": 9001, "method": "textDocument/hover", "params": position(&events, at(6, 8))}),
        json!({"jsonrpc": "2.0", "id": 9002, "method": "textDocument/definition", "params": position(&events, at(6, 9))}),
        json!({"jsonrpc": "2.0", "id": 9003, "method": "textDocument/completion", "params": position(&events, at(4, 7))}),
        json!({"jsonrpc": "2.0", "id": 9004, "method": "textDocument/rename", "params": {"textDocument": {"uri": budget}, "position": at(1, 5), "newName": "预算"}}),
        json!({"jsonrpc": "2.0", "id": 9005, "method": "textDocument/references", "params": {"textDocument": {"uri": budget}, "position": at(1, 5), "context": {"includeDeclaration": true}}}),
    ];
    let odd_values = [
        json!(null),
        json!(-1),
        json!(4294967296u64),
        json!(1e300),
        json!("x"),
        json!([]),
        json!({}),
        json!("file:///etc/passwd"),
        json!("untitled:1"),
        json!("file://%zz"),
        json!("活动"),
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1) as u64) as usize
    };
    let mut sent = 0;
    for round in 0..150 {
        let mut message = valid[next(valid.len())].clone();
        // Odd values somewhere in the parameters.
        if next(3) == 0 {
            let keys = ["uri", "line", "character", "text", "version", "newName", "position", "textDocument"];
            replace_somewhere(&mut message, keys[next(keys.len())], &odd_values[next(odd_values.len())]);
        }
        let mut body = message.to_string().into_bytes();
        let mut length = body.len().to_string();
        match next(6) {
            0 if !body.is_empty() => {
                let i = next(body.len());
                body[i] ^= 1 << next(8);
            }
            1 => {
                let i = next(body.len() + 1);
                body.insert(i, [b'\0', b'"', b'}', 0xff, b'\n'][next(5)]);
            }
            2 => {
                body.truncate(next(body.len() + 1));
                length = body.len().to_string();
            }
            3 => length = ["", "-1", "x", "１２", "18446744073709551616"][next(5)].to_string(),
            4 => length = next(body.len() + 1).to_string(),
            _ => {}
        }
        if !length.parse::<usize>().is_ok_and(|n| n > body.len()) {
            // A length longer than the body would take the next request as its body: a lying
            // client, but not one this test can stay in step with.
            let header: &[u8] = match next(4) {
                0 => b"Content-Type: application/vscode-jsonrpc; charset=\xff\r\n",
                1 => b"not a header\r\n",
                _ => b"",
            };
            c.write_raw(&[header, format!("Content-Length: {length}\r\n\r\n").as_bytes(), &body, b"\r\n\r\n"].concat());
            sent += 1;
        }
        let answer = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": budget}}));
        assert!(answer.get("result").is_some(), "round {round}: {answer}");
    }
    assert!(sent > 120, "most rounds send their frame ({sent})");
    assert_eq!(c.shutdown(), 0);
}

/// Replaces the first value under `key`, anywhere in `value`, by `with`.
fn replace_somewhere(value: &mut Value, key: &str, with: &Value) -> bool {
    match value {
        Value::Object(map) => {
            if let Some(v) = map.get_mut(key) {
                *v = with.clone();
                return true;
            }
            map.values_mut().any(|v| replace_somewhere(v, key, with))
        }
        Value::Array(items) => items.iter_mut().any(|v| replace_somewhere(v, key, with)),
        _ => false,
    }
}

// A portfolio: at a folder with `portfolio.yaml`, each agreement is checked as `clausebook check`
// at the portfolio checks it.

/// A portfolio of two small agreements `a` and `b`, each with one clause `purpose` whose body
/// (line 6, 0-based) is given.
fn portfolio(a_body: &str, b_body: &str) -> Project {
    let clause = |body: &str| format!("---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n{body}\n");
    let p = Project::empty();
    p.write(
        "portfolio.yaml",
        "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: a\n  - id: b\n    path: b\n",
    );
    for (dir, body) in [("a", a_body), ("b", b_body)] {
        p.write(&format!("{dir}/content/_index.md"), INDEX);
        p.write(&format!("{dir}/content/01-purpose.md"), &clause(body));
    }
    p
}

const IN_A: &str = "a/content/01-purpose.md";
const IN_B: &str = "b/content/01-purpose.md";

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// The findings last published for `uri` among the notifications received so far (`None`: none
/// were published).
fn published(c: &Client, uri: &str) -> Option<Vec<Value>> {
    let mut of =
        c.notes.iter().filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    of.next_back().map(|m| m["params"]["diagnostics"].as_array().cloned().unwrap_or_default())
}

fn change(c: &mut Client, uri: &str, version: u32, text: &str) {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn at_a_portfolio_citations_are_checked_followed_and_completed_across_agreements() {
    let p = portfolio("见 [[b:purpos]] 与 [[b:purpose]]。", "正文。");
    // The editor shows what `clausebook check` at the portfolio reports, at the same place.
    p.run(&["check"]).reports("a/content/01-purpose.md:7:3", "协议 `b` 所引用的版本中没有条款 `purpos`");
    let mut c = Client::initialized(p.root());
    let (a, b) = (uri(p.root(), IN_A), uri(p.root(), IN_B));
    let text = read(p.root(), IN_A);
    open(&mut c, &a, &text);
    let found = c.diagnostics_until(&a, |d| !d.is_empty());
    assert_eq!(found.len(), 1, "the valid citation has none, and none is noted as shown as text: {found:?}");
    assert_eq!(found[0]["code"], "broken-reference");
    assert_eq!(found[0]["range"], range(6, 2, 6, 14));
    assert!(found[0]["message"].as_str().unwrap().contains("是否想写 `purpose`"), "{found:?}");
    // Go to definition opens the cited clause in the other agreement; hover names it.
    let def = c.ask("textDocument/definition", position(&a, at(6, 20)));
    assert_eq!(def, json!({"uri": b, "range": range(1, 4, 1, 11)}));
    let hover = c.ask("textDocument/hover", position(&a, at(6, 20)));
    assert_eq!(hover["contents"]["value"], "**《测试协议》第1条 目的**\n\n`b:purpose`");
    assert_eq!(hover["range"], range(6, 17, 6, 30));
    // Completion after `[[`: the agreement's own clauses, then the other agreements' ids; after
    // `[[b:`, b's clauses.
    change(&mut c, &a, 2, &text.replace("。\n", "。\n见 [[\n见 [[b:pu\n"));
    assert_eq!(labels(&c.ask("textDocument/completion", position(&a, at(7, 4)))), ["purpose", "b:"]);
    let list = c.ask("textDocument/completion", position(&a, at(8, 8)));
    assert_eq!(labels(&list), ["purpose"]);
    assert_eq!(list["items"][0]["textEdit"], json!({"range": range(8, 4, 8, 8), "newText": "b:purpose]]"}));
    assert_eq!(list["items"][0]["detail"], "第1条 目的");
    change(&mut c, &a, 3, &text);
    // An unsaved edit in b that takes away the clause a cites: a's findings follow at once.
    let in_b = read(p.root(), IN_B);
    open(&mut c, &b, &in_b);
    change(&mut c, &b, 2, &in_b.replace("id: purpose", "id: aim"));
    let found = c.diagnostics_until(&a, |d| d.len() == 2);
    assert!(found[1]["message"].as_str().unwrap().contains("没有条款 `purpose`"), "{found:?}");
    // Closed without saving: the file on disk counts again.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": b}}));
    c.diagnostics_until(&a, |d| d.len() == 1);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn at_a_portfolio_its_own_files_findings_and_the_departments_are_shown() {
    let p = portfolio("正文。", "正文。");
    p.write(
        "portfolio.yaml",
        "title: 组合\norg: org.yaml\nagreemnts: []\nagreements:\n  - id: a\n    path: a\n  - id: c\n    path: missing\n",
    );
    p.write("org.yaml", "units:\n  - id: mkt\n    name: 营销部\n  - id: brand\n    name: 品牌部\n");
    let mut c = Client::initialized(p.root());
    let yaml = uri(p.root(), "portfolio.yaml");
    let found = c.diagnostics_until(&yaml, |d| d.len() == 2);
    let at_line: Vec<(u64, &str)> =
        found.iter().map(|d| (d["range"]["start"]["line"].as_u64().unwrap(), d["code"].as_str().unwrap())).collect();
    assert_eq!(at_line, [(2, "unknown-field"), (7, "portfolio")], "{found:?}");
    // The agreement it lists rightly is checked (the editor's text of it), its parties against
    // the departments.
    let a = uri(p.root(), IN_A);
    open(&mut c, &a, &read(p.root(), IN_A).replace("正文。", "见 [[nowhere]]。"));
    assert_eq!(c.diagnostics_until(&a, |d| !d.is_empty())[0]["code"], "broken-reference");
    let index = uri(p.root(), "a/content/_index.md");
    let found = c.diagnostics_until(&index, |d| !d.is_empty());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "unknown-unit");
    assert_eq!(found[0]["range"], range(5, 8, 5, 17));
    let shown: Vec<&str> = c
        .notes
        .iter()
        .filter(|n| n["method"] == "window/showMessage")
        .filter_map(|n| n["params"]["message"].as_str())
        .collect();
    assert!(shown.iter().any(|m| m.contains("协议组合的文件有 1 个错误")), "{shown:?}");
    // Saved, the file is read again: its findings go; an agreement no longer listed leaves the
    // editor's hands, and, listed again, takes its unsaved text back.
    let save = |c: &mut Client, file: &str, text: &str| {
        p.write(file, text);
        c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri(p.root(), file)}}));
    };
    save(&mut c, "portfolio.yaml", "title: 组合\norg: org.yaml\nagreements:\n  - id: b\n    path: b\n");
    c.diagnostics_until(&yaml, |d| d.is_empty());
    c.diagnostics_until(&a, |d| d.is_empty());
    save(&mut c, "portfolio.yaml", "title: 组合\norg: org.yaml\nagreements:\n  - id: a\n    path: a\n");
    assert_eq!(c.diagnostics_until(&a, |d| !d.is_empty())[0]["code"], "broken-reference");
    c.diagnostics_until(&index, |d| !d.is_empty());
    save(&mut c, "org.yaml", "units:\n  - id: marketing\n    name: 营销部\n  - id: brand\n    name: 品牌部\n");
    c.diagnostics_until(&index, |d| d.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_example_portfolio_routes_each_document_to_its_agreement_and_an_agreement_alone_is_unchanged() {
    let example = repo().join("examples/portfolio");
    let rel = "agreements/it-finance/content/04-costs/02-extra-requests.md";
    // marketing-brand is the repository's own agreement (`path: ../..`), which holds the others'
    // folders: a document is of the deepest agreement that holds it. The editor's folder is one
    // below the portfolio's, which is found above it.
    let mut cmd = clausebook();
    cmd.args(["lsp", "--today", "2026-01-15"]);
    let mut c = Client::spawn(cmd);
    let folder = uri(&example, "agreements");
    c.ask(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}, "workspaceFolders": [{"uri": folder, "name": "a"}]}),
    );
    c.notify("initialized", json!({}));
    let costs = uri(&example, rel);
    open(&mut c, &costs, &read(&example, rel));
    let def = c.ask("textDocument/definition", position(&costs, at(20, 24)));
    assert_eq!(
        def,
        json!({"uri": uri(&repo(), "content/03-resources/03-budget-approval.md"), "range": range(1, 4, 1, 19)})
    );
    let codes: Vec<Value> = published(&c, &costs).unwrap_or_default().iter().map(|d| d["code"].clone()).collect();
    assert!(!codes.contains(&json!("cross-reference")) && !codes.contains(&json!("broken-reference")), "{codes:?}");
    assert_eq!(c.shutdown(), 0);
    // Started in the agreement itself: it is alone, and its citation a note, as before.
    let alone = example.join("agreements/it-finance");
    let mut c = Client::initialized(&alone);
    let costs = uri(&alone, "content/04-costs/02-extra-requests.md");
    let found = c.diagnostics_until(&costs, |d| d.iter().any(|x| x["code"] == "cross-reference"));
    assert_eq!(found.iter().find(|x| x["code"] == "cross-reference").unwrap()["range"], range(20, 20, 20, 55));
    assert_eq!(c.ask("textDocument/definition", position(&costs, at(20, 24))), Value::Null);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn an_agreement_changed_on_disk_rechecks_the_open_agreements_citing_it() {
    let p = portfolio("见 [[b:purpose]]。", "正文。");
    let mut c = Client::initialized(p.root());
    let a = uri(p.root(), IN_A);
    open(&mut c, &a, &read(p.root(), IN_A));
    let hover = c.ask("textDocument/hover", position(&a, at(6, 5)));
    assert_eq!(hover["contents"]["value"], "**《测试协议》第1条 目的**\n\n`b:purpose`");
    // b, of which the editor has opened nothing, loses the clause (a `git pull`); then a new
    // clause of that id comes back in another file.
    std::fs::remove_file(p.root().join(IN_B)).unwrap();
    let found = c.diagnostics_until(&a, |d| d.len() == 1);
    assert_eq!(found[0]["range"], range(6, 2, 6, 15));
    p.write("b/content/02-aim.md", "---\nid: purpose\ntitle: 宗旨\nowner: marketing\n---\n\n正文。\n");
    c.diagnostics_until(&a, |d| d.is_empty());
    let hover = c.ask("textDocument/hover", position(&a, at(6, 5)));
    assert_eq!(hover["contents"]["value"], "**《测试协议》第1条 宗旨**\n\n`b:purpose`");
    assert_eq!(c.shutdown(), 0);
}
