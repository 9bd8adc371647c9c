//! The Chinese entries of the built-in codes (`crate::base::codes` holds the English ones): what
//! `clausebook explain CODE` says in a Chinese project. A test holds every code to having one.

/// The Chinese summary and explanation of the built-in code `id`.
pub fn code(id: &str) -> Option<(&'static str, &'static str)> {
    first_half(id).or_else(|| second_half(id))
}

/// The codes from `approval-invalid` to `portfolio`.
fn first_half(id: &str) -> Option<(&'static str, &'static str)> {
    Some(match id {
        "approval-invalid" => (
            "approvals/ 中的批准文件格式有误",
            r#"批准文件由 `clausebook approve` 写入，读取时从严：不是 YAML、有格式之外的键（格式只有 `by`、`party`、`date`、`version`、`note`、`text`、`files`）、`party`、`by` 或 `date` 为空（`by: ~`、`by:`）、写的协议方未在协议中声明、日期晚于今天、摘要无法解析，或 `text` 的摘要与 `files` 的摘要不符（文件被手工改过），都是该行的错误。无法确信记录了批准什么的批准，绝不能算作批准。删除该文件，重新批准。超过 8 MiB 的批准文件、超过 1 MiB 或无法读取的签名者文件，也是这一代码下的错误。approvals/ 中既不是批准文件（`.yaml`）、也不是签名者文件、README 或隐藏文件的文件，是这一代码下的警告：以拼错的名字保存的批准，不能不声不响地不被读取。"#,
        ),
        "approval-signature" => (
            "一项批准不计入：它的签名不成立",
            r#"当写入批准文件内容的提交（读到的文件必须与它在 HEAD 中的 blob 逐字节相同；经由合并也能找到该提交）经过签名时，Git 会验证签名（使用 `signoff.signers` 指定的签名者文件，默认 approvals/allowed_signers）。这一警告说明该批准不计入，以及原因：签名无效（提交不是被签名的内容）；签名之后文件又在未签名的提交（包括未签名的合并）中被写入，签名不再覆盖文件所写的内容；签名者不受信任（不在签名者文件中），密钥已过期或已吊销；项目有签名者文件，但 Git 无法验证签名；签名验证通过，但 `signoff.signed_by` 没有为该批准的协议方列出这一签名者；或者在 `signoff: {signatures: required}` 之下，批准没有签名，或其内容不是 HEAD 中提交的内容（未提交，或提交后又改过，不论 `git status` 怎么说）。不计入的批准什么也没有批准：该方的状态为 `void`，版本没有签署完成，规则也看不到它。查看 `git log -p -- <file>`；如果文件被篡改，删除它并重新批准。其级别可在 content/_index.md 的 `rules:` 中设置；无论级别如何，该批准都不计入。"#,
        ),
        "approval-stale" => (
            "某一方批准文本之后，有文件改动了",
            r#"协议方最新的批准（approvals/*.yaml）记录了它所批准文本的摘要。在工作区中，文本与该方所批准的不同、或在批准之后新增或删除的每个文件，都会在该文件处得到这一警告，并以批准文件为相关位置；条款页面上也会注明。摘要涵盖读者所读的内容：前置信息（作为数据）和正文；clausebook 的设置（_index.md 中的 `versions`、`rules`、`signoff` 等，条款的 `allow`）不计在内。请该方重新审阅并批准（`clausebook approve`）。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "broken-reference" => (
            "条款引用了不存在的条款",
            r#"条款正文中的 `[[id]]` 引用或指向 `.md` 文件的链接，或其 `refs:` 列表中的一项，没有对应协议中的任何条款。请用条款前置信息中的 `id`（或去掉编号前缀的文件名）引用条款；有相近的 id 时，检查结果会给出建议；当引用恰好以标题（`[[重大开支联合审批]]`）或编号（`[[第10条]]`）指向一个条款时，会给出所指条款的 id，并附快速修复。"#,
        ),
        "workdays" => (
            "工作日日历：日历文件有误，或日程需要它未涵盖的日子",
            r#"按工作日计算的日程（`每月最后一个工作日`、`every working day`）和遇节假日移动的日期（`on_holiday: next_working_day`、`遇节假日顺延`）遵循项目的工作日日历：`calendar/` 中每年一个文件（`calendar/2026.yaml`），按官方安排列出当年的 `holidays`（节假日）和 `workdays`（调休上班日）。没有日历时，工作日按周一至周五计算，这一提示说明一次；日历在 90 天内到期时，提示到期日，以便加入次年的节假日。无法读取的日历文件（不是日期的日期、同一年被两个文件涵盖、某天既是节假日又是工作日）是这一代码下的错误。"#,
        ),
        "period" => (
            "协议有效期的写法自相矛盾",
            r#"content/_index.md 的 `period:` 按严格方式读取（未知的键、无法读取的日期或时长、到期早于开始，都是 `front-matter` 错误）。能读取但自相矛盾的写法是该值处的警告：没有 `renewal: auto` 却写了 `renew_for`（不起作用）；`notice` 太长，截止日早于有效期开始；`start` 早于协议的 `effective` 生效日期。"#,
        ),
        "period-expired" => (
            "协议有效期已结束，且不会自动续期",
            r#"content/_index.md 的 `period:` 写明协议何时到期（`end`），以及是否自动续期（`renewal: auto`，每次续期 `renew_for`，除非一方在 `notice` 期限前通知）。有效期已结束且不续期的协议不再有效：双方或续签（新的 `end`），或让它终止。这是警告，以便旧的仓库仍能生成；其级别可在 `rules:` 中设置（仅作存档的协议可写 `period-expired: off`）。"#,
        ),
        "period-notice" => (
            "协议续期前（或到期前）的通知截止日临近",
            r#"自动续期的协议（`period: {renewal: auto, renew_for: 1年, notice: 30天}`）到期时自动续期，除非一方在到期前 `notice` 的截止日前通知；不续期的协议到期即终止。在该截止日（或不续期协议的到期日）前 `warn`（默认 30 天，可由 `period.warn` 设置）之内，`check` 说明截止日期和剩余天数。近期事项页和日历会列出截止日和到期日，并按 `period.remind` 提前提醒。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "duty-missed" => (
            "例行职责过去的日期在 records/ 中没有对应的记录",
            r#"项目有 `records/_index.yaml`（`from`：双方从哪天起保存记录；`grace`：日期过后多久内补上记录，默认 7 天；`duties`：哪些职责，写作 `CLAUSE#DUTY`，不写则为全部例行职责）时，这些职责从 `from` 到今天之前 `grace` 的每个日期都需要一条记录：`records/` 中的一个 YAML 文件（`duty: weekly-meeting#3`、`date`、`by`，可选 `files`（放在同一目录）和 `note`）。每项职责一条警告，列出没有记录的日期。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "records" => (
            "records/ 中的记录无法读取，或不对应任何职责的日期",
            r#"记录（`records/*.yaml`：`duty`、`date`、`by`、`files`、`note`）以 `CLAUSE#DUTY`（职责的 `id`，或它在 `duties:` 中从 1 起的序号）指明职责，并写明该职责的一个日期。不存在的职责或条款（给出最接近的名称）、日程上没有的日期（给出最近的日期；早于条款 `revised:` 的日期不检查，因为当时的日程可能不同）、records/ 中没有的文件、缺少的键都是错误；同一日期记录两次是警告。"#,
        ),
        "cadence" => (
            "职责的频率不是 clausebook 理解的写法，或永远不会出现",
            r#"职责的 `cadence`（`每周三`、`隔周三 14:00`、`每月最后一个工作日`、`每月十五日前`、`每季度结束后15日内`、`每年3月和9月`、`every other Wednesday`、`first working day of each month` 等）会成为日历和近期事项页上的例行事件。其他写法的频率仍作为文本显示给读者，这一提示说明没有日历收录它，并给出最接近的可理解写法；写法见 docs/obligations.md。写了某月永远没有的日子（`每年二月三十日`、`every year on 30 February`）的频率，是这一代码下的警告：它永远不会落在任何日期上；每隔几个周期计算（`隔周三`）却没有写明开始日期（职责的 `since:`、协议的 `effective:` 或条款的 `revised:`）的频率也是。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "cited-clause-changed" => (
            "条款引用的其他协议条款在后来的发布版本中已修改",
            r#"在协议组合中，引用 `[[it-finance:purpose]]` 指被引用协议在引用方版本日期当天生效的发布版本（固定版本的引用 `[[it-finance@v1.0:purpose]]` 指该版本）。被引用协议后来的发布版本修改（或删除）了所引用的条款时，引用仍然指向它原本所指的文本，这一警告会指出这一点，并给出修改内容的页面：请确认引用方条款仍然成立，然后引用新的发布版本（固定到新版本，或在新版本之后发布引用方协议）。"#,
        ),
        "restricted-citation" => (
            "条款引用了其部分读者无权阅读的协议",
            r#"在协议组合中，协议可以只限部分部门阅读（portfolio.yaml 中的 `visibility: [hr]`）：它的网站写在其读者组的文件夹（`_a/hr/…`）下，网络服务器对其他人拒绝访问。其他人也能阅读的协议引用它时，这些读者会被引到一个拒绝访问的页面，这一警告会指出这一点；链接只显示被引用协议的 id 和条款的 id，从不显示其标题或正文，被引用条款的页面也不会列出其读者无权阅读的引用方协议。请把引用方协议限定给同样的部门（或其中的部门），或用文字说明另一份协议所提供的内容。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "control-character" => (
            "内容中写入了控制字符",
            r#"控制字符（U+0000–U+001F 中除制表符和换行以外的字符、U+007F、U+0080–U+009F），无论是直接写入，还是由 YAML 转义（如 `"\r"` 或 `"\x01"`）产生，读者都看不见，有些格式也根本无法容纳：日历（.ics）和 JUnit 报告在它的位置显示 U+FFFD（�），JSON 和 SARIF 将它转义，GitHub 注释转义回车和换行，其余显示为 �。任何输出都不会原样包含它，因此它无法提前结束日历中的一行并插入事件。检查结果指向该字符，或指向产生它的转义的反斜杠。删除它；它多半是复制粘贴时带进来的。出现在 id（条款、职责、协议方的 id）中时，它是 `invalid-id` 错误。路径中含有控制字符（任何控制字符，包括制表符和换行）的内容文件，会在文件开头得到这一警告：clausebook 向人显示路径的每一处（检查结果，`build`、`watch` 和 `serve` 的消息，打印的行，语言服务器的日志）都把该字符显示为 �，以免以换行命名的文件自成一行，被 CI 运行器当作命令（GitHub Actions 中的 `::warning …`）；请给文件改名。"#,
        ),
        "cross-reference" => (
            "条款引用了其他协议的条款，在协议组合之外显示为文字",
            r#"`[[it-finance:purpose]]`（或 `[[it-finance@v1.0:purpose]]`）引用公司协议组合中另一份协议的条款。在协议组合中构建时（在有 portfolio.yaml 的文件夹运行 `clausebook build`），引用会对照该协议检查并成为链接；单独构建或检查时，本协议无从知道另一份协议，因此每处引用都以这一提示注明，并显示为文字。协议组合见 docs/portfolio.md。"#,
        ),
        "duplicate-id" => (
            "两个条款、两个协议方或同一条款的两项职责使用了同一个 id",
            r#"id 在引用、网址和规则中标识条款，在 `owner:` 字段中标识协议方，在日历中标识条款的职责（事件的 UID），因此每个 id 都必须唯一（职责的 id 在其条款内唯一）。检查结果指向第二次使用之处，并指明第一次。给其中一个在前置信息中写上自己的 `id:`（条款的 id 默认为去掉编号前缀的文件名，因此两个文件夹中可能有同名文件）。"#,
        ),
        "duty-overdue" => (
            "职责的到期日已过",
            r#"未废止条款中的一项职责，其 `due` 日期早于今天（`--today`、`SOURCE_DATE_EPOCH` 或系统时钟）。它是警告，时间流逝永远不会阻止发布；近期事项页把同样的职责列为已逾期。职责完成后，删除 `due`，或商定新的日期。"#,
        ),
        "front-matter" => (
            "前置信息的字段缺失、类型不对或值无效",
            r#"每个条款文件都以 `---` 行之间的 YAML 前置信息开头。这一代码针对 YAML 写了什么，而不是怎么写：缺少必需的字段（条款的 `title`）、字段类型不对（`duties` 不是列表）、日期无效（日期写作 YYYY-MM-DD）、未知的 `status`、写成文本的预算分摊比例、没有写理由的豁免。"#,
        ),
        "invalid-id" => (
            "id 或版本名不能作为网站的文件名",
            r#"条款 id、协议方 id 和版本名会成为网站的文件名和文件夹名（`clauses/<id>.html`、`parties/<id>.html`、`<release>/`），职责 id 用于命名日历事件（`obligation-<clause>-<duty>@clausebook`）。它们只能由字母（中文亦可）、数字、`-` 和 `_` 组成（版本名还可以有点号），最多 120 字节，不能是 Windows 保留的名称（`CON`、`aux`、`nul` 等），不能是网站自己使用的文件夹（对版本名而言：`latest`、`draft`、`history` 等），也不能与另一个 id 仅在大小写或 Unicode 规范化上不同（`Budget` 和 `budget` 在 macOS 和 Windows 共享盘上会互相覆盖）。职责 id 遵循同样的字符和长度规则。id 中的控制字符（`id: "x\r\nBEGIN:VEVENT"`）在该字符处报告。"#,
        ),
        "io" => (
            "协议的某个文件无法读取",
            r#"文件存在，但读取失败（权限、失效的链接、磁盘错误）。消息给出操作系统说明的原因。"#,
        ),
        "liaison-missing" => (
            "部门在协议中承担职责，但协议没有写明它的联络人",
            r#"在协议组合中，每份协议的每个协议方都是公司的一个部门。在协议中承担职责的部门，需要有一位其他部门可以就这些职责联系的人：该协议 content/_index.md 中其协议方的 `liaison:`。检查结果位于该协议方处，每份协议每个部门一条，并给出其职责数。其级别可在 portfolio.yaml 的 `rules:` 中设置，或设为 `off` 关闭。"#,
        ),
        "library" => (
            "条款库或条款对它的使用有误",
            r#"条款库（content/_index.md 中的 `library:`，协议内的一个文件夹；或协议所在组合文件夹中 `portfolio.yaml` 旁的 `library/`）包含写明标题的 `_index.md`，以及每个标准条款一个文件夹、每个已发布版次一个文件：`1.md`、`2.md` ……连续编号，各有 `title`，第一版之后的每一版写明改动的性质（`kind: correction`、`update` 或 `edition`）。条款以 `use: <条款>@<版次>` 使用标准条款，以 `with:` 填写其占位符（`{{甲方}}`）。`library:` 在协议之外、缺少某一版或其性质、没有条款库的 `use:`、条款库中没有的条款或版次（附最接近的）、没有填写内容的占位符、或不对应任何占位符的内容（附最接近的）、本身又 `use:` 其他条款的版次（这样不会形成循环），都是该行的错误；条款库中不是版次的文件是警告。条款库的任何内容都不会被不声不响地丢弃。"#,
        ),
        "library-outdated" => (
            "条款使用的标准条款版次已有更新的版次取代",
            r#"条款库为本条款所用的标准条款（`use: <条款>@<版次>`）发布了更新的版次。以其中最大的改动为准：只要有 `update`（含义的改动）或新的 `edition`，就是警告；全部是 `correction`（仅措辞）时是提示。看过改动后（组合的条款库可看门户上的 `library/<条款>/<版次>-<最新版次>.html`），在 `use:` 中写上更新的版次（`clausebook library upgrade`）：与任何文本改动一样，该条款的批准随之过期。其级别可在 content/_index.md 的 `rules:` 中设置，或设为 `off` 关闭。"#,
        ),
        "library-unpinned" => (
            "条款对条款库版次的使用没有记录该版次文本的摘要",
            r#"以版次文本的摘要固定的使用（`use: confidentiality@3 sha256:…`，由 `clausebook library pin` 和 `clausebook library upgrade` 写入），在该版次文件被原地改动的当天就是 `library` 错误：已发布的版次绝不能在使用它的协议之下改变。手写而没有摘要的使用仍然有效；这一提示说明它尚未固定。运行 `clausebook library pin`，并提交它改写的行。"#,
        ),
        "missing-index" => (
            "协议没有 content/_index.md",
            r#"`content/_index.md` 写有协议的标题、语言和各方；没有它，其他一切都无法检查。`clausebook new DIR` 会写一个供起步使用。"#,
        ),
        "portfolio" => (
            "portfolio.yaml 或 org.yaml 写法无法使用",
            r#"协议组合是一个含有 portfolio.yaml（标题、语言、部门文件和各协议）及部门文件（org.yaml：`units:`，每项有 `id`、`name`、`aliases`、`parent`）的文件夹。键的类型不对、协议缺少 `id` 或 `path`、两个协议或部门使用同一个 id、文件夹不存在或其中没有 content/、上级部门不存在或构成循环：每一项都是该行的错误，且不会构建任何内容。未知的键是 `unknown-field` 警告，并给出最接近的已知键。两种格式见 docs/portfolio.md。"#,
        ),
        _ => return None,
    })
}

/// The codes from `review-overdue` on.
fn second_half(id: &str) -> Option<(&'static str, &'static str)> {
    Some(match id {
        "review-overdue" => (
            "条款的复审日期已过",
            r#"未废止、且 `review_by` 日期早于今天（`--today`、`SOURCE_DATE_EPOCH` 或系统时钟）的条款。它是警告，时间流逝永远不会阻止发布；网站给同样的条款加上“复审已逾期”的标记。复审条款，然后更新 `revised` 和 `review_by`。"#,
        ),
        "rule-error" => (
            "Lua 规则有问题：运行失败、被限制停止，或写法有误",
            r#"规则文件没有加载（语法错误，或 `require` 了不在 rules/lib/ 中的模块），规则的 `rule { … }` 或 `report { … }` 有未知的键或类型不对的值，检查在某个条款上出错（检查结果会指明该条款），返回了值而没有调用 `report`，报告在条款不可能有的字段路径或行上，使用了终结器（`__gc`），或因指令数或内存限制被停止。有问题的规则会使构建失败，这样没有报告就始终意味着协议确实经过了检查。API 及其限制见 docs/rules.md。"#,
        ),
        "rule-settings" => (
            "规则设置或豁免没有对应的规则，或指向无法更改的内置检查",
            r#"content/_index.md 中的 `rules:` 更改项目 Lua 规则的级别，条款的 `allow:` 在该条款上豁免一条规则。没有对应任何规则的名称不起作用，这几乎总是笔误：检查结果会给出最接近的规则 id。内置检查（`clausebook explain` 列出的代码）不能豁免，大多也不能配置：它们报告的是无法正确生成或读取的内容。项目自身政策的检查（`approval-signature`、`approval-stale`、`cadence`、`duty-missed`、`library-outdated`、`period-expired`、`period-notice`、`signoff-missing`、`term-conflict`、`term-unused`、`term-used-before-definition`）可以像规则一样在 `rules:` 下设置级别或 `off`。在协议组合中，portfolio.yaml 的 `rules:` 以同样方式设置组合自己的规则及跨协议检查（`term-conflict`、`liaison-missing`）的级别。"#,
        ),
        "rule-test" => (
            "规则测试文件（rules/tests/*.yaml）格式有误",
            r#"规则测试文件写明它的规则并列出用例，每个用例内联写出条款和预期的检查结果。格式之外的键（把 `message:` 写成 `messge:`）、不是 FILE:LINE[:COL] 的 `at:`，或无效的 `today:`，都在其所在行报告，所属用例失败：写错的预期绝不能碰巧通过。"#,
        ),
        "signoff-missing" => (
            "某个版本缺少必需协议方对其文本的批准",
            r#"content/_index.md 中的 `signoff: {required: [marketing, brand]}` 列出每个版本都需要其批准的协议方。一个版本（来自 Git 的版本）如果没有任何必需协议方的批准与之完全一致，就是一个警告，位于它在 `versions.releases` 中的声明处（或政策处）；工作区缺少必需协议方的批准是一条提示，因为草稿尚未批准。当批准所记录文本的摘要与某版本文本的摘要相同时，该批准就与该版本一致，不论何时记录：`clausebook approve --release v2.0` 可以批准过去的版本。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "symlink" => (
            "项目中的符号链接被跳过",
            r#"clausebook 只读写项目自己的文件，绝不经由符号链接：content/ 中的链接可能发布项目之外的文件，链接到别处文件的批准会在那个文件变化时仍然显示“已签名”，链接到 /dev/zero 的签名者文件永远读不完。在 content/、rules/（规则文件或 rules/lib/ 模块，链接的规则因此不会运行）、themes/（主题文件或整个主题文件夹，链接的部分不会发布）或 approvals/（文件夹本身、批准、签名者文件）中遇到的每个链接，都会被跳过，并在链接处给出这一警告。请把链接换成文件本身。"#,
        ),
        "template" => (
            "主题模板渲染失败",
            r#"主题的某个模板（默认主题，或项目在 themes/ 下的覆盖）有语法错误，或在渲染页面时失败：未知的过滤器、参数个数不对，或在内置主题（严格模式）中使用了页面没有的变量（拼写错误）。检查结果指向模板文件及其行和列；不写入任何文件。项目自己的模板中，未定义的变量仍按宽松方式处理（输出为空白），每处使用都是这一代码下的警告。"#,
        ),
        "term-conflict" => (
            "术语被定义了两次，且定义不同",
            r#"定义的术语（见 docs/terms.md）在整个协议中只有一个含义。这一检查结果位于措辞与第一次不同的第二个定义处，以第一个定义为相关位置。一个术语只定义一次；不同的含义请用另一个术语。其级别可在 content/_index.md 的 `rules:` 中设置。在协议组合中，两份协议用不同措辞定义同一术语也会报告，位于（按 portfolio.yaml 的顺序）靠后那份协议的定义处，以靠前的定义为相关位置；其级别在 portfolio.yaml 的 `rules:` 中设置。"#,
        ),
        "term-unused" => (
            "术语有定义，但别处从未使用",
            r#"没有被使用的定义，要么是早先文本留下的，要么说明协议用别的说法讲了同一件事。检查结果位于定义处。删除它，或使用这个术语。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "term-used-before-definition" => (
            "按阅读顺序，术语在定义之前就被使用",
            r#"读者在看到定义之前先遇到了术语：在阅读顺序更靠前的条款（或前言）中，或在定义它的条款中更靠前的地方。每个文件一条检查结果，位于第一次这样的使用处，以定义为相关位置。把定义移到第一次使用之前（开头的定义条款，或前言），或在那里写出全称。其级别可在 content/_index.md 的 `rules:` 中设置。"#,
        ),
        "unknown-field" => (
            "前置信息中的字段既不是 clausebook 的，也没有被项目声明",
            r#"拼错的字段会作为一个独立的字段保留，悄无声息地失去它的含义（`reviewed_by:` 不是复审日期）。条款、其职责和预算分摊、content/_index.md、其协议方以及各章 _index.md 的每个键，都会对照 clausebook 的字段和项目自己的字段检查；项目自己的字段在 content/_index.md 的 `fields:` 下声明（条款字段 `venue: 地点`，或职责字段 `duties.note: 备注`）。提示会给出最接近的已知字段。"#,
        ),
        "unknown-party" => (
            "条款写了协议没有声明的协议方",
            r#"`owner:`、`parties:`、职责的 `owner:` 和预算分摊的 `party:` 用 content/_index.md 的 `parties:` 中的 `id` 或 `name` 指明协议方。两者都不匹配的名称（笔误，或不是本协议一方的部门）是错误，提示会列出已声明的协议方。"#,
        ),
        "unknown-unit" => (
            "协议组合中某协议的一方不是 org.yaml 中的部门",
            r#"在协议组合中，每份协议的每一方都是公司的一个部门：它的 `id` 就是 org.yaml 中某个部门的 id，或用 `org: <部门 id>` 指明是哪个部门（这是设置，不是签署的文本：加上它不会使批准过期）。两者都不是的协议方是该行的错误，并给出最接近的部门 id，或名称、别名与该方名称相同的部门。"#,
        ),
        "utf8" => (
            "文件不是有效的 UTF-8",
            r#"条款文件按 UTF-8 文本读取。检查结果指向第一个无效字节；请把文件另存为 UTF-8（对中文默认使用 GBK 或 UTF-16 的编辑器是常见原因）。"#,
        ),
        "versions" => (
            "关于从 Git 发布的版本的说明",
            r#"带版本的构建从 Git 标签（`v*`，或 `versions.tags`）和 content/_index.md 中的 `versions.releases` 读取版本。这一代码说明构建为何没有版本（不是 Git 仓库，没有版本），或某个版本为何被跳过（它的提交缺失，如浅克隆中；它的树中没有 content/ 文件夹）。旧版本永远不会使构建失败。"#,
        ),
        "yaml" => (
            "前置信息不是有效的 YAML",
            r#"`---` 行之间的文本无法按 YAML 解析：未闭合的括号或引号、用制表符缩进、键后缺少冒号。检查结果指向解析器停下的位置，能判断时指向可能的原因：键结尾处的全角冒号 `：`（`owner：marketing`，中文输入法最常见的失误），或用作缩进的全角空格（U+3000），各附快速修复。"#,
        ),
        _ => return None,
    })
}
