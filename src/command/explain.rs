//! `clausebook explain`: a built-in code's entry, or a rule's description and explanation, or
//! the list of them all. At a portfolio's folder it knows the portfolio's own rules and, after
//! them, each agreement's: `check` there reports the findings of both, so any code it prints can
//! be explained where it was printed.

use std::fmt::Write as _;
use std::path::Path;

use crate::base::catalog::{Console, Locale};
use crate::base::codes;
use crate::base::diagnostic::RuleInfo;

/// Rules and whose they are: `None` the project's own (the agreement's, or the portfolio's), or
/// the id of a portfolio's agreement.
type Owned = Vec<(Option<String>, Vec<RuleInfo>)>;

/// The rules `explain` knows at `root`, in the project's language.
fn known(root: &Path) -> (Locale, Owned) {
    if crate::portfolio::is_portfolio(root)
        && let Some(known) = crate::portfolio::rules::registered(root)
    {
        let agreements = known.agreements.into_iter().map(|(id, rules)| (Some(id), rules));
        return (known.locale, std::iter::once((None, known.own)).chain(agreements).collect());
    }
    let limits = crate::load::rule_limits(&root.join(crate::load::CONTENT).join("_index.md"));
    let (rules, _) = crate::check::rules::registered(&crate::base::tree::Disk::new(root), &limits);
    (crate::load::locale(root), vec![(None, rules)])
}

/// What `clausebook explain [code]` says at `root`: the entry of `code` (a built-in code or a
/// rule; each agreement's, where several agreements of a portfolio have a rule of that id), or
/// the list; `Err` with a "did you mean" for a code nobody has.
pub fn explain(code: Option<&str>, root: &Path) -> Result<String, String> {
    let (l, owned) = known(root);
    let mut out = String::new();
    let Some(code) = code else {
        let _ = writeln!(out, "{}", l.msg(Console::BuiltInChecks));
        for c in codes::CODES {
            let _ =
                writeln!(out, "{}", l.msg(Console::ListedCode { id: c.id, severity: c.level, summary: c.words(l).0 }));
        }
        for (owner, rules) in owned.iter().filter(|(_, rules)| !rules.is_empty()) {
            let heading = match owner {
                None => l.msg(Console::ProjectRules),
                Some(id) => l.msg(Console::AgreementRules { id }),
            };
            let _ = writeln!(out, "{heading}");
            for r in rules {
                let listed = Console::ListedCode { id: &r.id, severity: r.severity, summary: &r.description };
                let _ = writeln!(out, "{}", l.msg(listed));
            }
        }
        let _ = writeln!(out, "{}", l.msg(Console::ExplainOne));
        return Ok(out);
    };
    if let Some(c) = codes::lookup(code) {
        return Ok(c.text(l));
    }
    let rules = owned.iter().flat_map(|(owner, rules)| rules.iter().map(move |r| (owner, r)));
    for (owner, r) in rules.clone().filter(|(_, r)| r.id == code) {
        if !out.is_empty() {
            out.push('\n');
        }
        let place = format!("{}:{}", crate::base::escape::path(&r.file), r.line);
        let (id, severity, description) = (&r.id, r.severity, &r.description);
        let heading = match owner {
            None => Console::RuleHeading { id, severity, place: &place, description },
            Some(agreement) => Console::AgreementRuleHeading { id, severity, place: &place, description, agreement },
        };
        let _ = writeln!(out, "{}", l.msg(heading));
        if let Some(e) = &r.explanation {
            let _ = writeln!(out, "\n{}", e.trim_end());
        }
    }
    if !out.is_empty() {
        return Ok(out);
    }
    let names = codes::CODES.iter().map(|c| c.id).chain(rules.map(|(_, r)| r.id.as_str()));
    let hint = crate::base::diagnostic::closest(code, names).map(|c| l.did_you_mean(c));
    Err(l.msg(Console::NoSuchCode { code, hint }))
}
