//! The built-in checks every agreement gets, always on: duplicate ids, unknown parties, broken
//! references, overdue reviews and duties, outdated library editions (invalid dates and names are
//! found while loading). Everything domain-specific beyond these lives in the project's Lua
//! rules. Messages follow the agreement's language.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::base::catalog::{Check, Library, Locale};
use crate::base::diagnostic::{Diagnostic, Span, closest};
use crate::base::model::{Agreement, Clause, LinkTarget, Lookup};
use crate::base::yaml::PathStep::{self, Index, Key};

/// Runs every built-in check, judging time-dependent ones (overdue reviews) against `today`.
pub fn builtin(agreement: &Agreement, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let l = Locale::of(&agreement.language);
    duplicate_parties(agreement, l, &mut out);
    duplicate_ids(agreement, l, &mut out);
    shared_event_names(agreement, l, &mut out);
    let lookup = agreement.lookup();
    for (i, clause) in agreement.clauses.iter().enumerate().filter(|(_, c)| !c.placeholder) {
        unknown_parties(agreement, clause, l, &mut out);
        broken_references(&lookup, clause, l, &mut out);
        review_overdue(clause, today, l, &mut out);
        duty_overdue(agreement, i, today, l, &mut out);
        library_outdated(agreement, clause, l, &mut out);
    }
    period(agreement, today, l, &mut out);
    duty_missed(agreement, today, l, &mut out);
    let horizon = today.checked_add_days(chrono::Days::new(crate::base::workdays::NOTICE)).unwrap_or(today);
    out.extend(crate::load::schedules::coverage(agreement, horizon, l));
    out
}

/// With `records/_index.yaml`, each recurring duty (of those it names) whose dates from its
/// first that needs a record ([`Agreement::recorded_from`]) to `grace` before `today` have no
/// record: one warning per duty, at its cadence, with the dates missed (the first ten, and how
/// many).
fn duty_missed(agreement: &Agreement, today: NaiveDate, l: Locale, out: &mut Vec<Diagnostic>) {
    use crate::base::catalog::Schedule;
    use crate::base::model::records::Standing;
    let Some(settings) = &agreement.record_settings else { return };
    let Some(until) = settings.grace.before(today).and_then(|d| d.pred_opt()) else { return };
    for (i, c) in agreement.clauses.iter().enumerate() {
        for (j, d) in c.duties.iter().enumerate() {
            let Some(from) = agreement.recorded_from((i, j), today) else { continue };
            let missed: Vec<NaiveDate> = agreement
                .duty_dates(c, d, (from, until), today)
                .into_iter()
                .filter(|date| agreement.standing((i, j), *date, today) == Some(Standing::Missed))
                .collect();
            let Some(first) = missed.first() else { continue };
            let mut dates: Vec<String> = missed.iter().take(10).map(ToString::to_string).collect();
            if missed.len() > 10 {
                dates.push("…".into());
            }
            let message = l.msg(Schedule::DutyMissed { text: &d.text, count: &missed.len(), dates: &dates.join(", ") });
            let name = crate::base::model::records::duty_name(&c.id, d.id.as_deref(), d.position);
            let span = c.locate(&[Key("duties"), Index(j), Key("cadence")]);
            out.push(
                Diagnostic::warning("duty-missed", &c.file, span, message)
                    .with_hint(l.msg(Schedule::RecordHint { name: &name, date: first })),
            );
        }
    }
}

/// The agreement's period (`period:`): a warning within `warn` of the notice deadline before a
/// renewal (or of the end, without renewal), and once it has ended without renewal.
fn period(agreement: &Agreement, today: NaiveDate, l: Locale, out: &mut Vec<Diagnostic>) {
    use crate::base::catalog::Schedule;
    use crate::base::period::Renewal;
    let Some(p) = &agreement.period else { return };
    let file = &agreement.file;
    if p.expired(today) {
        let message = l.msg(Schedule::Expired { date: &p.end });
        out.push(
            Diagnostic::warning("period-expired", file, p.span, message).with_hint(l.msg(Schedule::ExtendOrSilence)),
        );
        return;
    }
    let stretch = p.stretch_on(today);
    let (deadline, message, hint) = match p.renewal {
        Renewal::Auto => {
            let Some(by) = p.notice_by(&stretch) else { return };
            let renews = stretch.end.succ_opt().unwrap_or(stretch.end);
            let days = (by - today).num_days();
            (by, l.msg(Schedule::NoticeDue { date: &by, days: &days, renews: &renews }), Schedule::NoticeHint)
        }
        Renewal::None => {
            let days = (stretch.end - today).num_days();
            (stretch.end, l.msg(Schedule::EndsSoon { date: &stretch.end, days: &days }), Schedule::AgreeWhatFollows)
        }
    };
    let warn_from = p.warn.before(deadline).unwrap_or(deadline);
    if today >= warn_from && today <= deadline {
        out.push(Diagnostic::warning("period-notice", file, p.span, message).with_hint(l.msg(hint)));
    }
}

/// A clause that uses an edition of a library clause that newer ones replace: a warning when
/// any of them changed the meaning (`update`, `edition`), an info when all are corrections.
fn library_outdated(agreement: &Agreement, clause: &Clause, l: Locale, out: &mut Vec<Diagnostic>) {
    let (Some(used), Some(uses), Some(library)) = (&clause.used, &clause.uses, &agreement.library) else { return };
    let Some((count, kind)) = library.pending(&used.clause, used.edition) else { return };
    let (clause_id, n, latest) = (&used.clause, used.edition, used.latest);
    let message = l.msg(Library::Outdated { clause: clause_id, n, count, latest, kind: &kind.word() });
    let severity = match kind {
        crate::base::model::library::Kind::Correction => crate::base::diagnostic::Severity::Info,
        _ => crate::base::diagnostic::Severity::Warning,
    };
    let d = Diagnostic::new(severity, "library-outdated", &clause.file, uses.span, message);
    let mut hint = l.msg(Library::Upgrade { clause: clause_id, latest });
    // A portfolio's library has pages in its portal: the redline one click away.
    if library.lent {
        let page = format!("library/{clause_id}/{n}-{latest}.html");
        hint.push_str(&l.msg(Library::RedlineAt { page: &page }));
    }
    out.push(d.with_hint(hint));
}

/// A clause whose `review_by` has passed: a warning, so that time passing never stops publishing.
/// The site's "review overdue" badge shows exactly these clauses.
fn review_overdue(clause: &Clause, today: NaiveDate, l: Locale, out: &mut Vec<Diagnostic>) {
    let (Some(days), Some(due)) = (clause.overdue_days(today), clause.review_by) else { return };
    out.push(
        Diagnostic::warning(
            "review-overdue",
            &clause.file,
            clause.locate(&[Key("review_by")]),
            l.msg(Check::ReviewDaysOverdueDue { days: &days, due: &due }),
        )
        .with_hint(l.msg(Check::ReviewClauseThenUpdateRevised)),
    );
}

/// A duty whose `due` date has passed with no record that it was done (`records/`), in clause
/// `c` when it is not retired: a warning, like an overdue review. The upcoming page lists the
/// same duties as overdue.
fn duty_overdue(agreement: &Agreement, c: usize, today: NaiveDate, l: Locale, out: &mut Vec<Diagnostic>) {
    let clause = &agreement.clauses[c];
    if clause.status == crate::base::model::Status::Retired {
        return;
    }
    for (i, d) in clause.duties.iter().enumerate() {
        let Some(due) = d.due.filter(|due| *due < today) else { continue };
        if agreement.record_of((c, i), due).is_some() {
            continue;
        }
        let days = (today - due).num_days();
        out.push(
            Diagnostic::warning(
                "duty-overdue",
                &clause.file,
                clause.locate(&[Key("duties"), Index(i), Key("due")]),
                l.msg(Check::DutyDaysOverdueDue { text: &d.text, days: &days, due: &due }),
            )
            .with_hint(l.msg(Check::OnceDoneRemoveDueAgree)),
        );
    }
}

fn duplicate_parties(agreement: &Agreement, l: Locale, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, party) in agreement.parties.iter().enumerate() {
        if let Some(first) = seen.insert(&party.id, i) {
            let at = |i: usize| agreement.front.locate([Key("parties"), Index(i), Key("id")]);
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    &agreement.file,
                    at(i),
                    l.msg(Check::PartyIdDeclaredTwice { id: &party.id }),
                )
                .with_related(&agreement.file, at(first), l.msg(Check::FirstDeclaredHere)),
            );
        }
    }
}

/// A duty's calendar events are named `<clause>-<duty id or position>`: clause `x` with duty
/// `1-1` and clause `x-1`'s first duty would share their names, and a calendar keeps one event.
fn shared_event_names(agreement: &Agreement, l: Locale, out: &mut Vec<Diagnostic>) {
    // Two names can meet only when one clause's id is another's followed by `-`: most agreements
    // have none, and are not asked further.
    let ids: std::collections::HashSet<&str> = agreement.clauses.iter().map(|c| c.id.as_str()).collect();
    let prefixed = |id: &str| id.match_indices('-').any(|(i, _)| ids.contains(&id[..i]));
    if !agreement.clauses.iter().any(|c| prefixed(&c.id)) {
        return;
    }
    let mut named: HashMap<String, (&Clause, usize)> = HashMap::new();
    for c in agreement.clauses.iter().filter(|c| !c.placeholder) {
        for (i, d) in c.duties.iter().enumerate() {
            let key = d.id.clone().unwrap_or_else(|| (i + 1).to_string());
            let name = format!("{}-{key}", c.id);
            match named.get(&name) {
                Some((first, j)) if !std::ptr::eq(*first, c) => {
                    let at = |c: &Clause, j: usize| c.locate(&[Key("duties"), Index(j)]);
                    let message =
                        l.msg(crate::base::catalog::Schedule::EventNameShared { name: &name, other: &first.id });
                    out.push(
                        Diagnostic::error("duplicate-id", &c.file, at(c, i), message)
                            .with_related(&first.file, at(first, *j), l.msg(Check::FirstUsedHere))
                            .with_hint(l.msg(crate::base::catalog::Schedule::GiveDutyOwnId)),
                    );
                }
                _ => {
                    named.insert(name, (c, i));
                }
            }
        }
    }
}

fn duplicate_ids(agreement: &Agreement, l: Locale, out: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<&str, &Clause> = HashMap::with_capacity(agreement.clauses.len());
    for clause in &agreement.clauses {
        if let Some(first) = ids.get(clause.id.as_str()) {
            let at = |c: &Clause| {
                if c.front.get("id").is_some() { c.locate(&[Key("id")]) } else { Span::start() }
            };
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    &clause.file,
                    at(clause),
                    l.msg(Check::ClauseIdAlreadyUsed { id: &clause.id, file: &crate::base::escape::path(&first.file) }),
                )
                .with_related(&first.file, at(first), l.msg(Check::FirstUsedHere))
                .with_hint(l.msg(Check::GiveOneClausesOwnId)),
            );
        } else {
            ids.insert(&clause.id, clause);
        }
    }
}

fn unknown_parties(agreement: &Agreement, clause: &Clause, l: Locale, out: &mut Vec<Diagnostic>) {
    let declared = || agreement.parties.iter().map(|p| format!("{} ({})", p.id, p.name)).collect::<Vec<_>>().join(", ");
    // Each party the clause names, and whether loading resolved it to a party of the agreement.
    let mut check = |name: &str, named: Option<usize>, path: &[PathStep<'_>]| {
        if named.is_none() {
            let d = Diagnostic::error(
                "unknown-party",
                &clause.file,
                clause.locate(path),
                l.msg(Check::NotPartyAgreement { name: &name }),
            )
            .with_hint(l.msg(Check::UsePartyDeclaredContentIndex { declared: &declared() }));
            let near = closest(name, agreement.parties.iter().map(|p| p.id.as_str()))
                .or_else(|| closest(name, agreement.parties.iter().map(|p| p.name.as_str())));
            out.push(match near {
                Some(c) => d.with_fix(name, c),
                None => d,
            });
        }
    };
    let named = &clause.named;
    if let Some(owner) = &clause.owner {
        check(owner, named.owner, &[Key("owner")]);
    }
    for (i, p) in clause.parties.iter().enumerate() {
        check(p, named.parties[i], &[Key("parties"), Index(i)]);
    }
    for (i, duty) in clause.duties.iter().enumerate() {
        if let Some(owner) = &duty.owner {
            check(owner, named.duty_owners[i], &[Key("duties"), Index(i), Key("owner")]);
        }
    }
    for (i, share) in clause.budget.iter().enumerate() {
        check(&share.party, named.budget[i], &[Key("budget"), Index(i), Key("party")]);
    }
}

fn broken_references(lookup: &Lookup, clause: &Clause, l: Locale, out: &mut Vec<Diagnostic>) {
    let ids = &lookup.by_id;
    for (i, target) in clause.refs.iter().enumerate() {
        if !ids.contains_key(target.as_str()) {
            let d = Diagnostic::error(
                "broken-reference",
                &clause.file,
                clause.locate(&[Key("refs"), Index(i)]),
                l.msg(Check::NoClauseHasId { target: &target }),
            );
            let (hint, near) = suggest(ids, target, l);
            let d = d.with_hint(hint);
            out.push(match near {
                Some(id) => d.with_fix(target, id),
                None => d,
            });
        }
    }
    // The library text's links are the edition's (its lines are the edition file's): each is
    // said at the clause's `use:`, and no fix is offered there.
    let own = clause.body.links.iter().map(|link| (link, Span::new(link.line, link.col, link.len), true));
    let at_use = clause.uses.as_ref().map_or(Span::start(), |u| u.span);
    let used = clause.used.iter().flat_map(|u| &u.body.links).map(|link| (link, at_use, false));
    for (link, span, fixable) in own.chain(used) {
        // Citations of other agreements (and what was meant as one: ids never hold `:` or `@`)
        // are checked by `citations`.
        let cites = matches!(&link.target, LinkTarget::Id(id) if id.contains([':', '@']));
        if cites || lookup.target(&link.target).is_some() {
            continue;
        }
        let message = match &link.target {
            LinkTarget::Id(id) => l.msg(Check::NoLinkedClauseHasId { id: &id }),
            LinkTarget::File(file) => {
                let file = crate::base::escape::path(file);
                l.msg(Check::NoClauseFile { file: &file })
            }
        };
        let mut d = Diagnostic::error("broken-reference", &clause.file, span, message);
        if let LinkTarget::Id(id) = &link.target {
            let (hint, near) = suggest(ids, id, l);
            d = d.with_hint(hint);
            if let Some(near) = near.filter(|_| fixable) {
                d = d.with_fix(id, near);
            }
        }
        out.push(d);
    }
}

/// The id a broken reference most likely meant (the closest by spelling, else one that contains
/// it or that it contains) and the hint that says so.
fn suggest<'a>(
    ids: &HashMap<&'a str, &Clause, crate::base::hash::Fast>,
    wrong: &str,
    l: Locale,
) -> (String, Option<&'a str>) {
    // A clause's title or its label (`第10条`, `Article 10`) instead of its id: when exactly one
    // clause has it, that clause is meant.
    let wrong_trimmed = wrong.trim();
    let named = |matches: &dyn Fn(&Clause) -> bool| -> Option<&'a str> {
        let mut found = ids.iter().filter(|(_, c)| !c.placeholder && matches(c)).map(|(id, _)| *id);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    };
    let by_title = named(&|c: &Clause| c.title.trim() == wrong_trimmed);
    let by_label = || {
        named(&|c: &Clause| {
            let n = c.number;
            wrong_trimmed == format!("第{n}条")
                || wrong_trimmed.eq_ignore_ascii_case(&format!("Article {n}"))
                || wrong_trimmed == format!("第{}条", crate::base::catalog::chinese_numeral(n))
        })
    };
    if let Some((id, what)) =
        by_title.map(|id| (id, l.msg(Check::Title))).or_else(|| by_label().map(|id| (id, l.msg(Check::Number))))
    {
        let hint = l.msg(Check::DidYouMeanThatClause { id: &id, wrong_trimmed: &wrong_trimmed, what: &what });
        return (hint, Some(id));
    }
    let mut near: Vec<&str> = ids.keys().copied().filter(|id| id.contains(wrong) || wrong.contains(id)).collect();
    near.sort();
    let typo = closest(wrong, ids.keys().copied());
    let id = typo.or(near.first().copied());
    let hint = match id {
        Some(id) => l.did_you_mean(id),
        None => l.msg(Check::ReferClauseIdFrontMatter),
    };
    (hint, id)
}
