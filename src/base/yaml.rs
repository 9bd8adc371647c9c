//! Front matter as a YAML tree that remembers where every key and value stands.
//!
//! This is the only module that knows which YAML crate we use (`saphyr-parser`, a maintained
//! YAML 1.2 parser whose events carry spans). We build our own small tree from its events so that
//! every finding about a field can point at that field's own line and column, and so that the
//! Lua rules later see each value with its original type. See README, "Notes on dependencies".

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::base::diagnostic::Span;

/// A YAML value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts (for a block mapping or sequence: its first entry).
    pub span: Span,
}

impl std::hash::Hash for Node {
    /// The value only (not where it stands); floats by their bits.
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(&self.value).hash(h);
        match &self.value {
            Value::Null => {}
            Value::Bool(b) => b.hash(h),
            Value::Int(i) => i.hash(h),
            Value::Float(f) => f.to_bits().hash(h),
            Value::String(s) => s.hash(h),
            Value::Seq(items) => items.hash(h),
            Value::Map(entries) => {
                for e in entries {
                    (&e.key, &e.value).hash(h);
                }
            }
        }
    }
}

/// A YAML value, resolved with the YAML 1.2 core schema (quoted scalars are always strings).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Any other scalar.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order it was written.
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as written.
    pub key: String,
    /// Where the key stands.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// A YAML syntax error, already placed in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// What is wrong, for the catalog to say in the project's language.
    pub problem: Problem,
    /// What the parser said, when the problem is the parser's, shown as a detail.
    pub detail: Option<String>,
    /// Where, in file coordinates.
    pub span: Span,
}

/// What is wrong with a YAML text that does not parse: the parser's errors sorted by what a
/// writer must do about them, and the limits of clausebook's own reading.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A tab where YAML wants spaces.
    Tab,
    /// Lines of one level that do not line up.
    Indentation,
    /// A quote that is never closed.
    Quote,
    /// A `[ ]` or `{ }` not closed, or a missing comma in it.
    Bracket,
    /// A `:` where no key can start, often a value holding `: `.
    Colon,
    /// A list item `-` out of place.
    Dash,
    /// An escape in quotes that is not one.
    Escape,
    /// An anchor, alias, tag or directive that is malformed or unknown.
    Markup,
    /// A character YAML does not accept.
    Character,
    /// Nested too deeply.
    TooDeep,
    /// Any other error of the parser.
    Other,
    /// More than one document (an extra `---`).
    MoreThanOneDocument,
    /// More values than a front matter may expand to (an alias bomb).
    TooManyValues,
    /// A key that is not text.
    KeyNotText(Value),
    /// A key written twice in one mapping, and the line of its first.
    DuplicateKey(String, u32),
}

impl Problem {
    /// The problem the parser's message `said` names.
    fn of_parser(said: &str) -> Problem {
        let has = |words: &[&str]| words.iter().any(|w| said.contains(w));
        if has(&["tab"]) {
            Problem::Tab
        } else if has(&["escape", "hexadecimal", "Unicode character"]) {
            Problem::Escape
        } else if has(&["quoted scalar"]) {
            Problem::Quote
        } else if has(&["flow", "bracket", "']'", "'}'", "`[{`"]) {
            Problem::Bracket
        } else if has(&["indent", "expected key", "'-' indicator"]) {
            Problem::Indentation
        } else if has(&["':'", "mapping values", "mapping keys", "simple key"]) {
            Problem::Colon
        } else if has(&["'-'", "block sequence"]) {
            Problem::Dash
        } else if has(&["anchor", "alias", "tag", "TAG", "directive", "handle"]) {
            Problem::Markup
        } else if has(&["unprintable", "byte order mark", "character"]) {
            Problem::Character
        } else if has(&["recursion"]) {
            Problem::TooDeep
        } else {
            Problem::Other
        }
    }
}

/// Most nodes one front matter may expand to: stops alias bombs ("billion laughs").
pub const MAX_NODES: usize = 100_000;

/// The kind of value a field must hold, named in "must be …, found …" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A string.
    Text,
    /// An integer.
    Whole,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A sequence.
    List,
    /// A mapping.
    Mapping,
}

impl Value {
    /// A word for the kind of value, used in "expected …, found …" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// Whether `self` and `other` hold the same value, wherever each is written.
    pub fn same_value(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Seq(a), Value::Seq(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_value(y)),
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key == y.key && x.value.same_value(&y.value))
            }
            (a, b) => a == b,
        }
    }

    /// The entries of a mapping, or nothing for any other value.
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a list (a single value is a list of one).
    pub fn one_or_many(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => std::slice::from_ref(self),
        }
    }

    /// The entry called `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// A scalar written as text (strings, and numbers or booleans read back as they were written).
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Follows a field path (`duties`, `1`, `owner`) and returns where the last step stands: the
    /// value's span, or for a missing last key the span of its mapping.
    pub fn locate<'a>(&self, path: impl IntoIterator<Item = PathStep<'a>>) -> Span {
        let mut node = self;
        for step in path {
            let next = match (step, &node.value) {
                (PathStep::Key(k), Value::Map(entries)) => entries.iter().find(|e| e.key == k).map(|e| &e.value),
                (PathStep::Index(i), Value::Seq(items)) => items.get(i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return node.span,
            }
        }
        node.span
    }
}

/// One step of a field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStep<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A 0-based sequence index.
    Index(usize),
}

/// Parses front matter text. `first_line` is the file line the text starts on, so that spans are
/// in file coordinates. An empty document is an empty mapping.
pub fn parse(text: &str, first_line: u32) -> Result<Node, SyntaxError> {
    let mut builder = Builder { first_line, stack: Vec::new(), anchors: HashMap::new(), nodes: 0, root: None };
    let place = |span: &YamlSpan| to_span(span, first_line);
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            problem: Problem::of_parser(e.info()),
            detail: Some(e.info().to_string()),
            span: Span::new(e.marker().line() as u32 + first_line - 1, e.marker().col() as u32 + 1, 1),
        })?;
        builder.event(event, &span).map_err(|problem| SyntaxError { problem, detail: None, span: place(&span) })?;
    }
    Ok(builder.root.unwrap_or(Node { value: Value::Map(Vec::new()), span: Span::new(first_line, 1, 0) }))
}

fn to_span(span: &YamlSpan, first_line: u32) -> Span {
    let line = span.start.line() as u32 + first_line - 1;
    let len = if span.end.line() == span.start.line() { span.end.col().saturating_sub(span.start.col()) } else { 1 };
    Span::new(line, span.start.col() as u32 + 1, len as u32)
}

enum Open {
    Seq(Node, usize),
    /// A mapping, its anchor, the key waiting for its value, and the line of each key so far (a
    /// duplicate is found in constant time, not by a scan of the keys before it).
    Map(Node, usize, Option<(String, Span)>, Keys),
}

struct Builder {
    first_line: u32,
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: &YamlSpan) -> Result<(), Problem> {
        let here = to_span(span, self.first_line);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let string_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !string_tag {
                    resolve(&text)
                } else {
                    Value::String(text.into_owned())
                };
                self.add(Node { value, span: here }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::Seq(Node { value: Value::Seq(Vec::new()), span: here }, anchor));
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                let map = Node { value: Value::Map(Vec::new()), span: here };
                self.stack.push(Open::Map(map, anchor, None, Keys::default()));
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(node, anchor) | Open::Map(node, anchor, _, _)) => self.add(node, anchor),
                None => Ok(()),
            },
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().ok_or(Problem::Markup)?;
                self.nodes += count(&node);
                self.add(Node { span: here, ..node }, 0)
            }
            Event::DocumentStart(_) if self.root.is_some() => Err(Problem::MoreThanOneDocument),
            _ => Ok(()),
        }
    }

    fn add(&mut self, node: Node, anchor: usize) -> Result<(), Problem> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Problem::TooManyValues);
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(seq, _)) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Open::Map(map, _, pending, lines)) => match pending.take() {
                None => {
                    let key = node.as_text().ok_or_else(|| Problem::KeyNotText(node.value.clone()))?;
                    if let Some(first) = lines.first_line(&key, map) {
                        return Err(Problem::DuplicateKey(key, first));
                    }
                    lines.add(&key, node.span.line, map);
                    *pending = Some((key, node.span));
                }
                Some((key, key_span)) => {
                    if let Value::Map(entries) = &mut map.value {
                        entries.push(Entry { key, key_span, value: node });
                    }
                }
            },
        }
        Ok(())
    }
}

/// The keys of a mapping being built, for the duplicate check: the entries themselves while the
/// mapping is small (most front matter has a dozen keys: a map per mapping cost more than the
/// scan), a map of key to line once it is large (40,000 keys must not cost a scan each).
#[derive(Default)]
struct Keys(Option<HashMap<String, u32, crate::base::hash::Fast>>);

/// How many keys a mapping has before its duplicate check uses a map.
const SCANNED_KEYS: usize = 32;

impl Keys {
    /// The line of the key `key` written before in `map`, if one was.
    fn first_line(&self, key: &str, map: &Node) -> Option<u32> {
        match &self.0 {
            Some(lines) => lines.get(key).copied(),
            None => match &map.value {
                Value::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| e.key_span.line),
                _ => None,
            },
        }
    }

    /// Notes the key `key`, written on `line`, of `map` (before it is pushed to the entries).
    fn add(&mut self, key: &str, line: u32, map: &Node) {
        match &mut self.0 {
            Some(lines) => {
                lines.insert(key.to_string(), line);
            }
            None => {
                if let Value::Map(entries) = &map.value
                    && entries.len() >= SCANNED_KEYS
                {
                    let mut lines: HashMap<String, u32, crate::base::hash::Fast> =
                        entries.iter().map(|e| (e.key.clone(), e.key_span.line)).collect();
                    lines.insert(key.to_string(), line);
                    self.0 = Some(lines);
                }
            }
        }
    }
}

fn count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count).sum(),
        Value::Map(entries) => entries.iter().map(|e| count(&e.value)).sum(),
        _ => 0,
    }
}

/// The YAML 1.2 core schema for plain scalars.
fn resolve(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let int = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<i64>().ok()
    } else if let Some(hex) = text.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = text.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Value::Int(i);
    }
    let looks_numeric = digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if looks_numeric && let Ok(f) = text.parse::<f64>() {
        return Value::Float(f);
    }
    Value::String(text.to_string())
}

/// Front matter reaches templates (and rules) as plain data, in the order it was written.
impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Value::Null => serializer.serialize_none(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::String(s) => serializer.serialize_str(s),
            Value::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for e in entries {
                    map.serialize_entry(&e.key, &e.value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_types_and_positions() {
        let node = parse("title: 预算\norder: 3\nduties:\n  - text: 开会\n    owner: brand\n", 2).unwrap();
        assert_eq!(node.get("order").unwrap().value.value, Value::Int(3));
        let owner = node.locate([PathStep::Key("duties"), PathStep::Index(0), PathStep::Key("owner")]);
        assert_eq!((owner.line, owner.col, owner.len), (6, 12, 5));
        assert_eq!(node.get("title").unwrap().key_span, Span::new(2, 1, 5));
    }

    #[test]
    fn quoted_numbers_stay_strings_and_dates_are_strings() {
        let node = parse("a: '3'\nb: 2024-01-05\nc: 1.5\nd: ~\n", 1).unwrap();
        assert_eq!(node.get("a").unwrap().value.value, Value::String("3".into()));
        assert_eq!(node.get("b").unwrap().value.value, Value::String("2024-01-05".into()));
        assert_eq!(node.get("c").unwrap().value.value, Value::Float(1.5));
        assert_eq!(node.get("d").unwrap().value.value, Value::Null);
    }

    #[test]
    fn syntax_errors_and_duplicate_keys_are_placed() {
        let err = parse("title: x\nduties: [a\nb: c\n", 2).unwrap_err();
        assert!(err.span.line >= 3, "{err:?}");
        let err = parse("title: x\ntitle: y\n", 2).unwrap_err();
        assert_eq!(err.span.line, 3);
        assert!(matches!(&err.problem, Problem::DuplicateKey(k, _) if k == "title"), "{err:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert_eq!(parse(&text, 1).unwrap_err().problem, Problem::TooManyValues);
    }
}
