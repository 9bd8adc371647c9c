//! What readers see (issue 15): printed copies that say which version they are (read back from
//! the PDFs with pdftotext), PDFs per version and deterministic.

mod common;

use std::process::Command;

use common::{build_repository_site, clausebook, repo};

/// The text of a PDF, as `pdftotext -layout` extracts it.
fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("this test needs pdftotext (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn build_with_pdf(out: &std::path::Path, which: &str) {
    let run = clausebook()
        .args(["build", "--today", "2026-11-26", which, "--root"])
        .arg(repo())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn printed_copies_say_which_version_they_are_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_with_pdf(&a, "--pdf");
    // The newest release and the draft, each with its redline; the newest also as latest/ and at
    // the top; not the older releases (`--pdf=all` prints those).
    for pdf in [
        "v2.0/agreement.pdf",
        "v2.0/changes.pdf",
        "draft/agreement.pdf",
        "draft/changes.pdf",
        "latest/agreement.pdf",
        "agreement.pdf",
    ] {
        assert!(a.join(pdf).is_file(), "{pdf}");
    }
    assert!(!a.join("v1.0/agreement.pdf").exists());

    let draft = pdf_text(&a.join("draft/agreement.pdf"));
    let pages: Vec<&str> = draft.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() > 3, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("草稿：尚未发布，未经签署 · 生成于 2026-11-26"),
            "page {} of the draft lacks its mark:\n{page}",
            i + 1
        );
    }
    assert!(draft.contains("（以下无正文）") && draft.contains("签署"), "end of text and signatures heading");
    let end = draft.find("（以下无正文）").unwrap();
    assert!(draft[end..].contains("代表签字"), "the signature block comes after 以下无正文");

    let release = pdf_text(&a.join("v2.0/agreement.pdf"));
    assert!(release.contains("版本 v2.0 · ") && release.contains("现行版本"), "{}", &release[..400.min(release.len())]);
    assert!(!release.contains("草稿：尚未发布"));
    let redline = pdf_text(&a.join("v2.0/changes.pdf"));
    assert!(
        redline.contains("v1.1") && redline.contains("版本 v2.0 · 2026-01-15 · 现行版本"),
        "the redline says what it compares, and which version it is"
    );

    // The same site in another folder gives byte-identical PDFs (dates from --today, no file://
    // links), and each printed version's index links its PDFs.
    build_with_pdf(&b, "--pdf");
    for pdf in ["agreement.pdf", "draft/agreement.pdf", "v2.0/changes.pdf"] {
        assert!(std::fs::read(a.join(pdf)).unwrap() == std::fs::read(b.join(pdf)).unwrap(), "{pdf} differs");
    }
    let index = std::fs::read_to_string(a.join("v2.0/index.html")).unwrap();
    assert!(index.contains(r#"<a href="agreement.pdf">打印版（PDF）</a>"#) && index.contains(r#"href="changes.pdf""#));
    let old = std::fs::read_to_string(a.join("v1.0/index.html")).unwrap();
    assert!(!old.contains("agreement.pdf"), "v1.0 was not printed: no link");
}

#[test]
fn every_version_is_printed_when_asked_and_old_copies_say_so() {
    let dir = tempfile::tempdir().unwrap();
    build_with_pdf(dir.path(), "--pdf=all");
    let old = pdf_text(&dir.path().join("v1.0/agreement.pdf"));
    assert!(old.contains("版本 v1.0") && old.contains("旧版本，现行版本为 v2.0"), "{}", &old[..400.min(old.len())]);
    assert!(!dir.path().join("v1.0/changes.pdf").exists(), "the first release has no changes");
}

#[test]
fn the_printable_page_has_the_preamble_the_end_mark_and_a_signature_heading() {
    let (_dir, site, _) = build_repository_site();
    let page = scraper::Html::parse_document(&std::fs::read_to_string(site.join("draft/print.html")).unwrap());
    let text = |css: &str| -> Vec<String> {
        let s = scraper::Selector::parse(css).unwrap();
        page.select(&s).map(|e| e.text().collect::<String>().trim().to_string()).collect()
    };
    assert_eq!(text(".edition"), ["草稿：尚未发布，未经签署 · 生成于 2026-11-26"]);
    assert_eq!(text(".watermark"), ["草稿"]);
    assert!(text(".preamble")[0].starts_with("为明确营销部与品牌部"));
    assert_eq!(text(".end-of-text"), ["（以下无正文）"]);
    assert_eq!(text("h2.signatures-title"), ["签署"]);
    let latest = std::fs::read_to_string(site.join("v2.0/print.html")).unwrap();
    assert!(latest.contains("版本 v2.0") && !latest.contains(r#"class="watermark""#));
}

/// A page of the built repository site, parsed: the texts of the elements `css` selects.
fn texts(site: &std::path::Path, page: &str, css: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(&std::fs::read_to_string(site.join(page)).unwrap());
    let s = scraper::Selector::parse(css).unwrap();
    html.select(&s).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// The values of attribute `attr` of the elements `css` selects on a page of the built site.
fn attrs(site: &std::path::Path, page: &str, css: &str, attr: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(&std::fs::read_to_string(site.join(page)).unwrap());
    let s = scraper::Selector::parse(css).unwrap();
    html.select(&s).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

#[test]
fn the_compare_page_is_a_page_of_the_site_with_readable_text_and_field_changes() {
    let (_dir, site, _) = build_repository_site();
    let page = "history/information-sharing.html";
    // The site's chrome: header, navigation into the newest release, search, version switcher.
    assert_eq!(texts(&site, page, ".site-header .brand"), ["营销部与品牌部合作协议"]);
    assert!(attrs(&site, page, ".site-nav a", "href").contains(&"../latest/parties/brand.html".to_string()));
    assert_eq!(attrs(&site, page, ".site-search", "action"), ["../latest/search.html"]);
    assert!(texts(&site, page, ".version-switch li a").contains(&"v1.1 2025-07-01".to_string()));
    assert!(attrs(&site, page, "script[src]", "src").contains(&"../latest/static/compare.js".to_string()));
    assert!(site.join("latest/static/compare.js").is_file());
    // The texts are what readers read: references by number and title, a paragraph a line.
    let data: serde_json::Value =
        serde_json::from_str(&texts(&site, page, "#versions-data")[0]).expect("the page's data");
    let text = data["texts"][0].as_str().unwrap();
    assert!(text.contains("按 第27条 保密 处理") || text.contains("第27条 保密"), "{text}");
    assert!(!text.contains("[["), "{text}");
    let multi =
        data["texts"].as_array().unwrap().iter().filter_map(|t| t.as_str()).any(|t| t.trim_end().contains('\n'));
    let purpose: serde_json::Value =
        serde_json::from_str(&texts(&site, "history/purpose.html", "#versions-data")[0]).unwrap();
    assert!(multi || purpose["texts"][0].as_str().unwrap().trim_end().contains('\n'), "paragraphs stay apart");
    // Front matter changes between any two versions, in words: v1.1 → v2.0 moved the owner.
    let entries: Vec<&str> =
        data["entries"].as_array().unwrap().iter().map(|e| e["version"].as_str().unwrap()).collect();
    let (v11, v20) =
        (entries.iter().position(|v| *v == "v1.1").unwrap(), entries.iter().position(|v| *v == "v2.0").unwrap());
    let said = &data["changes"][format!("{v11}-{v20}")];
    assert!(said.as_array().unwrap().iter().any(|l| l == "负责方由「品牌部」改为「营销部」"), "{said}");
}

#[test]
fn the_changes_page_lists_real_changes_only_and_its_redline_reads_in_runs() {
    let (_dir, site, _) = build_repository_site();
    let changed = texts(&site, "v2.0/changes.html", "#changed-h ~ * h3, section[aria-labelledby=changed-h] h3");
    assert_eq!(
        changed,
        ["第15条 信息共享", "第18条 责任划分", "第22条 季度考核与绩效挂钩"],
        "only renumbered references are not changes"
    );
    let renumbered = texts(&site, "v2.0/changes.html", ".changes.renumbered li");
    assert!(!renumbered.is_empty(), "renumbering has its own section");
    let redline = std::fs::read_to_string(site.join("v2.0/changes.html")).unwrap();
    let edits = redline.matches("<ins>").count() + redline.matches("<del>").count();
    assert!(edits > 0 && edits < 20, "a few readable runs, not confetti: {edits}");
}

#[test]
fn references_are_listed_both_ways_alike() {
    let (_dir, site, _) = build_repository_site();
    // 第10条 links 第14条 in its text: its references list says so, as 第14条's "referenced by" does.
    let refs = texts(&site, "v2.0/clauses/budget-approval.html", ".xrefs .refs li");
    assert!(refs.iter().any(|r| r.contains("第14条")), "{refs:?}");
    assert!(refs.iter().any(|r| r.contains("第2条")), "front matter refs stay: {refs:?}");
}

#[test]
fn a_versioned_site_has_a_not_found_page_at_its_root_that_leads_somewhere() {
    let (_dir, site, _) = build_repository_site();
    assert_eq!(texts(&site, "404.html", ".site-header .brand"), ["营销部与品牌部合作协议"]);
    let links = attrs(&site, "404.html", "main a", "href");
    assert_eq!(links, ["latest/index.html"]);
    assert!(site.join(&links[0]).is_file());
    assert_eq!(attrs(&site, "404.html", "link[rel=stylesheet]", "href"), ["latest/static/style.css"]);
}

#[test]
fn the_version_switcher_names_the_draft_in_chinese_and_releases_have_their_dates() {
    let (_dir, site, _) = build_repository_site();
    let switcher = texts(&site, "draft/index.html", ".version-switch li a");
    assert_eq!(switcher[0], "草稿", "the draft first, by its Chinese name");
    assert!(
        switcher.iter().any(|v| v == "v2.0 2026-01-15") && switcher.iter().any(|v| v == "v1.0 2025-01-01"),
        "{switcher:?}"
    );
    assert_eq!(texts(&site, "draft/index.html", ".version-switch summary"), ["版本 草稿"]);
    let dates = texts(&site, "index.html", "table.versions time");
    assert_eq!(dates, ["2026-01-15", "2025-07-01", "2025-01-01"], "each release its own date");
    assert_eq!(attrs(&site, "v2.0/index.html", ".site-search input", "placeholder"), ["搜索条款"]);
}

#[test]
fn an_english_project_reads_as_english() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("agreement");
    let run = clausebook().args(["new", "--language", "en"]).arg(&project).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let build = clausebook().args(["build", "--today", "2026-03-01", "--root"]).arg(&project).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let test = clausebook().args(["test", "--root"]).arg(&project).output().unwrap();
    assert!(test.status.success(), "the English rule's tests pass: {}", String::from_utf8_lossy(&test.stdout));
    let site = project.join("public");
    let page = std::fs::read_to_string(site.join("index.html")).unwrap();
    for chinese in ["：", "、", "（", "）"] {
        assert!(!page.contains(chinese), "`{chinese}` on an English page");
    }
    assert!(texts(&site, "index.html", "p.meta")[0].starts_with("Effective: 2026-01-01"));
    assert_eq!(texts(&site, "index.html", ".party-card .meta"), ["1 duty · 1 clause", "1 duty · 1 clause"]);
    let words = std::fs::read_to_string(site.join("search.html")).unwrap();
    assert!(words.contains(r#""one": "result""#) && words.contains(r#""count": "results""#), "singular and plural");
    let meetings = std::fs::read_to_string(site.join("clauses/meetings.html")).unwrap();
    assert!(!meetings.contains("、") && !meetings.contains("："));
}
