//! Compiles the default theme into the binary: every file under `themes/default/`, so that a new
//! template or asset needs no list to be kept by hand (`src/render/theme.rs` includes the result).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            out.push(path);
        }
    }
}

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut found = Vec::new();
    files(theme, &mut found);
    found.sort();
    let mut list = String::from("&[\n");
    for path in &found {
        let relative = path.strip_prefix(theme).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            list,
            "    ({relative:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/themes/default/{relative}\")) as &[u8]),"
        );
    }
    list.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("default_theme.rs");
    if let Err(e) = std::fs::write(&out, list) {
        panic!("cannot write {}: {e}", out.display());
    }
}
