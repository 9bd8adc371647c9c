//! What clausebook adds to each item of `c.duties` for rules: `duty.schedule`, the cadence as
//! understood (docs/rules.md).

use mlua::{Lua, Table, Value};

use crate::base::model::{Agreement, Clause};

/// `duty.schedule` as a rule sees it: the cadence as written and whether it is understood, and
/// when it is, its `rrule`, `unit`, `interval`, `deadline`, `time`, `on_holiday`, whether it
/// follows working days, and its `next` five dates from today (of a date before each end of the
/// agreement's period, `unit` `period` and `before_end`); `nil` without a cadence.
pub(super) fn schedule(
    lua: &Lua,
    (agreement, meta): (&Agreement, &Table),
    c: &Clause,
    d: &crate::base::model::Duty,
    today: chrono::NaiveDate,
) -> mlua::Result<Value> {
    let Some(written) = &d.cadence else { return Ok(Value::Nil) };
    let t = lua.create_table()?;
    t.raw_set("written", written.as_str())?;
    t.raw_set("understood", d.by_deadline().is_some())?;
    if let Some(before) = d.before_end {
        t.raw_set("unit", "period")?;
        t.raw_set("deadline", true)?;
        t.raw_set("on_holiday", "keep")?;
        t.raw_set("working_days", false)?;
        t.raw_set("before_end", before.iso())?;
    }
    if let Some(rule) = &d.schedule {
        t.raw_set("rrule", rule.rrule())?;
        t.raw_set("unit", rule.unit.word())?;
        t.raw_set("interval", rule.interval)?;
        t.raw_set("deadline", rule.deadline)?;
        t.raw_set("time", rule.time.map(|time| time.format("%H:%M").to_string()))?;
        t.raw_set("on_holiday", rule.shift.word())?;
        t.raw_set("working_days", rule.uses_workdays())?;
    }
    if d.by_deadline().is_some() {
        // A period's ends may be years apart.
        let days = if d.before_end.is_some() { 100 * 366 } else { 2 * 366 };
        let horizon = today.checked_add_days(chrono::Days::new(days)).unwrap_or(today);
        let next = lua.create_table()?;
        for date in agreement.duty_dates(c, d, (today, horizon), today).iter().take(5) {
            next.raw_push(date.to_string())?;
        }
        t.raw_set("next", next)?;
    }
    t.set_metatable(Some(meta.clone()))?;
    Ok(Value::Table(t))
}
