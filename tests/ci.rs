//! The CI templates of ci/ and the command that splits their work: `clausebook agreements` lists
//! a portfolio's agreements and gives each of N nodes its share (every agreement in exactly one);
//! both templates are valid against GitHub's and GitLab's published schemas (check-jsonschema's
//! vendored copies); and their own shell steps, run here as the CI runs them (nodes in parallel
//! processes, each with its cache, then the final job over every node's bundles), give the portal
//! of the one-shot build byte for byte, keeping the bundles a cache brings back.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use clausebook::base::yaml::{Node, Value};
use common::{Project, Run, clausebook, copy_dir, english_sentences, files, repo};

const TODAY: &str = "2026-12-07";

/// The example's agreements, in portfolio.yaml's order, with their folders as written there.
const EXAMPLE: [(&str, &str); 3] = [
    ("marketing-brand", "../.."),
    ("it-finance", "agreements/it-finance"),
    ("hr-recruiting", "agreements/hr-recruiting"),
];

fn example() -> PathBuf {
    repo().join("examples/portfolio")
}

/// Runs `clausebook agreements ARGS --root ROOT`.
fn agreements(root: &Path, args: &[&str]) -> Run {
    Run(clausebook().arg("agreements").args(args).arg("--root").arg(root).output().expect("run clausebook"))
}

/// The ids `clausebook agreements` printed, one a line (`id<TAB>path`).
fn ids(run: &Run) -> Vec<String> {
    run.stdout().lines().map(|l| l.split('\t').next().unwrap().to_string()).collect()
}

#[test]
fn agreements_lists_the_portfolio_in_order_and_gives_each_agreement_to_exactly_one_node() {
    let all = agreements(&example(), &[]).ok();
    let expected: String = EXAMPLE.iter().map(|(id, path)| format!("{id}\t{path}\n")).collect();
    assert_eq!(all.stdout(), expected);
    let json: serde_json::Value = serde_json::from_str(&agreements(&example(), &["--format", "json"]).ok().stdout())
        .expect("--format json prints JSON");
    let listed: Vec<(String, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["path"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(listed, EXAMPLE.map(|(id, path)| (id.to_string(), path.to_string())));
    let share = agreements(&example(), &["--node", "2/2", "--format", "json"]).ok();
    assert_eq!(share.stdout(), "[{\"id\":\"it-finance\",\"path\":\"agreements/it-finance\"}]\n");
    for nodes in 1..=5 {
        let mut taken: Vec<String> = Vec::new();
        for node in 1..=nodes {
            let share = ids(&agreements(&example(), &["--node", &format!("{node}/{nodes}")]).ok());
            let mut in_order = share.clone();
            in_order.sort_by_key(|id| EXAMPLE.iter().position(|(e, _)| e == id));
            assert_eq!(share, in_order, "a share keeps portfolio.yaml's order");
            taken.extend(share);
        }
        taken.sort();
        let mut every: Vec<String> = EXAMPLE.iter().map(|(id, _)| id.to_string()).collect();
        every.sort();
        assert_eq!(taken, every, "with {nodes} nodes every agreement is in exactly one node's share");
    }
}

#[test]
fn agreements_says_clearly_what_is_wrong_in_the_portfolios_language() {
    let empty = Project::empty();
    let none = agreements(empty.root(), &[]);
    assert_eq!(none.code(), 2, "{}", none.stderr());
    assert!(none.stderr().contains("中没有 portfolio.yaml"), "{}", none.stderr());
    assert!(english_sentences(&none.stderr()).is_empty(), "{}", none.stderr());
    for bad in ["0/4", "5/4", "4", "a/b", "1/0", "1/2/3"] {
        let run = agreements(&example(), &["--node", bad]);
        assert_eq!(run.code(), 2, "--node {bad}: {}", run.stderr());
        assert!(run.stderr().contains(&format!("`--node {bad}` 不是有效的节点")), "{}", run.stderr());
        assert!(english_sentences(&run.stderr()).is_empty(), "{}", run.stderr());
        assert!(run.stdout().is_empty());
    }
    let p = Project::with(&[("a/content/_index.md", common::INDEX)]);
    p.write("portfolio.yaml", "title: Portfolio\nlanguage: en\nagreements:\n  - id: a\n    path: a\n");
    let english = agreements(p.root(), &["--node", "3/2"]);
    assert_eq!(english.code(), 2);
    assert!(english.stderr().contains("`--node 3/2` is no node: write K/N"), "{}", english.stderr());
    // A broken portfolio.yaml: its findings as `check` reports them, and nothing listed.
    p.write("portfolio.yaml", "title: 组合\nagreements:\n  - id: a\n    path: a\n  - id: b\n    path: missing\n");
    let broken = agreements(p.root(), &[]);
    assert_eq!(broken.code(), 1, "{}", broken.stderr());
    broken.reports("portfolio.yaml:6:11", "处没有协议");
    assert!(broken.stderr().contains("没有列出任何协议（1 个错误"), "{}", broken.stderr());
    assert!(broken.stdout().is_empty(), "a CI must not build part of a portfolio as the whole");
    // A warning is said, and the agreements are listed.
    p.write("portfolio.yaml", "title: 组合\ntitel: x\nagreements:\n  - id: a\n    path: a\n");
    let warned = agreements(p.root(), &[]).ok();
    warned.reports("portfolio.yaml:2:1", "未知的键 `titel`");
    assert_eq!(warned.stdout(), "a\ta\n");
}

#[test]
fn the_templates_are_valid_against_their_published_schemas() {
    for (file, schema) in [("github-actions.yml", "vendor.github-workflows"), ("gitlab-ci.yml", "vendor.gitlab-ci")] {
        let path = repo().join("ci").join(file);
        let run = Command::new("check-jsonschema").arg("--builtin-schema").arg(schema).arg(&path).output();
        let run = match run {
            Ok(run) => run,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "check-jsonschema is not installed, so ci/{file} cannot be validated: \
                 `pip install check-jsonschema` (.ci/run installs it) and put it on PATH"
            ),
            Err(e) => panic!("cannot run check-jsonschema: {e}"),
        };
        let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        assert!(run.status.success(), "ci/{file} is not valid against {schema}:\n{said}");
        assert!(said.contains("ok -- validation done"), "{said}");
    }
}

/// A template of ci/, parsed.
fn template(file: &str) -> Node {
    let text = std::fs::read_to_string(repo().join("ci").join(file)).unwrap();
    clausebook::base::yaml::parse(&text, 1).unwrap_or_else(|e| panic!("ci/{file}: {e:?}"))
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => panic!("not a list: {node:?}"),
    }
}

fn at<'a>(node: &'a Node, key: &str) -> &'a Node {
    &node.get(key).unwrap_or_else(|| panic!("no `{key}`")).value
}

/// The `run:` of the step called `name` of the GitHub job `job`.
fn github_step(doc: &Node, job: &str, name: &str) -> String {
    let steps = items(at(at(at(doc, "jobs"), job), "steps"));
    let step = steps.iter().find(|s| s.get("name").and_then(|n| n.value.as_text()).as_deref() == Some(name));
    at(step.unwrap_or_else(|| panic!("no step `{name}` in job {job}")), "run").as_text().unwrap()
}

/// The script of the GitLab job `job` (one block).
fn gitlab_script(doc: &Node, job: &str) -> String {
    let script = items(at(at(doc, job), "script"));
    assert_eq!(script.len(), 1, "the script of {job} is one block");
    script[0].as_text().unwrap()
}

/// Starts `script` as the CI's shell does, in the workspace `dir` (made), with the test's
/// clausebook on PATH and the portfolio the example.
fn start(script: &str, dir: &Path, env: &[(&str, String)]) -> Child {
    start_at(script, dir, &example(), env)
}

/// [`start`], with the portfolio at `portfolio`.
fn start_at(script: &str, dir: &Path, portfolio: &Path, env: &[(&str, String)]) -> Child {
    std::fs::create_dir_all(dir).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_clausebook")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("PORTFOLIO", portfolio)
        .env("CLAUSEBOOK_VERIFY_CACHES", "1")
        .envs(env.iter().map(|(k, v)| (*k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bash")
}

/// Waits for each job, which must succeed; what each printed on standard error.
fn finish(jobs: Vec<Child>) -> Vec<String> {
    jobs.into_iter().map(|job| Run(job.wait_with_output().unwrap()).ok().stderr()).collect()
}

/// The folders in `dir`.
fn folders(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The bundles of the nodes' workspaces `nodes`, gathered in `dir`'s `bundles/` as the final
/// job's download of every artifact does.
fn gather(nodes: &[PathBuf], dir: &Path) {
    for node in nodes {
        copy_dir(&node.join("bundles"), &dir.join("bundles"));
    }
}

#[test]
fn the_templates_own_steps_split_build_and_assemble_the_one_shot_portal() {
    let tmp = tempfile::tempdir().unwrap();
    let one_shot = tmp.path().join("one-shot");
    let mut cmd = clausebook();
    cmd.args(["build", "--today", TODAY, "--root"]).arg(example()).arg("--out").arg(&one_shot);
    Run(cmd.output().unwrap()).ok();
    let expected = files(&one_shot);

    // GitHub Actions, 2 nodes of the matrix, each with an empty cache.
    let github = template("github-actions.yml");
    let node_step = github_step(&github, "bundles", "Build this node's bundles");
    let nodes: Vec<PathBuf> = (1..=2).map(|k| tmp.path().join(format!("github-{k}"))).collect();
    let jobs = nodes
        .iter()
        .enumerate()
        .map(|(k, dir)| {
            let env = [("NODE", (k + 1).to_string()), ("NODES", "2".into()), ("TODAY", TODAY.into())];
            start(&node_step, dir, &env)
        })
        .collect();
    finish(jobs);
    assert_eq!(folders(&nodes[0].join("bundles")), ["hr-recruiting", "marketing-brand"]);
    assert_eq!(folders(&nodes[1].join("bundles")), ["it-finance"]);
    let portal = tmp.path().join("github-portal");
    gather(&nodes, &portal);
    let assemble = github_step(&github, "portal", "Assemble the portal");
    finish(vec![start(&assemble, &portal, &[("TODAY", TODAY.into())])]);
    assert!(files(&portal.join("public")) == expected, "GitHub's steps give the one-shot portal, byte for byte");

    // GitLab CI, `parallel: 3`, each node's cache holding every bundle (left from a run with
    // another number of nodes): each keeps the bundles of its share as they are and drops the
    // others, so that every bundle comes from one node.
    let gitlab = template("gitlab-ci.yml");
    let node_script = gitlab_script(&gitlab, "bundles");
    let nodes: Vec<PathBuf> = (1..=3).map(|k| tmp.path().join(format!("gitlab-{k}"))).collect();
    let stamp = format!("{TODAY}T09:30:00Z");
    let jobs = nodes
        .iter()
        .enumerate()
        .map(|(k, dir)| {
            copy_dir(&portal.join("bundles"), &dir.join("bundles"));
            let env = [
                ("CI_NODE_INDEX", (k + 1).to_string()),
                ("CI_NODE_TOTAL", "3".into()),
                ("CI_COMMIT_TIMESTAMP", stamp.clone()),
            ];
            start(&node_script, dir, &env)
        })
        .collect();
    for ((said, dir), (id, _)) in finish(jobs).iter().zip(&nodes).zip(EXAMPLE) {
        assert!(said.contains("保持不变"), "an unchanged bundle is kept: {said}");
        assert_eq!(folders(&dir.join("bundles")), [id], "node {} holds its share only", dir.display());
    }
    let pages = tmp.path().join("gitlab-pages");
    gather(&nodes, &pages);
    finish(vec![start(&gitlab_script(&gitlab, "pages"), &pages, &[("CI_COMMIT_TIMESTAMP", stamp)])]);
    assert!(files(&pages.join("public")) == expected, "GitLab's steps give the one-shot portal, byte for byte");
}

/// Writes an agreement titled `title` into `dir`.
fn agreement(dir: &Path, title: &str) {
    let files = [
        ("content/_index.md", common::INDEX.replace("测试协议", title)),
        ("content/01-purpose.md", format!("---\nid: purpose\ntitle: 目的\nowner: marketing\n---\n\n{title}正文。\n")),
    ];
    for (file, text) in files {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
    }
}

#[test]
fn the_templates_build_every_agreement_of_a_repository_that_holds_several() {
    let tmp = tempfile::tempdir().unwrap();
    // The repository the CI checks out: portfolio.yaml and two agreements in its subfolders; and
    // another repository holding two more, read from Git by `dir:`.
    let (work, mono) = (tmp.path().join("work"), tmp.path().join("mono"));
    for (dir, title) in [("agreements/a", "甲协议"), ("agreements/b", "乙协议")] {
        agreement(&work.join(dir), title);
    }
    for (dir, title) in [("ag/one", "丙协议"), ("ag/two", "丁协议")] {
        agreement(&mono.join(dir), title);
    }
    let yaml = "title: 组合\nlanguage: zh-CN\nagreements:\n  - id: a\n    path: agreements/a\n  - id: b\n    path: agreements/b\n  - id: one\n    git: ../mono\n    dir: ag/one\n  - id: two\n    git: ../mono\n    dir: ag/two\n";
    std::fs::write(work.join("portfolio.yaml"), yaml).unwrap();
    for repo in [&work, &mono] {
        common::git(repo, &["init", "-q"]);
        common::git(repo, &["add", "-A"]);
        common::git(repo, &["commit", "-qm", "first"]);
    }
    let one_shot = tmp.path().join("one-shot");
    Run(clausebook()
        .args(["build", "--today", TODAY, "--root"])
        .arg(&work)
        .arg("--out")
        .arg(&one_shot)
        .output()
        .unwrap())
    .ok();
    let expected = files(&one_shot);
    for (id, title) in [("a", "甲协议"), ("b", "乙协议"), ("one", "丙协议"), ("two", "丁协议")] {
        let page = std::fs::read_to_string(one_shot.join(id).join("index.html")).unwrap();
        assert!(page.contains(title), "{id} is its own agreement");
    }
    // GitHub Actions, 2 nodes; then GitLab CI, 1 node: each agreement's bundle is its own.
    let github = template("github-actions.yml");
    let node_step = github_step(&github, "bundles", "Build this node's bundles");
    let nodes: Vec<PathBuf> = (1..=2).map(|k| tmp.path().join(format!("github-{k}"))).collect();
    let env = |k: usize| [("NODE", k.to_string()), ("NODES", "2".into()), ("TODAY", TODAY.into())];
    finish(nodes.iter().enumerate().map(|(k, dir)| start_at(&node_step, dir, &work, &env(k + 1))).collect());
    assert_eq!(folders(&nodes[0].join("bundles")), ["a", "one"]);
    assert_eq!(folders(&nodes[1].join("bundles")), ["b", "two"]);
    let portal = tmp.path().join("github-portal");
    gather(&nodes, &portal);
    let assemble = github_step(&github, "portal", "Assemble the portal");
    finish(vec![start_at(&assemble, &portal, &work, &[("TODAY", TODAY.into())])]);
    assert!(files(&portal.join("public")) == expected, "GitHub's steps give the one-shot portal, byte for byte");
    let gitlab = template("gitlab-ci.yml");
    let node = tmp.path().join("gitlab-1");
    let stamp = format!("{TODAY}T09:30:00Z");
    let env = [("CI_NODE_INDEX", "1".into()), ("CI_NODE_TOTAL", "1".into()), ("CI_COMMIT_TIMESTAMP", stamp.clone())];
    finish(vec![start_at(&gitlab_script(&gitlab, "bundles"), &node, &work, &env)]);
    let pages = tmp.path().join("gitlab-pages");
    gather(&[node], &pages);
    finish(vec![start_at(&gitlab_script(&gitlab, "pages"), &pages, &work, &[("CI_COMMIT_TIMESTAMP", stamp)])]);
    assert!(files(&pages.join("public")) == expected, "GitLab's steps give the one-shot portal, byte for byte");
}
