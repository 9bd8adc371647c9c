//! Times of day at the end of a cadence: `14:00`, `14：30`, `下午2点`, `上午9点半`, `9点30分`,
//! `at 2pm`, `at 9:30 am`, `at noon`.

use chrono::NaiveTime;

/// `text` without the time of day it ends with, and that time.
pub(super) fn split(text: &str) -> (&str, Option<NaiveTime>) {
    // The longest ending that reads as a time (a cadence is short: try each start).
    for (i, _) in text.char_indices() {
        let tail = &text[i..];
        if let Some(time) = clock(tail.trim()) {
            let head = text[..i].trim_end();
            let head = head.strip_suffix(" at").or_else(|| head.strip_suffix(" AT")).unwrap_or(head);
            return (head.trim_end(), Some(time));
        }
    }
    (text, None)
}

/// A whole time of day, in any of the forms above.
fn clock(s: &str) -> Option<NaiveTime> {
    let lower = s.to_ascii_lowercase();
    let s = lower.strip_prefix("at ").unwrap_or(&lower).trim();
    if s == "noon" {
        return NaiveTime::from_hms_opt(12, 0, 0);
    }
    // English: 2pm, 2 pm, 9:30am, 14:00.
    for (suffix, pm) in [("am", false), ("a.m.", false), ("pm", true), ("p.m.", true)] {
        if let Some(rest) = s.strip_suffix(suffix) {
            let (h, m) = hours_minutes(rest.trim())?;
            if !(1..=12).contains(&h) {
                return None;
            }
            let h = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            return NaiveTime::from_hms_opt(h, m, 0);
        }
    }
    if s.contains(':') || s.contains('：') {
        let (h, m) = hours_minutes(s)?;
        return NaiveTime::from_hms_opt(h, m, 0);
    }
    chinese(s)
}

/// `14:00` or `2` → (14, 0) / (2, 0).
fn hours_minutes(s: &str) -> Option<(u32, u32)> {
    let s = s.replace('：', ":");
    let (h, m) = s.split_once(':').unwrap_or((&s, "00"));
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !(h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// `下午2点`, `上午9点半`, `9点30分`, `14点`, `晚上八点`, `14时`.
fn chinese(s: &str) -> Option<NaiveTime> {
    let (s, part) =
        match ["上午", "早上", "早晨", "下午", "晚上", "中午"].iter().find_map(|p| s.strip_prefix(p).map(|r| (r, *p)))
        {
            Some((rest, p)) => (rest, Some(p)),
            None => (s, None),
        };
    let (hour, rest) = s.split_once('点').or_else(|| s.split_once('时'))?;
    let h = super::chinese_number(hour).or_else(|| (hour == "零" || hour == "0").then_some(0))?;
    let m = match rest {
        "" | "整" => 0,
        "半" => 30,
        "一刻" => 15,
        r => super::chinese_number(r.strip_suffix('分').unwrap_or(r)).filter(|m| *m < 60)?,
    };
    // 下午2点 is 14:00; 晚上12点 (midnight, of which day?), 上午12点 and 下午0点 are not read.
    let h = match part {
        Some("下午" | "晚上") if (1..12).contains(&h) => h + 12,
        Some("中午") if h == 12 => 12,
        Some("中午") if (1..=2).contains(&h) => h + 12,
        Some("上午" | "早上" | "早晨") if (1..12).contains(&h) => h,
        Some(_) => return None,
        None => h,
    };
    NaiveTime::from_hms_opt(u32::try_from(h).ok()?, u32::try_from(m).ok()?, 0)
}
