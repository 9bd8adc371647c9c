//! The portfolio's own checks across its agreements: the Lua rules of the `rules/` folder beside
//! `portfolio.yaml` (`rule { portfolio = function(p, report) … end }`, run by
//! [`crate::check::rules::run_portfolio`] over what this module hands it), a term that two
//! agreements define differently (`term-conflict`), and a department that owns duties in an
//! agreement that names no liaison for it ([`LIAISON`]). Their severities are set under `rules:`
//! in `portfolio.yaml`, and the rules' limits under `rule_limits:`, as in an agreement's
//! `_index.md`.
//!
//! Agreements are checked or built one at a time; [`Across`] keeps of each only what these checks
//! need (its terms and its liaisons' findings, and the whole agreement only when the portfolio has
//! rules, which read everything).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::config::{Config, FILE, Member, Unit};
use super::units::unit_of;
use crate::base::catalog::{Locale, Portfolio as Words};
use crate::base::diagnostic::{Diagnostic, RuleInfo};
use crate::base::model::Agreement;
use crate::base::terms::{Definition, Glossary};
use crate::base::tree::Disk;
use crate::base::yaml::PathStep::{Index, Key};
use crate::check::rules::{self as lua, within};
use crate::pipeline::Checked;

/// The code of a department that owns duties in an agreement naming no liaison for it.
pub const LIAISON: &str = "liaison-missing";

/// One agreement as the portfolio's rules see it: its entry in `portfolio.yaml`, the agreement
/// (its working tree) and the sign-off of its text.
pub(super) type Seen<'a> = (&'a Member, &'a Agreement, Option<&'a crate::signoff::Status>);

/// What the built-in checks across agreements take of one agreement: its liaisons' findings, and
/// its folder, id, title and terms' first definitions.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    liaisons: Vec<Diagnostic>,
    terms: (PathBuf, String, String, Vec<Definition>),
}

/// What the checks across agreements keep of each agreement, as they are checked one by one.
pub(super) struct Across {
    /// The rule under test alone (`clausebook test`): then the built-in checks do not run.
    only: Option<String>,
    /// Whether the portfolio has rules, which read whole agreements.
    with_rules: bool,
    l: Locale,
    /// Each agreement's folder, id, title and terms' first definitions.
    terms: Vec<(PathBuf, String, String, Vec<Definition>)>,
    /// What the checks that need one agreement at a time found.
    found: Vec<Diagnostic>,
    /// Each agreement (with its sign-off), for the rules.
    kept: Vec<(Member, Agreement, Option<crate::signoff::Status>)>,
}

impl Across {
    /// The checks of the portfolio `config`, with the rules of the `rules/` folder in `rules`
    /// (`only` the one rule, when given).
    pub(super) fn new(rules: &Path, only: Option<&str>, config: &Config) -> Across {
        Across {
            only: only.map(str::to_string),
            with_rules: !lua::rule_files(&Disk::new(rules)).is_empty(),
            l: Locale::of(&config.language),
            terms: Vec::new(),
            found: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// Whether the portfolio has rules of its own.
    pub(super) fn with_rules(&self) -> bool {
        self.with_rules
    }

    /// Takes what the checks need of `member`, checked as `checked` (whose agreement and sign-off
    /// it takes when the portfolio has rules).
    pub(super) fn add(&mut self, member: &Member, checked: &mut Checked, units: &[Unit]) {
        let Some(agreement) = &checked.agreement else { return };
        self.see(member, agreement, units);
        if self.with_rules
            && let Some(agreement) = checked.agreement.take()
        {
            self.kept.push((member.clone(), agreement, checked.signoff.take()));
        }
    }

    /// Takes what the built-in checks need of `member`'s `agreement` (its terms and its liaisons'
    /// findings), not the agreement itself: the rules are handed it in [`Across::finish_over`].
    pub(super) fn see(&mut self, member: &Member, agreement: &Agreement, units: &[Unit]) {
        if self.only.is_none() {
            let piece = self.piece(member, agreement, units);
            self.take(piece);
        }
    }

    /// What the built-in checks take of `member`'s `agreement`, to be [`Across::take`]n by this
    /// run or a later one while the agreement and the departments stay as they are.
    pub(super) fn piece(&self, member: &Member, agreement: &Agreement, units: &[Unit]) -> Piece {
        let terms = Glossary::of(agreement).terms;
        Piece {
            liaisons: liaisons(member, agreement, units, self.l),
            terms: (member.path.clone(), member.id.clone(), agreement.title.clone(), terms),
        }
    }

    /// Takes what [`Across::piece`] made of an agreement, in place of [`Across::see`]ing it.
    pub(super) fn take(&mut self, piece: Piece) {
        self.found.extend(piece.liaisons);
        self.terms.push(piece.terms);
    }

    /// Adds to `out` what the checks find across the agreements added, with the rules of `rules`;
    /// the files their findings point into are read from the portfolio's folder `root`.
    pub(super) fn finish(
        mut self,
        out: &mut Checked,
        dirs: (&Path, &Path),
        portfolio: (&Config, &[Unit]),
        today: NaiveDate,
    ) {
        let kept = std::mem::take(&mut self.kept);
        let seen: Vec<Seen<'_>> = kept.iter().map(|(m, a, s)| (m, a, s.as_ref())).collect();
        self.finish_over(&seen, out, dirs, portfolio, today);
    }

    /// [`Across::finish`], the rules run over the agreements `seen` (each [`Across::see`]n
    /// before), which their holder keeps: an editing session's.
    pub(super) fn finish_over(
        self,
        seen: &[Seen<'_>],
        out: &mut Checked,
        (root, rules): (&Path, &Path),
        (config, units): (&Config, &[Unit]),
        today: NaiveDate,
    ) {
        let subject = Agreement::standing_for(
            PathBuf::from(FILE),
            config.language.clone(),
            config.front.clone(),
            config.rules.clone(),
        );
        let each: Vec<_> =
            self.terms.iter().map(|(f, id, t, d)| (f.as_path(), id.as_str(), t.as_str(), &d[..])).collect();
        let mut found = crate::check::terms::across(&each, self.l);
        found.extend(self.found);
        crate::pipeline::settle_builtin(&subject, &mut found);
        let trees: Vec<Box<dyn crate::base::tree::Tree + '_>> = seen.iter().map(|(m, _, _)| m.files()).collect();
        let members = seen.iter().zip(&trees).map(|(&(m, agreement, signoff), tree)| lua::Member {
            id: m.id.clone(),
            folder: m.path.clone(),
            agreement,
            signoff,
            tree: &**tree,
            units: agreement.parties.iter().map(|p| unit_of(p).to_string()).collect(),
        });
        let to_lua = |u: &Unit| lua::Unit {
            id: u.id.clone(),
            name: u.name.clone(),
            aliases: u.aliases.clone(),
            parent: u.parent.clone(),
        };
        let portfolio = lua::Portfolio {
            title: config.title.clone(),
            agreements: members.collect(),
            units: units.iter().map(to_lua).collect(),
        };
        let tree = Disk::new(rules);
        // Without rule files there is nothing to run (nor Lua tables of every agreement to make).
        let outcome = if self.with_rules {
            lua::run_portfolio(&tree, &subject, &portfolio, today, self.only.as_deref())
        } else {
            lua::Outcome::default()
        };
        let settled = lua::settle(&subject, outcome);
        found.extend(settled.diagnostics);
        if self.only.is_none() {
            // The tests of the rules, read without running them (`clausebook test` runs them).
            let ids: Vec<&str> = settled.rules.iter().map(|(r, _)| r.id.as_str()).collect();
            found.extend(crate::check::rule_tests::validate(&tree, &ids, true));
        }
        for d in &found {
            for file in std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)) {
                if out.sources.get(file).is_none()
                    && let Some(text) = source_text(root, config, file)
                {
                    out.sources.insert(file.clone(), text);
                }
            }
        }
        out.diagnostics.extend(found);
        out.rules.extend(settled.rules);
        out.printed.extend(settled.printed);
    }
}

/// The text of `file` (named from the portfolio's folder `root`) for a snippet: of an agreement
/// read from Git, from the tree it was read from (a working tree there may differ).
fn source_text(root: &Path, config: &Config, file: &Path) -> Option<String> {
    let git = config.agreements.iter().find(|m| m.git.is_some() && file.starts_with(&m.path));
    match git {
        Some(m) => {
            let bytes = m.files().read(file.strip_prefix(&m.path).ok()?).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        None => std::fs::read_to_string(root.join(file)).ok(),
    }
}

/// A warning for each department that owns duties in `agreement` (of `member`) whose party for it
/// names no liaison, at that party in `_index.md`.
fn liaisons(member: &Member, agreement: &Agreement, units: &[Unit], l: Locale) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, p) in agreement.parties.iter().enumerate() {
        if p.liaison.as_deref().is_some_and(|x| !x.trim().is_empty()) {
            continue;
        }
        let duties = agreement.clauses.iter().flat_map(|c| &c.named.duty_owners).filter(|o| **o == Some(i)).count();
        if duties == 0 {
            continue;
        }
        let unit = unit_of(p);
        let unit = units.iter().find(|u| u.id == unit).map_or(unit, |u| u.name.as_str());
        let span = agreement.front.locate([Key("parties"), Index(i)]);
        let message = l.msg(Words::LiaisonMissing { unit: &unit, party: &p.id, duties });
        let mut d = Diagnostic::warning(LIAISON, &agreement.file, span, message).with_hint(l.msg(Words::AddLiaison));
        within(&mut d, &member.path);
        out.push(d);
    }
    out
}

/// The rules of a portfolio and of its agreements, as `clausebook explain` knows them.
pub struct Registered {
    /// The portfolio's language.
    pub locale: Locale,
    /// The portfolio's own rules (its `rules/`).
    pub own: Vec<RuleInfo>,
    /// Each agreement's id and rules, in `portfolio.yaml`'s order, their files named from the
    /// portfolio's folder.
    pub agreements: Vec<(String, Vec<RuleInfo>)>,
}

/// The rules of the portfolio at `root` and of its agreements, registered without running any
/// check; `None` when `portfolio.yaml` cannot be read.
pub fn registered(root: &Path) -> Option<Registered> {
    let config = super::config::read(root).config?;
    let locale = Locale::of(&config.language);
    let (own, _) = lua::registered_in(&Disk::new(root), &config.rules, (locale, true));
    let agreements = config.agreements.iter().map(|m| {
        let limits = crate::load::rule_limits(&m.root.join(crate::load::CONTENT).join("_index.md"));
        let (mut rules, _) = lua::registered(&*m.files(), &limits);
        for r in &mut rules {
            r.file = m.path.join(&r.file);
        }
        (m.id.clone(), rules)
    });
    Some(Registered { locale, own, agreements: agreements.collect() })
}
