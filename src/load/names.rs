//! Names that become file and folder names of the site: clause ids (`clauses/<id>.html`), party
//! ids (`parties/<id>.html`) and release names (`<name>/`). A name that cannot be a file name on
//! every system the site may be copied to is a located error in `check`, never a failed write at
//! build time: too long for a file name, a name Windows reserves (`CON`, `aux`), or two names that
//! differ only by case or by Unicode normalization (`Budget`/`budget`, NFC/NFD), which overwrite
//! each other on macOS and Windows file systems.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::base::catalog::{Load, Locale};
use crate::base::diagnostic::{Diagnostic, Span};
use crate::base::model::Agreement;
use crate::base::yaml::PathStep::{Index, Key};

/// The longest name, in UTF-8 bytes: with the longest extension (`.html`) and some room for
/// future suffixes, a file name stays far below the 255 bytes file systems allow.
pub const MAX_BYTES: usize = 120;

/// Names Windows cannot open as files, with or without an extension.
const WINDOWS: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why `name` cannot name a file of the site, if it cannot (besides its characters, which the
/// caller checks for its kind of name).
pub fn file_name_problem(name: &str, locale: Locale) -> Option<String> {
    if name.len() > MAX_BYTES {
        return Some(locale.msg(Load::TooLongBytesMostAbout {
            start: &truncate(name),
            bytes: &name.len(),
            max_bytes: &MAX_BYTES,
        }));
    }
    let stem = name.split('.').next().unwrap_or(name);
    // Every reserved name is four letters at most: longer stems are not lowered to compare.
    if stem.len() <= 4 && WINDOWS.contains(&stem.to_lowercase().as_str()) {
        return Some(locale.msg(Load::FileNameWindowsReservesPage { name: &name }));
    }
    None
}

fn truncate(name: &str) -> String {
    name.chars().take(20).collect()
}

/// Folders a versioned site uses itself, beside one folder per release.
pub const SITE_FOLDERS: [&str; 4] = ["draft", "latest", "history", "static"];

/// Why `name` cannot name a release (its folder of the site), if it cannot: characters other
/// than letters, digits, `.`, `-`, `_` and `+`, a leading `.` or `-`, a folder the site uses
/// itself, or a name no file system takes.
pub fn release_name_problem(name: &str, locale: Locale) -> Option<String> {
    let plain = !name.is_empty()
        && !name.starts_with(['.', '-'])
        && name.chars().all(|c| c.is_alphanumeric() || "._-+".contains(c));
    if !plain {
        return Some(locale.msg(Load::CannotNameReleaseUseLetters { name: &name }));
    }
    let lower = name.to_lowercase();
    if SITE_FOLDERS.contains(&lower.as_str()) || lower.ends_with(".html") {
        return Some(locale.msg(Load::ReleaseNameTaken { name: &name, taken: &SITE_FOLDERS }));
    }
    file_name_problem(name, locale)
}

/// The form two names share when a case-insensitive, normalizing file system would take them for
/// one file.
pub fn folded(name: &str) -> String {
    // ASCII is its own NFC: most ids are, and the normalizer costs a tenth of a re-check.
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    name.nfc().collect::<String>().to_lowercase()
}

/// The findings about the names of the agreement's clauses and parties.
pub(super) fn check(agreement: &Agreement, locale: Locale) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let hint = locale.msg(Load::PageIdCharacters);
    // Parties: `parties/<id>.html` and `.ics`.
    let mut seen: HashMap<String, (usize, &str)> = HashMap::new();
    for (i, p) in agreement.parties.iter().enumerate() {
        let at = |i: usize| agreement.front.locate([Key("parties"), Index(i), Key("id")]);
        if crate::base::escape::has_control(&p.id) {
            continue; // Reported where the character stands (`controls`).
        }
        let problem = if crate::load::valid_id(&p.id) {
            file_name_problem(&p.id, locale)
        } else {
            Some(locale.msg(Load::CannotPartyId { id: &p.id }))
        };
        if let Some(message) = problem {
            out.push(Diagnostic::error("invalid-id", &agreement.file, at(i), message).with_hint(hint.clone()));
            continue;
        }
        match seen.get(&folded(&p.id)) {
            Some((first, id)) if *id != p.id => {
                out.push(collision(&agreement.file, at(i), &p.id, id, locale).with_related(
                    &agreement.file,
                    at(*first),
                    locale.msg(Load::OtherOne),
                ))
            }
            Some(_) => {}
            None => {
                seen.insert(folded(&p.id), (i, &p.id));
            }
        }
    }
    // Releases declared in `versions.releases`: `<name>/`.
    let mut releases: HashMap<String, &str> = HashMap::new();
    let declared = agreement.front.get("versions").and_then(|v| v.value.get("releases")).map(|r| r.value.entries());
    for e in declared.unwrap_or_default() {
        if let Some(problem) = release_name_problem(&e.key, locale) {
            out.push(Diagnostic::error("invalid-id", &agreement.file, e.key_span, problem));
        } else if let Some(other) = releases.insert(folded(&e.key), &e.key) {
            out.push(collision(&agreement.file, e.key_span, &e.key, other, locale));
        }
    }
    // Clauses: `clauses/<id>.html`.
    let mut seen: HashMap<String, (&Path, Span, &str), crate::base::hash::Fast> = HashMap::default();
    for c in agreement.clauses.iter().filter(|c| !c.placeholder) {
        let at = if c.front.get("id").is_some() { c.locate(&[Key("id")]) } else { Span::start() };
        if c.front.get("id").is_some() && crate::base::escape::has_control(&c.id) {
            continue; // Reported where the character stands (`controls`).
        }
        let problem = if crate::load::valid_id(&c.id) {
            file_name_problem(&c.id, locale)
        } else {
            // An id taken from a file name may hold a control character: shown as U+FFFD.
            let id = crate::base::escape::name(&c.id);
            Some(locale.msg(Load::CannotClauseId { id: &id }))
        };
        if let Some(message) = problem {
            out.push(Diagnostic::error("invalid-id", &c.file, at, message).with_hint(hint.clone()));
            continue;
        }
        match seen.entry(folded(&c.id)) {
            Entry::Occupied(o) => {
                let (file, span, id) = *o.get();
                if id != c.id {
                    let other = locale.msg(Load::OtherOne);
                    out.push(collision(&c.file, at, &c.id, id, locale).with_related(file, span, other));
                }
            }
            Entry::Vacant(v) => {
                v.insert((&c.file, at, &c.id));
            }
        }
    }
    out
}

fn collision(file: &Path, span: Span, id: &str, other: &str, locale: Locale) -> Diagnostic {
    Diagnostic::error("invalid-id", file, span, collision_message(id, other, locale))
        .with_hint(locale.msg(Load::GiveOneThemAnotherId))
}

/// Why `id` cannot stand beside `other` (the two are equal once [`folded`]).
pub fn collision_message(id: &str, other: &str, locale: Locale) -> String {
    locale.msg(Load::IdDiffersFromOnlyCase { id: &id, other: &other })
}
