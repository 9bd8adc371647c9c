//! Search across a portfolio, from its portal: one index over every agreement's release in force
//! (`search/` at the portal's root), its page (`search.html`) with results grouped by agreement
//! and filters by agreement and department, from file:// and over HTTP under a sub-path, within
//! the per-query budget of an agreement's own search. Older releases stay searched on their own
//! agreements' sites.
#![expect(clippy::print_stderr, reason = "the test reports what each query fetched, beside the test harness")]

mod browser;
mod common;

use std::collections::BTreeSet;
use std::path::Path;

use browser::*;
use common::*;

#[path = "../benches/support/corpus.rs"]
mod corpus;

/// `examples/portfolio` built into a temporary folder, as of a day when each agreement's newest
/// release is in force.
fn built_portfolio() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = clausebook()
        .args(["build", "--today", "2026-12-07", "--root"])
        .arg(repo().join("examples/portfolio"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

/// The JSON a script of the index hands its function (`NAME(k,{…});`, `window.X = {…};`).
fn script_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = text.find(['{', '[']).unwrap();
    let end = text.rfind(['}', ']']).unwrap();
    serde_json::from_str(&text[start..=end]).unwrap()
}

/// FNV-1a over a gram's code points, as the build and search.js compute it.
fn hash(gram: &str) -> u32 {
    gram.chars().fold(0x811c_9dc5u32, |h, c| (h ^ c as u32).wrapping_mul(0x0100_0193))
}

/// The entries a run-encoded posting list names (`3,3.1` is 3, 7 and 8).
fn decode(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut next = 0;
    for run in text.split(',').filter(|r| !r.is_empty()) {
        let (gap, len) = run.split_once('.').unwrap_or((run, "0"));
        let start = next + usize::from_str_radix(gap, 36).unwrap();
        let end = start + usize::from_str_radix(len, 36).unwrap();
        out.extend(start..=end);
        next = end + 1;
    }
    out
}

/// What the index of the site at `site` finds for `word` (two characters or more), as the page
/// does: the entries that have each of its pairs, then those whose text has the word. Each
/// entry as its block's file holds it.
fn hits(site: &Path, word: &str) -> Vec<serde_json::Value> {
    let meta = script_json(&site.join("search/meta.js"));
    let shards = meta["shards"].as_u64().unwrap() as u32;
    let chars: Vec<char> = word.chars().collect();
    let mut found: Option<BTreeSet<usize>> = None;
    for pair in chars.windows(2).map(|w| w.iter().collect::<String>()) {
        let shard = script_json(&site.join(format!("search/g{}.js", hash(&pair) % shards)));
        // An entry larger than a shard is in a file of its own, which the shard names.
        let entry = match shard[&pair].as_str() {
            Some(name) => script_json(&site.join(format!("search/{name}.js"))),
            None => shard[&pair].clone(),
        };
        let these: BTreeSet<usize> = entry[0].as_str().map(decode).unwrap_or_default().into_iter().collect();
        found = Some(match found {
            Some(f) => f.intersection(&these).copied().collect(),
            None => these,
        });
    }
    found
        .unwrap_or_default()
        .into_iter()
        .map(|i| doc(site, &meta, i))
        .filter(|d| ["t", "x", "m"].iter().any(|f| d[f].as_str().unwrap_or_default().contains(word)))
        .collect()
}

/// Entry `i` of the index of the site at `site` (with its table `meta`), as the page reads it:
/// from the site's own blocks; on a portal, from its agreement's blocks, its page from the
/// portal's folder and with its agreement's id (`a`).
fn doc(site: &Path, meta: &serde_json::Value, i: usize) -> serde_json::Value {
    let block = |folder: &str, i: usize, size: usize| {
        script_json(&site.join(format!("{folder}search/d{}.js", i / size)))[i % size].clone()
    };
    let Some(agreements) = portfolio(site) else {
        return block("", i, meta["block"].as_u64().unwrap() as usize);
    };
    let a = agreements.as_array().unwrap().iter().find(|a| a["end"].as_u64().unwrap() as usize > i).unwrap();
    let folder = a["folder"].as_str().unwrap();
    let mut d = block(folder, i - a["start"].as_u64().unwrap() as usize, a["block"].as_u64().unwrap() as usize);
    d["u"] = format!("{folder}{}", d["u"].as_str().unwrap()).into();
    d["a"] = a["id"].clone();
    d
}

/// The agreements a portal's search page lists (`CLAUSEBOOK_PORTFOLIO`), on a portal.
fn portfolio(site: &Path) -> Option<serde_json::Value> {
    let page = std::fs::read_to_string(site.join("search.html")).ok()?;
    let data = page.split("window.CLAUSEBOOK_PORTFOLIO = ").nth(1)?.split(";</script>").next()?;
    Some(serde_json::from_str(data).unwrap())
}

#[test]
fn the_portal_indexes_every_agreements_release_in_force() {
    let out = built_portfolio();
    let site = out.path();
    for file in ["search.html", "search/meta.js", "search/g0.js", "static/search.js"] {
        assert!(site.join(file).is_file(), "{file} is missing");
    }
    // The texts are the agreements' own, not copied.
    assert!(!site.join("search/d0.js").exists());
    // The page lists each agreement with its range of the index; together they are the index.
    let page = std::fs::read_to_string(site.join("search.html")).unwrap();
    let agreements = portfolio(site).unwrap();
    let ids: Vec<&str> = agreements.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["marketing-brand", "it-finance", "hr-recruiting"]);
    let meta = script_json(&site.join("search/meta.js"));
    assert_eq!(meta["docs"], agreements[2]["end"], "{meta}");
    assert_eq!(agreements[1]["units"], serde_json::json!(["it", "finance", "marketing"]));

    // A Chinese word found in two agreements, each at its release in force's clause page.
    let found = hits(site, "预算");
    let by: BTreeSet<&str> = found.iter().map(|d| d["a"].as_str().unwrap()).collect();
    assert!(by.contains("marketing-brand") && by.contains("it-finance"), "{by:?}");
    for d in &found {
        let url = d["u"].as_str().unwrap();
        assert!(url.starts_with(&format!("{}/v", d["a"].as_str().unwrap())), "{url}");
        assert!(site.join(url).is_file(), "{url} is no page");
    }
    // it-finance's release in force (v1.2) is searched from the portal, not v1.0's text, which
    // stays found on v1.0's own site.
    assert!(hits(site, "经营分析会").iter().any(|d| d["u"] == "it-finance/v1.2/clauses/monthly-report.html"));
    assert!(hits(site, "暂按信息技术部").is_empty());
    assert_eq!(hits(&site.join("it-finance/v1.0"), "暂按信息技术部").len(), 1);

    // The filters: every agreement, and the departments that are a party to one.
    let html = scraper::Html::parse_document(&page);
    let options = texts(&html, "#search-unit option");
    assert_eq!(options, ["全部部门", "营销部", "品牌部", "信息技术部", "财务部", "人力资源部"]);
    assert_eq!(texts(&html, "#search-agreement option").len(), 4);
    // Every portal page has the search box.
    let index = scraper::Html::parse_document(&std::fs::read_to_string(site.join("index.html")).unwrap());
    assert_eq!(attrs(&index, "form.site-search", "action"), ["search.html"]);
    let department =
        scraper::Html::parse_document(&std::fs::read_to_string(site.join("departments/finance.html")).unwrap());
    assert_eq!(attrs(&department, "form.site-search", "action"), ["../search.html"]);
}

#[test]
fn portal_search_groups_by_agreement_and_filters_in_the_browser() {
    let out = built_portfolio();
    let page = |q: &str| format!("file://{}?{q}", out.path().join("search.html").display());
    let (dom, log, urls) = browse(&page(&format!("q={}", encode("预算"))), "portal-search.png");
    clean(&log, &urls, "file://");
    let groups = texts(&dom, ".search-group h2 a");
    assert_eq!(groups[..2], ["营销部与品牌部合作协议", "信息技术部与财务部数据服务协议"], "{groups:?}");
    assert!(texts(&dom, "#results mark").iter().all(|m| m == "预算"));
    let status = texts(&dom, "#search-status")[0].clone();
    assert!(status.ends_with("条结果"), "{status}");
    // Each result leads to its clause page in its agreement's release in force.
    let hrefs = attrs(&dom, ".search-group li a", "href");
    assert!(hrefs.iter().any(|h| h.starts_with("it-finance/v1.2/clauses/")), "{hrefs:?}");
    let (clause, log, urls) = browse(&format!("file://{}", out.path().join(&hrefs[0]).display()), "portal-hit.png");
    clean(&log, &urls, "file://");
    assert!(!texts(&clause, "h1").is_empty());

    // By department: 人力资源部 is a party to one agreement only.
    let (dom, _, _) = browse(&page(&format!("q={}&d=hr", encode("预算"))), "portal-search-hr.png");
    assert_eq!(texts(&dom, ".search-group h2 a"), ["人力资源部与各部门招聘协作协议"]);
    // By agreement, and both together (it-finance has no 人力资源部 party).
    let (dom, _, _) = browse(&page(&format!("q={}&a=it-finance", encode("预算"))), "portal-search-it.png");
    assert_eq!(texts(&dom, ".search-group h2 a"), ["信息技术部与财务部数据服务协议"]);
    let (dom, _, _) = browse(&page(&format!("q={}&a=it-finance&d=hr", encode("预算"))), "portal-search-none.png");
    assert!(texts(&dom, "#results li").is_empty());
    assert_eq!(texts(&dom, "#search-status"), ["没有找到包含这些词的条款。"]);
}

#[test]
fn portal_search_works_over_http_under_a_sub_path() {
    let out = built_portfolio();
    let base = serve_under(out.path(), "/intranet/agreements/");
    let host = &base[..base.find("/intranet").unwrap()];
    // From the portal's header, as a reader would: its form sends the query to search.html.
    let (dom, log, urls) = browse(&format!("{base}index.html"), "portal-index-http.png");
    clean(&log, &urls, host);
    assert_eq!(attrs(&dom, "form.site-search", "action"), ["search.html"]);
    let (dom, log, urls) = browse(&format!("{base}search.html?q={}", encode("数据平台")), "portal-search-http.png");
    clean(&log, &urls, host);
    let groups = texts(&dom, ".search-group h2 a");
    assert!(groups.contains(&"信息技术部与财务部数据服务协议".to_string()), "{groups:?}");
    let (files, bytes) = loaded_bytes(&urls, &base, out.path());
    eprintln!("example portfolio, query \"数据平台\": {files} files, {bytes} bytes");
    assert!(bytes < 300_000, "{bytes} bytes");
}

/// A portfolio of `count` synthetic agreements of `clauses` clauses each, in `dir`.
fn synthetic_portfolio(dir: &Path, count: usize, clauses: usize) {
    let mut yaml = String::from("title: 合成协议集\nlanguage: zh-CN\nagreements:\n");
    for k in 0..count {
        corpus::generate(&dir.join(format!("agreements/a{k}")), clauses);
        yaml.push_str(&format!("  - id: a{k}\n    path: agreements/a{k}\n"));
    }
    std::fs::write(dir.join("portfolio.yaml"), yaml).unwrap();
}

#[test]
fn portal_search_on_ten_thousand_clauses_loads_a_few_hundred_kilobytes_per_query() {
    let dir = tempfile::tempdir().unwrap();
    synthetic_portfolio(dir.path(), 4, 2_500);
    let public = dir.path().join("public");
    let run = clausebook()
        .args(["build", "--today", "2026-01-15", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&public)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // The common pairs' entries are larger than a shard: each in a file of its own, which only a
    // query that reads that pair loads (the queries below read them).
    let large = std::fs::read_dir(public.join("search"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with('e'))
        .count();
    assert!(large > 0, "no entry of its own");
    let base = serve_under(&public, "/");
    let query = |q: &str, limit: u64, shot: &str| {
        let (dom, log, urls) = browse(&format!("{base}search.html?{q}"), shot);
        clean(&log, &urls, &base);
        let (files, bytes) = loaded_bytes(&urls, &base, &public);
        eprintln!("portfolio of 10,000 clauses, {q}: {files} files, {bytes} bytes");
        assert!(bytes < limit, "{q} loads {bytes} bytes in {files} files");
        dom
    };
    query("q=", 100_000, "portal-10k-empty.png");
    // A title in every agreement: each group starts with its title match.
    let dom = query(&format!("q={}", encode("条款1234")), 300_000, "portal-10k-title.png");
    let groups = texts(&dom, ".search-group h2 a");
    assert_eq!(groups.first().map(String::as_str), Some("基准测试协议"), "{groups:?}");
    let first = texts(&dom, ".search-group li a");
    assert_eq!(first.first().map(String::as_str), Some("第1235条 条款1234 合作事项"), "{first:?}");
    // A phrase in most clauses: a screenful; the filter keeps the other agreements' texts unloaded.
    let dom = query(&format!("q={}", encode("审批后方可")), 300_000, "portal-10k-common.png");
    assert_eq!(texts(&dom, "#results li").len(), 10);
    let dom = query(&format!("q={}&a=a3", encode("审批后方可")), 300_000, "portal-10k-filtered.png");
    let hrefs = attrs(&dom, "#results li a", "href");
    assert!(!hrefs.is_empty() && hrefs.iter().all(|h| h.starts_with("a3/clauses/")), "{hrefs:?}");
    // No clause has it.
    let dom = query(&format!("q={}", encode("挂钩营销部")), 300_000, "portal-10k-none.png");
    assert_eq!(texts(&dom, "#search-status"), ["没有找到包含这些词的条款。"]);
}
