//! Content, names and output, as a new user and an attacker meet them: every mistake located in
//! the agreement's language, nothing silently accepted, no name that breaks the site at build
//! time, and a site that survives a build killed at the worst moment.

mod common;

use common::*;

/// The agreement front matter of an English agreement.
const ENGLISH: &str = "---\ntitle: Test agreement\nlanguage: en\nparties:\n  - {id: marketing, name: Marketing}\n  - {id: brand, name: Brand}\n---\n";

mod fields {
    use super::*;

    #[test]
    fn a_misspelled_field_is_a_warning_with_did_you_mean() {
        let p = Project::with(&[(
            "content/01-a.md",
            "---\ntitle: 甲\nreviewed_by: 2026-06-01\nownr: marketing\nduties:\n  - text: 做事\n    owners: brand\n---\n",
        )]);
        let run = p.run(&["check"]).ok();
        run.reports("content/01-a.md:3:1", "`reviewed_by` 不是条款的字段");
        run.reports("content/01-a.md:4:1", "`ownr` 不是条款的字段");
        run.reports("content/01-a.md:7:5", "`owners` 不是职责的字段");
        let err = run.stderr();
        assert!(err.contains("是否想写 `review_by`？") && err.contains("是否想写 `owner`？"), "{err}");
        assert!(err.contains("warning[unknown-field]"), "{err}");
    }

    #[test]
    fn declared_fields_stay_quiet_and_typos_of_them_do_not() {
        let p = Project::with(&[(
            "content/01-a.md",
            "---\ntitle: 甲\nmeeting: {cadence: 每周三}\nmeetnig: x\nduties:\n  - {text: 做事, owner: brand, note: 备注}\n---\n",
        )]);
        p.write(
            "content/_index.md",
            &INDEX.replace("---\n\n前言", "fields:\n  meeting: 会议安排\n  duties.note: 备注\n---\n\n前言"),
        );
        let run = p.run(&["check"]).ok();
        let err = run.stderr();
        assert!(!err.contains("`meeting` 不是") && !err.contains("`note` 不是"), "{err}");
        run.reports("content/01-a.md:4:1", "`meetnig` 不是条款的字段");
        assert!(err.contains("是否想写 `meeting`？"), "{err}");
        // A declaration of a list that does not exist, or of one of clausebook's fields.
        p.write(
            "content/_index.md",
            &INDEX.replace("---\n\n前言", "fields:\n  dutys.note: x\n  title: y\n---\n\n前言"),
        );
        let run = p.run(&["check"]).ok();
        run.reports("content/_index.md:13:3", "`fields`：没有 `dutys` 这个列表");
        run.reports("content/_index.md:14:3", "`title` 已是 clausebook 自带的字段");
    }

    #[test]
    fn the_agreement_its_parties_and_chapters_are_checked_too() {
        let p = Project::with(&[
            ("content/01-ch/_index.md", "---\ntitle: 第一章\nordre: 1\n---\n"),
            ("content/01-ch/01-a.md", "---\ntitle: 甲\n---\n"),
        ]);
        p.write(
            "content/_index.md",
            &INDEX.replace("    liaison: 李静\n", "    liason: 李静\n").replace("effective:", "efective:"),
        );
        let run = p.run(&["check"]).ok();
        run.reports("content/_index.md:4:1", "`efective` 不是协议（_index.md）的字段");
        run.reports("content/_index.md:11:5", "`liason` 不是协议方的字段");
        run.reports("content/01-ch/_index.md:3:1", "`ordre` 不是章（_index.md）的字段");
    }
}

mod yaml {
    use super::*;

    #[test]
    fn a_front_matter_that_does_not_parse_gets_that_error_alone_with_a_hint() {
        let p = Project::with(&[
            ("content/01-a.md", "---\ntitle: 甲\nowner: [marketing\nrevised: 2025-01-01\n---\n"),
            ("content/02-b.md", "---\ntitle: 乙\nowner:\n\t- marketing\n---\n"),
            (
                "rules/t.lua",
                "rule { id = \"every\", severity = \"warning\", description = \"d\", clause = function(c, r) r(\"judged \" .. c.id) end }",
            ),
        ]);
        let run = p.run(&["check"]);
        assert_eq!(run.code(), 1);
        let err = run.stderr();
        run.reports("content/01-a.md:4:8", "YAML 格式错误");
        assert!(
            err.contains("::: content/01-a.md:3:8: 在这里打开") && err.contains("第 3 行第 8 列的 `[` 没有闭合"),
            "{err}"
        );
        run.reports("content/02-b.md:4:2", "YAML 格式错误");
        assert!(err.contains("第 4 行用制表符（Tab）缩进"), "{err}");
        assert!(!err.contains("title"), "no false finding about the title: {err}");
        assert!(
            !err.contains("judged a") && !err.contains("judged b"),
            "rules do not judge a half-loaded clause: {err}"
        );
        assert_eq!(err.matches("error[").count(), 2, "{err}");
    }
}

mod language {
    use super::*;

    #[test]
    fn messages_hints_and_the_summary_follow_the_agreements_language() {
        let broken = "---\ntitle: A\nowner: finance\nreview_by: 2025-13-01\n---\nSee [[nowhere]].\n";
        let p = Project::with(&[("content/01-a.md", broken)]);
        p.write("content/_index.md", ENGLISH);
        let run = p.run(&["check"]);
        run.reports("content/01-a.md:3:8", "`finance` is not a party of this agreement");
        run.reports("content/01-a.md:4:12", "`review_by`: \"2025-13-01\" is not a valid date");
        run.reports("content/01-a.md:6:5", "no clause has the id `nowhere`");
        assert!(run.stderr().ends_with("failed: 1 clause, 3 errors, 0 warnings, 0 infos\n"), "{}", run.stderr());
        p.write("content/_index.md", INDEX);
        let run = p.run(&["check"]);
        run.reports("content/01-a.md:3:8", "`finance` 不是本协议的一方");
        run.reports("content/01-a.md:4:12", "`review_by`：\"2025-13-01\" 不是有效日期");
        run.reports("content/01-a.md:6:5", "没有 id 为 `nowhere` 的条款");
        assert!(run.stderr().contains("= hint: 日期写作 YYYY-MM-DD"), "{}", run.stderr());
        assert!(run.stderr().ends_with("未通过：1 条条款，3 个错误，0 个警告，0 条提示\n"), "{}", run.stderr());
    }

    #[test]
    fn check_says_ok_when_there_is_nothing_to_report() {
        let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
        assert_eq!(p.run(&["check"]).ok().stderr(), "通过：1 条条款，0 个错误，0 个警告，0 条提示\n");
        p.write("content/_index.md", ENGLISH);
        assert_eq!(p.run(&["check"]).ok().stderr(), "ok: 1 clause, 0 errors, 0 warnings, 0 infos\n");
    }
}

mod names {
    use super::*;

    #[test]
    fn party_ids_are_checked_like_clause_ids() {
        for (id, line) in [
            ("../../evil", "  - id: ../../evil"),
            ("a/b", "  - id: a/b"),
            ("\"\"", "  - id: \"\""),
            ("..", "  - id: .."),
            ("CON", "  - id: CON"),
        ] {
            let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
            p.write("content/_index.md", &INDEX.replace("  - id: brand", line));
            for command in ["check", "build"] {
                let run = p.run(&[command]);
                assert_eq!(run.code(), 1, "{id}: {}", run.stderr());
                assert!(
                    run.stderr().contains("error[invalid-id]")
                        || run.stderr().contains("has no `id`")
                        || run.stderr().contains("没有 `id`"),
                    "{id}: {}",
                    run.stderr()
                );
                assert!(run.stderr().contains("--> content/_index.md:"), "{id}: {}", run.stderr());
            }
            assert!(!p.public().exists());
        }
    }

    #[test]
    fn long_ids_reserved_names_and_ids_equal_but_for_case_or_normalization_are_errors() {
        let long = "长".repeat(50);
        let p = Project::with(&[
            ("content/01-a.md", &format!("---\nid: {long}\ntitle: 甲\n---\n")),
            ("content/02-b.md", "---\nid: Budget\ntitle: 乙\n---\n"),
            ("content/03-c.md", "---\nid: budget\ntitle: 丙\n---\n"),
            ("content/04-d.md", "---\nid: aux\ntitle: 丁\n---\n"),
            ("content/05-e.md", "---\nid: caf\u{e9}\ntitle: 戊\n---\n"),
            ("content/06-f.md", "---\nid: cafe\u{301}\ntitle: 己\n---\n"),
        ]);
        for command in ["check", "build"] {
            let run = p.run(&[command]);
            assert_eq!(run.code(), 1, "{}", run.stderr());
            run.reports("content/01-a.md:2:5", "太长：150 字节，最多 120 字节");
            run.reports("content/03-c.md:2:5", "id `budget` 与 `Budget` 只差大小写或 Unicode 写法");
            run.reports("content/04-d.md:2:5", "`aux` 是 Windows 保留的文件名");
            run.reports("content/06-f.md:2:5", "只差大小写或 Unicode 写法");
        }
        assert!(!p.public().exists());
    }

    #[test]
    fn release_names_are_checked_where_they_are_declared() {
        for name in ["../../escape", "/abs", ".", "\"\"", "'a\\b'", "draft", "latest", "History", "static"] {
            let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
            let index = INDEX.replace("---\n\n前言", &format!("versions:\n  releases:\n    {name}: HEAD\n---\n\n前言"));
            p.write("content/_index.md", &index);
            let run = p.run(&["check"]);
            assert_eq!(run.code(), 1, "{name}: {}", run.stderr());
            run.reports("content/_index.md:14:5", "error[invalid-id]");
        }
    }

    #[test]
    fn the_versions_settings_are_read_strictly_where_they_are_written() {
        let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
        let index = INDEX.replace("---\n\n前言", "versions:\n  tag: \"v*\"\n  releases: [v1.0]\n---\n\n前言");
        p.write("content/_index.md", &index);
        let run = p.run(&["check"]);
        assert_eq!(run.code(), 1, "{}", run.stderr());
        run.reports("content/_index.md:13:3", "`tag` 不是 `versions` 的设置");
        assert!(run.stderr().contains("是否想写 `tags`？"), "{}", run.stderr());
        run.reports("content/_index.md:14:13", "`releases` 应为映射");
    }

    #[test]
    fn symbolic_links_in_content_are_skipped_with_a_warning() {
        let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
        std::fs::write(p.root().join("secret.md"), "---\ntitle: 机密\n---\n").unwrap();
        std::os::unix::fs::symlink(p.root().join("secret.md"), p.root().join("content/02-link.md")).unwrap();
        std::fs::write(p.root().join("token"), "TOKEN=1234-SECRET\n").unwrap();
        std::os::unix::fs::symlink(p.root().join("token"), p.root().join("content/03-env.md")).unwrap();
        let run = p.build().ok();
        run.reports("content/02-link.md:1:1", "这是一个符号链接，已跳过");
        assert!(!p.public().join("clauses/link.html").exists());
        // The warning's snippet is not read through the link either.
        run.reports("content/03-env.md:1:1", "这是一个符号链接，已跳过");
        assert!(!run.stderr().contains("TOKEN=1234-SECRET"), "{}", run.stderr());
    }

    /// One rule for every folder of the project (issue 23): a linked rule file, rule module, theme
    /// file or theme folder is a located `symlink` warning and is not read, and a theme is a
    /// folder name, not a path.
    #[test]
    fn links_in_rules_and_themes_are_skipped_with_a_warning_and_a_theme_is_a_name() {
        use std::os::unix::fs::symlink;
        let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
        let outside = tempfile::tempdir().unwrap();
        let o = outside.path();
        std::fs::write(
            o.join("fail.lua"),
            "rule { id = 'outside', description = 'd', clause = function(c, r) r('FROM-OUTSIDE') end }\n",
        )
        .unwrap();
        std::fs::create_dir_all(p.root().join("rules/lib")).unwrap();
        symlink(o.join("fail.lua"), p.root().join("rules/01-linked.lua")).unwrap();
        symlink(o.join("fail.lua"), p.root().join("rules/lib/helper.lua")).unwrap();
        std::fs::create_dir_all(o.join("theme/static")).unwrap();
        std::fs::write(o.join("theme/static/leak.txt"), "LEAKED-FILE").unwrap();
        std::fs::create_dir_all(p.root().join("themes/house/static")).unwrap();
        std::fs::write(p.root().join("themes/house/static/own.txt"), "own").unwrap();
        symlink(o.join("theme/static/leak.txt"), p.root().join("themes/house/static/leak.txt")).unwrap();
        symlink(o.join("theme"), p.root().join("themes/linked")).unwrap();
        p.write("content/_index.md", &INDEX.replace("---\n\n前言", "theme: house\n---\n\n前言"));
        let run = p.build().ok();
        for link in ["rules/01-linked.lua", "rules/lib/helper.lua", "themes/house/static/leak.txt", "themes/linked"] {
            run.reports(&format!("{link}:1:1"), "这是一个符号链接，已跳过");
        }
        assert!(!run.stderr().contains("FROM-OUTSIDE"), "a linked rule does not run: {}", run.stderr());
        assert!(p.public().join("static/own.txt").exists() || p.public().join("own.txt").exists());
        let leaked = walkdir::WalkDir::new(p.public()).into_iter().filter_map(Result::ok).any(|e| {
            e.file_type().is_file() && std::fs::read(e.path()).unwrap().windows(11).any(|w| w == b"LEAKED-FILE")
        });
        assert!(!leaked, "a linked theme file is not published");
        // A linked theme folder publishes nothing either.
        p.write("content/_index.md", &INDEX.replace("---\n\n前言", "theme: linked\n---\n\n前言"));
        p.build().ok().reports("themes/linked:1:1", "这是一个符号链接，已跳过");
        // `theme:` is a folder name: a path is an error at its line, and nothing is published.
        for path in [o.join("theme").display().to_string(), "../x".to_string()] {
            p.write("content/_index.md", &INDEX.replace("---\n\n前言", &format!("theme: \"{path}\"\n---\n\n前言")));
            let run = p.build();
            assert_eq!(run.code(), 1, "{}", run.stderr());
            assert!(run.stderr().contains("不是 themes/ 下的文件夹名"), "{}", run.stderr());
        }
    }

    /// A content file named with a line feed and, after it, what a CI runner reads as a command
    /// (finding 9 of the attack report): the name is said with a `control-character` warning, and
    /// every place the human output shows it (the `-->` line, the id taken from it, a rule's
    /// printed line, `build`'s messages) shows U+FFFD, so no line of it starts a workflow command;
    /// `--format github` escapes the name as `%0A`, as it did.
    #[test]
    fn a_control_character_in_a_file_name_is_shown_as_u_fffd_and_warned_about() {
        let hostile = "content/01-a\n::warning file=x::pwned.md";
        let shown = "content/01-a\u{FFFD}::warning file=x::pwned.md";
        let p = Project::with(&[(hostile, "---\ntitle: 甲\n---\n正文。\n")]);
        p.write("rules/t.lua", "rule { id = 'p', description = 'd', clause = function(c) print('saw') end }\n");
        let no_command = |text: &str, what: &str| {
            for line in text.lines() {
                assert!(!line.trim_start().starts_with("::"), "{what}: a line reads as a command: {line:?}\n{text}");
            }
        };
        let check = p.run(&["check"]);
        assert_eq!(check.code(), 1, "the id taken from the name is no id: {}", check.stderr());
        no_command(&check.stderr(), "check");
        check.reports(&format!("{shown}:1:1"), &format!("文件路径 {shown} 中有控制字符 U+000A"));
        check.reports(&format!("{shown}:1:1"), "`a\u{FFFD}::warning file=x::pwned` 不能作为条款 id");
        assert!(check.stderr().contains(&format!("({shown})] saw")), "{}", check.stderr());
        let github = p.run(&["check", "--format", "github"]);
        no_command(&github.stderr(), "github, printed lines");
        for line in github.stdout().lines() {
            assert!(
                line.starts_with("::error file=content/01-a%0A%3A%3Awarning file=x%3A%3Apwned.md,")
                    || line.starts_with("::warning file=content/01-a%0A%3A%3Awarning file=x%3A%3Apwned.md,"),
                "{line:?}"
            );
        }
        // With an id of its own the clause builds, and `build` says the name the same way.
        p.write(hostile, "---\nid: a\ntitle: 甲\n---\n正文。\n");
        let built = p.run(&["build", "--no-versions"]).ok();
        no_command(&built.stderr(), "build");
        built.reports(&format!("{shown}:1:1"), "U+000A");
    }
}

mod output {
    use super::*;

    /// An output folder that is a symbolic link is refused (exit 2) rather than replaced by a real
    /// folder while its target keeps the old site (issue 23).
    #[test]
    fn a_linked_output_folder_is_refused() {
        let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
        p.build().ok();
        let target = p.root().join("served");
        std::fs::rename(p.public(), &target).unwrap();
        std::os::unix::fs::symlink(&target, p.public()).unwrap();
        let run = p.build();
        assert_eq!(run.code(), 2, "{}", run.stderr());
        assert!(run.stderr().contains("it is a symbolic link"), "{}", run.stderr());
        assert!(std::fs::symlink_metadata(p.public()).unwrap().file_type().is_symlink(), "the link is left as it was");
        // Pointed at the folder itself, the build writes there.
        let run = clausebook()
            .args(["build", "--today", "2026-01-15", "--root"])
            .arg(p.root())
            .arg("--out")
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    }

    #[test]
    fn a_build_killed_between_its_renames_loses_no_site() {
        let p = Project::with(&[("content/01-a.md", "---\ntitle: 甲\n---\n")]);
        p.build().ok();
        let before = std::fs::read(p.public().join("index.html")).unwrap();
        // What a build killed after its first rename leaves: no public/, the old site aside, the
        // new one half-written.
        let old = p.root().join(".public.old-4000001");
        std::fs::rename(p.public(), &old).unwrap();
        std::fs::create_dir_all(p.root().join(".public.new-4000001/clauses")).unwrap();
        // The next build fails, and says truly that the site is unchanged.
        p.write("content/01-a.md", "---\ntitle: 甲\nowner: nobody\n---\n");
        let run = p.build();
        assert_eq!(run.code(), 1);
        assert!(run.stderr().contains("保持不变"), "{}", run.stderr());
        assert_eq!(std::fs::read(p.public().join("index.html")).unwrap(), before);
        assert!(!old.exists());
        // The next build that writes clears the half-written leftover.
        p.write("content/01-a.md", "---\ntitle: 甲\n---\n");
        p.build().ok();
        assert!(!p.root().join(".public.new-4000001").exists());
    }
}

#[test]
fn a_full_width_colon_or_space_is_pointed_at_with_a_hint_in_the_agreement_s_language() {
    let p =
        Project::with(&[("content/01-a.md", "---\ntitle: 甲\nowner：marketing\nrevised: 2025-01-01\n---\n正文。\n")]);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:3:6", "这里用了全角冒号 `：`");
    assert!(run.stderr().contains("把 `：` 换成半角冒号加空格 `: `"), "{}", run.stderr());
    let json: serde_json::Value = serde_json::from_str(&p.run(&["check", "--format", "json"]).stdout()).unwrap();
    let finding = &json["diagnostics"][0];
    assert_eq!((finding["line"].as_u64(), finding["column"].as_u64()), (Some(3), Some(6)));

    p.write("content/01-a.md", "---\ntitle: 甲\nduties:\n\u{3000}- text: 做事\n---\n正文。\n");
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    run.reports("content/01-a.md:4:1", "这一行用全角空格（U+3000）缩进");

    // In an English agreement, in English.
    p.write("content/_index.md", &INDEX.replace("language: zh-CN", "language: en"));
    p.write("content/01-a.md", "---\ntitle: A\nowner：marketing\n---\nText.\n");
    p.run(&["check"]).reports("content/01-a.md:3:6", "this is a full-width colon `：`");
}
