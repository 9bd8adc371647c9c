//! Sign-off in a real temporary Git repository: approving, editing, approving again; releases
//! approved or not; signed approvals verified with an SSH `allowed_signers` file, and tampering
//! caught; malformed approval files as located errors.

mod common;

use std::path::Path;
use std::process::Command;

use common::{INDEX, Project};

const POLICY: &str = "signoff:\n  required: [marketing, brand]\n";
const A: &str = "---\ntitle: 甲\nowner: marketing\n---\n甲的正文。\n";
const B: &str = "---\ntitle: 乙\nowner: brand\nbudget:\n  - {party: marketing, share: 60}\n  - {party: brand, share: 40}\n---\n乙的正文。\n";

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "init.defaultBranch=main", "-c", "tag.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("these tests need the `git` program (apt-get install git): {e}"));
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A project with a sign-off policy and two clauses, committed in a new repository whose commits
/// are not signed unless a test says so.
fn repository() -> Project {
    let index = INDEX.replacen("---\n\n", &format!("{POLICY}---\n\n"), 1);
    let p = Project::with(&[("content/_index.md", &index), ("content/01-a.md", A), ("content/02-b.md", B)]);
    git(p.root(), &["init", "-q"]);
    for (k, v) in [("user.name", "测试"), ("user.email", "t@example.com"), ("commit.gpgSign", "false")] {
        git(p.root(), &["config", k, v]);
    }
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "start"]);
    p
}

fn approve(p: &Project, party: &str, by: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["approve", "--party", party, "--by", by];
    args.extend_from_slice(extra);
    p.run(&args)
}

/// The findings of `check --format json`: (rule, severity, file:line:col, message).
fn findings(p: &Project) -> Vec<(String, String, String, String)> {
    let run = p.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("severity"), format!("{}:{}:{}", s("file"), d["line"], d["column"]), s("message"))
        })
        .collect()
}

#[test]
fn an_edit_makes_approvals_stale_at_the_changed_clause_until_both_approve_again() {
    let p = repository();
    // Nobody approved yet: the working tree lacks both, as information.
    let before = findings(&p);
    let missing: Vec<_> = before.iter().filter(|f| f.0 == "signoff-missing").collect();
    assert_eq!(missing.len(), 2, "{before:?}");
    assert!(missing.iter().all(|f| f.1 == "info" && f.2.starts_with("content/_index.md:13:")), "{missing:?}");

    let made = approve(&p, "brand", "李静", &["--commit"]).ok();
    assert!(made.stdout().contains("approvals/2026-01-15-brand.yaml"), "{}", made.stdout());
    approve(&p, "marketing", "王晓明", &["--commit", "--note", "同意"]).ok();
    assert_eq!(findings(&p), vec![], "both approved the text as it is");
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(listing.contains("已由各方签署") && listing.contains("未签名"), "{listing}");

    p.write("content/02-b.md", &B.replace("乙的正文。", "乙的正文，已修改。"));
    let stale = findings(&p);
    let at_b: Vec<_> = stale.iter().filter(|f| f.0 == "approval-stale").collect();
    assert_eq!(at_b.len(), 2, "one per party whose approval the edit made stale: {stale:?}");
    for f in &at_b {
        assert_eq!((f.1.as_str(), f.2.as_str()), ("warning", "content/02-b.md:2:8"), "{f:?}");
    }
    assert!(at_b.iter().any(|f| f.3.contains("品牌部于 2026-01-15 批准的文本已修改")), "{at_b:?}");
    let human = p.run(&["check"]).ok();
    human.reports("content/02-b.md:2:8", "营销部于 2026-01-15 批准的文本已修改");
    assert!(human.stderr().contains("::: approvals/2026-01-15-marketing.yaml:"), "the approval is related");
    // The draft's clause page says which approvals the edit made stale.
    p.run(&["build", "--no-versions"]).ok();
    let notes = p.page("clauses/b.html").texts(".signoff-note");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[1].contains("品牌部 于 2026-01-15 批准的文本在此处已修改"), "{notes:?}");
    assert!(p.page("clauses/a.html").texts(".signoff-note").is_empty(), "clause a did not change");

    approve(&p, "brand", "李静", &["--commit"]).ok();
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    assert_eq!(findings(&p), vec![], "approved again: clean");
    assert!(p.root().join("approvals/2026-01-15-brand-2.yaml").is_file(), "a second approval the same day");

    // Severity is the project's to set.
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write("content/_index.md", &index.replace("signoff:", "rules:\n  approval-stale: error\nsignoff:"));
    p.write("content/01-a.md", &A.replace("甲的正文", "甲的新正文"));
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("error[approval-stale]"), "{}", run.stderr());
}

#[test]
fn releases_are_approved_or_not_and_the_site_shows_each_state() {
    let p = repository();
    git(p.root(), &["tag", "v1.0"]);
    p.write("content/01-a.md", &A.replace("甲的正文", "甲的第二版正文"));
    git(p.root(), &["commit", "-qam", "v1.1"]);
    git(p.root(), &["tag", "v1.1"]);
    approve(&p, "marketing", "王晓明", &["--release", "v1.0", "--date", "2025-01-02"]).ok();
    approve(&p, "brand", "李静", &["--release", "v1.0", "--date", "2025-01-03"]).ok();
    approve(&p, "brand", "李静", &["--release", "v1.1", "--date", "2025-06-30", "--commit"]).ok();
    let refused = approve(&p, "brand", "李静", &["--release", "v1.2"]);
    assert_eq!(refused.code(), 2);
    assert!(refused.stderr().contains("没有版本 `v1.2`；是否想写"), "{}", refused.stderr());
    p.write("content/02-b.md", &B.replace("乙的正文", "乙的草稿正文"));

    let run = p.run(&["check"]).ok();
    run.reports("content/_index.md:13:14", "版本 v1.1 未经营销部批准");
    assert!(!run.stderr().contains("版本 v1.0 未经"), "v1.0 was approved by both: {}", run.stderr());
    run.reports("content/02-b.md:2:8", "品牌部于 2025-06-30 批准的文本已修改");

    // The project's setting applies to the releases' findings too.
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write("content/_index.md", &index.replace("signoff:", "rules:\n  signoff-missing: off\nsignoff:"));
    assert!(!p.run(&["check"]).ok().stderr().contains("signoff-missing"));
    p.write("content/_index.md", &index);

    p.build().ok();
    let v10 = p.page("v1.0/index.html");
    assert_eq!(v10.text_of(".signoff-verdict"), "✓ 已由双方签署");
    let v11 = p.page("v1.1/index.html");
    assert_eq!(v11.text_of(".signoff-verdict"), "尚未由各方签署此文本");
    assert_eq!(v11.texts(".signoff-table .badge"), ["未批准", "已批准此文本"]);
    let draft = p.page("draft/index.html");
    assert_eq!(draft.texts(".signoff-table .badge"), ["批准后文本已修改", "批准后文本已修改"], "{}", draft.text);
    // The printed copy of v1.0 fills both signature blocks and says which text they signed.
    let print = p.page("v1.0/print.html");
    assert_eq!(print.texts(".signature .line"), ["王晓明", "2025-01-02", "李静", "2025-01-03"]);
    assert!(print.text_of(".edition").starts_with("版本 v1.0 · "), "{}", print.text_of(".edition"));
    assert!(print.text_of(".print-version").starts_with("文本摘要：sha256:"), "{}", print.text_of(".print-version"));
    let blank = p.page("v1.1/print.html").texts(".signature .line");
    assert_eq!(blank, ["", "", "李静", "2025-06-30"], "a party that did not approve leaves the lines blank");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.public().join("v1.0/agreement.json")).unwrap()).unwrap();
    assert_eq!(json["signoff"]["complete"], true);
    assert_eq!(json["signoff"]["approvals"][0]["signature"]["state"], "uncommitted");
    assert_eq!(json["signoff"]["approvals"][2]["signature"]["state"], "unsigned");
}

#[test]
fn a_signed_approval_verifies_with_allowed_signers_and_tampering_is_caught() {
    let p = repository();
    let key = p.root().join(".key");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "lijing@example.com", "-f"])
        .arg(&key)
        .output()
        .unwrap_or_else(|e| panic!("this test needs `ssh-keygen` (apt-get install openssh-client): {e}"));
    assert!(made.status.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let public: Vec<&str> = public.split_whitespace().take(2).collect();
    p.write("approvals/allowed_signers", &format!("lijing@example.com {}\n", public.join(" ")));
    std::fs::write(p.root().join(".gitignore"), ".key*\npublic/\n").unwrap();
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "signers"]);
    for (k, v) in [("gpg.format", "ssh"), ("user.signingkey", key.to_str().unwrap()), ("commit.gpgSign", "true")] {
        git(p.root(), &["config", k, v]);
    }
    approve(&p, "brand", "李静", &["--commit"]).ok();
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(listing.contains("由 lijing@example.com 签名，签名已验证"), "{listing}");
    assert_eq!(findings(&p), vec![]);
    p.run(&["build", "--no-versions"]).ok();
    let index = p.page("index.html");
    assert_eq!(index.texts(".sig-verified"), ["已签名，签名已验证（lijing@example.com）"; 2]);

    // Without the signers file the same signature is signed but unverified — never "verified".
    let signers = std::fs::read_to_string(p.root().join("approvals/allowed_signers")).unwrap();
    std::fs::remove_file(p.root().join("approvals/allowed_signers")).unwrap();
    let unverified = p.run(&["approve", "--list"]).ok().stdout();
    assert!(unverified.contains("签名无法验证") && !unverified.contains("签名已验证"), "{unverified}");
    p.write("approvals/allowed_signers", &signers);

    // Tampering in an unsigned commit after the signed one.
    git(p.root(), &["config", "commit.gpgSign", "false"]);
    let file = p.root().join("approvals/2026-01-15-brand.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("by: \"李静\"", "by: \"张三\"")).unwrap();
    git(p.root(), &["commit", "-qam", "edit"]);
    let found = findings(&p);
    assert!(
        found.iter().any(|f| f.0 == "approval-signature"
            && f.2 == "approvals/2026-01-15-brand.yaml:1:1"
            && f.3.contains("在签名提交")),
        "{found:?}"
    );
    // Tampering with a digest: the digests no longer agree.
    let text = std::fs::read_to_string(&file).unwrap();
    let digest_line = text.lines().find(|l| l.contains("content/02-b.md")).unwrap().to_string();
    let forged = digest_line[..digest_line.len() - 4].to_string() + "0000";
    std::fs::write(&file, text.replace(&digest_line, &forged)).unwrap();
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("approvals/2026-01-15-brand.yaml:8:7", "批准文件被手工改动过");
}

#[test]
fn malformed_approval_files_are_located_errors_all_in_one_run() {
    let p = repository();
    p.write("approvals/a.yaml", "party: brand\nby: [李静\n");
    p.write("approvals/b.yaml", "party: brnd\nby: 李静\ndate: 2026-02-01\ntext: sha256:12\nflies: {}\n");
    p.write("approvals/c.yaml", "- 李静\n");
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("approvals/a.yaml:3:1", "批准文件不是有效的 YAML");
    run.reports("approvals/b.yaml:1:8", "`brnd` 不是协议中声明的协议方");
    run.reports("approvals/b.yaml:3:7", "批准日期 2026-02-01 晚于今天（2026-01-15）");
    run.reports("approvals/b.yaml:4:7", "`text`：`sha256:12` 不是摘要");
    run.reports("approvals/b.yaml:5:1", "批准文件没有 `flies` 这一项");
    run.reports("approvals/c.yaml:1:1", "批准文件应为“键: 值”的映射");
    let err = run.stderr();
    assert!(err.contains("`brand`") && err.contains("`files`"), "did you mean: {err}");
    // Building refuses too: an approval that cannot be read must not look like none.
    assert_eq!(p.build().code(), 1);
    // An unknown key of the policy is a warning with the closest key; an undeclared party an error.
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write(
        "content/_index.md",
        &index.replace("required: [marketing, brand]", "requred: [marketing]\n  required: [marketing, bran]"),
    );
    std::fs::remove_dir_all(p.root().join("approvals")).unwrap();
    let run = p.run(&["check"]);
    run.reports("content/_index.md:13:3", "`requred` 不是 `signoff` 的设置");
    run.reports("content/_index.md:14:25", "`bran` 不是已声明的协议方 id");
}

#[test]
fn rules_read_the_approvals() {
    let p = repository();
    p.write(
        "rules/budget.lua",
        r#"rule {
  id = "budget-approved-by-both",
  severity = "warning",
  description = "a clause with a budget is approved by both parties as it reads now",
  agreement = function(a, report)
    for _, c in ipairs(a.clauses) do
      if c.budget then
        for _, party in ipairs(a.parties) do
          local ok = false
          for _, ap in ipairs(a.approvals) do
            if ap.party == party.id and ap.covers[c.id] then ok = true end
          end
          if not ok then report { clause = c.id, field = "budget", message = party.name .. " has not approved it" } end
        end
      end
    end
  end,
}
"#,
    );
    let before = findings(&p);
    assert_eq!(before.iter().filter(|f| f.0 == "budget-approved-by-both").count(), 2, "{before:?}");
    approve(&p, "brand", "李静", &[]).ok();
    approve(&p, "marketing", "王晓明", &[]).ok();
    assert_eq!(findings(&p).iter().filter(|f| f.0 == "budget-approved-by-both").count(), 0);
    p.write("content/01-a.md", &A.replace("甲的正文", "甲的新正文"));
    let after = findings(&p);
    assert_eq!(after.iter().filter(|f| f.0 == "budget-approved-by-both").count(), 0, "b did not change: {after:?}");
    p.write("content/02-b.md", &B.replace("乙的正文", "乙的新正文"));
    let after = findings(&p);
    assert_eq!(after.iter().filter(|f| f.0 == "budget-approved-by-both").count(), 2, "{after:?}");
}

#[test]
fn approval_files_are_read_without_a_policy_and_a_misnamed_one_is_said() {
    // No `signoff:` in _index.md: a malformed approval is still an error, never silence.
    let p = Project::with(&[("content/01-a.md", A)]);
    p.write("approvals/a.yaml", "party: brand\nby: [李静\n");
    p.write("approvals/2026-01-15-brand.ymal", "party: brand\n");
    p.write("approvals/allowed_signers", "lijing@example.com ssh-ed25519 AAAA\n");
    p.write("approvals/README.md", "批准记录\n");
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("approvals/a.yaml:3:1", "批准文件不是有效的 YAML");
    run.reports("approvals/2026-01-15-brand.ymal:1:1", "不是批准文件，没有被读取");
    assert!(!run.stderr().contains("allowed_signers") && !run.stderr().contains("README"), "{}", run.stderr());
}

/// Makes an SSH key for `principal` (in the ignored `.key-<name>`), lists it in
/// `approvals/allowed_signers` (committed), and has Git sign every commit with it from now on.
fn sign_with_new_key(p: &Project, principal: &str) -> std::path::PathBuf {
    let key = p.root().join(format!(".key-{}", principal.split('@').next().unwrap_or("k")));
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f"])
        .arg(&key)
        .output()
        .unwrap_or_else(|e| panic!("this test needs `ssh-keygen` (apt-get install openssh-client): {e}"));
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let public: Vec<&str> = public.split_whitespace().take(2).collect();
    let signers = p.root().join("approvals/allowed_signers");
    let before = std::fs::read_to_string(&signers).unwrap_or_default();
    p.write("approvals/allowed_signers", &format!("{before}{principal} {}\n", public.join(" ")));
    std::fs::write(p.root().join(".gitignore"), ".key*\npublic/\n").unwrap();
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "signers"]);
    for (k, v) in [("gpg.format", "ssh"), ("user.signingkey", key.to_str().unwrap()), ("commit.gpgSign", "true")] {
        git(p.root(), &["config", k, v]);
    }
    key
}

#[cfg(unix)]
#[test]
fn approvals_and_the_signers_file_are_never_read_through_a_link() {
    use std::os::unix::fs::symlink;
    let p = repository();
    sign_with_new_key(&p, "lijing@example.com");
    // An approval kept outside the repository and committed, signed, as a link to it.
    approve(&p, "brand", "李静", &[]).ok();
    let outside = tempfile::tempdir().unwrap();
    let kept = outside.path().join("approval.yaml");
    std::fs::rename(p.root().join("approvals/2026-01-15-brand.yaml"), &kept).unwrap();
    symlink(&kept, p.root().join("approvals/2026-01-15-brand.yaml")).unwrap();
    // Links to what must never reach a CI log.
    std::fs::write(outside.path().join("secret.yaml"), "party: brand\nby: [SECRET-TOKEN-1234\n").unwrap();
    symlink(outside.path().join("secret.yaml"), p.root().join("approvals/secret.yaml")).unwrap();
    symlink("/proc/self/environ", p.root().join("approvals/environ.yaml")).unwrap();
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "links"]);
    // A signers file that never ends.
    std::fs::remove_file(p.root().join("approvals/allowed_signers")).unwrap();
    symlink("/dev/zero", p.root().join("approvals/allowed_signers")).unwrap();

    let run = p.run_within(&["check"], 60);
    assert_eq!(run.code(), 0, "links are skipped with a warning: {}", run.stderr());
    for link in [
        "approvals/2026-01-15-brand.yaml",
        "approvals/secret.yaml",
        "approvals/environ.yaml",
        "approvals/allowed_signers",
    ] {
        run.reports(&format!("{link}:1:1"), "这是一个符号链接，已跳过");
    }
    let err = run.stderr();
    assert!(!err.contains("SECRET-TOKEN") && !err.contains("PATH="), "nothing behind a link is printed: {err}");
    // The linked approval is not an approval: brand has not approved, whatever the link's target says.
    let listing = p.run_within(&["approve", "--list"], 60).ok().stdout();
    assert!(listing.contains("品牌部：未批准") && !listing.contains("签名已验证"), "{listing}");
    std::fs::write(&kept, "edited freely outside the repository\n").unwrap();
    assert_eq!(p.run_within(&["approve", "--list"], 60).ok().stdout(), listing, "the target is never read");

    // A linked approvals/ folder is not read at all.
    std::fs::remove_file(p.root().join("approvals/allowed_signers")).unwrap();
    std::fs::rename(p.root().join("approvals"), outside.path().join("approvals")).unwrap();
    symlink(outside.path().join("approvals"), p.root().join("approvals")).unwrap();
    let run = p.run_within(&["check"], 60);
    run.reports("approvals:1:1", "这是一个符号链接，已跳过");
    assert!(!run.stderr().contains("approvals/secret.yaml"), "{}", run.stderr());
}

#[test]
fn an_oversized_signers_or_approval_file_is_a_located_error() {
    let p = repository();
    let line = "lijing@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHxosWqm90bfJIYZZhpN9JVk\n";
    p.write("approvals/allowed_signers", &line.repeat((1 << 20) / line.len() + 1));
    p.write("approvals/2026-01-15-brand.yaml", &format!("party: brand\n#{}\n", "x".repeat(8 << 20)));
    let run = p.run_within(&["check"], 60);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("approvals/allowed_signers:1:1", "无法读取签名者文件：文件超过 1 MiB 的上限");
    run.reports("approvals/2026-01-15-brand.yaml:1:1", "无法读取批准文件：文件超过 8 MiB 的上限");
}

/// `agreement.json` of a site built without versions, checked against its schema.
fn agreement_json(p: &Project) -> serde_json::Value {
    p.run(&["build", "--no-versions"]).ok();
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p.public().join(f)).unwrap()).unwrap()
    };
    let (json, schema) = (read("agreement.json"), read("agreement.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    json
}

/// What Git says of the signature of `HEAD` (`%G?`), with the project's signers file.
fn letter(p: &Project) -> String {
    let signers = p.root().join("approvals/allowed_signers");
    let config = format!("gpg.ssh.allowedSignersFile={}", signers.display());
    git(p.root(), &["-c", &config, "log", "-1", "--format=%G?"])
}

#[test]
fn a_bad_or_untrusted_signature_voids_the_approval() {
    let p = repository();
    sign_with_new_key(&p, "lijing@example.com");
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    approve(&p, "brand", "李静", &["--commit"]).ok();
    assert!(p.run(&["approve", "--list"]).ok().stdout().contains("✓ 已由各方签署"));

    // Bad (`%G?` = B): the signed commit is rewritten, its signature kept.
    let head = git(p.root(), &["cat-file", "commit", "HEAD"]);
    let forged = head.replace("approves", "approves (forged)") + "\n";
    let path = p.root().join(".forged");
    std::fs::write(&path, forged).unwrap();
    let id = git(p.root(), &["hash-object", "-t", "commit", "-w", path.to_str().unwrap()]);
    git(p.root(), &["update-ref", "HEAD", &id]);
    assert_eq!(letter(&p), "B");

    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(!listing.contains("已由各方签署"), "{listing}");
    assert!(listing.contains("品牌部：批准不计入（李静，2026-01-15：提交"), "{listing}");
    assert!(listing.contains("的签名无效 · 不计入]"), "{listing}");
    let found = findings(&p);
    let brand = "approvals/2026-01-15-brand.yaml:1:1";
    assert!(
        found
            .iter()
            .any(|f| f.0 == "approval-signature" && f.2 == brand && f.3.contains("签名无效") && f.3.contains("不计入")),
        "{found:?}"
    );
    assert!(found.iter().any(|f| f.0 == "signoff-missing" && f.3.contains("尚未经品牌部有效批准")), "{found:?}");
    let json = agreement_json(&p);
    assert_eq!(json["signoff"]["complete"], false);
    assert_eq!(json["signoff"]["signatures"], "optional");
    let brand_state = json["signoff"]["parties"].as_array().unwrap().iter().find(|x| x["id"] == "brand").unwrap();
    assert_eq!(brand_state["state"], "void", "{brand_state}");
    let brand_approval = &json["signoff"]["approvals"][brand_state["approval"].as_u64().unwrap() as usize];
    assert_eq!(
        (brand_approval["counts"].clone(), brand_approval["signature"]["state"].clone()),
        (false.into(), "bad".into())
    );
    let index = p.page("index.html");
    assert_eq!(index.text_of(".signoff-verdict"), "尚未由各方签署此文本");
    assert_eq!(index.texts(".signoff-table .badge"), ["已批准此文本", "批准不计入（签名未通过）"]);

    // Untrusted (`%G?` = U): signed by a key that is not in the signers file.
    git(p.root(), &["reset", "-q", "--hard", "HEAD~1"]);
    let stranger = p.root().join(".key-stranger");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "stranger@example.com", "-f"])
        .arg(&stranger)
        .output()
        .expect("ssh-keygen");
    assert!(made.status.success());
    git(p.root(), &["config", "user.signingkey", stranger.to_str().unwrap()]);
    approve(&p, "brand", "李静", &["--commit"]).ok();
    assert_eq!(letter(&p), "U");
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(!listing.contains("已由各方签署"), "{listing}");
    assert!(listing.contains("签名者不受信任"), "{listing}");
    let found = findings(&p);
    assert!(
        found
            .iter()
            .any(|f| f.0 == "approval-signature" && f.2 == brand && f.3.contains("签名未通过验证（签名者不受信任）")),
        "{found:?}"
    );
    assert_eq!(agreement_json(&p)["signoff"]["complete"], false);
    // Rules see only the approvals that count.
    p.write(
        "rules/count.lua",
        "rule { id = \"approvals-seen\", severity = \"info\", description = \"d\", agreement = function(a, report)\n  report { message = \"seen \" .. #a.approvals }\nend }\n",
    );
    let found = findings(&p);
    assert!(found.iter().any(|f| f.0 == "approvals-seen" && f.3 == "seen 1"), "{found:?}");
}

#[test]
fn with_signatures_required_only_a_verified_approval_counts() {
    let p = repository();
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    // Read strictly: an unknown key and an unknown policy, each with the closest word.
    p.write("content/_index.md", &index.replace("signoff:\n", "signoff:\n  signature: required\n"));
    let run = p.run(&["check"]);
    run.reports("content/_index.md:13:3", "`signature` 不是 `signoff` 的设置");
    assert!(run.stderr().contains("是否想写 `signatures`？"), "{}", run.stderr());
    p.write("content/_index.md", &index.replace("signoff:\n", "signoff:\n  signatures: requird\n"));
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("content/_index.md:13:15", "`signoff.signatures`：`requird` 不是可用的值");
    assert!(run.stderr().contains("是否想写 `required`？"), "{}", run.stderr());

    p.write("content/_index.md", &index.replace("signoff:\n", "signoff:\n  signatures: required\n"));
    git(p.root(), &["commit", "-qam", "policy"]);
    // Unsigned approvals do not count under `required`.
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    approve(&p, "brand", "李静", &[]).ok();
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(!listing.contains("已由各方签署"), "{listing}");
    assert!(listing.contains("营销部：批准不计入") && listing.contains("品牌部：批准不计入"), "{listing}");
    let found = findings(&p);
    assert!(
        found.iter().any(|f| f.0 == "approval-signature"
            && f.2 == "approvals/2026-01-15-marketing.yaml:1:1"
            && f.3.contains("`signoff.signatures` 为 required")
            && f.3.contains("未签名")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.0 == "approval-signature"
            && f.2 == "approvals/2026-01-15-brand.yaml:1:1"
            && f.3.contains("尚未提交")),
        "{found:?}"
    );
    let json = agreement_json(&p);
    assert_eq!(
        (json["signoff"]["complete"].clone(), json["signoff"]["signatures"].clone()),
        (false.into(), "required".into())
    );

    // Signed and verified: they count.
    std::fs::remove_dir_all(p.root().join("approvals")).unwrap();
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "again"]);
    sign_with_new_key(&p, "lijing@example.com");
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    approve(&p, "brand", "李静", &["--commit"]).ok();
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(listing.contains("✓ 已由各方签署") && !listing.contains("不计入"), "{listing}");
    assert_eq!(findings(&p), vec![]);
    assert_eq!(agreement_json(&p)["signoff"]["complete"], true);
}

#[cfg(unix)]
#[test]
fn approve_never_writes_through_a_link() {
    use std::os::unix::fs::symlink;
    let p = repository();
    let outside = tempfile::tempdir().unwrap();
    // A dangling link named like the file `approve` is about to write.
    std::fs::create_dir_all(p.root().join("approvals")).unwrap();
    symlink(outside.path().join("planted.yaml"), p.root().join("approvals/2026-01-15-brand.yaml")).unwrap();
    let refused = approve(&p, "brand", "李静", &[]);
    assert_eq!(refused.code(), 1, "a refusal on the project's content: {}", refused.stderr());
    assert!(refused.stderr().contains("`approvals/2026-01-15-brand.yaml` 是符号链接"), "{}", refused.stderr());
    assert!(!outside.path().join("planted.yaml").exists(), "nothing was written outside the project");
    assert_eq!(std::fs::read_dir(p.root().join("approvals")).unwrap().count(), 1, "nor beside the link");
    // `check` says so too.
    p.run(&["check"]).reports("approvals/2026-01-15-brand.yaml:1:1", "这是一个符号链接，已跳过");

    // A linked approvals/ folder.
    std::fs::remove_dir_all(p.root().join("approvals")).unwrap();
    symlink(outside.path(), p.root().join("approvals")).unwrap();
    let refused = approve(&p, "brand", "李静", &[]);
    assert_eq!(refused.code(), 1, "{}", refused.stderr());
    assert!(refused.stderr().contains("`approvals` 是符号链接"), "{}", refused.stderr());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing was written through it");
}

#[test]
fn names_with_control_characters_round_trip_and_write_no_yaml_of_their_own() {
    let p = repository();
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    // A party name with a CR: it used to end the comment line, and `note: …` became a key.
    p.write("content/_index.md", &index.replace("name: 品牌部", "name: \"品牌部\\rnote: 无人写过的备注\""));
    let by = "李\r静\n\t\"部长\" \\ \u{7f}\u{85}\u{2028}end";
    approve(&p, "brand", by, &[]).ok();
    let written = std::fs::read_to_string(p.root().join("approvals/2026-01-15-brand.yaml")).unwrap();
    assert!(!written.contains('\r') && !written.contains('\u{85}') && !written.contains('\u{2028}'), "{written:?}");
    assert!(!written.contains("\nnote:"), "{written}");
    assert_eq!(
        written.lines().filter(|l| !l.starts_with(['#', ' '])).count(),
        7,
        "party, by, date, version, digest, text, files: {written}"
    );
    let json = agreement_json(&p);
    let approval = &json["signoff"]["approvals"][0];
    assert_eq!(approval["by"], by.trim(), "{approval}");
    assert_eq!(approval["note"], serde_json::Value::Null, "{approval}");
    assert_eq!(approval["party"], "brand");
}

#[test]
fn an_approval_with_an_empty_party_by_or_date_is_a_located_error() {
    let p = repository();
    approve(&p, "brand", "李静", &[]).ok();
    let good = std::fs::read_to_string(p.root().join("approvals/2026-01-15-brand.yaml")).unwrap();
    std::fs::remove_file(p.root().join("approvals/2026-01-15-brand.yaml")).unwrap();
    let cases = [
        ("a", "party: brand", "party: ~", "`party`"),
        ("b", "by: \"李静\"", "by: ~", "`by`"),
        ("c", "by: \"李静\"", "by:", "`by`"),
        ("d", "date: 2026-01-15", "date: ~", "`date`"),
    ];
    for (name, from, to, _) in cases {
        assert!(good.contains(from), "{good}");
        p.write(&format!("approvals/{name}.yaml"), &good.replace(from, to));
    }
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    for (name, from, to, key) in cases {
        let line = good.lines().position(|l| l == from).unwrap() + 1;
        run.reports(&format!("approvals/{name}.yaml:{line}:1"), &format!("批准文件的 {key} 为空"));
        assert!(to.starts_with(&key[1..key.len() - 1]));
    }
}

#[test]
fn approve_commit_outside_git_writes_nothing_and_refusals_on_content_exit_1() {
    let p = Project::with(&[("content/01-a.md", A)]);
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write("content/_index.md", &index.replacen("---\n\n", &format!("{POLICY}---\n\n"), 1));
    for _ in 0..2 {
        let refused = approve(&p, "brand", "李静", &["--commit"]);
        assert_eq!(refused.code(), 2, "{}", refused.stderr());
        assert!(
            refused.stderr().contains("--commit needs a Git repository") || refused.stderr().contains("需要 Git 仓库"),
            "{}",
            refused.stderr()
        );
        assert!(
            !p.root().join("approvals").exists() || std::fs::read_dir(p.root().join("approvals")).unwrap().count() == 0,
            "nothing written"
        );
    }
    approve(&p, "brand", "李静", &[]).ok();
    assert!(p.root().join("approvals/2026-01-15-brand.yaml").is_file(), "no -2, -3 copies from the refused tries");
    assert!(!p.root().join("approvals/2026-01-15-brand-2.yaml").exists());

    // A text with errors is refused on its content: exit 1.
    p.write("content/02-b.md", "---\ntitle: 乙\nowner: nobody\n---\n");
    let refused = approve(&p, "brand", "李静", &[]);
    assert_eq!(refused.code(), 1, "{}", refused.stderr());
    assert!(refused.stderr().contains("当前文本有错误，不能批准"), "{}", refused.stderr());
    // A bad argument stays a usage error.
    std::fs::remove_file(p.root().join("content/02-b.md")).unwrap();
    assert_eq!(approve(&p, "brnd", "李静", &[]).code(), 2);
}

#[test]
fn of_several_approvals_on_one_day_the_newest_is_shown() {
    let p = repository();
    approve(&p, "marketing", "王晓明", &[]).ok();
    for n in 1..=10 {
        approve(&p, "brand", &format!("第{n}位"), &[]).ok();
    }
    assert!(p.root().join("approvals/2026-01-15-brand-10.yaml").is_file());
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(listing.contains("品牌部：已批准（第10位，2026-01-15）"), "{listing}");
    p.run(&["build", "--no-versions"]).ok();
    let row: Vec<String> = p.page("index.html").texts(".signoff-table tbody tr");
    assert!(row.iter().any(|r| r.starts_with("品牌部") && r.contains("第10位")), "{row:?}");
    let print = p.page("print.html");
    assert_eq!(print.texts(".signature .line"), ["王晓明", "2026-01-15", "第10位", "2026-01-15"]);
}

#[test]
fn a_printed_draft_both_parties_approved_says_so_on_every_page() {
    let p = repository();
    git(p.root(), &["tag", "v1.0"]);
    p.write("content/02-b.md", &B.replace("乙的正文", "乙的草稿正文"));
    p.build().ok();
    let before = p.page("draft/print.html");
    assert_eq!(before.text_of(".edition"), "草稿：尚未发布，未经签署 · 生成于 2026-01-15");

    approve(&p, "marketing", "王晓明", &[]).ok();
    approve(&p, "brand", "李静", &[]).ok();
    p.build().ok();
    let print = p.page("draft/print.html");
    assert_eq!(print.text_of(".edition"), "草稿：尚未发布 · 已由双方批准此文本 · 生成于 2026-01-15");
    assert!(
        print.text.contains("content: \"草稿：尚未发布 · 已由双方批准此文本 · 生成于 2026-01-15\""),
        "the running header of every printed page says the same"
    );
    assert_eq!(print.texts(".watermark"), ["草稿"], "still a draft: not released");
    assert_eq!(print.texts(".signature .line"), ["王晓明", "2026-01-15", "李静", "2026-01-15"]);
    // An edit after the approvals: not approved, and the page says so again.
    p.write("content/01-a.md", &A.replace("甲的正文", "甲的新正文"));
    p.build().ok();
    assert_eq!(p.page("draft/print.html").text_of(".edition"), "草稿：尚未发布，未经签署 · 生成于 2026-01-15");
}

/// A project whose policy requires signatures, with both parties' approvals of the text as
/// committed recorded in SSH-signed commits (one listed key) and verified.
fn signed_and_required() -> Project {
    let p = repository();
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    p.write("content/_index.md", &index.replace("signoff:\n", "signoff:\n  signatures: required\n"));
    git(p.root(), &["commit", "-qam", "policy"]);
    sign_with_new_key(&p, "lijing@example.com");
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    approve(&p, "brand", "李静", &["--commit"]).ok();
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert_eq!(listing.matches("签名已验证").count(), 2, "{listing}");
    assert!(listing.contains("✓ 已由各方签署"), "{listing}");
    p
}

/// Approvals of a changed text, as a forger makes them: the two signed files replaced by
/// approvals of `content/02-b.md` with `乙的正文` changed, written by `clausebook approve`.
fn replace_approvals_with_ones_of_a_changed_text(p: &Project) {
    p.write("content/02-b.md", &B.replace("乙的正文。", "乙方向甲方支付一百万元。乙的正文。"));
    for party in ["marketing", "brand"] {
        std::fs::remove_file(p.root().join(format!("approvals/2026-01-15-{party}.yaml"))).unwrap();
    }
    approve(p, "marketing", "王晓明", &[]).ok();
    approve(p, "brand", "李静", &[]).ok();
}

/// What every view says of the working tree's sign-off after a forgery: no approval shown as
/// verified, none counted, the sign-off incomplete in `approve --list`, `check` and
/// `agreement.json` (and in the release `v1.0`'s, built from its tag).
fn assert_not_signed_off(p: &Project, state: &str, says: &str) {
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(!listing.contains("签名已验证") && !listing.contains("已由各方签署"), "{listing}");
    assert_eq!(listing.matches(says).count(), 4, "at each approval, and each party's state: {listing}");
    assert!(listing.contains("营销部：批准不计入") && listing.contains("品牌部：批准不计入"), "{listing}");
    let found = findings(p);
    for party in ["marketing", "brand"] {
        let at = format!("approvals/2026-01-15-{party}.yaml:1:1");
        assert!(found.iter().any(|f| f.0 == "approval-signature" && f.2 == at && f.3.contains("计入")), "{found:?}");
    }
    assert_eq!(found.iter().filter(|f| f.0 == "signoff-missing").count(), 2, "{found:?}");
    let json = agreement_json(p);
    assert_eq!(json["signoff"]["complete"], false, "{}", json["signoff"]);
    for approval in json["signoff"]["approvals"].as_array().unwrap() {
        assert_eq!((approval["signature"]["state"].as_str(), approval["counts"].as_bool()), (Some(state), Some(false)));
    }
    git(p.root(), &["tag", "v1.0"]);
    p.build().ok();
    let released: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.public().join("v1.0/agreement.json")).unwrap()).unwrap();
    assert_eq!(released["signoff"]["complete"], false, "{}", released["signoff"]);
    assert!(released["signoff"]["approvals"].as_array().unwrap().iter().all(|a| a["counts"] == false));
}

#[test]
fn an_unsigned_merge_that_replaces_signed_approvals_is_not_verified() {
    let p = signed_and_required();
    git(p.root(), &["config", "commit.gpgSign", "false"]);
    git(p.root(), &["checkout", "-qb", "side"]);
    p.write("NOTES.txt", "side\n");
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "notes"]);
    git(p.root(), &["checkout", "-q", "main"]);
    p.write("OTHER.txt", "main\n");
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "other"]);
    git(p.root(), &["merge", "-q", "--no-ff", "--no-commit", "side"]);
    replace_approvals_with_ones_of_a_changed_text(&p);
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "Merge branch side"]);
    let merge = git(p.root(), &["rev-parse", "--short=7", "HEAD"]);
    assert_not_signed_off(&p, "altered", &format!("之后被未签名的提交 {merge} 改动"));
}

#[test]
fn an_approval_hidden_from_git_status_is_not_verified() {
    let p = signed_and_required();
    for party in ["marketing", "brand"] {
        git(p.root(), &["update-index", "--assume-unchanged", &format!("approvals/2026-01-15-{party}.yaml")]);
    }
    replace_approvals_with_ones_of_a_changed_text(&p);
    let status = git(p.root(), &["status", "--porcelain", "--", "approvals/"]);
    assert_eq!(status, "", "Git does not see the change");
    assert_not_signed_off(&p, "uncommitted", "未提交（或提交后有改动）");
}

#[test]
fn a_signed_approval_merged_unchanged_stays_verified_and_one_rewritten_after_it_does_not() {
    let p = repository();
    sign_with_new_key(&p, "lijing@example.com");
    // Approved on a branch, in signed commits, and merged by an unsigned merge commit that takes
    // the files as they are: still the signed commits' bytes.
    git(p.root(), &["checkout", "-qb", "approvals"]);
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    approve(&p, "brand", "李静", &["--commit"]).ok();
    git(p.root(), &["checkout", "-q", "main"]);
    git(p.root(), &["config", "commit.gpgSign", "false"]);
    p.write("OTHER.txt", "main\n");
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-qm", "other"]);
    git(p.root(), &["merge", "-q", "--no-ff", "-m", "merge approvals", "approvals"]);
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert_eq!(listing.matches("由 lijing@example.com 签名，签名已验证").count(), 2, "{listing}");
    assert!(listing.contains("✓ 已由各方签署"), "{listing}");

    // Changed by an unsigned commit, then put back byte for byte by another: the bytes at HEAD
    // were written by an unsigned commit, so they are not verified (a deleted or replaced
    // approval cannot come back as signed).
    let file = p.root().join("approvals/2026-01-15-brand.yaml");
    let signed = std::fs::read(&file).unwrap();
    std::fs::write(&file, String::from_utf8_lossy(&signed).replace("李静", "张三")).unwrap();
    git(p.root(), &["commit", "-qam", "edit"]);
    std::fs::write(&file, &signed).unwrap();
    git(p.root(), &["commit", "-qam", "put back"]);
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert_eq!(listing.matches("签名已验证").count(), 1, "{listing}");
    let put_back = git(p.root(), &["rev-parse", "--short=7", "HEAD"]);
    assert!(listing.contains(&format!("之后被未签名的提交 {put_back} 改动")), "{listing}");

    // An uncommitted edit of a verified approval: not committed, whatever Git's index says.
    git(p.root(), &["reset", "-q", "--hard", "HEAD~2"]);
    let other = p.root().join("approvals/2026-01-15-marketing.yaml");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replace("王晓明", "王小明")).unwrap();
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert_eq!(listing.matches("签名已验证").count(), 1, "{listing}");
    assert!(listing.contains("王小明 2026-01-15") && listing.contains("未提交（或提交后有改动）"), "{listing}");
}

#[test]
fn signed_by_binds_keys_to_parties() {
    let p = repository();
    let index = std::fs::read_to_string(p.root().join("content/_index.md")).unwrap();
    // Read strictly: a key that is not a declared party, with the closest one; a value that is not
    // a list; each at its place.
    let wrong = "signoff:\n  signed_by:\n    brnad: [lijing@example.com]\n    marketing: wangxiaoming@example.com\n";
    p.write("content/_index.md", &index.replace("signoff:\n", wrong));
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("content/_index.md:14:5", "`signoff.signed_by`：`brnad` 不是已声明的协议方 id");
    assert!(run.stderr().contains("是否想写 `brand`？"), "{}", run.stderr());
    run.reports("content/_index.md:15:16", "`signoff.signed_by.marketing` 应为签名者的列表，实际是文本");
    assert!(!run.stderr().contains("`signed_by` 不是 `signoff` 的设置"), "{}", run.stderr());
    p.write("content/_index.md", &index.replace("signoff:\n", "signoff:\n  signed_by:\n    brand: [\"\"]\n"));
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.reports("content/_index.md:14:13", "`signoff.signed_by.brand[1]` 是空的");

    let bound = "signoff:\n  signed_by:\n    brand: [lijing@example.com]\n    marketing: [wangxiaoming@example.com]\n";
    p.write("content/_index.md", &index.replace("signoff:\n", bound));
    git(p.root(), &["commit", "-qam", "bound"]);
    // The key listed for brand signs both approvals: marketing's does not count.
    sign_with_new_key(&p, "lijing@example.com");
    approve(&p, "brand", "李静", &["--commit"]).ok();
    let run = approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    assert!(run.stdout().contains("未将 lijing@example.com 列为 marketing 的签名者"), "{}", run.stdout());
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(!listing.contains("已由各方签署"), "{listing}");
    assert!(listing.contains("品牌部：已批准"), "{listing}");
    assert!(
        listing.contains("营销部：批准不计入（王晓明，2026-01-15：提交")
            && listing.contains("但 `signoff.signed_by` 未将 lijing@example.com 列为 marketing 的签名者"),
        "{listing}"
    );
    let marketing = "approvals/2026-01-15-marketing.yaml";
    let found = findings(&p);
    assert!(
        found.iter().any(|f| f.0 == "approval-signature"
            && f.2 == format!("{marketing}:1:1")
            && f.3.contains("未将 lijing@example.com 列为 marketing 的签名者")
            && f.3.contains("此批准不计入")),
        "{found:?}"
    );
    assert!(!found.iter().any(|f| f.0 == "approval-signature" && f.2.contains("brand")), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "signoff-missing" && f.3.contains("尚未经营销部有效批准")), "{found:?}");
    let json = agreement_json(&p);
    assert_eq!(json["signoff"]["complete"], false);
    let state = json["signoff"]["parties"].as_array().unwrap().iter().find(|x| x["id"] == "marketing").unwrap();
    assert_eq!(state["state"], "void", "{state}");
    let approval = &json["signoff"]["approvals"][state["approval"].as_u64().unwrap() as usize];
    assert_eq!((approval["counts"].clone(), approval["signature"]["state"].clone()), (false.into(), "verified".into()));
    let page = p.page("index.html");
    let badges = page.texts(".signoff-table .badge");
    assert!(badges.contains(&"批准不计入（签名未通过）".to_string()), "{badges:?}");
    let sigs = page.texts(".signoff-table .sig");
    assert!(sigs.iter().any(|s| s.contains("签名者不在 signed_by 为此方列出的名单中")), "{sigs:?}");
    // Rules see only the approval that counts.
    p.write(
        "rules/count.lua",
        "rule { id = \"approvals-seen\", severity = \"info\", description = \"d\", agreement = function(a, report)\n  report { message = \"seen \" .. #a.approvals }\nend }\n",
    );
    let found = findings(&p);
    assert!(found.iter().any(|f| f.0 == "approvals-seen" && f.3 == "seen 1"), "{found:?}");
    std::fs::remove_file(p.root().join("rules/count.lua")).unwrap();
    // In English too (the language is not part of the approved text).
    p.write("content/_index.md", &index.replace("signoff:\n", bound).replace("language: zh-CN", "language: en"));
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(listing.contains("but `signoff.signed_by` does not list lijing@example.com for marketing"), "{listing}");
    let found = findings(&p);
    assert!(
        found.iter().any(|f| f.0 == "approval-signature"
            && f.3.contains("does not list lijing@example.com for marketing; this approval does not count")),
        "{found:?}"
    );
    p.write("content/_index.md", &index.replace("signoff:\n", bound));

    // The right key: marketing approves again, signed by the key listed for it.
    git(p.root(), &["rm", "-q", marketing]);
    git(p.root(), &["commit", "-qm", "withdraw"]);
    sign_with_new_key(&p, "wangxiaoming@example.com");
    approve(&p, "marketing", "王晓明", &["--commit"]).ok();
    let listing = p.run(&["approve", "--list"]).ok().stdout();
    assert!(listing.contains("✓ 已由各方签署") && !listing.contains("不计入"), "{listing}");
    assert_eq!(findings(&p), vec![]);
    assert_eq!(agreement_json(&p)["signoff"]["complete"], true);
}
