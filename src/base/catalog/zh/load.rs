//! The Chinese words of [`Load`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Load, Whose};

/// The Chinese text of `m`.
pub(super) fn text(m: &Load) -> String {
    match m {
        Load::FilePathHoldsControlCharacter { shown, u } => {
            format!("文件路径 {shown} 中有控制字符 {u}：clausebook 显示为 �，别的工具可能把它当作换行等")
        }
        Load::RenameFileNameVisibleCharacters => "给文件改一个只含可见字符的名字".into(),
        Load::IdHoldsControlCharacter { u } => format!("id 中有控制字符 {u}"),
        Load::IdCharacters => "id 由字母（中文亦可）、数字、`-` 和 `_` 组成，例如 `budget-approval`".into(),
        Load::ControlCharacterWrittenHereReaders { u } => {
            format!("这里写入了控制字符 {u}：读者看不见它，日历（.ics）和 JUnit 报告无法容纳它，显示为 �")
        }
        Load::DeleteMostLikelyCamePasted => "删除它（多半是复制粘贴时带进来的）".into(),
        Load::WriteWhyExampleAgreedReview { key } => format!("写明理由，例如 `{key}: \"2026-01-10 复审会议同意\"`"),
        Load::SuppressionHasNoReason { key } => format!("对 `{key}` 的豁免没有写理由"),
        Load::TermCannotEmpty => "术语不能为空".into(),
        Load::WriteTermBeingDefinedSuch => "写出要定义的术语，例如 `联合活动: …`".into(),
        Load::ClauseHasNoTitle => "条款没有 `title`（标题）".into(),
        Load::AddTitleFrontMatter => "在前置信息中加上 `title: …`".into(),
        Load::UseOneDraftActiveRetired => "可用 draft、active 或 retired".into(),
        Load::UnknownStatus { word } => format!("未知的状态 `{word}`"),
        Load::NeedsBothPartySharePercent { name } => {
            format!("`{name}` 需要同时写明 `party`（出资方）和 `share`（百分比）")
        }
        Load::HasNoText { name } => format!("`{name}` 没有 `text`"),
        Load::SayWhatMustDoneText => "在 `text: …` 中写明要做的事".into(),
        Load::CadenceNeverOccursNoMonth { written, month, day } => {
            format!("频率「{written}」永远不会出现：{month} 月没有 {day} 日，日历和近期事项都不会有它")
        }
        Load::ChooseDayMonthHasMost { month, longest } => {
            format!("改成 {month} 月有的一天（最多 {longest} 日），或写月底：`每年{month}月底`")
        }
        Load::CadenceNotUnderstoodStaysText { written } => {
            format!("不理解的频率「{written}」：它仍作为文本显示，但不会进入日历")
        }
        Load::AnotherDutyClauseHasId { id } => format!("本条款已有 id 为 `{id}` 的职责"),
        Load::DutySIdUniqueWithin => "每项职责的 id 在条款内唯一：它命名职责的日历事件".into(),
        Load::FirstUsedHere => "第一次出现在这里".into(),
        Load::CannotDutyId { id } => format!("`{id}` 不能作为职责的 id"),
        Load::DutyIdCharacters => "id 由字母（中文亦可）、数字、`-` 和 `_` 组成，例如 `payment-terms`".into(),
        Load::FieldsListItemsDutiesName => "列表项的字段写作 `duties.名称` 或 `budget.名称`".into(),
        Load::FieldsThereNoList { list } => format!("`fields`：没有 `{list}` 这个列表"),
        Load::FieldsOneClausebookSOwn { key } => format!("`fields`：`{key}` 已是 clausebook 自带的字段，无需声明"),
        Load::DeclareProjectSOwnFields => {
            "项目自己的字段在 content/_index.md 的 `fields:` 中声明，例如 `fields: {venue: 地点}`".into()
        }
        Load::NotField { key, whose } => format!("`{key}` 不是{}的字段", whose_name(*whose)),
        Load::NotSettingOfField { key, field } => format!("`{key}` 不是字段 `{field}` 的设置"),
        Load::DeclaredFieldHasDescriptionChangelog => "声明的字段只有 `description` 和 `changelog`".into(),
        Load::MalformedYaml { problem } => format!("YAML 格式错误：{}", super::problem(problem)),
        Load::FullWidthColonYamlSeparates => {
            "这里用了全角冒号 `：`：YAML 只认半角冒号 `:` 作为字段和值之间的分隔".into()
        }
        Load::ReplaceColonSpaceSwitchInput => "把 `：` 换成半角冒号加空格 `: `（可先把输入法切换到英文标点）".into(),
        Load::ParserSaid { said } => format!("解析器的原话：{said}"),
        Load::LineIndentedTabYamlIndents { line } => format!("第 {line} 行用制表符（Tab）缩进；YAML 只能用空格缩进"),
        Load::Tab => "制表符在这里".into(),
        Load::LineColumnNeverClosed { line, col, open } => format!("第 {line} 行第 {col} 列的 `{open}` 没有闭合"),
        Load::OpenedHere => "在这里打开".into(),
        Load::LineIndentedFullWidthSpace => "这一行用全角空格（U+3000）缩进：YAML 只能用半角空格缩进".into(),
        Load::ReplaceFullWidthSpaceTwo => "把全角空格换成两个半角空格（可先把输入法切换到半角）".into(),
        Load::AgreementHasNoTitle => "协议没有 `title`（标题）".into(),
        Load::ThemeNotFolderNameUnder { theme } => {
            format!("`theme: {theme}` 不是 themes/ 下的文件夹名：只能用字母、数字、- 和 _")
        }
        Load::NameFolderThemesEG => "写 themes/ 下的文件夹名，例如 `theme: house`".into(),
        Load::CannotReadFile { e } => format!("无法读取文件：{e}"),
        Load::FileNotValidUtf => "文件不是有效的 UTF-8 文本".into(),
        Load::SaveFileUtfWithoutLegacy => "把文件另存为 UTF-8（不要用 GBK 等旧编码）".into(),
        Load::FrontMatterNeverClosed => "前置信息没有结束".into(),
        Load::EndFrontMatterLine => "用一行 `---` 结束前置信息".into(),
        Load::FileHasNoFrontMatter => "文件没有前置信息".into(),
        Load::StartFileLineTitle => "文件以 `---`、一行 `title: …` 和 `---` 开头".into(),
        Load::WriteDatesYyyyMmDd => "日期写作 YYYY-MM-DD，例如 2025-03-01".into(),
        Load::NumberNotAsWritten { name, number } => format!("`{name}` 被读作数字 {number}，与所写不同：请加引号"),
        Load::WriteNumberWithoutPercentSign { number } => format!("去掉百分号，直接写数字：{number}"),
        Load::NotALanguageTag { value } => format!("`{value}` 不是语言标记（应如 `zh-CN` 或 `en`）"),
        Load::WriteALanguageTag => {
            "写语言标记（BCP 47）：语言代码，可再加地区或文字，用 `-` 连接，如 `zh-CN`、`zh-Hans`、`en`".into()
        }
        Load::NotAFullAddress { value } => {
            format!("`base_url: {value}` 不是完整的网址：日历和从别处打开的链接都无法跟随它")
        }
        Load::WriteTheFullAddress => "写站点发布处的完整网址，以 `https://`（或 `http://`）开头，不含空格".into(),
        Load::MustNumberFoundString { name, s } => format!("`{name}` 应为数字，实际是文本 \"{s}\""),
        Load::NotValidDate { name, s } => format!("`{name}`：\"{s}\" 不是有效日期"),
        Load::TooLongBytesMostAbout { start, bytes, max_bytes } => {
            format!("`{start}…` 太长：{bytes} 字节，最多 {max_bytes} 字节（约 40 个汉字）")
        }
        Load::FileNameWindowsReservesPage { name } => {
            format!("`{name}` 是 Windows 保留的文件名，网站复制到 Windows 共享盘后无法打开")
        }
        Load::CannotNameReleaseUseLetters { name } => {
            format!("`{name}` 不能作为版本名：版本名由字母、数字、`.`、`-`、`_`、`+` 组成，不能以 `.` 或 `-` 开头")
        }
        Load::PageIdCharacters => {
            "id 由字母（中文亦可）、数字、`-` 和 `_` 组成，例如 `budget-approval`；它是页面的文件名".into()
        }
        Load::CannotPartyId { id } => format!("`{id}` 不能作为协议方的 id"),
        Load::OtherOne => "另一个在这里".into(),
        Load::CannotClauseId { id } => format!("`{id}` 不能作为条款 id"),
        Load::GiveOneThemAnotherId => "给其中一个换一个 id".into(),
        Load::IdDiffersFromOnlyCase { id, other } => {
            format!("id `{id}` 与 `{other}` 只差大小写或 Unicode 写法：在 macOS 和 Windows 上两个页面会互相覆盖")
        }
        Load::FrontMatterNotMapping { found } => format!("前置信息应为“字段: 值”的映射，实际是{}", super::kind(found)),
        Load::MustBe { name, expected, found } => {
            format!("`{name}` 应为{}，实际是{}", super::expected(*expected), super::kind(found))
        }
        Load::MustBeDate { name, found } => format!("`{name}` 应为日期，实际是{}", super::kind(found)),
        Load::ReleaseNameTaken { name, taken } => {
            format!("`{name}` 是网站自己使用的名称（{}），换一个版本名", taken.join("、"))
        }
    }
}

/// Where an unknown field was written.
fn whose_name(w: Whose) -> &'static str {
    match w {
        Whose::Agreement => "协议（_index.md）",
        Whose::Party => "协议方",
        Whose::Chapter => "章（_index.md）",
        Whose::Clause => "条款",
        Whose::Duty => "职责",
        Whose::BudgetShare => "预算分摊",
    }
}
