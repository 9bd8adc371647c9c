//! The English words of [`Portfolio`]: one arm per message, so that none can be missing.

use crate::base::catalog::Portfolio;

/// The English text of `m`.
pub(super) fn text(m: &Portfolio) -> String {
    match m {
        Portfolio::CannotRead { file, why } => format!("{file} cannot be read: {why}"),
        Portfolio::NotUtf8 { file } => format!("{file} is not UTF-8 text"),
        Portfolio::KeysAre { keys } => format!("the keys are: {keys}"),
        Portfolio::UnknownKey { key } => format!("unknown key `{key}`"),
        Portfolio::NoAgreements => "portfolio.yaml lists no agreements".into(),
        Portfolio::ListAgreements => "list them under `agreements:`, each with `id` and `path`".into(),
        Portfolio::AgreementNeedsIdPath { name } => format!("{name} needs an `id`, and a `path` or a `git`"),
        Portfolio::PathOrGit => "an agreement is a folder (`path:`) or a Git repository (`git:`), not both".into(),
        Portfolio::NeedsGit { key } => format!("`{key}:` goes with `git:` (an agreement read from a Git repository)"),
        Portfolio::BadDir { dir } => format!("`{dir}` is not a folder inside the repository"),
        Portfolio::DirIs => "`dir` is a relative folder of the repository's tree, without `..`".into(),
        Portfolio::NoRepositoryAt { path, why } => format!("no Git repository at {path}: {why}"),
        Portfolio::GitHolds => "`git` is a Git repository (bare or not), relative to portfolio.yaml".into(),
        Portfolio::NoSuchRef { rev, repo } => format!("no branch, tag or commit `{rev}` in {repo}"),
        Portfolio::RefIs => "`ref` is a branch, a tag or a commit of the repository (default: its HEAD)".into(),
        Portfolio::NoAgreementAtRef { repo, rev, file } => format!("no agreement in {repo} at `{rev}`: its tree has no {file}"),
        Portfolio::DirHolds => {
            "the agreement's files are at the top of the repository's tree, or in the folder `dir:` names".into()
        }
        Portfolio::InvalidAgreementId { id } => format!("`{id}` cannot be an agreement's id"),
        Portfolio::IdsAre => "an id is letters, digits, `-` and `_`".into(),
        Portfolio::AgreementIdTwice { id } => format!("the agreement id `{id}` is used twice"),
        Portfolio::NoAgreementAt { path } => format!("no agreement at {path}"),
        Portfolio::PathHolds => {
            "`path` is the agreement's folder (holding content/_index.md), relative to portfolio.yaml".into()
        }
        Portfolio::UnitNeedsId { name } => format!("{name} needs an `id`"),
        Portfolio::InvalidUnitId { id } => format!("`{id}` cannot be a department's id"),
        Portfolio::UnitIdTwice { id } => format!("the department id `{id}` is used twice"),
        Portfolio::NoSuchParent { parent } => format!("no department has the id `{parent}`"),
        Portfolio::NameOfTwoUnits { name, other, id } => format!("`{name}` is also a name or alias of {other} (`{id}`)"),
        Portfolio::NamesOfTheirOwn => "give each department names and aliases of its own".into(),
        Portfolio::ParentCircle { id } => format!("the parents of `{id}` lead back to it"),
        Portfolio::UnknownUnit { party, unit } => {
            format!("the party `{party}` is no department of the portfolio (no unit `{unit}` in the departments file)")
        }
        Portfolio::AddOrg { unit } => format!("say which department it is: `org: {unit}`"),
        Portfolio::LiaisonMissing { unit, party, duties } => {
            format!("{unit} has {duties} duty(ies) in this agreement, but its party `{party}` names no liaison")
        }
        Portfolio::AddLiaison => "name the person who speaks for the department here: `liaison: …`".into(),
        Portfolio::SpecPortfolioOutside { rule } => format!(
            "{rule}: a `portfolio` check runs only in the rules/ folder of a portfolio (beside portfolio.yaml); \
             an agreement's rules have `clause` and `agreement` checks"
        ),
        Portfolio::SpecNoPortfolioCheck { rule } => format!(
            "{rule} needs a check: `portfolio = function(p, report) … end` (the rules beside portfolio.yaml check \
             the whole portfolio)"
        ),
        Portfolio::ReportAgreementWrongType { found } => {
            format!("`agreement` must be an agreement of `p.agreements` or an agreement's id, found {found}")
        }
        Portfolio::ReportNoSuchAgreement { id, hint } => format!("no agreement of the portfolio has the id `{id}`{hint}"),
        Portfolio::ReportClauseWithoutAgreement => {
            "`clause = \"id\"` names a clause of which agreement? give `agreement` too, or the clause's table".into()
        }
        Portfolio::ReportClauseOfOtherAgreement { of, named } => {
            format!("the clause is of agreement `{of}`, not of `{named}`")
        }
        Portfolio::NoPortfolioLists => {
            "no portfolio.yaml above this agreement lists it: give the portfolio's folder with --portfolio".into()
        }
        Portfolio::NoPortfolioHere { root } => format!(
            "{root} holds no portfolio.yaml: run `clausebook agreements` at a portfolio's folder, or give it with --root"
        ),
        Portfolio::BadNode { node } => {
            format!("`--node {node}` is no node: write K/N, node K (1 to N) of N nodes, e.g. --node 2/4")
        }
        Portfolio::NothingListed { counts } => {
            format!("no agreement is listed ({counts}): portfolio.yaml or the departments file has errors")
        }
        Portfolio::BuildBundleAgain => "build the bundle again with `clausebook build --bundle`".into(),
        Portfolio::BundleFormat { found, expected } => format!("the bundle's format is `{found}`, not `{expected}`"),
        Portfolio::ForeignBundle { id } => {
            format!("the bundle is of agreement `{id}`, which portfolio.yaml does not list")
        }
        Portfolio::BundleOtherDay { day, today } => {
            format!("the bundle was built for {day}, the portal is assembled for {today}")
        }
        Portfolio::BundleHasNoSite => "the bundle has no finished site (site/ is missing or incomplete)".into(),
        Portfolio::BundleTwice { id } => format!("a second bundle of agreement `{id}`"),
        Portfolio::NoBundleFor { id } => format!("no bundle of agreement `{id}` was given"),
        Portfolio::BundleStale { id } => {
            format!("the bundle of `{id}` was built against other versions of the agreements it cites or that cite it")
        }
        Portfolio::BundleLinksOutside { id } => {
            format!("the bundle of `{id}` links to pages outside its own site, or its calendar holds more than events")
        }
        Portfolio::ReservedAgreementId { id } => format!("`{id}` is a folder of the portal's own, not an agreement's"),
        Portfolio::ReservedAre { ids } => format!("the portal's own folders: {ids}"),
        Portfolio::BundleOfAnotherPortfolio { title } => format!("the bundle was built for the portfolio \"{title}\", not this one"),
        Portfolio::OutIsABundle { dir } => format!("the output folder would overwrite the bundle {dir}: give --out another folder"),
        Portfolio::AgreementIdCase { id, other } => format!("the agreement id `{id}` differs from `{other}` only in case: on Windows and macOS they are one folder"),
        Portfolio::SameFolderTwice { other } => format!("this folder is already the agreement `{other}`"),
        Portfolio::MalformedCitation { written } => format!("`{written}` is not a citation of another agreement's clause"),
        Portfolio::CitationForm => "cite another agreement's clause as [[agreement:clause]], or pinned to a release as [[agreement@v1.0:clause]]".into(),
        Portfolio::PortfolioDoesNotList { dir } => format!("{dir}/portfolio.yaml does not list this agreement"),
        Portfolio::ReservedAgreementIdCase { id, own } => {
            format!("`{id}` is, on Windows and macOS (whose disks ignore case), the portal's own folder `{own}`")
        }
        Portfolio::RefNamesNoCommit { rev, repo, kind } => format!("`{rev}` in {repo} names a Git `{kind}`, not a commit"),
        Portfolio::RefNamesCommit => "a draft is a commit's tree: name a branch, a commit, or a tag of a commit".into(),
        Portfolio::AmbiguousRef { rev, repo, refs } => format!("`{rev}` in {repo} names more than one ref: {refs}"),
        Portfolio::WriteRefInFull { choices } => format!("write the one meant in full: {choices}"),
        Portfolio::NoSuchAgreement { dir, id, hint } => format!("{dir}/portfolio.yaml lists no agreement `{id}`: {hint}"),
        Portfolio::AgreementsAre { ids } => format!("its agreements are: {ids}"),
        Portfolio::SeveralAgreementsAt { root, ids } => format!("{root} holds several agreements of the portfolio: {ids}"),
        Portfolio::PickAgreement { choices } => format!("name the one to bundle: {choices}"),
        Portfolio::AlsoThere { id } => format!("also there: `--agreement {id}`"),
        Portfolio::AgreementGone { id, path } => {
            format!("the folder of the agreement `{id}` is gone ({path}): the last good site stays until it is back")
        }
        Portfolio::BringItBack => "move it back, or take it out of portfolio.yaml and restart".into(),
    }
}
