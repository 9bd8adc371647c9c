//! What changed between two versions: clauses added, removed, renumbered and changed; front
//! matter changes said in words; and a redline of the text that is character-level within
//! Chinese and word-level within Latin text, so one changed 字 is not a whole changed sentence.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::base::catalog::{Build, Detail, Locale, Stage};
use crate::base::lang::Lang;
use crate::base::markdown::escape;
use crate::base::model::{Agreement, Clause, Duty, Status};
use crate::base::schema;

/// Splits text into diff tokens: one per CJK character, one per Latin word or number, one per
/// other character (spaces, punctuation).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let wordy = c.is_alphanumeric() && !is_cjk(c);
        match (wordy, word_start) {
            (true, None) => word_start = Some(i),
            (true, Some(_)) => {}
            (false, start) => {
                if let Some(s) = start {
                    out.push(&text[s..i]);
                    word_start = None;
                }
                out.push(&text[i..i + c.len_utf8()]);
            }
        }
    }
    if let Some(s) = word_start {
        out.push(&text[s..]);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FA1F)
}

/// One run of a redline: text both versions have, or an edit (what was deleted, what was inserted).
#[derive(Debug, Clone, PartialEq)]
enum Run {
    Same(String),
    Edit(String, String),
}

/// The redline of `old` → `new` as HTML: deletions in `<del>`, insertions in `<ins>`, line breaks
/// as `<br>`; `None` when the texts are equal. Small stretches of text left between two edits
/// (no longer than the edits on both sides, as diff-match-patch's semantic clean-up does) are made
/// part of one edit, so a rewritten phrase reads as a deleted and an inserted phrase rather than
/// confetti of single characters; the text stays exact.
pub fn redline(old: &str, new: &str) -> Option<String> {
    if old == new {
        return None;
    }
    let (a, b) = (tokens(old), tokens(new));
    let mut runs: Vec<Run> = Vec::new();
    let edit = |runs: &mut Vec<Run>, del: &[&str], ins: &[&str]| match runs.last_mut() {
        Some(Run::Edit(d, i)) => {
            d.push_str(&del.concat());
            i.push_str(&ins.concat());
        }
        _ => runs.push(Run::Edit(del.concat(), ins.concat())),
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => runs.push(Run::Same(a[old_range].concat())),
            DiffTag::Delete => edit(&mut runs, &a[old_range], &[]),
            DiffTag::Insert => edit(&mut runs, &[], &b[new_range]),
            DiffTag::Replace => edit(&mut runs, &a[old_range], &b[new_range]),
        }
    }
    let runs = clean_up(runs);
    let mut html = String::new();
    let text = |s: &str| escape(s).replace('\n', "<br>\n");
    for run in runs {
        match run {
            Run::Same(s) => html.push_str(&text(&s)),
            Run::Edit(d, i) => {
                if !d.is_empty() {
                    html.push_str(&format!("<del>{}</del>", text(&d)));
                }
                if !i.is_empty() {
                    html.push_str(&format!("<ins>{}</ins>", text(&i)));
                }
            }
        }
    }
    Some(html)
}

/// Merges each stretch of same text between two edits that is no longer than either edit (and
/// holds no line break) into one edit, until none is left.
fn clean_up(mut runs: Vec<Run>) -> Vec<Run> {
    let size = |s: &str| s.chars().count();
    loop {
        let mut merged = false;
        let mut k = 1;
        while k + 1 < runs.len() {
            if let (Run::Edit(d1, i1), Run::Same(same), Run::Edit(d2, i2)) = (&runs[k - 1], &runs[k], &runs[k + 1]) {
                let n = size(same);
                if !same.contains('\n') && n <= size(d1).max(size(i1)) && n <= size(d2).max(size(i2)) {
                    let run = Run::Edit(format!("{d1}{same}{d2}"), format!("{i1}{same}{i2}"));
                    runs.splice(k - 1..k + 2, [run]);
                    merged = true;
                    continue;
                }
            }
            k += 1;
        }
        if !merged {
            return runs;
        }
    }
}

/// A clause as a changelog names it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Named {
    /// Its id (and page).
    pub id: String,
    /// `第3条`.
    pub label: String,
    /// Its title.
    pub title: String,
}

/// A clause whose number changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Renumbered {
    /// The clause as it is now.
    pub clause: Named,
    /// Its label before.
    pub before: String,
}

/// A clause whose content changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Changed {
    /// The clause as it is now.
    pub clause: Named,
    /// Front matter changes, in words.
    pub changes: Vec<String>,
    /// The redline of the body text, when it changed.
    pub redline: Option<String>,
}

/// What changed from one version to the next.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Changelog {
    /// Clauses new in this version.
    pub added: Vec<Named>,
    /// Clauses of the previous version that are gone.
    pub removed: Vec<Named>,
    /// Clauses whose number changed.
    pub renumbered: Vec<Renumbered>,
    /// Clauses whose content changed.
    pub changed: Vec<Changed>,
}

impl Changelog {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.renumbered.is_empty() && self.changed.is_empty()
    }
}

fn named(lang: Lang, c: &Clause) -> Named {
    Named { id: c.id.clone(), label: lang.clause_label(c.number), title: c.title.clone() }
}

/// Words for changes, in the agreement's language.
struct Say {
    l: Locale,
}

impl Say {
    fn compare(&self, what: Detail, from: Option<String>, to: Option<String>, out: &mut Vec<String>) {
        match (from, to) {
            (Some(from), Some(to)) if from != to => {
                out.push(self.l.msg(Build::DetailChanged { what, from: &from, to: &to }))
            }
            (None, Some(to)) => out.push(self.l.msg(Build::DetailSet { what, to: &to })),
            (Some(from), None) => out.push(self.l.msg(Build::DetailCleared { what, from: &from })),
            _ => {}
        }
    }
}

/// Compares two versions of the agreement.
pub fn changelog(before: &Agreement, after: &Agreement) -> Changelog {
    let lang = Lang::new(&after.language);
    let old = before.lookup();
    let new = after.lookup();
    let mut log = Changelog::default();
    for c in &after.clauses {
        let Some(prev) = old.by_id.get(c.id.as_str()) else {
            log.added.push(named(lang, c));
            continue;
        };
        if prev.number != c.number {
            log.renumbered.push(Renumbered { clause: named(lang, c), before: lang.clause_label(prev.number) });
        }
        let changes = clause_changes((before, prev), (after, c));
        // A reference reads differently when only its target was renumbered: that is said under
        // "renumbered", not as a change of this clause. The texts are compared with references by
        // target (`[[id]]` as written).
        let library = |c: &Clause| c.used.as_ref().map(|u| u.body.markdown.clone());
        let same_text = (std::sync::Arc::ptr_eq(&prev.written, &c.written) || prev.plain_text() == c.plain_text())
            && library(prev) == library(c);
        let redline =
            if same_text { None } else { redline(&before.readable_text(&old, prev), &after.readable_text(&new, c)) };
        if !changes.is_empty() || redline.is_some() {
            log.changed.push(Changed { clause: named(lang, c), changes, redline });
        }
    }
    for c in &before.clauses {
        if !new.by_id.contains_key(c.id.as_str()) {
            log.removed.push(named(Lang::new(&before.language), c));
        }
    }
    log
}

/// What changed in a clause's front matter from one version (`(agreement, clause)`) to another,
/// in words: each of clausebook's fields that the schema puts in the changelog, in the schema's
/// order, then the project's own fields (those declared with `changelog: false` left out).
pub fn clause_changes(before: (&Agreement, &Clause), after: (&Agreement, &Clause)) -> Vec<String> {
    let say = Say { l: Locale::of(&after.0.language) };
    let mut changes = Vec::new();
    for field in schema::CLAUSE.iter().filter(|f| f.changelog) {
        field_changes(&say, field.name, before, after, &mut changes);
    }
    let (prev, c) = (before.1, after.1);
    let keys = c.front.entries().iter().chain(prev.front.entries()).map(|e| e.key.as_str());
    let mut seen: Vec<&str> = Vec::new();
    for key in keys.filter(|k| schema::clause_field(k).is_none()) {
        if seen.contains(&key) || !in_changelog(after.0, key) {
            continue;
        }
        seen.push(key);
        by_value(&say, key, (prev, c), &mut changes);
    }
    changes
}

/// Whether the changelog says the changes of `key`, a field that is not clausebook's: a declared
/// field unless it says `changelog: false`, and an undeclared one (its name is warned about).
fn in_changelog(agreement: &Agreement, key: &str) -> bool {
    agreement.fields.iter().find(|f| f.name == key).is_none_or(|f| f.changelog)
}

/// The changes of clausebook's field `name` of a clause, in words. A field without words of its
/// own here is said as the project's fields are.
fn field_changes(
    say: &Say,
    name: &str,
    before: (&Agreement, &Clause),
    after: (&Agreement, &Clause),
    out: &mut Vec<String>,
) {
    let ((a, prev), (b, c)) = (before, after);
    let party = |a: &Agreement, written: &Option<String>, named: Option<usize>| {
        written.as_deref().map(|w| a.party_name(w, named))
    };
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    match name {
        "title" => say.compare(Detail::Title, Some(prev.title.clone()), Some(c.title.clone()), out),
        "owner" => {
            let owners = (party(a, &prev.owner, prev.named.owner), party(b, &c.owner, c.named.owner));
            say.compare(Detail::Owner, owners.0, owners.1, out);
        }
        "status" => say.compare(Detail::Status, Some(status(say, prev.status)), Some(status(say, c.status)), out),
        "revised" => say.compare(Detail::RevisionDate, date(prev.revised), date(c.revised), out),
        "review_by" => say.compare(Detail::ReviewDate, date(prev.review_by), date(c.review_by), out),
        "duties" => duties(say, before, after, out),
        "budget" => budget(say, before, after, out),
        _ => by_value(say, name, (prev, c), out),
    }
}

/// The change of the front matter field `key` between two versions of a clause, by its value as
/// written: changed (or set), removed, or nothing.
fn by_value(say: &Say, key: &str, (prev, c): (&Clause, &Clause), out: &mut Vec<String>) {
    match (prev.front.get(key).map(|e| &e.value), c.front.get(key).map(|e| &e.value)) {
        (None, None) => {}
        (Some(a), Some(b)) if a.same_value(b) => {}
        (Some(_), None) => out.push(say.l.msg(Build::FieldRemoved { key })),
        _ => out.push(say.l.msg(Build::FieldChanged { key })),
    }
}

/// The changes of a clause's budget shares, by paying party.
fn budget(say: &Say, before: (&Agreement, &Clause), after: (&Agreement, &Clause), out: &mut Vec<String>) {
    let ((a, prev), (b, c)) = (before, after);
    for (i, s) in c.budget.iter().enumerate() {
        let name = b.party_name(&s.party, c.named.budget[i]);
        let old_share = prev
            .budget
            .iter()
            .enumerate()
            .find(|(j, p)| a.party_name(&p.party, prev.named.budget[*j]) == name)
            .map(|(_, p)| p);
        match old_share {
            Some(o) if (o.share - s.share).abs() > f64::EPSILON => {
                out.push(say.l.msg(Build::ShareChanged { party: &name, from: o.share, to: s.share }))
            }
            None => out.push(say.l.msg(Build::ShareAdded { party: &name, share: s.share })),
            _ => {}
        }
    }
}

fn status(say: &Say, s: Status) -> String {
    let stage = match s {
        Status::Draft => Stage::Draft,
        Status::Active => Stage::Active,
        Status::Retired => Stage::Retired,
    };
    say.l.msg(Build::StatusWord { stage })
}

/// The changes of a clause's duties between two versions (`(agreement, clause)` before and after).
fn duties(say: &Say, before: (&Agreement, &Clause), after: (&Agreement, &Clause), out: &mut Vec<String>) {
    let (old, new) = (&before.1.duties, &after.1.duties);
    let key = |d: &Duty| d.id.clone().unwrap_or_else(|| d.text.clone());
    // Duty `j`'s owner by name in its version, or as written.
    let owner = |(a, c): (&Agreement, &Clause), j: usize| {
        c.duties[j].owner.as_deref().map_or_else(|| "—".into(), |w| a.party_name(w, c.named.duty_owners[j]))
    };
    // Pair each new duty with an old one: the same duty with the same owner first (two parties
    // may have duties of the same text), then the same duty by id or text.
    let mut pair: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    for exact in [true, false] {
        for (i, d) in new.iter().enumerate() {
            if pair[i].is_some() {
                continue;
            }
            let found = old
                .iter()
                .enumerate()
                .position(|(j, o)| !used[j] && key(o) == key(d) && (!exact || owner(before, j) == owner(after, i)));
            if let Some(j) = found {
                used[j] = true;
                pair[i] = Some(j);
            }
        }
    }
    for (i, (d, paired)) in new.iter().zip(&pair).enumerate() {
        match paired.map(|j| (j, &old[j])) {
            None => out.push(say.l.msg(Build::DutyAdded { text: &d.text, owner: &owner(after, i) })),
            Some((j, o)) => {
                let (from, to) = (owner(before, j), owner(after, i));
                if from != to {
                    out.push(say.l.msg(Build::DutyOwnerChanged { text: &d.text, from: &from, to: &to }));
                }
                say.compare(Detail::DutyText, Some(o.text.clone()), Some(d.text.clone()), out);
                say.compare(Detail::DutyDue, o.due.map(|x| x.to_string()), d.due.map(|x| x.to_string()), out);
                say.compare(Detail::DutyCadence, o.cadence.clone(), d.cadence.clone(), out);
            }
        }
    }
    for o in old.iter().enumerate().filter(|(j, _)| !used[*j]).map(|(_, o)| o) {
        out.push(say.l.msg(Build::DutyRemoved { text: &o.text }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_split_per_character_and_latin_per_word() {
        assert_eq!(tokens("合格四档 Quarterly review"), ["合", "格", "四", "档", " ", "Quarterly", " ", "review"]);
    }

    #[test]
    fn a_rewritten_phrase_is_one_edit_not_confetti() {
        let html =
            redline("由品牌部牵头处置，并通报营销部。", "按第19条由品牌部牵头危机应对和处置，并通报营销部。").unwrap();
        assert_eq!(html, "<ins>按第19条</ins>由品牌部牵头<ins>危机应对和</ins>处置，并通报营销部。");
        let html = redline("甲乙丙丁戊", "子乙丑丁寅").unwrap();
        assert_eq!(html, "<del>甲乙丙丁戊</del><ins>子乙丑丁寅</ins>", "single shared characters between edits merge");
    }

    #[test]
    fn a_changed_character_is_marked_alone() {
        let html = redline("分为优秀、良好、合格、待改进四档。", "分为优秀、良好、合格、不合格四档。").unwrap();
        assert_eq!(html, "分为优秀、良好、合格、<del>待改进</del><ins>不合格</ins>四档。");
        let html = redline("由营销部承担 60%", "由营销部承担 55%").unwrap();
        assert_eq!(html, "由营销部承担 <del>60</del><ins>55</ins>%");
        assert_eq!(redline("同", "同"), None);
        assert_eq!(redline("a <b>", "a <i>").unwrap(), "a &lt;<del>b</del><ins>i</ins>&gt;");
    }
}
