//! What rules print with `print`: each line with the place it was printed from.

use std::path::PathBuf;

/// A line a rule printed with `print`, and where it was printed from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Printed {
    /// The rule file.
    pub file: PathBuf,
    /// The rule that was running, if one was (`None` while the file registers its rules).
    pub rule: Option<String>,
    /// The clause being checked, as `id (file)`, if a clause check was running.
    pub clause: Option<String>,
    /// What was printed: the arguments, tab-separated, tables written out by `inspect`.
    pub text: String,
}

impl Printed {
    /// `[rules/t.lua · rule x · clause a (content/01-a.md)] text`; a control character of the
    /// place (a file name's, say) shown as U+FFFD, so the place stays on its line.
    pub fn line(&self) -> String {
        let mut place = crate::base::escape::path(&self.file);
        if let Some(rule) = &self.rule {
            place.push_str(&format!(" · rule {}", crate::base::escape::name(rule)));
        }
        if let Some(clause) = &self.clause {
            place.push_str(&format!(" · clause {}", crate::base::escape::name(clause)));
        }
        format!("[{place}] {}", self.text)
    }
}
