//! A portfolio with an agreement restricted to some departments (`visibility:`): its site sits
//! under its audience's folder, and nothing of it shows anywhere else.

mod access;
mod common;

use std::path::Path;

use access::*;
use common::{Run, clausebook, files};

#[test]
fn a_restricted_agreement_is_written_under_its_audience_and_leaks_nowhere_else() {
    let p = portfolio("[hr]");
    let out = p.root().join("site");
    // With an address: sitemaps, and calendars with links.
    let built =
        run(p.root(), &["build", "--out", out.to_str().unwrap(), "--base-url", "https://intra.example/p/"]).ok();
    assert!(out.join("open/sitemap.xml").is_file() && out.join("_a/hr/pay/sitemap.xml").is_file());
    // The citation of the restricted agreement from the open one is a warning at its line.
    built.reports("open/content/01-purpose.md:7:8", "协议 `pay` 仅限 hr 阅读");
    // Its party finance may not read it: a warning at its `visibility`.
    built.reports("portfolio.yaml:9:18", "部门 `finance` 是协议 `pay` 的一方，却不能阅读它");
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
    let link = "https://intra.example/p/_a/hr/pay/clauses/raise.html";
    assert!(feed.replace("\r\n ", "").contains(link), "its events link into its folder: {feed}");
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
    // The open agreement's bundle (its site and its manifest, which a CI keeps as an artifact of
    // that agreement) holds nothing of the restricted one.
    let mut leaks = Vec::new();
    for (path, bytes) in files(&dirs[0]) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        leaks.extend(SECRETS.iter().filter(|s| text.contains(*s)).map(|s| format!("{}: {s}", path.display())));
    }
    assert!(leaks.is_empty(), "the open agreement's bundle holds restricted text:\n{}", leaks.join("\n"));
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
    // `portfolio.yaml`'s own: an error at its line.
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &yaml.replace("org: org.yaml\n", "org: org.yaml\nbase_url: \"https://x/a b/\"\n"));
    let refused = run(p.root(), &["access", "--server", "nginx"]);
    assert_eq!(refused.code(), 1, "{}", refused.stdout());
    refused.reports("portfolio.yaml:4:11", "服务器规则无法按原样匹配");
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

#[test]
fn the_way_the_server_knows_its_readers_is_read_strictly() {
    let p = portfolio("[hr]");
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    let with = |access: &str| {
        p.write("portfolio.yaml", &format!("{yaml}access:\n{access}"));
        run(p.root(), &["access", "--server", "nginx"])
    };
    let two = with("  header: X-Groups\n  basic: /etc/nginx/clausebook\n");
    assert_eq!(two.code(), 1);
    two.reports("portfolio.yaml:12:3", "`access` 只能指定一种");
    let typo = with("  auth_requst: http://sso/check\n");
    assert_eq!(typo.code(), 1);
    assert!(typo.stderr().contains("是否想写 `auth_request`"), "{}", typo.stderr());
    for (access, at, says) in [
        ("  auth_request: /oauth2/auth\n", 17, "不是服务器规则能按原样写入的 http(s) 地址"),
        ("  auth_request: \"http://sso/x;return 200\"\n", 17, "不是服务器规则能按原样写入的 http(s) 地址"),
        ("  basic: passwords\n", 10, "不是服务器规则能按原样写入的绝对文件夹路径"),
        ("  basic: \"/etc/a b\"\n", 10, "不是服务器规则能按原样写入的绝对文件夹路径"),
        ("  header: \"X Groups\"\n", 11, "不是请求头的名称"),
    ] {
        let refused = with(access);
        assert_eq!(refused.code(), 1, "{access}: {}", refused.stdout());
        refused.reports(&format!("portfolio.yaml:11:{at}"), says);
        assert!(refused.stdout().is_empty(), "no rules: {}", refused.stdout());
    }
}

#[test]
fn a_public_title_shows_on_the_index_and_in_citations_and_nothing_else_does() {
    let p = portfolio("[hr]\n    visibility_title: public");
    let out = p.public();
    build(p.root(), &out).ok();
    let index = p.page("index.html");
    assert_eq!(index.texts(".portal-card-restricted h3"), ["薪酬保密协议"]);
    assert_eq!(index.texts(".portal-card-restricted .meta"), ["仅限以下部门阅读：人力资源部"]);
    assert!(index.texts(".portal-card-restricted a").is_empty(), "no link to what most cannot read");
    let open = p.page("open/clauses/purpose.html");
    assert!(open.text.contains("《薪酬保密协议》raise"), "its title, the clause by its id: {}", open.text);
    let mut leaks = Vec::new();
    for (path, bytes) in files(&out).into_iter().filter(|(p, _)| !p.starts_with("_a/hr")) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        leaks.extend(SECRETS[1..].iter().filter(|s| text.contains(*s)).map(|s| format!("{}: {s}", path.display())));
    }
    assert!(leaks.is_empty(), "restricted text outside its audience's folder:\n{}", leaks.join("\n"));
    // Its title made restricted again: the open agreement's bundle, whose page named it, is
    // stale, though nothing of the open agreement changed.
    let dirs: Vec<_> = ["open", "pay"].iter().map(|id| p.root().join("bundles").join(id)).collect();
    let bundle = |id: &str, dir: &Path| {
        let mut cmd = clausebook();
        cmd.args(["build", "--today", TODAY, "--root"]).arg(p.root().join(id)).arg("--portfolio").arg(p.root());
        Run(cmd.arg("--bundle").arg(dir).output().unwrap()).ok();
    };
    bundle("open", &dirs[0]);
    bundle("pay", &dirs[1]);
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &yaml.replace("\n    visibility_title: public", ""));
    bundle("pay", &dirs[1]);
    let mut cmd = clausebook();
    cmd.args(["portal", "--today", TODAY, "--root"]).arg(p.root()).arg("--out").arg(p.root().join("two"));
    let refused = Run(cmd.arg("--bundles").args(&dirs).output().unwrap());
    assert_eq!(refused.code(), 1, "{}", refused.stderr());
    assert!(refused.stderr().contains("`open` 的包是按它所引用"), "{}", refused.stderr());
    // Read strictly: a value that is neither way is an error; on an agreement for everyone, a
    // warning that it changes nothing.
    let p = portfolio("[hr]\n    visibility_title: yes");
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1);
    checked.reports("portfolio.yaml:10:23", "`visibility_title` 应为 `public`");
    let p = portfolio("all\n    visibility_title: public");
    run(p.root(), &["check"]).reports("portfolio.yaml:10:5", "`visibility_title` 不起作用");
}

#[test]
fn an_agreement_inside_another_s_content_is_an_error_whichever_comes_first() {
    // pay's folder inside open's content/: its clauses would be published as open's.
    let p = portfolio("[hr]");
    std::fs::rename(p.root().join("pay"), p.root().join("open/content/zz")).unwrap();
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    p.write("portfolio.yaml", &yaml.replace("    path: pay\n", "    path: open/content/zz\n"));
    let out = p.root().join("site");
    let built = build(p.root(), &out);
    assert_eq!(built.code(), 1, "{}", built.stderr());
    built.reports("portfolio.yaml:8:11", "一个在另一个的 `content/` 之中");
    assert!(!out.exists());
    // The other way round: open listed after the agreement it holds.
    p.write(
        "portfolio.yaml",
        &yaml
            .replace("    path: pay\n", "    path: open/content/zz\n")
            .replace("  - id: open\n    path: open\n", "")
            .replace("agreements:\n", "agreements:\n  - id: open2\n    path: open\n"),
    );
    let built = build(p.root(), &out);
    assert_eq!(built.code(), 1, "{}", built.stderr());
    assert!(built.stderr().contains("一个在另一个的 `content/` 之中"), "{}", built.stderr());
}

#[test]
fn what_would_let_the_wrong_reader_in_is_refused() {
    let p = portfolio("[hr]");
    let yaml = std::fs::read_to_string(p.root().join("portfolio.yaml")).unwrap();
    let with = |more: &str| {
        p.write("portfolio.yaml", &format!("{yaml}{more}"));
        run(p.root(), &["access", "--server", "nginx"])
    };
    for (more, at, says) in [
        // A query of its own would be asked beside the rules' (oauth2-proxy takes both).
        ("access:\n  auth_request: http://sso/auth?allowed_groups=marketing\n", "11:17", "不带查询或片段"),
        ("access:\n  auth_request: http://sso/auth#x\n", "11:17", "不带查询或片段"),
        // A misspelled `access` would leave the default header.
        ("acess:\n  header: X-Groups\n", "10:1", "`acess` 不是 `access`"),
        ("access: {}\n", "10:9", "`access` 没有指定"),
        ("access:\n  header: host\n", "11:11", "`host` 是客户端自己发送的请求头"),
        ("base_url: https://intra.example/index.html\n", "10:11", "指向一个文件"),
    ] {
        let refused = with(more);
        assert_eq!(refused.code(), 1, "{more}: {}", refused.stdout());
        refused.reports(&format!("portfolio.yaml:{at}"), says);
        assert!(refused.stdout().is_empty(), "no rules: {}", refused.stdout());
    }
    // The header's groups are separated by commas: a group named with spaces is one group.
    let rules = with("").ok();
    assert!(rules.stdout().contains("\"(^|,)\\s*(admin|hr)\\s*(,|$)\""), "{}", rules.stdout());
    // Every `_a/` folder is refused wherever it is, so that rules made for another path than the
    // site's still keep it shut.
    assert!(rules.stdout().contains("location ~* \"/_a/\" {\n    return 403;"), "{}", rules.stdout());
}
