//! The messages of a portfolio's own files and checks.

use std::fmt::Display;

/// A message of the portfolio; its words are in `zh/portfolio.rs` and `en/portfolio.rs`.
pub enum Portfolio<'a> {
    /// {file} cannot be read: {why}
    CannotRead { file: &'a dyn Display, why: &'a dyn Display },
    /// {file} is not UTF-8 text
    NotUtf8 { file: &'a dyn Display },
    /// The keys are: {keys}
    KeysAre { keys: &'a dyn Display },
    /// Unknown key `{key}`
    UnknownKey { key: &'a dyn Display },
    /// Portfolio.yaml lists no agreements
    NoAgreements,
    /// List them under `agreements:`, each with `id` and `path`
    ListAgreements,
    /// {name} needs an `id`, and a `path` or a `git`
    AgreementNeedsIdPath { name: &'a dyn Display },
    /// An agreement is a folder (`path:`) or a Git repository (`git:`), not both
    PathOrGit,
    /// `{key}:` goes with `git:` (an agreement read from a Git repository)
    NeedsGit { key: &'a dyn Display },
    /// `{dir}` is not a folder inside the repository
    BadDir { dir: &'a dyn Display },
    /// `dir` is a relative folder of the repository's tree, without `..`
    DirIs,
    /// No Git repository at {path}: {why}
    NoRepositoryAt { path: &'a dyn Display, why: &'a dyn Display },
    /// `git` is a Git repository (bare or not), relative to portfolio.yaml
    GitHolds,
    /// No branch, tag or commit `{rev}` in {repo}
    NoSuchRef { rev: &'a dyn Display, repo: &'a dyn Display },
    /// `ref` is a branch, a tag or a commit of the repository (default: its HEAD)
    RefIs,
    /// No agreement in {repo} at `{rev}`: its tree has no {file}
    NoAgreementAtRef { repo: &'a dyn Display, rev: &'a dyn Display, file: &'a dyn Display },
    /// The agreement's files are at the top of the repository's tree, or in the folder `dir:` names
    DirHolds,
    /// `{id}` cannot be an agreement's id
    InvalidAgreementId { id: &'a dyn Display },
    /// An id is letters, digits, `-` and `_`
    IdsAre,
    /// The agreement id `{id}` is used twice
    AgreementIdTwice { id: &'a dyn Display },
    /// No agreement at {path}
    NoAgreementAt { path: &'a dyn Display },
    /// `path` is the agreement's folder (holding content/_index.md), relative to portfolio.yaml
    PathHolds,
    /// {name} needs an `id`
    UnitNeedsId { name: &'a dyn Display },
    /// `{id}` cannot be a department's id
    InvalidUnitId { id: &'a dyn Display },
    /// The department id `{id}` is used twice
    UnitIdTwice { id: &'a dyn Display },
    /// No department has the id `{parent}`
    NoSuchParent { parent: &'a dyn Display },
    /// `{name}` is also a name or alias of {other} (`{id}`): ambiguous (a party that names it is taken for that one)
    NameOfTwoUnits { name: &'a dyn Display, other: &'a dyn Display, id: &'a dyn Display },
    /// Give each department names and aliases of its own
    NamesOfTheirOwn,
    /// The parents of `{id}` lead back to it
    ParentCircle { id: &'a dyn Display },
    /// The party `{party}` is no department of the portfolio (no unit `{unit}` in the departments file)
    UnknownUnit { party: &'a dyn Display, unit: &'a dyn Display },
    /// Say which department it is: `org: {unit}`
    AddOrg { unit: &'a dyn Display },
    /// {unit} has {duties} duty(ies) in this agreement, but its party `{party}` names no liaison
    LiaisonMissing { unit: &'a dyn Display, party: &'a dyn Display, duties: usize },
    /// Name the person who speaks for it: `liaison: …`
    AddLiaison,
    /// {rule}: a `portfolio` check runs only in the rules/ of a portfolio
    SpecPortfolioOutside { rule: &'a dyn Display },
    /// {rule} needs a check: `portfolio = function(p, report) … end`
    SpecNoPortfolioCheck { rule: &'a dyn Display },
    /// `agreement` must be a table of `p.agreements` or an agreement id, found {found}
    ReportAgreementWrongType { found: &'a dyn Display },
    /// no agreement of the portfolio has the id `{id}`{hint}
    ReportNoSuchAgreement { id: &'a dyn Display, hint: &'a dyn Display },
    /// a clause id names a clause of which agreement? give `agreement` too
    ReportClauseWithoutAgreement,
    /// the clause is of agreement `{of}`, not of `{named}`
    ReportClauseOfOtherAgreement { of: &'a dyn Display, named: &'a dyn Display },
    /// No portfolio.yaml above this agreement lists it: give the portfolio's folder with --portfolio
    NoPortfolioLists,
    /// {root} holds no portfolio.yaml: run `clausebook agreements` at a portfolio's folder, or give it with --root
    NoPortfolioHere { root: &'a dyn Display },
    /// `--node {node}` is no node: write K/N, node K (1 to N) of N nodes, e.g. --node 2/4
    BadNode { node: &'a dyn Display },
    /// No agreement is listed ({counts}): portfolio.yaml or the departments file has errors
    NothingListed { counts: &'a dyn Display },
    /// Build the bundle again with `clausebook build --bundle`
    BuildBundleAgain,
    /// The bundle's format is `{found}`, not `{expected}`
    BundleFormat { found: &'a dyn Display, expected: &'a dyn Display },
    /// The bundle is of agreement `{id}`, which portfolio.yaml does not list
    ForeignBundle { id: &'a dyn Display },
    /// The bundle was built for {day}, the portal is assembled for {today}
    BundleOtherDay { day: &'a dyn Display, today: &'a dyn Display },
    /// The bundle has no finished site (site/ is missing or incomplete)
    BundleHasNoSite,
    /// A second bundle of agreement `{id}`
    BundleTwice { id: &'a dyn Display },
    /// No bundle of agreement `{id}` was given
    NoBundleFor { id: &'a dyn Display },
    /// The bundle of `{id}` was built against other versions of the agreements it cites or that cite it
    BundleStale { id: &'a dyn Display },
    /// The bundle of `{id}` links to pages outside its own site, or its calendar holds more than events
    BundleLinksOutside { id: &'a dyn Display },
    /// `{id}` is a folder of the portal's own, not an agreement's
    ReservedAgreementId { id: &'a dyn Display },
    /// The portal's own folders: {ids}
    ReservedAre { ids: &'a dyn Display },
    /// The bundle was built for the portfolio "{title}", not this one
    BundleOfAnotherPortfolio { title: &'a dyn Display },
    /// The output folder would overwrite the bundle {dir}: give --out another folder
    OutIsABundle { dir: &'a dyn Display },
    /// The agreement id `{id}` differs from `{other}` only in case: on Windows and macOS they are one folder
    AgreementIdCase { id: &'a dyn Display, other: &'a dyn Display },
    /// This folder is already the agreement `{other}`
    SameFolderTwice { other: &'a dyn Display },
    /// `{written}` is not a citation of another agreement's clause
    MalformedCitation { written: &'a dyn Display },
    /// Cite another agreement's clause as [[agreement:clause]], or pinned to a release as [[agreement@v1.0:clause]]
    CitationForm,
    /// {dir}/portfolio.yaml does not list this agreement
    PortfolioDoesNotList { dir: &'a dyn Display },
    /// `{id}` is, on Windows and macOS (whose disks ignore case), the portal's own folder `{own}`
    ReservedAgreementIdCase { id: &'a dyn Display, own: &'a dyn Display },
    /// `{rev}` in {repo} names a Git `{kind}`, not a commit
    RefNamesNoCommit { rev: &'a dyn Display, repo: &'a dyn Display, kind: &'a dyn Display },
    /// A draft is a commit's tree: name a branch, a commit, or a tag of a commit
    RefNamesCommit,
    /// `{rev}` in {repo} names more than one ref: {refs}
    AmbiguousRef { rev: &'a dyn Display, repo: &'a dyn Display, refs: &'a dyn Display },
    /// Write the one meant in full: {choices}
    WriteRefInFull { choices: &'a dyn Display },
    /// {dir}/portfolio.yaml lists no agreement `{id}`: {hint}
    NoSuchAgreement { dir: &'a dyn Display, id: &'a dyn Display, hint: &'a dyn Display },
    /// Its agreements are: {ids}
    AgreementsAre { ids: &'a dyn Display },
    /// {root} holds several agreements of the portfolio: {ids}
    SeveralAgreementsAt { root: &'a dyn Display, ids: &'a dyn Display },
    /// Name the one to bundle: {choices}
    PickAgreement { choices: &'a dyn Display },
    /// Also there: `--agreement {id}`
    AlsoThere { id: &'a dyn Display },
    /// The folder of the agreement `{id}` is gone ({path}): the last good site stays until it is back
    AgreementGone { id: &'a dyn Display, path: &'a dyn Display },
    /// Move it back, or take it out of portfolio.yaml and restart
    BringItBack,
}
