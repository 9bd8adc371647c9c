//! The rules' findings after the project's settings: severities from `rules:` in `_index.md`, and
//! suppressions from each clause's `allow:`.

use super::{Outcome, Printed, RuleInfo, Suppressed};
use crate::base::catalog::{Check, Setting};
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::model::Agreement;
use crate::base::yaml::PathStep;

/// The rules' outcome after the project's settings: severities changed or turned off per rule
/// (`rules:` in `_index.md`) and findings suppressed per clause (`allow:`).
#[derive(Debug, Default)]
pub struct Settled {
    /// Findings to report, and problems with the rules or the settings.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings suppressed by clauses, with their reasons.
    pub suppressed: Vec<Suppressed>,
    /// Every registered rule, with the severity in force (`None`: turned off).
    pub rules: Vec<(RuleInfo, Option<Severity>)>,
    /// What the rules printed.
    pub printed: Vec<Printed>,
}

/// Why a rule setting or suppression naming `rule` has no effect, if it has none: a built-in
/// check (which cannot be configured), or no such rule (with the closest rule id).
fn unknown_rule(rule: &str, rules: &[RuleInfo], suppressed: bool, l: crate::base::catalog::Locale) -> Option<String> {
    let how = if suppressed { Setting::Suppressed } else { Setting::Configured };
    if crate::base::codes::is_configurable(rule) && !suppressed {
        return None;
    }
    if crate::base::codes::is_builtin(rule) {
        return Some(l.msg(Check::BuiltCheckBuiltChecksCannot { rule: &rule, how }));
    }
    if rules.iter().any(|r| r.id == rule) {
        return None;
    }
    let hint = crate::base::diagnostic::closest(rule, rules.iter().map(|r| r.id.as_str()))
        .map(|c| l.msg(Check::SuggestionSuffix { suggestion: &l.did_you_mean(c) }))
        .unwrap_or_default();
    Some(l.msg(Check::NoRule { rule: &rule, hint: &hint, how }))
}

/// `d` with the closest rule id to `rule` as its fix, when `rule` is not itself a rule.
fn with_fix(d: Diagnostic, rule: &str, rules: &[RuleInfo]) -> Diagnostic {
    let near = (!crate::base::codes::is_builtin(rule))
        .then(|| crate::base::diagnostic::closest(rule, rules.iter().map(|r| r.id.as_str())))
        .flatten();
    match near {
        Some(c) => d.with_fix(rule, c),
        None => d,
    }
}

/// Applies the project's severity settings and the clauses' suppressions.
pub fn settle(agreement: &Agreement, outcome: Outcome) -> Settled {
    let mut out = Settled { diagnostics: outcome.errors, printed: outcome.printed, ..Settled::default() };
    let l = crate::base::catalog::Locale::of(&agreement.language);
    for s in &agreement.rules.settings {
        if let Some(message) = unknown_rule(&s.rule, &outcome.rules, false, l) {
            let d = Diagnostic::warning("rule-settings", &agreement.file, s.span, message);
            out.diagnostics.push(with_fix(d, &s.rule, &outcome.rules));
        }
    }
    for c in &agreement.clauses {
        for a in &c.allow {
            if let Some(message) = unknown_rule(&a.rule, &outcome.rules, true, l) {
                let span = c.locate(&[PathStep::Key("allow"), PathStep::Key(&a.rule)]);
                let message = l.msg(Check::Allow { message: &message });
                let d = Diagnostic::warning("rule-settings", &c.file, span, message);
                out.diagnostics.push(with_fix(d, &a.rule, &outcome.rules));
            }
        }
    }
    let level = |rule: &RuleInfo| {
        agreement.rules.settings.iter().rev().find(|s| s.rule == rule.id).map_or(Some(rule.severity), |s| s.severity)
    };
    for f in outcome.findings {
        let Some(rule) = outcome.rules.iter().find(|r| r.id == f.rule) else { continue };
        let Some(severity) = level(rule) else { continue };
        let diagnostic = Diagnostic { severity, ..f.diagnostic };
        let allowed = f.clause.and_then(|i| agreement.clauses[i].allow.iter().find(|a| a.rule == f.rule));
        match allowed {
            Some(a) => out.suppressed.push(Suppressed { diagnostic, reason: a.reason.clone() }),
            None => out.diagnostics.push(diagnostic),
        }
    }
    out.rules = outcome
        .rules
        .into_iter()
        .map(|r| {
            let l = level(&r);
            (r, l)
        })
        .collect();
    out
}
