//! References from one agreement to another's clause, and what they resolve to.
//!
//! A clause cites another agreement's clause as `[[it-finance:purpose]]`, or pinned to a release as
//! `[[it-finance@v1.0:purpose]]`. Ids never hold `:` or `@`, so the syntax cannot be mistaken for a
//! reference within the agreement. Unpinned, a citation means the other agreement's release in
//! force on the citing version's date (the draft's: today), so that a published release's pages
//! never drift when the other agreement releases again.
//!
//! What other agreements publish ([`Published`]: each version's clauses, labels and digests) is
//! plain data that the portfolio gathers; an agreement checked alone has none, and shows its
//! citations as text.

use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A citation of another agreement's clause, as written between `[[` and `]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation<'a> {
    /// The cited agreement's id in the portfolio (`it-finance`).
    pub agreement: &'a str,
    /// The release it is pinned to (`v1.0`), if any.
    pub version: Option<&'a str>,
    /// The cited clause's id.
    pub clause: &'a str,
}

impl<'a> Citation<'a> {
    /// Reads `agreement:clause` or `agreement@version:clause`; `None` for anything else (a
    /// reference within the agreement, or text that only looks like one).
    pub fn parse(written: &'a str) -> Option<Citation<'a>> {
        let (left, clause) = written.trim().split_once(':')?;
        let (agreement, version) = match left.split_once('@') {
            Some((a, v)) => (a, Some(v)),
            None => (left, None),
        };
        let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        let version_ok = version.is_none_or(|v| !v.is_empty() && !v.contains(char::is_whitespace) && !v.contains('/'));
        (word(agreement) && word(clause) && version_ok).then_some(Citation { agreement, version, clause })
    }
}

/// An agreement as other agreements see it: its versions and their clauses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// The agreement's id in the portfolio.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its versions, oldest release first and the draft (or the working tree, when it has no
    /// releases) last.
    pub versions: Vec<PublishedVersion>,
}

impl Published {
    /// Whether citations and "cited by" lists see `other` as they see this: the same but for the
    /// digests of a draft's clauses, whose texts are never compared (an edit of a clause's body).
    pub fn same_for_citations(&self, other: &Published) -> bool {
        let same_clause = |release: bool| {
            move |(a, b): (&PublishedClause, &PublishedClause)| {
                a.id == b.id
                    && a.label == b.label
                    && a.cites == b.cites
                    && a.library == b.library
                    && (!release || a.digest == b.digest)
            }
        };
        let same_version = |(a, b): (&PublishedVersion, &PublishedVersion)| {
            (&a.name, a.date, a.release, &a.folder) == (&b.name, b.date, b.release, &b.folder)
                && a.clauses.len() == b.clauses.len()
                && a.clauses.iter().zip(&b.clauses).all(same_clause(a.release))
        };
        self.id == other.id
            && self.title == other.title
            && self.versions.len() == other.versions.len()
            && self.versions.iter().zip(&other.versions).all(same_version)
    }
}

/// One version of a published agreement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedVersion {
    /// `v1.0`, `draft`, or empty for an agreement without releases.
    pub name: String,
    /// The day it was agreed (releases).
    pub date: Option<NaiveDate>,
    /// Whether it is a release (not the draft or the working tree).
    pub release: bool,
    /// The folder of its pages in the agreement's site (`v1.0/`, `draft/`, or empty).
    pub folder: String,
    /// Its clauses, in reading order.
    pub clauses: Vec<PublishedClause>,
}

/// One clause of a published version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedClause {
    /// The clause's id.
    pub id: String,
    /// How it is named (`第3条 预算审批`).
    pub label: String,
    /// The digest of its text (`sha256:…`), to tell whether a later version changed it.
    pub digest: String,
    /// The citations of other agreements' clauses in its body, as written (`it-finance:purpose`).
    pub cites: Vec<String>,
    /// The library clause and the edition it uses (`use: confidentiality@2`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<(String, u32)>,
}

/// A clause of another agreement that cites one of this agreement's, as the cited clause's page
/// lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Citer {
    /// The citing clause, named with its agreement (`《招聘协作协议》第10条 招聘费用分摊`).
    pub label: String,
    /// The citing version (`v1.1`, `draft`; empty for an agreement without releases).
    pub version: String,
    /// Its page, from the folder holding every agreement's site.
    pub path: String,
}

/// Why a citation resolves to nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// No agreement has that id.
    Agreement,
    /// The agreement has no release of that name.
    Version,
    /// The version has no clause of that id.
    Clause,
}

/// What a citation resolves to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The cited agreement.
    pub agreement: &'a Published,
    /// Who may read the portfolio's agreements, which says where the cited one's site is.
    pub access: &'a crate::base::access::Access,
    /// The version cited (pinned, or in force on the citing version's date).
    pub version: &'a PublishedVersion,
    /// The clause.
    pub clause: &'a PublishedClause,
}

impl Target<'_> {
    /// The clause's page, from the folder that holds every agreement's site.
    pub fn path(&self) -> String {
        let site = self.access.folder(&self.agreement.id);
        format!("{site}/{}clauses/{}.html", self.version.folder, self.clause.id)
    }

    /// The first later release in which the clause reads otherwise (or is gone).
    pub fn changed_later(&self) -> Option<&PublishedVersion> {
        let at = self.agreement.versions.iter().position(|v| std::ptr::eq(v, self.version))?;
        self.agreement.versions[at + 1..]
            .iter()
            .filter(|v| v.release)
            .find(|v| v.clauses.iter().find(|c| c.id == self.clause.id).is_none_or(|c| c.digest != self.clause.digest))
    }
}

/// The agreements a build may cite, sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cited {
    /// Every agreement of the portfolio.
    pub agreements: Vec<Published>,
    /// Who may read which of them.
    #[serde(default)]
    pub access: crate::base::access::Access,
}

impl Cited {
    /// The agreements, sorted by id so that lookups can search, all for everyone.
    pub fn new(agreements: Vec<Published>) -> Cited {
        Cited::with_access(agreements, Default::default())
    }

    /// The agreements, sorted by id, read as `access` says.
    pub fn with_access(mut agreements: Vec<Published>, access: crate::base::access::Access) -> Cited {
        agreements.sort_by(|a, b| a.id.cmp(&b.id));
        Cited { agreements, access }
    }

    /// The agreement with this id.
    pub fn agreement(&self, id: &str) -> Option<&Published> {
        self.agreements.binary_search_by(|a| a.id.as_str().cmp(id)).ok().map(|i| &self.agreements[i])
    }

    /// What `citation` means in a version dated `on`: the pinned release, else the release in
    /// force that day (the newest dated on or before it), else the first release, else the only
    /// version an agreement without releases has.
    pub fn resolve(&self, citation: &Citation<'_>, on: NaiveDate) -> Result<Target<'_>, Unresolved> {
        let (agreement, version) = self.version(citation, on)?;
        let clause = version.clauses.iter().find(|c| c.id == citation.clause).ok_or(Unresolved::Clause)?;
        Ok(Target { agreement, access: &self.access, version, clause })
    }

    /// The agreement and version `citation` means on the day `on`, whatever its clause.
    pub fn version(
        &self,
        citation: &Citation<'_>,
        on: NaiveDate,
    ) -> Result<(&Published, &PublishedVersion), Unresolved> {
        let agreement = self.agreement(citation.agreement).ok_or(Unresolved::Agreement)?;
        let version = match citation.version {
            Some(name) => agreement.versions.iter().find(|v| v.release && v.name == name),
            None => in_force(agreement, on),
        };
        Ok((agreement, version.ok_or(Unresolved::Version)?))
    }

    /// A key of everything a citation can resolve to, for the keys of kept pages.
    pub fn key(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }
}

fn in_force(agreement: &Published, on: NaiveDate) -> Option<&PublishedVersion> {
    let releases = || agreement.versions.iter().filter(|v| v.release);
    releases()
        .rfind(|v| v.date.is_none_or(|d| d <= on))
        .or_else(|| releases().next())
        .or_else(|| agreement.versions.last())
}

/// The other agreements one agreement's pages link into: what they publish, and the way from this
/// agreement's site to the folder that holds them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct External {
    /// This agreement's id in the portfolio.
    pub own: String,
    /// What the other agreements publish.
    pub cited: std::sync::Arc<Cited>,
    /// From this agreement's site (its root, above any version folder) to the folder holding
    /// every agreement's site: `../`.
    pub up: String,
    /// For each of this agreement's clauses (by id) that others cite, who cites it.
    pub cited_by: std::collections::BTreeMap<String, Vec<Citer>>,
    /// [`External::key`], once made: every render of an edit asks for it.
    key: KeyMemo,
}

/// A key made once from the fields beside it, which it follows: it takes no part in their
/// comparison or hash, and a clone (whose fields may then change) makes it again.
#[derive(Debug, Default)]
struct KeyMemo(std::sync::OnceLock<u64>);

impl Clone for KeyMemo {
    fn clone(&self) -> Self {
        KeyMemo::default()
    }
}

impl PartialEq for KeyMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for KeyMemo {}

impl Hash for KeyMemo {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl External {
    /// What agreement `own`'s pages take from the others: what they publish (`cited`), and who
    /// cites its clauses (`cited_by`); the way up from its site to theirs as `cited`'s access
    /// says where it sits (`../`, `../../../` for a restricted one).
    pub fn new(
        own: String,
        cited: std::sync::Arc<Cited>,
        cited_by: std::collections::BTreeMap<String, Vec<Citer>>,
    ) -> Self {
        let up = cited.access.up(&own);
        External { own, cited, up, cited_by, key: KeyMemo::default() }
    }

    /// A key of what this agreement's pages and findings take from the others, for the keys of
    /// kept pages, folders and bundles: who cites it, and for each clause it cites (in any of its
    /// versions), that clause in every version of the cited agreement, with the agreement's title,
    /// folder, versions and whether this one's readers may read it or its title. An edit elsewhere
    /// in the portfolio leaves it alone.
    pub fn key(&self) -> u64 {
        *self.key.0.get_or_init(|| self.make_key())
    }

    fn make_key(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&self.up, &self.cited_by).hash(&mut h);
        let mut cited: Vec<Citation<'_>> = self
            .cited
            .agreement(&self.own)
            .into_iter()
            .flat_map(|a| &a.versions)
            .flat_map(|v| &v.clauses)
            .flat_map(|c| &c.cites)
            .filter_map(|w| Citation::parse(w))
            .collect();
        cited.sort_by_key(|c| (c.agreement, c.clause));
        cited.dedup_by_key(|c| (c.agreement, c.clause));
        for c in cited {
            let Some(a) = self.cited.agreement(c.agreement) else {
                (c.agreement, false).hash(&mut h);
                continue;
            };
            // Where it is, and whether its readers and title are this one's, decide its links.
            let access = &self.cited.access;
            let shown = (access.reads(&self.own, &a.id), access.shows_title(&self.own, &a.id));
            (&a.id, &a.title, access.folder(&a.id), shown).hash(&mut h);
            for v in &a.versions {
                // A release's digest tells whether a later one changed the clause; a draft's
                // text is never compared.
                let clause = v.clauses.iter().find(|x| x.id == c.clause);
                let shown = clause.map(|x| (&x.id, &x.label, v.release.then_some(&x.digest)));
                (&v.name, v.date, v.release, &v.folder, shown).hash(&mut h);
            }
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(name: &str, date: Option<(i32, u32, u32)>, digest: &str) -> PublishedVersion {
        PublishedVersion {
            name: name.into(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            release: name != "draft",
            folder: format!("{name}/"),
            clauses: vec![PublishedClause {
                id: "purpose".into(),
                label: "第1条 目的".into(),
                digest: digest.into(),
                cites: Vec::new(),
                library: None,
            }],
        }
    }

    fn cited() -> Cited {
        Cited::new(vec![Published {
            id: "it-finance".into(),
            title: "数据服务协议".into(),
            versions: vec![
                version("v1.0", Some((2025, 1, 1)), "a"),
                version("v2.0", Some((2026, 1, 1)), "b"),
                version("draft", None, "c"),
            ],
        }])
    }

    #[test]
    fn citations_are_read_only_in_their_own_syntax() {
        let c = Citation::parse("it-finance@v1.0:purpose").unwrap();
        assert_eq!((c.agreement, c.version, c.clause), ("it-finance", Some("v1.0"), "purpose"));
        assert_eq!(Citation::parse("营销:目的").unwrap().clause, "目的");
        for not in ["purpose", "https://x.cn/a", ":purpose", "a:", "a@:b", "a b:c", "a:b c"] {
            assert_eq!(Citation::parse(not), None, "{not}");
        }
    }

    #[test]
    fn an_unpinned_citation_means_the_release_in_force_on_the_day() {
        let cited = cited();
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let c = Citation::parse("it-finance:purpose").unwrap();
        assert_eq!(cited.resolve(&c, on(2025, 6, 1)).unwrap().version.name, "v1.0");
        assert_eq!(cited.resolve(&c, on(2026, 6, 1)).unwrap().version.name, "v2.0");
        assert_eq!(cited.resolve(&c, on(2024, 6, 1)).unwrap().version.name, "v1.0");
        let target = cited.resolve(&c, on(2025, 6, 1)).unwrap();
        assert_eq!(target.path(), "it-finance/v1.0/clauses/purpose.html");
        assert_eq!(target.changed_later().map(|v| v.name.as_str()), Some("v2.0"));
        let pinned = Citation::parse("it-finance@v2.0:purpose").unwrap();
        assert_eq!(cited.resolve(&pinned, on(2025, 1, 1)).unwrap().changed_later(), None);
        let wrong = |w: &str| cited.resolve(&Citation::parse(w).unwrap(), on(2026, 1, 1)).err();
        assert_eq!(wrong("it-finanse:purpose"), Some(Unresolved::Agreement));
        assert_eq!(wrong("it-finance@v3.0:purpose"), Some(Unresolved::Version));
        assert_eq!(wrong("it-finance@draft:purpose"), Some(Unresolved::Version));
        assert_eq!(wrong("it-finance:scope"), Some(Unresolved::Clause));
    }
}
