//! `clausebook new DIR`: a small, valid agreement project a user can build at once.

use std::fs;
use std::path::{Path, PathBuf};

/// The files of a project in Chinese (`clausebook new`).
const FILES: &[(&str, &str)] = &[
    ("content/_index.md", include_str!("scaffold/_index.md")),
    ("content/01-general/_index.md", include_str!("scaffold/01-general/_index.md")),
    ("content/01-general/01-purpose.md", include_str!("scaffold/01-general/01-purpose.md")),
    ("content/01-general/02-meetings.md", include_str!("scaffold/01-general/02-meetings.md")),
    ("rules/01-duties.lua", include_str!("../../rules/01-duties.lua")),
    ("rules/tests/duty-has-owner.yaml", include_str!("scaffold/rules/tests/duty-has-owner.yaml")),
    (".gitignore", "/public/\n"),
];

/// The files of a project in English (`clausebook new --language en`).
const FILES_EN: &[(&str, &str)] = &[
    ("content/_index.md", include_str!("scaffold/en/_index.md")),
    ("content/01-general/_index.md", include_str!("scaffold/en/01-general/_index.md")),
    ("content/01-general/01-purpose.md", include_str!("scaffold/en/01-general/01-purpose.md")),
    ("content/01-general/02-meetings.md", include_str!("scaffold/en/01-general/02-meetings.md")),
    ("rules/01-duties.lua", include_str!("scaffold/en/rules/01-duties.lua")),
    ("rules/tests/duty-has-owner.yaml", include_str!("scaffold/en/rules/tests/duty-has-owner.yaml")),
    (".gitignore", "/public/\n"),
];

/// Why a project could not be created.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The folder exists and holds files.
    NotEmpty(PathBuf),
    /// A file or folder could not be read or written.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::NotEmpty(dir) => {
                write!(f, "{} already exists and is not empty; choose a new folder", dir.display())
            }
            ScaffoldError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Creates a new project in `dir`, which must not exist or be empty, in Chinese or (with
/// `english`) English.
pub fn create(dir: &Path, english: bool) -> Result<Vec<&'static str>, ScaffoldError> {
    let files = if english { FILES_EN } else { FILES };
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| ScaffoldError::Io(p, e)
    };
    if dir.exists() && fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&target, text).map_err(io(&target))?;
    }
    Ok(files.iter().map(|(p, _)| *p).collect())
}
