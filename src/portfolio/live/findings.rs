//! The findings of a portfolio in an editing session: each agreement's as the portfolio shows
//! them, kept until its rebuild changes them, and all of them, sorted once until some part changes.

use std::path::PathBuf;
use std::sync::Arc;

use super::PortfolioSession;
use crate::pipeline::Checked;
use crate::portfolio::config::Unit;

/// Findings of one agreement or of the whole, their files named from the portfolio's folder.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Part {
    diagnostics: Vec<crate::base::diagnostic::Diagnostic>,
    sources: Vec<(PathBuf, Arc<str>)>,
    printed: Vec<crate::check::rules::Printed>,
    rules: Vec<(crate::base::diagnostic::RuleInfo, Option<crate::Severity>)>,
    counted: usize,
}

impl Part {
    /// The findings `checked` holds.
    pub(super) fn of(checked: Checked) -> Part {
        let sources = checked.sources.iter().map(|(f, t)| (f.to_path_buf(), t)).collect();
        let Checked { diagnostics, printed, rules, counted, .. } = checked;
        Part { diagnostics, sources, printed, rules, counted }
    }

    /// Adds `part`'s findings to `out`.
    pub(super) fn add_to(&self, out: &mut Checked) {
        out.diagnostics.extend(self.diagnostics.iter().cloned());
        for (file, text) in &self.sources {
            if out.sources.get(file).is_none() {
                out.sources.insert(file.clone(), Arc::clone(text));
            }
        }
        out.printed.extend(self.printed.iter().cloned());
        out.rules.extend(self.rules.iter().cloned());
        out.counted += self.counted;
    }
}

impl PortfolioSession {
    /// Every finding, of the agreements and across them, sorted: as last assembled when no part
    /// of them changed since.
    pub(super) fn findings(&mut self, units: &Arc<[Unit]>) -> &Part {
        if !Arc::ptr_eq(&self.parts.1, units) {
            self.parts.1 = Arc::clone(units);
            self.parts.0.iter_mut().for_each(|(_, stale)| *stale = true);
        }
        let l = crate::base::catalog::Locale::of(&self.config.language);
        let members = self.config.agreements.iter().zip(&self.gone);
        for ((member, last), (part, stale)) in members.zip(&self.last).zip(&mut self.parts.0) {
            if !std::mem::take(stale) {
                continue;
            }
            // A gone agreement's last findings are of files that are gone: its error alone stands.
            let mut found = crate::portfolio::aggregate(l, Vec::new(), Default::default());
            if let (false, Some((checked, _, _))) = (*member.1, last) {
                let member = member.0;
                let more = match (&checked.agreement, self.org) {
                    (Some(a), true) => crate::portfolio::units::unknown(a, units),
                    _ => Vec::new(),
                };
                crate::portfolio::merge(&mut found, member, checked, &more);
            }
            let found = Part::of(found);
            if found != *part {
                *part = found;
                self.assembled = None;
            }
        }
        if self.assembled.is_none() {
            let mut out = crate::portfolio::aggregate(l, Vec::new(), Default::default());
            self.parts.0.iter().for_each(|(part, _)| part.add_to(&mut out));
            self.gone_findings(&mut out);
            if let Some(found) = &self.across {
                add_found(&mut out, found);
            }
            out.diagnostics.sort();
            // A problem of the library's files, said by each agreement that uses it, once.
            out.diagnostics.dedup();
            self.assembled = Some(Part::of(out));
        }
        self.assembled.get_or_insert_default()
    }

    /// Adds to `out` an error for each agreement whose folder is gone, at its line of
    /// `portfolio.yaml`.
    fn gone_findings(&self, out: &mut Checked) {
        use crate::base::catalog::Portfolio as Words;
        let l = crate::base::catalog::Locale::of(&self.config.language);
        let gone = self.config.agreements.iter().zip(&self.gone).filter(|(_, g)| **g).map(|(m, _)| m);
        for member in gone {
            let path = crate::base::escape::path(&member.path);
            let message = l.msg(Words::AgreementGone { id: &member.id, path: &path });
            let d = crate::base::diagnostic::Diagnostic::error(
                crate::portfolio::config::CODE,
                crate::portfolio::config::FILE,
                member.span,
                message,
            );
            out.diagnostics.push(d.with_hint(l.msg(Words::BringItBack)));
            if let Ok(text) = std::fs::read_to_string(self.root.join(crate::portfolio::config::FILE)) {
                out.sources.insert(PathBuf::from(crate::portfolio::config::FILE), text);
            }
        }
    }
}

/// Adds what the checks across the agreements `found` to `out`, but their findings, which are
/// handed on aside (the texts of files the agreements' checks read already kept as those read
/// them).
pub(super) fn add_found(out: &mut Checked, found: &Checked) {
    for (file, text) in found.sources.iter() {
        if out.sources.get(file).is_none() {
            out.sources.insert(file.to_path_buf(), text);
        }
    }
    out.rules.extend(found.rules.iter().cloned());
    out.printed.extend(found.printed.iter().cloned());
}
