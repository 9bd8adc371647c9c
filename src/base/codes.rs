//! The registry of built-in diagnostic codes, in the spirit of rustc's error index: every code
//! clausebook itself reports has one entry here, which `clausebook explain`, the SARIF output and
//! `docs/diagnostics.md` all read. Codes of the project's Lua rules are their rule ids; the
//! built-in codes are reserved, so that a rule can never take one.

use std::fmt::Write as _;

use crate::base::catalog::{Console, Locale};
use crate::base::diagnostic::Severity;

/// One built-in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The code as findings carry it (`unknown-party`).
    pub id: &'static str,
    /// The severity it is reported with by default.
    pub level: Severity,
    /// One line: what it means.
    pub summary: &'static str,
    /// What causes it and how to fix it.
    pub explanation: &'static str,
    /// A small input that causes it.
    pub example: &'static str,
}

/// Every built-in code, in alphabetical order.
pub const CODES: &[Code] = &[
    Code {
        id: "approval-invalid",
        level: Severity::Error,
        summary: "an approval file in approvals/ is malformed",
        explanation: "Approval files are written by `clausebook approve` and read strictly: one that is not YAML, has a key that is not part of the format (`by`, `party`, `date`, `version`, `note`, `text`, `files`), leaves `party`, `by` or `date` empty (`by: ~`, `by:`), names a party the agreement does not declare, is dated after today, has a digest that does not parse, or whose `text` digest does not match the digests of its `files` (it was edited by hand) is an error at its line. An approval that cannot be trusted to say what was approved must never count as one. Delete the file and approve again. An approval file over 8 MiB, or a signers file over 1 MiB or that cannot be read, is an error under this code too. A file in approvals/ that is not an approval file (`.yaml`), the signers file, a README or hidden is a warning under this code: an approval saved under a misspelled name must not go unread without a word.",
        example: "party: brnd                 # did you mean `brand`?\nby: 李静\ndate: 2027-01-12            # after today\ntext: sha256:12             # not a digest",
    },
    Code {
        id: "approval-signature",
        level: Severity::Warning,
        summary: "an approval does not count: its signature does not hold",
        explanation: "When the commit that wrote an approval file's bytes (the file as read must be, byte for byte, its blob in HEAD; the commit is found through merges too) is signed, Git verifies the signature (with the signers file of `signoff.signers`, default approvals/allowed_signers). This warning says that the approval does not count, and why: the signature is bad (the commit is not what was signed); the file was written in an unsigned commit (an unsigned merge among them) after a signed one, so that the signature no longer covers what the file says; the signer is not trusted (not in the signers file), the key expired or was revoked; Git cannot verify the signature although the project has a signers file; the signature verifies, but `signoff.signed_by` does not list its signer for the approval's party; or, under `signoff: {signatures: required}`, the approval is not signed, or its bytes are not those committed in HEAD (not committed, or changed since, whatever `git status` says). An approval that does not count approves nothing: the party's state is `void`, the version is not signed off, and the rules do not see it. See `git log -p -- <file>`; if it was tampered with, delete it and approve again. Its severity can be set under `rules:` in content/_index.md; the approval does not count whatever it is.",
        example: "git commit -S -m '品牌部 approves v2.0' approvals/2026-01-12-brand.yaml\n# later, unsigned:\nsed -i 's/李静/张三/' approvals/2026-01-12-brand.yaml && git commit -am edit",
    },
    Code {
        id: "approval-stale",
        level: Severity::Warning,
        summary: "a file changed since a party approved the text",
        explanation: "A party's newest approval (approvals/*.yaml) records the digests of the text it approved. In the working tree, each file whose text differs from what that party approved, was added or removed since, gets this warning at the file, with the approval file as a related location; the clause page says so too. The digests cover what readers read: front matter (as data) and body; clausebook's settings (`versions`, `rules`, `signoff`, … in _index.md, a clause's `allow`) do not count. Ask the party to review and approve again (`clausebook approve`). Its severity can be set under `rules:` in content/_index.md.",
        example: "approvals/2026-01-12-brand.yaml approves the text of v2.0;\ncontent/03-resources/03-budget-approval.md was edited since",
    },
    Code {
        id: "broken-reference",
        level: Severity::Error,
        summary: "a clause refers to a clause that does not exist",
        explanation: "A `[[id]]` reference or a link to a `.md` file in a clause's body, or an entry of its `refs:` list, names no clause of the agreement. Refer to a clause by the `id` in its front matter (or its file name without the number prefix); the finding suggests a close id when there is one, and the id of the clause meant when the reference names exactly one clause by its title (`[[重大开支联合审批]]`) or its number (`[[第10条]]`), with a quick fix.",
        example: "---\ntitle: 预算\nrefs: [confidentialty]   # the clause is `confidentiality`\n---\n详见[[confidentiality]]。",
    },
    Code {
        id: "cadence",
        level: Severity::Info,
        summary: "a duty's cadence is not one of the forms clausebook understands, or never occurs",
        explanation: "A duty's `cadence` (`每周三`, `隔周三 14:00`, `每月最后一个工作日`, `每月十五日前`, `每季度结束后15日内`, `每年3月和9月`, `every other Wednesday`, `first working day of each month`, …) becomes a recurring event in the calendars and on the upcoming page. A cadence in other words stays text for readers, and this info says that no calendar has it and names the nearest form understood; docs/obligations.md gives the grammar. A cadence that names a day its month never has (`每年二月三十日`, `every year on 30 February`) is a warning under this code: it would never fall on any date; so is one that counts every few periods (`隔周三`) when no start is written (the duty's `since:`, the agreement's `effective:` or the clause's `revised:`). Its severity can be set under `rules:` in content/_index.md.",
        example: "duties:\n  - text: 召开例会\n    owner: brand\n    cadence: 每月第一个工作曰   # did you mean 每月第一个工作日?",
    },
    Code {
        id: "cited-clause-changed",
        level: Severity::Warning,
        summary: "a clause cites another agreement's clause that a later release changed",
        explanation: "In a portfolio, a citation `[[it-finance:purpose]]` means the other agreement's release in force on the citing version's date (pinned, `[[it-finance@v1.0:purpose]]`, that release). When a later release of the other agreement changed the cited clause (or removed it), the citation still leads to the text it meant, and this warning says so, with the page of what changed: check that the citing clause still holds, then cite the new release (pin it, or release the citing agreement after the new one).",
        example: "见 [[it-finance@v1.0:purpose]]。   # it-finance v2.0 changed its purpose clause",
    },
    Code {
        id: "control-character",
        level: Severity::Warning,
        summary: "a control character is written in the content",
        explanation: "A control character (U+0000–U+001F other than tab and line feed, U+007F, U+0080–U+009F), written raw or made by a YAML escape such as `\"\\r\"` or `\"\\x01\"`, cannot be seen by readers, and some formats cannot carry it at all: the calendars (.ics) and JUnit reports show U+FFFD (�) in its place, JSON and SARIF escape it, GitHub annotations escape CR and LF and show � for the rest. No output ever holds one raw, so none can end a calendar line early and inject an event. The finding points at the character, or at the backslash of the escape that makes it. Delete it; it most likely came in with pasted text. In an id (a clause's, a duty's, a party's) it is an `invalid-id` error instead. A content file whose path holds a control character (any, tab and line feed too) gets this warning at its start: everywhere clausebook shows a path to people (findings, `build`'s, `watch`'s and `serve`'s messages, printed lines, the language server's log) the character is shown as �, so that a file named with a line feed cannot start a line of its own, which a CI runner could take for a command (`::warning …` in GitHub Actions); rename the file.",
        example: "---\ntitle: \"预算\\r\\nEND:VEVENT\"   # a carriage return: the calendars show �\n---",
    },
    Code {
        id: "cross-reference",
        level: Severity::Info,
        summary: "a clause cites another agreement's clause, which is shown as text outside a portfolio",
        explanation: "`[[it-finance:purpose]]` (or `[[it-finance@v1.0:purpose]]`) cites a clause of another agreement of the company's portfolio. Built within the portfolio (`clausebook build` at the folder with portfolio.yaml), the citation is checked against that agreement and becomes a link; built or checked alone, the agreement cannot know the other one, so each citation is noted with this info and shown as text. docs/portfolio.md describes portfolios.",
        example: "详见 [[it-finance:purpose]]。   # checked alone, outside the portfolio",
    },
    Code {
        id: "duplicate-id",
        level: Severity::Error,
        summary: "two clauses, two parties, or two duties of one clause have the same id",
        explanation: "Ids identify clauses in references, URLs and rules, parties in `owner:` fields, and a clause's duties in the calendars (the events' UID), so each must be unique (a duty's within its clause). The finding points at the second use and names the first. Give one of them its own `id:` in the front matter (a clause's id defaults to its file name without the number prefix, so two folders can hold files with the same name).",
        example: "content/01-general/03-contacts.md  →  id `contacts`\ncontent/04-communication/01-contacts.md  →  id `contacts` again",
    },
    Code {
        id: "duty-missed",
        level: Severity::Warning,
        summary: "a recurring duty's past dates that no record in records/ answers",
        explanation: "With `records/_index.yaml` (`from`: since when the parties keep records, `grace`: how long after a date its record may come, 7 days unless said, `duties`: which duties, `CLAUSE#DUTY`, all recurring ones unless named), each of those duties' dates from `from` to `grace` before today needs a record: a YAML file in `records/` (`duty: weekly-meeting#3`, `date`, `by`, optionally `files` kept beside it and a `note`). One warning per duty lists the dates without one. Its severity can be set under `rules:` in content/_index.md.",
        example: "# records/_index.yaml\nfrom: 2026-11-01\nduties: [weekly-meeting#3]   # 2026-11-26 has no record in records/",
    },
    Code {
        id: "duty-overdue",
        level: Severity::Warning,
        summary: "a duty's due date has passed",
        explanation: "A duty with a `due` date before today (`--today`, `SOURCE_DATE_EPOCH` or the clock), in a clause that is not retired. It is a warning, so that time passing never stops publishing; the upcoming page lists the same duties as overdue. Once the duty is done, remove `due`, or agree a new date.",
        example: "duties:\n  - text: 提交年度评估报告\n    owner: brand\n    due: 2026-01-31   # checked on 2026-03-01",
    },
    Code {
        id: "front-matter",
        level: Severity::Error,
        summary: "a front matter field is missing, of the wrong type, or has an invalid value",
        explanation: "Every clause file starts with YAML front matter between `---` lines. This code covers what the YAML says rather than how it is written: a required field that is missing (a clause's `title`), a field of the wrong type (`duties` that is not a list), an invalid date (dates are written YYYY-MM-DD), an unknown `status`, a budget share written as text, a suppression without a reason.",
        example: "---\ntitle: 预算审批\nrevised: 2025-02-30      # not a date\nbudget:\n  - {party: marketing, share: \"60%\"}   # a number, without %\n---",
    },
    Code {
        id: "invalid-id",
        level: Severity::Error,
        summary: "an id or a release name cannot name a file of the site",
        explanation: "Clause ids, party ids and release names become file and folder names of the site (`clauses/<id>.html`, `parties/<id>.html`, `<release>/`), and duty ids name calendar events (`obligation-<clause>-<duty>@clausebook`). Each must be letters (Chinese is fine), digits, `-` and `_` (release names may also have dots), at most 120 bytes, not a name Windows reserves (`CON`, `aux`, `nul`, …), not a folder the site uses itself (`latest`, `draft`, `history`, …, for releases), and not equal to another id but for case or Unicode normalization (`Budget` and `budget` overwrite each other on macOS and Windows file shares). Duty ids follow the same rules of characters and length. A control character in an id (`id: \"x\\r\\nBEGIN:VEVENT\"`) is reported at the character.",
        example: "---\nid: Budget          # content/05-budget.md has the id `budget`\ntitle: 预算\n---",
    },
    Code {
        id: "io",
        level: Severity::Error,
        summary: "a file of the agreement cannot be read",
        explanation: "The file exists but reading it failed (permissions, a broken link, a disk error). The message gives the operating system's reason.",
        example: "chmod 000 content/01-general/01-purpose.md",
    },
    Code {
        id: "liaison-missing",
        level: Severity::Warning,
        summary: "a department has duties in an agreement that names no liaison for it",
        explanation: "In a portfolio, each party of an agreement is a department of the company. A department that owns duties in an agreement needs a person the other departments can reach about them: its party's `liaison:` in that agreement's content/_index.md. The finding is at the party, once per agreement and department, counting its duties. Its severity can be set, or the check turned `off`, under `rules:` in portfolio.yaml.",
        example: "parties:
  - {id: finance, name: 财务部}     # owns duties, but no liaison:",
    },
    Code {
        id: "library",
        level: Severity::Error,
        summary: "a clause library or a clause's use of it is wrong",
        explanation: "A clause library (`library:` in content/_index.md, a folder inside the agreement; or `library/` beside the `portfolio.yaml` of the portfolio whose folder holds the agreement) holds an `_index.md` with its title and one folder per standard clause with one file per published edition: `1.md`, `2.md`, … numbered without a gap, each with a `title`, each after the first saying what it changed (`kind: correction`, `update` or `edition`). A clause uses one by `use: <clause>@<edition>` and fills its placeholders (`{{甲方}}`) by `with:`. A `library:` outside the agreement, an edition missing or without its kind, a `use:` of no library, of a clause or edition the library does not have (with the closest), a placeholder left without text or a text for no placeholder (with the closest), an edition that itself `use:`s another clause (so that no cycle can form) is an error at its line; a file of the library that is no edition is a warning. Nothing of a library is silently dropped.",
        example: "---\ntitle: 保密\nuse: confidentiality@4    # the library has editions 1 to 3\nwith: {甲方: 营销部}       # and 乙方 is left without text\n---",
    },
    Code {
        id: "library-outdated",
        level: Severity::Warning,
        summary: "a clause uses an edition of a library clause that a newer one replaces",
        explanation: "The library published newer editions of the standard clause this clause uses (`use: <clause>@<edition>`). The largest change among them decides: a warning when any is an `update` (a change of meaning) or a new `edition`, an info when all are `correction`s (wording only). Read what changed (for a portfolio's library, the portal's `library/<clause>/<n>-<newest>.html`), then write the newer edition in `use:` (`clausebook library upgrade`): an approval of the clause then goes stale, as for any change of its text. Its severity can be set, or the check turned `off`, under `rules:` in content/_index.md.",
        example: "use: confidentiality@2    # the library has 3, an update",
    },
    Code {
        id: "library-unpinned",
        level: Severity::Info,
        summary: "a clause's use of a library edition records no digest of the edition's text",
        explanation: "A use pinned by the digest of its edition's text (`use: confidentiality@3 sha256:…`, which `clausebook library pin` and `clausebook library upgrade` write) is a `library` error the day that edition's file is edited in place: a published edition must never change under the agreements that use it. A use written by hand without the digest still works; this info says it is not pinned yet. Run `clausebook library pin`, and commit the lines it rewrites.",
        example: "use: confidentiality@3    # clausebook library pin adds sha256:…",
    },
    Code {
        id: "missing-index",
        level: Severity::Error,
        summary: "the agreement has no content/_index.md",
        explanation: "`content/_index.md` holds the agreement's title, language and parties; nothing else can be checked without it. `clausebook new DIR` writes one to start from.",
        example: "content/\n  01-general/01-purpose.md   # but no content/_index.md",
    },
    Code {
        id: "period",
        level: Severity::Warning,
        summary: "the agreement's period says what contradicts itself",
        explanation: "`period:` in content/_index.md is read strictly (a key it does not know, a date or length that cannot be read, an end before the start are `front-matter` errors). What can be read but contradicts itself is a warning at the value: a `renew_for` without `renewal: auto` (it has no effect), a `notice` so long that its deadline falls before the period starts, and a `start` before the agreement's `effective` date.",
        example: "period:\n  end: 2027-12-31\n  renewal: none\n  renew_for: 1年   # has no effect without renewal: auto",
    },
    Code {
        id: "period-expired",
        level: Severity::Warning,
        summary: "the agreement's period has ended and it does not renew",
        explanation: "`period:` in content/_index.md says when the agreement ends (`end`) and whether it renews itself (`renewal: auto`, for `renew_for`, unless a party gives `notice`). An agreement whose period ended without renewal is no longer in force: the parties renew it (a new `end`) or let it end. A warning, so that an old repository still builds; its severity can be set under `rules:` (`period-expired: off` for an agreement kept for the record).",
        example: "period:\n  end: 2025-12-31\n  renewal: none   # today is after 2025-12-31",
    },
    Code {
        id: "period-notice",
        level: Severity::Warning,
        summary: "the notice deadline before the agreement renews (or its end) is near",
        explanation: "An agreement that renews itself (`period: {renewal: auto, renew_for: 1年, notice: 30天}`) renews unless a party gives notice by the deadline `notice` before its end; one that does not renew simply ends. Within `warn` (30 days unless `period.warn` says) of that deadline, or of the end of an agreement that does not renew, `check` says when it is and how many days are left. The upcoming page and the calendars carry the deadline and the end, with reminders (`period.remind`). Its severity can be set under `rules:` in content/_index.md.",
        example: "period:\n  end: 2026-12-31\n  renewal: auto\n  renew_for: 1年\n  notice: 30天   # notice by 2026-12-01",
    },
    Code {
        id: "portfolio",
        level: Severity::Error,
        summary: "portfolio.yaml or org.yaml cannot be used as written",
        explanation: "A portfolio is a folder with portfolio.yaml (its title, language, departments file and agreements) and the departments file (org.yaml: `units:` with `id`, `name`, `aliases`, `parent`). A key of the wrong type, an agreement without `id` or `path`, two agreements or units with one id, a folder that is not there or holds no content/, a parent that is no unit or that makes a circle: each is an error at its line, and nothing is built. Unknown keys are `unknown-field` warnings with the closest known key. docs/portfolio.md gives both formats.",
        example: "agreements:\n  - id: it-finance\n    path: agreements/it-finanse   # no such folder",
    },
    Code {
        id: "records",
        level: Severity::Error,
        summary: "a record in records/ that cannot be read, or answers no duty's date",
        explanation: "A record (`records/*.yaml`: `duty`, `date`, `by`, `files`, `note`) names a duty as `CLAUSE#DUTY` (the duty's `id`, or its place in `duties:` from 1) and one of that duty's dates. A duty or clause that does not exist (with the closest name), a date its schedule never has (with the nearest dates; a date before the clause's `revised:` passes, since the schedule may have been another), a file it names that is not in records/, or a key missing is an error; the same date recorded twice is a warning.",
        example: "duty: weekly-meeting#3\ndate: 2026-12-02   # a Wednesday: the minutes are due on Thursdays\nby: 王晓明",
    },
    Code {
        id: "restricted-citation",
        level: Severity::Warning,
        summary: "a clause cites an agreement that some of its readers may not read",
        explanation: "In a portfolio, an agreement may be restricted to some departments (`visibility: [hr]` in portfolio.yaml): its site is written under its audience's folder (`_a/hr/…`), which the web server refuses to everyone else. A citation of it from an agreement that others may read leads them to a refused page, so this warning says so; the link shows the cited agreement's id and the clause's id, never its title or text, and the cited clause's page does not list the citing agreement when its readers may not read that one. Restrict the citing agreement to the same departments (or to departments within them), or say in words what the other agreement provides. Its severity can be set under `rules:` in content/_index.md.",
        example: "见 [[hr-pay:salaries]]。   # hr-pay has visibility: [hr]; this agreement is for everyone",
    },
    Code {
        id: "review-overdue",
        level: Severity::Warning,
        summary: "a clause's review date has passed",
        explanation: "A clause that is not retired and whose `review_by` date is before today (`--today`, `SOURCE_DATE_EPOCH` or the clock). It is a warning, so that time passing never stops publishing; the site marks the same clauses with a “review overdue” badge. Review the clause, then update `revised` and `review_by`.",
        example: "---\ntitle: 预算审批\nrevised: 2025-01-10\nreview_by: 2026-01-10   # checked on 2026-03-01\n---",
    },
    Code {
        id: "rule-error",
        level: Severity::Error,
        summary: "a Lua rule is broken: it failed, was stopped by its limits, or is written wrongly",
        explanation: "A rule file did not load (a syntax error, a `require` of a module that is not in rules/lib/), a rule's `rule { … }` or `report { … }` has an unknown key or a value of the wrong type, a check raised an error on a clause (the finding names the clause), returned a value instead of calling `report`, reported at a field path or line the clause cannot have, used a finalizer (`__gc`), or was stopped by its instruction or memory limit. A broken rule fails the build, so that silence always means the agreement was really checked. See docs/rules.md for the API and its limits.",
        example: "rule {\n  id = \"duty-has-owner\",\n  severty = \"warning\",      -- did you mean `severity`?\n  description = \"…\",\n  clause = function(c, report) … end,\n}",
    },
    Code {
        id: "rule-settings",
        level: Severity::Warning,
        summary: "a rule setting or a suppression names no rule, or a built-in check it cannot change",
        explanation: "`rules:` in content/_index.md changes the severity of the project's Lua rules, and a clause's `allow:` suppresses one rule on that clause. A name that matches no rule has no effect, which is almost always a typo: the finding suggests the closest rule id. Built-in checks (the codes `clausebook explain` lists) cannot be suppressed, and most cannot be configured: they report content that cannot be built or read correctly. The checks of the project's own policy (`approval-signature`, `approval-stale`, `cadence`, `duty-missed`, `library-outdated`, `period-expired`, `period-notice`, `signoff-missing`, `term-conflict`, `term-unused`, `term-used-before-definition`) take a severity, or `off`, under `rules:` like a rule. In a portfolio, `rules:` in portfolio.yaml does the same for the portfolio's own rules and its checks across agreements (`term-conflict`, `liaison-missing`).",
        example: "rules:\n  review-within-a-yaer: warning   # did you mean `review-within-a-year`?\n  unknown-party: off              # a built-in check",
    },
    Code {
        id: "rule-test",
        level: Severity::Error,
        summary: "a rule test file (rules/tests/*.yaml) is malformed",
        explanation: "A rule test file names its rule and lists cases, each with clauses written inline and the findings expected. A key that is not part of the format (`messge:` for `message:`), an `at:` that is not FILE:LINE[:COL], or an invalid `today:` is reported at its line, and the case it belongs to fails: a mistyped expectation must never pass by accident.",
        example: "rule: duty-has-owner\ncases:\n  - name: no owner\n    clauses: {01-a.md: \"---\\ntitle: 甲\\nduties: [{text: x}]\\n---\\n\"}\n    expect:\n      - {at: \"01-a.md:3:11\", messge: 没有写明负责方}   # did you mean `message`?",
    },
    Code {
        id: "signoff-missing",
        level: Severity::Warning,
        summary: "a release lacks a required party's approval of its text",
        explanation: "`signoff: {required: [marketing, brand]}` in content/_index.md names the parties whose approval every release needs. A release (a version from Git) that no approval of a required party matches exactly is a warning, at its declaration in `versions.releases` (or at the policy); the working tree without a required party's approval is an info, since a draft is not approved yet. An approval matches a version when the digest of the text it records is the digest of that version's text, whenever it was recorded: `clausebook approve --release v2.0` approves a past release. Its severity can be set under `rules:` in content/_index.md.",
        example: "signoff:\n  required: [marketing, brand]\nversions:\n  releases:\n    v1.1: 6022397   # only brand approved this text",
    },
    Code {
        id: "symlink",
        level: Severity::Warning,
        summary: "a symbolic link in the project is skipped",
        explanation: "clausebook reads and writes the project's own files only and never through a symbolic link: a link in content/ could publish a file from outside the project, an approval linked to a file elsewhere would stay \"signed\" while that file changes, and a signers file linked to /dev/zero would never end. Each link met in content/, rules/ (a rule file or a rules/lib/ module, which then does not run), themes/ (a theme file or a whole theme folder, which is not published) or approvals/ (the folder itself, an approval, the signers file) is skipped with this warning at the link. Replace the link by the file itself.",
        example: "ln -s /srv/shared/budget.md content/03-resources/05-budget.md\nln -s /srv/shared/checks.lua rules/06-shared.lua\nln -s /srv/keys approvals/allowed_signers",
    },
    Code {
        id: "template",
        level: Severity::Error,
        summary: "a theme template failed to render",
        explanation: "A template of the theme (the default theme, or a project's override under themes/) has a syntax error or failed while rendering a page: an unknown filter, a wrong number of arguments, or a variable the page does not have (a misspelling) used in the built-in theme, which is strict. The finding points at the template file, line and column; nothing is written. In a project's own templates an undefined variable stays lenient (written as nothing), and each place that uses one is a warning of this code.",
        example: "themes/default/templates/clause.html:\n  {{ clause.title | shout }}    # no filter `shout`",
    },
    Code {
        id: "term-conflict",
        level: Severity::Warning,
        summary: "a term is defined twice, differently",
        explanation: "A defined term (see docs/terms.md) means one thing throughout the agreement. This finding is at the second definition whose words differ from the first, with the first as a related location. Define a term once; give a different meaning a term of its own. Its severity can be set under `rules:` in content/_index.md. In a portfolio, a term that two agreements define in different words is reported too, at the later agreement's definition (in the order of portfolio.yaml), with the earlier one as a related location; its severity there is set under `rules:` in portfolio.yaml.",
        example: "第2条: 本协议所称\"联合活动\"，是指双方共同策划的活动。\n第9条: 本协议所称\"联合活动\"，是指双方共同出资的活动。",
    },
    Code {
        id: "term-unused",
        level: Severity::Warning,
        summary: "a term is defined but never used elsewhere",
        explanation: "A definition that nothing uses is either left over from an earlier text or a sign that the agreement says the same thing in other words. The finding is at the definition. Remove it, or use the term. Its severity can be set under `rules:` in content/_index.md.",
        example: "本协议所称\"重大开支\"，是指单笔金额在 50 万元及以上的支出。   # and no clause says 重大开支",
    },
    Code {
        id: "term-used-before-definition",
        level: Severity::Warning,
        summary: "a term is used before it is defined, in reading order",
        explanation: "Readers meet a term before its definition: in a clause (or the preamble) that comes earlier in reading order, or earlier in the defining clause itself. One finding per file, at the first such use, with the definition as a related location. Move the definition before its first use (a definitions clause at the start, or the preamble), or say it in full there. Its severity can be set under `rules:` in content/_index.md.",
        example: "第1条: 联合活动由双方共同组织。\n第2条: 本协议所称\"联合活动\"，是指……",
    },
    Code {
        id: "unknown-field",
        level: Severity::Warning,
        summary: "a front matter field that is neither clausebook's nor declared by the project",
        explanation: "A misspelled field is kept as a field of its own and silently loses its meaning (`reviewed_by:` is not the review date). Every key of a clause, of its duties and budget shares, of content/_index.md, its parties and the chapters' _index.md is checked against clausebook's fields and the project's own, which content/_index.md declares under `fields:` (a clause field `venue: 地点`, or a duty field `duties.note: 备注`). The hint suggests the closest known field.",
        example: "---\ntitle: 预算审批\nreviewed_by: 2026-06-01   # did you mean `review_by`?\n---",
    },
    Code {
        id: "unknown-party",
        level: Severity::Error,
        summary: "a clause names a party the agreement does not declare",
        explanation: "`owner:`, `parties:`, a duty's `owner:` and a budget share's `party:` name a party by the `id` or the `name` it has in `parties:` of content/_index.md. A name that matches neither (a typo, a department that is not a party to this agreement) is an error, and the hint lists the declared parties.",
        example: "---\ntitle: 预算审批\nowner: 财务部     # parties are marketing (营销部) and brand (品牌部)\n---",
    },
    Code {
        id: "unknown-unit",
        level: Severity::Error,
        summary: "a party of an agreement in a portfolio names no department of org.yaml",
        explanation: "In a portfolio, each party of each agreement is a department of the company: its `id` is the id of a unit of org.yaml, or it says which one with `org: <unit id>` (a setting, not signed text: adding it does not make approvals stale). A party that is neither is an error at its line, with the closest unit id, or the unit whose name or alias the party's name is.",
        example: "parties:\n  - id: mkt\n    name: 营销部        # org.yaml's unit is `marketing`: add `org: marketing`",
    },
    Code {
        id: "utf8",
        level: Severity::Error,
        summary: "a file is not valid UTF-8",
        explanation: "Clause files are read as UTF-8 text. The finding points at the first invalid byte; re-save the file as UTF-8 (editors that default to GBK or UTF-16 for Chinese text are the usual cause).",
        example: "iconv -f UTF-8 -t GBK content/01-general/01-purpose.md > x && mv x content/01-general/01-purpose.md",
    },
    Code {
        id: "versions",
        level: Severity::Info,
        summary: "a note about the versions published from Git",
        explanation: "A versioned build reads releases from Git tags (`v*`, or `versions.tags`) and `versions.releases` in content/_index.md. This code says why a build is not versioned (not a Git repository, no releases), or why a release was skipped (its commit is missing, as in a shallow clone; its tree has no content/ folder). Old versions never fail a build.",
        example: "git clone --depth 1 …   # the tagged commits are not in the clone",
    },
    Code {
        id: "workdays",
        level: Severity::Info,
        summary: "the working-day calendar: a file of it is wrong, or schedules need days it does not cover",
        explanation: "Schedules that count working days (`每月最后一个工作日`, `every working day`) or move a date off a holiday (`on_holiday: next_working_day`, `遇节假日顺延`) follow the project's working-day calendar: one file per year in `calendar/` (`calendar/2026.yaml`) with the year's `holidays` and make-up working days (`workdays`, 调休), as the official schedule lists them. Without one, working days are Monday to Friday, and this info says so once; when the calendar ends within 90 days, it says when, so that the next year's holidays are added. A calendar file that cannot be read (a date that is not one, a year covered twice, a day both a holiday and a working day) is an error under this code.",
        example: "# calendar/2026.yaml\nyear: 2026\nholidays:\n  国庆节: 2026-10-01 ~ 2026-10-07\nworkdays: [2026-09-20, 2026-10-10]",
    },
    Code {
        id: "yaml",
        level: Severity::Error,
        summary: "the front matter is not valid YAML",
        explanation: "The text between the `---` lines could not be parsed as YAML: an unclosed bracket or quote, a tab used for indentation, a key without a colon. The finding points where the parser stopped, or at the likely cause when it can tell: a full-width colon `：` where a key ends (`owner：marketing`, the commonest slip of a Chinese input method) or a full-width space (U+3000) used as indentation, each with a quick fix.",
        example: "---\ntitle: 预算\nowner: [marketing\n---",
    },
];

/// The built-in code `id`, if there is one.
pub fn lookup(id: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.id == id)
}

/// Whether `id` is reserved for a built-in check.
pub fn is_builtin(id: &str) -> bool {
    lookup(id).is_some()
}

/// The built-in codes whose severity `rules:` in `_index.md` may change (or turn `off`): they
/// judge the project's own policy (its sign-off), not whether the content can be read.
pub const CONFIGURABLE: [&str; 12] = [
    "approval-signature",
    "approval-stale",
    "cadence",
    "duty-missed",
    "liaison-missing",
    "library-outdated",
    "period-expired",
    "period-notice",
    "signoff-missing",
    "term-conflict",
    "term-unused",
    "term-used-before-definition",
];

/// Whether `rules:` may set the severity of the built-in code `id`.
pub fn is_configurable(id: &str) -> bool {
    CONFIGURABLE.contains(&id)
}

impl Code {
    /// The one-line summary and the explanation in the language of `l`.
    pub fn words(&self, l: Locale) -> (&'static str, &'static str) {
        l.explained(self.id).unwrap_or((self.summary, self.explanation))
    }

    /// The entry as `clausebook explain` prints it, in the language of `l`.
    pub fn text(&self, l: Locale) -> String {
        let (summary, explanation) = self.words(l);
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", l.msg(Console::CodeHeading { id: self.id, severity: self.level, summary }));
        let _ = writeln!(out, "{explanation}\n");
        let _ = writeln!(out, "{}\n", l.msg(Console::Example));
        for line in self.example.lines() {
            let _ = writeln!(out, "    {line}");
        }
        out
    }
}

/// Every entry as Markdown, as `docs/diagnostics.md` holds it.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nEvery finding carries a code: one of the built-in codes below, or the id of one of the \
         project's Lua rules. `clausebook explain CODE` prints an entry; this page is its output for every \
         built-in code (`clausebook explain --all --markdown`), checked by the tests.\n",
    );
    for c in CODES {
        let _ = write!(
            out,
            "\n## `{}`\n\n*{}* — {}\n\n{}\n\n```\n{}\n```\n",
            c.id,
            c.level.as_str(),
            c.summary,
            c.explanation,
            c.example
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configurable_codes_are_said_where_settings_are_explained() {
        let settings = lookup("rule-settings").unwrap().explanation;
        for code in CONFIGURABLE {
            assert!(is_builtin(code), "{code} is not a built-in code");
            assert!(settings.contains(&format!("`{code}`")), "rule-settings does not name {code}");
        }
    }

    #[test]
    fn every_code_is_explained_in_chinese_too() {
        for c in CODES {
            let (summary, explanation) = c.words(Locale::Zh);
            assert!(summary != c.summary && explanation != c.explanation, "`{}` has no Chinese entry", c.id);
        }
        assert!(Locale::Zh.explained("no-such-code").is_none());
    }

    #[test]
    fn codes_are_sorted_and_unique() {
        let ids: Vec<&str> = CODES.iter().map(|c| c.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    /// Every code the sources report by a literal name has an entry.
    #[test]
    fn every_reported_code_is_registered() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let pattern = regex::Regex::new(
            r#"Diagnostic::(?:error|warning)\(\s*"([a-z0-9-]+)"|Diagnostic::new\(\s*[A-Za-z:]+,\s*"([a-z0-9-]+)""#,
        )
        .unwrap();
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for caps in pattern.captures_iter(&text) {
                let id = caps.get(1).or(caps.get(2)).unwrap().as_str();
                seen += 1;
                assert!(is_builtin(id), "{}: code `{id}` has no entry in src/base/codes.rs", entry.path().display());
            }
        }
        assert!(seen > 10, "the scan found the codes ({seen})");
    }
}
