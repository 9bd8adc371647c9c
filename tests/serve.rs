//! `serve` and `watch` from the outside: a real server on an ephemeral port, files changed the
//! way editors change them, and what a browser would see over HTTP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A running `clausebook serve`; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `clausebook serve --port PORT` and returns it with the line where it says its address.
fn start(p: &Project, port: &str) -> (Child, String) {
    let mut cmd = clausebook();
    cmd.args(["serve", "--port", port, "--today", "2026-06-01", "--root"]).arg(p.root());
    spawn(cmd)
}

fn spawn(mut cmd: std::process::Command) -> (Child, String) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line)
}

fn serve(p: &Project) -> Server {
    let (child, line) = start(p, "0");
    serving(child, &line)
}

/// The server that printed `line`, once its first build is served.
fn serving(child: Child, line: &str) -> Server {
    let addr =
        line.split("http://").nth(1).and_then(|a| a.split('/').next()).expect("serve prints its address").to_string();
    let server = Server { child, addr };
    eventually("the first build", || get(&server, "/").0 == 200);
    server
}

/// A raw HTTP/1.0 request (so traversal paths reach the server unnormalised).
fn request(server: &Server, raw: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let code = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, head, response.get(split + 4..).unwrap_or_default().to_vec())
}

fn get(server: &Server, path: &str) -> (u16, String, Vec<u8>) {
    request(server, &format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"))
}

fn text(server: &Server, path: &str) -> String {
    String::from_utf8_lossy(&get(server, path).2).into_owned()
}

/// The Server-Sent Events stream, read line by line in the background.
fn events(server: &Server) -> std::sync::mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.write_all(b"GET /__clausebook/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    // Wait until the stream is open.
    let start = Instant::now();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(10)) {
        if line.starts_with(": connected") || start.elapsed() > Duration::from_secs(10) {
            break;
        }
    }
    rx
}

fn wait_event(rx: &std::sync::mpsc::Receiver<String>, name: &str) -> String {
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(15) {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if line == format!("event: {name}") {
                seen = true;
            } else if seen && line.starts_with("data: ") {
                return line["data: ".len()..].to_string();
            }
        }
    }
    panic!("no `{name}` event");
}

fn example() -> Project {
    let p = Project::example();
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    p
}

const PURPOSE: &str = "content/01-general/01-purpose.md";

#[test]
fn serves_the_site_with_correct_http() {
    let p = example();
    let s = serve(&p);
    let (code, head, body) = get(&s, "/clauses/purpose.html");
    assert_eq!(code, 200);
    assert!(head.contains("Content-Type: text/html; charset=utf-8"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("/__clausebook/live.js"), "the live-reload script is injected");
    assert!(!std::fs::read_to_string(p.root().join(PURPOSE)).unwrap().contains("live.js"));
    let (code, head, _) = get(&s, "/static/style.css");
    assert!(code == 200 && head.contains("text/css; charset=utf-8"));
    let (code, _, body) = request(&s, "HEAD /index.html HTTP/1.0\r\n\r\n");
    assert_eq!((code, body.len()), (200, 0));
    let (code, _, body) = get(&s, "/clauses/no-such-clause.html");
    assert_eq!(code, 404);
    assert!(String::from_utf8_lossy(&body).contains("找不到此页面"), "the theme's 404 page");
    for path in ["/../Cargo.toml", "/%2e%2e/%2e%2e/etc/passwd", "/clauses/..%2f..%2fcontent/_index.md", "/..\\..\\x"] {
        let (code, _, body) = get(&s, path);
        assert_eq!(code, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("title:"), "{path} leaked a file");
    }
    let (code, _, _) = get(&s, "/clauses/%E4%B8%8D%E5%AD%98%E5%9C%A8.html");
    assert_eq!(code, 404);
    let _ = request(&s, "THIS IS NOT HTTP\r\n\r\n");
    let _ = request(&s, "GET\r\n\r\n");
    assert_eq!(get(&s, "/").0, 200, "a malformed request does not stop the server");
    assert_eq!(request(&s, "DELETE /index.html HTTP/1.0\r\n\r\n").0, 405);
}

#[test]
fn edits_as_editors_make_them_are_rebuilt_and_announced() {
    let p = example();
    let s = serve(&p);
    let rx = events(&s);

    // Write in place.
    let original = std::fs::read_to_string(p.root().join(PURPOSE)).unwrap();
    p.write(PURPOSE, &original.replace("本协议旨在：", "本协议旨在（第一次修改）："));
    wait_event(&rx, "reload");
    eventually("the in-place edit", || text(&s, "/clauses/purpose.html").contains("第一次修改"));

    // Write a temporary file and rename it over the clause (vim, VS Code, JetBrains).
    let temp = p.root().join("content/01-general/.01-purpose.md.swp");
    std::fs::write(&temp, original.replace("本协议旨在：", "本协议旨在（第二次修改）：")).unwrap();
    std::fs::rename(&temp, p.root().join(PURPOSE)).unwrap();
    eventually("the renamed save", || text(&s, "/clauses/purpose.html").contains("第二次修改"));

    // Create a clause; the index lists it.
    p.write(
        "content/01-general/04-new.md",
        "---\ntitle: 新增条款\nowner: brand\nrevised: 2026-01-01\nreview_by: 2026-12-01\n---\n新的。\n",
    );
    eventually("the new clause", || get(&s, "/clauses/new.html").0 == 200);
    assert!(text(&s, "/index.html").contains("新增条款"));

    // Delete it again.
    std::fs::remove_file(p.root().join("content/01-general/04-new.md")).unwrap();
    eventually("the deletion", || get(&s, "/clauses/new.html").0 == 404);
    assert!(!text(&s, "/index.html").contains("新增条款"));

    // Move a whole chapter folder (one no other clause refers to) away and back.
    let chapter = p.root().join("content/06-goals");
    std::fs::rename(&chapter, p.root().join("content/.moved")).unwrap();
    eventually("the moved folder", || get(&s, "/clauses/retrospective.html").0 == 404);
    std::fs::rename(p.root().join("content/.moved"), &chapter).unwrap();
    eventually("the folder moved back", || get(&s, "/clauses/retrospective.html").0 == 200);
}

#[test]
fn a_broken_edit_shows_the_errors_and_keeps_the_last_good_site() {
    let p = example();
    let s = serve(&p);
    let rx = events(&s);
    let good = text(&s, "/clauses/purpose.html");
    let original = std::fs::read_to_string(p.root().join(PURPOSE)).unwrap();
    p.write(PURPOSE, &original.replace("owner: marketing", "owner: 财务部"));
    let data = wait_event(&rx, "failed");
    assert!(data.contains("content/01-general/01-purpose.md:4:8"), "{data}");
    let status: serde_json::Value = serde_json::from_slice(&get(&s, "/__clausebook/status").2).unwrap();
    assert_eq!(status["ok"], false);
    let overlay = status["text"].as_str().unwrap();
    assert!(overlay.contains("`财务部` 不是本协议的一方") && overlay.contains("1 个错误，0 个警告"), "{overlay}");
    assert_eq!(text(&s, "/clauses/purpose.html"), good, "the last good page is still served");
    // A page opened now gets the overlay data at once.
    let late = events(&s);
    assert!(wait_event(&late, "failed").contains("财务部"));
    p.write(PURPOSE, &original);
    wait_event(&rx, "reload");
    let status: serde_json::Value = serde_json::from_slice(&get(&s, "/__clausebook/status").2).unwrap();
    assert_eq!(status["ok"], true);
}

#[test]
fn the_incremental_site_equals_a_clean_build() {
    let p = example();
    let s = serve(&p);
    let original = std::fs::read_to_string(p.root().join(PURPOSE)).unwrap();
    p.write(PURPOSE, &original.replace("协议目的", "协议宗旨"));
    eventually("the title change", || text(&s, "/index.html").contains("协议宗旨"));
    p.write(
        "content/04-communication/02-weekly-meeting.md",
        &std::fs::read_to_string(p.root().join("content/04-communication/02-weekly-meeting.md"))
            .unwrap()
            .replace("每周三召开", "每周四召开"),
    );
    eventually("the body change", || text(&s, "/clauses/weekly-meeting.html").contains("每周四召开"));
    // A title other pages show in their references and their prev/next links.
    let definitions = "content/01-general/02-definitions.md";
    p.write(
        definitions,
        &std::fs::read_to_string(p.root().join(definitions)).unwrap().replace("title: 定义", "title: 术语定义"),
    );
    eventually("the referring page", || text(&s, "/clauses/budget-approval.html").contains("第2条 术语定义"));
    // 国庆 taken out of the working-day calendar: the meeting of 7 October is back in the calendars.
    let calendar = "calendar/2026.yaml";
    let holidays = std::fs::read_to_string(p.root().join(calendar)).unwrap();
    p.write(calendar, &holidays.replace("  国庆节: 2026-10-01 ~ 2026-10-07\n", ""));
    eventually("the calendar change", || !text(&s, "/reviews.ics").replace("\r\n ", "").contains(",20261007T140000"));
    // A record added: the meeting's clause page lists it, with its file.
    p.write("records/2026-11-26-纪要.txt", "纪要\n");
    p.write(
        "records/2026-11-26-weekly-meeting-3.yaml",
        "duty: weekly-meeting#3\ndate: 2026-11-26\nby: 王晓明\nfiles: [2026-11-26-纪要.txt]\n",
    );
    eventually("the record", || text(&s, "/clauses/weekly-meeting.html").contains("2026-11-26-纪要.txt"));
    std::thread::sleep(Duration::from_millis(300));

    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("site");
    let run = clausebook()
        .args(["build", "--no-versions", "--today", "2026-06-01", "--root"])
        .arg(p.root())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let script = "<script src=\"/__clausebook/live.js\"></script>";
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let rel = entry.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
        if rel.starts_with('.') {
            continue;
        }
        let served = get(&s, &format!("/{}", rel.split('/').map(encode).collect::<Vec<_>>().join("/"))).2;
        let served = String::from_utf8_lossy(&served).replace(script, "");
        assert_eq!(
            served,
            String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()),
            "{rel} differs from a clean build"
        );
        compared += 1;
    }
    assert!(compared > 30, "{compared}");
}

fn encode(part: &str) -> String {
    part.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect()
}

#[test]
fn event_streams_are_bounded_and_closed_ones_let_go() {
    let p = example();
    let s = serve(&p);
    let threads = || std::fs::read_dir(format!("/proc/{}/task", s.child.id())).map_or(0, |d| d.count());
    let before = threads();
    let open = |n: usize| -> Vec<(TcpStream, u16)> {
        (0..n)
            .map(|_| {
                let mut stream = TcpStream::connect(&s.addr).unwrap();
                stream.write_all(b"GET /__clausebook/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let mut head = [0u8; 12];
                stream.read_exact(&mut head).unwrap();
                let code = String::from_utf8_lossy(&head[9..12]).parse().unwrap_or(0);
                (stream, code)
            })
            .collect()
    };
    let streams = open(40);
    let codes: Vec<u16> = streams.iter().map(|(_, c)| *c).collect();
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 32, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 503).count(), 8, "{codes:?}");
    drop(streams);
    let open_now = || {
        let status: serde_json::Value = serde_json::from_slice(&get(&s, "/__clausebook/status").2).unwrap();
        status["streams"].as_u64().unwrap_or(u64::MAX)
    };
    eventually("closed streams end (within two heartbeats)", || open_now() == 0);
    assert!(threads() <= before + 1, "no thread is left behind");
    let again = open(32);
    assert!(again.iter().all(|(_, c)| *c == 200), "closed streams free their places");
}

#[test]
fn a_taken_port_is_said_and_the_next_one_used() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let p = example();
    let (mut child, line) = start(&p, &port);
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains(&format!("端口 {port} 已被占用")), "{err}");
    assert!(!line.contains(&format!(":{port}/")), "{line}");
}

#[test]
fn ctrl_c_stops_serve_cleanly() {
    let p = example();
    let mut s = serve(&p);
    let pid = s.child.id().to_string();
    let status = std::process::Command::new("kill").args(["-INT", &pid]).status().expect("the kill program");
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = s.child.try_wait().unwrap() {
            break exit;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn watch_writes_each_rebuild_into_the_output_folder() {
    for poll in [false, true] {
        let p = example();
        let out = p.root().join("public");
        let mut args = vec!["watch", "--today", "2026-06-01", "--root"];
        if poll {
            args.insert(1, "--poll");
        }
        let log = p.root().join("watch.log");
        let child = clausebook()
            .args(&args)
            .arg(p.root())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut guard = Server { child, addr: String::new() };
        eventually("the first build", || out.join("clauses/purpose.html").is_file());
        let original = std::fs::read_to_string(p.root().join(PURPOSE)).unwrap();
        p.write(PURPOSE, &original.replace("本协议旨在：", "本协议旨在（watch）："));
        let rebuilt =
            || std::fs::read_to_string(out.join("clauses/purpose.html")).unwrap_or_default().contains("（watch）");
        let start = Instant::now();
        while !rebuilt() && start.elapsed() < Duration::from_secs(15) {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            rebuilt(),
            "poll={poll}: the page was not rebuilt; watch said:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        assert!(
            !std::fs::read_to_string(out.join("clauses/purpose.html")).unwrap().contains("live.js"),
            "watch never injects the live-reload script"
        );
        let _ = guard.child.kill();
    }
}

#[test]
fn watch_keeps_the_pdf_current() {
    let p = example();
    let out = p.root().join("public");
    let log = p.root().join("watch.log");
    let child = clausebook()
        .args(["watch", "--pdf", "--today", "2026-06-01", "--root"])
        .arg(p.root())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let _guard = Server { child, addr: String::new() };
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let pdf = out.join("agreement.pdf");
    eventually("the first PDF (needs Chromium: .ci/run installs it)", || pdf.is_file() && said().contains("已打印"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let first = said().matches("已打印").count();
    let original = std::fs::read_to_string(p.root().join(PURPOSE)).unwrap();
    p.write(PURPOSE, &original.replace("本协议旨在：", "本协议旨在（PDF）："));
    eventually("the PDF printed again after the printable page changed", || said().matches("已打印").count() > first);
    assert!(!said().contains("error"), "{}", said());
}

#[test]
fn an_approval_recorded_while_serving_shows_at_once() {
    let p = example();
    let s = serve(&p);
    assert!(text(&s, "/index.html").contains("尚未由各方签署此文本"), "the example requires both parties");
    let run = clausebook()
        .args(["approve", "--party", "brand", "--by", "李静", "--today", "2026-06-01", "--root"])
        .arg(p.root())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    eventually("the approval on the index", || text(&s, "/index.html").contains("已批准此文本"));
    // A stale approval's note appears on the clause an edit changes.
    let original = std::fs::read_to_string(p.root().join(PURPOSE)).unwrap();
    p.write(PURPOSE, &original.replace("本协议旨在：", "本协议旨在（修改）："));
    eventually("the stale note", || text(&s, "/clauses/purpose.html").contains("批准的文本在此处已修改"));
}

#[test]
fn the_not_found_page_at_a_nested_address_is_styled_and_leads_home() {
    let p = example();
    let s = serve(&p);
    let (code, _, body) = get(&s, "/clauses/nope.html");
    assert_eq!(code, 404);
    let html = String::from_utf8_lossy(&body);
    assert!(html.contains(r#"<head><base href="/">"#), "its relative links are based at the root: {html}");
    assert!(html.contains("static/style.css"));
}

/// `GET path` addressed to `host`.
fn get_as(server: &Server, host: &str, path: &str) -> (u16, String) {
    let (code, _, body) = request(server, &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    (code, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn requests_addressed_to_another_name_are_refused() {
    // DNS rebinding: a page at `evil.example`, whose name now resolves to 127.0.0.1, must not read
    // the site (its requests say `Host: evil.example`).
    let p = example();
    let s = serve(&p);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost.:{port}"),
        format!("127.0.0.1:{port}"),
        format!("127.0.0.2:{port}"),
        format!("[::1]:{port}"),
        "app.localhost".to_string(),
    ] {
        assert_eq!(get_as(&s, &host, "/clauses/purpose.html").0, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        "localhost.evil.example".to_string(),
        "127.0.0.1.nip.example".to_string(),
        "localhost:x".to_string(),
    ] {
        for path in ["/", "/clauses/purpose.html", "/agreement.json", "/__clausebook/status", "/__clausebook/events"] {
            let (code, body) = get_as(&s, &host, path);
            assert_eq!(code, 403, "{host}{path}");
            assert!(!body.contains("本协议") && !body.contains("\"generation\""), "{host}{path} leaked: {body}");
            assert!(body.contains("--allow-host") && body.contains("DNS rebinding"), "{body}");
        }
    }
    // An absolute URL names the host too (and HTTP says it wins over `Host`).
    let (code, _, _) =
        request(&s, "GET http://evil.example/index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(code, 403);
    // Two `Host` headers are not a way around it.
    let (code, _, _) =
        request(&s, "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(code, 403);
    let (_, body) = get_as(&s, "evil.example", "/");
    assert!(body.contains("clausebook serve --allow-host evil.example"), "says how to allow it: {body}");
    let mut s = s;
    let _ = s.child.kill();
    let mut err = String::new();
    s.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(err.matches("拒绝了一个发往 `evil.example` 的请求").count(), 1, "said once: {err}");
}

#[test]
fn allow_host_admits_the_names_given_and_no_others() {
    let p = example();
    let mut cmd = clausebook();
    cmd.args(["serve", "--port", "0", "--today", "2026-06-01", "--allow-host", "Docs.Example", "--allow-host"])
        .args(["wiki.example.", "--root"])
        .arg(p.root());
    let (child, line) = spawn(cmd);
    let s = serving(child, &line);
    for host in ["docs.example", "DOCS.EXAMPLE:8000", "wiki.example", "localhost", "127.0.0.1"] {
        assert_eq!(get_as(&s, host, "/").0, 200, "{host}");
    }
    for host in ["other.example", "sub.docs.example", "docs.example.evil"] {
        assert_eq!(get_as(&s, host, "/").0, 403, "{host}");
    }
    let run = clausebook().args(["serve", "--allow-host", "http://x.example:80"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a host name"));
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let p = example();
    let s = serve(&p);
    let clients: Vec<_> = [&b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: "[..], &b""[..]]
        .into_iter()
        .map(|half| {
            let mut stream = TcpStream::connect(&s.addr).unwrap();
            stream.write_all(half).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            std::thread::spawn(move || {
                let start = Instant::now();
                let _ = stream.read_to_end(&mut Vec::new());
                start.elapsed()
            })
        })
        .collect();
    // Meanwhile the server answers others.
    assert_eq!(get(&s, "/").0, 200);
    for client in clients {
        let waited = client.join().unwrap();
        assert!(waited < Duration::from_secs(20), "the server held a half request for {waited:?}");
        assert!(waited >= Duration::from_secs(5), "disconnected after only {waited:?}");
    }
}

/// CPU time (user + system) a process has used, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn out_of_file_descriptors_the_server_waits_instead_of_spinning() {
    let p = example();
    let mut cmd = std::process::Command::new("sh");
    cmd.env("CLAUSEBOOK_VERIFY_CACHES", "1")
        .args(["-c", "ulimit -n 64 && exec \"$0\" serve --port 0 --today 2026-06-01 --root \"$1\""])
        .arg(env!("CARGO_BIN_EXE_clausebook"))
        .arg(p.root());
    let (child, line) = spawn(cmd);
    let s = serving(child, &line);
    let pid = s.child.id();
    let fds = || std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    // More connections than the server may have descriptors: it accepts what it can, the rest
    // wait in the listen backlog.
    let held: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(&s.addr).unwrap()).collect();
    eventually("the server out of descriptors", || fds() >= 62);
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: `sysconf` only reads a configuration value.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    assert!(
        used * 5 < ticks_per_second,
        "the server used {used} ticks ({ticks_per_second}/s) of CPU in 2 s while out of descriptors"
    );
    drop(held);
    eventually("serving again once the connections closed", || get(&s, "/").0 == 200);
    let mut s = s;
    let _ = s.child.kill();
    let mut err = String::new();
    s.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(err.matches("无法接受连接").count(), 1, "said once: {err}");
    assert!(err.contains("等待已打开的连接关闭"), "{err}");
}

#[test]
fn watch_says_a_project_templates_undefined_variable_at_every_rebuild() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n正文。\n")]);
    p.write(
        "themes/default/templates/clause.html",
        "{% extends \"base.html\" %}{% block main %}\n<p class=\"custom\">{{ clause.titel }}</p>{% endblock %}",
    );
    let log = p.root().join("watch.log");
    let child = clausebook()
        .args(["watch", "--today", "2026-06-01", "--root"])
        .arg(p.root())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut guard = Server { child, addr: String::new() };
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let place = "themes/default/templates/clause.html:2:22";
    eventually("the first build's warning", || said().contains(place));
    // The clause page is kept from the first build; its template's warning still holds.
    p.write("content/02-b.md", "---\ntitle: 乙\n---\n正文。\n");
    eventually("the rebuild's warning", || said().matches(place).count() >= 2);
    let _ = guard.child.kill();
}

#[test]
fn watch_whose_first_build_fails_says_there_is_no_site_yet() {
    let broken = "---\ntitle: 甲\n---\n见 [[nosuch]]。\n";
    let p = Project::with(&[("content/01-a.md", broken)]);
    let (out, log) = (p.root().join("site"), p.root().join("watch.log"));
    let mut child = watch(p.root(), "2026-06-01", &out, &log);
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    eventually("the failed first build", || said().contains("还没有网站：错误修正后即生成"));
    assert!(!said().contains("网站仍是上一次成功生成的"), "{}", said());
    p.write("content/01-a.md", "---\ntitle: 甲\n---\n正文。\n");
    eventually("the site once mended", || out.join("index.html").is_file());
    p.write("content/01-a.md", broken);
    eventually("a later failure, the site kept", || said().contains("网站仍是上一次成功生成的"));
    let _ = child.kill();
    let _ = child.wait();
}
