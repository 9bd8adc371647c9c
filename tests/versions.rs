//! Versioned sites from real Git repositories made in temporary folders: releases from tags and
//! from declarations, the draft, the switcher, banners, changelogs and redlines, and the bad cases.

mod common;

use std::path::Path;

use common::*;

fn commit(p: &Project, message: &str) -> String {
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", message]);
    git(p.root(), &["rev-parse", "HEAD"])
}

const MEETING_V1: &str = "---\ntitle: 例会\nowner: marketing\nduties:\n  - {text: 召集例会, owner: marketing}\n---\n考核结果分为优秀、良好、合格、待改进四档。\n";
const MEETING_V2: &str = "---\ntitle: 例会\nowner: brand\nduties:\n  - {text: 召集例会, owner: marketing}\n  - {text: 分发纪要, owner: brand}\n---\n考核结果分为优秀、良好、合格、不合格四档。\n";

/// v1.0: purpose + meeting + old; v1.1 (annotated): meeting amended; v2.0: old removed, budget
/// added before the meeting (renumbering it); a dirty working tree on top.
fn repository() -> Project {
    let p = Project::with(&[
        ("content/01-purpose.md", "---\ntitle: 目的\nowner: marketing\n---\n本协议的目的。\n"),
        ("content/02-meeting.md", MEETING_V1),
        ("content/03-old.md", "---\ntitle: 旧条款\n---\n将被删除。\n"),
    ]);
    git(p.root(), &["init", "-q"]);
    commit(&p, "v1.0");
    git(p.root(), &["tag", "v1.0"]);
    p.write("content/02-meeting.md", MEETING_V2);
    commit(&p, "v1.1");
    git(p.root(), &["tag", "-a", "v1.1", "-m", "第一次修订"]);
    std::fs::remove_file(p.root().join("content/03-old.md")).unwrap();
    p.write("content/01b-budget.md", "---\ntitle: 预算\norder: 1\nid: budget\n---\n预算条款。\n");
    commit(&p, "v2.0");
    git(p.root(), &["tag", "v2.0"]);
    p.write("content/01-purpose.md", "---\ntitle: 目的\nowner: marketing\n---\n本协议的目的与范围。\n");
    p
}

#[test]
fn every_release_and_the_draft_are_published_side_by_side() {
    let p = repository();
    let run = p.build().ok();
    for v in ["v1.0", "v1.1", "v2.0", "draft", "latest"] {
        assert!(p.public().join(v).join("index.html").is_file(), "{v} missing: {}", run.stderr());
    }
    let root = p.page("index.html");
    assert_eq!(root.texts("table.versions tbody tr td:first-child a"), ["草稿", "v2.0", "v1.1", "v1.0"]);
    assert!(root.texts("table.versions tr.latest").iter().any(|t| t.contains("v2.0") && t.contains("2026-01-10")));
    assert_eq!(root.attrs(".lead a", "href"), ["v2.0/index.html"]);
    // latest/ is the newest release.
    assert_eq!(p.page("latest/clauses/meeting.html").text_of("h1"), p.page("v2.0/clauses/meeting.html").text_of("h1"));
    // A clause keeps its URL in every version even when renumbered.
    assert_eq!(p.page("v1.0/clauses/meeting.html").text_of("h1"), "第2条 例会");
    assert_eq!(p.page("v2.0/clauses/meeting.html").text_of("h1"), "第3条 例会");
}

#[test]
fn the_switcher_goes_to_the_same_clause_or_that_versions_index() {
    let p = repository();
    p.build().ok();
    // A page names the versions before it (a later release must not change it): the reader's
    // browser adds the later ones from versions.js (tests/publish.rs).
    let page = p.page("v1.1/clauses/old.html");
    let links = page.attrs(".version-switch a", "href");
    assert_eq!(links, ["../../v1.1/clauses/old.html", "../../v1.0/clauses/old.html", "../../index.html"]);
    let meeting = p.page("v2.0/clauses/meeting.html");
    assert!(meeting.attrs(".version-switch a", "href").contains(&"../../v1.0/clauses/meeting.html".to_string()));
    // A clause an earlier version had: a later version has a page saying it is gone, where the
    // switcher of the earlier version's page leads.
    let gone = p.page("v2.0/clauses/old.html");
    assert_eq!(gone.text_of("h1"), "本版本中没有此页");
    assert_eq!(gone.attrs("main a", "href"), ["../../history/old.html", "../index.html"]);
    // The draft knows every version: its switcher lists them all, a clause it lacks leading to
    // that version's index.
    let draft = p.page("draft/clauses/meeting.html");
    assert_eq!(draft.attrs(".version-switch li:not(.all) a", "href").len(), 4);
}

#[test]
fn old_versions_and_the_draft_carry_a_banner() {
    let p = repository();
    p.build().ok();
    // A release's banner waits in the page, hidden, for the browser to show once a later release
    // exists (tests/publish.rs); the draft's is there for every reader.
    let v10 = p.page("v1.0/index.html");
    assert_eq!(v10.attrs(".version-banner[hidden]", "data-version"), ["v1.0"]);
    assert_eq!(v10.text_of(".version-banner"), "你正在查看的是旧版本 v1.0，当前版本为");
    assert!(p.page("draft/index.html").text_of(".version-banner:not([hidden])").contains("草稿"));
    assert_eq!(p.page("v2.0/index.html").attrs(".version-banner[hidden]", "data-version"), ["v2.0"]);
    assert_eq!(
        p.page("draft/clauses/meeting.html").attrs(".version-banner a", "href"),
        ["../../v2.0/clauses/meeting.html"]
    );
}

#[test]
fn the_changelog_says_what_changed_in_words_and_redlines_one_character() {
    let p = repository();
    p.build().ok();
    let v11 = p.page("v1.1/changes.html");
    let words = v11.texts("#change-meeting .field-changes li");
    assert!(words.contains(&"负责方由「营销部」改为「品牌部」".to_string()), "{words:?}");
    assert!(words.iter().any(|w| w == "新增职责「分发纪要」（负责方：品牌部）"), "{words:?}");
    let redline = &v11.texts("#change-meeting .redline")[0];
    assert_eq!(v11.texts("#change-meeting .redline del"), ["待改进"]);
    assert_eq!(v11.texts("#change-meeting .redline ins"), ["不合格"]);
    assert!(redline.contains("合格、待改进不合格四档"), "{redline}");

    let v2 = p.page("v2.0/changes.html");
    assert_eq!(v2.texts(".changes.added li"), ["第2条 预算"]);
    assert!(v2.texts(".changes.removed li")[0].contains("第3条 旧条款"));
    assert!(
        v2.texts(".changes.renumbered li").contains(&"第2条 → 第3条 例会".to_string()),
        "{:?}",
        v2.texts(".changes.renumbered li")
    );
    let draft = p.page("draft/changes.html");
    assert_eq!(draft.texts(".redline ins"), ["与范围"]);
    assert!(p.page("v1.0/changes.html").text_of("main").contains("第一个版本"));
}

#[test]
fn any_two_versions_of_a_clause_can_be_compared() {
    let p = repository();
    p.build().ok();
    let history = p.page("history/meeting.html");
    assert_eq!(history.texts(".history-versions li a"), ["v1.0", "v1.1", "v2.0", "草稿"]);
    let data: serde_json::Value = serde_json::from_str(&history.texts("#versions-data")[0]).unwrap();
    let text = |i: usize| data["texts"][data["entries"][i]["text"].as_u64().unwrap() as usize].clone();
    assert_eq!(text(0), "考核结果分为优秀、良好、合格、待改进四档。\n");
    assert_eq!(data["entries"][1]["version"], "v1.1");
    // v1.1, v2.0 and the draft have the same text: it is sent once.
    assert_eq!(data["texts"].as_array().unwrap().len(), 2, "{data}");
    assert_eq!([text(1), text(2)], [text(3), text(3)]);
    assert!(p.public().join("static/compare.js").is_file());
}

#[test]
fn building_reads_git_without_touching_the_working_tree_index_or_head() {
    let p = repository();
    let status = git(p.root(), &["status", "--porcelain"]);
    let head = git(p.root(), &["rev-parse", "HEAD"]);
    p.build().ok();
    p.write(".gitignore", "/public/\n");
    assert_eq!(git(p.root(), &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(p.root(), &["status", "--porcelain", "--", "content"]),
        status.lines().filter(|l| l.contains("content")).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn old_releases_never_fail_the_build_but_the_draft_does() {
    let p = repository();
    // v2.1 has a broken clause; the draft fixes it.
    p.write("content/09-bad.md", "---\ntitle: 坏\nowner: 不存在的部门\n---\n");
    commit(&p, "bad");
    git(p.root(), &["tag", "v2.1"]);
    p.write("content/09-bad.md", "---\ntitle: 好\nowner: brand\n---\n");
    let run = p.build().ok();
    assert!(run.stderr().contains("--> v2.1:content/09-bad.md:3:8"), "{}", run.stderr());
    assert!(p.page("v2.1/findings.html").text_of(".finding.error").contains("不存在的部门"));
    // Now break the draft: nothing is written.
    p.write("content/09-bad.md", "---\ntitle: 坏\nowner: 不存在的部门\n---\n");
    let before = std::fs::read(p.public().join("index.html")).unwrap();
    let run = p.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(std::fs::read(p.public().join("index.html")).unwrap(), before);
}

#[test]
fn releases_can_be_declared_by_commit_when_tags_are_not_there() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n一。\n")]);
    git(p.root(), &["init", "-q"]);
    let first = commit(&p, "first");
    p.write("content/01-a.md", "---\ntitle: 甲\n---\n二。\n");
    let second = commit(&p, "second");
    p.write(
        "content/_index.md",
        &INDEX.replace(
            "---\n\n前言",
            &format!("versions:\n  releases:\n    v1.0: {first}\n    v1.1: {}\n---\n\n前言", &second[..12]),
        ),
    );
    let run = p.build().ok();
    assert!(
        p.public().join("v1.0/index.html").is_file() && p.public().join("v1.1/index.html").is_file(),
        "{}",
        run.stderr()
    );
    assert!(p.public().join("draft/index.html").is_file(), "the declaration itself makes the working tree differ");
    assert_eq!(p.page("v1.1/changes.html").texts(".redline ins"), ["二"]);
}

#[test]
fn bad_cases_give_clear_messages_and_a_site() {
    // Not a Git repository: the working tree alone, with a note.
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
    let run = p.build().ok();
    assert!(run.stderr().contains("note: 项目不在 Git 仓库中"), "{}", run.stderr());
    assert!(!run.stderr().contains("info[versions]"), "a remark, not a finding at _index.md:1:1: {}", run.stderr());
    assert!(p.public().join("clauses/a.html").is_file());

    // A declared release whose commit this (shallow) clone lacks; a tag without content/; two tags on one commit.
    let p = repository();
    git(p.root(), &["tag", "v2.0-final", "v2.0"]);
    // A tag that cannot name a folder of the site.
    git(p.root(), &["tag", "v1/beta", "v2.0"]);
    let empty_tree = git(p.root(), &["hash-object", "-t", "tree", "/dev/null"]);
    let orphan = git(p.root(), &["commit-tree", &empty_tree, "-m", "nothing"]);
    git(p.root(), &["tag", "v0.9", &orphan]);
    p.write(
        "content/_index.md",
        &INDEX.replace(
            "---\n\n前言",
            "versions:\n  releases:\n    v0.1: 0123456789abcdef0123456789abcdef01234567\n---\n\n前言",
        ),
    );
    // A tag whose commit the clone does not have (what a shallow clone leaves behind).
    std::fs::write(p.root().join(".git/refs/tags/v0.5"), "89abcdef0123456789abcdef0123456789abcdef\n").unwrap();
    let run = p.build().ok();
    let err = run.stderr();
    assert!(err.contains("跳过版本 v0.5：读不到它的提交"), "{err}");
    assert!(err.contains("git fetch --unshallow"), "{err}");
    assert!(err.contains("跳过版本 v0.1：`0123456789abcdef0123456789abcdef01234567` 不是本仓库的提交"), "{err}");
    assert!(err.contains("跳过版本 v0.9：它的目录树中没有 content/ 文件夹"), "{err}");
    assert!(err.contains("跳过版本 v1/beta：`v1/beta` 不能作为版本名"), "{err}");
    // `v2.0-final` is a pre-release of `v2.0` (SemVer), so it sorts before it.
    assert!(err.contains("版本 v2.0-final 与 v2.0 是同一个提交"), "{err}");
    let root = p.page("index.html");
    assert_eq!(root.texts("table.versions tbody tr td:first-child a"), ["草稿", "v2.0", "v2.0-final", "v1.1", "v1.0"]);

    // --no-versions builds the working tree alone.
    let run = p.run(&["build", "--no-versions"]).ok();
    assert!(p.public().join("clauses/meeting.html").is_file(), "{}", run.stderr());
}

#[test]
fn the_example_repository_publishes_its_releases_and_the_draft() {
    let (_out, site, err) = build_repository_site();
    assert!(
        !err.contains("skipped") && !err.contains("跳过"),
        "every declared release must be in this clone (a full clone, not a shallow one): {err}"
    );
    for v in ["v1.0", "v1.1", "v2.0", "draft", "latest"] {
        assert!(site.join(v).join("index.html").is_file(), "{v} missing:\n{err}");
    }
    let changes = std::fs::read_to_string(site.join("v1.1/changes.html")).unwrap();
    assert!(
        changes.contains("职责「会后一个工作日内分发会议纪要」的负责方由品牌部改为营销部"),
        "the v1.1 amendment moves a duty"
    );
    assert!(changes.contains("营销部的预算分摊比例由 60% 改为 55%"));
    assert!(changes.contains("品牌危机应对"));
}

#[test]
fn a_declared_release_may_carry_its_date_read_strictly() {
    let p = Project::with(&[("content/01-purpose.md", "---\ntitle: 目的\nowner: marketing\n---\n本协议的目的。\n")]);
    git(p.root(), &["init", "-q"]);
    let first = commit(&p, "first");
    let index = common::INDEX.replacen(
        "---\n\n",
        &format!("versions:\n  releases:\n    v1.0: {{commit: {first}, date: 2025-03-01}}\n    v1.1: {{comit: {first}, dat: 2025-04-01}}\n---\n\n"),
        1,
    );
    p.write("content/_index.md", &index);
    let run = p.run(&["check"]);
    run.reports("content/_index.md:15:12", "`comit` 不是版本 v1.1 的设置");
    run.reports("content/_index.md:15:11", "版本 v1.1 没有 `commit`");
    assert!(run.stderr().contains("`commit`") && run.stderr().contains("`date`"), "did you mean: {}", run.stderr());
    p.write("content/_index.md", &index.replace("    v1.1: {comit", "    # v1.1: {comit"));
    p.build().ok();
    assert_eq!(
        p.page("index.html").texts("table.versions time"),
        ["2025-03-01"],
        "the declared date, not the commit's"
    );
}

/// Every file under `folder` of the site: its bytes and its inode (the same inode is the same file,
/// kept by a hard link, with its modification time).
fn files_of(p: &Project, folder: &str) -> std::collections::BTreeMap<String, (Vec<u8>, u64)> {
    use std::os::unix::fs::MetadataExt;
    let dir = p.public().join(folder);
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
            (path, (std::fs::read(e.path()).unwrap(), e.metadata().unwrap().ino()))
        })
        .collect()
}

#[test]
fn releases_are_built_once_and_kept_as_they_are_when_later_ones_come() {
    let p = repository();
    p.build().ok();
    let v10 = files_of(&p, "v1.0");
    let v20 = files_of(&p, "v2.0");
    let draft = files_of(&p, "draft");
    assert!(v10.contains_key(".clausebook-build"), "a release folder carries its stamp");

    // An edit of the draft: the releases' folders are kept, file for file (the test runs with
    // CLAUSEBOOK_VERIFY_CACHES, which also makes each kept folder afresh and compares).
    p.write("content/01-purpose.md", "---\ntitle: 目的\nowner: marketing\n---\n本协议的目的（修订中）。\n");
    p.build().ok();
    assert_eq!(files_of(&p, "v1.0"), v10, "v1.0 is kept: same bytes, same files");
    assert_eq!(files_of(&p, "v2.0"), v20);
    assert_ne!(files_of(&p, "draft"), draft, "the draft is made again");

    // A new release: the earlier releases do not change at all (their pages name only the
    // versions before them; the browser learns of v3.0 from versions.js).
    commit(&p, "v3.0");
    git(p.root(), &["tag", "v3.0"]);
    p.build().ok();
    assert_eq!(files_of(&p, "v1.0"), v10);
    assert_eq!(files_of(&p, "v2.0"), v20, "v2.0 is no longer the newest, and is the same");
    let versions = std::fs::read_to_string(p.public().join("versions.js")).unwrap();
    assert!(versions.contains(r#""latest":"v3.0""#), "{versions}");
    assert!(p.public().join("v3.0/index.html").is_file());

    // Another day: pages that say what is overdue are made again.
    p.run(&["build", "--today", "2026-02-01"]).ok();
    let again = files_of(&p, "v1.0");
    assert_ne!(again[".clausebook-build"], v10[".clausebook-build"]);
    assert_ne!(again["index.html"].1, v10["index.html"].1, "written anew");
}

#[test]
fn a_kept_release_folder_edited_by_hand_is_made_again() {
    let p = repository();
    p.build().ok();
    let bytes = |folder: &str| -> std::collections::BTreeMap<String, Vec<u8>> {
        files_of(&p, folder).into_iter().map(|(path, (bytes, _))| (path, bytes)).collect()
    };
    // The paths whose bytes differ (or that only one side has), rather than every byte.
    let differ = |now: &std::collections::BTreeMap<String, Vec<u8>>,
                  then: &std::collections::BTreeMap<String, Vec<u8>>| {
        let paths: std::collections::BTreeSet<&String> = now.keys().chain(then.keys()).collect();
        paths.into_iter().filter(|p| now.get(*p) != then.get(*p)).cloned().collect::<Vec<String>>()
    };
    let (v10, v20, latest) = (bytes("v1.0"), bytes("v2.0"), bytes("latest"));
    let stamp = String::from_utf8(v10[".clausebook-build"].clone()).unwrap();
    assert!(stamp.contains(" clauses/meeting.html\n"), "the stamp lists the folder's files: {stamp}");
    // Without the verification mode, as users build.
    let build = || {
        let run = clausebook()
            .env("CLAUSEBOOK_VERIFY_CACHES", "0")
            .args(["build", "--today", "2026-01-15", "--root"])
            .arg(p.root())
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    };
    let meeting = p.public().join("v1.0/clauses/meeting.html");

    // Changed in place, keeping its size (the same file in the next site: hard links).
    let page = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(&meeting, page.replacen("例会", "晚会", 1)).unwrap();
    let v20_inodes = files_of(&p, "v2.0");
    build();
    assert_eq!(differ(&bytes("v1.0"), &v10), [""; 0], "the edited page is made again, byte for byte as before");
    assert_eq!(files_of(&p, "v2.0"), v20_inodes, "an untouched folder is still kept (same files)");

    // A file added, one removed, and one emptied, each in a folder of its own.
    p.write("public/v1.0/clauses/extra.html", "<p>added by hand</p>");
    std::fs::remove_file(p.public().join("latest/index.html")).unwrap();
    std::fs::write(p.public().join("v2.0/print.html"), "").unwrap();
    build();
    assert_eq!(differ(&bytes("v1.0"), &v10), [""; 0], "the added file is gone");
    assert_eq!(differ(&bytes("latest"), &latest), [""; 0], "the removed file is back");
    assert_eq!(differ(&bytes("v2.0"), &v20), [""; 0], "the emptied file is whole again");

    // The same in the verification mode (which used to fail on the kept folder's difference).
    std::fs::write(&meeting, "edited").unwrap();
    p.build().ok();
    assert_eq!(differ(&bytes("v1.0"), &v10), [""; 0]);
}

/// `content/_index.md` with the project's own fields: `venue` in the changelog (the default),
/// `minutes` declared out of it.
fn index_with_fields(fields: &str) -> String {
    INDEX.replacen("---\n\n", &format!("fields:\n{fields}---\n\n"), 1)
}

#[test]
fn declared_fields_say_whether_the_changelog_reports_them_compared_by_value() {
    let fields = "  venue: 地点\n  minutes:\n    description: 纪要\n    changelog: false\n";
    let p = Project::with(&[
        ("content/01-a.md", "---\ntitle: 甲\nvenue: 一楼\nminutes: 王\n---\n正文。\n"),
        ("content/02-b.md", "---\ntitle: 乙\nvenue: 二楼\n---\n正文。\n"),
        ("content/03-c.md", "---\ntitle: 丙\nvenue: {room: 3, floor: 三楼}\n---\n正文。\n"),
    ]);
    p.write("content/_index.md", &index_with_fields(fields));
    git(p.root(), &["init", "-q"]);
    commit(&p, "v1.0");
    git(p.root(), &["tag", "v1.0"]);
    p.write("content/01-a.md", "---\ntitle: 甲\nvenue: 五楼\nminutes: 李\n---\n正文。\n");
    p.write("content/02-b.md", "---\ntitle: 乙\n---\n正文。\n");
    // The same value, written on other lines and in another style, is no change.
    p.write("content/03-c.md", "---\ntitle: 丙\n\nvenue:\n  room: 3\n  floor: 三楼\n---\n正文。\n");
    commit(&p, "v1.1");
    git(p.root(), &["tag", "v1.1"]);
    p.build().ok();
    let page = p.page("v1.1/changes.html");
    assert_eq!(page.texts("#change-a .field-changes li"), ["字段 venue 已修改"], "minutes is left out");
    assert_eq!(page.texts("#change-b .field-changes li"), ["删除字段 venue"]);
    assert!(page.texts("#change-c").is_empty(), "{}", page.text_of("main"));
}

#[test]
fn a_declared_fields_settings_are_read_strictly() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n正文。\n")]);
    p.write("content/_index.md", &index_with_fields("  venue:\n    descripton: 地点\n    changelog: 是\n"));
    let run = p.run(&["check"]);
    assert_ne!(run.code(), 0);
    run.reports("content/_index.md:14:5", "`descripton` 不是字段 `venue` 的设置");
    assert!(run.stderr().contains("description"), "did you mean: {}", run.stderr());
    run.reports("content/_index.md:15:16", "`changelog` 应为布尔值（true 或 false），实际是文本");
}

#[test]
fn history_pages_are_kept_by_their_keys_and_no_stamp_changes_the_site() {
    let p = repository();
    p.build().ok();
    let history = files_of(&p, "history");
    let stamp = String::from_utf8(history[".clausebook-build"].0.clone()).unwrap();
    assert!(stamp.contains(" meeting.html\n") && stamp.contains("keyed "), "each page with its key: {stamp}");

    // A draft edit of one clause: its history is made again, every other one kept as it is (the
    // test runs with CLAUSEBOOK_VERIFY_CACHES, which also makes each kept page afresh and compares).
    p.write("content/01-purpose.md", "---\ntitle: 目的\nowner: marketing\n---\n本协议的目的（修订中）。\n");
    p.build().ok();
    let now = files_of(&p, "history");
    assert_eq!(now["meeting.html"], history["meeting.html"], "kept: same bytes, same file");
    assert_ne!(now["purpose.html"].0, history["purpose.html"].0, "made again");

    // Built as users build, then compared with a site built from nothing.
    let build = |out: &Path| {
        let run = clausebook()
            .env("CLAUSEBOOK_VERIFY_CACHES", "0")
            .args(["build", "--today", "2026-01-15", "--root"])
            .arg(p.root())
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    };
    let bytes = |dir: &Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    let clean = tempfile::tempdir().unwrap();
    let same_as_clean = |why: &str| {
        let fresh = clean.path().join("site");
        let _ = std::fs::remove_dir_all(&fresh);
        build(&fresh);
        assert!(bytes(&p.public()) == bytes(&fresh), "{why}: the site differs from one built from nothing");
    };
    let stamp_path = p.public().join("history/.clausebook-build");
    let key_of = |stamp: &str, page: &str| -> String {
        let line = stamp.lines().find(|l| l.ends_with(&format!(" {page}"))).unwrap();
        line.split(' ').nth(1).unwrap().to_string()
    };

    // Tampered: the purpose page's line given the meeting page's key, and a line naming a file
    // outside the folder; then garbage.
    let stamp = std::fs::read_to_string(&stamp_path).unwrap();
    let forged = stamp.replace(&key_of(&stamp, "purpose.html"), &key_of(&stamp, "meeting.html"));
    std::fs::write(
        &stamp_path,
        format!("{forged}keyed {} 3 ../../content/01-purpose.md\n", key_of(&stamp, "meeting.html")),
    )
    .unwrap();
    p.write("content/01-purpose.md", "---\ntitle: 目的\nowner: marketing\n---\n本协议的目的（再修订）。\n");
    build(&p.public());
    same_as_clean("a forged stamp");
    std::fs::write(&stamp_path, "key 0\nfindings x\n").unwrap();
    build(&p.public());
    same_as_clean("a damaged stamp");

    // From another branch: v2.0 tagged again on other contents, the site built before kept.
    p.write("content/02-meeting.md", &MEETING_V2.replace("不合格", "需改进"));
    commit(&p, "other");
    git(p.root(), &["tag", "-f", "v2.0"]);
    build(&p.public());
    same_as_clean("releases from another branch");
    assert!(std::fs::read_to_string(p.public().join("history/meeting.html")).unwrap().contains("需改进"));
}
