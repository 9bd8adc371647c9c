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

/// `clausebook library ARGS` at `p`.
fn library(p: &Project, args: &[&str]) -> common::Run {
    let mut cmd = common::clausebook();
    cmd.arg("library").args(args).arg("--root").arg(p.root());
    common::Run(cmd.output().unwrap())
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
    p.write("library/a b/1.md", "---\ntitle: 空格\n---\n\n文本。\n");
    let built = p.build();
    assert_eq!(built.code(), 1);
    built.reports("library/confidentiality/2.md:1:1", "第一版之后的每一版都要写明改动的性质");
    built.reports("library/confidentiality/5.md:1:1", "`confidentiality` 缺少第 3 版");
    built.reports("library/other/1.md:3:1", "第一版没有改动，不写 `kind`");
    built.reports("library/other/2.md:3:7", "`udpate` 不是版次的性质");
    assert!(built.stderr().contains("`update`"), "did you mean: {}", built.stderr());
    built.reports("library/other/draft.md:1:1", "`other/draft.md` 不是版次文件");
    built.reports("library/a b/1.md:1:1", "文件夹 `a b` 不是条款库条款的 id");
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

#[test]
fn pin_records_each_edition_s_digest_and_upgrade_moves_the_uses_with_approvals_kept_where_nothing_read_changed() {
    let p = agreement(&format!("use: confidentiality@2\n{WITH}"));
    p.run(&["check"]).reports("content/01-secrecy.md:3:6", "尚未固定");
    p.run(&["approve", "--party", "marketing", "--by", "王晓明"]).ok();
    let pinned = library(&p, &["pin"]).ok();
    assert!(pinned.stdout().contains("content/01-secrecy.md:3: confidentiality@2 -> confidentiality@2 sha256:"));
    let clause = std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap();
    assert!(
        clause.starts_with("---\ntitle: 保密\nuse: confidentiality@2 sha256:") && clause.contains(WITH),
        "{clause}"
    );
    let checked = p.run(&["check"]);
    assert!(!checked.stderr().contains("尚未固定"), "{}", checked.stderr());
    assert!(!checked.stderr().contains("approval-stale"), "pinning changes nothing read: {}", checked.stderr());
    // Pinned already: nothing to rewrite, and it says so.
    let again = library(&p, &["pin"]).ok();
    assert!(again.stdout().is_empty() && again.stderr().contains("没有需要改写的"), "{}", again.stderr());
    // A pinned edition edited in place is an error at the use.
    let second = std::fs::read_to_string(p.root().join("library/confidentiality/2.md")).unwrap();
    p.write("library/confidentiality/2.md", &second.replace("均负有", "均不负"));
    let checked = p.run(&["check"]);
    assert_eq!(checked.code(), 1);
    checked.reports(
        "content/01-secrecy.md:3:6",
        "`confidentiality` 第 2 版（library/confidentiality/2.md）已不是本条记录的文本",
    );
    p.write("library/confidentiality/2.md", &second);
    // Upgrade: the `use:` value rewritten, nothing else; the approval goes stale.
    let refused = library(&p, &["upgrade", "confidentialty"]);
    assert_eq!(refused.code(), 1);
    assert!(refused.stderr().contains("`confidentiality`"), "did you mean: {}", refused.stderr());
    library(&p, &["upgrade", "confidentiality"]).ok();
    let after = std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap();
    let lines: Vec<&str> = after.lines().collect();
    assert!(
        lines[2].starts_with("use: confidentiality@3 sha256:")
            && lines[2].len() == "use: confidentiality@3 sha256:".len() + 64
    );
    assert_eq!(after.replace(lines[2], ""), clause.replace(clause.lines().nth(2).unwrap(), ""), "nothing else changed");
    let checked = p.run(&["check"]);
    assert!(checked.stderr().contains("approval-stale") && !checked.stderr().contains("library-outdated"));
}

#[test]
fn what_a_careless_library_or_use_would_slip_through_is_refused() {
    // Two files of one edition, a text for a placeholder that would be Markdown, an edition
    // without its title, a placeholder written wrongly, `use: ~` beside `with:`.
    let p = agreement("use: confidentiality@3\nwith: {甲方: \"# 标题\\n- 一项 <div>\", 乙方: 品牌部}\n");
    p.write("library/confidentiality/01.md", "---\ntitle: 保密\n---\n\n另一个第一版。\n");
    p.build().ok().reports("library/confidentiality/01.md:1:1", "`confidentiality/01.md` 不是版次文件");
    let page = p.page("clauses/secrecy.html");
    assert_eq!(
        page.texts(".library-text p:not(.library-source)"),
        ["# 标题 - 一项 <div>与品牌部对商业秘密及个人信息均负有保密义务。"],
        "a placeholder's text reads as written"
    );
    assert!(page.texts(".library-text h1, .library-text li, .library-text div div").is_empty());
    p.write("library/confidentiality/3.md", "---\nkind: update\n---\n\n{{甲方}}与{{乙方}}对{{ }}负有义务。\n");
    let built = p.build();
    assert_eq!(built.code(), 1);
    built.reports("library/confidentiality/3.md:1:1", "版次（以及条款库的 `_index.md`）要写明 `title`");
    built.reports("content/01-secrecy.md:3:6", "`{{ }}负有义务。` 不是占位符");
    let p = agreement(&format!("use: ~\n{WITH}"));
    p.build().reports("content/01-secrecy.md:4:1", "有 `with` 而没有 `use`");
    let p = agreement(&format!("use: confidentiality@01\n{WITH}"));
    p.build().reports("content/01-secrecy.md:3:6", "`use` 的写法是");
    let p = agreement(&format!("use: confidentiality@1\n{WITH}"));
    p.write("content/_index.md", &INDEX.replace("library: library", "library: library/nope"));
    let built = p.build();
    built.reports("content/_index.md:4:10", "条款库文件夹 `library/nope` 不存在");
    assert!(!built.stderr().contains("`use` 需要条款库"), "said once, at library: {}", built.stderr());
}

#[test]
fn a_broken_reference_in_the_library_text_is_an_error_at_the_use() {
    let p = agreement(&format!("use: confidentiality@1\n{WITH}"));
    let first = "---\ntitle: 保密\n---\n\n{{甲方}}与{{乙方}}另见 [[secrcy]] 与 [[nowhere]]。\n";
    p.write("library/confidentiality/1.md", first);
    let built = p.build();
    assert_eq!(built.code(), 1, "{}", built.stderr());
    built.reports("content/01-secrecy.md:3:6", "`nowhere`");
    assert!(built.stderr().contains("`secrecy`"), "did you mean: {}", built.stderr());
}

#[test]
fn a_placeholder_in_the_clause_s_own_text_is_a_warning_at_it() {
    let p = agreement(&format!("use: confidentiality@3\n{WITH}"));
    let clause = std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap();
    p.write("content/01-secrecy.md", &format!("{clause}\n由{{{{甲方}}}}负责。\n"));
    p.build().ok().reports("content/01-secrecy.md:10:2", "`with` 只填入条款库文本");
}

#[test]
fn rules_read_which_edition_a_clause_uses_and_how_far_it_lags() {
    let p = agreement(&format!("use: confidentiality@1\n{WITH}"));
    // The rule of docs/rules.md: no signature on a text behind the library by a change of meaning.
    let doc = std::fs::read_to_string(common::repo().join("docs/rules.md")).unwrap();
    let start = doc.find("rule {\n  id = \"no-signature-behind-the-library\"").unwrap();
    let rule = &doc[start..start + doc[start..].find("\n```").unwrap()];
    p.write("rules/library.lua", rule);
    p.write("content/02-plain.md", "---\ntitle: 其他\nowner: marketing\n---\n\n正文。\n");
    p.write(
        "rules/show.lua",
        "rule { id = \"show\", description = \"shows c.library\", severity = \"info\", clause = function(c, report)\n  local l = c.library\n  report(l and (l.id .. \"@\" .. l.edition .. \"/\" .. l.current .. \" \" .. tostring(l.kind_of_gap) .. \" \" .. (l.text:gsub(\"%s+$\", \"\"))) or \"none\")\nend }\n",
    );
    let checked = p.run(&["check"]);
    checked.reports("content/01-secrecy.md:1:1", "confidentiality@1/3 update 营销部与品牌部对商业秘密负有保密义务。");
    checked.reports("content/02-plain.md:1:1", "none");
    assert!(!checked.stderr().contains("no-signature-behind-the-library"), "nothing signed yet");
    p.run(&["approve", "--party", "marketing", "--by", "王晓明"]).ok();
    p.run(&["check"]).reports("content/01-secrecy.md:3:6", "条款库已有含义改动的第 3 版");
    // A misspelled key of c.library is an error with the closest.
    p.write("rules/show.lua", "rule { id = \"show\", description = \"d\", clause = function(c, report)\n  if c.library then report(c.library.editon) end\nend }\n");
    let checked = p.run(&["check"]);
    assert!(checked.stderr().contains("edition"), "{}", checked.stderr());
}

#[test]
fn upgrade_rewrites_only_a_value_written_plainly_on_its_line() {
    for written in [
        "use: \"confidentiality@1\"  # 注释\n",
        "use: >-\n  confidentiality@1\n",
        "use: &u confidentiality@1\nalias: *u\n",
    ] {
        let p = agreement(&format!("{written}{WITH}"));
        let before = std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap();
        let run = library(&p, &["upgrade", "confidentiality"]);
        assert_ne!(run.code(), 0, "{written:?}: {}", run.stdout());
        assert!(run.stderr().contains("命令只改写这种写法"), "{written:?}: {}", run.stderr());
        assert_eq!(std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap(), before);
    }
    // A quoted value on its line is rewritten.
    let p = agreement(&format!("use: 'confidentiality@1'\n{WITH}"));
    library(&p, &["upgrade", "confidentiality"]).ok();
    let after = std::fs::read_to_string(p.root().join("content/01-secrecy.md")).unwrap();
    assert!(after.contains("\nuse: confidentiality@3 sha256:"), "{after}");
}

#[test]
fn a_placeholder_s_text_never_makes_a_line_break_of_its_own() {
    let p = agreement("use: confidentiality@3\nwith: {甲方: \"营销部  \", 乙方: 品牌部}\n");
    p.write(
        "library/confidentiality/3.md",
        "---\ntitle: 保密\nkind: update\n---\n\n{{甲方}}\n与{{乙方}}对商业秘密负有保密义务。\n",
    );
    p.build().ok();
    let page = p.page("clauses/secrecy.html");
    assert!(!page.text.contains("营销部<br"), "{}", page.text);
}

#[test]
fn a_term_used_in_the_library_text_alone_is_used() {
    let p = agreement(&format!("use: confidentiality@3\n{WITH}"));
    p.write(
        "content/00-terms.md",
        "---\ntitle: 定义\nowner: marketing\n---\n\n本协议所称\"商业秘密\"，是指未公开的经营信息。\n",
    );
    let checked = p.build();
    assert!(!checked.stderr().contains("term-unused"), "{}", checked.stderr());
    // Without the library text's use, the term is unused: the check can tell.
    p.write("content/01-secrecy.md", "---\ntitle: 保密\nowner: marketing\n---\n\n本条另行约定。\n");
    let checked = p.build();
    assert!(checked.stderr().contains("term-unused"), "{}", checked.stderr());
}
