//! Which department of the company each party of an agreement is: the unit whose id the party's
//! `org` names, else the one whose id is the party's own.

use crate::base::catalog::{Locale, Portfolio as Words};
use crate::base::diagnostic::{Diagnostic, closest};
use crate::base::model::{Agreement, Party};
use crate::base::yaml::PathStep::{Index, Key};

use super::config::Unit;

/// The code of a party that is no department.
pub const CODE: &str = "unknown-unit";

/// The id of the department `party` is.
pub fn unit_of(party: &Party) -> &str {
    party.org.as_deref().unwrap_or(&party.id)
}

/// An error for each party of `agreement` that is no unit of `units`, at its `org` (or `id`) in
/// `_index.md`, with the closest unit id or the unit whose name or alias the party's name is.
pub fn unknown(agreement: &Agreement, units: &[Unit]) -> Vec<Diagnostic> {
    let l = Locale::of(&agreement.language);
    let mut out = Vec::new();
    for (i, p) in agreement.parties.iter().enumerate() {
        let unit = unit_of(p);
        if units.iter().any(|u| u.id == unit) {
            continue;
        }
        let key = if p.org.is_some() { "org" } else { "id" };
        let span = agreement.front.locate([Key("parties"), Index(i), Key(key)]);
        // A name wins over an alias, as in `p.unit` of the portfolio's rules.
        let named =
            units.iter().find(|u| u.name == p.name).or_else(|| units.iter().find(|u| u.aliases.contains(&p.name)));
        let named = named.map(|u| u.id.as_str());
        let hint = match (named, p.org.is_some()) {
            (Some(id), false) => Some(l.msg(Words::AddOrg { unit: &id })),
            (Some(id), true) => Some(l.did_you_mean(id)),
            (None, _) => closest(unit, units.iter().map(|u| u.id.as_str())).map(|c| l.did_you_mean(c)),
        };
        let message = l.msg(Words::UnknownUnit { party: &p.id, unit: &unit });
        let mut d = Diagnostic::error(CODE, &agreement.file, span, message);
        d.hint = hint;
        out.push(d);
    }
    out
}

/// The departments of a portfolio without a departments file: every party of every agreement
/// (`(department id, name)`), by id, named as it is first named.
pub fn from_parties(parties: impl IntoIterator<Item = (String, String)>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (id, name) in parties {
        if !units.iter().any(|u| u.id == id) {
            units.push(Unit { id, name, aliases: Vec::new(), parent: None });
        }
    }
    units
}
