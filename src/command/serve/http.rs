//! The HTTP side of `serve`: the last good site from memory, with a live-reload script injected
//! into HTML pages, Server-Sent Events announcing each rebuild (or its errors, shown over the
//! page), and nothing else: there is no file system access, so no path can leave the site.
//!
//! It runs on hyper (HTTP/1.1, maintained, as under axum in mdBook and Zola) on a small tokio
//! runtime of its own; the rebuild loop stays synchronous and talks to it through [`Shared`].

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderValue, RETRY_AFTER};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::base::catalog::{Console, Locale};
use crate::base::site::Site;

/// Where serve's own files live; no site path starts with this (a portfolio's agreement may not
/// take it as its id: `portfolio::config::RESERVED`).
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
    listeners: Mutex<Vec<UnboundedSender<String>>>,
    /// Event streams open now.
    streams: AtomicUsize,
}

/// Most event streams served at once: a browser tab holds one, so this is plenty for the editors
/// of one agreement, and a client that opens thousands cannot exhaust the process. Beyond it, a
/// stream is refused with 503 and the browser retries.
pub const MAX_STREAMS: usize = 32;

/// How often an idle event stream is written to: a closed connection is noticed (and its stream
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
    /// Live-reload streams open now.
    pub streams: usize,
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

    fn subscribe(&self) -> UnboundedReceiver<String> {
        let (tx, rx) = unbounded_channel();
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

/// How long a connection may take to send a request's headers (from when it is accepted, or from
/// the end of its previous response): a client that sends half a request, or nothing, is
/// disconnected then instead of holding its connection for ever. A browser on this machine or the
/// local network sends its headers in milliseconds; an idle keep-alive connection it closes is
/// simply opened again.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the server waits before accepting again after accepting failed for want of resources
/// (out of file descriptors: `EMFILE`, `ENFILE`), instead of retrying at once for ever at full CPU.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Something the server says on the terminal (the binary prints it).
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// The host names the server answers to (a request's `Host`, or the authority of an absolute URL).
///
/// A page on another site cannot read this one (the browser's same-origin policy), unless it is
/// served under that site's name: DNS rebinding points an attacker's name at 127.0.0.1, and the
/// page at that name then reads whatever answers there. Refusing every name but the ones this
/// server is known by closes that. Answered: `localhost` and `*.localhost` (browsers resolve them
/// to loopback themselves), any IP address (an address cannot be rebound: a browser sends it only
/// to that address, so to this server only when it listens there — loopback, or the `--bind`
/// address), and the names given with `--allow-host` (for `--bind` beyond loopback, where others
/// reach the machine by a name). A request without a `Host` (HTTP/1.0 tools) is answered: browsers
/// always send one.
#[derive(Clone, Debug, Default)]
pub struct Hosts {
    names: Vec<String>,
}

impl Hosts {
    /// Loopback names and IP addresses, and `names` (as [`Hosts::parse_name`] reads them).
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        Hosts { names: names.into_iter().collect() }
    }

    /// Reads a `--allow-host` value: a DNS name (letters, digits, `-`, dots), compared without
    /// case and without a final dot.
    pub fn parse_name(name: &str) -> Result<String, String> {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !l.starts_with('-')
        };
        if name.is_empty() || name.len() > 253 || !name.split('.').all(label_ok) {
            return Err(format!("`{name}` is not a host name (letters, digits, `-` and dots; no port, no scheme)"));
        }
        Ok(name)
    }

    /// Whether a request addressed to `authority` (`name`, `name:port`, `[v6]:port`) is answered.
    pub fn allows(&self, authority: &str) -> bool {
        let Some(host) = host_of(authority) else { return false };
        if host.parse::<std::net::IpAddr>().is_ok() {
            return true;
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        host == "localhost" || host.ends_with(".localhost") || self.names.contains(&host)
    }
}

/// The host of an authority without its port (`[::1]:80` → `::1`), or `None` when it is malformed.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            inside.parse::<std::net::Ipv6Addr>().ok()?;
            (inside, after.strip_prefix(':').map_or((!after.is_empty()).then_some(after), Some))
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (!host.is_empty() && port_ok).then_some(host)
}

/// Whether a request is addressed to a name the server answers to: its `Host` (at most one), and
/// the authority of its URL when it has one (`GET http://name/ HTTP/1.1`, which HTTP says wins).
fn addressed_to<'a>(request: &'a Request<Incoming>, hosts: &Hosts) -> Result<(), Option<&'a str>> {
    let mut names: Vec<Option<&str>> = request.headers().get_all(HOST).iter().map(|v| v.to_str().ok()).collect();
    if names.len() > 1 {
        return Err(None);
    }
    if let Some(authority) = request.uri().authority() {
        names.push(Some(authority.as_str()));
    }
    for name in names {
        match name {
            Some(n) if hosts.allows(n) => {}
            other => return Err(other),
        }
    }
    Ok(())
}

/// The 403 for a request addressed to another name: what happened and how to allow the name.
fn refused(host: Option<&str>, l: Locale) -> Response<Body> {
    let shown = host.filter(|h| h.len() <= 255 && h.bytes().all(|b| b.is_ascii_graphic()));
    let name = shown.and_then(host_of).map(|h| h.trim_end_matches('.').to_ascii_lowercase());
    let mut text = l.msg(Console::RefusedHost { host: shown });
    if let Some(name) = name {
        text.push_str(&l.msg(Console::AllowHost { name: &name }));
    }
    let mut r = response(StatusCode::FORBIDDEN, "text/plain; charset=utf-8", text);
    r.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

/// Says each refused host name once (the first few), so the one serving sees why a page is refused.
fn note_refused(host: Option<&str>, said: &Mutex<Vec<String>>, log: &Log, l: Locale) {
    let name = host.map(|h| h.chars().take(80).collect::<String>());
    let mut said = said.lock().unwrap_or_else(|e| e.into_inner());
    let key = name.clone().unwrap_or_default();
    if said.len() < 8 && !said.contains(&key) {
        let shown = name.as_ref().map(|n| n.escape_debug().to_string());
        log(&l.msg(Console::RefusedLog { host: shown.as_deref() }));
        said.push(key);
    }
}

/// Whether a failed `accept` is about the one connection (the peer gave up before it was accepted:
/// try the next at once) rather than the server (out of file descriptors or memory: wait).
fn connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock)
}

/// Binds `ip:port`; when the port is taken, tries the next few and says so. Port 0 picks a free one.
pub fn bind(
    ip: std::net::IpAddr,
    port: u16,
    l: Locale,
) -> Result<(std::net::TcpListener, SocketAddr, Option<String>), String> {
    let tries = if port == 0 { 1 } else { 20 };
    for offset in 0..tries {
        let addr = SocketAddr::new(ip, port.saturating_add(offset));
        if let Ok(listener) = std::net::TcpListener::bind(addr) {
            let actual = listener.local_addr().unwrap_or(addr);
            let note = (offset > 0).then(|| l.msg(Console::PortTaken { asked: port, port: actual.port() }));
            return Ok((listener, actual, note));
        }
    }
    Err(l.msg(Console::PortsTaken { first: port, last: port.saturating_add(tries - 1), ip: &ip }))
}

/// Stops a running [`run`] from another thread (Ctrl-C, or the end of the rebuild loop).
#[derive(Clone, Default)]
pub struct Stop(Arc<tokio::sync::Notify>);

impl Stop {
    /// Asks the server to stop; it stops accepting at once and ends open streams.
    pub fn stop(&self) {
        self.0.notify_one();
    }
}

/// Answers requests on `listener` until `stop` is called: only those addressed to `hosts`.
pub fn run(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stop: Stop,
    hosts: Hosts,
    log: Log,
    l: Locale,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("clausebook-http")
        .enable_all()
        .build()
        .map_err(|e| l.msg(Console::CannotStartServer { error: &e }))?;
    let hosts = Arc::new(hosts);
    let said = Arc::new(Mutex::new(Vec::new()));
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| l.msg(Console::CannotServe { error: &e }))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| l.msg(Console::CannotServe { error: &e }))?;
        // When accepting last failed for want of resources, and whether that was said.
        let mut starved: Option<std::time::Instant> = None;
        loop {
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                () = stop.0.notified() => break,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(e) if connection_error(&e) => continue,
                Err(e) => {
                    // The connection stays in the backlog and the listener stays ready: retrying at
                    // once would spin at full CPU until a descriptor is free. Wait a moment
                    // instead, and say so once a minute at most.
                    if starved.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                        log(&l.msg(Console::CannotAccept { error: &e }));
                        starved = Some(std::time::Instant::now());
                    }
                    tokio::select! {
                        () = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                        () = stop.0.notified() => break,
                    }
                }
            };
            let (shared, hosts, said, log) =
                (Arc::clone(&shared), Arc::clone(&hosts), Arc::clone(&said), Arc::clone(&log));
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let allowed = addressed_to(&request, &hosts).map_err(|host| {
                        note_refused(host, &said, &log, l);
                        refused(host, l)
                    });
                    let shared = Arc::clone(&shared);
                    async move {
                        match allowed {
                            Ok(()) => respond(request, shared).await,
                            Err(r) => Ok(r),
                        }
                    }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                // A malformed request gets hyper's 400 and ends its connection, nothing more.
                let mut http = hyper::server::conn::http1::Builder::new();
                // Headers as browsers' tools and most servers write them (`Content-Type`).
                http.title_case_headers(true);
                http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
                let _ = http.serve_connection(io, service).await;
            });
        }
        Ok::<(), String>(())
    })?;
    // Open event streams end with the runtime.
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(())
}

type Body = BoxBody<Bytes, Infallible>;

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

fn response(code: StatusCode, kind: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(full(body));
    *r.status_mut() = code;
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    r
}

/// The content type of a site file, with a charset for text.
pub fn content_type(path: &str) -> &'static str {
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
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
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

async fn respond(request: Request<Incoming>, shared: Arc<Shared>) -> Result<Response<Body>, Infallible> {
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        let mut r = response(StatusCode::METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "method not allowed\n");
        r.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Ok(r);
    }
    let url = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    if url.starts_with(&format!("{PREFIX}events")) {
        return Ok(events(shared));
    }
    let mut r = page(&url, &shared);
    if head {
        let length = hyper::body::Body::size_hint(r.body()).exact().unwrap_or_default();
        *r.body_mut() = full(Bytes::new());
        r.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    Ok(r)
}

fn page(url: &str, shared: &Shared) -> Response<Body> {
    let text = "text/plain; charset=utf-8";
    if url == format!("{PREFIX}live.js") {
        return response(StatusCode::OK, "text/javascript; charset=utf-8", LIVE_JS);
    }
    if url == format!("{PREFIX}status") {
        let mut status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
        status.streams = shared.streams.load(Ordering::SeqCst);
        let json = crate::base::escape::json(&status);
        return response(StatusCode::OK, "application/json; charset=utf-8", json);
    }
    let site = shared.site.read().ok().and_then(|s| s.clone());
    let Some(site) = site else { return response(StatusCode::SERVICE_UNAVAILABLE, text, "the site is being built\n") };
    let found = site_path(url).and_then(|p| site.get(&p).map(|b| (p, b)));
    let (path, bytes, code) = match found {
        Some((p, b)) => (p, b, StatusCode::OK),
        None => match site.get("404.html") {
            Some(b) => ("404.html".to_string(), b, StatusCode::NOT_FOUND),
            None => return response(StatusCode::NOT_FOUND, text, "not found\n"),
        },
    };
    let mut body = if path.ends_with(".html") { inject(&bytes.contiguous()) } else { bytes.contiguous().into_owned() };
    if code == StatusCode::NOT_FOUND {
        // The not-found page is written for the site's root: at a nested address its relative
        // links and stylesheet would lead nowhere, so they are based at the root.
        body = based_at_root(&body);
    }
    let mut r = response(code, content_type(&path), body);
    r.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// An HTML page with `<base href="/">` as the first element of its head.
fn based_at_root(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("<head>") {
        Some(i) => format!("{}<head><base href=\"/\">{}", &text[..i], &text[i + "<head>".len()..]).into_bytes(),
        None => text.into_owned().into_bytes(),
    }
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
/// a closed connection; refused with 503 beyond [`MAX_STREAMS`].
fn events(shared: Arc<Shared>) -> Response<Body> {
    if shared.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        shared.streams.fetch_sub(1, Ordering::SeqCst);
        let mut r = response(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/plain; charset=utf-8",
            "too many live-reload connections; retrying\n",
        );
        r.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("5"));
        return r;
    }
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes, Infallible>::new(4);
    tokio::spawn(async move {
        let mut rx = shared.subscribe();
        let mut message = ": connected\n\n".to_string();
        loop {
            if !message.is_empty() && tx.send_data(Bytes::from(message)).await.is_err() {
                break;
            }
            message = match tokio::time::timeout(HEARTBEAT, rx.recv()).await {
                Ok(Some(m)) => m,
                Err(_) => ": keep-alive\n\n".to_string(),
                // The server dropped this listener: end the stream.
                Ok(None) => break,
            };
        }
        shared.streams.fetch_sub(1, Ordering::SeqCst);
    });
    let mut r = Response::new(body.boxed());
    let headers = r.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_agreement_of_a_portfolio_takes_the_folder_of_serves_own_files() {
        let own = PREFIX.trim_matches('/');
        assert!(crate::portfolio::config::RESERVED.contains(&own), "{own} is reserved");
    }

    #[test]
    fn urls_map_to_site_paths_and_traversal_is_refused() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/clauses/%E9%A2%84%E7%AE%97.html?x=1").as_deref(), Some("clauses/预算.html"));
        assert_eq!(site_path("/static/").as_deref(), Some("static/index.html"));
        // Not an escape: taken as written (no such file).
        assert_eq!(site_path("/%zz").as_deref(), Some("%zz"));
        for bad in ["/../etc/passwd", "/%2e%2e/etc/passwd", "/a/%2E%2E/%2E%2E/x", "/a%5c..%5cb", "/%00", "/%E9"] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_loopback_names_addresses_and_allowed_names_are_answered() {
        let hosts = Hosts::new([Hosts::parse_name("Docs.Example.").unwrap()]);
        for ok in [
            "localhost",
            "localhost:8000",
            "LOCALHOST.:8000",
            "app.localhost",
            "127.0.0.1",
            "127.9.8.7:1",
            "[::1]:8000",
            "[::1]",
            "192.168.1.20:8000",
            "docs.example",
            "DOCS.example.:80",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "evillocalhost",
            "docs.example.evil",
            "sub.docs.example",
            "localhost:80x",
            "localhost:",
            ":8000",
            "",
            "[::1",
            "[evil]:80",
            "[::1]x",
            "::1",
            "127.0.0.1.evil.example",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        assert!(Hosts::parse_name("a.example:80").is_err());
        assert!(Hosts::parse_name("http://a.example").is_err());
        assert!(Hosts::parse_name("").is_err());
    }
}
