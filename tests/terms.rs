//! Defined terms: found in running text (Chinese and English) and in front matter, each check at
//! its exact place, every use linked to its definition, and the terms page.

mod common;

use common::{INDEX, Project};

const EN_INDEX: &str = "---\ntitle: Test agreement\nlanguage: en\nparties:\n  - {id: marketing, name: Marketing}\n  - {id: brand, name: Brand}\n---\n\nMarketing and Brand (the \"Parties\") agree as follows.\n";

fn clause(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nowner: brand\n---\n{body}\n")
}

#[test]
fn each_term_check_is_at_its_exact_place() {
    let p = Project::with(&[
        // Used in 01 before 02 defines it.
        ("content/01-a.md", &clause("甲", "联合活动由双方共同组织。")),
        (
            "content/02-b.md",
            &clause(
                "定义",
                "本协议所称\"联合活动\"，是指双方共同策划的活动。\n\n本协议所称“重大开支”，是指五十万元以上的支出。",
            ),
        ),
        // Defined again, differently; and a term nothing uses (the 部门 of 各部门 is its definition).
        (
            "content/03-c.md",
            &clause("丙", "联合活动（以下简称\"联合活动\"）另有所指。\n\n各部门（以下统称「部门」）。"),
        ),
    ]);
    let run = p.run(&["check"]).ok();
    run.reports("content/01-a.md:5:1", "术语「联合活动」在定义之前就被使用");
    run.reports("content/02-b.md:7:7", "术语「重大开支」有定义，但协议中其他地方没有用到");
    run.reports("content/03-c.md:5:11", "术语「联合活动」被再次定义，且与先前的定义不同");
    run.reports("content/03-c.md:7:10", "术语「部门」有定义，但协议中其他地方没有用到");
    assert!(run.stderr().contains("::: content/02-b.md:5:7: 定义在这里"), "{}", run.stderr());
    assert!(!run.stderr().contains("「双方」"), "双方 is not defined here: {}", run.stderr());
    // Each check's severity is the project's to set.
    p.write(
        "content/_index.md",
        &INDEX.replace("---\n\n", "rules:\n  term-unused: error\n  term-used-before-definition: off\n---\n\n"),
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("error[term-unused]") && !run.stderr().contains("term-used-before-definition"));
}

#[test]
fn english_definitions_and_front_matter_terms_are_terms_too() {
    let p = Project::with(&[
        ("content/_index.md", EN_INDEX),
        ("content/01-a.md", &clause("Definitions", "\"Major Expenditure\" means a payment above 500,000.")),
        (
            "content/02-b.md",
            "---\ntitle: Costs\nowner: brand\nterms:\n  Joint Event: an event both Parties fund\n---\nEach Joint Event with a Major Expenditure needs the Parties' approval.\n",
        ),
    ]);
    let run = p.run(&["check"]).ok();
    assert!(!run.stderr().contains("term-"), "every term is used after its definition: {}", run.stderr());
    p.build().ok();
    let page = p.page("clauses/b.html");
    let links = page.attrs(".body a.term", "href");
    assert_eq!(links, ["../clauses/a.html#term-Major-Expenditure", "../index.html#term-Parties"]);
    // A term its own clause defines in front matter: its first mention there is the definition.
    assert_eq!(page.attrs(".body dfn", "title"), ["an event both Parties fund"]);
    assert_eq!(page.attrs(".body a.term", "title")[0], "\"Major Expenditure\" means a payment above 500,000.");
    // The definitions carry the anchors the links lead to.
    assert_eq!(p.page("clauses/a.html").attrs("dfn", "id"), ["term-Major-Expenditure"]);
    assert_eq!(p.page("index.html").attrs("dfn", "id"), ["term-Parties"]);
    let terms = p.page("terms.html");
    assert_eq!(terms.texts("table.terms th[scope=row]"), ["Parties", "Major Expenditure", "Joint Event"]);
    assert_eq!(terms.texts("table.terms td:last-child"), ["1", "1", "1"]);
}

#[test]
fn the_example_links_its_terms_and_stays_clean() {
    let p = Project::example();
    let run = p.run(&["check", "--today", "2026-12-02"]).ok();
    assert!(!run.stderr().contains("[term-"), "{}", run.stderr());
    p.run(&["build", "--today", "2026-12-02"]).ok();
    let definitions = p.page("clauses/definitions.html");
    assert_eq!(definitions.texts("dfn"), ["联合活动", "重大开支", "联合例会", "联系人"]);
    let budget = p.page("clauses/budget-approval.html");
    assert_eq!(budget.attrs(".body a.term", "href")[0], "../clauses/definitions.html#term-重大开支");
    assert!(budget.attrs(".body a.term", "title")[0].contains("是指单笔金额在人民币 50 万元及以上的支出"));
    // Link text inside other links and headings is left alone.
    for a in budget.texts(".body a:not(.term)") {
        assert!(!a.is_empty());
    }
    assert!(p.page("print.html").attrs("a.term", "href").iter().any(|h| h == "#term-联合例会"));
    // A duty's text links its terms too: on its clause's page, its owner's page and the printable page.
    let liaisons = p.page("clauses/liaisons.html");
    assert_eq!(liaisons.attrs("table.duties a.term", "href"), ["../clauses/definitions.html#term-联系人"; 3]);
    let marketing = p.page("parties/marketing.html");
    assert!(marketing.attrs("table a.term", "href").contains(&"../clauses/definitions.html#term-联系人".to_string()));
    assert!(p.page("print.html").attrs("table.duties a.term", "href").contains(&"#term-联系人".to_string()));
    assert_eq!(
        p.page("terms.html").texts("table.terms th[scope=row]"),
        ["双方", "联合活动", "重大开支", "联合例会", "联系人"]
    );
}

#[test]
fn an_empty_term_is_an_error_at_its_key() {
    let p = Project::with(&[(
        "content/01-a.md",
        "---\ntitle: 甲\nowner: brand\nterms:\n  \"\": 什么也不是\n  \" \": 空格\n  联合活动: 双方的活动\n---\n联合活动由双方组织。\n",
    )]);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("content/01-a.md:5:3", "术语不能为空");
    run.reports("content/01-a.md:6:3", "术语不能为空");
    // The empty term matches nothing: the real one is still linked, and nothing else is.
    p.write(
        "content/01-a.md",
        "---\ntitle: 甲\nowner: brand\nterms:\n  联合活动: 双方的活动\n---\n联合活动由双方组织。\n",
    );
    p.build().ok();
    assert_eq!(p.page("clauses/a.html").texts("dfn, a.term").len(), 1);
}

#[test]
fn a_term_is_never_found_inside_an_html_entity_or_tag() {
    let p = Project::with(&[(
        "content/01-a.md",
        "---\ntitle: 甲\nowner: brand\nterms:\n  lt: less than\n  amp: amplifier\n  quot: quotient\n  span: the span\n---\nThe lt and the amp: a < b & \"c\" &amp; &lt; &quot; a [link](https://x.example/?a=1&lt=2) span.\n",
    )]);
    p.build().ok();
    let page = p.page("clauses/a.html");
    let body = page.text_of(".clause-body, main");
    assert!(body.contains("a < b & \"c\""), "the escapes still read as characters: {body}");
    assert!(!body.contains("&lt;") && !body.contains("&amp;"), "no escape shows: {body}");
    let linked = page.texts("dfn, a.term");
    assert_eq!(
        linked,
        ["lt", "amp", "span"],
        "each use in the text, none inside `&lt;`, `&amp;`, `&quot;` or a tag's attribute"
    );
}

#[test]
fn a_term_used_only_in_a_title_or_a_duty_is_used_there() {
    let defined = clause(
        "定义",
        "本协议所称\"联合活动\"，是指双方共同策划的活动。\n\n本协议所称\"重大开支\"，是指五十万元以上的支出。",
    );
    let duty = "---\ntitle: 审批\nowner: brand\nduties:\n  - text: 审批重大开支\n    owner: marketing\n---\n正文。\n";
    let p = Project::with(&[
        ("content/01-defs.md", &defined),
        ("content/02-title.md", &clause("联合活动的组织", "正文。")),
        ("content/03-duty.md", duty),
    ]);
    let run = p.run(&["check"]).ok();
    assert!(!run.stderr().contains("term-unused"), "{}", run.stderr());
    // The duty's page links the use, and a duty's markup stays text.
    p.write("content/03-duty.md", &duty.replace("审批重大开支", "审批<b>重大开支</b> & 报备"));
    p.build().ok();
    let page = p.page("clauses/duty.html");
    assert_eq!(page.attrs("table.duties a.term", "href"), ["../clauses/defs.html#term-重大开支"]);
    assert_eq!(page.texts("table.duties td").first().map(String::as_str), Some("审批<b>重大开支</b> & 报备"));
    p.write("content/03-duty.md", duty);
    // Before its definition, a use in a duty is said at the duty's text.
    p.write("content/00-duty.md", duty);
    p.run(&["check"]).reports("content/00-duty.md:5:11", "术语「重大开支」在定义之前就被使用");
    // Without them, the check can tell.
    std::fs::remove_file(p.root().join("content/00-duty.md")).unwrap();
    p.write("content/02-title.md", &clause("组织", "正文。"));
    p.write("content/03-duty.md", &clause("审批", "正文。"));
    let run = p.run(&["check"]);
    assert!(run.stderr().contains("术语「联合活动」有定义，但协议中其他地方没有用到"), "{}", run.stderr());
    assert!(run.stderr().contains("术语「重大开支」有定义，但协议中其他地方没有用到"), "{}", run.stderr());
}
