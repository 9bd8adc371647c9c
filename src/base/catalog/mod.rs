//! The message catalog: every sentence clausebook itself says to people, in Chinese and in
//! English, one place per language. A message is a [`Msg`], a typed value named after what it
//! says and carrying its arguments; `zh/` and `en/` hold one exhaustive `match` per area, so the
//! compiler proves that every message has words in both languages and that every argument a
//! text names exists. Why a typed catalog rather than Fluent: docs/messages.md.

/// Declares the message areas: a message's fields are the words its doc names (`{name}`,
/// `{counts}`), so a doc per field would say each twice.
macro_rules! message_areas {
    ($($area:ident),*) => {$(
        #[expect(missing_docs, reason = "a message's fields are the words its doc names")]
        mod $area;
    )*};
}

message_areas!(
    approve, base, build, check, console, index, library, load, lsp, portfolio, rule_api, rule_run, schedule, signoff,
    visibility
);
pub(crate) mod en;
pub(crate) mod zh;

pub use approve::Approve;
pub use base::Base;
pub use build::{Build, Detail, Stage};
pub use check::{Check, Setting};
pub use console::Console;
pub use index::Index;
pub use library::Library;
pub use load::{Load, Whose};
pub use lsp::Lsp;
pub use portfolio::Portfolio;
pub use rule_api::{RuleApi, RuleTable};
pub use rule_run::{Limit, NotRun, RuleRun, Stoppable};
pub use schedule::Schedule;
pub use signoff::Signoff;
pub use visibility::Visibility;
pub use zh::chinese_numeral;

/// A language of clausebook's messages: the agreement's (`language:` in `content/_index.md`).
/// Chinese agreements get Chinese messages; every other language gets English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Locale {
    /// English, for every agreement that is not in Chinese.
    #[default]
    En,
    /// Chinese (`zh`, `zh-CN`, `zh-Hans`, …).
    Zh,
}

/// One message of the catalog, of any area.
pub enum Msg<'a> {
    /// Reading the project.
    Load(Load<'a>),
    /// The settings of `content/_index.md`.
    Index(Index<'a>),
    /// Building the site and its versions.
    Build(Build<'a>),
    /// Approvals and signatures.
    Signoff(Signoff<'a>),
    /// The built-in checks.
    Check(Check<'a>),
    /// The `approve` command.
    Approve(Approve<'a>),
    /// The language server.
    Lsp(Lsp<'a>),
    /// The command line's own lines.
    Console(Console<'a>),
    /// Reading files.
    Base(Base<'a>),
    /// How a project's rule uses the rule API.
    RuleApi(RuleApi<'a>),
    /// Running the project's rules and their tests.
    RuleRun(RuleRun<'a>),
    /// A portfolio's own files and checks.
    Portfolio(Portfolio<'a>),
    /// Who may read which agreement of a portfolio.
    Visibility(Visibility<'a>),
    /// A clause library and its uses.
    Library(Library<'a>),
    /// Schedules: cadences, the working-day calendar.
    Schedule(Schedule<'a>),
}

macro_rules! areas {
    ($($area:ident),*) => {$(
        impl<'a> From<$area<'a>> for Msg<'a> {
            fn from(m: $area<'a>) -> Self {
                Msg::$area(m)
            }
        }
    )*};
}
areas!(Load, Index, Build, Signoff, Check, Approve, Lsp, Console, Base);
areas!(RuleApi);
areas!(RuleRun);
areas!(Portfolio);
areas!(Visibility);
areas!(Library);
areas!(Schedule);

impl Locale {
    /// The locale of an agreement whose `language` is `language`.
    pub fn of(language: &str) -> Locale {
        if language.trim().to_ascii_lowercase().starts_with("zh") { Locale::Zh } else { Locale::En }
    }

    /// The words of `message` in this locale.
    pub fn msg<'a>(self, message: impl Into<Msg<'a>>) -> String {
        let message = message.into();
        match self {
            Locale::Zh => zh::text(&message),
            Locale::En => en::text(&message),
        }
    }

    /// The summary of a run: `2 errors, 1 warning, 0 infos` / `2 个错误，1 个警告，0 条提示`.
    pub fn counts(self, errors: usize, warnings: usize, infos: usize) -> String {
        self.msg(Base::Counts { errors, warnings, infos })
    }

    /// The summary and explanation of the built-in code `id` in this locale, when the catalog
    /// has them: the English ones are the registry's own (`crate::base::codes`).
    pub fn explained(self, id: &str) -> Option<(&'static str, &'static str)> {
        match self {
            Locale::Zh => zh::codes::code(id),
            Locale::En => None,
        }
    }

    /// The site's interface words, `(key, word)`, as templates read them (`{{ t.owner }}`).
    pub fn words(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Locale::Zh => zh::WORDS,
            Locale::En => en::WORDS,
        }
    }

    /// The short names of the weekdays, Monday first.
    pub fn weekdays(self) -> [&'static str; 7] {
        match self {
            Locale::Zh => zh::WEEKDAYS,
            Locale::En => en::WEEKDAYS,
        }
    }

    /// "did you mean `x`?" in this locale.
    pub fn did_you_mean(self, candidate: &str) -> String {
        self.msg(Base::DidYouMean { candidate })
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

    #[test]
    fn every_interface_word_is_in_both_languages() {
        let keys = |words: &[(&'static str, &str)]| words.iter().map(|w| w.0).collect::<Vec<_>>();
        assert_eq!(keys(zh::WORDS), keys(en::WORDS), "the same keys, in the same order");
        let mut unique = keys(zh::WORDS);
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), zh::WORDS.len(), "no key twice");
    }
}
