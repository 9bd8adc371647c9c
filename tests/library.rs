//! A clause library in a lone agreement (`library:` in `_index.md`): a clause that uses a
//! standard clause (`use:`, `with:`) shows its text, placeholders filled, marked as the library's
//! with its edition, before its own; a newer edition is `library-outdated`; every wrong library
//! file or use is an error at its line; an approval is bound to the library text it read.

mod common;

use common::Project;

const INDEX: &str = "---\ntitle: 营销部与品牌部合作协议\nlanguage: zh-CN\nlibrary: library\nparties:\n  - {id: marketing, name: 营销部}\n  - {id: brand, name: 品牌部}\n---\n\n前言。\n";

/// An agreement whose clause `secrecy` uses `confidentiality@{edition}` with `with`, its library
/// holding editions 1 (the first), 2 (a correction) and 3 (an update).
fn agreement(uses: &str) -> Project {
    let clause = format!("---\ntitle: 保密\n{uses}owner: marketing\n---\n\n本条另行约定：保密材料须加密存放。\n");
    Project::with(&[
        ("content/_index.md", INDEX),
        ("content/01-secrecy.md", &clause),
        ("library/_index.md", "---\ntitle: 公司标准条款库\nlanguage: zh-CN\n---\n"),
        ("library/confidentiality/1.md", "---\ntitle: 保密\n---\n\n{{甲方}}与{{乙方}}对商业秘密负有保密义务。\n"),
        (
            "library/confidentiality/2.md",
            "---\ntitle: 保密\nkind: correction\n---\n\n{{甲方}}与{{乙方}}对商业秘密均负有保密义务。\n",
        ),
        (
            "library/confidentiality/3.md",
            "---\ntitle: 保密\nkind: update\n---\n\n{{甲方}}与{{乙方}}对商业秘密及个人信息均负有保密义务。\n",
        ),
    ])
}

const WITH: &str = "with: {甲方: 营销部, 乙方: 品牌部}\n";

#[test]
fn a_clause_shows_its_library_text_filled_and_marked_before_its_own() {
    let p = agreement(&format!("use: confidentiality@3\n{WITH}"));
    let built = p.build().ok();
    assert!(!built.stderr().contains("library-outdated"), "the newest edition: {}", built.stderr());
    let page = p.page("clauses/secrecy.html");
    assert_eq!(page.texts(".library-source"), ["条款库标准条款 confidentiality · 第 3 版"]);
    assert_eq!(
        page.texts(".library-text p:not(.library-source)"),
        ["营销部与品牌部对商业秘密及个人信息均负有保密义务。"]
    );
    assert!(page.text.contains("本条另行约定"), "its own body follows");
    let print = p.page("print.html");
    assert_eq!(print.texts(".library-source"), ["条款库标准条款 confidentiality · 第 3 版"]);
}

#[test]
fn a_newer_edition_is_an_info_for_corrections_and_a_warning_for_a_change_of_meaning() {
    let p = agreement(&format!("use: confidentiality@2\n{WITH}"));
    let built = p.build();
    built.reports(
        "content/01-secrecy.md:3:6",
        "使用的是 `confidentiality` 第 2 版；此后已发布 1 个新版，最新为第 3 版（最大的改动：含义改动）",
    );
    assert!(built.stderr().contains("warning[library-outdated]"), "{}", built.stderr());
    // Only corrections pending: an info.
    std::fs::remove_file(p.root().join("library/confidentiality/3.md")).unwrap();
    let p2 = agreement(&format!("use: confidentiality@1\n{WITH}"));
    std::fs::remove_file(p2.root().join("library/confidentiality/3.md")).unwrap();
    let built = p2.build();
    assert!(built.stderr().contains("info[library-outdated]"), "{}", built.stderr());
    built.reports("content/01-secrecy.md:3:6", "最大的改动：措辞更正");
    // Configurable, as a policy of the project.
    let index = INDEX.replace("library: library\n", "library: library\nrules:\n  library-outdated: off\n");
    p2.write("content/_index.md", &index);
    let built = p2.build();
    assert!(!built.stderr().contains("library-outdated"), "{}", built.stderr());
}

#[test]
fn every_wrong_use_is_an_error_at_its_line_with_the_closest() {
    for (uses, at, says, hint) in [
        ("use: confidentialty@2\n", "3:6", "条款库中没有条款 `confidentialty`", Some("`confidentiality`")),
        ("use: confidentiality@4\n", "3:6", "`confidentiality` 没有第 4 版：现有第 1 至 3 版", None),
        ("use: confidentiality\n", "3:6", "`use` 的写法是 `<条款库条款>@<版次>`", None),
        ("use: confidentiality@3\nwith: {甲方: 营销部}\n", "3:6", "条款库文本中的 `乙方` 没有给出内容", None),
        (
            "use: confidentiality@3\nwith: {甲方: 营销部, 乙方: 品牌部, 丙方: 法务部}\n",
            "4:26",
            "`丙方` 不是 `confidentiality` 第 3 版中的占位符",
            None,
        ),
        ("with: {甲方: 营销部}\n", "3:1", "有 `with` 而没有 `use`", None),
    ] {
        let p = agreement(uses);
        let built = p.build();
        assert_eq!(built.code(), 1, "{uses}: {}", built.stderr());
        built.reports(&format!("content/01-secrecy.md:{at}"), says);
        if let Some(hint) = hint {
            assert!(built.stderr().contains(hint), "{uses}: {}", built.stderr());
        }
        assert!(!p.public().exists(), "nothing is built");
    }
}

#[test]
fn a_library_is_read_strictly() {
    let p = agreement(&format!("use: confidentiality@1\n{WITH}"));
    // Outside the agreement, inside its clauses, or anywhere but its library folder (which is
    // versioned, watched and held by releases like content/).
    for elsewhere in ["../library", "/etc", "content/lib", "./content", "lib", "library/../x"] {
        p.write("content/_index.md", &INDEX.replace("library: library", &format!("library: {elsewhere}")));
        let built = p.build();
        assert_eq!(built.code(), 1, "{elsewhere}");
        built.reports("content/_index.md:4:10", "`library` 应为协议的 `library/` 文件夹或其中的文件夹");
    }
    p.write("content/_index.md", INDEX);
    // An edition without its kind, a gap, a kind that is none, a file that is no edition.
    p.write("library/confidentiality/2.md", "---\ntitle: 保密\n---\n\n文本。\n");
    std::fs::rename(p.root().join("library/confidentiality/3.md"), p.root().join("library/confidentiality/5.md"))
        .unwrap();
    p.write("library/other/1.md", "---\ntitle: 其他\nkind: update\n---\n\n文本。\n");
    p.write("library/other/2.md", "---\ntitle: 其他\nkind: udpate\n---\n\n文本。\n");
    p.write("library/other/draft.md", "---\ntitle: 草稿\n---\n");
    let built = p.build();
    assert_eq!(built.code(), 1);
    built.reports("library/confidentiality/2.md:1:1", "第一版之后的每一版都要写明改动的性质");
    built.reports("library/confidentiality/5.md:1:1", "`confidentiality` 缺少第 3 版");
    built.reports("library/other/1.md:3:1", "第一版没有改动，不写 `kind`");
    built.reports("library/other/2.md:3:7", "`udpate` 不是版次的性质");
    assert!(built.stderr().contains("`update`"), "did you mean: {}", built.stderr());
    built.reports("library/other/draft.md:1:1", "`other/draft.md` 不是版次文件");
}

#[test]
fn an_approval_is_bound_to_the_library_text_its_party_read() {
    let p = agreement(&format!("use: confidentiality@2\n{WITH}"));
    p.run(&["approve", "--party", "marketing", "--by", "王晓明"]).ok();
    assert!(!p.run(&["check"]).stderr().contains("approval-stale"));
    // The edition used is edited in place: what readers read changed.
    p.write(
        "library/confidentiality/2.md",
        "---\ntitle: 保密\nkind: correction\n---\n\n{{甲方}}与{{乙方}}对商业秘密不负保密义务。\n",
    );
    let checked = p.run(&["check"]);
    assert!(checked.stderr().contains("approval-stale"), "{}", checked.stderr());
}

#[test]
fn a_release_shows_the_library_text_of_its_own_tree() {
    let p = agreement(&format!("use: confidentiality@1\n{WITH}"));
    common::git(p.root(), &["init", "-q"]);
    common::git(p.root(), &["add", "-A"]);
    common::git(p.root(), &["commit", "-q", "-m", "v1"]);
    common::git(p.root(), &["tag", "v1.0"]);
    // The first edition edited in place afterwards (which approvals would call a change).
    p.write("library/confidentiality/1.md", "---\ntitle: 保密\n---\n\n{{甲方}}与{{乙方}}另行约定保密事项。\n");
    common::git(p.root(), &["commit", "-q", "-am", "edited"]);
    p.build().ok();
    let text = ".library-text p:not(.library-source)";
    assert_eq!(p.page("v1.0/clauses/secrecy.html").texts(text), ["营销部与品牌部对商业秘密负有保密义务。"]);
    assert_eq!(p.page("draft/clauses/secrecy.html").texts(text), ["营销部与品牌部另行约定保密事项。"]);
}

#[test]
fn search_and_the_redline_read_the_library_text_too() {
    let p = agreement(&format!("use: confidentiality@1\n{WITH}"));
    common::git(p.root(), &["init", "-q"]);
    common::git(p.root(), &["add", "-A"]);
    common::git(p.root(), &["commit", "-q", "-m", "v1"]);
    common::git(p.root(), &["tag", "v1.0"]);
    // The draft upgrades to the third edition: only its `use:` line changed.
    let clause = std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap();
    p.write("content/01-secrecy.md", &clause.replace("confidentiality@1", "confidentiality@3"));
    p.build().ok();
    let changes = p.page("draft/changes.html");
    assert!(changes.texts("ins").iter().any(|t| t.contains("个人信息")), "the new edition's words: {}", changes.text);
    let index = std::fs::read_to_string(p.public().join("draft/search/d0.js")).unwrap();
    assert!(index.contains("营销部与品牌部对商业秘密及个人信息均负有保密义务"), "{index}");
}
