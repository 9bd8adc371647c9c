//! The front matter fields clausebook itself reads: the names that checks of front matter and of
//! rules' field paths compare against (and suggest, when a name is misspelled).

/// Fields of a clause's front matter.
pub const CLAUSE_FIELDS: &[&str] = &[
    "id",
    "title",
    "order",
    "owner",
    "parties",
    "duties",
    "revised",
    "review_by",
    "status",
    "refs",
    "budget",
    "tags",
    "allow",
];

/// Fields of one duty (`duties[i]`).
pub const DUTY_FIELDS: &[&str] = &["id", "text", "owner", "due", "cadence"];

/// Fields of one budget share (`budget[i]`).
pub const BUDGET_FIELDS: &[&str] = &["party", "share"];

/// Fields of the agreement's `content/_index.md`.
pub const AGREEMENT_FIELDS: &[&str] =
    &["title", "language", "effective", "theme", "base_url", "parties", "rules", "rule_limits", "versions"];

/// Fields of one party (`parties[i]` in `_index.md`).
pub const PARTY_FIELDS: &[&str] = &["id", "name", "liaison", "role"];

/// The fields known for the items of the list `list` at the top of a clause (`duties`, `budget`)
/// or of the agreement (`parties`).
pub fn item_fields(agreement: bool, list: &str) -> &'static [&'static str] {
    match (agreement, list) {
        (false, "duties") => DUTY_FIELDS,
        (false, "budget") => BUDGET_FIELDS,
        (true, "parties") => PARTY_FIELDS,
        _ => &[],
    }
}
