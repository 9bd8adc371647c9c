//! Who may read which agreement of a portfolio (`visibility:` in `portfolio.yaml`): an agreement
//! restricted to some departments is written under its audience's folder (`_a/<audience>/<id>/`),
//! which the intranet's web server protects, and nothing of it may show where others read.
//!
//! An audience is the set of departments an agreement names, its id their ids sorted and joined
//! by `+` (`finance+hr`). A department's members read what it may read, and a parent department's
//! members read what its children may: the hierarchy is carried by the rules made for the server
//! (`clausebook access`), not by the reader's groups.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The folder under the portal's root that holds the audiences' folders.
pub const DIR: &str = "_a";

/// The departments an agreement is restricted to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Audience {
    /// The departments' ids, sorted, without repeats.
    pub units: Vec<String>,
}

impl Audience {
    /// The audience of the departments `units` (in any order, repeats allowed).
    pub fn of(units: impl IntoIterator<Item = String>) -> Audience {
        let mut units: Vec<String> = units.into_iter().collect();
        units.sort();
        units.dedup();
        Audience { units }
    }

    /// Its id: the departments' ids joined by `+` (`finance+hr`).
    pub fn id(&self) -> String {
        self.units.join("+")
    }

    /// Its folder under the portal's root: `_a/finance+hr`.
    pub fn folder(&self) -> String {
        format!("{DIR}/{}", self.id())
    }
}

/// Who may read each agreement of a portfolio: the restricted ones' audiences (the others are
/// for everyone), and each department's parent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Access {
    /// The restricted agreements' audiences, by agreement id.
    pub restricted: BTreeMap<String, Audience>,
    /// Each department's parent, by department id.
    pub parents: BTreeMap<String, String>,
    /// The restricted agreements whose titles may show where everyone reads
    /// (`visibility_title: public`).
    pub titled: std::collections::BTreeSet<String>,
}

impl Access {
    /// The audience of agreement `id`, when it is restricted.
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.restricted.get(id)
    }

    /// The folder of agreement `id`'s site under the portal's root: `id`, or
    /// `_a/<audience>/<id>` for a restricted one.
    pub fn folder(&self, id: &str) -> String {
        match self.audience(id) {
            Some(a) => format!("{}/{id}", a.folder()),
            None => id.to_string(),
        }
    }

    /// The way up from agreement `id`'s site to the portal's root: `../`, or `../../../` for a
    /// restricted one.
    pub fn up(&self, id: &str) -> String {
        "../".repeat(self.folder(id).split('/').count())
    }

    /// Whether everyone who may read agreement `reader` may read agreement `of` too: `of` is for
    /// everyone, or each department `reader` is restricted to is one `of` is, or a parent of one.
    pub fn reads(&self, reader: &str, of: &str) -> bool {
        let Some(of) = self.audience(of) else { return true };
        let Some(reader) = self.audience(reader) else { return false };
        reader.units.iter().all(|u| of.units.iter().any(|o| o == u || self.is_ancestor(u, o)))
    }

    /// Whether agreement `of`'s title may show to everyone who may read agreement `reader`: they
    /// may read `of`, or its title is public.
    pub fn shows_title(&self, reader: &str, of: &str) -> bool {
        self.titled.contains(of) || self.reads(reader, of)
    }

    /// Whether department `a` is a parent of `b`, or a parent of its parent, and so on.
    fn is_ancestor(&self, a: &str, b: &str) -> bool {
        let mut at = b;
        // A circle of parents is an error of the departments file; the walk stops anyway.
        for _ in 0..=self.parents.len() {
            match self.parents.get(at) {
                Some(p) if p == a => return true,
                Some(p) => at = p,
                None => return false,
            }
        }
        false
    }

    /// The departments whose members may read what `audience` may: its own and their parents,
    /// theirs, and so on, sorted.
    pub fn readers(&self, audience: &Audience) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for unit in &audience.units {
            let mut at = Some(unit.as_str());
            while let Some(u) = at.filter(|u| !out.iter().any(|o| o == u)) {
                out.push(u.to_string());
                at = self.parents.get(u).map(String::as_str);
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access() -> Access {
        let parents = [("hr", "admin"), ("payroll", "hr"), ("finance", "admin")];
        let restricted = [("salaries", vec!["payroll"]), ("audit", vec!["finance", "hr"]), ("people", vec!["hr"])];
        Access {
            restricted: restricted
                .into_iter()
                .map(|(id, u)| (id.to_string(), Audience::of(u.into_iter().map(String::from))))
                .collect(),
            parents: parents.into_iter().map(|(c, p)| (c.to_string(), p.to_string())).collect(),
            titled: Default::default(),
        }
    }

    #[test]
    fn a_restricted_agreement_sits_in_its_audience_s_folder() {
        let a = access();
        assert_eq!(a.folder("audit"), "_a/finance+hr/audit");
        assert_eq!(a.up("audit"), "../../../");
        assert_eq!(a.folder("open"), "open");
        assert_eq!(a.up("open"), "../");
    }

    #[test]
    fn the_readers_of_an_agreement_read_another_only_when_its_audience_holds_all_of_them() {
        let a = access();
        assert!(a.reads("open", "open") && a.reads("people", "open"), "anyone reads an open one");
        assert!(!a.reads("open", "people"), "not everyone reads a restricted one");
        assert!(a.reads("people", "audit"), "hr reads what finance and hr read");
        assert!(!a.reads("audit", "people"), "finance does not read hr's");
        assert!(a.reads("people", "salaries"), "hr is payroll's parent: it reads payroll's");
        assert!(!a.reads("salaries", "people"), "payroll does not read all of hr's");
    }

    #[test]
    fn an_audience_is_read_by_its_departments_and_their_parents() {
        let a = access();
        let salaries = a.audience("salaries").unwrap();
        assert_eq!(a.readers(salaries), ["admin", "hr", "payroll"]);
        assert_eq!(a.readers(a.audience("audit").unwrap()), ["admin", "finance", "hr"]);
    }
}
