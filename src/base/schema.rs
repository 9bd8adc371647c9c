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
    /// Whether `agreement.json` exports it as a field of its own (every field is also in the
    /// clause's `front_matter`, as written).
    pub exported: bool,
    /// Whether the changelog words its changes (the others are left out of it).
    pub changelog: bool,
}

const fn field(name: &'static str, kind: &'static str, doc: &'static str, exported: bool, changelog: bool) -> Field {
    Field { name, kind, doc, exported, changelog }
}

/// Fields of a clause's front matter.
pub const CLAUSE: &[Field] = &[
    field("id", "text", "stable, unique id; default: the file name without number prefix", true, false),
    field("title", "text", "the clause's title", true, true),
    field("order", "whole number", "position within its chapter; default: the file name's number prefix", false, false),
    field("owner", "party id or name", "the party responsible for the clause", true, true),
    field("parties", "list of party ids or names", "parties the clause concerns", true, false),
    field(
        "duties",
        "list of {text, owner, id?, due?, cadence?}",
        "what must be done, by whom, by when or how often",
        true,
        true,
    ),
    field("revised", "date", "the last revision", true, true),
    field("review_by", "date", "when the clause must be reviewed next", true, true),
    field("status", "draft | active | retired", "whether the clause is in force (default active)", true, true),
    field("refs", "list of clause ids", "clauses this one relies on", true, false),
    field("budget", "list of {party, share}", "how spending is split, in percent", true, true),
    field("tags", "list of text", "free-form labels", true, false),
    field("allow", "mapping of rule id → reason", "rules suppressed on this clause, with why", false, false),
    field("terms", "mapping of term → definition", "terms the clause defines (see docs/terms.md)", false, false),
];

/// Fields of one duty (`duties[i]`).
pub const DUTY: &[Field] = &[
    field("id", "text", "optional stable id", true, false),
    field("text", "text", "what must be done", true, true),
    field("owner", "party id or name", "who must do it", true, true),
    field("due", "date", "a deadline", true, true),
    field("cadence", "text", "how often (每周三, monthly, …)", true, true),
];

/// Fields of one budget share (`budget[i]`).
pub const BUDGET: &[Field] = &[
    field("party", "party id or name", "the paying party", true, true),
    field("share", "number", "percent", true, true),
];

/// Fields of the agreement's `content/_index.md`.
pub const AGREEMENT: &[Field] = &[
    field("title", "text", "the agreement's title", true, false),
    field("language", "text", "zh-CN, en, …", true, false),
    field("effective", "date", "when the agreement takes effect", true, false),
    field("theme", "text", "theme folder under themes/", false, false),
    field("base_url", "text", "where the site is published", false, false),
    field("parties", "list of {id, name, liaison?, role?}", "the parties", true, false),
    field("fields", "mapping of field name → description", "the project's own clause fields", false, false),
    field("rules", "mapping of rule id → severity", "rule severities", false, false),
    field("rule_limits", "{instructions, memory_mb, seconds}", "limits of the Lua rules", false, false),
    field("versions", "{tags?, releases?}", "which versions are published", false, false),
    field("signoff", "{required?, signers?}", "whose approval a release needs", false, false),
];

/// Fields of one party (`parties[i]` in `_index.md`).
pub const PARTY: &[Field] = &[
    field("id", "text", "what clauses use", true, false),
    field("name", "text", "its display name", true, false),
    field("liaison", "text", "the person who speaks for it", true, false),
    field("role", "text", "what it does in this agreement", true, false),
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
