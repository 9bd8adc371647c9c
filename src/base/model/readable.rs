//! A clause's text as its readers read it, for search snippets and redlines: its library text,
//! then its own, each reference written as readers see it (`第3条 标题`).

use std::collections::HashMap;
use std::path::Path;

use super::{Agreement, Clause, LinkTarget, Lookup};

impl Agreement {
    /// A clause's plain text with its references (`[[id]]`, and links to clause files) written as
    /// readers see them (`第3条 标题`), for search snippets and redlines.
    pub fn readable_text(&self, lookup: &Lookup, c: &Clause) -> String {
        self.readable_from(lookup, c, c.plain_text())
    }

    /// [`Agreement::readable_text`] from the clause's plain text made already (a body shared by
    /// several versions is made plain once): its library text (`use:`) first, then its own.
    pub fn readable_from(&self, lookup: &Lookup, c: &Clause, text: String) -> String {
        let own = self.readable_own(lookup, c, text);
        match &c.used {
            Some(used) => format!("{}\n\n{own}", used.body.plain(Path::new("")).0.trim_end()),
            None => own,
        }
    }

    /// The clause's own text as a reader reads it (its references by number and title).
    fn readable_own(&self, lookup: &Lookup, c: &Clause, text: String) -> String {
        let lang = crate::base::lang::Lang::new(&self.language);
        let shown = |t: &Clause| format!("{} {}", lang.clause_label(t.number), t.title);
        let mut readable: HashMap<&str, String> = HashMap::new();
        // Links to clause files stand in the plain text as written (`[品牌部职责](02-brand.md)`),
        // in the order of the body's links.
        let mut files = Vec::new();
        for link in &c.body.links {
            match (&link.target, lookup.target(&link.target)) {
                (LinkTarget::Id(id), Some(target)) => {
                    readable.entry(id).or_insert_with(|| shown(target));
                }
                (LinkTarget::File(_), target) => files.push(target.map(shown)),
                _ => {}
            }
        }
        if readable.is_empty() && files.is_empty() {
            return text;
        }
        // One pass over the text, however many references it has.
        let mut out = String::with_capacity(text.len());
        let mut files = files.into_iter();
        let mut rest = text.as_str();
        loop {
            let wiki = rest.find("[[");
            let file = (files.len() > 0).then(|| markdown_link(rest)).flatten();
            match (wiki, file) {
                (Some(open), f) if f.is_none_or(|(at, _)| open <= at) => {
                    let after = &rest[open + 2..];
                    let Some(close) = after.find("]]") else { break };
                    out.push_str(&rest[..open]);
                    match readable.get(&after[..close]) {
                        Some(shown) => out.push_str(shown),
                        None => out.push_str(&rest[open..open + 2 + close + 2]),
                    }
                    rest = &after[close + 2..];
                }
                (_, Some((at, len))) => {
                    out.push_str(&rest[..at]);
                    match files.next().flatten() {
                        Some(shown) => out.push_str(&shown),
                        None => out.push_str(&rest[at..at + len]),
                    }
                    rest = &rest[at + len..];
                }
                _ => break,
            }
        }
        out.push_str(rest);
        out
    }
}

/// The first Markdown link to a `.md` file in `text`: where it starts and how long it is.
fn markdown_link(text: &str) -> Option<(usize, usize)> {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = LINK.get_or_init(|| {
        regex::Regex::new(r"\[[^\]\n]*\]\([^)\s]+\.md(?:#[^)\s]*)?\)").unwrap_or_else(|e| unreachable!("{e}"))
    });
    re.find(text).map(|m| (m.start(), m.len()))
}
