//! A portfolio with an agreement restricted to some departments (`visibility:`): its site sits
//! under its audience's folder, and nothing of it shows anywhere else.

mod common;

use std::path::Path;

use common::{Project, Run, clausebook, files};

const TODAY: &str = "2026-12-07";

fn run(root: &Path, args: &[&str]) -> Run {
    let mut cmd = clausebook();
    cmd.args(args).args(["--today", TODAY, "--root"]).arg(root);
    Run(cmd.output().expect("run clausebook"))
}

fn build(root: &Path, out: &Path) -> Run {
    run(root, &["build", "--out", out.to_str().unwrap()])
}

/// Tokens that appear only in the restricted agreement: its title, a clause's title and body, a
/// duty, a defined term.
const SECRETS: [&str; 5] = ["薪酬保密协议", "调薪细则", "机密正文甲乙丙", "核定机密薪级", "保密薪级"];

const ORG: &str = "units:\n  - {id: admin, name: 行政中心}\n  - {id: hr, name: 人力资源部, parent: admin}\n  - {id: finance, name: 财务部, parent: admin}\n  - {id: marketing, name: 营销部}\n";

fn index(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nlanguage: zh-CN\neffective: 2025-01-01\nparties:\n  - id: hr\n    name: 人力资源部\n    liaison: 王晓明\n  - id: finance\n    name: 财务部\n    liaison: 李静\n---\n\n前言。\n"
    )
}

/// A portfolio of `open` (everyone) citing `pay` (restricted to `visibility`), which cites `open`.
fn portfolio(visibility: &str) -> Project {
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

#[test]
fn a_restricted_agreement_is_written_under_its_audience_and_leaks_nowhere_else() {
    let p = portfolio("[hr]");
    let out = p.root().join("site");
    let built = build(p.root(), &out).ok();
    // The citation of the restricted agreement from the open one is a warning at its line.
    built.reports("open/content/01-purpose.md:7:8", "协议 `pay` 仅限 hr 阅读");
    let own = Path::new("_a/hr");
    let page = std::fs::read_to_string(out.join(own).join("pay/clauses/raise.html")).unwrap();
    assert!(SECRETS.iter().all(|s| page.contains(s)), "its own site has it all: {page}");
    // Its link back to the open agreement climbs out of the audience's folder.
    assert!(page.contains("href=\"../../../../open/clauses/purpose.html\""), "{page}");
    let mut leaks = Vec::new();
    for (path, bytes) in files(&out) {
        if path.starts_with(own) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for secret in SECRETS.iter().filter(|s| text.contains(*s)) {
            leaks.push(format!("{}: {secret}", path.display()));
        }
    }
    assert!(leaks.is_empty(), "restricted text outside its audience's folder:\n{}", leaks.join("\n"));
    // Its duty is in its audience's calendar of the department, not in the public one.
    let feed = std::fs::read_to_string(out.join("_a/hr/departments/finance.ics")).unwrap();
    assert!(feed.contains("核定机密薪级") && feed.contains("20270115"), "{feed}");
    let public = std::fs::read_to_string(out.join("departments/finance.ics")).unwrap();
    assert!(!public.contains("BEGIN:VEVENT"), "{public}");
    // The open page links to it by ids, under the audience's folder.
    let open = std::fs::read_to_string(out.join("open/clauses/purpose.html")).unwrap();
    assert!(open.contains("href=\"../../_a/hr/pay/clauses/raise.html\""), "{open}");
    assert!(open.contains(">pay:raise<"), "the link is named by ids: {open}");
}

#[test]
fn the_portal_assembled_from_bundles_lays_out_a_restricted_agreement_as_a_build_does() {
    let p = portfolio("[hr]");
    let (one, two) = (p.root().join("one"), p.root().join("two"));
    build(p.root(), &one).ok();
    let dirs: Vec<_> = ["open", "pay"].iter().map(|id| p.root().join("bundles").join(id)).collect();
    for (id, dir) in ["open", "pay"].iter().zip(&dirs) {
        let mut cmd = clausebook();
        cmd.args(["build", "--today", TODAY, "--root"]).arg(p.root().join(id)).arg("--portfolio").arg(p.root());
        Run(cmd.arg("--bundle").arg(dir).output().unwrap()).ok();
    }
    let mut cmd = clausebook();
    cmd.args(["portal", "--today", TODAY, "--root"]).arg(p.root()).arg("--out").arg(&two).arg("--bundles");
    Run(cmd.args(&dirs).output().unwrap()).ok();
    assert!(two.join("_a/hr/pay/index.html").is_file());
    assert!(files(&one) == files(&two), "the same site");
}

#[test]
fn a_department_that_is_none_is_an_error_at_its_line_and_nothing_is_built() {
    let p = portfolio("[hrr, marketing]");
    let out = p.root().join("site");
    let built = build(p.root(), &out);
    assert_eq!(built.code(), 1, "{}", built.stderr());
    built.reports("portfolio.yaml:9:18", "没有 id 为 `hrr` 的部门");
    assert!(built.stderr().contains("是否想写 `hr`"), "{}", built.stderr());
    assert!(!out.exists());
    let p = portfolio("everyone");
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1);
    checked.reports("portfolio.yaml:9:17", "`visibility` 应为 `all` 或部门 id 的列表");
    let p = portfolio("all");
    build(p.root(), &out).ok();
    assert!(out.join("pay/index.html").is_file(), "all: for everyone, in its own folder");
}

#[test]
fn a_parent_department_reads_what_its_children_read() {
    // pay for finance and hr; open for their parent, admin, cites it: admin's members read what
    // finance's and hr's read. pay's citation of open is a warning: finance's do not read admin's.
    let p = portfolio("[finance, hr]");
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &yaml.replace("    path: open\n", "    path: open\n    visibility: [admin]\n"));
    let out = p.root().join("site");
    let built = build(p.root(), &out).ok();
    assert!(!built.stderr().contains("协议 `pay` 仅限"), "{}", built.stderr());
    built.reports("pay/content/01-raise.md:11:26", "协议 `open` 仅限 admin 阅读");
    assert!(out.join("_a/finance+hr/pay/index.html").is_file() && out.join("_a/admin/open/index.html").is_file());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("公开协议") && !index.contains("薪酬保密协议"), "the portal lists neither");
}

#[test]
fn an_editing_session_lays_out_the_restricted_agreement_as_a_build_does() {
    use clausebook::portfolio::live::PortfolioSession;
    let p = portfolio("[hr]");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut session = PortfolioSession::new(p.root(), today).map_err(|c| c.render()).unwrap();
    let site = session.rebuild(&[]).unwrap().site.expect("a site");
    assert!(site.get("_a/hr/pay/clauses/raise.html").is_some(), "under its audience's folder");
    assert!(site.get("_a/hr/departments/finance.ics").is_some(), "its audience's calendars");
    let mut leaks = Vec::new();
    for (path, bytes) in site.files().filter(|(p, _)| !p.starts_with("_a/hr/")) {
        let text = String::from_utf8_lossy(&bytes.contiguous()).into_owned();
        leaks.extend(SECRETS.iter().filter(|s| text.contains(*s)).map(|s| format!("{path}: {s}")));
    }
    assert!(leaks.is_empty(), "restricted text outside its audience's folder:\n{}", leaks.join("\n"));
}

/// The program `name`, from the PATH or /usr/sbin (where Debian puts servers); a clear failure
/// when it is not installed.
fn server_program(name: &str, package: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([std::path::PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not installed: `apt-get install {package}` (.ci/run installs it)"))
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The status of a GET of `path` from the server at `port`, with the request header `groups`
/// (`X-Remote-Groups`) when given; waits for the server to listen.
fn status(port: u16, path: &str, groups: Option<&str>) -> u16 {
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
    let header = groups.map(|g| format!("X-Remote-Groups: {g}\r\n")).unwrap_or_default();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n{header}\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {answer}"))
}

/// Builds the portfolio restricting pay to hr, and writes `clausebook access --server server` for
/// the site at `port`'s root; the site's folder and the rules' file.
fn served(p: &Project, server: &str, port: u16) -> (std::path::PathBuf, std::path::PathBuf) {
    let site = p.root().join("site");
    build(p.root(), &site).ok();
    let url = format!("http://127.0.0.1:{port}/");
    let rules = run(p.root(), &["access", "--server", server, "--base-url", &url]).ok();
    let file = p.root().join(format!("{server}-access.conf"));
    std::fs::write(&file, rules.stdout()).unwrap();
    (site, file)
}

/// What each reader gets: nothing, another department, the audience's, its parent's.
fn assert_kept_to_hr(port: u16) {
    let pay = "/_a/hr/pay/clauses/raise.html";
    assert_eq!(status(port, pay, None), 403, "no groups: refused");
    assert_eq!(status(port, pay, Some("finance")), 403, "another department: refused");
    assert_eq!(status(port, pay, Some("hrx, marketing")), 403, "a name that only starts like hr: refused");
    assert_eq!(status(port, pay, Some("staff, hr")), 200, "hr: let in");
    assert_eq!(status(port, pay, Some("admin")), 200, "hr's parent: let in");
    assert_eq!(status(port, "/_a/finance/x.html", Some("hr")), 403, "a folder of no audience: refused");
    assert_eq!(status(port, "/_A/hr/pay/clauses/raise.html", Some("hr")), 403, "another case: refused");
    assert_eq!(status(port, "/index.html", None), 200, "the portal is for everyone");
    assert_eq!(status(port, "/open/clauses/purpose.html", None), 200, "so is the open agreement");
    assert_eq!(status(port, "/search.html", None), 200);
}

#[test]
fn nginx_keeps_the_restricted_agreement_to_its_departments() {
    let nginx = server_program("nginx", "nginx");
    let p = portfolio("[hr]");
    let port = free_port();
    let (site, rules) = served(&p, "nginx", port);
    let dir = p.root().join("nginx");
    std::fs::create_dir_all(&dir).unwrap();
    let temp = |name: &str| format!("{name}_temp_path {};", dir.join(name).display());
    let conf = format!(
        "worker_processes 1;\npid {pid};\nerror_log {log};\nevents {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n  {}\n  {}\n  {}\n  {}\n  {}\n  server {{\n    listen 127.0.0.1:{port};\n    root {site};\n    include {rules};\n  }}\n}}\n",
        temp("client_body"),
        temp("proxy"),
        temp("fastcgi"),
        temp("uwsgi"),
        temp("scgi"),
        pid = dir.join("nginx.pid").display(),
        log = dir.join("error.log").display(),
        site = site.display(),
        rules = rules.display(),
    );
    let file = dir.join("nginx.conf");
    std::fs::write(&file, conf).unwrap();
    let with = |args: &[&str]| {
        let mut c = std::process::Command::new(&nginx);
        c.arg("-c").arg(&file).args(args);
        c
    };
    try_served(port, with(&["-t"]), with(&["-g", "daemon off;"]), with(&["-s", "stop"]));
}

/// Tests the server's configuration with `test`, starts it with `start`, checks what readers of
/// the site at `port` get, and stops it with `stop` (as the server stops: its workers too).
fn try_served(
    port: u16,
    mut test: std::process::Command,
    mut start: std::process::Command,
    mut stop: std::process::Command,
) {
    let tested = test.output().unwrap();
    assert!(tested.status.success(), "{:?}: {}", test, String::from_utf8_lossy(&tested.stderr));
    let quiet = std::process::Stdio::null;
    let mut child = start.stdout(quiet()).stderr(quiet()).spawn().unwrap();
    let outcome = std::panic::catch_unwind(|| assert_kept_to_hr(port));
    let _ = stop.output();
    let _ = child.wait();
    outcome.unwrap();
}

#[test]
fn apache_keeps_the_restricted_agreement_to_its_departments() {
    let apache = server_program("apache2", "apache2");
    let p = portfolio("[hr]");
    let port = free_port();
    let (site, rules) = served(&p, "apache", port);
    let dir = p.root().join("apache");
    std::fs::create_dir_all(&dir).unwrap();
    let modules = "/usr/lib/apache2/modules";
    let conf = format!(
        "ServerRoot {dir}\nPidFile {dir}/httpd.pid\nErrorLog {dir}/error.log\nLoadModule mpm_event_module {modules}/mod_mpm_event.so\nLoadModule authz_core_module {modules}/mod_authz_core.so\nListen 127.0.0.1:{port}\nServerName localhost\nDocumentRoot {site}\n<Directory {site}>\n  Require all granted\n</Directory>\nInclude {rules}\n",
        dir = dir.display(),
        site = site.display(),
        rules = rules.display(),
    );
    let file = dir.join("httpd.conf");
    std::fs::write(&file, conf).unwrap();
    let with = |args: &[&str]| {
        let mut c = std::process::Command::new(&apache);
        c.arg("-f").arg(&file).args(args);
        c
    };
    try_served(port, with(&["-t"]), with(&["-DFOREGROUND"]), with(&["-k", "stop"]));
}

#[test]
fn what_could_publish_it_or_escape_the_rules_is_refused() {
    // A misspelled key is not taken for "everyone": nothing is built.
    let p = portfolio("[hr]");
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &yaml.replace("    visibility: [hr]", "    visibilty: [hr]"));
    let out = p.root().join("site");
    let built = build(p.root(), &out);
    assert_eq!(built.code(), 1, "{}", built.stderr());
    built.reports("portfolio.yaml:9:5", "`visibilty` 不是 `visibility`");
    assert!(!out.exists());
    // Without a departments file a party's `org:` is a department, written as it likes: one that
    // is no id would be a folder of the site and a part of the server's rules.
    let p = portfolio("[\"h\\\"r\"]");
    let built = build(p.root(), &out);
    assert_eq!(built.code(), 1, "{}", built.stderr());
    built.reports("portfolio.yaml:9:17", "`visibility` 应为 `all` 或部门 id 的列表");
    // A site's path is matched by the servers decoded: written escaped, it is decoded; one that
    // the rules could not match as written is refused.
    let p = portfolio("[hr]");
    let rules = run(p.root(), &["access", "--server", "nginx", "--base-url", "https://x/%E5%8D%8F%E8%AE%AE/"]).ok();
    assert!(rules.stdout().contains("location ^~ \"/协议/_a/hr/\""), "{}", rules.stdout());
    for path in ["a%20b", "a[b]", "a%22b", "a/../b"] {
        let refused = run(p.root(), &["access", "--server", "apache", "--base-url", &format!("https://x/{path}/")]);
        assert_ne!(refused.code(), 0, "{path}: {}", refused.stdout());
        assert!(refused.stderr().contains("服务器规则无法按原样匹配"), "{path}: {}", refused.stderr());
    }
}

#[test]
fn audiences_that_a_disk_ignoring_case_takes_for_one_folder_are_an_error() {
    let p = portfolio("[HR]");
    p.write("org.yaml", &format!("{ORG}  - {{id: HR, name: 人事处}}\n"));
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &yaml.replace("    path: open\n", "    path: open\n    visibility: [hr]\n"));
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:10:18", "部门 `HR` 与 `hr` 只有大小写不同");
}
