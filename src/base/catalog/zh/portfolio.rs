//! The Chinese words of [`Portfolio`]: one arm per message, so that none can be missing.

use crate::base::catalog::Portfolio;

/// The Chinese text of `m`.
pub(super) fn text(m: &Portfolio) -> String {
    match m {
        Portfolio::CannotRead { file, why } => format!("无法读取 {file}：{why}"),
        Portfolio::NotUtf8 { file } => format!("{file} 不是 UTF-8 文本"),
        Portfolio::KeysAre { keys } => format!("可用的键：{keys}"),
        Portfolio::UnknownKey { key } => format!("未知的键 `{key}`"),
        Portfolio::NoAgreements => "portfolio.yaml 没有列出任何协议".into(),
        Portfolio::ListAgreements => "在 `agreements:` 下列出协议，每项写明 `id` 和 `path`".into(),
        Portfolio::AgreementNeedsIdPath { name } => format!("{name} 需要 `id`，以及 `path` 或 `git`"),
        Portfolio::PathOrGit => "协议要么是文件夹（`path:`），要么是 Git 仓库（`git:`），不能两者都写".into(),
        Portfolio::NeedsGit { key } => format!("`{key}:` 须与 `git:`（从 Git 仓库读取的协议）一起使用"),
        Portfolio::BadDir { dir } => format!("`{dir}` 不是仓库内的文件夹"),
        Portfolio::DirIs => "`dir` 是仓库目录树中的相对文件夹，不含 `..`".into(),
        Portfolio::NoRepositoryAt { path, why } => format!("{path} 处没有 Git 仓库：{why}"),
        Portfolio::GitHolds => "`git` 是一个 Git 仓库（裸仓库或普通仓库），相对于 portfolio.yaml".into(),
        Portfolio::NoSuchRef { rev, repo } => format!("{repo} 中没有名为 `{rev}` 的分支、标签或提交"),
        Portfolio::RefIs => "`ref` 是仓库的分支、标签或提交（默认为其 HEAD）".into(),
        Portfolio::NoAgreementAtRef { repo, rev, file } => {
            format!("{repo} 在 `{rev}` 处没有协议：其目录树中没有 {file}")
        }
        Portfolio::DirHolds => "协议的文件位于仓库目录树的顶层，或位于 `dir:` 指定的文件夹中".into(),
        Portfolio::InvalidAgreementId { id } => format!("`{id}` 不能用作协议的 id"),
        Portfolio::IdsAre => "id 由字母、数字、`-` 和 `_` 组成".into(),
        Portfolio::AgreementIdTwice { id } => format!("协议 id `{id}` 用了两次"),
        Portfolio::NoAgreementAt { path } => format!("{path} 处没有协议"),
        Portfolio::PathHolds => "`path` 是协议的文件夹（其中有 content/_index.md），相对于 portfolio.yaml".into(),
        Portfolio::UnitNeedsId { name } => format!("{name} 需要 `id`"),
        Portfolio::InvalidUnitId { id } => format!("`{id}` 不能用作部门的 id"),
        Portfolio::UnitIdTwice { id } => format!("部门 id `{id}` 用了两次"),
        Portfolio::NoSuchParent { parent } => format!("没有 id 为 `{parent}` 的部门"),
        Portfolio::NameOfTwoUnits { name, other, id } => {
            format!("`{name}` 也是{other}（`{id}`）的名称或别名：缔约方写它时将被当作该部门")
        }
        Portfolio::NamesOfTheirOwn => "给每个部门各自不同的名称和别名".into(),
        Portfolio::ParentCircle { id } => format!("`{id}` 的上级部门绕回到了它自己"),
        Portfolio::UnknownUnit { party, unit } => {
            format!("协议方 `{party}` 不是协议组合中的部门（部门文件中没有 `{unit}`）")
        }
        Portfolio::AddOrg { unit } => format!("写明它是哪个部门：`org: {unit}`"),
        Portfolio::LiaisonMissing { unit, party, duties } => {
            format!("{unit}在本协议中承担 {duties} 项职责，但其协议方 `{party}` 没有写明联络人")
        }
        Portfolio::AddLiaison => "在这里写明代表该部门的联络人：`liaison: …`".into(),
        Portfolio::SpecPortfolioOutside { rule } => format!(
            "{rule}：`portfolio` 检查只能写在组合的 rules/ 文件夹中（portfolio.yaml 旁）；协议自己的规则用 `clause` 和 `agreement` 检查"
        ),
        Portfolio::SpecNoPortfolioCheck { rule } => format!(
            "{rule}需要一个检查：`portfolio = function(p, report) … end`（portfolio.yaml 旁的规则检查整个组合）"
        ),
        Portfolio::ReportAgreementWrongType { found } => {
            format!("`agreement` 应为 `p.agreements` 中的协议或协议的 id，实际是 {found}")
        }
        Portfolio::ReportNoSuchAgreement { id, hint } => format!("组合中没有 id 为 `{id}` 的协议{hint}"),
        Portfolio::ReportClauseWithoutAgreement => {
            "`clause = \"id\"` 指的是哪份协议的条款？请同时给出 `agreement`，或给出条款的表".into()
        }
        Portfolio::ReportClauseOfOtherAgreement { of, named } => format!("该条款属于协议 `{of}`，不属于 `{named}`"),
        Portfolio::NoPortfolioLists => {
            "上级文件夹中没有列出本协议的 portfolio.yaml：用 --portfolio 指明协议组合的文件夹".into()
        }
        Portfolio::NoPortfolioHere { root } => {
            format!(
                "{root} 中没有 portfolio.yaml：请在协议组合的文件夹中运行 `clausebook agreements`，或用 --root 指明该文件夹"
            )
        }
        Portfolio::BadNode { node } => {
            format!("`--node {node}` 不是有效的节点：请写成 K/N，即 N 个节点中的第 K 个（K 为 1 至 N），如 --node 2/4")
        }
        Portfolio::NothingListed { counts } => {
            format!("没有列出任何协议（{counts}）：portfolio.yaml 或部门文件有错误")
        }
        Portfolio::BuildBundleAgain => "用 `clausebook build --bundle` 重新构建该包".into(),
        Portfolio::BundleFormat { found, expected } => format!("该包的格式是 `{found}`，而不是 `{expected}`"),
        Portfolio::ForeignBundle { id } => format!("该包属于协议 `{id}`，portfolio.yaml 中没有列出它"),
        Portfolio::BundleOtherDay { day, today } => format!("该包按 {day} 构建，而门户按 {today} 组装"),
        Portfolio::BundleHasNoSite => "该包没有完整的网站（site/ 缺失或不完整）".into(),
        Portfolio::BundleTwice { id } => format!("协议 `{id}` 的第二个包"),
        Portfolio::NoBundleFor { id } => format!("没有提供协议 `{id}` 的包"),
        Portfolio::BundleStale { id } => format!("`{id}` 的包是按它所引用（或引用它）的协议的其他版本构建的"),
        Portfolio::BundleLinksOutside { id } => {
            format!("`{id}` 的包链接到它自己网站之外的页面，或其日历中含有事件以外的内容")
        }
        Portfolio::ReservedAgreementId { id } => format!("`{id}` 是门户自己的文件夹，不能用作协议的 id"),
        Portfolio::ReservedAre { ids } => format!("门户自己的文件夹：{ids}"),
        Portfolio::BundleOfAnotherPortfolio { title } => format!("该包是为协议组合「{title}」构建的，不属于本协议组合"),
        Portfolio::OutIsABundle { dir } => format!("输出文件夹会覆盖包 {dir}：请用 --out 指定另一个文件夹"),
        Portfolio::AgreementIdCase { id, other } => {
            format!("协议 id `{id}` 与 `{other}` 只有大小写不同：在 Windows 和 macOS 上它们是同一个文件夹")
        }
        Portfolio::SameFolderTwice { other } => format!("这个文件夹已经是协议 `{other}`"),
        Portfolio::MalformedCitation { written } => format!("`{written}` 不是对其他协议条款的引用"),
        Portfolio::CitationForm => {
            "引用其他协议的条款写作 [[协议:条款]]，固定到某个发布版本写作 [[协议@v1.0:条款]]".into()
        }
        Portfolio::PortfolioDoesNotList { dir } => format!("{dir}/portfolio.yaml 没有列出本协议"),
        Portfolio::ReservedAgreementIdCase { id, own } => {
            format!("`{id}` 在 Windows 和 macOS 上（其磁盘不区分大小写）就是门户自己的文件夹 `{own}`")
        }
        Portfolio::RefNamesNoCommit { rev, repo, kind } => {
            format!("{repo} 中的 `{rev}` 指向 Git 的 `{kind}` 对象，不是提交")
        }
        Portfolio::RefNamesCommit => "草案是某个提交的目录树：请写分支、提交，或指向提交的标签".into(),
        Portfolio::AmbiguousRef { rev, repo, refs } => format!("{repo} 中的 `{rev}` 可指多个引用：{refs}"),
        Portfolio::WriteRefInFull { choices } => format!("请写出所指引用的全名：{choices}"),
        Portfolio::NoSuchAgreement { dir, id, hint } => format!("{dir}/portfolio.yaml 中没有协议 `{id}`：{hint}"),
        Portfolio::AgreementsAre { ids } => format!("其中的协议：{ids}"),
        Portfolio::SeveralAgreementsAt { root, ids } => format!("{root} 中有协议组合的多个协议：{ids}"),
        Portfolio::PickAgreement { choices } => format!("请指明要打包的协议：{choices}"),
        Portfolio::AlsoThere { id } => format!("这里也有一个：`--agreement {id}`"),
        Portfolio::AgreementGone { id, path } => {
            format!("协议 `{id}` 的文件夹不见了（{path}）：在它回来之前，保留上次成功构建的网站")
        }
        Portfolio::BringItBack => "请把它移回原处，或将它从 portfolio.yaml 中删去并重新启动".into(),
    }
}
