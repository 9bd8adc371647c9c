//! A portfolio's clause library (`library/` beside `portfolio.yaml`): lent to the agreements in
//! its folder; shown by the portal with its editions, the redline between any two and "used by"
//! (every release and draft of every agreement, from Git, with its sign-off); counted on each
//! agreement's card; kept from readers outside a restricted agreement's audience. And the
//! approvals across an upgrade: bound to the text, tolerant of mechanical changes only, judged by
//! the digest they were made with, and saying which edition kind an upgrade was.

mod access;
mod browser;
mod common;

use common::{Project, git};

const WITH: &str = "with: {甲方: 营销部, 乙方: 品牌部}\n";

const LIBRARY: [(&str, &str); 5] = [
    ("library/_index.md", "---\ntitle: 公司标准条款库\nlanguage: zh-CN\n---\n"),
    ("library/confidentiality/1.md", "---\ntitle: 保密\n---\n\n{{甲方}}与{{乙方}}对商业秘密负有保密义务。\n"),
    (
        "library/confidentiality/2.md",
        "---\ntitle: 保密\nkind: update\n---\n\n{{甲方}}与{{乙方}}对商业秘密及个人信息负有保密义务。\n",
    ),
    ("library/disputes/1.md", "---\ntitle: 争议处理\n---\n\n各方协商解决争议.\n"),
    ("library/disputes/2.md", "---\ntitle: 争议处理\nkind: correction\n---\n\n各方协商解决争议。\n"),
];

fn index(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nlanguage: zh-CN\nparties:\n  - {{id: marketing, name: 营销部}}\n  - {{id: brand, name: 品牌部}}\n{extra}---\n\n前言。\n"
    )
}

fn clause(id: &str, uses: &str) -> String {
    format!("---\nid: {id}\ntitle: 保密\nuse: {uses}\n{WITH}owner: marketing\n---\n")
}

/// A portfolio of `a` (signed by marketing, released as v1.0 using confidentiality@1, its draft
/// upgraded to @2) and `b` (no releases, using @2 and disputes@1), in one Git repository.
fn portfolio() -> Project {
    let mut files: Vec<(&str, String)> = vec![
        ("portfolio.yaml", "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: agreements/a\n  - id: b\n    path: agreements/b\n".into()),
        ("agreements/a/content/_index.md", index("甲协议", "signoff:\n  required: [marketing]\n")),
        ("agreements/a/content/01-secrecy.md", clause("secrecy", "confidentiality@1")),
        ("agreements/b/content/_index.md", index("乙协议", "")),
        ("agreements/b/content/01-secrecy.md", clause("secrecy", "confidentiality@2")),
        ("agreements/b/content/02-disputes.md", "---\nid: disputes\ntitle: 争议处理\nuse: disputes@1\n---\n".into()),
    ];
    files.extend(LIBRARY.iter().map(|(p, t)| (*p, t.to_string())));
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let p = Project::with(&refs);
    git(p.root(), &["init", "-q"]);
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "v1.0"]);
    let commit = git(p.root(), &["rev-parse", "HEAD"]);
    let released = format!(
        "signoff:\n  required: [marketing]\nversions:\n  releases:\n    v1.0: {{commit: {commit}, date: 2026-12-01}}\n"
    );
    p.write("agreements/a/content/_index.md", &index("甲协议", &released));
    let a = p.root().join("agreements/a");
    let approve = ["approve", "--release", "v1.0", "--party", "marketing", "--by", "王晓明", "--date", "2026-12-02"];
    run(&a, &approve).ok();
    p.write("agreements/a/content/01-secrecy.md", &clause("secrecy", "confidentiality@2"));
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "draft upgrades"]);
    p
}

fn run(root: &std::path::Path, args: &[&str]) -> common::Run {
    access::run(root, args)
}

#[test]
fn the_portal_shows_every_release_and_draft_that_uses_each_standard_clause() {
    let p = portfolio();
    let out = p.root().join("public");
    access::build(p.root(), &out).ok();
    let page = |path: &str| common::Page::read(&out.join(path));
    let clause = page("library/confidentiality/index.html");
    let rows = clause.texts("#used-by tr");
    assert_eq!(
        rows,
        [
            "甲协议 v1.0 现行版本 ✓ 已签署 第1条 保密 第 1 版 落后 1 版 · 含义改动",
            "甲协议 草稿 第1条 保密 第 2 版 最新",
            "乙协议 工作副本 现行版本 第1条 保密 第 2 版 最新",
        ]
    );
    assert_eq!(clause.attrs("#used-by tr a", "href")[1], "../../a/v1.0/clauses/secrecy.html");
    // Each edition's text, newest first, with its kind.
    assert_eq!(clause.texts(".library-edition h3"), ["第 2 版 · 保密 含义改动", "第 1 版 · 保密"]);
    let redline = page("library/confidentiality/1-2.html");
    assert_eq!(redline.texts("ins"), ["及个人信息"]);
    let index = page("library/index.html");
    let rows = index.texts(".library-table tbody tr");
    assert_eq!(rows, ["保密 confidentiality 第 2 版 含义改动 2 1", "争议处理 disputes 第 2 版 措辞更正 1 1"]);
    // Each card counts the library clauses behind, in force and in the draft.
    let home = page("index.html");
    let cards = home.texts("#a-a .portal-library p");
    assert_eq!(cards, ["v1.0：1 条落后 / 1 落后 1 版 · 含义改动", "草稿：均为最新（1）"]);
    assert_eq!(home.texts("#a-b .portal-library p"), ["1 条落后 / 2 落后 1 版 · 措辞更正"]);
}

#[test]
fn an_agreement_in_the_portfolio_s_folder_reads_its_library_alone_too() {
    let p = portfolio();
    let b = p.root().join("agreements/b");
    let checked = run(&b, &["check"]);
    assert!(checked.stderr().contains("info[library-outdated]"), "{}", checked.stderr());
    assert!(!checked.stderr().contains("error"), "{}", checked.stderr());
    // A library file's problem is said once by the portfolio, named from its folder.
    p.write("library/disputes/2.md", "---\ntitle: 争议处理\nkind: fix\n---\n\n各方协商解决争议。\n");
    let checked = run(p.root(), &["check"]);
    let said = checked.stderr().matches("library/disputes/2.md:3:7").count();
    assert_eq!(said, 1, "{}", checked.stderr());
    // An edition cannot use another standard clause: no two can use each other.
    p.write("library/disputes/2.md", "---\ntitle: 争议处理\nkind: correction\nuse: confidentiality@1\n---\n\n正文。\n");
    run(p.root(), &["check"]).reports("library/disputes/2.md:4:1", "版次不能使用另一个标准条款");
}

#[test]
fn a_restricted_agreement_s_uses_show_only_to_its_audience() {
    let p = access::portfolio("[hr]");
    for (path, text) in LIBRARY {
        p.write(path, text);
    }
    let pay = "---\nid: raise\ntitle: 调薪细则\nowner: hr\nuse: disputes@1\n---\n\n机密正文甲乙丙。\n";
    p.write("pay/content/01-raise.md", pay);
    let out = p.root().join("public");
    access::build(p.root(), &out).ok();
    let public = std::fs::read_to_string(out.join("library/disputes/index.html")).unwrap();
    assert!(!public.contains("薪酬保密协议") && !public.contains("调薪细则"), "{public}");
    let part = std::fs::read_to_string(out.join("_a/hr/portal.js")).unwrap();
    assert!(part.contains("调薪细则") && part.contains("data-clause=\\\"disputes\\\""), "{part}");
}

#[test]
fn an_approval_survives_mechanical_changes_only_and_names_the_upgrade_that_made_it_stale() {
    let p = portfolio();
    let a = p.root().join("agreements/a");
    let stale = run(&a, &["check"]);
    stale.reports(
        "content/01-secrecy.md:3:8",
        "营销部于 2026-12-02 批准的文本已修改：此文件不同于批准时；改动在于条款库 `confidentiality` 由第 1 版改为第 2 版（含义改动）；v1.0 以来的改动见 draft/changes.html#change-secrecy",
    );
    // Back to the approved edition, then only mechanical changes: still approved.
    let own = "\n本条另行约定,保密材料须加密存放;\n遇到问题(如泄露)立即报告!\n";
    p.write("agreements/a/content/01-secrecy.md", &format!("{}{own}", clause("secrecy", "confidentiality@1")));
    run(&a, &["approve", "--party", "marketing", "--by", "王晓明", "--date", "2026-12-03"]).ok();
    let mechanical = "\n本条另行约定，保密材料须加密存放；  遇到问题（如泄露）立即报告！\n\n\n";
    p.write("agreements/a/content/01-secrecy.md", &format!("{}{mechanical}", clause("secrecy", "confidentiality@1")));
    let checked = run(&a, &["check"]);
    assert!(!checked.stderr().contains("approval-stale"), "{}", checked.stderr());
    // A change of a mark outside the closed list is a change.
    let changed = mechanical.replace("报告！", "报告。");
    p.write("agreements/a/content/01-secrecy.md", &format!("{}{changed}", clause("secrecy", "confidentiality@1")));
    assert!(run(&a, &["check"]).stderr().contains("approval-stale"));
}

#[test]
fn an_approval_made_before_the_tolerant_digest_is_judged_by_the_exact_one() {
    let p = portfolio();
    let a = p.root().join("agreements/a");
    run(&a, &["approve", "--party", "marketing", "--by", "王晓明", "--date", "2026-12-03"]).ok();
    let file = a.join("approvals/2026-12-03-marketing.yaml");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("\ndigest: 2\n"), "{written}");
    // The same approval as clausebook wrote it before digests had a version: exact digests.
    let exact = exact_approval(&a);
    std::fs::write(&file, exact).unwrap();
    assert!(!run(&a, &["check"]).stderr().contains("approval-stale"));
    // A whitespace change that the tolerant digest would forgive is a change to the exact one.
    let text = std::fs::read_to_string(a.join("content/01-secrecy.md")).unwrap();
    std::fs::write(a.join("content/01-secrecy.md"), format!("{text}\n\n")).unwrap();
    let checked = run(&a, &["check"]);
    assert!(checked.stderr().contains("approval-stale"), "{}", checked.stderr());
    // And a digest algorithm clausebook does not know is an error at its line.
    let bad = std::fs::read_to_string(&file).unwrap().replace("party: marketing\n", "party: marketing\ndigest: 3\n");
    std::fs::write(&file, bad).unwrap();
    run(&a, &["check"])
        .reports("approvals/2026-12-03-marketing.yaml:4:9", "`digest: 3` 不是 clausebook 认识的摘要算法");
}

/// The approval of `a`'s working tree by marketing as clausebook wrote it before digests had a
/// version: no `digest:`, each file's exact digest.
fn exact_approval(a: &std::path::Path) -> String {
    use clausebook::signoff::digest::{Algorithm, Text};
    let agreement = clausebook::load::load(a).unwrap().agreement.unwrap();
    let text = Text::with(&agreement, Algorithm::Exact);
    let party = &agreement.parties[0];
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let written = clausebook::signoff::record::write(party, "王晓明", date, "draft", None, &text);
    assert!(!written.contains("digest:"), "{written}");
    written
}

#[test]
fn upgrade_at_the_portfolio_moves_every_agreement_s_uses() {
    let p = portfolio();
    let mut cmd = common::clausebook();
    cmd.args(["library", "upgrade", "disputes", "--root"]).arg(p.root());
    let run = common::Run(cmd.output().unwrap());
    let out = run.ok().stdout();
    assert!(out.starts_with("agreements/b/content/02-disputes.md:4: disputes@1 -> disputes@2 sha256:"), "{out}");
    let text = std::fs::read_to_string(p.root().join("agreements/b/content/02-disputes.md")).unwrap();
    assert!(text.contains("\nuse: disputes@2 sha256:"), "{text}");
    // A file standing beside the clause where the new text would be written is never written through.
    p.write("agreements/b/content/02-disputes.md.clausebook-new", "not mine");
    let mut cmd = common::clausebook();
    cmd.args(["library", "upgrade", "disputes", "--to", "1", "--root"]).arg(p.root());
    let run = common::Run(cmd.output().unwrap());
    assert_ne!(run.code(), 0, "{}", run.stderr());
    let kept = std::fs::read_to_string(p.root().join("agreements/b/content/02-disputes.md.clausebook-new")).unwrap();
    assert_eq!(kept, "not mine");
}

#[test]
fn a_release_reads_the_portfolio_s_library_as_its_commit_holds_it() {
    let p = portfolio();
    // The first edition edited in place after v1.0 was signed, unpinned: v1.0 keeps its text.
    p.write("library/confidentiality/1.md", "---\ntitle: 保密\n---\n\n{{甲方}}与{{乙方}}不负任何保密义务。\n");
    git(p.root(), &["commit", "-qam", "edited in place"]);
    let out = p.root().join("public");
    access::build(p.root(), &out).ok();
    let v1 = common::Page::read(&out.join("a/v1.0/clauses/secrecy.html"));
    assert_eq!(v1.texts(".library-text p:not(.library-source)"), ["营销部与品牌部对商业秘密负有保密义务。"]);
    // A library changed since the newest release makes the working tree a draft of its own.
    let b = p.root().join("agreements/b");
    git(p.root(), &["add", "-A"]);
    let with_release = index(
        "乙协议",
        &format!(
            "versions:\n  releases:\n    v1.0: {{commit: {}, date: 2026-12-01}}\n",
            git(p.root(), &["rev-parse", "HEAD"])
        ),
    );
    std::fs::write(b.join("content/_index.md"), with_release).unwrap();
    git(p.root(), &["commit", "-qam", "b v1.0"]);
    p.write("library/disputes/1.md", "---\ntitle: 争议处理\n---\n\n各方另行协商。\n");
    access::build(p.root(), &out).ok();
    let draft = common::Page::read(&out.join("b/draft/clauses/disputes.html"));
    assert_eq!(draft.texts(".library-text p:not(.library-source)"), ["各方另行协商。"]);
    let v1 = common::Page::read(&out.join("b/v1.0/clauses/disputes.html"));
    assert_eq!(v1.texts(".library-text p:not(.library-source)"), ["各方协商解决争议."]);
}

#[test]
fn a_portfolio_yaml_without_a_library_between_does_not_hide_the_library_above() {
    let p = portfolio();
    p.write("agreements/portfolio.yaml", "title: 分组合\nagreements:\n  - id: b\n    path: b\n");
    let checked = run(&p.root().join("agreements/b"), &["check"]);
    assert!(!checked.stderr().contains("error"), "{}", checked.stderr());
}

#[test]
fn many_editions_make_pages_in_proportion_not_every_pair() {
    let p = portfolio();
    for n in 3..=14 {
        p.write(
            &format!("library/disputes/{n}.md"),
            &format!("---\ntitle: 争议处理\nkind: correction\n---\n\n第{n}稿。\n"),
        );
    }
    let out = p.root().join("public");
    access::build(p.root(), &out).ok();
    let dir = out.join("library/disputes");
    assert!(dir.join("2-3.html").is_file() && dir.join("1-14.html").is_file() && dir.join("5-14.html").is_file());
    assert!(!dir.join("1-3.html").exists(), "of 14 editions, not every pair");
}

#[test]
fn an_outdated_use_of_the_portfolio_s_library_names_the_portal_s_redline() {
    let p = portfolio();
    let b = p.root().join("agreements/b");
    let checked = run(&b, &["check"]);
    assert!(checked.stderr().contains("（门户上的对照：library/disputes/1-2.html）"), "{}", checked.stderr());
    let out = p.root().join("public");
    access::build(p.root(), &out).ok();
    assert!(out.join("library/disputes/1-2.html").is_file());
}

#[test]
fn watch_at_the_portfolio_rebuilds_when_its_library_is_edited() {
    let p = portfolio();
    let out = p.root().join("site");
    let log = p.root().join("watch.log");
    let mut child = common::watch(p.root(), access::TODAY, &out, &log);
    let page = |path: &str| std::fs::read_to_string(out.join(path)).unwrap_or_default();
    common::eventually("the first build", || page("b/clauses/disputes.html").contains("各方协商解决争议"));
    // A new edition: the agreement that uses the clause, and the library's pages, follow.
    p.write("library/disputes/3.md", "---\ntitle: 争议处理\nkind: update\n---\n\n各方提交仲裁。\n");
    common::eventually("the library's page", || page("library/disputes/index.html").contains("第 3 版"));
    common::eventually("b's finding", || page("b/findings.html").contains("最新为第 3 版"));
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn an_audience_s_rows_join_the_used_by_table_in_the_browser() {
    let p = access::portfolio("[hr]");
    for (path, text) in LIBRARY {
        p.write(path, text);
    }
    p.write(
        "pay/content/01-raise.md",
        "---\nid: raise\ntitle: 调薪细则\nowner: hr\nuse: disputes@1\n---\n\n机密正文甲乙丙。\n",
    );
    p.write("open/content/02-disputes.md", "---\nid: disputes\ntitle: 争议处理\nowner: hr\nuse: disputes@2\n---\n");
    let out = p.root().join("public");
    access::build(p.root(), &out).ok();
    let url = format!("file://{}", out.join("library/disputes/index.html").display());
    // From a folder nothing is enforced: the page loads hr's part, as a member of hr's would.
    let (dom, _, _) = browser::browse(&url, "library-used-by.png");
    let rows = browser::texts(&dom, "#used-by tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("公开协议") && rows[1].starts_with("薪酬保密协议"), "in portfolio order: {rows:?}");
    let url = format!("file://{}", out.join("library/disputes/1-2.html").display());
    let (dom, _, _) = browser::browse(&url, "library-redline.png");
    assert_eq!(browser::texts(&dom, "ins"), ["。"]);
}

#[test]
fn a_refused_use_in_one_agreement_leaves_every_agreement_s_files_as_they_were() {
    let p = portfolio();
    p.write("agreements/a/content/02-disputes.md", "---\nid: disputes\ntitle: 争议处理\nuse: disputes@1\n---\n");
    p.write("agreements/b/content/02-disputes.md", "---\nid: disputes\ntitle: 争议处理\nuse: >-\n  disputes@1\n---\n");
    let a = std::fs::read_to_string(p.root().join("agreements/a/content/02-disputes.md")).unwrap();
    let mut cmd = common::clausebook();
    cmd.args(["library", "upgrade", "disputes", "--root"]).arg(p.root());
    let run = common::Run(cmd.output().unwrap());
    assert_ne!(run.code(), 0);
    assert!(run.stderr().contains("（`use: disputes@2 sha256:"), "the value to write: {}", run.stderr());
    assert_eq!(std::fs::read_to_string(p.root().join("agreements/a/content/02-disputes.md")).unwrap(), a);
}

#[test]
fn a_library_that_is_a_file_is_said_so_once() {
    let p = portfolio();
    std::fs::remove_dir_all(p.root().join("library")).unwrap();
    p.write("library", "不是文件夹\n");
    let checked = run(&p.root().join("agreements/b"), &["check"]);
    assert!(checked.stderr().contains("是一个文件，不是条款库的文件夹"), "{}", checked.stderr());
    assert!(!checked.stderr().contains("没有条款"), "no use is said wrong again: {}", checked.stderr());
}
