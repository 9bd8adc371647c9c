//! Synthetic agreements for benchmarks: N clauses of about 2.5 KB of Chinese text each, with
//! front matter like the example (owner, duties, dates, refs, budget), 50 clauses a chapter.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

const SENTENCES: &[&str] = &[
    "双方应当在每周三的联合例会上通报本周工作进展及下周计划，并形成会议纪要。",
    "营销部负责市场活动策划、销售推动及渠道管理，并对销售目标的达成负责。",
    "品牌部专注于企业形象塑造、品牌价值传播以及跨平台推广策略的制定。",
    "重大开支须经双方负责人联合审批后方可执行，确保资金使用效率。",
    "在紧急情况下，双方可以临时申请额外预算，并通过联合审批流程快速落实。",
    "公司每季度对合作协议的执行情况进行考核，并将结果与部门绩效奖金挂钩。",
    "The joint campaign budget is reviewed quarterly against the brand awareness goal.",
];

/// Writes an agreement of `clauses` clauses under `root/content`.
pub fn generate(root: &Path, clauses: usize) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: 基准测试协议\nlanguage: zh-CN\neffective: 2025-01-01\nparties:\n  - {id: marketing, name: 营销部, liaison: 王晓明}\n  - {id: brand, name: 品牌部, liaison: 李静}\n---\n\n基准测试用的合成协议。\n",
    )
    .unwrap();
    let per_chapter = 50;
    for i in 0..clauses {
        let chapter = i / per_chapter;
        let dir = content.join(format!("{:03}-chapter-{chapter}", chapter + 1));
        if i % per_chapter == 0 {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("_index.md"), format!("---\ntitle: 第{}部分\n---\n", chapter + 1)).unwrap();
        }
        std::fs::write(dir.join(format!("{:03}-clause-{i}.md", i % per_chapter + 1)), clause(i, clauses)).unwrap();
    }
}

fn clause(i: usize, total: usize) -> String {
    let (owner, other) = if i.is_multiple_of(2) { ("marketing", "brand") } else { ("brand", "marketing") };
    let target = (i * 7 + 3) % total;
    let mut s = String::with_capacity(2600);
    let _ = write!(
        s,
        "---\ntitle: 条款{i} 合作事项\nowner: {owner}\nparties: [marketing, brand]\nrevised: 2025-12-15\nreview_by: 2026-12-15\nrefs: [clause-{target}]\ntags: [合成, 第{}组]\nbudget:\n  - {{party: {owner}, share: 60}}\n  - {{party: {other}, share: 40}}\nduties:\n  - text: 召集第{i}号事项的联合例会\n    owner: {owner}\n    cadence: 每周三\n  - text: 提交第{i}号事项的季度报告\n    owner: {other}\n    due: 2026-03-31\n---\n\n",
        i % 10
    );
    let _ = writeln!(s, "## 事项{i}的范围\n");
    let mut n = i;
    while s.len() < 2300 {
        s.push_str(SENTENCES[n % SENTENCES.len()]);
        n = n.wrapping_mul(31).wrapping_add(7);
        if n.is_multiple_of(4) {
            s.push_str("\n\n");
        }
    }
    let _ = writeln!(s, "\n\n详见 [[clause-{target}]]。");
    s
}

/// Writes a minimal Hugo site around the same `content/` folder (config and three templates), so
/// that Hugo can build exactly the clauses clausebook builds: `hugo --source root`.
pub fn hugo_layout(root: &Path) {
    let layouts = root.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'http://example.org/'\nlanguageCode = 'zh-cn'\ntitle = '基准测试协议'\ndisableKinds = ['taxonomy', 'term']\n").unwrap();
    std::fs::write(
        layouts.join("baseof.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><nav><a href=\"{{ \"/\" | relURL }}\">{{ site.Title }}</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>{{ with .Params.owner }}<p>{{ . }}</p>{{ end }}{{ .Content }}</article>{{ end }}\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )
    .unwrap();
}
