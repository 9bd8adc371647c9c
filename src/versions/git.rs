//! An agreement kept in a Git repository and read at a revision straight from the object
//! database, as releases are: no checkout, no clone, nothing in the repository touched. Its draft
//! is the tree at the revision (a branch, a tag or a commit; the repository's `HEAD` by default),
//! held in memory as a [`Snapshot`] of the project's folders; its releases are its tags and
//! declared releases, as a working tree's are ([`super::discover_git`]).
//!
//! Nothing is read from the file system below the repository's own files: Git keeps a symbolic
//! link as a blob naming its target, and such entries are skipped, so a link in the tree cannot
//! read a file from outside it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{Repository, RepositoryOpenFlags};

use crate::base::tree::{Snapshot, Tree};

/// Where an agreement read from Git is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The repository (bare or not), from where clausebook runs.
    pub repo: PathBuf,
    /// The revision whose tree is the draft, as written (`main`, `v2.0`, a commit); `None`: the
    /// repository's `HEAD`.
    pub rev: Option<String>,
    /// The agreement's folder in the repository's tree (empty: its top).
    pub dir: PathBuf,
}

/// An agreement read from Git: where, the commit its revision names, and the tree there.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Where it was read from.
    pub source: Source,
    /// The commit the revision named when it was read (full hex id).
    pub commit: String,
    /// The project's folders (`content/`, `rules/`, `themes/`, `approvals/`) at that commit.
    pub tree: Arc<Snapshot>,
}

/// Why an agreement cannot be read from Git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The path is not a Git repository (or cannot be opened): Git's words.
    NotARepository(String),
    /// The revision names no commit; the closest branch name, when one is close.
    NoRevision {
        /// A branch of the repository whose name is close to the revision's.
        closest: Option<String>,
    },
    /// The revision names an object that is no commit (a tag of a tree or of a file): what it is
    /// (`tree`, `blob`).
    NotACommit(&'static str),
    /// The revision is a short name that several refs have (a tag and a branch `x`): their full
    /// names (`refs/tags/x`, `refs/heads/x`), which Git would silently choose between.
    Ambiguous(Vec<String>),
    /// The tree at the revision holds no `content/_index.md` in the agreement's folder.
    NoAgreement,
}

impl Source {
    /// The repository itself, exactly at [`Source::repo`] (a folder inside another repository is
    /// not taken for it).
    pub fn open(&self) -> Result<Repository, git2::Error> {
        Repository::open_ext(&self.repo, RepositoryOpenFlags::NO_SEARCH, std::iter::empty::<&std::ffi::OsStr>())
    }

    /// Reads the agreement: its repository opened, its revision resolved, the tree there read.
    pub fn read(&self) -> Result<Draft, Problem> {
        let repo = self.open().map_err(|e| Problem::NotARepository(e.message().to_string()))?;
        let rev = self.rev.as_deref().unwrap_or("HEAD");
        let refs = same_named(&repo, rev);
        if refs.len() > 1 {
            return Err(Problem::Ambiguous(refs));
        }
        let object = repo.revparse_single(rev).map_err(|_| {
            let branches = branch_names(&repo);
            let closest =
                crate::base::diagnostic::closest(rev, branches.iter().map(String::as_str)).map(str::to_string);
            Problem::NoRevision { closest }
        })?;
        let commit = object.peel_to_commit().map_err(|_| {
            // A tag's target, or the object itself (a lightweight tag, `HEAD:content`).
            let kind = object.as_tag().and_then(|t| t.target_type()).or(object.kind());
            Problem::NotACommit(kind.unwrap_or(git2::ObjectType::Any).str())
        })?;
        let tree = commit.tree().map_err(|_| Problem::NoAgreement)?;
        let snapshot = super::snapshot_of(&repo, &tree, &self.dir, &mut HashMap::new(), false)
            .map_err(|_| Problem::NoAgreement)?;
        if snapshot.read(&Path::new(crate::load::CONTENT).join("_index.md")).is_err() {
            return Err(Problem::NoAgreement);
        }
        Ok(Draft { source: self.clone(), commit: commit.id().to_string(), tree: Arc::new(snapshot) })
    }
}

/// The refs a short name `rev` may mean, of those that are there (`refs/tags/x`, `refs/heads/x`,
/// `refs/remotes/x`): more than one, and Git takes the first without a word. A full name
/// (`refs/heads/x`) or anything else means one thing.
fn same_named(repo: &Repository, rev: &str) -> Vec<String> {
    if rev.starts_with("refs/") || rev == "HEAD" {
        return Vec::new();
    }
    let full = ["refs/tags/", "refs/heads/", "refs/remotes/"].map(|kind| format!("{kind}{rev}"));
    full.into_iter().filter(|name| repo.find_reference(name).is_ok()).collect()
}

/// The repository's branches, local and remote, by name.
fn branch_names(repo: &Repository) -> Vec<String> {
    let Ok(branches) = repo.branches(None) else { return Vec::new() };
    let mut names: Vec<String> =
        branches.flatten().filter_map(|(b, _)| b.name().ok().flatten().map(str::to_string)).collect();
    names.sort();
    names.dedup();
    names
}
