//! The HTTP side of `serve`: the last good site from memory, with a live-reload script injected
//! into HTML pages, Server-Sent Events announcing each rebuild (or its errors, shown over the
//! page), and nothing else: there is no file system access, so no path can leave the site.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::output::Site;

/// Where serve's own files live; no site path starts with this.
const PREFIX: &str = "/__clausebook/";

/// The browser side of live reload: reload on `reload`, show findings over the page on `failed`.
const LIVE_JS: &str = r#"(function () {
  "use strict";
  var source = new EventSource("/__clausebook/events");
  function overlay(text) {
    var box = document.getElementById("clausebook-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "clausebook-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#ffd7d5;padding:2rem;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,'Noto Sans Mono CJK SC',monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failed", function (e) { overlay(JSON.parse(e.data).text); });
})();
"#;

/// The state the server shares with the rebuild loop.
#[derive(Default)]
pub struct Shared {
    site: RwLock<Option<Arc<Site>>>,
    status: RwLock<Status>,
    listeners: Mutex<Vec<Sender<String>>>,
    /// Event streams open now.
    streams: std::sync::atomic::AtomicUsize,
}

/// Most event streams served at once (each holds a thread): a browser tab holds one, so this is
/// plenty for the editors of one agreement, and a client that opens thousands cannot exhaust the
/// process. Beyond it, a stream is refused with 503 and the browser retries.
pub const MAX_STREAMS: usize = 32;

/// How often an idle event stream is written to: a closed connection is noticed (and its thread
/// ends) at the second write after the client left.
const HEARTBEAT: Duration = Duration::from_secs(2);

/// The outcome of the last rebuild, as `/__clausebook/status` reports it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    /// Whether the last rebuild succeeded.
    pub ok: bool,
    /// Rebuilds so far.
    pub generation: u64,
    /// The findings of a failed rebuild, compiler-style.
    pub text: String,
}

impl Shared {
    /// Publishes a successful rebuild: pages now serve the new site and reload.
    pub fn publish(&self, site: Arc<Site>) {
        if let Ok(mut s) = self.site.write() {
            *s = Some(site);
        }
        let generation = self.bump(true, String::new());
        self.broadcast(format!("event: reload\ndata: {generation}\n\n"));
    }

    /// Publishes a failed rebuild: the last good site stays, open pages show `text` over them.
    pub fn fail(&self, text: String) {
        let generation = self.bump(false, text.clone());
        let data = serde_json::json!({ "generation": generation, "text": text });
        self.broadcast(format!("event: failed\ndata: {data}\n\n"));
    }

    fn bump(&self, ok: bool, text: String) -> u64 {
        let mut status = self.status.write().unwrap_or_else(|e| e.into_inner());
        status.generation += 1;
        status.ok = ok;
        status.text = text;
        status.generation
    }

    fn broadcast(&self, message: String) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|l| l.send(message.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        let status = self.status.read().map(|s| s.clone()).unwrap_or_default();
        if !status.ok && status.generation > 0 {
            let data = serde_json::json!({ "generation": status.generation, "text": status.text });
            let _ = tx.send(format!("event: failed\ndata: {data}\n\n"));
        }
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        // Forget the listeners whose streams have ended (an empty message is not written).
        listeners.retain(|l| l.send(String::new()).is_ok());
        listeners.push(tx);
        rx
    }
}

/// Binds `ip:port`; when the port is taken, tries the next few and says so. Port 0 picks a free one.
pub fn bind(ip: std::net::IpAddr, port: u16) -> Result<(Server, SocketAddr, Option<String>), String> {
    let tries = if port == 0 { 1 } else { 20 };
    for offset in 0..tries {
        let addr = SocketAddr::new(ip, port.saturating_add(offset));
        if let Ok(server) = Server::http(addr) {
            let actual = server.server_addr().to_ip().unwrap_or(addr);
            let note = (offset > 0).then(|| format!("port {port} is taken; serving on port {} instead", actual.port()));
            return Ok((server, actual, note));
        }
    }
    Err(format!(
        "ports {port} to {} on {ip} are all taken; pass --port N (or --port 0 for any free port)",
        port.saturating_add(tries - 1)
    ))
}

/// Answers requests until the server is unblocked.
pub fn run(server: Arc<Server>, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        if request.url().starts_with(&format!("{PREFIX}events")) {
            use std::sync::atomic::Ordering;
            if shared.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
                shared.streams.fetch_sub(1, Ordering::SeqCst);
                let busy = Response::from_string("too many live-reload connections; retrying\n")
                    .with_status_code(503)
                    .with_header(header("Retry-After", "5"));
                let _ = request.respond(busy);
                continue;
            }
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                events(request, &shared);
                shared.streams.fetch_sub(1, Ordering::SeqCst);
            });
            continue;
        }
        let response = respond(&request, &shared);
        let _ = request.respond(response);
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes("X-Invalid", "1").expect("static header"))
}

/// The content type of a site file, with a charset for text.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The site path a URL asks for (`/` → `index.html`), or `None` for anything that is not a plain
/// path inside the site (`..`, encoded or not, backslashes, NUL).
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        path = if path.is_empty() { "index.html".into() } else { format!("{path}/index.html") };
    }
    Some(path)
}

fn respond(request: &Request, shared: &Shared) -> Response<std::io::Cursor<Vec<u8>>> {
    let text = |code: u16, body: &str, kind: &str| {
        Response::from_data(body.as_bytes().to_vec()).with_status_code(code).with_header(header("Content-Type", kind))
    };
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(405, "method not allowed\n", "text/plain; charset=utf-8")
            .with_header(header("Allow", "GET, HEAD"));
    }
    let url = request.url();
    if url == format!("{PREFIX}live.js") {
        return text(200, LIVE_JS, "text/javascript; charset=utf-8");
    }
    if url == format!("{PREFIX}status") {
        let status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
        return text(200, &serde_json::to_string(&status).unwrap_or_default(), "application/json; charset=utf-8");
    }
    let site = shared.site.read().ok().and_then(|s| s.clone());
    let Some(site) = site else { return text(503, "the site is being built\n", "text/plain; charset=utf-8") };
    let found = site_path(url).and_then(|p| site.get(&p).map(|b| (p, b)));
    let (path, bytes, code) = match found {
        Some((p, b)) => (p, b, 200),
        None => match site.get("404.html") {
            Some(b) => ("404.html".to_string(), b, 404),
            None => return text(404, "not found\n", "text/plain; charset=utf-8"),
        },
    };
    let body = if path.ends_with(".html") { inject(&bytes.contiguous()) } else { bytes.contiguous().into_owned() };
    Response::from_data(body)
        .with_status_code(code)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Cache-Control", "no-cache"))
}

/// Adds the live-reload script to an HTML page (serve only: never in the published site).
fn inject(html: &[u8]) -> Vec<u8> {
    let script = format!("<script src=\"{PREFIX}live.js\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// A Server-Sent Events stream: one message per rebuild, a comment every [`HEARTBEAT`] to notice
/// a closed connection.
fn events(request: Request, shared: &Shared) {
    let rx = shared.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(HEARTBEAT) {
            Ok(m) => m,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            // The server dropped this listener (its channel is gone): end the stream.
            Err(_) => return,
        };
        if message.is_empty() {
            continue;
        }
        if writer.write_all(message.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_site_paths_and_traversal_is_refused() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/clauses/%E9%A2%84%E7%AE%97.html?x=1").as_deref(), Some("clauses/预算.html"));
        assert_eq!(site_path("/static/").as_deref(), Some("static/index.html"));
        for bad in ["/../etc/passwd", "/%2e%2e/etc/passwd", "/a/%2E%2E/%2E%2E/x", "/a%5c..%5cb", "/%00", "/%zz", "/%E9"]
        {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
