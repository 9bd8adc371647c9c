//! What an intranet needs besides pages: the search index, the review calendar (iCalendar), the
//! agreement as data (JSON), and a sitemap when the site's address is known.

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, slash_path};
use crate::model::{Agreement, Clause};
use crate::render::i18n::Lang;

/// One searchable clause: number, title, page, and its text (body, duties, owners).
#[derive(Serialize)]
struct SearchDoc<'a> {
    /// `第3条`.
    n: String,
    /// Title.
    t: &'a str,
    /// Page, relative to the site root.
    u: String,
    /// Everything a reader may search for, in one string.
    x: &'a str,
}

/// `search-index.js`: a plain script that assigns the index to a variable, so it loads from
/// `file://` as well as over HTTP (module scripts and WebAssembly do not load from `file://`).
/// Search is substring matching over each clause's text: exact for Chinese, which has no spaces
/// between words, with no segmenter to get wrong.
/// `text(i)` gives clause `i`'s searchable text ([`search_text`], or a copy kept from before).
pub fn search_index(
    agreement: &Agreement,
    text: &(dyn Fn(usize) -> std::sync::Arc<str> + Sync),
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let texts: Vec<std::sync::Arc<str>> = (0..agreement.clauses.len()).into_par_iter().map(text).collect();
    write_search_index(agreement, &texts, out)
}

/// What search finds in clause `i`: its text (references as readers see them), its duties and
/// its owners' names.
pub fn search_text(agreement: &Agreement, lookup: &crate::model::Lookup, i: usize) -> String {
    let c = &agreement.clauses[i];
    let mut x = agreement.readable_text(lookup, c);
    for d in &c.duties {
        x.push('\n');
        x.push_str(&d.text);
        if let Some(owner) = d.owner.as_deref().and_then(|o| agreement.party(o)) {
            x.push(' ');
            x.push_str(&owner.name);
        }
    }
    if let Some(owner) = c.owner.as_deref().and_then(|o| agreement.party(o)) {
        x.push('\n');
        x.push_str(&owner.name);
    }
    x
}

fn write_search_index(
    agreement: &Agreement,
    texts: &[std::sync::Arc<str>],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = Lang::new(&agreement.language);
    let docs: Vec<SearchDoc> = agreement
        .clauses
        .iter()
        .zip(texts)
        .map(|(c, x)| SearchDoc { n: lang.clause_label(c.number), t: &c.title, u: format!("clauses/{}.html", c.id), x })
        .collect();
    // A script file of its own (never inlined into a page), so its text needs no HTML escaping.
    out.write_all(b"window.CLAUSEBOOK_SEARCH = ")?;
    serde_json::to_writer(&mut *out, &docs).map_err(std::io::Error::other)?;
    out.write_all(b";\n")
}

/// Escapes iCalendar TEXT (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// One calendar event: an all-day date with a stable UID.
struct Event {
    uid: String,
    date: NaiveDate,
    summary: String,
    description: String,
    owner: Option<String>,
    url: Option<String>,
}

/// The review dates and duty deadlines of `agreement` owned by `party` (all when `None`).
fn events(agreement: &Agreement, party: Option<&str>, base_url: Option<&str>) -> Vec<Event> {
    let lang = Lang::new(&agreement.language);
    let zh = agreement.is_chinese();
    let owner_of = |written: &Option<String>| written.as_deref().and_then(|w| agreement.party(w));
    let wanted = |written: &Option<String>| party.is_none_or(|p| owner_of(written).is_some_and(|o| o.id == p));
    let url = |c: &Clause| base_url.map(|b| format!("{}/clauses/{}.html", b.trim_end_matches('/'), c.id));
    let mut out = Vec::new();
    for c in &agreement.clauses {
        let label = format!("{} {}", lang.clause_label(c.number), c.title);
        if let Some(date) = c.review_by.filter(|_| wanted(&c.owner)) {
            out.push(Event {
                uid: format!("review-{}@clausebook", c.id),
                date,
                summary: if zh { format!("复审：{label}") } else { format!("Review: {label}") },
                description: label.clone(),
                owner: owner_of(&c.owner).map(|p| p.name.clone()),
                url: url(c),
            });
        }
        for (i, d) in c.duties.iter().enumerate() {
            let Some(date) = d.due.filter(|_| wanted(&d.owner)) else { continue };
            let key = d.id.clone().unwrap_or_else(|| (i + 1).to_string());
            out.push(Event {
                uid: format!("duty-{}-{key}@clausebook", c.id),
                date,
                summary: if zh { format!("到期：{}", d.text) } else { format!("Due: {}", d.text) },
                description: label.clone(),
                owner: owner_of(&d.owner).map(|p| p.name.clone()),
                url: url(c),
            });
        }
    }
    out
}

/// `reviews.ics` (or one party's calendar): RFC 5545, stable UIDs, `DTSTAMP` from the build's date
/// so the same input gives the same file.
pub fn calendar(agreement: &Agreement, party: Option<&str>, today: NaiveDate, base_url: Option<&str>) -> String {
    let name = match party.and_then(|p| agreement.party(p)) {
        Some(p) => format!("{} · {}", agreement.title, p.name),
        None => agreement.title.clone(),
    };
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clausebook//clausebook//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(line));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_text(&name))));
    for e in events(agreement, party, base_url) {
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}", e.uid)));
        out.push_str(&fold(&format!("DTSTAMP:{stamp}")));
        out.push_str(&fold(&format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d"))));
        out.push_str(&fold(&format!("DTEND;VALUE=DATE:{}", e.date.succ_opt().unwrap_or(e.date).format("%Y%m%d"))));
        out.push_str(&fold(&format!("SUMMARY:{}", ics_text(&e.summary))));
        out.push_str(&fold(&format!("DESCRIPTION:{}", ics_text(&e.description))));
        if let Some(owner) = &e.owner {
            out.push_str(&fold(&format!("CATEGORIES:{}", ics_text(owner))));
        }
        if let Some(url) = &e.url {
            out.push_str(&fold(&format!("URL:{url}")));
        }
        out.push_str(&fold("TRANSP:TRANSPARENT"));
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

/// One clause as `agreement.json` has it.
#[derive(Serialize)]
struct JsonClause<'a> {
    id: &'a str,
    number: usize,
    label: String,
    title: &'a str,
    chapter: Option<usize>,
    file: String,
    owner: &'a Option<String>,
    parties: &'a [String],
    duties: &'a [crate::model::Duty],
    revised: Option<NaiveDate>,
    review_by: Option<NaiveDate>,
    status: crate::model::Status,
    refs: &'a [String],
    budget: &'a [crate::model::BudgetShare],
    tags: &'a [String],
    front_matter: &'a crate::yaml::Node,
    html: String,
}

/// The clauses, each serialized as it is reached: its HTML is made then and dropped after, so the
/// whole agreement's HTML is never held twice.
struct Clauses<'a> {
    agreement: &'a Agreement,
    html: &'a (dyn Fn(&Clause) -> String + Sync),
}

impl Serialize for Clauses<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let lang = Lang::new(&self.agreement.language);
        let mut seq = serializer.serialize_seq(Some(self.agreement.clauses.len()))?;
        for c in &self.agreement.clauses {
            seq.serialize_element(&JsonClause {
                id: &c.id,
                number: c.number,
                label: lang.clause_label(c.number),
                title: &c.title,
                chapter: c.chapter.map(|i| self.agreement.chapters[i].number),
                file: slash_path(&c.file),
                owner: &c.owner,
                parties: &c.parties,
                duties: &c.duties,
                revised: c.revised,
                review_by: c.review_by,
                status: c.status,
                refs: &c.refs,
                budget: &c.budget,
                tags: &c.tags,
                front_matter: &c.front,
                html: (self.html)(c),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct JsonChapter<'a> {
    number: usize,
    label: String,
    title: &'a str,
    id: &'a str,
}

#[derive(Serialize)]
struct JsonAgreement<'a> {
    title: &'a str,
    language: &'a str,
    effective: Option<NaiveDate>,
    parties: &'a [crate::model::Party],
    front_matter: &'a crate::yaml::Node,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    agreement: JsonAgreement<'a>,
    chapters: Vec<JsonChapter<'a>>,
    clauses: Clauses<'a>,
    findings: Vec<crate::diagnostic::JsonDiagnostic<'a>>,
    versions: &'a [String],
}

/// `agreement.json`: the whole model, described by `agreement.schema.json` next to it.
pub fn agreement_json(
    agreement: &Agreement,
    findings: &[Diagnostic],
    html: &(dyn Fn(&Clause) -> String + Sync),
    versions: &[String],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = Lang::new(&agreement.language);
    let doc = JsonDocument {
        schema: "agreement.schema.json",
        agreement: JsonAgreement {
            title: &agreement.title,
            language: &agreement.language,
            effective: agreement.effective,
            parties: &agreement.parties,
            front_matter: &agreement.front,
        },
        chapters: agreement
            .chapters
            .iter()
            .map(|ch| JsonChapter {
                number: ch.number,
                label: lang.chapter_label(ch.number),
                title: &ch.title,
                id: &ch.id,
            })
            .collect(),
        clauses: Clauses { agreement, html },
        findings: findings.iter().map(crate::diagnostic::JsonDiagnostic::from).collect(),
        versions,
    };
    serde_json::to_writer(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The JSON Schema of `agreement.json`.
pub const AGREEMENT_SCHEMA: &str = include_str!("agreement.schema.json");

/// `sitemap.xml` for a site published at `base_url`.
pub fn sitemap(base_url: &str, paths: &[String]) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let encoded: String = p
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        out.push_str(&format!(
            "  <url><loc>{}/{}</loc></url>\n",
            crate::markdown::escape(base),
            crate::markdown::escape(&encoded)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let folded = fold(&format!("SUMMARY:{}", "复审".repeat(40)));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "复审".repeat(40)));
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
