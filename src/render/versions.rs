//! What pages of a versioned site add: the version switcher, the banner on old versions and the
//! draft, the changelog page, and the site root that lists every version.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::versions::Kind;
use crate::versions::diff::Changelog;

/// One version as the switcher and the root page know it.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    /// `v1.0` or `draft`; also its folder.
    pub name: String,
    /// Release or draft.
    pub kind: Kind,
    /// Release date.
    pub date: Option<NaiveDate>,
    /// Short commit id.
    pub commit: Option<String>,
    /// Ids of its clauses (a clause keeps its page in every version that has it).
    pub clauses: HashSet<String>,
    /// Ids of its parties.
    pub parties: HashSet<String>,
}

impl VersionInfo {
    /// Whether this version has the page at `path` (relative to a version folder).
    fn has(&self, path: &str) -> bool {
        let id = |dir: &str| path.strip_prefix(dir).and_then(|p| p.strip_suffix(".html")).map(str::to_string);
        match (id("clauses/"), id("parties/")) {
            (Some(c), _) => self.clauses.contains(&c),
            (_, Some(p)) => self.parties.contains(&p),
            _ => true,
        }
    }
}

/// The version a set of pages is rendered for.
#[derive(Debug, Clone)]
pub struct VersionContext {
    /// Every version, oldest release first, the draft last.
    pub all: Vec<VersionInfo>,
    /// Which one these pages show.
    pub current: usize,
    /// The newest release.
    pub latest: usize,
    /// The folder the pages are written to (the version's name, or `latest`).
    pub folder: String,
    /// What changed since the previous version (`None` for the first).
    pub changelog: Option<Changelog>,
}

/// An entry of the version switcher.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchItem {
    name: String,
    date: Option<NaiveDate>,
    kind: Kind,
    url: String,
    current: bool,
}

/// The banner of the draft, or of a release (`kind: release`, shown once a later one exists).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Banner {
    kind: Kind,
    current: String,
    latest: String,
    latest_url: String,
}

impl VersionContext {
    /// How many versions these pages know: a release knows itself and the versions before it,
    /// never a later one, so that its pages stay the same when later versions are released (newer
    /// versions reach its switcher and banner from the site's `versions.js`, in the reader's
    /// browser); the draft knows every release.
    pub fn known(&self) -> usize {
        match self.all[self.current].kind {
            Kind::Release => self.current + 1,
            Kind::Draft => self.all.len(),
        }
    }

    /// The names of the versions these pages know, oldest first.
    pub fn known_names(&self) -> Vec<String> {
        self.all[..self.known()].iter().map(|v| v.name.clone()).collect()
    }

    /// The switcher of the page at `path` (relative to the version folder; `root` leads there):
    /// the same page in every other version it knows where it exists (`has`, by version), else
    /// that version's index.
    pub fn switcher(&self, path: &str, root: &str, has: &[bool]) -> Vec<SwitchItem> {
        self.all[..self.known()]
            .iter()
            .enumerate()
            .map(|(i, v)| SwitchItem {
                name: v.name.clone(),
                date: v.date,
                kind: v.kind,
                url: format!("{root}../{}/{}", v.name, if has[i] { path } else { "index.html" }),
                current: i == self.current,
            })
            .collect()
    }

    /// The banner of the draft's pages, naming the newest release. A release's banner is
    /// `pending`: shown by the reader's browser once a later release exists.
    pub fn banner(&self, path: &str, root: &str, has: &[bool]) -> Option<Banner> {
        let own = &self.all[self.current];
        if own.kind == Kind::Release {
            return Some(Banner { kind: Kind::Release, current: own.name.clone(), ..Banner::default() });
        }
        let latest = &self.all[self.latest];
        Some(Banner {
            kind: own.kind,
            current: own.name.clone(),
            latest: latest.name.clone(),
            latest_url: format!("{root}../{}/{}", latest.name, if has[self.latest] { path } else { "index.html" }),
        })
    }

    /// Which versions these pages know have the page at `path`: pages with the same availability
    /// (and depth) have the same switcher and banner but for their path.
    pub fn availability(&self, path: &str) -> Vec<bool> {
        self.all[..self.known()].iter().map(|v| v.has(path)).collect()
    }

    /// The pages of clauses and parties that a version before this one had and this one has not:
    /// `(path, label)`, each once, so that a link from an older version's page to the same page
    /// in this one (which a reader's browser makes) finds a page saying so.
    pub fn gone(&self) -> Vec<String> {
        let own = &self.all[self.current];
        let mut paths = std::collections::BTreeSet::new();
        for v in &self.all[..self.current] {
            paths.extend(v.clauses.difference(&own.clauses).map(|id| format!("clauses/{id}.html")));
            paths.extend(v.parties.difference(&own.parties).map(|id| format!("parties/{id}.html")));
        }
        paths.into_iter().collect()
    }

    /// The current version's name.
    pub fn name(&self) -> &str {
        &self.all[self.current].name
    }

    /// Which version these pages are, as printed copies say it.
    pub fn edition(&self) -> Edition {
        let v = &self.all[self.current];
        let (status, latest) = match v.kind {
            Kind::Draft => ("draft", Some(self.all[self.latest].name.clone())),
            // Whether a release is in force is known when reading it (from the site's versions.js).
            Kind::Release => ("release", None),
        };
        Edition { name: Some(v.name.clone()), date: v.date, status, latest }
    }
}

/// Which version a printed copy is: its name, date and status.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Edition {
    /// The version's name; `None` for the working tree of an unversioned site.
    pub name: Option<String>,
    /// Its release date.
    pub date: Option<NaiveDate>,
    /// `release` (in force or superseded, as the reader's browser says from the site's
    /// `versions.js`), `draft`, or `working` (an unversioned site).
    pub status: &'static str,
    /// The newest release's name, on a versioned site.
    pub latest: Option<String>,
}

impl Edition {
    /// The working tree of an unversioned site.
    pub fn working() -> Edition {
        Edition { name: None, date: None, status: "working", latest: None }
    }
}

/// A version as the site root lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    name: String,
    date: Option<NaiveDate>,
    kind: Kind,
    commit: Option<String>,
    latest: bool,
}

/// The list for the site root, newest first.
pub fn listing(all: &[VersionInfo], latest: usize) -> Vec<Listed> {
    all.iter()
        .enumerate()
        .rev()
        .map(|(i, v)| Listed {
            name: v.name.clone(),
            date: v.date,
            kind: v.kind,
            commit: v.commit.clone(),
            latest: i == latest,
        })
        .collect()
}
