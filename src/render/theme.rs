//! The theme: minijinja templates and static assets. The default theme is compiled into the
//! binary; a project overrides any single file by placing one of the same name in
//! `themes/<theme>/templates/` or `themes/<theme>/static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme's files, by path inside the theme folder: every file under
/// `themes/default/`, listed by `build.rs`.
const DEFAULT: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Whether the default theme compiles in the file `path` (such as `templates/clause.html`).
pub fn is_builtin(path: &str) -> bool {
    DEFAULT.iter().any(|(p, _)| *p == path)
}

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into clausebook.
    Builtin,
    /// A project file (relative to the project root).
    Project(PathBuf),
}

/// A theme's files after overrides, ready to render with.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme folder (`themes/<name>`), relative to the project root.
    pub dir: PathBuf,
    /// Template sources by name (`clause.html`).
    pub templates: BTreeMap<String, (String, Origin)>,
    /// Static assets by path under `static/`.
    pub assets: BTreeMap<String, std::sync::Arc<[u8]>>,
}

/// Why a theme could not be loaded.
#[derive(Debug)]
pub enum ThemeError {
    /// `theme: x` names a folder that does not exist.
    Missing(PathBuf),
    /// A file could not be read.
    Io(PathBuf, std::io::Error),
    /// A template is not UTF-8.
    NotUtf8(PathBuf),
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThemeError::Missing(dir) => {
                write!(f, "theme folder {} does not exist (only `default` is built in)", dir.display())
            }
            ThemeError::Io(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            ThemeError::NotUtf8(p) => write!(f, "template {} is not valid UTF-8", p.display()),
        }
    }
}

impl Theme {
    /// A hash of the theme's templates and assets (for the build cache's keys).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (name, (source, _)) in &self.templates {
            (name, source).hash(&mut h);
        }
        for (name, bytes) in &self.assets {
            (name, &bytes[..]).hash(&mut h);
        }
        h.finish()
    }

    /// The built-in theme alone.
    pub fn builtin() -> Result<Theme, ThemeError> {
        let mut theme =
            Theme { dir: Path::new("themes").join("default"), templates: BTreeMap::new(), assets: BTreeMap::new() };
        for (path, bytes) in DEFAULT {
            theme.add(path, bytes.to_vec(), Origin::Builtin, Path::new(path))?;
        }
        Ok(theme)
    }

    /// The built-in theme overlaid with the `themes/<name>/` files of the project `tree` (its
    /// folder on disk, or an agreement read from Git).
    pub fn load(tree: &dyn crate::base::tree::Tree, name: &str) -> Result<Theme, ThemeError> {
        let dir = Path::new("themes").join(name);
        let mut theme = Theme { dir: dir.clone(), ..Theme::builtin()? };
        // The project's theme files, never through a link (each is a `symlink` warning of the
        // check): a linked theme folder or file could publish files from anywhere.
        let (files, links) = tree.files_and_links(&dir).map_err(|e| ThemeError::Io(dir.clone(), e))?;
        if files.is_empty() && links.is_empty() && !tree.has_dir(&dir) {
            return if name == "default" { Ok(theme) } else { Err(ThemeError::Missing(dir)) };
        }
        for file in files {
            let Ok(within) = file.strip_prefix(&dir) else { continue };
            let within = crate::base::diagnostic::slash_path(within);
            let bytes = tree.read(&file).map_err(|e| ThemeError::Io(file.clone(), e))?;
            theme.add(&within, bytes.to_vec(), Origin::Project(file.clone()), &file)?;
        }
        Ok(theme)
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, origin: Origin, file: &Path) -> Result<(), ThemeError> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| ThemeError::NotUtf8(file.to_path_buf()))?;
            self.templates.insert(name.to_string(), (text, origin));
        } else if let Some(name) = path.strip_prefix("static/") {
            self.assets.insert(name.to_string(), bytes.into());
        }
        Ok(())
    }

    /// The file a template came from, as a user would open it.
    pub fn template_file(&self, name: &str) -> PathBuf {
        match self.templates.get(name) {
            Some((_, Origin::Project(path))) => path.clone(),
            _ => Path::new("themes/default/templates").join(name),
        }
    }
}
