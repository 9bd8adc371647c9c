//! Helpers shared by the integration tests: temporary projects, running the binary, reading pages.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The agreement front matter most fixtures start from.
pub const INDEX: &str = "---\ntitle: 测试协议\nlanguage: zh-CN\neffective: 2025-01-01\nparties:\n  - id: marketing\n    name: 营销部\n    liaison: 王晓明\n  - id: brand\n    name: 品牌部\n    liaison: 李静\n---\n\n前言。\n";

/// A project in a temporary folder.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// An empty project folder.
    pub fn empty() -> Self {
        Project { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A project with a valid `_index.md` and the given files.
    pub fn with(files: &[(&str, &str)]) -> Self {
        let p = Project::empty();
        p.write("content/_index.md", INDEX);
        for (path, text) in files {
            p.write(path, text);
        }
        p
    }

    /// A copy of the repository's example agreement: its content, its working-day calendar and
    /// its records.
    pub fn example() -> Self {
        let p = Project::empty();
        copy_dir(&repo().join("content"), &p.root().join("content"));
        copy_dir(&repo().join("calendar"), &p.root().join("calendar"));
        copy_dir(&repo().join("records"), &p.root().join("records"));
        p
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let target = self.root().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }

    /// Runs `clausebook ARGS --root <project>` (for commands that take a root).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = clausebook();
        cmd.args(args).arg("--root").arg(self.root());
        if !args.contains(&"--today") {
            cmd.args(["--today", "2026-01-15"]);
        }
        Run(cmd.output().expect("run clausebook"))
    }

    /// Builds into `<project>/public` and returns the run.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A page of the built site, parsed.
    pub fn page(&self, path: &str) -> Page {
        Page::read(&self.public().join(path))
    }
}

/// Builds this repository (the example agreement and its released versions) into a temporary
/// folder: the folder (keep it alive), the site, and what the build printed.
pub fn build_repository_site() -> (tempfile::TempDir, PathBuf, String) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = clausebook()
        .args(["build", "--today", "2026-11-26", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{err}");
    (out, site, err)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, in the verification mode: every cached check or page (across the versions of a
/// build, or the rebuilds of `serve` and `watch`) is made again without caches and compared, so a
/// cache key that misses something fails the test that exercises it.
pub fn clausebook() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clausebook"));
    cmd.env("CLAUSEBOOK_VERIFY_CACHES", "1");
    cmd
}

/// Every file under `dir`, with its bytes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `clausebook watch` at `root` as of `today`, writing the site into `out`, what it says into
/// the file `log`.
pub fn watch(root: &Path, today: &str, out: &Path, log: &Path) -> std::process::Child {
    clausebook()
        .args(["watch", "--today", today, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

/// Waits for `cond` (file events and rebuilds take a moment); fails after 20 s.
pub fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !cond() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The outcome of one run of the binary.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().expect("exit code")
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    /// Asserts success and returns self.
    pub fn ok(self) -> Self {
        assert_eq!(self.code(), 0, "expected success, stderr:\n{}", self.stderr());
        self
    }
    /// Asserts that stderr reports `message` at `location` (`file:line:col`).
    pub fn reports(&self, location: &str, message: &str) {
        let err = self.stderr();
        let found =
            err.split("\n\n").any(|block| block.contains(&format!("--> {location}\n")) && block.contains(message));
        assert!(found, "expected `{message}` at {location} in:\n{err}");
    }
}

/// A parsed page.
pub struct Page {
    pub html: Html,
    pub text: String,
}

impl Page {
    /// The page in `file`, parsed.
    pub fn read(file: &Path) -> Page {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        Page { html: Html::parse_document(&text), text }
    }

    /// Text of every element matching `css`, whitespace-collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html
            .select(&sel)
            .map(|e| e.text().collect::<Vec<_>>().join("").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// Text of the first element matching `css`.
    pub fn text_of(&self, css: &str) -> String {
        self.texts(css).into_iter().next().unwrap_or_else(|| panic!("no element matches {css}"))
    }

    /// Value of `attr` on every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
    }
}

/// An agreement with small rule limits, so that tests of the limits run fast.
pub const LIMITS: &str = "---\ntitle: 测试协议\nlanguage: zh-CN\nparties:\n  - {id: marketing, name: 营销部}\n  - {id: brand, name: 品牌部}\nrule_limits: {instructions: 2000000, memory_mb: 16}\n---\n";

/// A clause with an owner and one duty; its body starts on line 8.
pub const CLAUSE: &str = "---\ntitle: 甲\nowner: marketing\nduties:\n  - text: 做事\n    owner: brand\n---\n正文。\n";

/// A project with one clause and one rule file `rules/t.lua`, under [`LIMITS`].
pub fn with_rule(lua: &str) -> Project {
    let p = Project::with(&[("content/01-a.md", CLAUSE), ("rules/t.lua", lua)]);
    p.write("content/_index.md", LIMITS);
    p
}

/// Runs `check` and asserts that a rule was reported as broken or stopped (not that it hung or
/// crashed), with `contains` in what it printed.
pub fn rule_error(p: &Project, contains: &str) -> String {
    let run = p.run_within(&["check"], 60);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    assert!(err.contains("error[rule-error]"), "{err}");
    assert!(err.contains(contains), "expected `{contains}` in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

impl Project {
    /// Like [`Project::run`], but fails the test (killing the process) if it has not finished
    /// within `seconds`: for inputs that used to hang.
    pub fn run_within(&self, args: &[&str], seconds: u64) -> Run {
        let mut cmd = clausebook();
        cmd.args(args).arg("--root").arg(self.root());
        if !args.contains(&"--today") {
            cmd.args(["--today", "2026-01-15"]);
        }
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run clausebook");
        // Read both pipes while waiting, so that a child that prints a lot never blocks on them.
        let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        use std::io::Read as _;
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                let err = stderr.join().unwrap_or_default();
                panic!("clausebook {args:?} did not finish in {seconds} s:\n{}", String::from_utf8_lossy(&err));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        Run(Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() })
    }
}

/// The English sentences in `output`: two or more consecutive words of two or more ASCII letters,
/// separated by single spaces. Not counted: code in backticks, file paths and URLs (a word with
/// `/`, `\`, `.`, `[`, `=` or `_`: paths, URLs, `error[code]`, `ids_like_this`), flags (`--root`), the user's own lines
/// quoted under a finding (` 4 | …`), what follows `解析器的原话：` or `Lua 的原话` (the YAML
/// parser's and Lua's words, quoted as a detail) and the frames of Lua's traceback under it
/// (`rules/x.lua:3: in function …`, `[C]: in ?`).
pub fn english_sentences(output: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in output.lines() {
        let quoted_source =
            line.trim_start().split_once('|').is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()));
        let first = line.split_whitespace().next().unwrap_or_default();
        let indented = line.starts_with([' ', '\t']);
        let traceback_frame = indented && first.ends_with(':') && (first.starts_with("[C]") || first.contains(".lua:"));
        if quoted_source || traceback_frame {
            continue;
        }
        let line = line.split("解析器的原话：").next().unwrap_or_default();
        let line = line.split("Lua 的原话").next().unwrap_or_default();
        let mut kept = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                kept.push_str(part);
            }
            kept.push(' ');
        }
        let mut run: Vec<&str> = Vec::new();
        for token in kept.split_whitespace() {
            let code_or_path = token.contains(['/', '\\', '.', '[', '=', '_']) || token.starts_with('-');
            let ends_clause = token.ends_with([',', ';', ':', ')', '!', '?']);
            let word = token.trim_start_matches('(').trim_end_matches([',', ';', ':', ')', '!', '?']);
            let is_word = !code_or_path && word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic());
            if is_word {
                run.push(word);
            }
            if !is_word || ends_clause {
                if run.len() >= 2 {
                    found.push(run.join(" "));
                }
                run.clear();
            }
        }
        if run.len() >= 2 {
            found.push(run.join(" "));
        }
    }
    found
}

/// Runs git in `dir` as a fixed author at a fixed date, unsigned; a missing git fails the test
/// with a clear message.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=测试",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "tag.gpgSign=false",
            "-c",
            "commit.gpgSign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_COMMITTER_DATE", "2026-01-10T10:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-01-10T10:00:00Z")
        .output()
        .unwrap_or_else(|e| panic!("these tests need the `git` program (apt-get install git): {e}"));
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
