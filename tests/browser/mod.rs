//! A real headless Chromium for the tests that look at a site as a reader would: load a page
//! (from file:// or over HTTP), run its scripts, and read its DOM, console and requests; and a
//! minimal file server for a site under a sub-path. Shared by tests/publish.rs and
//! tests/portfolio_search.rs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::repo;

/// Debian's Chromium; its absence fails the test with a clear message.
pub fn chromium() -> PathBuf {
    clausebook::output::pdf::chromium()
        .expect("these tests need headless Chromium: apt-get install chromium (.ci/run installs it)")
}

/// Loads `url` in headless Chromium, runs its scripts, and returns the DOM, the browser's log and
/// every URL it requested (from its network log).
pub fn browse(url: &str, shot: &str) -> (scraper::Html, String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("net.json");
    let shots = repo().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let base = |cmd: &mut Command| {
        cmd.args(clausebook::output::pdf::HEADLESS)
            .args(["--hide-scrollbars", "--virtual-time-budget=5000", "--enable-logging=stderr", "--log-level=0"])
            .arg(format!("--user-data-dir={}", profile.path().display()));
    };
    let mut dump = Command::new(chromium());
    base(&mut dump);
    dump.arg(format!("--log-net-log={}", netlog.display())).arg("--dump-dom").arg(url);
    let out = dump.output().expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut shot_cmd = Command::new(chromium());
    base(&mut shot_cmd);
    shot_cmd.args(["--window-size=1100,1400"]).arg(format!("--screenshot={}", shots.join(shot).display())).arg(url);
    let _ = shot_cmd.output();
    // The page's own requests carry its origin as initiator; the browser's background requests
    // (update checks, network time) say "not an origin" and are not the page's doing.
    let net: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap_or_default()).unwrap_or_default();
    let urls = net["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| {
                    let p = &e["params"];
                    let initiated = p["initiator"].as_str().is_some_and(|i| i != "not an origin");
                    p["url"].as_str().filter(|_| initiated).map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    (scraper::Html::parse_document(&dom), log, urls)
}

pub fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).unwrap();
    html.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

pub fn attrs(html: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).unwrap();
    html.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Asserts the page loaded nothing from another host and logged no script errors.
pub fn clean(log: &str, urls: &[String], allowed: &str) {
    for url in urls {
        assert!(
            url.starts_with(allowed) || url.starts_with("data:") || url.starts_with("about:"),
            "request to another host: {url}"
        );
    }
    for line in log.lines() {
        assert!(!line.contains(":CONSOLE") && !line.contains("Uncaught"), "the page wrote to the console: {line}");
    }
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Serves `dir` under `prefix` on a loopback port, like an intranet web server would: a minimal
/// HTTP/1.0 file server (one request per connection), enough for a browser to load the site.
pub fn serve_under(dir: &Path, prefix: &'static str) -> String {
    serve_with(dir, prefix, false)
}

/// Like [`serve_under`]; with `not_found`, a missing file is answered with the site's `404.html`
/// and status 404, as a web server configured for it does (nginx `error_page 404`, GitHub Pages).
pub fn serve_with(dir: &Path, prefix: &'static str, not_found: bool) -> String {
    use std::io::{BufRead, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = std::io::BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // The rest of the request head.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let url = line.split_whitespace().nth(1).unwrap_or_default();
            let file = url
                .strip_prefix(prefix)
                .and_then(|rest| clausebook::command::serve::http::site_path(&format!("/{rest}")))
                .map(|p| dir.join(p));
            let mut stream = reader.into_inner();
            let _ = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                Some((file, bytes)) => {
                    let kind = clausebook::command::serve::http::content_type(&file.to_string_lossy());
                    let head =
                        format!("HTTP/1.0 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n", bytes.len());
                    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&bytes))
                }
                None if not_found => {
                    let page = std::fs::read(dir.join("404.html")).unwrap_or_default();
                    let head = format!(
                        "HTTP/1.0 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                        page.len()
                    );
                    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&page))
                }
                None => stream.write_all(b"HTTP/1.0 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"),
            };
        }
    });
    format!("http://{addr}{prefix}")
}

/// The files of `dir` served at `base` that a page loaded (from its network log), and their bytes.
pub fn loaded_bytes(urls: &[String], base: &str, dir: &Path) -> (usize, u64) {
    let files: std::collections::BTreeSet<&str> =
        urls.iter().filter_map(|u| u.strip_prefix(base)).map(|u| u.split('?').next().unwrap()).collect();
    let bytes = files.iter().map(|f| std::fs::metadata(dir.join(f)).map_or(0, |m| m.len())).sum();
    (files.len(), bytes)
}
