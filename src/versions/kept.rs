//! The build cache of a versioned site: a release is a commit, so its folder, once written, is
//! kept by later builds while everything it was made from is the same. Each release folder (and
//! `latest/`) carries a stamp, [`STAMP`], with the key of what made it and the count of its
//! findings; a build whose key for that folder is the same takes the folder from the site it
//! replaces as it is (hard links: same bytes, same modification times) instead of checking and
//! rendering it again.
//!
//! The key covers the release's commit and the versions before it (their names, kinds, dates and
//! commits: its switcher names them, its changelog compares with the previous one), the
//! clausebook binary (version, size and modification time: a rebuilt tool makes new pages), the
//! theme's files (read from the working tree), the build's settings (`--today`, `--base-url`,
//! whether the folder is printed to PDF) and the release's sign-off as judged from the
//! approvals in the working tree. Nothing a later release changes is in it: a release's pages do
//! not name later versions ([`crate::render::versions::VersionContext::known`]).

use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::Summary;

/// The stamp file in a kept folder.
pub const STAMP: &str = ".clausebook-build";

/// What a folder was made from (its key) and what its check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The key of everything the folder was made from, in hex.
    pub key: String,
    /// Its findings, counted (the build reports them for a kept folder too).
    pub summary: Summary,
}

impl Stamp {
    /// The stamp file's text.
    pub fn text(&self) -> String {
        let s = self.summary;
        format!("key {}\nfindings {} {} {}\n", self.key, s.errors, s.warnings, s.infos)
    }

    /// The stamp of `folder` in the site at `out`, if it has a readable one.
    pub fn read(out: &Path, folder: &str) -> Option<Stamp> {
        let text = std::fs::read_to_string(out.join(folder).join(STAMP)).ok()?;
        let mut lines = text.lines();
        let key = lines.next()?.strip_prefix("key ")?.to_string();
        let counts: Vec<usize> =
            lines.next()?.strip_prefix("findings ")?.split(' ').map(str::parse).collect::<Result<_, _>>().ok()?;
        let [errors, warnings, infos] = counts[..] else { return None };
        Some(Stamp { key, summary: Summary { errors, warnings, infos } })
    }
}

/// One version as a later folder's key sees it.
#[derive(Hash)]
pub struct Seen<'a> {
    /// Its name.
    pub name: &'a str,
    /// Release or draft.
    pub kind: super::Kind,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Its commit.
    pub commit: Option<&'a str>,
}

/// The settings of a build that every kept folder depends on.
#[derive(Hash)]
pub struct Settings<'a> {
    /// `--today`.
    pub today: NaiveDate,
    /// `--base-url`.
    pub base_url: Option<&'a str>,
}

/// The key of a release folder: `folder` showing the last of `versions` (the versions up to and
/// including it), printed to PDF or not; `own` is a hash of what the release's commit does not
/// say: its sign-off and its theme's files.
pub fn key(folder: &str, versions: &[Seen<'_>], settings: &Settings<'_>, printed: bool, own: u64) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (tool(), folder, versions, settings, printed, own).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Which clausebook made a folder: its version, and its binary's size and modification time, so
/// that a tool built again (with other templates or code) does not keep pages an older one made.
fn tool() -> (&'static str, u64, Option<std::time::SystemTime>) {
    static TOOL: std::sync::OnceLock<(u64, Option<std::time::SystemTime>)> = std::sync::OnceLock::new();
    let (size, modified) = *TOOL.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        (meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
    });
    (env!("CARGO_PKG_VERSION"), size, modified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_and_a_damaged_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("v1.0")).unwrap();
        let stamp = Stamp { key: "00ff".into(), summary: Summary { errors: 0, warnings: 2, infos: 1 } };
        std::fs::write(dir.path().join("v1.0").join(STAMP), stamp.text()).unwrap();
        assert_eq!(Stamp::read(dir.path(), "v1.0"), Some(stamp));
        std::fs::write(dir.path().join("v1.0").join(STAMP), "key 00ff\nfindings 0 x 1\n").unwrap();
        assert_eq!(Stamp::read(dir.path(), "v1.0"), None);
        assert_eq!(Stamp::read(dir.path(), "v2.0"), None);
    }

    #[test]
    fn the_key_changes_with_what_made_the_folder() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let v1 = Seen { name: "v1.0", kind: super::super::Kind::Release, date: Some(today), commit: Some("abc") };
        let settings = Settings { today, base_url: None };
        let base = key("v1.0", std::slice::from_ref(&v1), &settings, false, 0);
        assert_eq!(base, key("v1.0", std::slice::from_ref(&v1), &settings, false, 0));
        let other = Seen { commit: Some("abd"), ..v1 };
        assert_ne!(base, key("v1.0", &[other], &settings, false, 0));
        let v1 = Seen { name: "v1.0", kind: super::super::Kind::Release, date: Some(today), commit: Some("abc") };
        assert_ne!(base, key("latest", std::slice::from_ref(&v1), &settings, false, 0));
        assert_ne!(base, key("v1.0", std::slice::from_ref(&v1), &settings, true, 0));
        assert_ne!(base, key("v1.0", std::slice::from_ref(&v1), &settings, false, 1));
        let tomorrow = Settings { today: today.succ_opt().unwrap(), ..settings };
        assert_ne!(base, key("v1.0", std::slice::from_ref(&v1), &tomorrow, false, 0));
    }
}
