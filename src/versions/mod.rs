//! Versions: the released versions of an agreement read straight from Git's object database (no
//! checkout; the working tree, index and HEAD are never touched), and the working tree as the draft
//! when it differs from the newest release.
//!
//! Releases are tags matching a pattern (default `v*`) and releases declared in
//! `content/_index.md` as `versions: {releases: {v1.0: <tag or commit>}}` — tags are often not
//! pushed or cloned with a branch.

pub mod diff;
pub mod git;
pub mod kept;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use crate::base::catalog::Build;
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::tree::{Disk, Snapshot, Tree};

/// What kind of version a snapshot is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A released version (a tag or a declared revision).
    #[default]
    Release,
    /// The working tree, when it differs from the newest release.
    Draft,
}

/// One version of the agreement.
#[derive(Debug, Clone)]
pub struct Version {
    /// `v1.0`, or `draft`.
    pub name: String,
    /// Release or draft.
    pub kind: Kind,
    /// The tag's date (annotated tags) or the commit's date; none for the draft.
    pub date: Option<NaiveDate>,
    /// Short commit id.
    pub commit: Option<String>,
    /// The project's `content/` and `rules/` as they are in this version.
    pub tree: Snapshot,
}

/// The versions found, oldest release first and the draft last, with notes about what was skipped.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Versions in reading order.
    pub versions: Vec<Version>,
    /// Warnings and infos (a tag that could not be read, two tags on one commit, …).
    pub notes: Vec<Diagnostic>,
}

/// Why versions could not be read at all (the caller then builds the working tree alone).
#[derive(Debug)]
pub enum NoVersions {
    /// The project is not inside a Git repository.
    NotARepository,
    /// The repository has no release (no matching tag, nothing declared).
    NoReleases,
}

/// A release found: its name, its commit, and its date (declared, or the commit's).
type Found = (String, Oid, Option<NaiveDate>);

/// Finds the releases and the draft of the project at `root`.
pub fn discover(
    root: &Path,
    settings: &crate::base::model::VersionSettings,
    index_file: &Path,
) -> Result<Discovery, NoVersions> {
    let repo = Repository::discover(root).map_err(|_| NoVersions::NotARepository)?;
    // The working tree is read and hashed while the releases are read from Git (not before it is
    // known to be a repository: a project outside Git would hash it for nothing).
    let working = {
        let root = root.to_path_buf();
        std::thread::spawn(move || working_snapshot(&root))
    };
    let workdir = repo.workdir().ok_or(NoVersions::NotARepository)?.to_path_buf();
    let prefix = std::fs::canonicalize(root)
        .ok()
        .zip(std::fs::canonicalize(&workdir).ok())
        .and_then(|(r, w)| r.strip_prefix(w).ok().map(Path::to_path_buf))
        .unwrap_or_default();
    let l = crate::load::locale(root);
    let draft = || working.join().unwrap_or_else(|_| working_snapshot(root));
    let lender = crate::base::tree::lender(root);
    // The portfolio's library in this repository: each release reads it as its commit holds it.
    let in_repo = lender.as_ref().and_then(|lender| {
        let folder = std::fs::canonicalize(&lender.folder).ok()?;
        let workdir = std::fs::canonicalize(&workdir).ok()?;
        Some((lender, folder.strip_prefix(workdir).ok()?.to_path_buf()))
    });
    let mut discovery = releases_and_draft(&repo, &prefix, (settings, index_file), l, draft)?;
    for v in &mut discovery.versions {
        let held = match (&in_repo, v.kind) {
            (Some((lender, at)), Kind::Release) => Some(release_library(&repo, v, lender, at)),
            _ => None,
        };
        v.tree.lent_by(held.unwrap_or_else(|| lender.clone()));
    }
    // The library changed since the newest release (an edition edited in place, one published):
    // the working tree is a draft of its own, whose text and findings read the library as it is.
    let newest = discovery.versions.last().filter(|v| v.kind == Kind::Release);
    if let (Some(newest), Some(lender)) = (newest, &lender)
        && !same_library(newest.tree.lender(), lender)
    {
        let mut tree = working_snapshot(root);
        tree.lent_by(Some(lender.clone()));
        discovery.versions.push(Version { name: "draft".into(), kind: Kind::Draft, date: None, commit: None, tree });
    }
    let mut records = Snapshot::default();
    records.read_dir_from(root, Path::new(crate::load::records::DIR), |_| false);
    hold_records(&mut discovery, &records);
    Ok(discovery)
}

/// Whether the library a release read (`held`: as its commit holds it) is the one `lender`'s
/// folder holds now, file for file.
fn same_library(held: Option<&crate::base::tree::Lender>, lender: &crate::base::tree::Lender) -> bool {
    let Some(files) = held.and_then(|h| h.files.as_deref()) else { return true };
    let dir = Path::new(crate::load::library::DIR);
    let disk = Disk::new(&lender.folder);
    let now = disk.files(dir).unwrap_or_default();
    let then = files.files(dir).unwrap_or_default();
    now == then
        && now.iter().all(|path| {
            let bytes = disk.read(path).unwrap_or_else(|_| Arc::from(Vec::new()));
            let id = Oid::hash_object(ObjectType::Blob, &bytes).map(|o| o.to_string()).ok();
            id.as_deref() == files.id(path)
        })
}

/// The library `lender` lends, as release `v`'s commit holds it (the folder `at` of the
/// repository): none when the commit has no library there, which the release then cannot use.
fn release_library(
    repo: &Repository,
    v: &Version,
    lender: &crate::base::tree::Lender,
    at: &Path,
) -> Option<crate::base::tree::Lender> {
    let commit = repo.revparse_single(v.commit.as_deref()?).ok()?.peel_to_commit().ok()?;
    let tree = commit.tree().ok()?;
    let files = snapshot_of(repo, &tree, at, &mut HashMap::new(), true).ok()?;
    files
        .has_dir(Path::new(crate::load::library::DIR))
        .then(|| crate::base::tree::Lender { files: Some(Arc::new(files)), ..lender.clone() })
}

/// Finds the releases of the agreement `source` reads from a Git repository, its draft the tree
/// at its revision (`draft.tree`) rather than a working tree.
pub fn discover_git(
    draft: &git::Draft,
    settings: &crate::base::model::VersionSettings,
    index_file: &Path,
) -> Result<Discovery, NoVersions> {
    let repo = draft.source.open().map_err(|_| NoVersions::NotARepository)?;
    let l = crate::load::locale_in(&*draft.tree);
    let mut discovery =
        releases_and_draft(&repo, &draft.source.dir, (settings, index_file), l, || (*draft.tree).clone())?;
    hold_records(&mut discovery, &draft.tree);
    Ok(discovery)
}

/// Every version reads the records of `records/` as `draft` holds them: records are not
/// versioned (they come after a release is signed), and the release in force shows what was
/// done as much as the draft does.
fn hold_records(discovery: &mut Discovery, draft: &Snapshot) {
    let dir = Path::new(crate::load::records::DIR);
    for v in &mut discovery.versions {
        v.tree.hold_folder_of(draft, dir);
    }
}

/// The releases of the project in the folder `prefix` of `repo`, oldest first, and `draft()` after
/// them when it differs from the newest.
fn releases_and_draft(
    repo: &Repository,
    prefix: &Path,
    (settings, index_file): (&crate::base::model::VersionSettings, &Path),
    l: crate::base::catalog::Locale,
    draft: impl FnOnce() -> Snapshot,
) -> Result<Discovery, NoVersions> {
    let mut out = Discovery::default();
    let mut blobs: HashMap<Oid, Arc<[u8]>> = HashMap::new();
    let mut found = tagged(repo, settings, index_file, l, &mut out.notes);
    declared(repo, (settings, index_file), l, &mut found, &mut out.notes);
    if found.is_empty() {
        return Err(NoVersions::NoReleases);
    }
    found.sort_by_key(|f| order_key(&f.0));
    same_commits(&found, index_file, l, &mut out.notes);
    for (name, commit, date) in &found {
        let snapshot = repo
            .find_commit(*commit)
            .and_then(|c| c.tree())
            .map_err(|e| e.message().to_string())
            .and_then(|tree| snapshot_of(repo, &tree, prefix, &mut blobs, true));
        match snapshot {
            Ok(tree) if tree.has_dir(Path::new("content")) => out.versions.push(Version {
                name: name.clone(),
                kind: Kind::Release,
                date: *date,
                commit: Some(short(*commit)),
                tree,
            }),
            Ok(_) => out.notes.push(Diagnostic::warning(
                "versions",
                index_file,
                Span::start(),
                l.msg(Build::VersionSkippedTreeHasNo { name: &name, prefix: &slash(prefix) }),
            )),
            Err(e) => out.notes.push(Diagnostic::warning(
                "versions",
                index_file,
                Span::start(),
                l.msg(Build::VersionSkippedError { name: &name, e: &e }),
            )),
        }
    }
    if out.versions.is_empty() {
        return Err(NoVersions::NoReleases);
    }

    let working = draft();
    let newest = &out.versions[out.versions.len() - 1].tree;
    if !same_files(&working, newest) {
        out.versions.push(Version { name: "draft".into(), kind: Kind::Draft, date: None, commit: None, tree: working });
    }
    Ok(out)
}

/// The releases that tags name (`versions.tags`, default `v*`); a tag that cannot name a folder
/// of the site, or whose commit cannot be read, is skipped with a note. A pattern with a folder
/// (`it-finance/v*`, an agreement's tags in a repository it shares) names its releases without
/// it: the tag `it-finance/v1.0` is the release `v1.0`.
fn tagged(
    repo: &Repository,
    settings: &crate::base::model::VersionSettings,
    index_file: &Path,
    l: crate::base::catalog::Locale,
    notes: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    let mut found = Vec::new();
    let pattern = settings.tags.clone().unwrap_or_else(|| "v*".to_string());
    let Ok(names) = repo.tag_names(Some(&pattern)) else { return found };
    let folder =
        pattern.rsplit_once('/').map(|(folder, _)| format!("{folder}/")).filter(|f| !f.contains(['*', '?', '[', '\\']));
    for tag in names.iter().flatten().flatten() {
        let name = folder.as_deref().and_then(|f| tag.strip_prefix(f)).unwrap_or(tag);
        // A tag that cannot name a folder of the site (`v1/beta`) is skipped, and said so.
        if let Some(problem) = crate::load::names::release_name_problem(name, l) {
            let message = l.msg(Build::VersionSkipped { name: &name, problem: &problem });
            notes.push(Diagnostic::warning("invalid-id", index_file, Span::start(), message));
            continue;
        }
        match tag_commit(repo, tag) {
            Ok((commit, date)) => found.push((name.to_string(), commit, date)),
            Err(e) => notes.push(Diagnostic::warning(
                "versions",
                index_file,
                Span::start(),
                l.msg(Build::VersionSkippedCommitCannotRead { name: &name, e: &e }),
            )),
        }
    }
    found
}

/// Adds the releases `versions.releases` declares (replacing a tag of the same name); one whose
/// revision is not a commit is skipped with a note where it is written.
fn declared(
    repo: &Repository,
    (settings, index_file): (&crate::base::model::VersionSettings, &Path),
    l: crate::base::catalog::Locale,
    found: &mut Vec<Found>,
    notes: &mut Vec<Diagnostic>,
) {
    for (name, rev, span) in &settings.releases {
        // A declared name that cannot name a folder is skipped here and reported where it is
        // written, by the check of `_index.md` (`invalid-id`).
        if crate::load::names::release_name_problem(name, l).is_some() {
            continue;
        }
        let resolved = repo.revparse_single(rev).and_then(|o| o.peel_to_commit());
        match resolved {
            Ok(commit) => {
                found.retain(|(n, _, _)| n != name);
                let declared = settings.dates.iter().find(|(n, _)| n == name).map(|(_, d)| *d);
                found.push((name.clone(), commit.id(), declared.or_else(|| date_of(commit.time()))));
            }
            Err(e) => notes.push(
                Diagnostic::warning(
                    "versions",
                    index_file,
                    *span,
                    l.msg(Build::ReleaseSkippedNotCommitRepository { name: &name, rev: &rev, error: &e.message() }),
                )
                .with_hint(l.msg(Build::ShallowCloneLacksOldCommits)),
            ),
        }
    }
}

/// Notes releases that are the same commit.
fn same_commits(found: &[Found], index_file: &Path, l: crate::base::catalog::Locale, notes: &mut Vec<Diagnostic>) {
    let mut by_commit: HashMap<Oid, &str> = HashMap::new();
    for (name, commit, _) in found {
        if let Some(other) = by_commit.insert(*commit, name) {
            notes.push(Diagnostic::new(
                crate::Severity::Info,
                "versions",
                index_file,
                Span::start(),
                l.msg(Build::VersionsSameCommit { other: &other, name: &name, commit: &short(*commit) }),
            ));
        }
    }
}

fn slash(prefix: &Path) -> String {
    if prefix.as_os_str().is_empty() {
        String::new()
    } else {
        format!("{}/", crate::base::diagnostic::slash_path(prefix))
    }
}

fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_string()
}

fn date_of(time: git2::Time) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(time.seconds(), 0).map(|t| t.date_naive())
}

/// The commit a tag points at, and the tag's date (the tagger's for annotated tags).
fn tag_commit(repo: &Repository, name: &str) -> Result<(Oid, Option<NaiveDate>), String> {
    let object = repo.revparse_single(&format!("refs/tags/{name}")).map_err(|e| e.message().to_string())?;
    let tag_date = object.as_tag().and_then(|t| t.tagger()).and_then(|s| date_of(s.when()));
    let commit = object.peel_to_commit().map_err(|e| e.message().to_string())?;
    Ok((commit.id(), tag_date.or_else(|| date_of(commit.time()))))
}

/// How versions sort: by number (`v1.10` after `v1.9`), a pre-release before its release
/// (`v2.0-rc1` before `v2.0`, as SemVer orders them: numeric identifiers before others), build
/// metadata (`+…`) ignored; names that are not numbers come after, by name.
pub fn order_key(name: &str) -> VersionOrder {
    let version = name.trim_start_matches(['v', 'V']).split('+').next().unwrap_or_default();
    let (core, pre) = match version.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (version, None),
    };
    let parts: Option<Vec<u64>> = core.split(['.', '_']).map(|p| p.parse().ok()).collect();
    let Some(parts) = parts.filter(|p| !p.is_empty()) else {
        return VersionOrder { other: true, parts: Vec::new(), release: true, pre: Vec::new(), name: name.to_string() };
    };
    let identifiers = pre
        .map(|pre| {
            pre.split('.')
                .map(|id| match id.parse::<u64>() {
                    Ok(n) => (false, n, String::new()),
                    Err(_) => (true, 0, id.to_string()),
                })
                .collect()
        })
        .unwrap_or_default();
    VersionOrder { other: false, parts, release: pre.is_none(), pre: identifiers, name: name.to_string() }
}

/// Where a version sorts (see [`order_key`]); the fields compare in order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct VersionOrder {
    /// Not a number: after every numbered version.
    other: bool,
    /// `2.0` of `v2.0-rc1`.
    parts: Vec<u64>,
    /// No pre-release part: after its pre-releases.
    release: bool,
    /// The pre-release identifiers: numeric ones (`false`, n) before others (`true`, text).
    pre: Vec<(bool, u64, String)>,
    /// The whole name, last.
    name: String,
}

/// The tracked folders of a commit's tree (below the project's folder), read from the object
/// database: the versioned ones (`versioned`), or every folder of a project (a draft read from
/// Git, whose themes and approvals have no working tree to be read from). Symbolic links are
/// never followed: Git keeps a link as a blob holding its target, which is skipped.
fn snapshot_of(
    repo: &Repository,
    tree: &git2::Tree,
    prefix: &Path,
    blobs: &mut HashMap<Oid, Arc<[u8]>>,
    versioned: bool,
) -> Result<Snapshot, String> {
    let read = |name: &str| crate::base::tree::FOLDERS.iter().any(|f| f.name == name && (f.versioned || !versioned));
    let project = if prefix.as_os_str().is_empty() {
        tree.clone()
    } else {
        match tree.get_path(prefix) {
            Ok(entry) => entry.to_object(repo).and_then(|o| o.peel_to_tree()).map_err(|e| e.message().to_string())?,
            Err(_) => return Ok(Snapshot::default()),
        }
    };
    let mut entries: Vec<(PathBuf, Oid)> = Vec::new();
    project
        .walk(TreeWalkMode::PreOrder, |dir, entry| {
            let top = dir.split('/').next().unwrap_or_default();
            if dir.is_empty() {
                return if entry.kind() == Some(ObjectType::Tree) && read(entry.name().unwrap_or_default()) {
                    TreeWalkResult::Ok
                } else {
                    TreeWalkResult::Skip
                };
            }
            // Symbolic links (mode 120000) are skipped, as they are in the working tree.
            if read(top) && entry.kind() == Some(ObjectType::Blob) && entry.filemode() != 0o120000 {
                entries.push((PathBuf::from(dir).join(entry.name().unwrap_or_default()), entry.id()));
            }
            TreeWalkResult::Ok
        })
        .map_err(|e| e.message().to_string())?;
    let mut snapshot = Snapshot::default();
    let odb = repo.odb().map_err(|e| e.message().to_string())?;
    for (path, oid) in entries {
        // A blob is measured before it is read: a small repository may hold a file of gigabytes.
        if let Ok((size, _)) = odb.read_header(oid)
            && size as u64 > crate::base::tree::MOST_FILE_BYTES
        {
            snapshot.refuse(path);
            continue;
        }
        let bytes = match blobs.get(&oid) {
            Some(b) => Arc::clone(b),
            None => {
                let blob = repo.find_blob(oid).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
                let bytes: Arc<[u8]> = Arc::from(blob.content());
                blobs.insert(oid, Arc::clone(&bytes));
                bytes
            }
        };
        snapshot.insert(path, oid.to_string(), bytes);
    }
    Ok(snapshot)
}

/// The working tree's tracked folders, with the blob id each file would have in Git.
fn working_snapshot(root: &Path) -> Snapshot {
    let disk = Disk::new(root);
    let mut snapshot = Snapshot::default();
    for dir in crate::base::tree::versioned_folders() {
        for path in disk.files(Path::new(dir)).unwrap_or_default() {
            if let Ok(bytes) = disk.read(&path) {
                let id = Oid::hash_object(ObjectType::Blob, &bytes).map(|o| o.to_string()).unwrap_or_default();
                snapshot.insert(path, id, bytes);
            }
        }
    }
    snapshot
}

/// Whether two snapshots hold the same versioned files (a draft read from Git also holds the
/// others).
fn same_files(a: &Snapshot, b: &Snapshot) -> bool {
    let versioned = |(p, _): &(&Path, &str)| crate::base::tree::versioned_folders().any(|f| p.starts_with(f));
    a.entries().filter(versioned).eq(b.entries().filter(versioned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_by_number_then_name() {
        let mut names = vec![
            "v1.10",
            "release-candidate",
            "v1.9",
            "v2.0",
            "v1.9.1",
            "alpha",
            "v2.0-rc1",
            "v2.0-rc.2",
            "v2.0-beta",
            "v2.0-rc.10",
        ];
        names.sort_by_key(|n| order_key(n));
        assert_eq!(
            names,
            [
                "v1.9",
                "v1.9.1",
                "v1.10",
                "v2.0-beta",
                "v2.0-rc.2",
                "v2.0-rc.10",
                "v2.0-rc1",
                "v2.0",
                "alpha",
                "release-candidate"
            ]
        );
    }
}
