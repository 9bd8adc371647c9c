//! Defined terms: what an agreement defines in its text (`（以下简称"联合活动"）`,
//! `（以下合称"双方"）`, `本协议所称"重大开支"，是指…`, `("the Parties")`, `"Major Expenditure"
//! means …`) or a clause lists under `terms:`, where each is used, and the HTML that links each use
//! to its definition. See docs/terms.md.

use std::path::PathBuf;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::base::diagnostic::{LineIndex, Span};
use crate::base::model::{Agreement, Body};

/// Where a definition or a use stands in reading order: the preamble, then each clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Place {
    /// The body of `content/_index.md`.
    Preamble,
    /// The clause at this index of `Agreement::clauses`.
    Clause(usize),
}

/// One definition of a term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Definition {
    /// The term (`联合活动`).
    pub term: String,
    /// What defines it: the sentence it is defined in, or the definition under `terms:`.
    pub sentence: String,
    /// Where: the preamble or a clause.
    pub place: Place,
    /// The file, relative to the project root.
    pub file: PathBuf,
    /// Where the term is written in its definition.
    pub span: Span,
    /// The byte range of the term in its body's Markdown, for a definition in the text.
    #[serde(skip)]
    pub range: Option<std::ops::Range<usize>>,
    /// The byte range of its sentence there: mentions inside it are the definition, not uses.
    #[serde(skip)]
    pub sentence_range: Option<std::ops::Range<usize>>,
}

/// The terms of an agreement: the first definition of each (in reading order), and every
/// definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Glossary {
    /// Each term's first definition, in reading order.
    pub terms: Vec<Definition>,
    /// Every definition, in reading order (a term may be defined twice).
    pub all: Vec<Definition>,
    /// Finds the terms in a text, made once (see [`Glossary::find_iter`]).
    matcher: Matcher,
}

/// Finds every term in a text at once (Aho-Corasick, leftmost-longest: `重大开支审批` before
/// `重大开支`), in time linear in the text whatever the number of terms, and names the term
/// found by its index. Derived from the terms, so it takes no part in comparing glossaries.
#[derive(Debug, Clone, Default)]
struct Matcher {
    automaton: Option<aho_corasick::AhoCorasick>,
    index: std::collections::HashMap<String, usize>,
}

impl PartialEq for Matcher {
    fn eq(&self, _: &Matcher) -> bool {
        true
    }
}

impl Eq for Matcher {}

impl std::hash::Hash for Matcher {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// Where a text holds an HTML character reference (`&lt;`, `&#39;`, `&amp;`): a term is never
/// found inside one, so a term `lt` or `amp` never breaks the page's escaping (tags are skipped
/// whole by [`Glossary::link`]; raw HTML in a body is shown as text, escaped).
fn opaque(text: &str) -> Vec<std::ops::Range<usize>> {
    static OPAQUE: OnceLock<Regex> = OnceLock::new();
    if !text.contains('&') {
        return Vec::new();
    }
    let re = OPAQUE.get_or_init(|| {
        Regex::new(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);").unwrap_or_else(|e| unreachable!("{e}"))
    });
    re.find_iter(text).map(|m| m.range()).collect()
}

/// `sentence` with each `[[id]]` written as readers see it (`第13条 每周联合例会`).
fn readable(sentence: &str, agreement: &Agreement, lookup: &crate::base::model::Lookup<'_>) -> String {
    let lang = crate::base::lang::Lang::new(&agreement.language);
    let mut out = String::with_capacity(sentence.len());
    let mut rest = sentence;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open..].find("]]") else { break };
        out.push_str(&rest[..open]);
        let id = &rest[open + 2..open + close];
        match lookup.by_id.get(id) {
            Some(c) => out.push_str(&format!("{} {}", lang.clause_label(c.number), c.title)),
            None => out.push_str(id),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

impl Glossary {
    /// The terms `agreement` defines, in its preamble, its clauses' bodies and their `terms:`.
    pub fn of(agreement: &Agreement) -> Glossary {
        let mut all = Vec::new();
        // Each body's definitions were found when it was parsed ([`Body::definitions`]).
        let scan = |body: &Body, place: Place, file: &std::path::Path| -> Vec<Definition> {
            body.definitions
                .iter()
                .map(|f| Definition {
                    term: f.term.clone(),
                    sentence: f.sentence.clone(),
                    place,
                    file: file.to_path_buf(),
                    span: f.span,
                    range: Some(f.range.clone()),
                    sentence_range: Some(f.sentence_range.clone()),
                })
                .collect()
        };
        all.extend(scan(&agreement.preamble, Place::Preamble, &agreement.file));
        for (i, c) in agreement.clauses.iter().enumerate().filter(|(_, c)| !c.placeholder) {
            for (term, definition, span) in &c.terms {
                let (term, sentence) = (term.clone(), definition.clone());
                let file = c.file.clone();
                all.push(Definition {
                    term,
                    sentence,
                    place: Place::Clause(i),
                    file,
                    span: *span,
                    range: None,
                    sentence_range: None,
                });
            }
            all.extend(scan(&c.body, Place::Clause(i), &c.file));
        }
        // Sentences read as readers see them (references as 第N条 标题); no index without any.
        if all.iter().any(|d| d.range.is_some()) {
            let lookup = agreement.lookup();
            for d in all.iter_mut().filter(|d| d.range.is_some()) {
                d.sentence = readable(&d.sentence, agreement, &lookup);
            }
        }
        // An empty term would be found everywhere: it is an error where it is written.
        all.retain(|d| !d.term.trim().is_empty());
        let mut index = std::collections::HashMap::new();
        let mut terms: Vec<Definition> = Vec::new();
        for d in &all {
            if !index.contains_key(&d.term) {
                index.insert(d.term.clone(), terms.len());
                terms.push(d.clone());
            }
        }
        let automaton = (!terms.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(terms.iter().map(|t| t.term.as_str()))
                    .ok()
            })
            .flatten();
        Glossary { terms, all, matcher: Matcher { automaton, index } }
    }

    /// Whether the agreement defines no term.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The index in [`Glossary::terms`] of `term`.
    pub fn position(&self, term: &str) -> Option<usize> {
        self.matcher.index.get(term).copied()
    }

    /// Every use of a term in `text`, left to right: the term's index and where it stands. Never
    /// inside an HTML character reference ([`opaque`]).
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + 't {
        let skip = opaque(text);
        let mut next = 0;
        self.matcher.automaton.iter().flat_map(move |a| a.find_iter(text)).filter_map(move |m| {
            while skip.get(next).is_some_and(|r| r.end <= m.start()) {
                next += 1;
            }
            let inside = skip.get(next).is_some_and(|r| r.start < m.end());
            (!inside).then(|| (m.pattern().as_usize(), m.range()))
        })
    }

    /// The bodies in reading order with their places and files.
    pub fn bodies(agreement: &Agreement) -> impl Iterator<Item = (Place, &Body, &std::path::Path)> {
        std::iter::once((Place::Preamble, &agreement.preamble, agreement.file.as_path())).chain(
            agreement
                .clauses
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.placeholder)
                .map(|(i, c)| (Place::Clause(i), &*c.body, c.file.as_path())),
        )
    }

    /// The anchor of a term's definition (`term-联合活动`).
    pub fn anchor(term: &str) -> String {
        let safe: String = term.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
        format!("term-{safe}")
    }

    /// `html` (a body rendered) with each use of a term linked to its definition (`href` gives a
    /// definition's URL from this page) and titled with it; in `here`, the body that defines a
    /// term, its first mention becomes the `<dfn>` the links point at. Text inside links, code and
    /// headings is left alone.
    pub fn link(&self, html: &str, here: Option<Place>, href: &dyn Fn(&Definition) -> String) -> String {
        if self.matcher.automaton.is_none() {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len() + html.len() / 4);
        let mut defined_here: std::collections::HashSet<usize> =
            self.terms.iter().enumerate().filter(|(_, t)| Some(t.place) == here).map(|(i, _)| i).collect();
        let mut skip_depth = 0usize;
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('<') {
                let end = after.find('>').map_or(rest.len(), |i| i + 2);
                let tag = &rest[..end];
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if matches!(name.as_str(), "a" | "code" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dfn") {
                    if tag.starts_with("</") {
                        skip_depth = skip_depth.saturating_sub(1);
                    } else if !tag.ends_with("/>") {
                        skip_depth += 1;
                    }
                }
                out.push_str(tag);
                rest = &rest[end..];
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if skip_depth > 0 {
                out.push_str(text);
            } else {
                let mut last = 0;
                for (t, range) in self.find_iter(text) {
                    let d = &self.terms[t];
                    let word = &text[range.clone()];
                    out.push_str(&text[last..range.start]);
                    let title = minijinja::HtmlEscape(&d.sentence).to_string();
                    if defined_here.remove(&t) {
                        out.push_str(&format!(r#"<dfn id="{}" title="{title}">{word}</dfn>"#, Self::anchor(&d.term)));
                    } else {
                        out.push_str(&format!(r#"<a class="term" href="{}" title="{title}">{word}</a>"#, href(d)));
                    }
                    last = range.end;
                }
                out.push_str(&text[last..]);
            }
            rest = &rest[end..];
        }
        out
    }
}

/// Where each term is used: for each term of `glossary` (by index), the places and spans of its
/// uses in reading order, the definitions' own mentions left out.
pub fn uses(agreement: &Agreement, glossary: &Glossary) -> Vec<Vec<(Place, PathBuf, Span)>> {
    let mut out = vec![Vec::new(); glossary.terms.len()];
    // The sentences that define each term, by place: mentions there are the definition's own.
    let mut defining: std::collections::HashMap<(Place, usize), Vec<&std::ops::Range<usize>>> =
        std::collections::HashMap::new();
    for d in &glossary.all {
        if let (Some(range), Some(t)) = (&d.sentence_range, glossary.position(&d.term)) {
            defining.entry((d.place, t)).or_default().push(range);
        }
    }
    // A text of a clause's front matter that readers read (its title, a duty's text): each use
    // at the text's node.
    let front = |out: &mut Vec<Vec<(Place, PathBuf, Span)>>,
                 place,
                 c: &crate::base::model::Clause,
                 text: &str,
                 at: &dyn Fn() -> Span| {
        for (t, _) in glossary.find_iter(text) {
            out[t].push((place, c.file.to_path_buf(), at()));
        }
    };
    use crate::base::yaml::PathStep::{Index, Key};
    for (place, body, file) in Glossary::bodies(agreement) {
        let clause = match place {
            Place::Clause(i) => Some(&agreement.clauses[i]),
            Place::Preamble => None,
        };
        // In reading order: the title, the library text (its uses at the `use:` line), the body,
        // the duties.
        if let Some(c) = clause {
            front(&mut out, place, c, &c.title, &|| c.locate(&[Key("title")]));
        }
        if let Some((used, uses)) = clause.and_then(|c| c.used.as_ref().zip(c.uses.as_ref())) {
            for (t, _) in glossary.find_iter(&used.body.markdown) {
                out[t].push((place, file.to_path_buf(), uses.span));
            }
        }
        let text = &body.markdown;
        let mut index = None;
        for (t, range) in glossary.find_iter(text) {
            let definition =
                defining.get(&(place, t)).is_some_and(|ranges| ranges.iter().any(|r| r.contains(&range.start)));
            if definition {
                continue;
            }
            let index = index.get_or_insert_with(|| LineIndex::new(text));
            out[t].push((place, file.to_path_buf(), index.span(range, body.first_line)));
        }
        if let Some(c) = clause {
            for (k, duty) in c.duties.iter().enumerate() {
                front(&mut out, place, c, &duty.text, &|| c.locate(&[Key("duties"), Index(k), Key("text")]));
            }
        }
    }
    out
}
