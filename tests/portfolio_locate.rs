//! Where a portfolio's agreements are, said exactly: `build --bundle` picks an agreement by its id
//! (`--agreement`) or by its folder, and a folder or repository of several is an error naming
//! each; a `ref:` names a commit, once (a tag of a tree, or a name that is a tag and a branch, is
//! an error at its line); `dir:` is one folder however it is written; ids that one
//! case-insensitive disk takes for one folder, or for the portal's own, are errors at their
//! line; and an agreement's folder moved away under `watch` is an error until it is back.

mod common;

use std::path::Path;

use common::{Run, clausebook, english_sentences, eventually, files, git};

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
    std::fs::read_to_string(path).unwrap_or_default()
}

/// An agreement's `_index.md` titled `title`.
fn index(title: &str) -> String {
    common::INDEX.replace("测试协议", title)
}

fn clause(body: &str) -> String {
    format!("---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n{body}\n")
}

/// A folder with `mono/`, a repository holding the agreements `ag/one` and `ag/two` (one commit,
/// on `main`), and `portfolio/portfolio.yaml` holding `portfolio`.
fn mono(portfolio: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let mono = t.path().join("mono");
    for (dir, title) in [("one", "甲协议"), ("two", "乙协议")] {
        write(&mono.join("ag").join(dir).join("content/_index.md"), &index(title));
        write(&mono.join("ag").join(dir).join("content/01-purpose.md"), &clause(&format!("{title}正文。")));
    }
    git(&mono, &["init", "-q"]);
    git(&mono, &["add", "-A"]);
    git(&mono, &["commit", "-qm", "first"]);
    write(&t.path().join("portfolio/portfolio.yaml"), portfolio);
    t
}

const TWO_IN_ONE: &str = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: one\n    git: ../mono\n    dir: ag/one\n  - id: two\n    git: ../mono\n    dir: ag/two\n";

/// `clausebook build --bundle OUT --portfolio P ARGS` (with `--root ROOT` when given).
fn bundle(p: &Path, root: Option<&Path>, out: &Path, args: &[&str]) -> Run {
    let mut cmd = clausebook();
    cmd.args(["build", "--today", TODAY, "--bundle"]).arg(out).arg("--portfolio").arg(p).args(args);
    if let Some(root) = root {
        cmd.arg("--root").arg(root);
    }
    Run(cmd.output().expect("run clausebook"))
}

#[test]
fn a_repository_of_two_agreements_is_bundled_by_id_and_by_folder_and_never_by_a_guess() {
    let t = mono(TWO_IN_ONE);
    let (p, repo) = (t.path().join("portfolio"), t.path().join("mono"));
    let title = |out: &Path| read(&out.join("site/index.html"));
    // By id, from anywhere: each its own agreement.
    for (id, name) in [("one", "甲协议"), ("two", "乙协议")] {
        let out = t.path().join(format!("by-id-{id}"));
        bundle(&p, None, &out, &["--agreement", id]).ok();
        assert!(title(&out).contains(name), "--agreement {id} bundles {id}");
    }
    // By its folder (as `clausebook agreements` lists it): the second is the second.
    let out = t.path().join("by-folder");
    bundle(&p, Some(&repo.join("ag/two")), &out, &[]).ok();
    assert!(title(&out).contains("乙协议"), "--root at ag/two bundles two");
    // The repository holds both: an error at the first one's line naming each, nothing written.
    let out = t.path().join("guess");
    let guessed = bundle(&p, Some(&repo), &out, &[]);
    assert_eq!(guessed.code(), 1, "{}", guessed.stderr());
    guessed.reports("portfolio.yaml:4:9", "中有协议组合的多个协议：one, two");
    guessed.reports("portfolio.yaml:4:9", "`--agreement one`, `--agreement two`");
    guessed.reports("portfolio.yaml:4:9", "portfolio.yaml:7:9: 这里也有一个：`--agreement two`");
    assert!(english_sentences(&guessed.stderr()).is_empty(), "{}", guessed.stderr());
    assert!(!out.exists(), "nothing written");
    // An id the portfolio has not: the closest one.
    let wrong = bundle(&p, None, &out, &["--agreement", "tow"]);
    assert_ne!(wrong.code(), 0);
    assert!(wrong.stderr().contains("中没有协议 `tow`：是否想写 `two`"), "{}", wrong.stderr());
    assert!(!out.exists(), "nothing written");
}

#[test]
fn two_folder_agreements_of_one_repository_are_told_apart_the_same_way() {
    let yaml = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: one\n    path: ../mono/ag/one/\n  - id: two\n    path: ./../mono/ag/two\n";
    let t = mono(yaml);
    let (p, repo) = (t.path().join("portfolio"), t.path().join("mono"));
    let out = t.path().join("bundle");
    bundle(&p, Some(&repo.join("ag/one")), &out, &[]).ok();
    assert!(read(&out.join("site/index.html")).contains("甲协议"));
    let guessed = bundle(&p, Some(&repo.join("ag")), &t.path().join("guess"), &[]);
    assert_eq!(guessed.code(), 1, "{}", guessed.stderr());
    guessed.reports("portfolio.yaml:4:9", "中有协议组合的多个协议：one, two");
}

#[test]
fn a_ref_names_one_commit_or_is_an_error_at_its_line_saying_what_it_names() {
    let t = mono(TWO_IN_ONE);
    let (p, repo) = (t.path().join("portfolio"), t.path().join("mono"));
    git(&repo, &["tag", "tree", "HEAD^{tree}"]);
    git(&repo, &["tag", "-a", "blob", "-m", "一个文件", "HEAD:ag/one/content/_index.md"]);
    git(&repo, &["tag", "x"]);
    git(&repo, &["branch", "x"]);
    let at = |refs: [&str; 2]| {
        let yaml = TWO_IN_ONE.replace("dir: ag/one\n", &format!("ref: {}\n    dir: ag/one\n", refs[0]));
        yaml.replace("dir: ag/two\n", &format!("ref: {}\n    dir: ag/two\n", refs[1]))
    };
    write(&p.join("portfolio.yaml"), &at(["tree", "blob"]));
    let checked = run(&p, &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:6:10", "中的 `tree` 指向 Git 的 `tree` 对象，不是提交");
    checked.reports("portfolio.yaml:10:10", "中的 `blob` 指向 Git 的 `blob` 对象，不是提交");
    checked.reports("portfolio.yaml:10:10", "请写分支、提交，或指向提交的标签");
    assert!(!checked.stderr().contains("没有名为"), "it is there, and is no commit: {}", checked.stderr());
    // `x` is a tag and a branch: Git would take the tag without a word.
    write(&p.join("portfolio.yaml"), &at(["x", "main"]));
    let ambiguous = run(&p, &["check"]);
    assert_eq!(ambiguous.code(), 1, "{}", ambiguous.stderr());
    ambiguous.reports("portfolio.yaml:6:10", "中的 `x` 可指多个引用：`refs/tags/x`, `refs/heads/x`");
    ambiguous.reports("portfolio.yaml:6:10", "请写出所指引用的全名：`ref: refs/tags/x`, `ref: refs/heads/x`");
    assert!(english_sentences(&ambiguous.stderr()).is_empty(), "{}", ambiguous.stderr());
    // Either full name is one ref.
    write(&p.join("portfolio.yaml"), &at(["refs/tags/x", "refs/heads/x"]));
    run(&p, &["check"]).ok();
}

#[test]
fn a_dir_is_one_folder_however_written_and_never_leaves_the_repository() {
    let yaml = TWO_IN_ONE.replace("dir: ag/one", "dir: ./ag/one").replace("dir: ag/two", "dir: ag//two/");
    let t = mono(&yaml);
    let p = t.path().join("portfolio");
    run(&p, &["check"]).ok();
    let listed = Run(clausebook().arg("agreements").arg("--root").arg(&p).output().unwrap()).ok();
    assert_eq!(listed.stdout(), "one\t../mono/ag/one\ntwo\t../mono/ag/two\n", "listed as one folder each");
    // The same folder written two ways is the same folder.
    write(&p.join("portfolio.yaml"), &yaml.replace("ag//two/", "ag/one/."));
    run(&p, &["check"]).reports("portfolio.yaml:8:10", "这个文件夹已经是协议 `one`");
    for (bad, col) in [("../ag/one", 10), ("ag/../../x", 10), ("/ag/one", 10)] {
        write(&p.join("portfolio.yaml"), &yaml.replace("./ag/one", bad));
        let checked = run(&p, &["check"]);
        assert_eq!(checked.code(), 1, "{bad}: {}", checked.stderr());
        checked.reports(&format!("portfolio.yaml:6:{col}"), &format!("`{bad}` 不是仓库内的文件夹"));
    }
}

#[test]
fn ids_one_disk_takes_for_one_folder_are_errors_at_the_later_line_naming_the_first() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    for dir in ["a", "b", "c", "d", "e"] {
        write(&p.join(dir).join("content/_index.md"), &index("协议"));
    }
    let nfd = "cafe\u{301}";
    let yaml = format!(
        "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: A\n    path: a\n  - id: a\n    path: b\n  - id: café\n    path: c\n  - id: {nfd}\n    path: d\n  - id: Search\n    path: e\n"
    );
    write(&p.join("portfolio.yaml"), &yaml);
    let checked = run(p, &["check"]);
    assert_eq!(checked.code(), 1, "{}", checked.stderr());
    checked.reports("portfolio.yaml:6:9", "协议 id `a` 与 `A` 只有大小写不同");
    checked.reports("portfolio.yaml:6:9", "portfolio.yaml:4:9: 第一次出现在这里");
    checked.reports("portfolio.yaml:10:9", &format!("协议 id `{nfd}` 与 `café` 只有大小写不同"));
    checked.reports("portfolio.yaml:10:9", "portfolio.yaml:8:9: 第一次出现在这里");
    checked.reports(
        "portfolio.yaml:12:9",
        "`Search` 在 Windows 和 macOS 上（其磁盘不区分大小写）就是门户自己的文件夹 `search`",
    );
    // Every folder of the portal's own, in any case, and the addresses `serve` answers itself.
    for own in ["static", "DEPARTMENTS", "Search", "_A", "__clausebook", "__ClauseBook"] {
        write(&p.join("portfolio.yaml"), &format!("title: 组合\nagreements:\n  - id: {own}\n    path: a\n"));
        let checked = run(p, &["check"]);
        assert_eq!(checked.code(), 1, "{own}: {}", checked.stderr());
        checked.reports("portfolio.yaml:3:9", "门户自己的文件夹");
    }
    let site = p.join("site");
    assert_eq!(run(p, &["build", "--out", site.to_str().unwrap()]).code(), 1);
    assert!(!site.exists(), "nothing written");
}

#[test]
fn an_agreement_moved_away_under_watch_is_an_error_at_its_line_and_its_return_recovers() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("portfolio");
    for (dir, title) in [("one", "甲协议"), ("two", "乙协议")] {
        write(&p.join("agreements").join(dir).join("content/_index.md"), &index(title));
        write(&p.join("agreements").join(dir).join("content/01-purpose.md"), &clause(&format!("{title}正文。")));
    }
    // A warning of the agreement that will be moved away: not said of its gone files.
    write(&p.join("agreements/one/content/02-extra.md"), "---\ntitle: 附则\nownr: x\n---\n\n附则正文。\n");
    write(
        &p.join("portfolio.yaml"),
        "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: one\n    path: agreements/one\n  - id: two\n    path: agreements/two\n",
    );
    let (out, log) = (t.path().join("site"), t.path().join("watch.log"));
    let mut child = common::watch(&p, TODAY, &out, &log);
    let page = |path: &str| read(&out.join(path));
    eventually("the first build", || page("one/clauses/purpose.html").contains("甲协议正文"));
    let before = files(&out);
    let away = t.path().join("away");
    std::fs::rename(p.join("agreements/one"), &away).unwrap();
    let said = |what: &str| {
        let log = read(&log);
        log.split("\n\n").any(|b| b.contains("--> portfolio.yaml:4:9\n") && b.contains(what))
    };
    eventually("the agreement reported missing", || said("协议 `one` 的文件夹不见了（agreements/one）"));
    assert!(said("请把它移回原处"), "{}", read(&log));
    assert!(!read(&log).contains("agreements/one/content/02-extra.md"), "{}", read(&log));
    assert!(read(&log).contains("网站仍是上一次成功生成的"), "{}", read(&log));
    assert!(files(&out) == before, "the last good site stays");
    // Back, edited while away: read again whole.
    write(&away.join("content/01-purpose.md"), &clause("甲协议回来后的正文。"));
    std::fs::rename(&away, p.join("agreements/one")).unwrap();
    eventually("the site rebuilt", || page("one/clauses/purpose.html").contains("回来后的正文"));
    write(&p.join("agreements/one/content/01-purpose.md"), &clause("再次修改。"));
    eventually("edits seen again", || page("one/clauses/purpose.html").contains("再次修改"));
    let _ = child.kill();
    let _ = child.wait();
}
