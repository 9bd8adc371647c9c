//! Sizes that keep the source readable (docs/architecture.md): no function in `src/` longer than
//! 120 lines and no file longer than 600, a file's `#[cfg(test)] mod tests` excepted. A small scan
//! of the rustfmt-formatted source is enough: a function runs from its `fn` line to the first line
//! after it that is its closing brace at the `fn` line's own indentation.

use std::path::{Path, PathBuf};

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FUNCTION: usize = 120;
/// The longest a file may be, its test module left out.
const MAX_FILE: usize = 600;

/// A function the scan found: where it starts and how many lines it spans.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

fn sources() -> Vec<PathBuf> {
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
    let mut files = Vec::new();
    collect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    files.sort();
    files
}

/// The file's lines before its `#[cfg(test)] mod tests`.
fn code_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].trim_start().starts_with("#[cfg(test)]") && w[1].trim_start().starts_with("mod tests"))
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

/// The name of the function a line declares, if it declares one (`pub(crate) async fn name<T>(`).
fn declared(line: &str) -> Option<String> {
    let mut rest = line.trim_start();
    if rest.starts_with("//") {
        return None;
    }
    loop {
        let before = rest;
        for word in ["pub(crate) ", "pub(super) ", "pub ", "const ", "async ", "unsafe ", "extern \"C\" "] {
            if let Some(r) = rest.strip_prefix(word) {
                rest = r;
            }
        }
        if rest == before {
            break;
        }
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty()).then_some(name)
}

/// Every function with a body in the lines, nested ones too.
fn functions(lines: &[&str]) -> Vec<Function> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = declared(line) else { continue };
        let indent = &line[..line.len() - line.trim_start().len()];
        let closing = format!("{indent}}}");
        // A one-line function, or a declaration without a body (a trait's), before any body opens.
        let mut end = None;
        for (j, l) in lines.iter().enumerate().skip(i) {
            let t = l.trim_end();
            if j > i && t == closing {
                end = Some(j);
                break;
            }
            if j == i && t.ends_with('}') && t.contains('{') {
                end = Some(j);
                break;
            }
            if t.ends_with(';') && !lines[i..j].iter().any(|s| s.trim_end().ends_with('{')) {
                break;
            }
        }
        if let Some(end) = end {
            found.push(Function { name, line: i + 1, lines: end - i + 1 });
        }
    }
    found
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for file in sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        for f in functions(&code_lines(&text)) {
            if f.lines > MAX_FUNCTION {
                long.push(format!(
                    "{}:{}: fn {} is {} lines",
                    file.strip_prefix(root).unwrap().display(),
                    f.line,
                    f.name,
                    f.lines
                ));
            }
        }
    }
    assert!(long.is_empty(), "functions over {MAX_FUNCTION} lines (split them into named units):\n{}", long.join("\n"));
}

#[test]
fn no_file_is_longer_than_the_limit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for file in sources() {
        let n = code_lines(&std::fs::read_to_string(&file).unwrap()).len();
        if n > MAX_FILE {
            long.push(format!("{}: {n} lines", file.strip_prefix(root).unwrap().display()));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_FILE} lines, tests left out (split them by what they do):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_scan_measures_functions() {
    let code = "pub fn one() -> u8 { 1 }\n\
                impl X {\n    pub(crate) async fn two(\n        a: u8,\n    ) {\n        let s = \"}\";\n    }\n}\n\
                trait T {\n    fn three(&self);\n}\n\
                fn four() {\n    fn five() {\n    }\n}\n\
                #[cfg(test)]\nmod tests {\n    fn six() {}\n}\n";
    let lines = code_lines(code);
    assert_eq!(lines.len(), 15);
    let found: Vec<(String, usize)> = functions(&lines).into_iter().map(|f| (f.name, f.lines)).collect();
    assert_eq!(found, [("one".to_string(), 1), ("two".into(), 5), ("four".into(), 4), ("five".into(), 2)]);
}
