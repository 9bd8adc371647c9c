//! The agreement as plain data: what `load` produces and every later stage reads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::base::hash::Fast;
use crate::base::yaml::{Node, PathStep};

pub mod dates;
pub mod library;
mod readable;
pub mod records;

/// A body's links to clauses, found when its Markdown is parsed: part of the model as [`Body::links`].
pub use crate::base::markdown::{ClauseLink, LinkTarget};

/// A whole agreement: `content/_index.md`, its chapters and clauses in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// The agreement's title.
    pub title: String,
    /// `language` from `_index.md` (`zh-CN`, `en`, …).
    pub language: String,
    /// When the agreement takes effect.
    pub effective: Option<NaiveDate>,
    /// Its period of validity (`period:`), when declared.
    #[serde(skip)]
    pub period: Option<crate::base::period::Period>,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Where the site will be published (used for absolute URLs such as a sitemap).
    pub base_url: Option<String>,
    /// The parties, in the order `_index.md` declares them.
    pub parties: Vec<Party>,
    /// The preamble (body of `_index.md`), as Markdown.
    pub preamble: Body,
    /// `content/_index.md`, relative to the project root.
    pub file: PathBuf,
    /// The whole front matter of `_index.md`, including fields we do not know.
    pub front: Node,
    /// A hash of that front matter as written.
    #[serde(skip)]
    pub front_id: u64,
    /// Chapters in reading order. Clauses outside any sub-folder belong to none.
    pub chapters: Vec<Chapter>,
    /// Every clause in reading order; `Clause::number` is its 1-based position here.
    pub clauses: Vec<Clause>,
    /// How this project tunes its Lua rules.
    pub rules: RuleConfig,
    /// The project's own clause fields, declared under `fields:` in `_index.md`.
    pub fields: Vec<FieldDecl>,
    /// Which versions are published: `versions:` in `_index.md`.
    pub versions: VersionSettings,
    /// Whose approval a release needs: `signoff:` in `_index.md`.
    pub signoff: SignoffSettings,
    /// Its clause library (`library:` in `_index.md`), as read with the agreement.
    #[serde(skip)]
    pub library: Option<Arc<crate::base::model::library::Library>>,
    /// The working days its schedules follow (the project's `calendar/`).
    #[serde(skip)]
    pub workdays: Arc<crate::base::workdays::Workdays>,
    /// The records of duties done (`records/`), in file order.
    #[serde(skip)]
    pub records: Vec<records::Record>,
    /// `records:`: which duties `check` expects records of, from when.
    #[serde(skip)]
    pub record_settings: Option<records::RecordSettings>,
}

/// `signoff: {required: [marketing, brand], signers: approvals/allowed_signers, signatures:
/// optional, signed_by: {brand: [lijing@example.com]}}` in `_index.md`: the parties whose approval
/// of the exact text a release needs, the file of keys that Git verifies signed approvals against,
/// whether an approval must be signed to count, and whose signatures count for a party.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SignoffSettings {
    /// Party ids, with where each is written.
    pub required: Vec<(String, crate::base::diagnostic::Span)>,
    /// The signers file (SSH `allowed_signers`), relative to the project root, when set.
    pub signers: Option<String>,
    /// Whether an unsigned approval counts.
    pub signatures: SignaturePolicy,
    /// `signed_by: {party: [signer, …]}`: whose verified signatures count for a party, each party
    /// with the signers listed for it (as Git names them: the principal of the signers file).
    /// A party without an entry takes any verified signature.
    pub signed_by: Vec<(String, Vec<String>)>,
}

impl SignoffSettings {
    /// Whether a verified signature by `signer` may count for `party`: the party has no entry in
    /// `signed_by`, or `signer` is on its list.
    pub fn binds(&self, party: &str, signer: &str) -> bool {
        self.signed_by.iter().find(|(p, _)| p == party).is_none_or(|(_, signers)| signers.iter().any(|s| s == signer))
    }
}

/// `signoff.signatures`: whether an approval counts without a verified signature. Under either,
/// an approval whose signature fails (bad, changed after signing, an untrusted, expired or revoked
/// key) or that Git cannot verify against a configured signers file never counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignaturePolicy {
    /// An unsigned (or not yet committed) approval counts, as a record.
    #[default]
    Optional,
    /// Only an approval committed in a signed commit that Git verified counts.
    Required,
}

impl SignaturePolicy {
    /// The words of `signoff.signatures`.
    pub const WORDS: [&'static str; 2] = ["optional", "required"];

    /// The policy named `word`.
    pub fn parse(word: &str) -> Option<SignaturePolicy> {
        match word {
            "optional" => Some(SignaturePolicy::Optional),
            "required" => Some(SignaturePolicy::Required),
            _ => None,
        }
    }
}

/// `versions: {tags: "v*", releases: {v1.0: 3f2a…}}` in `_index.md`: tags matching the pattern
/// are releases, and so are the commits declared by name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VersionSettings {
    /// Tags matching this pattern are releases (`v*` when not set).
    pub tags: Option<String>,
    /// Declared releases: name → revision, with where each revision is written.
    pub releases: Vec<(String, String, crate::base::diagnostic::Span)>,
    /// The dates declared for releases (`v1.0: {commit: …, date: 2025-01-01}`), by name: the day
    /// the version was agreed, which its commit's date may not be.
    pub dates: Vec<(String, chrono::NaiveDate)>,
}

/// A clause field the project declares (`fields: {venue: 地点}` in `_index.md`, or
/// `venue: {description: 地点, changelog: false}`): kept, shown and read by rules like any field,
/// and never reported as unknown. `duties.note` declares a field of each duty, `budget.note` one
/// of each budget share.
#[derive(Debug, Clone, Serialize)]
pub struct FieldDecl {
    /// The field's name, with `duties.` or `budget.` for fields of list items.
    pub name: String,
    /// What it holds, in the project's words.
    pub description: Option<String>,
    /// Whether the changelog says when its value changes (the default), is set or is removed.
    pub changelog: bool,
    /// Where it is declared.
    pub span: crate::base::diagnostic::Span,
}

/// `rules:` (severity per rule id, or `off`) and `rule_limits:` in `_index.md`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleConfig {
    /// Severity overrides, in the order written.
    pub settings: Vec<RuleSetting>,
    /// Lua instructions one rule may run over the whole agreement.
    pub instructions: u64,
    /// Memory one rule file's Lua state may use, in MiB.
    pub memory_mb: u64,
    /// Wall-clock seconds one rule may run: the backstop for work the instruction budget does not
    /// see (never part of a cached result).
    pub seconds: u64,
}

impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig { settings: Vec::new(), instructions: 200_000_000, memory_mb: 64, seconds: 10 }
    }
}

/// One `rule-id: severity` line of `rules:`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSetting {
    /// The rule's id.
    pub rule: String,
    /// The new severity; `None` turns the rule off.
    pub severity: Option<crate::base::diagnostic::Severity>,
    /// Where the setting is written.
    pub span: crate::base::diagnostic::Span,
}

/// A clause's `allow: {rule-id: "reason"}`: the rule's findings on this clause are suppressed.
#[derive(Debug, Clone, Serialize)]
pub struct Allow {
    /// The suppressed rule.
    pub rule: String,
    /// Why, in the authors' words.
    pub reason: String,
}

/// One side of the agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// Stable identifier used in front matter (`marketing`).
    pub id: String,
    /// Display name (`营销部`).
    pub name: String,
    /// The person who speaks for the party.
    pub liaison: Option<String>,
    /// What the party does in this agreement.
    pub role: Option<String>,
    /// The company's department it is, in a portfolio (`org: finance`), when its id is not the
    /// department's: a setting, not signed text.
    pub org: Option<String>,
}

/// A sub-folder of `content/` with its own `_index.md`.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Folder name without its numeric prefix.
    pub id: String,
    /// Title from the chapter's `_index.md`.
    pub title: String,
    /// 1-based chapter number in reading order.
    pub number: usize,
    /// Sort key (`order`, or the folder's numeric prefix).
    pub order: Option<i64>,
    /// The folder, relative to the project root.
    pub dir: PathBuf,
    /// Introduction (body of the chapter's `_index.md`).
    pub intro: Body,
    /// The chapter's `_index.md` if it has one.
    pub file: Option<PathBuf>,
}

/// Whether a clause is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proposed, not yet agreed.
    Draft,
    /// In force.
    #[default]
    Active,
    /// No longer in force; kept for the record.
    Retired,
}

impl Status {
    /// Parses the front matter word.
    pub fn parse(word: &str) -> Option<Status> {
        match word {
            "draft" => Some(Status::Draft),
            "active" => Some(Status::Active),
            "retired" => Some(Status::Retired),
            _ => None,
        }
    }
}

/// One clause, placed in the agreement: numbered and given its chapter. Everything its file says
/// is shared ([`ClauseFile`], reached through `Deref`), so that assembling an agreement again after
/// an edit, or for another version, copies nothing of the clauses that did not change.
#[derive(Debug, Clone, Serialize)]
pub struct Clause {
    /// 1-based number in reading order across the agreement.
    pub number: usize,
    /// Index into `Agreement::chapters`, when the clause is in a chapter folder.
    pub chapter: Option<usize>,
    /// What the clause's file says.
    #[serde(flatten)]
    pub written: Arc<ClauseFile>,
    /// The parties its file names, resolved once against the agreement's parties.
    #[serde(skip)]
    pub named: Named,
    /// Its library text (`use:`), as its readers read it.
    #[serde(skip)]
    pub used: Option<Arc<crate::base::model::library::Used>>,
}

/// The parties a clause names, as indices into `Agreement::parties` (`None`: no party of this
/// agreement has that id or name). Resolved once when the agreement is assembled: a clause's file
/// is shared between the versions of a build, whose parties may differ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Named {
    /// `owner:`.
    pub owner: Option<usize>,
    /// Each entry of `parties:`.
    pub parties: Vec<Option<usize>>,
    /// Each duty's `owner:`.
    pub duty_owners: Vec<Option<usize>>,
    /// Each budget share's `party:`.
    pub budget: Vec<Option<usize>>,
}

impl Named {
    /// What `file` names, resolved against `agreement`'s parties.
    pub fn resolve(file: &ClauseFile, parties: &[Party]) -> Named {
        Named::resolve_with(file, &Named::finder(parties))
    }

    /// Finds a party by id, else by name (the first of each), from tables made once: resolving
    /// every clause of an agreement looked each name up in the list of parties.
    pub fn finder(parties: &[Party]) -> impl Fn(&str) -> Option<usize> + '_ {
        let (mut by_id, mut by_name) =
            (HashMap::<&str, usize, Fast>::default(), HashMap::<&str, usize, Fast>::default());
        for (i, p) in parties.iter().enumerate() {
            by_id.entry(p.id.as_str()).or_insert(i);
            by_name.entry(p.name.as_str()).or_insert(i);
        }
        move |written: &str| by_id.get(written).or_else(|| by_name.get(written)).copied()
    }

    /// What `file` names, resolved with `find` (see [`Named::finder`]).
    pub fn resolve_with(file: &ClauseFile, find: &dyn Fn(&str) -> Option<usize>) -> Named {
        Named {
            owner: file.owner.as_deref().and_then(find),
            parties: file.parties.iter().map(|p| find(p)).collect(),
            duty_owners: file.duties.iter().map(|d| d.owner.as_deref().and_then(find)).collect(),
            budget: file.budget.iter().map(|b| find(&b.party)).collect(),
        }
    }
}

impl std::ops::Deref for Clause {
    type Target = ClauseFile;

    fn deref(&self) -> &ClauseFile {
        &self.written
    }
}

/// A clause as its file says it, before it is placed in an agreement.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseFile {
    /// Stable, unique id (front matter `id`, or the file name without prefix and extension).
    pub id: String,
    /// The clause's title.
    pub title: String,
    /// Sort key within its chapter (`order`, or the file name's numeric prefix).
    pub order: Option<i64>,
    /// The owning party, as written (an id or a name).
    pub owner: Option<String>,
    /// Parties the clause concerns, as written.
    pub parties: Vec<String>,
    /// Duties the clause creates.
    pub duties: Vec<Duty>,
    /// Date of the last revision.
    pub revised: Option<NaiveDate>,
    /// Date by which the clause must be reviewed.
    pub review_by: Option<NaiveDate>,
    /// Draft, active or retired.
    pub status: Status,
    /// Ids of clauses this one refers to in front matter.
    pub refs: Vec<String>,
    /// How spending under this clause is split.
    pub budget: Vec<BudgetShare>,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// The file, relative to the project root.
    pub file: PathBuf,
    /// The whole front matter, unknown fields included, with positions (shared with the views
    /// that show it).
    pub front: Arc<Node>,
    /// The Markdown body (shared with the parse cache).
    pub body: Arc<Body>,
    /// Rules suppressed for this clause, with reasons.
    pub allow: Vec<Allow>,
    /// Terms its front matter defines (`terms: {联合活动: 由双方共同策划…}`): term, definition,
    /// and where the term is written.
    pub terms: Vec<(String, String, crate::base::diagnostic::Span)>,
    /// The file's content id (its Git blob id, or a hash in an editing session), when known:
    /// equal ids mean an unchanged file.
    #[serde(skip)]
    pub source_id: Option<String>,
    /// A hash of the front matter as written: equal ids mean equal front matter, whatever the body.
    #[serde(skip)]
    pub front_id: u64,
    /// The front matter could not be read (malformed YAML): the clause stands in so that
    /// references to it still resolve, but nothing judges its fields.
    #[serde(skip)]
    pub placeholder: bool,
    /// The library clause it uses (`use:`, `with:`), as written.
    #[serde(skip)]
    pub uses: Option<crate::base::model::library::Uses>,
}

/// Something a party must do.
#[derive(Debug, Clone, Serialize)]
pub struct Duty {
    /// Optional stable id.
    pub id: Option<String>,
    /// What must be done.
    pub text: String,
    /// Who must do it, as written (an id or a name).
    pub owner: Option<String>,
    /// A deadline.
    pub due: Option<NaiveDate>,
    /// How often (`每周三`, `monthly`, …), as written.
    pub cadence: Option<String>,
    /// That cadence understood (`None` when there is none, or it is not one of the forms
    /// [`crate::base::cadence`] reads): `agreement.json` carries its `RRULE`.
    pub schedule: Option<crate::base::cadence::Cadence>,
    /// A cadence of a date before each end of the agreement's period (`到期前30日`): how long
    /// before it.
    pub before_end: Option<crate::base::period::Length>,
    /// The day it starts (`since:`), from which its schedule counts.
    pub since: Option<NaiveDate>,
    /// How long before each date the calendars remind (`remind: 3天`).
    #[serde(skip)]
    pub remind: Vec<crate::base::period::Length>,
    /// Its place in the clause's `duties:` list, from 1 (`CLAUSE#2` names it without an id).
    #[serde(skip)]
    pub position: usize,
}

/// One party's share of a clause's budget, in percent.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetShare {
    /// The paying party, as written.
    pub party: String,
    /// Percent of the spending.
    pub share: f64,
}

/// Markdown text with the place it starts in its file, so findings in it can be located.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Body {
    /// The Markdown source.
    pub markdown: String,
    /// 1-based file line on which the body starts.
    pub first_line: u32,
    /// Links to other clauses found in the body.
    pub links: Vec<ClauseLink>,
    /// The body rendered once, its clause references resolved by the page that shows it.
    #[serde(skip)]
    pub html: crate::base::markdown::Html,
    /// The terms its text defines ([`crate::base::definitions::definitions`]), found once when parsed.
    #[serde(skip)]
    pub definitions: Vec<crate::base::definitions::Found>,
}

impl Body {
    /// The body as plain text and its headings, for rules and redlines. Made on demand rather
    /// than kept: most builds never need them, and they would double the memory bodies take.
    pub fn plain(&self, dir: &Path) -> (String, Vec<crate::base::markdown::Heading>) {
        let parsed = crate::base::markdown::parse(&self.markdown, self.first_line, dir, "");
        (parsed.text, parsed.headings)
    }
}

impl Agreement {
    /// An agreement of no parties, chapters or clauses that stands for another file findings
    /// point into (a portfolio's `portfolio.yaml`, for its rules): its `file`, `language`, `front`
    /// matter and rule settings.
    pub fn standing_for(file: PathBuf, language: String, front: Node, rules: RuleConfig) -> Agreement {
        Agreement {
            title: String::new(),
            language,
            effective: None,
            period: None,
            theme: "default".into(),
            base_url: None,
            parties: Vec::new(),
            preamble: Body::default(),
            file,
            front,
            front_id: 0,
            chapters: Vec::new(),
            clauses: Vec::new(),
            rules,
            fields: Vec::new(),
            versions: VersionSettings::default(),
            signoff: SignoffSettings::default(),
            library: None,
            workdays: Arc::default(),
            records: Vec::new(),
            record_settings: None,
        }
    }

    /// The party that owns clause `c`, when its `owner:` names one.
    pub fn owner(&self, c: &Clause) -> Option<&Party> {
        c.named.owner.map(|i| &self.parties[i])
    }

    /// The party that owns duty `j` of clause `c`, when its `owner:` names one.
    pub fn duty_owner(&self, c: &Clause, j: usize) -> Option<&Party> {
        c.named.duty_owners.get(j).copied().flatten().map(|i| &self.parties[i])
    }

    /// A party as written in `written`, shown by its name when it is a party of this agreement,
    /// else as written.
    pub fn party_name(&self, written: &str, resolved: Option<usize>) -> String {
        resolved.map_or_else(|| written.to_string(), |i| self.parties[i].name.clone())
    }

    /// The party with this id or name (for what is not resolved when loading: a rule's argument,
    /// a calendar's party).
    pub fn party(&self, id_or_name: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id_or_name).or_else(|| self.parties.iter().find(|p| p.name == id_or_name))
    }

    /// Tables to find clauses by id and by file (the first clause wins where ids repeat).
    pub fn lookup(&self) -> Lookup<'_> {
        let mut by_id = HashMap::with_capacity_and_hasher(self.clauses.len(), Fast::default());
        let mut by_file = HashMap::with_capacity_and_hasher(self.clauses.len(), Fast::default());
        for c in &self.clauses {
            by_id.entry(c.id.as_str()).or_insert(c);
            by_file.insert(c.file.as_os_str().as_encoded_bytes(), c);
        }
        Lookup { by_id, by_file }
    }
}

/// Clauses by id and by file, built once per stage instead of searching per reference.
pub struct Lookup<'a> {
    /// Clause by id.
    pub by_id: HashMap<&'a str, &'a Clause, Fast>,
    /// Clause by file (relative to the project root), by the path's bytes: paths of clause files
    /// and of link targets are both made from their components (`a/./b.md` is `a/b.md`), and
    /// hashing a path component by component, as `Path` does, took most of a lookup's time.
    by_file: HashMap<&'a [u8], &'a Clause, Fast>,
}

impl<'a> Lookup<'a> {
    /// The clause a body link points at.
    pub fn target(&self, target: &LinkTarget) -> Option<&'a Clause> {
        match target {
            LinkTarget::Id(id) => self.by_id.get(id.as_str()).copied(),
            LinkTarget::File(file) => self.by_file(file),
        }
    }

    /// The clause of the file `file` (relative to the project root, made of its components).
    pub fn by_file(&self, file: &Path) -> Option<&'a Clause> {
        let found = self.by_file.get(file.as_os_str().as_encoded_bytes()).copied();
        found.or_else(|| {
            // Written otherwise (`a//b.md`, `./a.md`): as its components say it.
            let clean: PathBuf = file.components().collect();
            let clean = clean.as_os_str().as_encoded_bytes();
            (clean != file.as_os_str().as_encoded_bytes()).then(|| self.by_file.get(clean).copied()).flatten()
        })
    }
}

impl ClauseFile {
    /// How many days its review is overdue on `today` (`review_by` has passed and the clause is
    /// not retired), if it is.
    pub fn overdue_days(&self, today: NaiveDate) -> Option<i64> {
        let due = self.review_by.filter(|d| *d < today && self.status != Status::Retired)?;
        Some((today - due).num_days())
    }
}

impl Clause {
    /// The clause's body as plain text, as [`Body::plain`] makes it but without rendering it.
    pub fn plain_text(&self) -> String {
        crate::base::markdown::plain_text(&self.body.markdown, self.file.parent().unwrap_or(Path::new("")))
    }

    /// Where a front matter field stands, for findings (`locate(&[Key("duties"), Index(1)])`).
    pub fn locate(&self, path: &[PathStep<'_>]) -> crate::base::diagnostic::Span {
        self.front.locate(path.iter().copied())
    }
}
