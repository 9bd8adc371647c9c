//! The Chinese words of [`Library`]: one arm per message, so that none can be missing.

use crate::base::catalog::Library;

/// The Chinese text of `m`.
pub(super) fn text(m: &Library) -> String {
    match m {
        Library::Folder => "`library` 应为协议的 `library/` 文件夹或其中的文件夹（不含 `..` 的相对路径）".into(),
        Library::NoIndex { dir } => format!("条款库 `{dir}` 没有写明标题的 `_index.md`"),
        Library::NotAnEdition { file } => format!("`{file}` 不是版次文件：条款库中每个条款的版次为 `1.md`、`2.md` ……"),
        Library::MissingEdition { clause, n } => format!("`{clause}` 缺少第 {n} 版：版次从 1 起连续编号"),
        Library::NeedsKind => "第一版之后的每一版都要写明改动的性质：`kind: correction`、`update` 或 `edition`".into(),
        Library::EditionUses => {
            "条款库的版次不能使用另一个标准条款：版次的文本须完整写出，这样标准条款之间不会相互使用（循环）".into()
        }
        Library::FirstHasNoKind => "第一版没有改动，不写 `kind`".into(),
        Library::UnknownKind { word } => format!("`{word}` 不是版次的性质（`correction`、`update` 或 `edition`）"),
        Library::NotAnId { folder } => {
            format!("文件夹 `{folder}` 不是条款库条款的 id（字母、数字、`-`、`_`）：没有 `use:` 能指向它")
        }
        Library::OwnPlaceholder => "`with` 只填入条款库文本：条款自身正文中的这个占位符会原样显示".into(),
        Library::NoTitle => "版次（以及条款库的 `_index.md`）要写明 `title`".into(),
        Library::Malformed { written, file } => {
            format!("{file} 中的 `{written}` 不是占位符：占位符写作 `{{{{名称}}}}`")
        }
        Library::NothingToRewrite => "没有需要改写的 `use:` 值：都已固定，或没有条款使用该条款库条款的其他版次".into(),
        Library::NotAFolder { dir } => format!("`{dir}` 是一个文件，不是条款库的文件夹"),
        Library::NoFolder { dir } => format!("条款库文件夹 `{dir}` 不存在"),
        Library::UseForm => "`use` 的写法是 `<条款库条款>@<版次>`（如 `confidentiality@3`）".into(),
        Library::NoLibrary => "`use` 需要条款库：请在 content/_index.md 中用 `library:` 指明其文件夹".into(),
        Library::NoSuchClause { clause } => format!("条款库中没有条款 `{clause}`"),
        Library::NoSuchEdition { clause, n, latest } => format!("`{clause}` 没有第 {n} 版：现有第 1 至 {latest} 版"),
        Library::Unfilled { name } => format!("条款库文本中的 `{name}` 没有给出内容：请在 `with:` 中补上"),
        Library::NoSuchPlaceholder { name, clause, n } => format!("`{name}` 不是 `{clause}` 第 {n} 版中的占位符"),
        Library::WithForm => "`with` 给出每个占位符的内容：`with: {甲方: 营销部}`".into(),
        Library::WithWithoutUse => "有 `with` 而没有 `use`：没有可填入的条款库文本".into(),
        Library::Changed { clause, n, file } => {
            format!("`{clause}` 第 {n} 版（{file}）已不是本条记录的文本：已发布的版次不得改动")
        }
        Library::PublishNew => "把改动发布为新的版次（写明其性质），并将该版次的文本恢复原样".into(),
        Library::Unpinned { clause, n } => format!("对 `{clause}` 第 {n} 版的使用没有记录其文本的摘要：尚未固定"),
        Library::Pin => "`clausebook library pin` 会记录所用每个版次的摘要".into(),
        Library::NoAgreement => "协议没有可读取的 content/_index.md：`clausebook check` 会说明原因".into(),
        Library::Moved { file, line } => format!("{file}:{line}：`use:` 的值已不在读取时的位置；请重新运行该命令"),
        Library::Outdated { clause, n, count, latest, kind } => {
            let kind = match kind.to_string().as_str() {
                "correction" => "措辞更正",
                "update" => "含义改动",
                _ => "新版",
            };
            format!(
                "使用的是 `{clause}` 第 {n} 版；此后已发布 {count} 个新版，最新为第 {latest} 版（最大的改动：{kind}）"
            )
        }
        Library::NotPlain { file, line, value } => format!(
            "{file}:{line}：`use:` 的值没有写成本行上的普通或带引号的值，命令只改写这种写法：请这样写（`use: {value}`）后重新运行"
        ),
        Library::RedlineAt { page } => format!("（门户上的对照：{page}）"),
        Library::Upgrade { clause, latest } => format!("看过改动后，改写为 `use: {clause}@{latest}`"),
    }
}
