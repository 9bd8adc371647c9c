//! The language clausebook's own messages are written in: the agreement's (`language:` in
//! `content/_index.md`). Chinese agreements get Chinese messages, hints and summaries; every other
//! language gets English. Rule authors' errors about Lua (`rule-error`) stay in English, as Lua's
//! own messages are.

/// A language of clausebook's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Locale {
    /// English, for every agreement that is not in Chinese.
    #[default]
    En,
    /// Chinese (`zh`, `zh-CN`, `zh-Hans`, …).
    Zh,
}

impl Locale {
    /// The locale of an agreement whose `language` is `language`.
    pub fn of(language: &str) -> Locale {
        if language.trim().to_ascii_lowercase().starts_with("zh") { Locale::Zh } else { Locale::En }
    }

    /// The message in this locale: `zh` or `en`.
    pub fn say(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Locale::Zh => zh.into(),
            Locale::En => en.into(),
        }
    }

    /// The summary of a run: `2 errors, 1 warning, 0 infos` / `2 个错误，1 个警告，0 条提示`.
    pub fn counts(self, errors: usize, warnings: usize, infos: usize) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        self.say(
            format!("{errors} 个错误，{warnings} 个警告，{infos} 条提示"),
            format!(
                "{}, {}, {}",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
                plural(infos, "info", "infos")
            ),
        )
    }

    /// "did you mean `x`?" in this locale.
    pub fn did_you_mean(self, candidate: &str) -> String {
        self.say(format!("是否想写 `{candidate}`？"), format!("did you mean `{candidate}`?"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_agreements_get_chinese_messages() {
        assert_eq!(Locale::of("zh-CN"), Locale::Zh);
        assert_eq!(Locale::of("ZH"), Locale::Zh);
        assert_eq!(Locale::of("en"), Locale::En);
        assert_eq!(Locale::of("de"), Locale::En);
        assert_eq!(Locale::En.counts(1, 2, 1), "1 error, 2 warnings, 1 info");
        assert_eq!(Locale::Zh.counts(1, 2, 3), "1 个错误，2 个警告，3 条提示");
    }
}
