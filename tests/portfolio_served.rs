//! Confidential agreements served by the real web servers, with the rules `clausebook access`
//! writes: what a reader gets from nginx and Apache by their departments, and what the portal's
//! pages show them in headless Chromium.

mod access;
mod browser;
mod common;

use std::path::Path;
use std::process::Command;

use access::*;
use browser::{attrs, browse, encode, texts};

/// An nginx configuration in `dir` that serves `site` at `port` with `rules` included, and the
/// further `servers` blocks beside it.
fn nginx_conf(dir: &Path, (site, rules): (&Path, &Path), port: u16, servers: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let temp = |name: &str| format!("{name}_temp_path {};", dir.join(name).display());
    let temps: Vec<String> = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].iter().map(|n| temp(n)).collect();
    let conf = format!(
        "worker_processes 1;\npid {pid};\nerror_log {log};\nevents {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n  include /etc/nginx/mime.types;\n  {temps}\n  server {{\n    listen 127.0.0.1:{port};\n    root {site};\n    include {rules};\n  }}\n{servers}}}\n",
        temps = temps.join("\n  "),
        pid = dir.join("nginx.pid").display(),
        log = dir.join("error.log").display(),
        site = site.display(),
        rules = rules.display(),
    );
    let file = dir.join("nginx.conf");
    std::fs::write(&file, conf).unwrap();
    file
}

/// The commands that test, start and stop nginx with the configuration `file`.
fn nginx(file: &Path) -> [Command; 3] {
    let program = server_program("nginx", "nginx");
    [&["-t"][..], &["-g", "daemon off;"], &["-s", "stop"]].map(|args| {
        let mut c = Command::new(&program);
        c.arg("-c").arg(file).args(args);
        c
    })
}

#[test]
fn nginx_keeps_the_restricted_agreement_to_its_departments() {
    let p = portfolio("[hr]");
    let port = free_port();
    let (site, rules) = served(&p, "nginx", port);
    let file = nginx_conf(&p.root().join("nginx"), (&site, &rules), port, "");
    try_served(nginx(&file), || {
        assert_kept_to_hr(port, &by_header);
        assert_eq!(status(port, "/_a/hr/portal.js", &by_header("ex hr, staff")), 403, "a group named ex hr is not hr");
    });
}

/// The commands that test, start and stop Apache serving `site` at `port` with `rules` included,
/// its configuration in `dir`, with the modules `modules` (of Debian's `mod_<name>.so`).
fn apache(dir: &Path, (site, rules): (&Path, &Path), port: u16, modules: &[&str]) -> [Command; 3] {
    let program = server_program("apache2", "apache2");
    std::fs::create_dir_all(dir).unwrap();
    let modules: String = ["mpm_event", "authz_core"]
        .iter()
        .chain(modules)
        .map(|m| format!("LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so\n"))
        .collect();
    let conf = format!(
        "ServerRoot {dir}\nPidFile {dir}/httpd.pid\nErrorLog {dir}/error.log\n{modules}Listen 127.0.0.1:{port}\nServerName localhost\nDocumentRoot {site}\n<Directory {site}>\n  Require all granted\n</Directory>\nInclude {rules}\n",
        dir = dir.display(),
        site = site.display(),
        rules = rules.display(),
    );
    let file = dir.join("httpd.conf");
    std::fs::write(&file, conf).unwrap();
    [&["-t"][..], &["-DFOREGROUND"], &["-k", "stop"]].map(|args| {
        let mut c = Command::new(&program);
        c.arg("-f").arg(&file).args(args);
        c
    })
}

#[test]
fn apache_keeps_the_restricted_agreement_to_its_departments() {
    let p = portfolio("[hr]");
    let port = free_port();
    let (site, rules) = served(&p, "apache", port);
    try_served(apache(&p.root().join("apache"), (&site, &rules), port, &[]), || {
        assert_kept_to_hr(port, &by_header);
        assert_eq!(status(port, "/_a/hr/portal.js", &by_header("ex hr, staff")), 403, "a group named ex hr is not hr");
    });
}

/// A stand-in for the company's SSO (oauth2-proxy's `/oauth2/auth`): it lets in a reader
/// (whose departments the test names in `X-Test-Groups`) one of whose departments is among the
/// question's `allowed_groups`, and keeps the questions asked.
fn sso() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&asked);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut lines = std::io::BufReader::new(stream.try_clone().unwrap()).lines().map_while(Result::ok);
            let first = lines.next().unwrap_or_default();
            let head: Vec<String> = lines.take_while(|l| !l.is_empty()).collect();
            let path = first.split(' ').nth(1).unwrap_or_default().to_string();
            let allowed = path.split_once("allowed_groups=").map_or("", |(_, g)| g).to_string();
            let groups =
                head.iter().find_map(|l| l.to_ascii_lowercase().strip_prefix("x-test-groups:").map(str::to_string));
            let groups: Vec<String> =
                groups.unwrap_or_default().split([',', ' ']).filter(|g| !g.is_empty()).map(String::from).collect();
            let code = match groups.is_empty() {
                true => 401,
                false if groups.iter().any(|g| allowed.split(',').any(|a| a == g)) => 204,
                false => 403,
            };
            kept.lock().unwrap().push(path);
            let _ = write!(stream, "HTTP/1.1 {code} Answer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, asked)
}

#[test]
fn nginx_asks_the_sso_whether_a_reader_is_of_the_audience() {
    let p = portfolio("[hr]");
    let (sso, asked) = sso();
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &format!("{yaml}access:\n  auth_request: http://127.0.0.1:{sso}/oauth2/auth\n"));
    let port = free_port();
    let (site, rules) = served(&p, "nginx", port);
    let file = nginx_conf(&p.root().join("nginx"), (&site, &rules), port, "");
    try_served(nginx(&file), || assert_kept_to_hr(port, &|groups| format!("X-Test-Groups: {groups}\r\n")));
    let asked = asked.lock().unwrap();
    assert!(!asked.is_empty() && asked.iter().all(|q| q == "/oauth2/auth?allowed_groups=admin,hr"), "{asked:?}");
    // Apache has no auth_request: refused at the line that asks for it.
    let refused = run(p.root(), &["access", "--server", "apache"]);
    assert_eq!(refused.code(), 1, "{}", refused.stdout());
    refused.reports("portfolio.yaml:11:17", "Apache 没有 `auth_request`");
}

/// The portfolio restricting pay to hr, its readers known by a password file per department
/// (one user each, made by Apache's `htpasswd`), each audience's file made as the rules' comments
/// say; the rules for `server` at `port`, the site's folder and the rules' file.
fn with_passwords(server: &str, port: u16) -> (common::Project, std::path::PathBuf, std::path::PathBuf) {
    let p = portfolio("[hr]");
    let dir = p.root().join("passwords");
    std::fs::create_dir_all(&dir).unwrap();
    let htpasswd = server_program("htpasswd", "apache2-utils");
    for (unit, user) in USERS {
        let made = Command::new(&htpasswd).args(["-nbm", user, "secret"]).output().unwrap();
        assert!(made.status.success());
        std::fs::write(dir.join(format!("{unit}.htpasswd")), made.stdout).unwrap();
    }
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &format!("{yaml}access:\n  basic: {}\n", dir.display()));
    let (site, rules) = served(&p, server, port);
    let text = std::fs::read_to_string(&rules).unwrap();
    let commands: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("#   ")).collect();
    assert!(commands.len() == 2, "a folder and one audience's file: {text}");
    let made = Command::new("sh").arg("-ec").arg(commands.join("\n")).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    (p, site, rules)
}

/// Each department's one user, all with the password `secret`.
const USERS: [(&str, &str); 4] = [("admin", "ada"), ("hr", "hana"), ("finance", "fin"), ("marketing", "mark")];

/// A reader who logs in as their first department's user.
fn by_password(groups: &str) -> String {
    let unit = groups.split([',', ' ']).rfind(|g| USERS.iter().any(|(u, _)| u == g)).unwrap_or("none");
    let user = USERS.iter().find(|(u, _)| *u == unit).map_or("nobody", |(_, user)| user);
    format!("Authorization: Basic {}\r\n", base64(format!("{user}:secret").as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

#[test]
fn nginx_and_apache_let_in_the_users_of_the_audience_s_password_files() {
    let port = free_port();
    let (p, site, rules) = with_passwords("nginx", port);
    let file = nginx_conf(&p.root().join("nginx"), (&site, &rules), port, "");
    try_served(nginx(&file), || assert_kept_to_hr(port, &by_password));
    let port = free_port();
    let (p, site, rules) = with_passwords("apache", port);
    let modules = ["authz_user", "authn_core", "authn_file", "auth_basic"];
    let commands = apache(&p.root().join("apache"), (&site, &rules), port, &modules);
    try_served(commands, || assert_kept_to_hr(port, &by_password));
}

#[test]
fn the_portal_shows_each_reader_what_their_departments_may_read() {
    let p = portfolio("[hr]");
    let port = free_port();
    let (site, rules) = served(&p, "nginx", port);
    // The company's SSO proxy, in front of the site: one per reader, each naming the reader's
    // departments in the header the rules read.
    let (hr, finance) = (free_port(), free_port());
    let front = |at: u16, groups: &str| {
        format!(
            "  server {{\n    listen 127.0.0.1:{at};\n    location / {{\n      proxy_pass http://127.0.0.1:{port};\n      proxy_set_header X-Remote-Groups \"{groups}\";\n    }}\n  }}\n"
        )
    };
    let servers = front(hr, "staff, hr") + &front(finance, "finance");
    let file = nginx_conf(&p.root().join("nginx"), (&site, &rules), port, &servers);
    try_served(nginx(&file), || {
        let at = |port: u16, page: &str| format!("http://127.0.0.1:{port}/{page}");
        // A member of hr: the restricted agreement among the others, in the portfolio's order.
        let (index, _, _) = browse(&at(hr, "index.html"), "access-portal-hr.png");
        assert_eq!(texts(&index, ".portal-card h3"), ["公开协议", "薪酬保密协议"]);
        assert_eq!(texts(&index, "#agreements-count"), ["2"]);
        assert_eq!(texts(&index, ".party-card[data-unit=finance] .n"), ["2"]);
        let (page, _, _) = browse(&at(hr, "departments/finance.html"), "access-department-hr.png");
        let next = texts(&page, "#next li");
        assert!(next.len() == 1 && next[0].contains("核定机密薪级"), "{next:?}");
        assert_eq!(texts(&page, ".department-group h3 a"), ["公开协议", "薪酬保密协议"]);
        assert!(attrs(&page, "#calendars a", "href").iter().any(|h| h.ends_with("_a/hr/departments/finance.ics")));
        let (search, _, _) = browse(&at(hr, &format!("search.html?q={}", encode("机密"))), "access-search-hr.png");
        assert_eq!(texts(&search, ".search-group h2"), ["薪酬保密协议"]);
        assert_eq!(texts(&search, ".search-results a"), ["第1条 调薪细则"]);
        // Anyone else, through the proxy or not: the portal works, and shows nothing of it.
        for (who, port) in [("finance", finance), ("anonymous", port)] {
            let (index, _, _) = browse(&at(port, "index.html"), &format!("access-portal-{who}.png"));
            assert_eq!(texts(&index, ".portal-card h3"), ["公开协议"], "{who}");
            assert_eq!(texts(&index, "#agreements-count"), ["1"], "{who}");
            let (page, _, _) = browse(&at(port, "departments/finance.html"), "access-department-other.png");
            assert_eq!(texts(&page, ".department-group h3 a"), ["公开协议"], "{who}");
            let (search, _, _) = browse(&at(port, &format!("search.html?q={}", encode("机密"))), "access-search.png");
            assert!(texts(&search, ".search-group").is_empty(), "{who}");
            assert_eq!(texts(&search, "#search-status"), ["没有找到包含这些词的条款。"], "{who}");
            for html in [index.html(), page.html(), search.html()] {
                assert!(SECRETS.iter().all(|s| !html.contains(s)), "{who} sees a secret: {html}");
            }
        }
    });
}

/// Tests the server's configuration with the first of `commands`, starts it with the second, runs
/// `check` on what readers get, and stops it with the third (as the server stops: its workers
/// too).
fn try_served(commands: [Command; 3], check: impl FnOnce() + std::panic::UnwindSafe) {
    let [mut test, mut start, mut stop] = commands;
    let tested = test.output().unwrap();
    assert!(tested.status.success(), "{:?}: {}", test, String::from_utf8_lossy(&tested.stderr));
    let quiet = std::process::Stdio::null;
    let mut child = start.stdout(quiet()).stderr(quiet()).spawn().unwrap();
    let outcome = std::panic::catch_unwind(check);
    let _ = stop.output();
    let _ = child.wait();
    outcome.unwrap();
}
