//! The portfolio's own checks across its agreements: the Lua rules of the `rules/` folder beside
//! `portfolio.yaml` (`rule { portfolio = function(p, report) … end }`, run by
//! [`crate::check::rules::run_portfolio`] over what this module fills in), a term that two
//! agreements define differently (`term-conflict`), and a department that owns duties in an
//! agreement that names no liaison for it ([`LIAISON`]). Their severities are set under `rules:`
//! in `portfolio.yaml`, and the rules' limits under `rule_limits:`, as in an agreement's
//! `_index.md`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::config::{Config, FILE, Unit};
use super::units::unit_of;
use crate::base::catalog::{Locale, Portfolio as Words};
use crate::base::diagnostic::Diagnostic;
use crate::base::model::Agreement;
use crate::base::tree::Disk;
use crate::base::yaml::PathStep::{Index, Key};
use crate::check::rules::{self as lua, within};
use crate::pipeline::Checked;

/// The code of a department that owns duties in an agreement naming no liaison for it.
pub const LIAISON: &str = "liaison-missing";

/// Adds to `out` what the portfolio's own checks find over its agreements as `checked` (in the
/// order of `config.agreements`; one that did not load is left out), with the rules of the
/// `rules/` folder in `rules` (`only` the one rule, when given: then the built-in checks do not
/// run). The files their findings point into are read from the portfolio's folder `root`.
pub(super) fn add(
    out: &mut Checked,
    (root, rules): (&Path, &Path),
    (config, units): (&Config, &[Unit]),
    checked: &[&Checked],
    (today, only): (NaiveDate, Option<&str>),
) {
    let l = Locale::of(&config.language);
    let trees: Vec<Disk> = config.agreements.iter().map(|m| Disk::new(&m.root)).collect();
    let members: Vec<lua::Member> = config
        .agreements
        .iter()
        .zip(checked)
        .zip(&trees)
        .filter_map(|((m, c), tree)| {
            let agreement = c.agreement.as_ref()?;
            Some(lua::Member {
                id: m.id.clone(),
                folder: m.path.clone(),
                agreement,
                signoff: c.signoff.as_ref(),
                tree,
                units: agreement.parties.iter().map(|p| unit_of(p).to_string()).collect(),
            })
        })
        .collect();
    let subject = Agreement::standing_for(
        PathBuf::from(FILE),
        config.language.clone(),
        config.front.clone(),
        config.rules.clone(),
    );
    let mut found = Vec::new();
    if only.is_none() {
        let each: Vec<_> = members.iter().map(|m| (m.folder.as_path(), m.id.as_str(), m.agreement)).collect();
        found.extend(crate::check::terms::across(&each, l));
        found.extend(liaisons(&members, units, l));
        crate::pipeline::settle_builtin(&subject, &mut found);
    }
    let portfolio = lua::Portfolio {
        title: config.title.clone(),
        agreements: members,
        units: units
            .iter()
            .map(|u| lua::Unit {
                id: u.id.clone(),
                name: u.name.clone(),
                aliases: u.aliases.clone(),
                parent: u.parent.clone(),
            })
            .collect(),
    };
    let settled = lua::settle(&subject, lua::run_portfolio(&Disk::new(rules), &subject, &portfolio, today, only));
    found.extend(settled.diagnostics);
    for d in &found {
        for file in std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)) {
            if out.sources.get(file).is_none()
                && let Ok(text) = std::fs::read_to_string(root.join(file))
            {
                out.sources.insert(file.clone(), text);
            }
        }
    }
    out.diagnostics.extend(found);
    out.rules.extend(settled.rules);
    out.printed.extend(settled.printed);
}

/// A warning for each department that owns duties in an agreement whose party for it names no
/// liaison, at that party in `_index.md`.
fn liaisons(members: &[lua::Member], units: &[Unit], l: Locale) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in members {
        let a = m.agreement;
        for (i, p) in a.parties.iter().enumerate() {
            if p.liaison.as_deref().is_some_and(|x| !x.trim().is_empty()) {
                continue;
            }
            let duties = a.clauses.iter().flat_map(|c| &c.named.duty_owners).filter(|o| **o == Some(i)).count();
            if duties == 0 {
                continue;
            }
            let unit = unit_of(p);
            let unit = units.iter().find(|u| u.id == unit).map_or(unit, |u| u.name.as_str());
            let span = a.front.locate([Key("parties"), Index(i)]);
            let message = l.msg(Words::LiaisonMissing { unit: &unit, party: &p.id, duties });
            let mut d = Diagnostic::warning(LIAISON, &a.file, span, message).with_hint(l.msg(Words::AddLiaison));
            within(&mut d, &m.folder);
            out.push(d);
        }
    }
    out
}
