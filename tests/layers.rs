//! The shape of the source, checked so it stays true (docs/architecture.md): the top of `src/` is
//! a stack of layers, and no module imports a higher layer or takes part in an import circle. A
//! scan of `crate::` and `super::` paths in code (comments and test modules left out) is enough:
//! every cross-module use in this crate is written that way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of `src/`, lowest first. A module may use its own layer and those before it.
const LAYERS: &[&str] =
    &["base", "load", "signoff", "check", "versions", "render", "output", "report", "pipeline", "portfolio", "command"];

/// A module of the library: its path (`base::model`) and its code without comments and tests.
struct Module {
    path: Vec<String>,
    code: String,
}

fn modules() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let rel = file.strip_prefix(&src).unwrap().with_extension("");
            let mut path: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            match path.last().map(String::as_str) {
                Some("main" | "live" | "cli") if path.len() == 1 => return None,
                Some("lib") if path.len() == 1 => path.clear(),
                Some("mod") => {
                    path.pop();
                }
                _ => {}
            }
            Some(Module { path, code: code_of(&std::fs::read_to_string(&file).unwrap()) })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code: its `#[cfg(test)] mod tests` cut off, comment lines blanked.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") && lines.peek().is_some_and(|l| l.trim_start().starts_with("mod tests"))
        {
            break;
        }
        if !trimmed.starts_with("//") {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Every module path the code names: `crate::a::b::{c, d::e}` and `super::x`, resolved to the
/// longest prefix that is a module.
fn uses(module: &Module, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let code = &module.code;
    for (start, root) in code
        .match_indices("crate::")
        .map(|(i, _)| (i, "crate"))
        .chain(code.match_indices("super::").map(|(i, _)| (i, "super")))
    {
        if code[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut base: Vec<String> = match root {
            "crate" => Vec::new(),
            _ => {
                let mut b = module.path.clone();
                b.pop();
                b
            }
        };
        let rest = &code[start + root.len() + 2..];
        for path in expand(rest) {
            let mut full = base.clone();
            full.extend(path);
            while !full.is_empty() && !known.contains(&full) {
                full.pop();
            }
            found.insert(full);
        }
        base.clear();
    }
    found
}

/// The paths a use tree names: `a::b` → [a, b]; `{a, b::c}` → [a], [b, c]; nested groups too.
fn expand(rest: &str) -> Vec<Vec<String>> {
    let mut prefix = Vec::new();
    let mut s = rest;
    loop {
        let ident: String = s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if ident.is_empty() {
            break;
        }
        prefix.push(ident.clone());
        s = &s[ident.len()..];
        if let Some(next) = s.strip_prefix("::") {
            s = next;
        } else {
            return vec![prefix];
        }
    }
    let Some(group) = s.strip_prefix('{') else { return vec![prefix] };
    let mut depth = 0;
    let mut item = String::new();
    let mut items = Vec::new();
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    items.push(item);
    items
        .iter()
        .flat_map(|i| expand(i.trim()))
        .map(|tail| prefix.iter().cloned().chain(tail).collect())
        .chain(std::iter::once(prefix.clone()))
        .collect()
}

fn layer(path: &[String]) -> Option<usize> {
    path.first().and_then(|top| LAYERS.iter().position(|l| l == top))
}

/// The import graph between modules: an edge for each use of another module, except a parent's
/// use of its own descendants (declaring and re-exporting its parts is not a dependency).
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    modules
        .iter()
        .map(|m| {
            let to = uses(m, &known).into_iter().filter(|t| t != &m.path && !t.starts_with(&m.path)).collect();
            (m.path.clone(), to)
        })
        .collect()
}

fn name(path: &[String]) -> String {
    if path.is_empty() { "crate".into() } else { path.join("::") }
}

#[test]
fn every_top_level_module_is_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if ["lib", "main", "live", "cli"].contains(&stem.as_str()) {
            continue;
        }
        assert!(
            LAYERS.contains(&stem.as_str()),
            "src/{stem} is in no layer: put it in one of {LAYERS:?} or add a layer here"
        );
    }
}

#[test]
fn no_module_imports_a_higher_layer() {
    let mut wrong = Vec::new();
    for (from, tos) in graph() {
        let Some(own) = layer(&from) else { continue };
        for to in tos {
            if layer(&to).is_some_and(|l| l > own) {
                wrong.push(format!(
                    "{} uses {} ({} is above {})",
                    name(&from),
                    name(&to),
                    LAYERS[layer(&to).unwrap()],
                    LAYERS[own]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_circles() {
    let graph = graph();
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                if next == start {
                    let mut names: Vec<String> = trail.iter().map(|p| name(p)).collect();
                    let min = names.iter().enumerate().min_by_key(|(_, n)| n.as_str()).map(|(i, _)| i).unwrap();
                    names.rotate_left(min);
                    circles.insert(names.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut t = trail.clone();
                    t.push(next.clone());
                    stack.push((next.clone(), t));
                }
            }
        }
    }
    assert!(circles.is_empty(), "import circles:\n{}", circles.into_iter().collect::<Vec<_>>().join("\n"));
}

#[test]
fn the_scan_sees_uses() {
    let known: BTreeSet<Vec<String>> = [
        vec!["base".to_string()],
        vec!["base".into(), "model".into()],
        vec!["check".into()],
        vec!["check".into(), "rules".into()],
    ]
    .into();
    let m = Module {
        path: vec!["check".into(), "rules".into()],
        code: "use crate::base::{model::Clause, self};\nfn f() { super::g(); }\n".into(),
    };
    let found = uses(&m, &known);
    assert!(found.contains(&vec!["base".to_string(), "model".into()]), "{found:?}");
    assert!(found.contains(&vec!["check".to_string()]), "{found:?}");
    assert_eq!(
        code_of("use crate::x;\n// crate::y\n#[cfg(test)]\nmod tests {\n use crate::z;\n}\n"),
        "use crate::x;\n\n"
    );
}

/// Every `src/…`, `tests/…`, `themes/…` or `docs/…` path that README.md or a page of docs/ names.
fn named_paths() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    let mut named = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let page = page.strip_prefix(root).unwrap().display().to_string();
        for prefix in ["src/", "tests/", "themes/", "docs/", "benches/"] {
            for (at, _) in text.match_indices(prefix) {
                if text[..at].ends_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')) {
                    continue;
                }
                let path: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.' | '*'))
                    .collect();
                let path = path.trim_end_matches(['.', '/']);
                if !path.contains('*') {
                    named.push((page.clone(), path.to_string()));
                }
            }
        }
    }
    named
}

#[test]
fn the_docs_name_only_files_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing: Vec<String> = named_paths()
        .into_iter()
        .filter(|(_, path)| !root.join(path).exists())
        .map(|(page, path)| format!("{page} names {path}"))
        .collect();
    assert!(missing.is_empty(), "paths that no longer exist:\n{}", missing.join("\n"));
}

#[test]
fn the_architecture_names_every_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut unnamed = Vec::new();
    for layer in LAYERS {
        let dir = root.join("src").join(layer);
        if !text.contains(&format!("`{layer}/`")) {
            unnamed.push(format!("src/{layer}/"));
        }
        let mut parts: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .filter(|stem| stem != "mod")
            .collect();
        parts.sort();
        parts.dedup();
        for part in parts {
            if !text.contains(&format!("`{part}")) {
                unnamed.push(format!("src/{layer}/{part}"));
            }
        }
    }
    assert!(unnamed.is_empty(), "docs/architecture.md does not name these modules:\n{}", unnamed.join("\n"));
}

/// The recipes of docs/architecture.md name a table and its file ("`PAGES` in `src/render/pages.rs`"):
/// each table is declared in that file, so the recipe leads where the work is.
#[test]
fn the_recipes_name_tables_where_they_are() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (at, _) in text.match_indices("` in `src/") {
        let Some(open) = text[..at].rfind('`') else { continue };
        let name = &text[open + 1..at];
        let file_start = at + "` in `".len();
        let Some(len) = text[file_start..].find('`') else { continue };
        let file = &text[file_start..file_start + len];
        let code = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        if !["const", "static"].iter().any(|kw| code.contains(&format!("{kw} {name}:"))) {
            wrong.push(format!("`{name}` is not declared in {file}"));
        }
        checked += 1;
    }
    assert!(checked >= 4, "the recipes name their tables ({checked})");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
