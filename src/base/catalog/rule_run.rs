//! The messages of running the project's rules and of `clausebook test`.

use std::fmt::Display;

/// A message of running rules and their tests; its words are in `zh/rule_run.rs` and
/// `en/rule_run.rs`.
pub enum RuleRun<'a> {
    /// `{context}: {detail}`: what failed, then Lua's own words.
    Failed { context: &'a dyn Display, detail: &'a str },
    /// Lua's traceback, as a note.
    Traceback { trace: &'a str },
    /// The rule file that uses a library module where the error happened.
    UsedBy { file: &'a dyn Display },
    /// What failed: the rule file, while it loaded.
    LoadFailed,
    /// What failed: a rule.
    RuleFailed { id: &'a str },
    /// What failed: a rule's agreement check.
    AgreementCheckFailed { id: &'a str },
    /// What failed: a rule's portfolio check.
    PortfolioCheckFailed { id: &'a str },
    /// What failed: a rule's clause check on a clause.
    ClauseCheckFailed { id: &'a str, clause: &'a dyn Display, file: &'a dyn Display },
    /// The same error on other clauses: their count and the first of them.
    SameOnOthers { count: usize, listed: &'a str, more: bool },
    /// Between the clauses of a list.
    ListSeparator,
    /// The clause the failing check was on.
    ClauseBeingChecked { id: &'a str },
    /// Why a rule was stopped, said of it (`was stopped after …`).
    Limited { why: Limit },
    /// What was stopped: a rule, or loading the rule file.
    Stopped { what: Stoppable<'a>, why: Limit },
    /// Where a stopped rule was running.
    RunningWhenStopped { chunk: &'a str, line: u32 },
    /// Where a stopped rule was registered.
    RegisteredHere { what: Stoppable<'a> },
    /// A rule that did not run, and why.
    NotRun { id: &'a str, why: NotRun },
    /// The rule file's bytes are not UTF-8.
    NotUtf8,
    /// The rule file cannot be read.
    CannotRead { error: &'a dyn Display },
    /// Lua cannot start.
    CannotStartLua { error: &'a dyn Display },
    /// The rule file registers no rule.
    NoRule,
    /// How a rule file registers a rule.
    NoRuleHint,
    /// More rules in a file than may be.
    TooManyRules { most: usize, count: usize },
    /// A check returned a value.
    CheckReturned { id: &'a str },
    /// How a check reports instead of returning.
    CheckReturnedHint,
    /// One rule id registered twice.
    RegisteredTwice { id: &'a str },
    /// Where the rule id was first registered.
    FirstRegistered,
    /// A watchdog's last word: a rule that could not be stopped.
    Unstoppable { what: &'a dyn Display },
    /// `running 3 rule tests`
    TestsRunning { count: usize },
    /// `test name ... ok` / `FAILED`
    TestLine { name: &'a str, ok: bool },
    /// No case matched the filter.
    NoCaseMatches { filter: &'a str },
    /// The rules without tests.
    Untested { rules: &'a str },
    /// The last line of `clausebook test`.
    TestsSummary { ok: bool, passed: usize, failed: usize },
    /// A test file cannot be read.
    CannotReadTestFile { error: &'a dyn Display },
    /// A case without a name: `case 2`.
    CaseNumber { n: usize },
    /// A case written wrongly: where, what, and the hint.
    CaseWrittenWrongly { at: &'a dyn Display, message: &'a str, hint: Option<&'a str> },
    /// A case's approvals cannot be written.
    CannotWriteApprovals { error: &'a dyn Display },
    /// The case's portfolio could not be written: {error}
    CannotWriteFixture { error: &'a dyn Display },
    /// A case's fixture has no agreement.
    FixtureWithoutAgreement,
    /// `{id}` cannot be an agreement's id in a portfolio's case
    FixtureAgreementId { id: &'a dyn Display },
    /// A portfolio's case needs `agreements:`
    CaseNeedsAgreements,
    /// An error of the rule under test.
    RuleErrorInCase { line: &'a dyn Display },
    /// An error of the fixture itself.
    FixtureInvalid { line: &'a dyn Display },
    /// The rule under test does not exist.
    NoSuchRule { rule: &'a str },
    /// A finding no expectation wanted.
    UnexpectedFinding { place: &'a dyn Display, message: &'a str },
    /// An expectation with nothing on its line.
    ExpectedNothingThere { place: &'a dyn Display, wanted: Option<&'a str> },
    /// An expectation of more findings than reported.
    ExpectedMore { expected: usize, place: &'a dyn Display, wanted: Option<&'a str>, reported: usize },
    /// An expectation whose line holds other findings.
    ExpectedOther { place: &'a dyn Display, wanted: Option<&'a str>, found: &'a str },
}

/// What a limit stopped.
#[derive(Clone, Copy)]
pub enum Stoppable<'a> {
    /// Loading the rule file.
    Loading,
    /// The rule of this id.
    Rule(&'a str),
}

/// Which limit stopped a rule, and its size.
#[derive(Clone, Copy)]
pub enum Limit {
    /// Instructions run.
    Instructions(u64),
    /// Memory used, in MiB.
    Memory(u64),
    /// What it reported and printed, in MiB.
    Reports(u64),
    /// Its deadline, in seconds.
    Deadline(u64),
}

/// Why a rule did not run.
#[derive(Clone, Copy)]
pub enum NotRun {
    /// The rules before it used up the file's memory with findings.
    ReportsFull,
    /// The file registered other rules when loaded again.
    OtherRules,
    /// The check's rules ran `times` deadlines (`seconds` s) in all.
    TotalTime { times: u32, seconds: u64 },
}
