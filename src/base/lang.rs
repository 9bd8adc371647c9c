//! Words of the site's interface and numbering (第3条, 第一章 / Article 3, Chapter 1), in the
//! agreement's language. Below every stage: the model, the checks, the changelog and the pages
//! all name clauses the same way. (Messages are `crate::base::catalog`.)

use std::collections::BTreeMap;

use crate::base::catalog;

/// UI words and numbering styles for one language.
#[derive(Debug, Clone, Copy)]
pub struct Lang {
    chinese: bool,
}

impl Lang {
    /// The language of `tag` (`zh-CN`, `zh`, `en`, …); anything not Chinese is English.
    pub fn new(tag: &str) -> Self {
        Lang { chinese: tag.to_ascii_lowercase().starts_with("zh") }
    }

    /// All UI words, for templates (`{{ t.owner }}`).
    pub fn words(self) -> BTreeMap<&'static str, &'static str> {
        (if self.chinese { catalog::zh::WORDS } else { catalog::en::WORDS }).iter().copied().collect()
    }

    /// The short name of a weekday (`周三` / `Wed`).
    pub fn weekday(self, w: chrono::Weekday) -> &'static str {
        let i = w.num_days_from_monday() as usize;
        (if self.chinese { catalog::zh::WEEKDAYS } else { catalog::en::WEEKDAYS })[i]
    }

    /// `第3条` / `Article 3`.
    pub fn clause_label(self, n: usize) -> String {
        if self.chinese { format!("第{n}条") } else { format!("Article {n}") }
    }

    /// `第三章` / `Chapter 3`.
    pub fn chapter_label(self, n: usize) -> String {
        if self.chinese { format!("第{}章", chinese_numeral(n)) } else { format!("Chapter {n}") }
    }
}

/// Writes `n` in Chinese numerals (`12` → 十二, `105` → 一百零五); digits past 9999.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = digits.len() - 1 - i;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push_str(DIGITS[0]);
        }
        zero = false;
        if !(d == 1 && unit == 1 && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(UNITS[unit]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_numeral(n), s, "{n}");
        }
        assert_eq!(Lang::new("zh-CN").chapter_label(3), "第三章");
        assert_eq!(Lang::new("en").clause_label(3), "Article 3");
    }
}
