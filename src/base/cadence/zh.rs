//! Cadences in Chinese: `每天`, `每个工作日`, `每周一、三、五`, `隔周三`, `每两周`, `每3天`,
//! `每月15日前`, `每月1日和15日`, `每月最后一个工作日`, `每月结束后10个工作日内`, `隔月5日`,
//! `每季度首月15日前`, `每季度结束后15日内`, `每半年`, `每年3月和9月`, `每年最后一个工作日`,
//! with a time (`下午2点`, `14:00`) and what happens on a holiday (`（遇节假日顺延）`).

use chrono::Weekday;

use super::{Cadence, Pick, Shift, Unit, cadence, chinese_number, day_of, time, weekday_bit};

/// Reads a Chinese cadence.
pub(super) fn parse(text: &str) -> Option<Cadence> {
    let text = normalize(text);
    let (text, shift) = holiday(&text)?;
    let (rest, time) = time::split(text);
    let (rest, deadline) = deadline(rest);
    let rest = ["一次", "1次"].iter().find_map(|s| rest.strip_suffix(s)).unwrap_or(rest);
    let mut c = rule(rest)?;
    c.deadline = deadline;
    c.time = time;
    c.shift = shift;
    Some(c)
}

/// Without spaces and `的`, with full-width digits and parentheses as ASCII.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '的')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '；' => ';',
            other => other,
        })
        .collect()
}

/// `…（遇节假日顺延）`, `…，遇法定节假日提前`: the rest and where a date on a holiday goes.
fn holiday(text: &str) -> Option<(&str, Shift)> {
    let Some(at) = text.find('遇') else { return Some((text, Shift::Keep)) };
    let head = text[..at].trim_end_matches(['(', ',', ';']);
    let said = text[at..].trim_end_matches(')');
    let shift = if said.contains("不顺延") || said.contains("照常") {
        Shift::Keep
    } else if ["顺延", "延后", "推迟", "下一个工作日", "下一工作日"].iter().any(|w| said.contains(w)) {
        Shift::NextWorkingDay
    } else if ["提前", "上一个工作日", "前一个工作日", "前一工作日"].iter().any(|w| said.contains(w))
    {
        Shift::PreviousWorkingDay
    } else {
        return None;
    };
    Some((head, shift))
}

/// `…前`, `…之前`, `…以前`, `…内`, `不晚于…`: the rest and whether it is a deadline.
fn deadline(text: &str) -> (&str, bool) {
    let text =
        ["不晚于", "最迟于", "最迟"].iter().find_map(|p| text.strip_prefix(p)).map_or((text, false), |t| (t, true));
    match ["之前", "以前", "之内", "以内", "前", "内"].iter().find_map(|s| text.0.strip_suffix(s)) {
        Some(rest) => (rest, true),
        None => text,
    }
}

/// A number at the start of `s`, and the rest.
fn leading_number(s: &str) -> Option<(i32, &str)> {
    let numeral = |c: char| c.is_ascii_digit() || "零一二三四五六七八九十两廿".contains(c);
    let end = s.char_indices().find(|(_, c)| !numeral(*c)).map_or(s.len(), |(i, _)| i);
    // The longest prefix that reads as a number (`十五日` → 15, `一、三` → 1).
    let mut cut = end;
    while cut > 0 {
        if let Some(n) = chinese_number(&s[..cut]) {
            return Some((n, &s[cut..]));
        }
        cut = s[..cut].char_indices().last().map_or(0, |(i, _)| i);
    }
    None
}

fn weekday(c: char) -> Option<Weekday> {
    Some(match c {
        '一' | '1' => Weekday::Mon,
        '二' | '2' => Weekday::Tue,
        '三' | '3' => Weekday::Wed,
        '四' | '4' => Weekday::Thu,
        '五' | '5' => Weekday::Fri,
        '六' | '6' => Weekday::Sat,
        '日' | '天' | '7' => Weekday::Sun,
        _ => return None,
    })
}

/// `周三`, `星期三`, `礼拜三`, or (after 每周) `三`: one weekday.
fn one_weekday(s: &str, bare: bool) -> Option<Weekday> {
    let s = match ["周", "星期", "礼拜"].iter().find_map(|p| s.strip_prefix(p)) {
        Some(rest) => rest,
        None if bare => s,
        None => return None,
    };
    let mut chars = s.chars();
    let w = weekday(chars.next()?)?;
    chars.next().is_none().then_some(w)
}

/// Items separated by `、`, `和`, `及`, `与`, `,`.
fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split(['、', '和', '及', '与', ',', '/']).filter(|i| !i.is_empty())
}

/// `一、三、五`, `周一和周四`, `一至五`: the weekdays after 每周.
fn weekdays(s: &str) -> Option<u8> {
    let mut mask = 0u8;
    for item in items(s) {
        match item.split_once(['至', '到', '~', '-']) {
            Some((a, b)) => {
                let (a, b) = (one_weekday(a, true)?, one_weekday(b, true)?);
                let (a, b) = (a.num_days_from_monday(), b.num_days_from_monday());
                if a > b {
                    return None;
                }
                (a..=b).for_each(|d| mask |= 1 << d);
            }
            None => mask |= weekday_bit(one_weekday(item, true)?),
        }
    }
    (mask != 0).then_some(mask)
}

/// `15日`, `1日和15日`, `底`, `初`, `` (the 1st): days of a month as a [`Pick::Days`] mask.
fn days(s: &str) -> Option<u32> {
    match s {
        "" | "初" | "第一天" => return Some(1 << 1),
        "底" | "末" | "最后一天" | "月底" | "月末" => return Some(1),
        _ => {}
    }
    let mut mask = 0u32;
    for item in items(s) {
        if ["底", "末", "最后一天"].contains(&item) {
            mask |= 1;
            continue;
        }
        let n = chinese_number(item.strip_suffix('日').or_else(|| item.strip_suffix('号'))?)?;
        if !(1..=31).contains(&n) {
            return None;
        }
        mask |= 1 << n;
    }
    (mask != 0).then_some(mask)
}

/// `第二个周五`, `最后一个工作日`, `倒数第二个工作日`, `前5个工作日`: a position and what it
/// counts, as a pick in the `month`-th month (0: the whole period).
fn position(s: &str, month: u8) -> Option<Pick> {
    let (n, rest) = if let Some(r) = s.strip_prefix("最后一个").or_else(|| s.strip_prefix("最后一")) {
        (-1, r)
    } else if let Some(r) = s.strip_prefix("倒数第") {
        let (n, r) = leading_number(r)?;
        (-n, r.strip_prefix('个').unwrap_or(r))
    } else {
        let r = s.strip_prefix('第').or_else(|| s.strip_prefix('前')).or_else(|| s.strip_prefix("结束后"))?;
        let (n, r) = leading_number(r)?;
        (n, r.strip_prefix('个').unwrap_or(r))
    };
    let n = i8::try_from(n).ok()?;
    if rest == "工作日" {
        return Some(Pick::WorkingDay { month, n });
    }
    Some(Pick::Weekday { month, n, weekday: one_weekday(rest, false)? })
}

/// Before the `unit` of a rule: `每`, `每两`, `每3`, `每隔一`, `隔`, `双`: the interval and the rest.
fn interval(rest: &str) -> Option<(u16, &str)> {
    if let Some(r) =
        rest.strip_prefix('隔').or_else(|| rest.strip_prefix("每隔一个").or_else(|| rest.strip_prefix("每隔一")))
    {
        return Some((2, r));
    }
    if let Some(r) = rest.strip_prefix("双周") {
        return Some((2, &rest[rest.len() - r.len() - "周".len()..]));
    }
    let r = rest.strip_prefix('每')?;
    match leading_number(r) {
        Some((n, after)) if ["天", "日", "周", "星期", "个", "月", "季", "年"].iter().any(|u| after.starts_with(u)) => {
            Some((u16::try_from(n).ok().filter(|n| *n >= 1)?, after))
        }
        _ => Some((1, r)),
    }
}

fn rule(rest: &str) -> Option<Cadence> {
    match rest {
        "每天" | "每日" | "天天" | "每一天" => return Some(cadence(Unit::Day, 1, Pick::All)),
        "每个工作日" | "每工作日" | "每一个工作日" | "工作日每天" => {
            return Some(cadence(Unit::Day, 1, Pick::Working));
        }
        "每半年" | "半年" | "每年两次" | "一年两次" | "每半年度" => {
            return Some(cadence(Unit::Half, 1, day_of(1, 1)));
        }
        "每半年末" | "每半年底" => return Some(cadence(Unit::Half, 1, day_of(6, -1))),
        _ => {}
    }
    let (n, rest) = interval(rest)?;
    let units: [(&[&str], Unit); 6] = [
        (&["天", "日"], Unit::Day),
        (&["个星期", "个礼拜", "周", "星期", "礼拜"], Unit::Week),
        (&["个月", "月"], Unit::Month),
        (&["个季度", "季度", "季"], Unit::Quarter),
        (&["个半年", "半年"], Unit::Half),
        (&["年"], Unit::Year),
    ];
    let (unit, tail) =
        units.iter().find_map(|(words, unit)| words.iter().find_map(|w| rest.strip_prefix(w)).map(|t| (*unit, t)))?;
    let pick = match unit {
        Unit::Day => (tail.is_empty()).then_some(Pick::All)?,
        Unit::Week => match tail {
            "" => Pick::Weekdays(weekday_bit(Weekday::Mon)),
            t => position(t, 0)
                .filter(|p| matches!(p, Pick::WorkingDay { .. }))
                .or_else(|| Some(Pick::Weekdays(weekdays(t)?)))?,
        },
        Unit::Month => month_tail(tail)?,
        Unit::Quarter | Unit::Half => period_tail(tail, unit.months() as u8)?,
        Unit::Year => year_tail(tail)?,
    };
    Some(cadence(unit, n, pick))
}

/// `结束后15日` (`天`): 15 days after the end of a period, the 15th of the next one's first month.
fn days_after_end(tail: &str) -> Option<i32> {
    let d = tail.strip_prefix("结束后")?;
    chinese_number(d.strip_suffix('日').or_else(|| d.strip_suffix('天'))?).filter(|n| (1..=28).contains(n))
}

/// After 每月: `15日`, `1日和15日`, `底`, `第一个周一`, `最后一个工作日`, `结束后10日`.
fn month_tail(tail: &str) -> Option<Pick> {
    if let Some(n) = days_after_end(tail) {
        return Some(day_of(1, n));
    }
    match days(tail) {
        Some(mask) => Some(Pick::Days { months: 1 << 1, days: mask }),
        None => position(tail, 0),
    }
}

/// After 每季度 / 每半年 (`months` months): `末`, `首月15日`, `最后一个月25日`, `第一个工作日`,
/// `结束后15日`.
fn period_tail(tail: &str, months: u8) -> Option<Pick> {
    match tail {
        "" | "初" | "第一天" => return Some(day_of(1, 1)),
        "末" | "底" | "最后一天" => return Some(day_of(months, -1)),
        _ => {}
    }
    if let Some(n) = days_after_end(tail) {
        return Some(day_of(1, n));
    }
    let month_words: [(&str, u8); 4] = [("首月", 1), ("第一个月", 1), ("最后一个月", months), ("末月", months)];
    let named = month_words.iter().find_map(|(w, m)| tail.strip_prefix(w).map(|r| (*m, r))).or_else(|| {
        let (k, r) = leading_number(tail.strip_prefix('第')?)?;
        let r = r.strip_prefix("个月")?;
        Some((u8::try_from(k).ok().filter(|k| (1..=months).contains(k))?, r))
    });
    if let Some((month, rest)) = named {
        return match days(rest) {
            Some(mask) => Some(Pick::Days { months: 1 << month, days: mask }),
            None => position(rest, month),
        };
    }
    // A position in the whole period: the first ones are in its first month, the last in its last.
    match position(tail, 0)? {
        Pick::Weekday { n, weekday, .. } if (1..=4).contains(&n) => Some(Pick::Weekday { month: 1, n, weekday }),
        Pick::Weekday { n, weekday, .. } if (-4..=-1).contains(&n) => Some(Pick::Weekday { month: months, n, weekday }),
        Pick::WorkingDay { n, .. } if (1..=15).contains(&n) => Some(Pick::WorkingDay { month: 1, n }),
        Pick::WorkingDay { n, .. } if (-15..=-1).contains(&n) => Some(Pick::WorkingDay { month: months, n }),
        _ => None,
    }
}

/// After 每年: `3月15日`, `3月和9月`, `6月、12月底`, `末`, `最后一个工作日`, `一月第一个周一`.
fn year_tail(tail: &str) -> Option<Pick> {
    match tail {
        "" | "初" => return Some(day_of(1, 1)),
        "末" | "底" => return Some(day_of(12, -1)),
        _ => {}
    }
    if let Some(n) = days_after_end(tail) {
        return Some(day_of(1, n));
    }
    if !tail.contains('月') {
        return position(tail, 0);
    }
    // The months named, then what of them.
    let (list, rest) = tail.rsplit_once('月')?;
    let mut months = 0u16;
    let mut single = 0u8;
    for item in items(list) {
        let m = chinese_number(item.strip_suffix('月').unwrap_or(item)).filter(|m| (1..=12).contains(m))?;
        months |= 1 << m;
        single = m as u8;
    }
    if months == 0 {
        return None;
    }
    match days(rest) {
        Some(mask) => Some(Pick::Days { months, days: mask }),
        None if months.count_ones() == 1 => position(rest, single),
        None => None,
    }
}
