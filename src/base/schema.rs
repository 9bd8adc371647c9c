//! The front matter fields clausebook itself reads, in one place: their names, types and meaning.
//! Loading warns about fields that are not here (or declared by the project), rules' field paths
//! are checked against them, the changelog and the JSON export follow them, and the tests hold
//! every presentation to this list (README's content model, `agreement.json` and its schema,
//! docs/rules.md). A new field is an entry here, its reading in `load`, and its presentation.

/// One front matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its name in the front matter.
    pub name: &'static str,
    /// Its type, as the docs write it.
    pub kind: &'static str,
    /// What it means.
    pub doc: &'static str,
    /// Its type in Chinese (the catalog says [`Field::kind`] or this by the project's language).
    pub zh_kind: &'static str,
    /// What it means, in Chinese.
    pub zh_doc: &'static str,
    /// Whether `agreement.json` exports it as a field of its own (every field is also in the
    /// clause's `front_matter`, as written).
    pub exported: bool,
    /// Whether the changelog words its changes (the others are left out of it).
    pub changelog: bool,
}

/// A field whose type and meaning are `[English, Chinese]`.
const fn field(
    name: &'static str,
    [kind, zh_kind]: [&'static str; 2],
    [doc, zh_doc]: [&'static str; 2],
    exported: bool,
    changelog: bool,
) -> Field {
    Field { name, kind, doc, zh_kind, zh_doc, exported, changelog }
}

/// Fields of a clause's front matter.
pub const CLAUSE: &[Field] = &[
    field(
        "id",
        ["text", "文本"],
        [
            "stable, unique id; default: the file name without number prefix",
            "稳定且唯一的 id；默认取文件名去掉编号前缀",
        ],
        true,
        false,
    ),
    field("title", ["text", "文本"], ["the clause's title", "条款的标题"], true, true),
    field(
        "order",
        ["whole number", "整数"],
        [
            "position within its chapter; default: the file name's number prefix",
            "在所在章中的位置；默认取文件名的编号前缀",
        ],
        false,
        false,
    ),
    field(
        "owner",
        ["party id or name", "协议方 id 或名称"],
        ["the party responsible for the clause", "负责这一条款的协议方"],
        true,
        true,
    ),
    field(
        "parties",
        ["list of party ids or names", "协议方 id 或名称的列表"],
        ["parties the clause concerns", "条款涉及的协议方"],
        true,
        false,
    ),
    field(
        "duties",
        ["list of {text, owner, id?, due?, cadence?}", "{text, owner, id?, due?, cadence?} 的列表"],
        ["what must be done, by whom, by when or how often", "要做的事、由谁做、何时前做或多久做一次"],
        true,
        true,
    ),
    field("revised", ["date", "日期"], ["the last revision", "最近一次修订"], true, true),
    field(
        "review_by",
        ["date", "日期"],
        ["when the clause must be reviewed next", "下一次必须复核条款的日期"],
        true,
        true,
    ),
    field(
        "status",
        ["draft | active | retired", "draft | active | retired"],
        ["whether the clause is in force (default active)", "条款是否生效（默认 active）"],
        true,
        true,
    ),
    field(
        "refs",
        ["list of clause ids", "条款 id 的列表"],
        ["clauses this one relies on", "本条依据的条款"],
        true,
        false,
    ),
    field(
        "budget",
        ["list of {party, share}", "{party, share} 的列表"],
        ["how spending is split, in percent", "费用如何分摊，按百分比"],
        true,
        true,
    ),
    field("tags", ["list of text", "文本的列表"], ["free-form labels", "自由标签"], true, false),
    field(
        "use",
        ["<library clause>@<edition>", "<条款库条款>@<版次>"],
        [
            "the standard clause of the library whose edition's text this clause shows before its own",
            "本条在自身正文之前显示的条款库标准条款及其版次",
        ],
        false,
        false,
    ),
    field(
        "with",
        ["mapping of placeholder → text", "占位符 → 文本 的映射"],
        [
            "the text for each placeholder of the library text (`{{甲方}}`)",
            "条款库文本中每个占位符（`{{甲方}}`）的内容",
        ],
        false,
        false,
    ),
    field(
        "allow",
        ["mapping of rule id → reason", "规则 id → 理由 的映射"],
        ["rules suppressed on this clause, with why", "在本条上不检查的规则，及其理由"],
        false,
        false,
    ),
    field(
        "terms",
        ["mapping of term → definition", "术语 → 定义 的映射"],
        ["terms the clause defines (see docs/terms.md)", "本条定义的术语（见 docs/terms.md）"],
        false,
        false,
    ),
];

/// Fields of one duty (`duties[i]`).
pub const DUTY: &[Field] = &[
    field("id", ["text", "文本"], ["optional stable id", "可选的稳定 id"], true, false),
    field("text", ["text", "文本"], ["what must be done", "要做的事"], true, true),
    field("owner", ["party id or name", "协议方 id 或名称"], ["who must do it", "由谁来做"], true, true),
    field("due", ["date", "日期"], ["a deadline", "截止日期"], true, true),
    field(
        "cadence",
        ["text", "文本"],
        [
            "how often (每周三, 每月最后一个工作日, every other Wednesday, …)",
            "多久一次（每周三、隔周三、每月最后一个工作日 等）",
        ],
        true,
        true,
    ),
    field(
        "on_holiday",
        ["next_working_day, previous_working_day or keep", "next_working_day、previous_working_day 或 keep"],
        ["where a date on a day off goes", "日期遇节假日时移到哪天"],
        true,
        true,
    ),
    field("since", ["date", "日期"], ["when it starts recurring", "从哪天开始重复"], true, true),
    field(
        "remind",
        ["length or list of lengths", "时长或时长列表"],
        ["how long before each date the calendars remind (3天)", "日历提前多久提醒（如 3天）"],
        true,
        true,
    ),
];

/// Fields of one budget share (`budget[i]`).
pub const BUDGET: &[Field] = &[
    field("party", ["party id or name", "协议方 id 或名称"], ["the paying party", "付费的协议方"], true, true),
    field("share", ["number", "数字"], ["percent", "百分比"], true, true),
];

/// Fields of the agreement's `content/_index.md`.
pub const AGREEMENT: &[Field] = &[
    field("title", ["text", "文本"], ["the agreement's title", "协议的标题"], true, false),
    field("language", ["text", "文本"], ["zh-CN, en, …", "zh-CN、en 等"], true, false),
    field("effective", ["date", "日期"], ["when the agreement takes effect", "协议生效的日期"], true, false),
    field(
        "period",
        [
            "{start?, end, renewal?, renew_for?, notice?, remind?, warn?}",
            "{start?, end, renewal?, renew_for?, notice?, remind?, warn?}",
        ],
        ["the period of validity: its end, renewal and notice", "有效期：到期日、续期与通知期限"],
        true,
        false,
    ),
    field("theme", ["text", "文本"], ["theme folder under themes/", "themes/ 下的主题文件夹"], false, false),
    field("base_url", ["text", "文本"], ["where the site is published", "网站发布的地址"], false, false),
    field(
        "library",
        ["folder", "文件夹"],
        ["the clause library's folder, inside the agreement", "条款库的文件夹，位于协议之内"],
        false,
        false,
    ),
    field(
        "parties",
        ["list of {id, name, liaison?, role?}", "{id, name, liaison?, role?} 的列表"],
        ["the parties", "协议各方"],
        true,
        false,
    ),
    field(
        "fields",
        ["mapping of field name → description", "字段名 → 说明 的映射"],
        ["the project's own clause fields", "项目自己的条款字段"],
        false,
        false,
    ),
    field(
        "rules",
        ["mapping of rule id → severity", "规则 id → 级别 的映射"],
        ["rule severities", "各规则的级别"],
        false,
        false,
    ),
    field(
        "rule_limits",
        ["{instructions, memory_mb, seconds}", "{instructions, memory_mb, seconds}"],
        ["limits of the Lua rules", "Lua 规则的限额"],
        false,
        false,
    ),
    field(
        "versions",
        ["{tags?, releases?}", "{tags?, releases?}"],
        ["which versions are published", "发布哪些版本"],
        false,
        false,
    ),
    field(
        "signoff",
        ["{required?, signers?}", "{required?, signers?}"],
        ["whose approval a release needs", "发布一个版本需要谁批准"],
        false,
        false,
    ),
];

/// Fields of one party (`parties[i]` in `_index.md`).
pub const PARTY: &[Field] = &[
    field("id", ["text", "文本"], ["what clauses use", "条款中使用的标识"], true, false),
    field("name", ["text", "文本"], ["its display name", "显示的名称"], true, false),
    field("liaison", ["text", "文本"], ["the person who speaks for it", "代表该方发言的人"], true, false),
    field("role", ["text", "文本"], ["what it does in this agreement", "该方在本协议中的职责"], true, false),
    field(
        "org",
        ["text", "文本"],
        [
            "its department in a portfolio's org.yaml, when not its id (a setting)",
            "在协议组合的 org.yaml 中对应的部门（id 不同时写明；属于设置）",
        ],
        false,
        false,
    ),
];

/// The names clausebook sets on a clause table in the Lua API, besides its front matter fields;
/// they win over front matter fields of the same name.
pub const RULE_COMPUTED: &[(&str, &str)] = &[
    ("id", "the clause id"),
    ("label", "第3条 / Article 3"),
    ("title", "the title"),
    ("status", "draft, active or retired"),
    ("file", "the file, relative to the project root"),
    ("body_line", "the file line on which the body starts"),
    ("chapter", "{ id, number, label, title }, or nil"),
    ("fields", "the front matter alone, as written"),
    ("body", "the body as plain text"),
    ("markdown", "the body as written"),
    ("headings", "list of { level, text, line }"),
    ("links", "clause references in the body: { written, target, line, column }"),
    ("library", "the library clause it uses: { id, edition, current, kind_of_gap, text }, or nil"),
];

/// The names of `fields`.
pub fn names(fields: &'static [Field]) -> impl Iterator<Item = &'static str> + Clone {
    fields.iter().map(|f| f.name)
}

/// The field `name` of a clause, if clausebook reads one.
pub fn clause_field(name: &str) -> Option<&'static Field> {
    CLAUSE.iter().find(|f| f.name == name)
}

/// The fields known for the items of the list `list` at the top of a clause (`duties`, `budget`)
/// or of the agreement (`parties`).
pub fn item_fields(agreement: bool, list: &str) -> &'static [Field] {
    match (agreement, list) {
        (false, "duties") => DUTY,
        (false, "budget") => BUDGET,
        (true, "parties") => PARTY,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_file(path: &str) -> String {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    /// Every field has its type and meaning in English and in Chinese, and the Chinese words are
    /// no English sentence (two ASCII words in a row).
    #[test]
    fn every_field_has_words_in_both_languages() {
        let word = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_alphabetic());
        for f in CLAUSE.iter().chain(DUTY).chain(BUDGET).chain(AGREEMENT).chain(PARTY) {
            for text in [f.kind, f.doc, f.zh_kind, f.zh_doc] {
                assert!(!text.trim().is_empty(), "`{}` lacks words", f.name);
            }
            for zh in [f.zh_kind, f.zh_doc] {
                let words: Vec<&str> = zh.split_whitespace().collect();
                let english = words.windows(2).any(|w| word(w[0]) && word(w[1]));
                assert!(!english, "`{}`: the Chinese words {zh:?} are English", f.name);
            }
        }
    }

    #[test]
    fn readme_documents_every_field() {
        let readme = repo_file("README.md");
        for f in CLAUSE.iter().chain(AGREEMENT) {
            assert!(readme.contains(&format!("| `{}` |", f.name)), "README's content model lacks `{}`", f.name);
        }
    }

    /// The library knows no project's own fields: the example's declared fields are named
    /// nowhere in `src/` but in the `new` command's starter project.
    #[test]
    fn no_field_of_the_example_is_named_in_the_library() {
        let index = repo_file("content/_index.md");
        let declared: Vec<&str> = index
            .lines()
            .skip_while(|l| *l != "fields:")
            .skip(1)
            .take_while(|l| l.starts_with(' '))
            .filter_map(|l| l.trim().split_once(':').map(|(name, _)| name))
            .collect();
        assert!(!declared.is_empty(), "the example declares fields");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("command/scaffold") {
                        stack.push(path);
                    }
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for name in &declared {
                    let quoted = [format!("\"{name}\""), format!("`{name}`"), format!("{{{name}:")];
                    let hit = quoted.iter().find(|q| text.contains(q.as_str()));
                    assert!(hit.is_none(), "{} names the example's field `{name}`", path.display());
                }
            }
        }
    }

    #[test]
    fn the_rules_doc_lists_every_computed_name() {
        let doc = repo_file("docs/rules.md");
        for (name, _) in RULE_COMPUTED {
            assert!(doc.contains(&format!("`c.{name}`")), "docs/rules.md lacks `c.{name}`");
        }
    }
}
