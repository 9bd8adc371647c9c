//! `clausebook new DIR`: a small, valid agreement project a user can build at once.

use std::fs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("content/_index.md", include_str!("scaffold/_index.md")),
    ("content/01-general/_index.md", include_str!("scaffold/01-general/_index.md")),
    ("content/01-general/01-purpose.md", include_str!("scaffold/01-general/01-purpose.md")),
    ("content/01-general/02-meetings.md", include_str!("scaffold/01-general/02-meetings.md")),
    ("rules/01-duties.lua", include_str!("../rules/01-duties.lua")),
    ("rules/tests/duty-has-owner.yaml", include_str!("scaffold/rules/tests/duty-has-owner.yaml")),
    (".gitignore", "/public/\n"),
];

/// Creates a new project in `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<Vec<&'static str>, String> {
    if dir.exists() && fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.next().is_some() {
        return Err(format!("{} already exists and is not empty; choose a new folder", dir.display()));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(FILES.iter().map(|(p, _)| *p).collect())
}
