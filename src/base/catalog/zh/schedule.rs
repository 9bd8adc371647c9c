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
        Schedule::CalendarNeedsYear => "日历文件要写明它涵盖的年份（1900–9999）：`year: 2026`".into(),
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
        Schedule::PeriodNotMapping => {
            "`period` 是一个映射：`start`、`end`、`renewal`、`renew_for`、`notice`、`remind`、`warn`".into()
        }
        Schedule::PeriodNeedsEnd => "`period` 需要写明 `end`，协议的最后一天（`end: 2026-12-31`）".into(),
        Schedule::PeriodNeedsStart => "`period` 需要写明 `start`，或在 content/_index.md 写 `effective:`".into(),
        Schedule::PeriodEndsBeforeStart { start, end } => format!("有效期的结束日（{end}）早于开始日（{start}）"),
        Schedule::UnknownRenewal { word } => {
            format!("未知的 `renewal` 取值 `{word}`：`auto`（不通知即自动续期）或 `none`")
        }
        Schedule::RenewalNeedsLength => {
            "`renewal: auto` 需要写明每次续期多久：`renew_for`（如 `renew_for: 1年`）".into()
        }
        Schedule::LengthNotUnderstood { name, written } => format!("`{name}: {written}` 不是一段时长"),
        Schedule::LengthForms => "写数字和单位：`30天`、`2周`、`3个月`、`1年`、`30 days`、`1 year`".into(),
        Schedule::NoticeDue { date, days, renews } => {
            format!("续期通知截止日为 {date}，还有 {days} 天：如不希望协议于 {renews} 自动续期，须在此前书面通知")
        }
        Schedule::EndsSoon { date, days } => format!("协议将于 {date} 到期（还有 {days} 天），且不会自动续期"),
        Schedule::NoticeHint => "如决定不再续签，在截止日前书面通知对方；续签则无需操作".into(),
        Schedule::AgreeWhatFollows => "商定到期后的安排（新的有效期，或协议终止），写入 `period:`".into(),
        Schedule::Expired { date } => format!("协议已于 {date} 到期，且不会自动续期"),
        Schedule::ExtendOrSilence => {
            "双方续签后更新 `period.end`；仅作存档的协议可写 `rules: {period-expired: off}`".into()
        }
        Schedule::FormsInDocs => "docs/obligations.md 列出了能理解的全部写法".into(),
        Schedule::SomeMonthsLackDay { written, day } => format!("「{written}」写的是每月 {day} 日，有的月份没有这一天：那些月份不会有这项职责"),
        Schedule::SayLastDay => "要表示每月最后一天，写 `每月底`（`end of each month`）".into(),
        Schedule::OnHolidayContradicts { written, word } => format!("频率「{written}」写明了遇节假日如何处理，`on_holiday: {word}` 却另有规定"),
        Schedule::OnHolidayOneWay => "只写一处：写在频率里（`遇节假日顺延`），或写在 `on_holiday:`".into(),
        Schedule::DutyIdDigits => "纯数字的 id 会被当作职责的序号（`CLAUSE#2`），并与那项职责共用日历事件：请加上字母（如 `d2`、`weekly-report`）".into(),
        Schedule::CalendarDayOutsideYear { date, year } => format!("{date} 不在本文件涵盖的 {year} 年之内"),
        Schedule::EventNameShared { name, other } => format!("日历会把这项职责的事件命名为 `{name}`，与条款 `{other}` 的一项职责相同：日历只会保留其中一个"),
        Schedule::GiveDutyOwnId => "给这项职责一个自己的 id（如 `id: weekly-report`）".into(),
        Schedule::RecordTwice { date } => format!("这项职责的 {date} 记录了两次"),
        Schedule::RecordNotMapping => "记录是一个映射：`duty`、`date`、`by`、`files`、`note`".into(),
        Schedule::RecordNeeds { key } => format!("记录需要写明 `{key}`"),
        Schedule::RecordFileMissing { name } => format!("records/ 中没有文件 `{name}`"),
        Schedule::RecordFileBeside => "记录所列的文件放在 records/ 中，与记录同处，只写文件名".into(),
        Schedule::NoSuchClause { name } => format!("`{name}` 指向的条款不存在"),
        Schedule::NoSuchDuty { name } => format!("`{name}` 指向的职责在该条款中不存在"),
        Schedule::DutiesOfClause { names } => format!("该条款的职责：{names}"),
        Schedule::NotADateOf { date, cadence } => format!("{date} 不是「{cadence}」的日期"),
        Schedule::NearestDates { before, after } => format!("最近的日期：{before} 和 {after}"),
        Schedule::RecordSettingsNotMapping => "`records/_index.yaml` 是一个映射：`from`、`grace`、`duties`".into(),
        Schedule::DutyMissed { text, count, dates } => format!("职责「{text}」有 {count} 次没有记录：{dates}"),
        Schedule::RecordHint { name, date } => format!("记录完成情况：`clausebook record --duty {name} --date {date} --by 姓名 [附件…]`（写入 records/{date}-….yaml），或说明未做的原因"),
        Schedule::RecordBy => "`--by` 写明谁完成了这项职责（或记录它）：不能为空，也不能含控制字符，`--note` 同样".into(),
        Schedule::RecordNoDate { duty } => format!("`{duty}` 在今天及之前没有日期：请用 `--date` 指明"),
        Schedule::RecordAfterToday { date, today } => format!("{date} 在今天（{today}）之后：记录只能对应已经到来的日期（截止类职责可记录下一个截止日）"),
        Schedule::RecordAlready { date, file } => format!("这项职责的 {date} 已经记录在 {file}"),
        Schedule::RecordFileName { file } => format!("{file} 的文件名无法保存在 records/ 中（含控制字符，或没有文件名）"),
        Schedule::RecordFileUnreadable { file, error } => format!("无法附上 {file}：{error}"),
        Schedule::RecordFileTaken { name } => format!("records/{name} 已存在：请将要附上的文件改名，或在记录中手动写明已有的文件"),
        Schedule::RecordThroughLink { link } => format!("{link} 是符号链接：记录永远不会通过符号链接写入"),
        Schedule::RecordCannotWrite { error } => format!("无法写入记录：{error}"),
        Schedule::RecordWritten { file, duty, date } => format!("已记录 {file}：`{duty}` 于 {date} 已完成"),
        Schedule::RecordAttached { file } => format!("附件 {file}"),
        Schedule::RecordNext { git, files } => format!("下一步：{git} add {files} && {git} commit"),
        Schedule::RenewForWithoutRenewal => "`renew_for` 写了每次续期多长，但有效期不会自动续期（`renewal: auto`）".into(),
        Schedule::NoticeBeforeStart { start, end } => format!("通知截止日早于有效期开始（{start} 至 {end}）：通知期比有效期还长"),
        Schedule::PeriodBeforeEffective { start, effective } => format!("有效期从 {start} 开始，早于协议生效日期（{effective}）"),
        Schedule::CadenceNeedsPeriod { written } => format!("「{written}」是协议有效期到期前的日期，但协议没有写 `period:`：日历不会有它"),
        Schedule::SayThePeriod => "在 content/_index.md 中写明协议的有效期（`period: {end: 2027-12-31}`）".into(),
        Schedule::NearestDate { date } => format!("最近的日期：{date}"),
        Schedule::NotTheDueDate { date, due } => format!("{date} 不是这项职责的日期：它的期限是 {due}"),
        Schedule::BeforeDutyStarts { date, start } => format!("{date} 早于这项职责开始的日期（{start}）"),
        Schedule::RecordSays { key } => format!("记录的 `{key}` 不能为空，也不能含控制字符"),
        Schedule::RecordFileTwice { name } => format!("要附上的文件中有两个都会成为 records/{name}"),
        Schedule::NoticeLongerThanRenewal => "通知期比某次续期还长：那次续期的通知截止日早于它开始".into(),
        Schedule::RecordsOfNoDates { name } => format!("`{name}` 不是例行职责（没有可理解的频率）：它没有需要记录的日期"),
        Schedule::OnHolidayNotBeforeEnd => "`on_holiday` 对从有效期到期日倒数的日期不起作用：日期保持不变".into(),
    }
}
