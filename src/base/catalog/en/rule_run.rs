//! The English words of [`RuleRun`]: one arm per message, so that none can be missing.

use crate::base::catalog::{Limit, NotRun, RuleRun, Stoppable};

/// The English text of `m`.
pub(super) fn text(m: &RuleRun) -> String {
    match m {
        RuleRun::Failed { context, detail } => format!("{context}: {detail}"),
        RuleRun::Traceback { trace } => trace.to_string(),
        RuleRun::UsedBy { file } => format!("used by {file}"),
        RuleRun::LoadFailed => "the rule file failed to load".into(),
        RuleRun::RuleFailed { id } => format!("rule `{id}` failed"),
        RuleRun::AgreementCheckFailed { id } => format!("rule `{id}` failed in its agreement check"),
        RuleRun::PortfolioCheckFailed { id } => format!("rule `{id}` failed in its portfolio check"),
        RuleRun::ClauseCheckFailed { id, clause, file } => format!("rule `{id}` failed on clause `{clause}` ({file})"),
        RuleRun::SameOnOthers { count, listed, more } => {
            let more = if *more { ", …" } else { "" };
            format!(" (and the same way on {count} other clause(s): {listed}{more})")
        }
        RuleRun::ListSeparator => ", ".into(),
        RuleRun::ClauseBeingChecked { id } => format!("the clause being checked (`{id}`)"),
        RuleRun::Limited { why } => limit(*why),
        RuleRun::Stopped { what, why } => format!("{} {}", stoppable(*what), limit(*why)),
        RuleRun::RunningWhenStopped { chunk, line } => format!("it was running {chunk}:{line} when it was stopped"),
        RuleRun::RegisteredHere { what } => format!("{}: registered here", stoppable(*what)),
        RuleRun::NotRun { id, why } => format!("rule `{id}` did not run: {}", not_run(*why)),
        RuleRun::NotUtf8 => "the rule file is not valid UTF-8".into(),
        RuleRun::CannotRead { error } => format!("cannot read the rule file: {error}"),
        RuleRun::CannotStartLua { error } => format!("cannot start Lua: {error}"),
        RuleRun::NoRule => "this rule file registers no rule, so it checks nothing".into(),
        RuleRun::NoRuleHint => {
            "register each rule with rule { id = \"…\", clause = function(c, report) … end } (a table returned or kept in a variable is not registered); helpers belong in rules/lib/".into()
        }
        RuleRun::TooManyRules { most, count } => format!(
            "a rule file registers at most {most} rules; this one registers {count}, and those after the {most}th do not run"
        ),
        RuleRun::CheckReturned { id } => format!("rule `{id}`: a check returned a value, which clausebook ignores"),
        RuleRun::CheckReturnedHint => {
            "report each finding with report(\"message\", \"field\"); a check returns nothing".into()
        }
        RuleRun::RegisteredTwice { id } => format!("rule id `{id}` is registered twice"),
        RuleRun::FirstRegistered => "first registered here".into(),
        RuleRun::Unstoppable { what } => format!(
            "{what} could not be stopped at its deadline (`rule_limits.seconds`) and is still running: clausebook stops here. Please report the rule: it found a way around the sandbox's limits."
        ),
        RuleRun::TestsRunning { count } => format!("running {count} rule tests"),
        RuleRun::TestLine { name, ok } => format!("test {name} ... {}", verdict(*ok)),
        RuleRun::NoCaseMatches { filter } => {
            format!("error: no rule test case matches `{filter}` (a case matches when `rule: case name` contains it)")
        }
        RuleRun::Untested { rules } => format!("note: rules without tests: {rules}"),
        RuleRun::TestsSummary { ok, passed, failed } => {
            format!("rule tests: {}. {passed} passed, {failed} failed", verdict(*ok))
        }
        RuleRun::CannotReadTestFile { error } => format!("cannot read the test file: {error}"),
        RuleRun::CaseNumber { n } => format!("case {n}"),
        RuleRun::CaseWrittenWrongly { at, message, hint } => {
            let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
            format!("the case is written wrongly: {at} {message}{hint}")
        }
        RuleRun::CannotWriteApprovals { error } => format!("cannot write the case's approvals: {error}"),
        RuleRun::CannotWriteFixture { error } => format!("cannot write the case's portfolio: {error}"),
        RuleRun::FixtureWithoutAgreement => "the fixture has no agreement".into(),
        RuleRun::FixtureAgreementId { id } => {
            format!("`{id}` cannot be an agreement's id (letters, digits, - and _): it names the agreement's folder")
        }
        RuleRun::CaseNeedsAgreements => {
            "a case of a portfolio's rule needs `agreements:` (agreement id → `agreement:`, `clauses:`, `approvals:`)"
                .into()
        }
        RuleRun::RuleErrorInCase { line } => format!("rule error: {line}"),
        RuleRun::FixtureInvalid { line } => format!("the fixture itself is invalid: {line}"),
        RuleRun::NoSuchRule { rule } => format!("no rule `{rule}` in rules/"),
        RuleRun::UnexpectedFinding { place, message } => format!("unexpected finding at {place}: {message}"),
        RuleRun::ExpectedNothingThere { place, wanted } => {
            format!("expected a finding at {place}{}, but the rule reported nothing on that line", containing(*wanted))
        }
        RuleRun::ExpectedMore { expected, place, wanted, reported } => format!(
            "expected {expected} findings at {place}{}, but the rule reported {reported} such finding(s) there",
            containing(*wanted)
        ),
        RuleRun::ExpectedOther { place, wanted, found } => format!(
            "expected a finding at {place}{}, but the rule's findings on that line differ: {found}",
            containing(*wanted)
        ),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "FAILED" }
}

fn containing(wanted: Option<&str>) -> String {
    wanted.map(|m| format!(" containing \"{m}\"")).unwrap_or_default()
}

fn stoppable(what: Stoppable) -> String {
    match what {
        Stoppable::Loading => "loading the rule file".into(),
        Stoppable::Rule(id) => format!("rule `{id}`"),
    }
}

fn limit(why: Limit) -> String {
    match why {
        Limit::Instructions(n) => format!(
            "was stopped after {n} Lua instructions (an endless loop?); raise `rule_limits.instructions` if it needs more"
        ),
        Limit::Memory(mb) => format!(
            "was stopped: it used more than {mb} MiB of memory (counting what it reported and printed); raise `rule_limits.memory_mb` if it needs more"
        ),
        Limit::Reports(mb) => format!(
            "was stopped: its findings and printed lines took more than {mb} MiB (the rule file's memory limit); report each problem once, with a short message"
        ),
        Limit::Deadline(seconds) => format!(
            "was stopped at its deadline of {seconds} s (an endless loop, or work too heavy for a rule?); raise `rule_limits.seconds` if it needs more"
        ),
    }
}

fn not_run(why: NotRun) -> String {
    match why {
        NotRun::ReportsFull => {
            "the findings and printed lines of the rules before it used up the rule file's memory limit".into()
        }
        NotRun::OtherRules => {
            "loaded again after the rule before it was stopped, the file registered other rules".into()
        }
        NotRun::TotalTime { times, seconds } => {
            format!("the rules of this check already ran for {times} times `rule_limits.seconds` ({seconds} s) in all")
        }
    }
}
