//! Words of the site's interface and numbering (第3条, 第一章 / Article 3, Chapter 1), in the
//! agreement's language. Below every stage: the model, the checks, the changelog and the pages
//! all name clauses the same way. The words themselves are in `crate::base::catalog`.

use std::collections::BTreeMap;

use crate::base::catalog::{Base, Locale};

/// UI words and numbering styles for one language.
#[derive(Debug, Clone, Copy)]
pub struct Lang {
    locale: Locale,
}

impl Lang {
    /// The language of `tag` (`zh-CN`, `zh`, `en`, …); anything not Chinese is English.
    pub fn new(tag: &str) -> Self {
        Lang { locale: Locale::of(tag) }
    }

    /// All UI words, for templates (`{{ t.owner }}`).
    pub fn words(self) -> BTreeMap<&'static str, &'static str> {
        self.locale.words().iter().copied().collect()
    }

    /// One UI word by its key (`period` → `有效期`); the key itself when the catalog has none.
    pub fn word(self, key: &'static str) -> &'static str {
        self.locale.words().iter().find(|(k, _)| *k == key).map_or(key, |(_, w)| *w)
    }

    /// The short name of a weekday (`周三` / `Wed`).
    pub fn weekday(self, w: chrono::Weekday) -> &'static str {
        let i = w.num_days_from_monday() as usize;
        self.locale.weekdays()[i]
    }

    /// `第3条` / `Article 3`.
    pub fn clause_label(self, n: usize) -> String {
        self.locale.msg(Base::ClauseLabel { n })
    }

    /// `《数据服务协议》第3条 目的`: another agreement's clause.
    pub fn cited_label(self, agreement: &str, clause: &str) -> String {
        self.locale.msg(Base::CitedLabel { agreement: &agreement, clause: &clause })
    }

    /// `第三章` / `Chapter 3`.
    pub fn chapter_label(self, n: usize) -> String {
        self.locale.msg(Base::ChapterLabel { n })
    }
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
            assert_eq!(crate::base::catalog::chinese_numeral(n), s, "{n}");
        }
        assert_eq!(Lang::new("zh-CN").chapter_label(3), "第三章");
        assert_eq!(Lang::new("en").clause_label(3), "Article 3");
    }
}
