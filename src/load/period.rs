//! `period:` of `content/_index.md`, read strictly: its `start` (else the agreement's
//! `effective`), `end`, `renewal` (`auto` or `none`), `renew_for`, `notice`, `remind` and `warn`,
//! each length written as people write them (`30天`, `1年`, `3 months`).

use chrono::NaiveDate;

use super::fields::Reader;
use crate::base::catalog::{Portfolio, Schedule};
use crate::base::diagnostic::closest;
use crate::base::period::{Length, Period, Renewal};
use crate::base::yaml::{Entry, Node, Value};

/// The keys of `period:`.
const KEYS: [&str; 7] = ["start", "end", "renewal", "renew_for", "notice", "remind", "warn"];

/// How long before the notice deadline (or the end) `check` warns, unless `warn:` says.
const WARN: Length = Length::Days(30);

/// How long before the notice deadline and the end the calendars remind, unless `remind:` says.
const REMIND: [Length; 2] = [Length::Days(30), Length::Days(7)];

/// `period:` (`node`), with the agreement's `effective` date as its default start.
pub(super) fn read(reader: &mut Reader, entry: Option<&Entry>, effective: Option<NaiveDate>) -> Option<Period> {
    let (node, key_span) = entry.map(|e| (&e.value, e.key_span))?;
    let l = reader.locale;
    let Value::Map(entries) = &node.value else {
        reader.error(node.span, l.msg(Schedule::PeriodNotMapping), None);
        return None;
    };
    for e in entries.iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        let hint = closest(&e.key, KEYS).map(|c| l.did_you_mean(c));
        reader.warning("unknown-field", e.key_span, l.msg(Portfolio::UnknownKey { key: &e.key }), hint);
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let start = reader.date("start", get("start")).or(effective);
    let end = reader.date("end", get("end"));
    let renewal = renewal(reader, get("renewal"));
    let mut length = |name: &str| get(name).and_then(|n| self::length(reader, name, n));
    let (renew_for, notice, warn) = (length("renew_for"), length("notice"), length("warn"));
    let remind = if get("remind").is_some() { reminders(reader, get("remind")) } else { REMIND.to_vec() };
    if renewal == Renewal::Auto && renew_for.is_none() && get("renew_for").is_none() {
        reader.error(node.span, l.msg(Schedule::RenewalNeedsLength), None);
    }
    let (Some(start), Some(end)) = (start, end) else {
        if end.is_none() && get("end").is_none() {
            reader.error(node.span, l.msg(Schedule::PeriodNeedsEnd), None);
        }
        if start.is_none() && get("start").is_none() {
            reader.error(node.span, l.msg(Schedule::PeriodNeedsStart), None);
        }
        return None;
    };
    if end < start {
        let span = get("end").map_or(node.span, |n| n.span);
        reader.error(span, l.msg(Schedule::PeriodEndsBeforeStart { start: &start, end: &end }), None);
        return None;
    }
    contradictions(reader, (node, effective), (start, end, renewal), (renew_for, notice));
    Some(Period { start, end, renewal, renew_for, notice, remind, warn: warn.unwrap_or(WARN), span: key_span })
}

/// What a period says that contradicts itself, as warnings at the value: a `renew_for` without
/// `renewal: auto`, a notice that would be due before the period starts or is longer than a
/// renewal, a start before the agreement takes effect.
fn contradictions(
    reader: &mut Reader,
    (node, effective): (&Node, Option<NaiveDate>),
    (start, end, renewal): (NaiveDate, NaiveDate, Renewal),
    (renew_for, notice): (Option<Length>, Option<Length>),
) {
    let l = reader.locale;
    let span = |k: &str| node.get(k).map_or(node.span, |e| e.value.span);
    if renew_for.is_some() && renewal == Renewal::None {
        reader.warning("period", span("renew_for"), l.msg(Schedule::RenewForWithoutRenewal), None);
    }
    if let Some(notice) = notice
        && notice.before(end).is_none_or(|by| by < start)
    {
        let message = l.msg(Schedule::NoticeBeforeStart { start: &start, end: &end });
        reader.warning("period", span("notice"), message, None);
    }
    if let (Renewal::Auto, Some(notice), Some(each)) = (renewal, notice, renew_for)
        && notice_before_a_renewal(notice, each, end)
    {
        reader.warning("period", span("notice"), l.msg(Schedule::NoticeLongerThanRenewal), None);
    }
    if let Some(effective) = effective.filter(|e| start < *e) {
        let message = l.msg(Schedule::PeriodBeforeEffective { start: &start, effective: &effective });
        reader.warning("period", span("start"), message, None);
    }
}

/// Whether the notice before the end of one of the first 24 renewals of `each` after `end` would
/// be due before that renewal starts (a month's notice before a February's end).
fn notice_before_a_renewal(notice: Length, each: Length, end: NaiveDate) -> bool {
    let period = Period {
        start: end,
        end,
        renewal: Renewal::Auto,
        renew_for: Some(each),
        notice: Some(notice),
        remind: Vec::new(),
        warn: WARN,
        span: crate::base::diagnostic::Span::start(),
    };
    let mut day = end.succ_opt();
    for _ in 0..24 {
        let Some(stretch) = day.map(|d| period.stretch_on(d)) else { return false };
        if period.notice_by(&stretch).is_none_or(|by| by < stretch.start) {
            return true;
        }
        day = stretch.end.succ_opt();
    }
    false
}

/// `renewal:`: `auto` (自动), `none` (不续期), else an error with "did you mean".
fn renewal(reader: &mut Reader, node: Option<&Node>) -> Renewal {
    let Some(word) = reader.text("renewal", node) else { return Renewal::None };
    match word.as_str() {
        "auto" | "自动" | "自动续期" => Renewal::Auto,
        "none" | "无" | "不续期" | "不自动续期" => Renewal::None,
        other => {
            let l = reader.locale;
            let hint = closest(other, ["auto", "none"]).map(|c| l.did_you_mean(c));
            let span = node.map_or(crate::base::diagnostic::Span::start(), |n| n.span);
            reader.error(span, l.msg(Schedule::UnknownRenewal { word: &other }), hint.as_deref());
            Renewal::None
        }
    }
}

/// `remind:` (of the period, or of a duty): one length or a list of them (`[30天, 7天]`).
pub(super) fn reminders(reader: &mut Reader, node: Option<&Node>) -> Vec<Length> {
    node.map_or(&[][..], Node::one_or_many).iter().filter_map(|n| length(reader, "remind", n)).collect()
}

/// A length written at `node` (`notice: 30天`), else an error that says the forms.
pub(super) fn length(reader: &mut Reader, name: &str, node: &Node) -> Option<Length> {
    let written = reader.text(name, Some(node))?;
    let found = Length::parse(&written);
    if found.is_none() {
        let l = reader.locale;
        reader.error(
            node.span,
            l.msg(Schedule::LengthNotUnderstood { name: &name, written: &written }),
            Some(&l.msg(Schedule::LengthForms)),
        );
    }
    found
}
