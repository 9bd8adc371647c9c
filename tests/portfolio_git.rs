//! Agreements of a portfolio read from Git repositories (`git:`, `ref:`, `dir:` in
//! portfolio.yaml), made in temporary folders with the `git` program: the draft is the tree at the
//! ref and the releases are the repository's tags, with nothing in the repository touched and
//! nothing read through a link; bad repositories and refs are located errors; agreements sharing
//! one repository tag their releases `<id>/v*`.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, clausebook, files, git};

const TODAY: &str = "2026-12-07";

/// Runs `clausebook ARGS --root ROOT --today TODAY`.
fn run(root: &Path, args: &[&str]) -> Run {
    let mut cmd = clausebook();
    cmd.args(args).arg("--root").arg(root).args(["--today", TODAY]);
    Run(cmd.output().expect("run clausebook"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An agreement's `_index.md` titled `title`.
fn index(title: &str) -> String {
    common::INDEX.replace("测试协议", title)
}

fn clause(id: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: 目的\nowner: marketing\n---\n\n{body}\n")
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", message]);
}

/// A folder with `portfolio/` (agreement `a` in a folder, citing `fin`), `work/` (the finance
/// agreement's repository: v1.0, v1.1 annotated, then a draft on `main` and a commit on `next`,
/// and a link to a secret outside it) and `repos/fin.git`, a bare clone of it.
fn setup(portfolio: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let (p, work) = (t.path().join("portfolio"), t.path().join("work"));
    write(&p.join("portfolio.yaml"), portfolio);
    write(&p.join("a/content/_index.md"), &index("甲协议"));
    write(&p.join("a/content/01-purpose.md"), &clause("purpose", "见 [[fin:purpose]] 与 [[fin@v1.0:purpose]]。"));
    write(&t.path().join("secret.md"), "---\ntitle: 机密\n---\n\n机密内容不得外泄。\n");
    write(&work.join("content/_index.md"), &index("财务协议"));
    write(&work.join("content/01-purpose.md"), &clause("purpose", "第一版正文。"));
    git(&work, &["init", "-q"]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(t.path().join("secret.md"), work.join("content/02-leak.md")).unwrap();
    commit(&work, "v1.0");
    git(&work, &["tag", "v1.0"]);
    write(&work.join("content/01-purpose.md"), &clause("purpose", "第二版正文。"));
    commit(&work, "v1.1");
    git(&work, &["tag", "-a", "v1.1", "-m", "修订"]);
    write(&work.join("content/01-purpose.md"), &clause("purpose", "主干上的草案正文。"));
    commit(&work, "draft");
    git(&work, &["checkout", "-qb", "next"]);
    write(&work.join("content/01-purpose.md"), &clause("purpose", "另一分支的正文。"));
    commit(&work, "next");
    git(&work, &["checkout", "-q", "main"]);
    std::fs::create_dir_all(t.path().join("repos")).unwrap();
    git(t.path(), &["clone", "-q", "--bare", "work", "repos/fin.git"]);
    t
}

const PORTFOLIO: &str = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: a\n  - id: fin\n    git: ../repos/fin.git\n    ref: main\n";

/// Every file of every page under `site`, as one text.
fn all_pages(site: &Path) -> String {
    files(site).into_iter().map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned()).collect()
}

#[test]
fn a_bare_repository_builds_with_its_tags_as_releases_and_its_ref_as_the_draft() {
    let t = setup(PORTFOLIO);
    let (p, bare) = (t.path().join("portfolio"), t.path().join("repos/fin.git"));
    let before = files(&bare);
    let site = t.path().join("site");
    run(&p, &["check"]).ok();
    run(&p, &["build", "--out", site.to_str().unwrap()]).ok();
    assert!(site.join("fin/v1.0/clauses/purpose.html").is_file(), "the tag v1.0 is a release");
    assert!(site.join("fin/v1.1/clauses/purpose.html").is_file(), "the tag v1.1 is a release");
    let draft = read(&site.join("fin/draft/clauses/purpose.html"));
    assert!(draft.contains("主干上的草案正文"), "the draft is the tree at `main`");
    assert!(read(&site.join("fin/v1.0/clauses/purpose.html")).contains("第一版正文"));
    let pages = all_pages(&site);
    assert!(!pages.contains("另一分支的正文"), "nothing of another branch");
    assert!(!pages.contains("机密内容"), "a link in the repository is never followed");
    // The citations of `a` lead into `fin`'s site: unpinned to the release in force, pinned to v1.0.
    let citing = site.join("a/clauses/purpose.html");
    let html = read(&citing);
    let page = common::Page { html: scraper::Html::parse_document(&html), text: html.clone() };
    let hrefs = page.attrs("a[href*='fin/']", "href");
    assert!(hrefs.iter().any(|h| h.contains("fin/v1.1/clauses/purpose.html")), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h.contains("fin/v1.0/clauses/purpose.html")), "{hrefs:?}");
    for href in &hrefs {
        assert!(citing.parent().unwrap().join(href).is_file(), "{href} leads to a page");
    }
    assert!(read(&site.join("fin/v1.1/clauses/purpose.html")).contains("甲协议"), "fin's page lists who cites it");
    assert!(read(&site.join("index.html")).contains("财务协议"), "the portal lists it");
    // Its bundle, built at its repository as a CI node builds it.
    let bundle = t.path().join("bundle");
    let portfolio = ["--portfolio", p.to_str().unwrap()];
    run(&bare, &[&["build", "--bundle", bundle.to_str().unwrap()][..], &portfolio].concat()).ok();
    assert!(bundle.join("site/v1.1/clauses/purpose.html").is_file() && bundle.join("manifest.json").is_file());
    assert_eq!(files(&bare), before, "nothing in the repository was touched");
}

#[test]
fn a_repository_with_a_working_tree_is_read_at_its_head_and_left_as_it_is() {
    let t = setup(&PORTFOLIO.replace("../repos/fin.git\n    ref: main\n", "../work\n"));
    let (p, work) = (t.path().join("portfolio"), t.path().join("work"));
    write(&work.join("content/01-purpose.md"), &clause("purpose", "未提交的修改。"));
    let before = files(&work);
    let site = t.path().join("site");
    run(&p, &["build", "--out", site.to_str().unwrap()]).ok();
    let draft = read(&site.join("fin/draft/clauses/purpose.html"));
    assert!(draft.contains("主干上的草案正文"), "HEAD's tree, not the working tree");
    assert!(!all_pages(&site).contains("未提交的修改"));
    assert_eq!(files(&work), before, "the working tree, index and HEAD are untouched");
}

#[test]
fn a_missing_repository_a_bad_ref_and_a_tree_without_an_agreement_are_located_errors() {
    let yaml = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: a\n  - id: fin\n    git: ../repos/fin.git\n    ref: mian\n  - id: gone\n    git: ../repos/gone.git\n  - id: empty\n    git: ../repos/fin.git\n    ref: v1.0\n    dir: nowhere\n  - id: both\n    path: a\n    git: ../work\n  - id: stray\n    path: a\n    ref: main\n";
    let t = setup(yaml);
    let p = t.path().join("portfolio");
    let checked = run(&p, &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:8:10", "中没有名为 `mian` 的分支、标签或提交");
    checked.reports("portfolio.yaml:8:10", "是否想写 `main`");
    checked.reports("portfolio.yaml:10:10", "处没有 Git 仓库");
    checked.reports("portfolio.yaml:14:10", "其目录树中没有 nowhere/content/_index.md");
    checked.reports("portfolio.yaml:17:5", "不能两者都写");
    checked.reports("portfolio.yaml:20:5", "`ref:` 须与 `git:`");
    let site = t.path().join("site");
    assert_eq!(run(&p, &["build", "--out", site.to_str().unwrap()]).code(), 1);
    assert!(!site.exists(), "nothing written");
}

#[test]
fn an_editing_session_shows_a_git_agreement_read_only() {
    let t = setup(PORTFOLIO);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut session = clausebook::portfolio::live::PortfolioSession::new(&t.path().join("portfolio"), today)
        .map_err(|c| c.render())
        .unwrap();
    let built = session.rebuild(&[]).unwrap();
    let site = built.site.unwrap_or_else(|| panic!("{}", built.checked.render()));
    let page = site.get("fin/clauses/purpose.html").expect("fin's page").contiguous().into_owned();
    assert!(String::from_utf8(page).unwrap().contains("主干上的草案正文"));
    let again = session.rebuild(&[(1, PathBuf::from("content/01-purpose.md"))]).unwrap();
    assert!(again.site.is_some() && again.changed.is_empty(), "nothing read again: {:?}", again.changed);
}

/// One repository holding two agreements in folders `it/` and `hr/`, each tagging its releases
/// `<id>/v*`; `it` is given by its folder, `hr` by the repository and `dir:`.
#[test]
fn agreements_sharing_a_repository_take_their_own_id_tags_as_releases() {
    let t = tempfile::tempdir().unwrap();
    let (p, mono) = (t.path().join("portfolio"), t.path().join("mono"));
    write(
        &p.join("portfolio.yaml"),
        "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: it\n    path: ../mono/it\n  - id: hr\n    git: ../mono\n    dir: hr\n",
    );
    for (dir, title) in [("it", "信息协议"), ("hr", "人事协议")] {
        write(&mono.join(dir).join("content/_index.md"), &index(title));
        write(&mono.join(dir).join("content/01-purpose.md"), &clause("purpose", &format!("{title}第一版。")));
    }
    git(&mono, &["init", "-q"]);
    commit(&mono, "first");
    git(&mono, &["tag", "it/v1.0"]);
    git(&mono, &["tag", "hr/v1.0"]);
    write(&mono.join("hr/content/01-purpose.md"), &clause("purpose", "人事协议第二版。"));
    commit(&mono, "hr v2");
    git(&mono, &["tag", "hr/v2.0"]);
    git(&mono, &["tag", "v9.0"]);
    let site = t.path().join("site");
    run(&p, &["build", "--out", site.to_str().unwrap()]).ok();
    assert!(site.join("it/v1.0/index.html").is_file() && site.join("hr/v1.0/index.html").is_file());
    assert!(read(&site.join("hr/v2.0/clauses/purpose.html")).contains("人事协议第二版"));
    for absent in ["it/v2.0", "it/v9.0", "hr/v9.0", "it/it", "hr/hr"] {
        assert!(!site.join(absent).exists(), "{absent}: only the agreement's own tags");
    }
    let versions = read(&site.join("hr/index.html"));
    assert!(versions.contains("v2.0") && !versions.contains("hr/v2.0"), "the release is named v2.0");
}

#[test]
fn a_file_in_git_larger_than_the_limit_is_a_located_error_and_is_never_read() {
    let t = setup(PORTFOLIO);
    let work = t.path().join("work");
    // 65 MiB of one letter: a small repository, a large file.
    let mut huge = clause("huge", "").into_bytes();
    huge.resize(huge.len() + (65 << 20), b'a');
    std::fs::write(work.join("content/03-huge.md"), huge).unwrap();
    commit(&work, "huge");
    git(&work, &["push", "-q", "../repos/fin.git", "main"]);
    let p = t.path().join("portfolio");
    let checked = run(&p, &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    // As a file of that size on disk is: an error at the file, its bytes never read.
    let err = checked.stderr();
    assert!(err.contains("--> ../repos/fin.git/content/03-huge.md:1:1") && err.contains("64 MiB"), "{err}");
    let site = t.path().join("site");
    assert_eq!(run(&p, &["build", "--out", site.to_str().unwrap()]).code(), 1);
    assert!(!site.exists(), "nothing written");
}

#[test]
fn a_ref_or_id_written_as_a_number_is_an_error_unless_it_reads_as_written() {
    let yaml = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: 007\n    path: a\n  - id: fin\n    git: ../repos/fin.git\n    ref: 1.10\n";
    let t = setup(yaml);
    let p = t.path().join("portfolio");
    let checked = run(&p, &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:4:9", "`id` 被读作数字 7，与所写不同：请加引号");
    checked.reports("portfolio.yaml:8:10", "`ref` 被读作数字 1.1，与所写不同：请加引号");
    // Quoted, they are text as written.
    std::fs::write(p.join("portfolio.yaml"), yaml.replace("007", "a").replace("1.10", "\"v1.1\"")).unwrap();
    let quoted = run(&p, &["check"]);
    assert!(!quoted.stderr().contains("被读作数字"), "{}", quoted.stderr());
}
