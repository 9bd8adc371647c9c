//! What the tests of confidential agreements share: a portfolio with an agreement restricted to
//! some departments, the secrets that must show nowhere else, and real web servers to serve it.
#![allow(dead_code)]

use std::path::Path;

use crate::common::{Project, Run, clausebook};

pub const TODAY: &str = "2026-12-07";

pub fn run(root: &Path, args: &[&str]) -> Run {
    let mut cmd = clausebook();
    cmd.args(args).args(["--today", TODAY, "--root"]).arg(root);
    Run(cmd.output().expect("run clausebook"))
}

pub fn build(root: &Path, out: &Path) -> Run {
    run(root, &["build", "--out", out.to_str().unwrap()])
}

/// Tokens that appear only in the restricted agreement: its title, a clause's title and body, a
/// duty, a defined term.
pub const SECRETS: [&str; 5] = ["薪酬保密协议", "调薪细则", "机密正文甲乙丙", "核定机密薪级", "保密薪级"];

pub const ORG: &str = "units:\n  - {id: admin, name: 行政中心}\n  - {id: hr, name: 人力资源部, parent: admin}\n  - {id: finance, name: 财务部, parent: admin}\n  - {id: marketing, name: 营销部}\n";

pub fn index(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nlanguage: zh-CN\neffective: 2025-01-01\nparties:\n  - id: hr\n    name: 人力资源部\n    liaison: 王晓明\n  - id: finance\n    name: 财务部\n    liaison: 李静\n---\n\n前言。\n"
    )
}

/// A portfolio of `open` (everyone) citing `pay` (restricted to `visibility`), which cites `open`.
pub fn portfolio(visibility: &str) -> Project {
    let open_clause = "---\nid: purpose\ntitle: 目的\nowner: hr\n---\n\n公开正文，见 [[pay:raise]]。\n";
    let pay_clause = "---\nid: raise\ntitle: 调薪细则\nowner: hr\nduties:\n  - text: 核定机密薪级\n    owner: finance\n    due: 2027-01-15\n---\n\n本协议所称\"保密薪级\"，是指机密正文甲乙丙。另见 [[open:purpose]]。\n";
    Project::with(&[
        (
            "portfolio.yaml",
            &format!(
                "title: 组合\nlanguage: zh-CN\norg: org.yaml\nagreements:\n  - id: open\n    path: open\n  - id: pay\n    path: pay\n    visibility: {visibility}\n"
            ),
        ),
        ("org.yaml", ORG),
        ("open/content/_index.md", &index("公开协议")),
        ("open/content/01-purpose.md", open_clause),
        ("pay/content/_index.md", &index("薪酬保密协议")),
        ("pay/content/01-raise.md", pay_clause),
    ])
}

/// The program `name`, from the PATH or /usr/sbin (where Debian puts servers); a clear failure
/// when it is not installed.
pub fn server_program(name: &str, package: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([std::path::PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not installed: `apt-get install {package}` (.ci/run installs it)"))
}

/// A free port on the loopback interface.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The status of a GET of `path` from the server at `port`, with the request's header lines
/// `headers` (each ending in CRLF); waits for the server to listen.
pub fn status(port: u16, path: &str, headers: &str) -> u16 {
    use std::io::{Read, Write};
    let started = std::time::Instant::now();
    let mut stream = loop {
        match std::net::TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => break s,
            Err(e) if started.elapsed() > std::time::Duration::from_secs(10) => {
                panic!("the server never listened: {e}")
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    };
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n{headers}\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {answer}"))
}

/// A reader whose departments the SSO proxy names in `X-Remote-Groups` (the header lines).
pub fn by_header(groups: &str) -> String {
    format!("X-Remote-Groups: {groups}\r\n")
}

/// Builds the portfolio restricting pay to hr, and writes `clausebook access --server server` for
/// the site at `port`'s root; the site's folder and the rules' file.
pub fn served(p: &Project, server: &str, port: u16) -> (std::path::PathBuf, std::path::PathBuf) {
    let site = p.root().join("site");
    build(p.root(), &site).ok();
    let url = format!("http://127.0.0.1:{port}/");
    let rules = run(p.root(), &["access", "--server", server, "--base-url", &url]).ok();
    let file = p.root().join(format!("{server}-access.conf"));
    std::fs::write(&file, rules.stdout()).unwrap();
    (site, file)
}

/// What each reader gets: nothing, another department, the audience's, its parent's, each
/// reader's request carrying the header lines `reader` makes of their departments.
pub fn assert_kept_to_hr(port: u16, reader: &dyn Fn(&str) -> String) {
    let pay = "/_a/hr/pay/clauses/raise.html";
    let refused = |status: u16| status == 401 || status == 403;
    assert!(refused(status(port, pay, "")), "no reader: refused");
    assert!(refused(status(port, pay, &reader("finance"))), "another department: refused");
    assert!(refused(status(port, pay, &reader("hrx, marketing"))), "a name that only starts like hr: refused");
    assert_eq!(status(port, pay, &reader("staff, hr")), 200, "hr: let in");
    assert_eq!(status(port, pay, &reader("admin")), 200, "hr's parent: let in");
    assert!(refused(status(port, "/_a/finance/x.html", &reader("hr"))), "a folder of no audience: refused");
    assert!(refused(status(port, "/_A/hr/pay/clauses/raise.html", &reader("hr"))), "another case: refused");
    assert_eq!(status(port, "/index.html", ""), 200, "the portal is for everyone");
    assert_eq!(status(port, "/open/clauses/purpose.html", ""), 200, "so is the open agreement");
    assert_eq!(status(port, "/search.html", ""), 200);
}
