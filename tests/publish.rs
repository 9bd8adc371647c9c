//! Publishing on an intranet: the site in a real headless Chromium (from file:// and over HTTP
//! under a sub-path), Chinese search, the calendar and the JSON export checked against their formats.
#![expect(clippy::print_stderr, reason = "the test reports what each query fetched, beside the test harness")]

mod browser;
mod common;

use browser::*;
use common::*;

fn built_example() -> Project {
    let p = Project::example();
    copy_dir(&repo().join("rules"), &p.root().join("rules"));
    p.run(&["build", "--base-url", "https://intranet.example/legal/marketing-brand/"]).ok();
    p
}

#[test]
fn chinese_search_works_from_file_urls() {
    let p = built_example();
    let file = |page: &str| format!("file://{}", p.public().join(page).display());
    let (dom, log, urls) = browse(&format!("{}?q={}", file("search.html"), encode("联合审批")), "search-file.png");
    clean(&log, &urls, "file://");
    let results = texts(&dom, "#results li a");
    assert!(results.iter().any(|r| r == "第10条 重大开支联合审批"), "{results:?}");
    assert!(texts(&dom, "#results mark").iter().all(|m| m == "联合审批"));
    // Every result contains the phrase; a Latin word matches regardless of case.
    let (dom, _, _) = browse(&format!("{}?q={}", file("search.html"), encode("每周三")), "search-weekly.png");
    assert!(texts(&dom, "#results li a").iter().any(|r| r.contains("每周联合例会")));
    let (dom, _, _) = browse(&format!("{}?q=JSON%20nosuchword", file("search.html")), "search-none.png");
    assert!(texts(&dom, "#results li").is_empty());

    // Follow a result.
    let found = dom_for(&p, "联合审批");
    let results = texts(&found, "#results li a");
    let at = results.iter().position(|r| r == "第10条 重大开支联合审批").expect("the clause is found");
    let href = attrs(&found, "#results li a", "href")[at].clone();
    let (target, log, urls) = browse(&format!("file://{}", p.public().join(&href).display()), "clause-file.png");
    clean(&log, &urls, "file://");
    assert!(texts(&target, "h1")[0].contains("重大开支联合审批"));
}

#[test]
fn search_finds_numbers_details_and_ranks_titles_first() {
    let p = built_example();
    // A clause number as readers write it.
    let results = texts(&dom_for(&p, "第10条"), "#results li a");
    assert_eq!(results.first().map(String::as_str), Some("第10条 重大开支联合审批"), "{results:?}");
    // A cadence in a duties table (第4条's 每周三 duty) is found, its snippet from the details.
    let dom = dom_for(&p, "每周三");
    let results = texts(&dom, "#results li a");
    assert!(results.iter().any(|r| r == "第4条 营销部职责"), "{results:?}");
    // A title match comes before clauses that only mention the words.
    let results = texts(&dom_for(&p, "保密"), "#results li a");
    assert_eq!(results.first().map(String::as_str), Some("第27条 保密"), "{results:?}");
    // Snippets read as text: no Markdown link syntax, no trailing run of owner names.
    let dom = dom_for(&p, "品牌部职责");
    for snippet in texts(&dom, "#results .snippet") {
        assert!(!snippet.contains("](") && !snippet.contains("[["), "{snippet}");
        assert!(!snippet.trim_end_matches('…').ends_with("营销部 品牌部"), "{snippet}");
    }
}

fn dom_for(p: &Project, q: &str) -> scraper::Html {
    browse(&format!("file://{}?q={}", p.public().join("search.html").display(), encode(q)), "search-follow.png").0
}

#[test]
fn the_site_works_over_http_under_a_sub_path() {
    let p = built_example();
    let base = serve_under(&p.public(), "/legal/marketing-brand/");
    let (dom, log, urls) = browse(&format!("{base}index.html"), "index-http.png");
    clean(&log, &urls, &base[..base.find("/legal").unwrap()]);
    assert_eq!(texts(&dom, "h1")[0], "营销部与品牌部合作协议");
    let css = attrs(&dom, "link[rel=stylesheet]", "href");
    assert_eq!(css, ["static/style.css"], "assets are relative, so any sub-path works");
    let (dom, log, urls) = browse(&format!("{base}search.html?q={}", encode("每周三")), "search-http.png");
    clean(&log, &urls, &base[..base.find("/legal").unwrap()]);
    assert!(texts(&dom, "#results li a").iter().any(|r| r.contains("每周联合例会")));
    let (dom, _, _) = browse(&format!("{base}clauses/weekly-meeting.html"), "clause-http.png");
    assert_eq!(texts(&dom, "h1")[0], "第13条 每周联合例会");
    let sitemap = std::fs::read_to_string(p.public().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://intranet.example/legal/marketing-brand/clauses/weekly-meeting.html</loc>"),
        "{sitemap}"
    );
    assert!(p.public().join("404.html").is_file());
}

#[test]
fn the_version_switcher_works_in_the_browser() {
    let (_out, site, _) = build_repository_site();
    let (dom, log, urls) =
        browse(&format!("file://{}", site.join("v1.0/clauses/weekly-meeting.html").display()), "version-old.png");
    clean(&log, &urls, "file://");
    // The page names only v1.0; the later versions and the banner come from the site's versions.js.
    assert!(texts(&dom, ".version-banner:not([hidden])")[0].contains("旧版本 v1.0"));
    let names = texts(&dom, ".version-switch li .name");
    assert_eq!(names.first().map(String::as_str), Some("草稿"), "newest first: {names:?}");
    assert_eq!(names.last().map(String::as_str), Some("v1.0"), "{names:?}");
    let to_latest = attrs(&dom, ".version-switch a", "href").into_iter().find(|h| h.contains("/v2.0/")).unwrap();
    let target = site.join("v1.0/clauses").join(&to_latest);
    let (dom, _, _) = browse(&format!("file://{}", target.display()), "version-new.png");
    assert!(texts(&dom, "h1")[0].contains("每周联合例会"));
    assert!(texts(&dom, ".version-banner:not([hidden])").is_empty(), "the newest release shows no banner");
    let (dom, log, urls) =
        browse(&format!("file://{}", site.join("history/quarterly-assessment.html").display()), "history.png");
    clean(&log, &urls, "file://");
    assert_eq!(texts(&dom, "#redline ins"), ["不合格"], "the in-browser comparison marks the changed characters");
    assert_eq!(texts(&dom, "#redline del"), ["待改进"]);
    let redline = dom.select(&scraper::Selector::parse("#redline").unwrap()).next().unwrap().inner_html();
    assert!(
        redline.find("<del>").unwrap() < redline.find("<ins>").unwrap(),
        "deletion first, as in the build's redlines: {redline}"
    );
}

#[test]
fn the_review_calendar_is_valid_icalendar_with_stable_uids() {
    let p = built_example();
    let ics = std::fs::read_to_string(p.public().join("reviews.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT\r\n").skip(1).collect();
    assert!(events.len() > 27, "{}", events.len());
    let mut uids = Vec::new();
    for e in &events {
        for prop in ["UID:", "DTSTAMP:", "DTSTART", "SUMMARY:"] {
            assert!(e.contains(prop), "{prop} missing in {e}");
        }
        // All day, or at the time its cadence says (the weekly meeting at 14:00).
        assert!(e.contains("DTSTART;VALUE=DATE:") || e.contains("DTSTART:20"), "{e}");
        uids.push(e.split("UID:").nth(1).unwrap().split("\r\n").next().unwrap().to_string());
    }
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");
    assert!(unfolded.contains("SUMMARY:复审：第13条 每周联合例会\r\n"));
    assert!(unfolded.contains("CATEGORIES:品牌部"));
    // Stable across builds.
    p.run(&["build", "--base-url", "https://intranet.example/legal/marketing-brand/"]).ok();
    assert_eq!(std::fs::read_to_string(p.public().join("reviews.ics")).unwrap(), ics);
    let marketing = std::fs::read_to_string(p.public().join("parties/marketing.ics")).unwrap();
    assert!(marketing.contains("CATEGORIES:营销部") && !marketing.contains("CATEGORIES:品牌部"));
}

#[test]
fn agreement_json_validates_against_its_schema() {
    let p = built_example();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.public().join("agreement.json")).unwrap()).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.public().join("agreement.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["clauses"].as_array().unwrap().len(), 28);
    assert_eq!(json["clauses"][12]["label"], "第13条");
    assert_eq!(json["clauses"][12]["front_matter"]["meeting"]["cadence"], "每周三");
    assert!(json["clauses"][9]["html"].as_str().unwrap().contains("href=\"clauses/definitions.html\""));
    // A document that breaks the schema is caught.
    let mut broken = json.clone();
    broken["clauses"][0]["status"] = "finished".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn build_pdf_prints_the_agreement() {
    let p = built_example();
    p.run(&["build", "--pdf"]).ok();
    let pdf = std::fs::read(p.public().join("agreement.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let mut missing = clausebook();
    missing.args(["build", "--pdf", "--root"]).arg(p.root()).env("CLAUSEBOOK_CHROMIUM", "/nonexistent/chromium");
    let out = missing.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("could not print")
            || String::from_utf8_lossy(&out.stderr).contains("cannot run")
    );
}

#[path = "../benches/support/corpus.rs"]
mod corpus;

#[test]
fn search_on_ten_thousand_clauses_loads_a_few_hundred_kilobytes_per_query() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), 10_000);
    let run = clausebook().current_dir(dir.path()).args(["build", "--today", "2026-01-15"]).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let public = dir.path().join("public");
    // Bytes are counted over HTTP (the browser's network log has no file:// loads); results are
    // checked from file:// too.
    let base = serve_under(&public, "/");
    let http = |q: &str| format!("{base}search.html?q={}", encode(q));
    let file = |q: &str| format!("file://{}?q={}", public.join("search.html").display(), encode(q));
    // Bytes the page loads for a query (at most `limit`), and what it shows.
    let query = |q: &str, limit: u64, shot: &str| {
        let (_, log, urls) = browse(&http(q), shot);
        clean(&log, &urls, &base);
        let (files, bytes) = loaded_bytes(&urls, &base, &public);
        eprintln!("query {q:?}: {files} files, {bytes} bytes");
        assert!(files >= 3, "the page, its scripts and style were counted: {urls:?}");
        assert!(bytes < limit, "{q:?} loads {bytes} bytes in {files} files");
        let (dom, log, urls) = browse(&file(q), shot);
        clean(&log, &urls, "file://");
        dom
    };

    // Before the first query: the page, its style and scripts, and the index's table of shards.
    query("", 100_000, "search-10k-empty.png");

    // A title: exact, ranked first, and the rest are the clauses whose text refers to it.
    let dom = query("条款1234", 300_000, "search-10k-title.png");
    let results = texts(&dom, "#results li a");
    assert_eq!(results.first().map(String::as_str), Some("第1235条 条款1234 合作事项"), "{results:?}");

    // A phrase across word boundaries (审批|后|方可), found in most clauses: a screenful at a time.
    let dom = query("审批后方可", 300_000, "search-10k-common.png");
    let results = texts(&dom, "#results li a");
    assert_eq!(results.len(), 10, "{results:?}");
    assert!(texts(&dom, "#results mark").iter().all(|m| m == "审批后方可"));
    assert_eq!(attrs(&dom, "#search-more", "hidden"), Vec::<String>::new(), "more results can be shown");

    // Two characters are answered from the index alone: the count is exact.
    let dom = query("挂钩", 300_000, "search-10k-pair.png");
    let status = texts(&dom, "#search-status")[0].clone();
    assert!(status.ends_with("条结果") && !status.contains("最多"), "{status}");
    // A word no clause has.
    let dom = query("挂钩营销部", 300_000, "search-10k-none.png");
    assert!(texts(&dom, "#results li").is_empty());
    assert_eq!(texts(&dom, "#search-status"), ["没有找到包含这些词的条款。"]);
}

#[test]
fn the_not_found_page_finds_the_site_root_from_any_depth_under_any_sub_path() {
    // A versioned site built without --base-url, published under a sub-path by a server that shows
    // the site's 404.html at every missing address.
    let (_out, site, _) = build_repository_site();
    let base = serve_with(&site, "/legal/marketing-brand/", true);
    let origin = base[..base.find("/legal").unwrap()].to_string();
    for (missing, shot) in [
        ("v2.0/clauses/typo.html", "404-deep.png"),
        ("v2.0/clauses/a/b/c/typo.html", "404-deeper.png"),
        ("typo.html", "404-top.png"),
        ("%E4%B8%8D%E5%AD%98%E5%9C%A8/", "404-folder.png"),
    ] {
        let (dom, log, urls) = browse(&format!("{base}{missing}"), shot);
        assert_eq!(texts(&dom, "h1"), ["找不到此页面"], "{missing}");
        assert_eq!(attrs(&dom, "base", "href"), [base.as_str()], "{missing}: its links are based at the site's root");
        for wanted in ["latest/static/style.css", "versions.js", "latest/static/versions.js"] {
            assert!(urls.contains(&format!("{base}{wanted}")), "{missing}: {wanted} was not fetched: {urls:#?}");
        }
        for link in attrs(&dom, "main a, .site-nav a, .brand", "href") {
            let file = site.join(link.split('#').next().unwrap().replace("&#x2f;", "/"));
            assert!(file.is_file(), "{missing}: the link {link} leads nowhere");
        }
        for url in &urls {
            assert!(url.starts_with(&origin) || url.starts_with("data:"), "request to another host: {url}");
        }
        assert!(!log.contains("Uncaught"), "{missing}: {log}");
    }
    // Served at the server's root, the page needs no search (nor JavaScript: see below).
    let at_root = serve_with(&site, "/", true);
    let (dom, _, urls) = browse(&format!("{at_root}v2.0/clauses/typo.html"), "404-root.png");
    assert_eq!(attrs(&dom, "base", "href"), ["/"]);
    assert!(urls.contains(&format!("{at_root}latest/static/style.css")), "{urls:#?}");
    // Opened from a file share, it is where the build wrote it.
    let (dom, log, urls) = browse(&format!("file://{}", site.join("404.html").display()), "404-file.png");
    clean(&log, &urls, "file://");
    assert_eq!(attrs(&dom, "base", "href"), [format!("file://{}/", site.display())]);
}

#[test]
fn the_not_found_page_reads_without_javascript_and_says_its_folder() {
    let (_out, site, _) = build_repository_site();
    let page = std::fs::read_to_string(site.join("404.html")).unwrap();
    // Without JavaScript: based at the server's root (where most sites are served), styled inline.
    assert!(page.contains("<base href=\"/\">"), "{page}");
    let style = page.find("<style>").expect("inline critical styles");
    assert!(style < page.find("<link rel=\"stylesheet\"").unwrap() && page.contains(".site-header {"));
    assert!(std::fs::read_to_string(site.join("clausebook-root.txt")).unwrap().starts_with("clausebook-root\n"));
    assert!(!site.join("v2.0/clausebook-root.txt").exists(), "a version's folder is not the site's root");
    // A version's own page: its links are relative to its folder.
    let own = std::fs::read_to_string(site.join("v2.0/404.html")).unwrap();
    assert_eq!(attrs(&scraper::Html::parse_document(&own), "base", "href"), ["/v2.0/"]);
    assert!(own.contains(r#"var folder = "v2.0/""#), "{own}");
    // With --base-url, the address is known and no search is needed.
    let p = built_example();
    let page = std::fs::read_to_string(p.public().join("404.html")).unwrap();
    let dom = scraper::Html::parse_document(&page);
    assert_eq!(attrs(&dom, "base", "href"), ["https://intranet.example/legal/marketing-brand/"]);
    assert!(!page.contains("clausebook-root.txt\""), "no script when the address is known");
}
