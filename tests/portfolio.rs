//! A portfolio from the command line: the example builds into one portal with department pages,
//! calendars and citations between agreements; the portfolio's files are read strictly; broken
//! citations are located errors; a failed build leaves the previous portal; an agreement alone
//! shows its citations as text.

mod common;

use std::path::{Path, PathBuf};

use common::{Page, Project, Run, clausebook, eventually, files, repo};

const TODAY: &str = "2026-12-07";

/// Runs `clausebook ARGS --root ROOT --today TODAY`.
fn run(root: &Path, args: &[&str]) -> Run {
    let mut cmd = clausebook();
    cmd.args(args).arg("--root").arg(root).args(["--today", TODAY]);
    Run(cmd.output().expect("run clausebook"))
}

/// Builds `root` into `out`.
fn build(root: &Path, out: &Path) -> Run {
    let out = out.to_str().unwrap();
    run(root, &["build", "--out", out])
}

fn example() -> PathBuf {
    repo().join("examples/portfolio")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The file an `href` of the page `page` leads to.
fn follow(page: &Path, href: &str) -> PathBuf {
    let mut target = page.parent().unwrap().to_path_buf();
    for part in href.split('#').next().unwrap().split('/') {
        match part {
            ".." => {
                target.pop();
            }
            part => target.push(part),
        }
    }
    target
}

/// Every `href` of `class` in the page's HTML.
fn hrefs(html: &str, class: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(class).unwrap();
    doc.select(&sel).filter_map(|a| a.value().attr("href").map(str::to_string)).collect()
}

#[test]
fn the_example_portfolio_builds_into_one_portal_with_departments_and_citations() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&example(), &site).ok();
    let index = read(&site.join("index.html"));
    for title in ["营销部与品牌部合作协议", "信息技术部与财务部数据服务协议", "人力资源部与各部门招聘协作协议"]
    {
        assert!(index.contains(title), "{title} on the portal");
    }
    assert!(index.contains("待签署：人力资源部"), "hr-recruiting awaits 人力资源部's approval");
    assert_eq!(index.matches("✓ 已签署").count(), 2, "marketing-brand's and it-finance's releases are signed");
    assert!(
        index.contains("v1.2：<a href=\"library&#x2f;index.html\">"),
        "it-finance's signed v1.2 is behind the library"
    );
    for href in hrefs(&index, "a").iter().filter(|h| !h.starts_with('#')) {
        assert!(follow(&site.join("index.html"), href).is_file(), "the portal links to {href}");
    }
    let hr = read(&site.join("departments/hr.html"));
    assert!(hr.contains("待本部门批准") && hr.contains("人力资源部与各部门招聘协作协议"));
    let finance = read(&site.join("departments/finance.html"));
    assert!(finance.contains("核对报表中的财务口径数据并确认发布"), "a duty of 财务部 in it-finance");
    assert!(finance.contains("核对分摊明细并完成内部费用结转"), "a duty of 财务部 in hr-recruiting");
    for href in hrefs(&finance, "a").iter().filter(|h| !h.starts_with('#') && !h.ends_with(".ics")) {
        assert!(follow(&site.join("departments/finance.html"), href).is_file(), "{href}");
    }
    let ics = read(&site.join("departments/finance.ics"));
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("@it-finance.clausebook"));
    assert!(ics.contains("@hr-recruiting.clausebook"), "one calendar across agreements");
    // A citation is a link to the release in force of the other agreement, and that page lists
    // who cites it.
    let citing = site.join("it-finance/draft/clauses/extra-requests.html");
    let links = hrefs(&read(&citing), "a.xref.external");
    assert_eq!(links.len(), 1, "{links:?}");
    let cited = follow(&citing, &links[0]);
    assert!(cited.ends_with("marketing-brand/v2.0/clauses/budget-approval.html"), "{}", cited.display());
    let cited_page = read(&cited);
    assert!(cited_page.contains("被以下协议引用") && cited_page.contains("《信息技术部与财务部数据服务协议》"));
    for href in hrefs(&cited_page, ".cited-by a") {
        assert!(follow(&cited, &href).is_file(), "{href}");
    }
}

#[test]
fn the_same_portfolio_gives_the_same_bytes() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    build(&example(), &a).ok();
    build(&example(), &b).ok();
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs", pa.display());
    }
    // Built again over itself, with every release folder kept, it is still the same.
    build(&example(), &a).ok();
    assert!(files(&a) == fb, "a rebuild over the site changes nothing");
}

#[test]
fn an_agreement_alone_notes_its_citations_and_shows_them_as_text() {
    let root = example().join("agreements/it-finance");
    let checked = run(&root, &["check"]);
    assert_eq!(checked.code(), 0, "{}", checked.stderr());
    checked.reports("content/04-costs/02-extra-requests.md:21:21", "引用其他协议的条款；本协议不在协议组合中");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&root, &site).ok();
    let page = read(&site.join("draft/clauses/extra-requests.html"));
    assert!(page.contains("<a class=\"xref external\" title=\"marketing-brand:budget-approval\">"), "as text");
    assert!(hrefs(&page, "a.xref.external").is_empty());
}

/// A portfolio in a temporary folder: `portfolio.yaml`, and two small agreements `a` and `b`
/// whose bodies are given.
fn small_portfolio(a_body: &str, b_body: &str) -> Project {
    let clause = |id: &str, body: &str| format!("---\nid: {id}\ntitle: 目的\nowner: marketing\n---\n\n{body}\n");
    Project::with(&[
        (
            "portfolio.yaml",
            "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: a\n  - id: b\n    path: b\n",
        ),
        ("a/content/_index.md", common::INDEX),
        ("a/content/01-purpose.md", &clause("purpose", a_body)),
        ("b/content/_index.md", common::INDEX),
        ("b/content/01-purpose.md", &clause("purpose", b_body)),
    ])
}

#[test]
fn a_broken_citation_is_a_located_error_with_the_closest_name_and_nothing_is_written() {
    let p = small_portfolio("见 [[b:purpos]]、[[c:purpose]] 与 [[b@v9:purpose]]。", "见 [[a:purpose]] 与 [[a:b:c]]。");
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("a/content/01-purpose.md:7:3", "协议 `b` 所引用的版本中没有条款 `purpos`");
    checked.reports("a/content/01-purpose.md:7:3", "是否想写 `purpose`");
    checked.reports("a/content/01-purpose.md:7:16", "协议组合中没有 id 为 `c` 的协议");
    checked.reports("a/content/01-purpose.md:7:32", "协议 `b` 没有发布版本 `v9`");
    checked.reports("b/content/01-purpose.md:7:19", "`a:b:c` 不是对其他协议条款的引用");
    let out = p.root().join("site");
    let built = build(p.root(), &out);
    assert_eq!(built.code(), 1);
    assert!(!out.exists(), "nothing written");
}

#[test]
fn an_agreement_built_in_a_portfolio_is_built_as_it_is_alone() {
    // A portfolio's build reads each agreement for its manifest first and builds it from what it
    // read: what a build of the folder reports (a link, a folder of rules without rules) it must
    // report too, and give the same data.
    let p = small_portfolio("正文。", "正文。");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", p.root().join("a/content/02-link.md")).unwrap();
    std::fs::create_dir_all(p.root().join("b/rules")).unwrap();
    let out = p.root().join("site");
    let built = build(p.root(), &out).ok();
    #[cfg(unix)]
    built.reports("a/content/02-link.md:1:1", "这是一个符号链接，已跳过");
    for id in ["a", "b"] {
        let alone = p.root().join(format!("alone-{id}"));
        let run = build(&p.root().join(id), &alone).ok();
        let warnings = |r: &Run| r.stderr().matches("warning[").count();
        assert_eq!(warnings(&run), built.stderr().matches(&format!("--> {id}/")).count(), "{}", run.stderr());
        assert_eq!(read(&alone.join("agreement.json")), read(&out.join(id).join("agreement.json")), "{id}");
    }
}

#[test]
fn the_portfolio_files_are_read_strictly_and_each_problem_is_located() {
    let p = small_portfolio("正文。", "正文。");
    p.write(
        "portfolio.yaml",
        "title: 组合\nlanguage: zh-CN\norg: org.yaml\nagreemnts: []\nagreements:\n  - id: a\n    path: a\n  - id: a\n    path: b\n  - id: c\n    path: missing\n  - id: d\n    git: ../d.git\n  - id: static\n    path: b\n",
    );
    p.write(
        "org.yaml",
        "units:\n  - id: marketing\n    name: \"营销\\u0007部\"\n    parent: markting\n  - id: brand\n    name: 品牌部\n    parent: x1\n  - id: x1\n    name: 甲\n    parent: x2\n  - id: x2\n    name: 乙\n    parent: x1\n    color: red\n",
    );
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:4:1", "未知的键 `agreemnts`");
    checked.reports("portfolio.yaml:8:9", "协议 id `a` 用了两次");
    checked.reports("portfolio.yaml:11:11", "处没有协议");
    checked.reports("portfolio.yaml:13:10", "处没有 Git 仓库");
    checked.reports("portfolio.yaml:14:9", "`static` 是门户自己的文件夹");
    checked.reports("org.yaml:4:13", "没有 id 为 `markting` 的部门");
    checked.reports("org.yaml:3:11", "控制字符 U+0007");
    checked.reports("org.yaml:10:13", "`x1` 的上级部门绕回到了它自己");
    checked.reports("org.yaml:14:5", "未知的键 `color`");
    p.write("portfolio.yaml", "title: [组合\n");
    run(p.root(), &["check"]).reports("portfolio.yaml:2:1", "YAML");
}

#[test]
fn a_party_that_is_no_department_is_an_error_at_its_line() {
    let p = small_portfolio("正文。", "正文。");
    p.write(
        "portfolio.yaml",
        "title: 组合\norg: org.yaml\nagreements:\n  - id: a\n    path: a\n  - id: b\n    path: b\n",
    );
    p.write("org.yaml", "units:\n  - id: mkt\n    name: 营销部\n  - id: brand\n    name: 品牌部\n");
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("a/content/_index.md:6:9", "协议方 `marketing` 不是协议组合中的部门");
    checked.reports("a/content/_index.md:6:9", "`org: mkt`");
    // Saying which department it is settles it.
    for a in ["a", "b"] {
        let index = common::INDEX.replace("  - id: marketing\n", "  - id: marketing\n    org: mkt\n");
        p.write(&format!("{a}/content/_index.md"), &index);
    }
    assert_eq!(run(p.root(), &["check"]).code(), 0);
}

#[test]
fn a_departments_file_that_cannot_be_read_is_an_error_at_its_org_line_and_a_shared_alias_a_warning() {
    let p = small_portfolio("正文。", "正文。");
    let yaml = "title: 组合\norg: missing.yaml\nagreements:\n  - id: a\n    path: a\n  - id: b\n    path: b\n";
    p.write("portfolio.yaml", yaml);
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:2:6", "无法读取 missing.yaml");
    p.write("portfolio.yaml", &yaml.replace("missing.yaml", "org.yaml"));
    // 品牌部 is brand's name and, written here, an alias of marketing too.
    let org = "units:\n  - id: marketing\n    name: 营销部\n    aliases: [市场部, 品牌部]\n  - id: brand\n    name: 品牌部\n    aliases: 市场部\n";
    p.write("org.yaml", org);
    let checked = run(p.root(), &["check"]);
    assert_eq!(checked.code(), 0, "warnings:\n{}", checked.stderr());
    checked.reports("org.yaml:4:20", "`品牌部` 也是品牌部（`brand`）的名称或别名");
    checked.reports("org.yaml:7:14", "`市场部` 也是营销部（`marketing`）的名称或别名");
    // A party named 品牌部 is taken for brand, whose name it is, as the warning says.
    p.write("a/content/_index.md", &common::INDEX.replace("id: brand", "id: brand-dept"));
    run(p.root(), &["check"]).reports("a/content/_index.md:9:9", "`org: brand`");
    p.write("a/content/_index.md", common::INDEX);
    p.write("org.yaml", &org.replace("[市场部, 品牌部]", "[市场部]").replace("aliases: 市场部", "aliases: 品牌中心"));
    let checked = run(p.root(), &["check"]);
    assert!(!checked.stderr().contains("warning[portfolio]"), "{}", checked.stderr());
    // Named as a path reads (`./`, `sub/..`), it is the same file.
    p.write("portfolio.yaml", &yaml.replace("missing.yaml", "./sub/../org.yaml"));
    assert_eq!(run(p.root(), &["check"]).code(), 0);
}

#[test]
fn a_failed_portfolio_build_leaves_the_previous_portal() {
    let p = small_portfolio("见 [[b:purpose]]。", "正文。");
    let out = p.root().join("site");
    build(p.root(), &out).ok();
    let before = files(&out);
    assert!(before.iter().any(|(f, _)| f == Path::new("index.html")));
    p.write("b/content/01-purpose.md", "---\nid: other\ntitle: 目的\nowner: marketing\n---\n\n正文。\n");
    let failed = build(p.root(), &out);
    assert_eq!(failed.code(), 1, "{}", failed.stderr());
    assert!(failed.stderr().contains("协议 `b` 所引用的版本中没有条款 `purpose`"), "{}", failed.stderr());
    assert!(files(&out) == before, "the previous site stays as it was");
}

#[test]
fn a_pinned_citation_of_a_clause_changed_later_is_a_warning() {
    let p = Project::empty();
    let it_finance = example().join("agreements/it-finance");
    p.write(
        "portfolio.yaml",
        &format!(
            "title: 组合\nagreements:\n  - id: it-finance\n    path: {}\n  - id: a\n    path: a\n",
            it_finance.display()
        ),
    );
    p.write("a/content/_index.md", common::INDEX);
    p.write(
        "a/content/01-purpose.md",
        "---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n按 [[it-finance@v1.0:cost-sharing]] 分摊。\n",
    );
    let checked = run(p.root(), &["check"]);
    checked.reports("a/content/01-purpose.md:7:3", "引用的 it-finance 第9条 数据平台运行费用分摊 在 v1.1 中已修改");
    assert!(checked.stderr().contains("it-finance/v1.1/changes.html"), "{}", checked.stderr());
}

#[test]
fn naming_a_partys_department_does_not_make_its_approval_stale() {
    let p =
        Project::with(&[("content/01-purpose.md", "---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n正文。\n")]);
    let index =
        common::INDEX.replace("effective: 2025-01-01\n", "effective: 2025-01-01\nsignoff:\n  required: [marketing]\n");
    p.write("content/_index.md", &index);
    p.run(&["approve", "--party", "marketing", "--by", "王晓明", "--date", "2026-01-10"]).ok();
    p.write("content/_index.md", &index.replace("  - id: marketing\n", "  - id: marketing\n    org: mkt\n"));
    let checked = p.run(&["check"]);
    assert!(!checked.stderr().contains("approval-stale"), "{}", checked.stderr());
    p.write("content/_index.md", &index.replace("liaison: 王晓明", "liaison: 张三"));
    assert!(p.run(&["check"]).stderr().contains("approval-stale"), "the text itself still counts");
}

/// Runs `clausebook build --bundle DIR` for the agreement at `root` of the portfolio `portfolio`.
fn bundle_command(root: &Path, portfolio: &Path, dir: &Path) -> std::process::Command {
    let mut cmd = clausebook();
    cmd.args(["build", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--portfolio")
        .arg(portfolio)
        .arg("--bundle")
        .arg(dir);
    cmd
}

/// Runs `clausebook portal --bundles DIRS --out OUT` at `portfolio`.
fn portal(portfolio: &Path, dirs: &[PathBuf], out: &Path) -> Run {
    let mut cmd = clausebook();
    cmd.args(["portal", "--today", TODAY, "--root"]).arg(portfolio).arg("--out").arg(out).arg("--bundles").args(dirs);
    Run(cmd.output().expect("run clausebook"))
}

#[test]
fn bundles_built_apart_by_parallel_processes_assemble_into_the_one_shot_site() {
    let out = tempfile::tempdir().unwrap();
    let members = [("marketing-brand", repo()), ("it-finance", example().join("agreements/it-finance"))];
    let members =
        [members[0].clone(), members[1].clone(), ("hr-recruiting", example().join("agreements/hr-recruiting"))];
    let dirs: Vec<PathBuf> = members.iter().map(|(id, _)| out.path().join("bundles").join(id)).collect();
    let jobs: Vec<std::process::Child> = members
        .iter()
        .zip(&dirs)
        .map(|((_, root), dir)| {
            let mut cmd = bundle_command(root, &example(), dir);
            cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for job in jobs {
        Run(job.wait_with_output().unwrap()).ok();
    }
    let schema: serde_json::Value =
        serde_json::from_str(&read(&repo().join("src/portfolio/manifest.schema.json"))).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for dir in &dirs {
        let manifest: serde_json::Value = serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&manifest).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", dir.display());
    }
    let assembled = out.path().join("assembled");
    portal(&example(), &dirs, &assembled).ok();
    let one_shot = out.path().join("one-shot");
    build(&example(), &one_shot).ok();
    assert!(files(&assembled) == files(&one_shot), "bundles assembled give the one-shot site, byte for byte");
    // Nothing changed: every bundle is kept as it is.
    for ((_, root), dir) in members.iter().zip(&dirs) {
        let again = Run(bundle_command(root, &example(), dir).output().unwrap()).ok();
        assert!(again.stderr().contains("保持不变"), "{}", again.stderr());
    }
}

#[test]
fn a_bundle_is_built_again_only_when_what_it_depends_on_changed() {
    let p = small_portfolio("见 [[b:purpose]]。", "正文。");
    let dirs = [p.root().join("bundles/a"), p.root().join("bundles/b")];
    let bundle =
        |name: &str, dir: &Path| Run(bundle_command(&p.root().join(name), p.root(), dir).output().unwrap()).ok();
    bundle("a", &dirs[0]);
    bundle("b", &dirs[1]);
    // b's body changes: b is built again, a (which cites b's clause, whose title stays) is kept.
    p.write("b/content/01-purpose.md", "---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n另一段正文。\n");
    assert!(bundle("a", &dirs[0]).stderr().contains("保持不变"));
    assert!(!bundle("b", &dirs[1]).stderr().contains("保持不变"));
    // The clause a cites is retitled: a's link says so, so a is built again.
    p.write("b/content/01-purpose.md", "---\nid: purpose\ntitle: 宗旨\nowner: marketing\n---\n\n另一段正文。\n");
    assert!(!bundle("a", &dirs[0]).stderr().contains("保持不变"));
    assert!(read(&dirs[0].join("site/clauses/purpose.html")).contains("第1条 宗旨"));
}

#[test]
fn a_missing_truncated_foreign_or_stale_bundle_is_a_located_error_and_the_old_portal_stays() {
    let p = small_portfolio("见 [[b:purpose]]。", "正文。");
    let duty = "---\nid: purpose\ntitle: 目的\nowner: marketing\nduties:\n  - text: 报送月报\n    owner: brand\n---\n\n正文。\n";
    p.write("b/content/01-purpose.md", duty);
    let dirs = vec![p.root().join("bundles/a"), p.root().join("bundles/b")];
    for (name, dir) in ["a", "b"].iter().zip(&dirs) {
        Run(bundle_command(&p.root().join(name), p.root(), dir).output().unwrap()).ok();
    }
    let out = p.root().join("site");
    portal(p.root(), &dirs, &out).ok();
    let before = files(&out);
    let onto = portal(p.root(), &dirs, &dirs[0]);
    assert_eq!(onto.code(), 2, "the portal is never written over a bundle: {}", onto.stderr());
    assert!(dirs[0].join("manifest.json").is_file());
    let missing = portal(p.root(), &dirs[..1], &out);
    assert_eq!(missing.code(), 1);
    missing.reports("portfolio.yaml:6:9", "没有提供协议 `b` 的包");
    let manifest = dirs[1].join("manifest.json");
    let whole = read(&manifest);
    std::fs::write(&manifest, &whole[..whole.len() / 2]).unwrap();
    let truncated = portal(p.root(), &dirs, &out);
    assert_eq!(truncated.code(), 1);
    assert!(truncated.stderr().contains(&format!("--> {}:", manifest.display())), "{}", truncated.stderr());
    std::fs::write(&manifest, whole.replace("\"id\": \"b\"", "\"id\": \"bb\"")).unwrap();
    portal(p.root(), &dirs, &out).reports(&format!("{}:1:1", manifest.display()), "该包属于协议 `bb`");
    // A bundle is read as hostile: its links stay inside its own site.
    let hostile = whole.replacen("\"url\": \"b/", "\"url\": \"javascript:alert(1)//b/", 1);
    assert_ne!(hostile, whole, "the bundle of b has a link to rewrite");
    std::fs::write(&manifest, hostile).unwrap();
    portal(p.root(), &dirs, &out).reports(&format!("{}:1:1", manifest.display()), "链接到它自己网站之外的页面");
    let unknown = whole.replacen("\"signoff\": \"none\"", "\"signoff\": \"forged\"", 1);
    assert_ne!(unknown, whole, "the bundle of b has a sign-off to rewrite");
    std::fs::write(&manifest, unknown).unwrap();
    assert_eq!(portal(p.root(), &dirs, &out).code(), 1, "a sign-off clausebook never writes is refused");
    std::fs::write(&manifest, &whole).unwrap();
    // b is edited and its bundle built again, its title changed: a's bundle is now stale.
    p.write("b/content/01-purpose.md", "---\nid: purpose\ntitle: 宗旨\nowner: marketing\n---\n\n正文。\n");
    Run(bundle_command(&p.root().join("b"), p.root(), &dirs[1]).output().unwrap()).ok();
    let a_manifest = dirs[0].join("manifest.json");
    portal(p.root(), &dirs, &out)
        .reports(&format!("{}:1:1", a_manifest.display()), "是按它所引用（或引用它）的协议的其他版本构建的");
    assert!(files(&out) == before, "the old portal stays");
}

#[test]
fn watch_at_a_portfolio_rebuilds_the_agreement_edited_and_those_citing_it() {
    let p = small_portfolio("见 [[b:purpose]]。", "正文。");
    let out = p.root().join("site");
    let log = p.root().join("watch.log");
    let mut child = common::watch(p.root(), TODAY, &out, &log);
    let page = |path: &str| std::fs::read_to_string(out.join(path)).unwrap_or_default();
    eventually("the first build", || page("a/clauses/purpose.html").contains("第1条 目的"));
    assert!(page("index.html").contains("组合"), "the portal");
    assert!(page("b/clauses/purpose.html").contains("被以下协议引用"), "b's clause lists a's citation");
    // The cited clause is retitled in b: a's link says the new title, without a's files changing.
    p.write("b/content/01-purpose.md", "---\nid: purpose\ntitle: 宗旨\nowner: marketing\n---\n\n正文。\n");
    eventually("a's link to follow b's new title", || page("a/clauses/purpose.html").contains("第1条 宗旨"));
    // A broken edit keeps the last good site and says why.
    p.write("b/content/01-purpose.md", "---\nid: other\ntitle: 宗旨\nowner: marketing\n---\n\n正文。\n");
    eventually("the broken citation reported", || read(&log).contains("协议 `b` 所引用的版本中没有条款 `purpose`"));
    assert!(page("a/clauses/purpose.html").contains("第1条 宗旨"), "the last good site stays");
    let _ = child.kill();
    let _ = child.wait();
    // What watch wrote is a site of clausebook's own, which `build` replaces.
    p.write("b/content/01-purpose.md", "---\nid: purpose\ntitle: 宗旨\nowner: marketing\n---\n\n正文。\n");
    build(p.root(), &out).ok();
}

#[test]
fn watch_at_a_portfolio_opens_it_again_when_portfolio_yaml_is_edited() {
    let p = small_portfolio("正文。", "正文。");
    p.write("c/content/_index.md", &common::INDEX.replace("测试协议", "丙协议"));
    p.write("c/content/01-purpose.md", "---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n丙的正文。\n");
    let out = p.root().join("site");
    let log = p.root().join("watch.log");
    let mut child = common::watch(p.root(), TODAY, &out, &log);
    let page = |path: &str| std::fs::read_to_string(out.join(path)).unwrap_or_default();
    eventually("the first build", || page("b/index.html").contains("测试协议"));
    assert!(!out.join("c").exists(), "c is not in the portfolio yet");
    // An agreement added and one taken out: the portal and the output folder follow.
    let yaml = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: a\n  - id: c\n    path: c\n";
    p.write("portfolio.yaml", yaml);
    eventually("c built", || page("c/clauses/purpose.html").contains("丙的正文"));
    eventually("b gone", || !out.join("b").exists());
    assert!(page("index.html").contains("丙协议"), "the portal lists c");
    // An edit of c, the agreement the new portfolio brought, is watched.
    p.write("c/content/01-purpose.md", "---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n丙的新正文。\n");
    eventually("c's edit", || page("c/clauses/purpose.html").contains("丙的新正文"));
    // A broken portfolio.yaml is said at its line; the last good site stays.
    p.write(
        "portfolio.yaml",
        &yaml.replace("agreements:\n", "agreement: []\nagreements:\n  - id: a\n    path: missing\n"),
    );
    eventually("the error said", || read(&log).contains("portfolio.yaml:6:11"));
    assert!(read(&log).contains("是否想写 `agreements`"), "{}", read(&log));
    assert!(page("c/clauses/purpose.html").contains("丙的新正文"), "the last good site stays");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_portfolio_session_after_edits_holds_the_site_a_fresh_one_makes() {
    use clausebook::portfolio::live::PortfolioSession;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let p = small_portfolio("见 [[b:purpose]]。", "正文。");
    let mut session = PortfolioSession::new(p.root(), today).map_err(|c| c.render()).unwrap();
    session.rebuild(&[]).unwrap().site.expect("the first site");
    let file = PathBuf::from("content/01-purpose.md");
    let as_fresh = |rebuilt: clausebook::pipeline::session::Rebuilt, what: &str| {
        let fresh = PortfolioSession::new(p.root(), today).unwrap().rebuild(&[]).unwrap();
        assert_eq!(rebuilt.checked.diagnostics, fresh.checked.diagnostics, "the findings after {what}");
        let (kept, fresh) = (rebuilt.site.expect("a site"), fresh.site.unwrap());
        let (changed, removed) = fresh.changes(&kept);
        assert!(changed.is_empty() && removed.is_empty(), "after {what}: {changed:?} {removed:?}");
        kept
    };
    // Titles (what citations and "cited by" lists show) and bodies (what only the search and the
    // agreement's own pages show: the portal's pages are kept, its index updated).
    let edits = [
        (1, "title: ", "宗旨"),
        (0, "title: ", "目标"),
        (1, "正文", "预算正文"),
        // A finding in one agreement, kept while another is edited, then gone.
        (1, "title: ", "宗旨\ntitel: 旧"),
        (0, "见 ", "另见 "),
        (1, "titel: ", "# "),
        (1, "title: ", "目的"),
    ];
    for (i, starts, with) in edits {
        let text = read(&p.root().join(["a", "b"][i]).join(&file));
        let text: String = text
            .lines()
            .map(|l| match l.strip_prefix(starts) {
                Some(_) if starts == "title: " => format!("title: {with}\n"),
                Some(rest) => format!("{with}{rest}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        p.write(&format!("{}/content/01-purpose.md", ["a", "b"][i]), &text);
        let rebuilt = session.rebuild(&[(i, file.clone())]).unwrap();
        assert!(!rebuilt.changed.is_empty(), "an edit changes pages: {}", rebuilt.checked.render());
        let warned = rebuilt.checked.diagnostics.iter().any(|d| d.message.contains("titel"));
        assert_eq!(warned, read(&p.root().join("b").join(&file)).contains("titel:"), "{}", rebuilt.checked.render());
        as_fresh(rebuilt, &format!("editing {with}"));
    }
    // A department joins an agreement: the departments, made from the parties, are made again,
    // with its page, and the search page's filter names it.
    let joined =
        common::INDEX.replace("---\n\n前言", "  - id: legal\n    name: 法务部\n    liaison: 赵敏\n---\n\n前言");
    p.write("b/content/_index.md", &joined);
    let rebuilt = session.rebuild(&[(1, PathBuf::from("content/_index.md"))]).unwrap();
    let kept = as_fresh(rebuilt, "a party added");
    assert!(kept.get("departments/legal.html").is_some(), "the new department's page");
    let search = String::from_utf8(kept.get("search.html").unwrap().contiguous().into_owned()).unwrap();
    assert!(search.contains("法务部"), "the search page filters by the new department");
    let site = session.rebuild(&[]).unwrap().site.unwrap();
    let shards: String = site
        .files()
        .filter(|(p, _)| p.starts_with("search/g"))
        .map(|(_, b)| String::from_utf8_lossy(&b.contiguous()).into_owned())
        .collect();
    assert!(shards.contains("\"算正\":"), "the portal's search finds the edited body (预算正文)");
}

#[test]
fn the_portal_shows_each_agreements_period_and_which_dates_were_done_or_missed() {
    let p = small_portfolio("本协议的目的。", "本协议的目的。");
    p.write(
        "a/content/_index.md",
        &common::INDEX.replace(
            "effective: 2025-01-01\n",
            "effective: 2025-01-01\nperiod: {end: 2027-12-31, renewal: auto, renew_for: 1年, notice: 3个月}\n",
        ),
    );
    p.write(
        "a/content/02-minutes.md",
        "---\nid: minutes\ntitle: 纪要\nowner: marketing\nduties:\n  - text: 分发会议纪要\n    owner: marketing\n    cadence: 每周四\n---\n\n正文。\n",
    );
    p.write("a/records/_index.yaml", "from: 2026-11-01\ngrace: 3天\n");
    p.write("a/records/1.yaml", "duty: minutes#1\ndate: 2026-11-05\nby: 王晓明\n");
    let out = p.root().join("site");
    let mut cmd = clausebook();
    cmd.args(["build", "--today", "2026-12-08", "--out"]).arg(&out).arg("--root").arg(p.root());
    Run(cmd.output().unwrap()).ok();
    let index = Page::read(&out.join("index.html"));
    let card = index.text_of("#a-a");
    assert!(card.contains("有效期：2025-01-01 至 2027-12-31"), "{card}");
    assert!(card.contains("续期通知截止 2027-09-30"), "{card}");
    assert_eq!(index.texts("#a-a .portal-kept .badge"), ["已完成 1", "未履行 4"], "11-12, 11-19, 11-26, 12-03");
    assert!(index.texts("#a-b .portal-kept").is_empty(), "b keeps no records");
    let marketing = Page::read(&out.join("departments/marketing.html"));
    let missed: Vec<String> = marketing.texts("#next .entry").into_iter().filter(|e| e.contains("未履行")).collect();
    assert_eq!(missed.len(), 4, "{missed:?}");
    assert!(missed[0].starts_with("2026-11-12"), "{missed:?}");
}
