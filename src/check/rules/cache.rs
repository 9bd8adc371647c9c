//! What checks found before, and the keys that decide whether it still holds (see "Incremental
//! checking" in docs/rules.md).

use std::sync::Arc;

use rayon::prelude::*;

use super::report::Report;
use crate::base::model::Agreement;

/// What checks found before, kept between the runs of an editing session or the versions of a
/// build: a clause check's findings on a clause, while the rule file, its libraries, `today` and
/// what the check could see of the clause stay the same (and it did not read the agreement); an
/// agreement check's findings, while the agreement's structure and the clause fields it read stay
/// the same (and it read no body). See "Incremental checking" in docs/rules.md.
#[derive(Debug, Default)]
pub struct RuleCache {
    pub(super) clause: crate::base::memo::Memo<Arc<[Report]>>,
    pub(super) agreement: crate::base::memo::Memo<Arc<Kept>>,
    /// Each rule's last clause findings, by clause: the clause's key and what its check found,
    /// where that depended on the clause alone. A run takes them back while the key is the same,
    /// without a lookup in `clause` for each clause and rule.
    pub(super) rows: crate::base::memo::Rows<Arc<[Report]>>,
}

/// An agreement check's findings, and the clause fields they came from.
#[derive(Debug)]
pub(super) struct Kept {
    /// The fields the check read, by name, sorted.
    pub(super) fields: Vec<String>,
    /// Those fields' values in every clause, hashed.
    pub(super) values: u64,
    /// The findings.
    pub(super) reports: Arc<[Report]>,
}

/// A hash of the values of `fields` in every clause of `agreement` (as rules see them).
pub(super) fn field_values(agreement: &Agreement, fields: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in &agreement.clauses {
        for f in fields {
            match f.as_str() {
                "id" => c.id.hash(&mut h),
                "title" => c.title.hash(&mut h),
                "status" => c.status.hash(&mut h),
                "label" => c.number.hash(&mut h),
                "file" => c.file.hash(&mut h),
                "chapter" => c.chapter.map(|i| (&agreement.chapters[i].id, &agreement.chapters[i].title)).hash(&mut h),
                "fields" => c.front_id.hash(&mut h),
                other => c.front.get(other).map(|e| &e.value).hash(&mut h),
            }
        }
    }
    h.finish()
}

impl RuleCache {
    /// Forgets what the runs since the last sweep did not use.
    pub fn sweep(&self) {
        self.clause.sweep();
        self.agreement.sweep();
        self.rows.sweep();
    }
}

/// The keys of what checks can see, computed once per run: for each clause, what its table shows
/// (`None` when its file has no content id); and the agreement's structure (`_index.md`, parties,
/// chapters, and every clause's id, file, number and chapter).
pub(super) struct Keys {
    pub(super) clauses: Vec<Option<u64>>,
    pub(super) structure: Option<u64>,
}

impl Keys {
    /// The keys of `agreement`'s clauses and structure; `signoff`, a hash of its sign-off
    /// (`a.approvals`), is part of the structure.
    pub(super) fn of(agreement: &Agreement, lookup: &crate::base::model::Lookup<'_>, signoff: u64) -> Keys {
        use crate::base::memo::hash_of;
        let chapter = |c: &crate::base::model::Clause| {
            c.chapter.map(|i| (&agreement.chapters[i].id, agreement.chapters[i].number, &agreement.chapters[i].title))
        };
        let clauses: Vec<Option<u64>> = agreement
            .clauses
            .par_iter()
            .map(|c| {
                let targets: Vec<Option<&str>> =
                    c.body.links.iter().map(|l| lookup.target(&l.target).map(|t| t.id.as_str())).collect();
                let file = c.file.as_os_str().as_encoded_bytes();
                Some(hash_of((c.source_id.as_ref()?, file, c.number, chapter(c), &agreement.language, targets)))
            })
            .collect();
        let complete = clauses.iter().all(Option::is_some);
        let structure = complete.then(|| {
            let parties: Vec<_> = agreement.parties.iter().map(|p| (&p.id, &p.name, &p.liaison, &p.role)).collect();
            let chapters: Vec<_> = agreement.chapters.iter().map(|c| (&c.id, c.number, &c.title)).collect();
            let clauses: Vec<_> = agreement
                .clauses
                .iter()
                .map(|c| (&c.id, c.file.as_os_str().as_encoded_bytes(), c.number, chapter(c)))
                .collect();
            hash_of((agreement.front_id, &agreement.title, &agreement.language, parties, chapters, clauses, signoff))
        });
        Keys { clauses, structure }
    }
}
