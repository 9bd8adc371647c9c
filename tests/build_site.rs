//! Building the example agreement and small fixtures into a site, asserting on the pages.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

#[test]
fn the_example_builds_into_a_complete_site() {
    let p = Project::example();
    // The built-in theme is strict: a variable misspelled in any of its templates fails this build.
    let run = p.build().ok();
    assert!(run.stderr().contains("已生成") && run.stderr().contains("0 个错误，0 个警告"), "{}", run.stderr());

    let index = p.page("index.html");
    assert_eq!(index.text_of("h1"), "营销部与品牌部合作协议");
    assert_eq!(index.attrs("html", "lang"), ["zh-CN"]);
    assert!(index.text_of(".preamble").contains("经充分协商"));
    let cards = index.texts(".party-card");
    assert!(cards[0].contains("营销部") && cards[0].contains("王晓明"), "{cards:?}");
    assert!(cards[1].contains("品牌部") && cards[1].contains("李静"), "{cards:?}");
    let chapters = index.texts(".toc h3.chapter");
    assert_eq!(chapters.len(), 8);
    assert_eq!(chapters[0], "第一章 总则");
    assert_eq!(chapters[7], "第八章 附则");
    let toc = index.texts(".toc .clause-list a");
    assert_eq!(toc.len(), 28);
    assert_eq!(toc[0], "第1条 协议目的");
    assert_eq!(toc[27], "第28条 文本与份数");

    let meeting = p.page("clauses/weekly-meeting.html");
    assert_eq!(meeting.text_of("h1"), "第13条 每周联合例会");
    let rows = meeting.texts("table.duties tbody tr");
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0].contains("召集每周三的联合例会") && rows[0].contains("品牌部") && rows[0].contains("每周三"),
        "{rows:?}"
    );
    let meta = meeting.texts(".clause-meta > div");
    for field in ["负责方品牌部", "最近修订2026-03-10", "复审日期2027-03-10", "状态生效"] {
        assert!(meta.contains(&field.to_string()), "{field} not in {meta:?}");
    }
    assert!(meeting.texts(".referenced-by a").iter().any(|t| t.contains("定义")));

    let marketing = p.page("parties/marketing.html");
    assert_eq!(marketing.text_of("h1"), "营销部");
    let duties = marketing.texts("table.matrix tbody tr");
    assert!(duties.iter().any(|r| r.contains("第13条 每周联合例会") && r.contains("汇报本周工作进展")), "{duties:?}");
    assert!(duties.iter().all(|r| !r.contains("召集每周三的联合例会")), "a brand duty is on the marketing page");

    let print = p.page("print.html");
    let articles = print.attrs("article.clause", "id");
    assert_eq!(articles.len(), 28);
    assert_eq!(articles[0], "purpose");
    assert_eq!(print.texts(".signature .sig-party"), ["营销部", "品牌部"]);
    // A chapter's introduction is rendered Markdown, not escaped markup.
    assert!(print.texts(".chapter > p").iter().any(|t| t == "本章界定双方的职责范围，避免职责重叠或空白。"));
    assert!(!print.text.contains("&lt;p&gt;"), "rendered Markdown was escaped");
    // Every heading and footnote id on the shared printable page is unique.
    let ids = print.attrs("[id]", "id");
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &ids {
        *counts.entry(id).or_default() += 1;
    }
    assert!(
        counts.values().all(|&n| n == 1),
        "duplicate ids: {:?}",
        counts.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
}

#[test]
fn every_link_resolves_and_nothing_comes_from_another_host() {
    let p = Project::example();
    p.build().ok();
    for entry in walkdir::WalkDir::new(p.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = p.page(entry.path().strip_prefix(p.public()).unwrap().to_str().unwrap());
        let dir = entry.path().parent().unwrap();
        for url in page.attrs("a[href], link[href]", "href").into_iter().chain(page.attrs("[src]", "src")) {
            assert!(!url.contains("//"), "{}: external or protocol-relative URL {url}", entry.path().display());
            let path = url.split(['#', '?']).next().unwrap();
            let path = &*percent_encoding::percent_decode_str(path).decode_utf8().unwrap();
            if !path.is_empty() {
                assert!(dir.join(path).is_file(), "{}: broken link {url}", entry.path().display());
            }
            if let Some(fragment) = url.split_once('#').map(|(_, f)| f).filter(|f| !f.is_empty()) {
                let target = if path.is_empty() { entry.path().to_path_buf() } else { dir.join(path) };
                let text = std::fs::read_to_string(&target).unwrap();
                assert!(
                    text.contains(&format!("id=\"{fragment}\"")),
                    "{}: no anchor for {url}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn clause_references_show_the_targets_number_and_title() {
    let p = Project::example();
    p.build().ok();
    let approval = p.page("clauses/budget-approval.html");
    let xrefs = approval.texts(".body a.xref");
    assert!(xrefs.contains(&"第2条 定义".to_string()), "{xrefs:?}");
    assert!(approval.attrs(".body a.xref", "href").contains(&"definitions.html".to_string()));
    // An ordinary link to the .md file renders the same way.
    let marketing = p.page("clauses/marketing-duties.html");
    assert_eq!(marketing.texts(".body a.xref"), ["第5条 品牌部职责"]);
    // On the printable page references point within the page.
    let print = p.page("print.html");
    assert!(print.attrs("#budget-approval a.xref", "href").contains(&"#definitions".to_string()));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let p = Project::example();
    p.build().ok();
    let first = snapshot(&p.public());
    p.build().ok();
    assert_eq!(first, snapshot(&p.public()));
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn content_text_is_escaped_and_raw_html_is_not_injected() {
    let p = Project::with(&[(
        "content/01-x.md",
        "---\ntitle: <script>alert(1)</script>\nowner: marketing\n---\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n",
    )]);
    p.build().ok();
    let page = p.page("clauses/x.html");
    assert!(page.text_of("h1").contains("<script>alert(1)</script>"));
    assert!(page.attrs("script", "src").is_empty() && page.texts("script").is_empty(), "a script element was injected");
    assert!(page.attrs("img", "onerror").is_empty());
    assert!(!page.text.contains("javascript:"));
}

#[test]
fn english_agreements_number_in_english() {
    let p = Project::empty();
    p.write("content/_index.md", "---\ntitle: Cooperation\nlanguage: en\nparties:\n  - {id: a, name: Alpha}\n---\n");
    p.write("content/10-scope/_index.md", "---\ntitle: Scope\n---\n");
    p.write("content/10-scope/01-purpose.md", "---\ntitle: Purpose\nowner: a\n---\nText.\n");
    p.build().ok();
    let index = p.page("index.html");
    assert_eq!(index.text_of(".toc h3.chapter"), "Chapter 1 Scope");
    assert_eq!(index.text_of(".toc .clause-list a"), "Article 1 Purpose");
}

#[test]
fn ids_and_order_default_from_file_names_and_chinese_ids_work() {
    let p = Project::with(&[
        ("content/02-预算.md", "---\ntitle: 预算\n---\n见 [[目的]]。\n"),
        ("content/01-目的.md", "---\ntitle: 目的\n---\n"),
    ]);
    p.build().ok();
    let index = p.page("index.html");
    assert_eq!(index.texts(".toc .clause-list a"), ["第1条 目的", "第2条 预算"]);
    let page = p.page("clauses/预算.html");
    assert_eq!(page.attrs(".body a.xref", "href"), ["目的.html"]);
}

#[test]
fn today_decides_what_is_overdue_and_the_site_shows_it() {
    let p = Project::with(&[(
        "content/01-a.md",
        "---\ntitle: 甲\nrevised: 2025-06-01\nreview_by: 2026-01-10\nduties:\n  - {text: x, owner: marketing}\n  - {text: y, owner: brand}\n---\n",
    )]);
    // Built in: a project without rules (as `clausebook new` makes) gets the warning, the badge
    // and the finding on the findings page alike.
    let run = p.run(&["build", "--today", "2026-02-01"]).ok();
    assert!(run.stderr().contains("warning[review-overdue]"), "{}", run.stderr());
    assert!(run.stderr().contains("0 个错误，1 个警告"), "{}", run.stderr());
    assert_eq!(p.page("clauses/a.html").texts(".badge.overdue").len(), 1);
    assert!(p.page("clauses/a.html").text_of(".finding.warning").contains("复审已逾期 22 天"));
    assert!(p.page("findings.html").text_of(".finding.warning").contains("content/01-a.md:4:12"));
    let run = p.run(&["build", "--today", "2026-01-01"]).ok();
    assert!(!run.stderr().contains("review-overdue"));
    assert!(p.page("clauses/a.html").texts(".badge.overdue").is_empty());

    let mut cmd = clausebook();
    cmd.args(["check", "--root"]).arg(p.root()).env("SOURCE_DATE_EPOCH", "1769904000"); // 2026-02-01
    let out = cmd.output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("review-overdue"));
}

#[test]
fn new_scaffolds_a_project_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("协议");
    let out = clausebook().arg("new").arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = clausebook().args(["build", "--today", "2026-06-01", "--root"]).arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(project.join("public/clauses/meetings.html").is_file());
    let tests = clausebook().args(["test", "--root"]).arg(&project).output().unwrap();
    assert!(tests.status.success(), "{}", String::from_utf8_lossy(&tests.stdout));
    assert!(String::from_utf8_lossy(&tests.stdout).contains("2 个通过，0 个未通过"));
    let again = clausebook().arg("new").arg(&project).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn a_project_theme_overrides_single_templates_and_assets() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
    p.write(
        "themes/default/templates/clause.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ clause.title }}</p>{% endblock %}",
    );
    p.write("themes/default/static/extra.css", "p{}");
    p.build().ok();
    assert_eq!(p.page("clauses/a.html").text_of("p.custom"), "甲");
    assert!(p.page("index.html").texts(".toc").len() == 1, "the other templates stay the built-in ones");
    assert!(p.public().join("static/extra.css").is_file() && p.public().join("static/style.css").is_file());
}

#[test]
fn a_project_header_may_say_which_page_it_is_on() {
    // The built-in header is rendered once per depth; a project's own is rendered with each page,
    // with everything the page knows.
    let p =
        Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n"), ("content/02-b.md", "---\ntitle: 乙\n---\n")]);
    p.write("themes/default/templates/header.html", "<header class=\"own\">{{ path }} {{ root }}</header>");
    p.build().ok();
    assert_eq!(p.page("clauses/a.html").text_of("header.own"), "clauses/a.html ../");
    assert_eq!(p.page("clauses/b.html").text_of("header.own"), "clauses/b.html ../");
    assert_eq!(p.page("index.html").text_of("header.own"), "index.html");
    assert_eq!(p.page("index.html").texts(".site-footer").len(), 1, "the footer stays the built-in one");
}

#[test]
fn a_project_base_template_of_its_own_keeps_its_header() {
    let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
    p.write(
        "themes/default/templates/base.html",
        "<html><body><header class=\"mine\">{{ site.title }}</header>{% block main %}{% endblock %}</body></html>",
    );
    p.build().ok();
    assert_eq!(p.page("clauses/a.html").texts("header").len(), 1, "only the project's header");
    assert_eq!(p.page("clauses/a.html").texts("header.mine").len(), 1);
}

#[test]
fn a_misspelled_variable_in_a_project_template_builds_with_a_warning_where_it_is_written() {
    let p =
        Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n"), ("content/02-b.md", "---\ntitle: 乙\n---\n")]);
    p.write(
        "themes/default/templates/clause.html",
        "{% extends \"base.html\" %}{% block main %}\n<p class=\"custom\">{{ clause.titel }}</p>{% endblock %}",
    );
    let run = p.build().ok();
    run.reports("themes/default/templates/clause.html:2:22", "模板使用了未定义的值");
    assert_eq!(run.stderr().matches("warning[template]").count(), 1, "one warning per place: {}", run.stderr());
    assert_eq!(p.page("clauses/a.html").text_of("p.custom"), "", "written as nothing, as before");
}

#[test]
fn a_printable_page_template_may_show_articles_as_it_likes() {
    // Articles are put into the rendered outline afterwards: in whatever order and as often as the
    // template shows them.
    let p = Project::with(&[
        ("content/01-a.md", "---\ntitle: 甲\n---\n甲方正文\n"),
        ("content/02-b.md", "---\ntitle: 乙\n---\n乙方正文\n"),
    ]);
    p.write(
        "themes/default/templates/print.html",
        "{% for s in sections|reverse %}{% for c in s.clauses|reverse %}<h2>{{ c.title }}</h2>{{ c.article }}{% if loop.first %}{{ c.article }}{% endif %}{% endfor %}{% endfor %}",
    );
    p.build().ok();
    let html = std::fs::read_to_string(p.public().join("print.html")).unwrap();
    assert_eq!(html.matches("乙方正文").count(), 2, "{html}");
    assert_eq!(html.matches("甲方正文").count(), 1, "{html}");
    assert!(html.find("乙方正文").unwrap() < html.find("甲方正文").unwrap(), "{html}");
    assert!(!html.contains("clausebook:article"), "{html}");
    assert!(html.find("<h2>乙</h2>").unwrap() < html.find("<h2>甲</h2>").unwrap(), "{html}");
}
