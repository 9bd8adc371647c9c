//! The Chinese words of [`Schedule`]: one arm per message, so that none can be missing.

use crate::base::catalog::Schedule;

/// The Chinese text of `m`.
pub(super) fn text(m: &Schedule) -> String {
    match m {
        Schedule::NearestForm { form } => format!("是否想写「{form}」？docs/obligations.md 列出了能理解的全部写法"),
        Schedule::UnknownOnHoliday { word } => format!("未知的 `on_holiday` 取值 `{word}`"),
        Schedule::OnHolidayWords { words } => format!("`on_holiday` 可取：{words}"),
        Schedule::CadenceNeedsStart { written } => {
            format!("频率「{written}」从职责开始之日起每隔几个周期计算，但没有写明开始日期：日历不会有它")
        }
        Schedule::SayWhenStarts => {
            "写明开始日期：在职责上写 `since: 2026-01-07`，或在 content/_index.md 写 `effective:`".into()
        }
        Schedule::CalendarNotMapping => "日历文件是一个映射：`year`、`holidays`、`workdays`、`source`".into(),
        Schedule::CalendarNeedsYear => "日历文件要写明它涵盖的年份：`year: 2026`".into(),
        Schedule::CalendarBadDay { written } => format!("`{written}` 不是日期，也不是日期范围"),
        Schedule::CalendarDayForms => "写日期（`2026-10-01`）或范围（`2026-10-01 ~ 2026-10-07`）".into(),
        Schedule::CalendarYearTwice { year } => format!("{year} 年也由另一个日历文件涵盖"),
        Schedule::CalendarDayBoth { date } => format!("{date} 既列为节假日，又列为工作日"),
        Schedule::WorkdaysMondayFriday => "没有工作日日历：工作日按周一至周五计算，法定节假日也算作工作日".into(),
        Schedule::AddCalendarFile => {
            "在 `calendar/<年份>.yaml` 中列出每年的法定节假日和调休上班日（见 docs/obligations.md）".into()
        }
        Schedule::WorkdaysEnd { date } => format!("工作日日历截至 {date}：此后工作日按周一至周五计算"),
        Schedule::AddNextYear => "次年的节假日安排公布后，把它加入 `calendar/`".into(),
    }
}
