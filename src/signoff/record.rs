//! Approval files: `approvals/*.yaml`, one per approval, written by `clausebook approve` and read
//! strictly. Every problem is a located `approval-invalid` error: a key that is not part of the
//! format (with the closest one), a party that is not declared, a date in the future, a digest
//! that does not parse, or digests that do not agree with each other (the file was edited by hand).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::digest::{Digest, Text};
use crate::base::catalog::{Locale, Signoff};
use crate::base::diagnostic::{Diagnostic, SourceMap, Span};
use crate::base::model::Party;
use crate::base::yaml::{self, Node, Value};
use crate::load::fields::Reader;

/// The folder of approval files, relative to the project root.
pub const APPROVALS: &str = "approvals";

/// The signers file used when `signoff.signers` does not name one.
pub const DEFAULT_SIGNERS: &str = "approvals/allowed_signers";

/// The code of every problem with an approval file.
pub const INVALID: &str = "approval-invalid";

/// The largest approval file read: one line of about 120 bytes per file of the text, so room for
/// an agreement of some 70,000 files; anything larger is not one `clausebook approve` wrote.
pub const MOST_APPROVAL_BYTES: u64 = 8 << 20;

/// The largest signers file read: a few hundred bytes per key.
pub const MOST_SIGNERS_BYTES: u64 = 1 << 20;

/// The keys of an approval file.
const KEYS: [&str; 8] = ["party", "by", "date", "version", "note", "digest", "text", "files"];

/// One recorded approval: a party's approval of an exact text.
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    /// The approval file, relative to the project root.
    pub file: PathBuf,
    /// The approving party's id.
    pub party: String,
    /// Who approved for it.
    pub by: String,
    /// When.
    pub date: NaiveDate,
    /// The version approved, as named when approving (`v2.0`, `draft`): for people; the digests
    /// decide what it covers.
    pub version: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// The text approved.
    pub text: Text,
    /// Where `text:` is written.
    pub text_span: Span,
    /// Where each entry of `files:` is written, by file.
    pub file_spans: Vec<(String, Span)>,
}

/// The approval files of a project: those that could be read, and the problems of the others.
#[derive(Debug, Default)]
pub struct Approvals {
    /// Valid approvals, by file name.
    pub approvals: Vec<Approval>,
    /// The Git blob id of each valid approval file's bytes, exactly as read (beside `approvals`):
    /// what [`super::signature`] compares with the blob its signed commit recorded.
    pub ids: Vec<git2::Oid>,
    /// Problems, located in the approval files.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files with problems, for snippets.
    pub sources: SourceMap,
}

/// Reads every approval file under `root/approvals/`, checking each against the declared
/// `parties` and `today`. Another file there (but the signers file `signers`, a README and hidden
/// files) is a warning: an approval saved as `.ymal` must not go unread without a word. Nothing is
/// read through a symbolic link: a linked `approvals/`, or a link in it, is a `symlink` warning
/// (the signers file's own link is said where it is read), and an approval file larger than
/// [`MOST_APPROVAL_BYTES`] is an error.
pub fn read_all(root: &Path, parties: &[Party], today: NaiveDate, signers: &str, l: Locale) -> Approvals {
    let mut out = Approvals::default();
    let dir = root.join(APPROVALS);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.file_type().is_symlink() => {
            out.diagnostics.push(crate::base::tree::link_skipped(Path::new(APPROVALS), l));
            return out;
        }
        Ok(m) if m.is_dir() => {}
        _ => return out,
    }
    let Ok(entries) = std::fs::read_dir(&dir) else { return out };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut others: Vec<PathBuf> = Vec::new();
    let mut links: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = Path::new(APPROVALS).join(&name);
        if relative == Path::new(signers) {
            // Read, and its link said, as the signers file.
        } else if kind.is_symlink() {
            links.push(relative);
        } else if !kind.is_file() {
            // A folder, a FIFO, a device: never an approval.
        } else if relative.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            files.push(relative);
        } else if !(name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme")) {
            others.push(relative);
        }
    }
    files.sort();
    others.sort();
    links.sort();
    out.diagnostics.extend(links.iter().map(|link| crate::base::tree::link_skipped(link, l)));
    for file in others {
        let message = l.msg(Signoff::FileApprovalsNotApprovalFile);
        let hint = l.msg(Signoff::CorrectNameMoveOutApprovals);
        out.diagnostics.push(Diagnostic::warning(INVALID, &file, Span::start(), message).with_hint(hint));
    }
    for file in files {
        let bytes = match crate::base::tree::read_project_file(root, &file, MOST_APPROVAL_BYTES) {
            Ok(bytes) => bytes,
            Err(crate::base::tree::FileError::Link(link)) => {
                out.diagnostics.push(crate::base::tree::link_skipped(&link, l));
                continue;
            }
            Err(e) => {
                let message = l.msg(Signoff::CannotReadApprovalFile { error: &e.describe(l) });
                out.diagnostics.push(Diagnostic::error(INVALID, &file, Span::start(), message));
                continue;
            }
        };
        let id = blob_id(&bytes);
        let text = match crate::load::source::decode(bytes) {
            Ok(text) => text,
            Err((span, lossy)) => {
                let message = l.msg(Signoff::ApprovalFileNotValidUtf);
                out.diagnostics.push(Diagnostic::error(INVALID, &file, span, message));
                out.sources.insert(file, lossy);
                continue;
            }
        };
        match parse(&file, &text, parties, today, l) {
            Ok(approval) => {
                out.approvals.push(approval);
                out.ids.push(id);
            }
            Err(found) => {
                out.diagnostics.extend(found);
                out.sources.insert(file, text);
            }
        }
    }
    out
}

/// The Git blob id of `bytes` (`git hash-object`): the same bytes have the same id as the blob a
/// commit recorded, whatever the repository; no other bytes do.
pub fn blob_id(bytes: &[u8]) -> git2::Oid {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes).unwrap_or(git2::Oid::ZERO_SHA1)
}

/// Reads one approval file's text, or says everything wrong with it.
pub fn parse(
    file: &Path,
    text: &str,
    parties: &[Party],
    today: NaiveDate,
    l: Locale,
) -> Result<Approval, Vec<Diagnostic>> {
    let node = parse_yaml(file, text, l)?;
    let mut r = Reader::with_locale(file, l);
    if !matches!(node.value, Value::Map(_)) {
        r.error(
            node.span,
            l.msg(Signoff::ApprovalFileMappingKeys),
            Some(&l.msg(Signoff::WriteApprovalFilesClausebookApprove)),
        );
        return Err(relabel(r.diagnostics));
    }
    check_keys(&mut r, &node, l);
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let (party, by, date) = who_and_when(&mut r, &node, parties, today);
    let version = r.text("version", get("version"));
    let note = r.text("note", get("note"));
    let whole_written = get("text").and_then(|n| digest_of(&mut r, "text", n));
    let (files, file_spans) = get("files").map(|n| files_of(&mut r, n)).unwrap_or_default();
    let algorithm = match get("digest") {
        None => Some(super::digest::Algorithm::Exact),
        Some(n) => r.int("digest", Some(n)).and_then(|number| {
            let known = super::digest::Algorithm::of(number);
            if known.is_none() {
                r.error(n.span, l.msg(Signoff::UnknownDigest { n: &number }), None);
            }
            known
        }),
    };
    let text = Text::from_files(files, algorithm.unwrap_or_default());
    let text_span = get("text").map_or(Span::start(), |n| n.span);
    if r.diagnostics.is_empty()
        && let Some(written) = whole_written
        && written != text.whole
    {
        r.error(
            text_span,
            l.msg(Signoff::TextDoesNotMatchDigests),
            Some(&l.msg(Signoff::ApprovalFilesWrittenClausebookApprove)),
        );
    }
    match (r.diagnostics.is_empty(), party, by, date) {
        (true, Some(party), Some(by), Some(date)) => {
            Ok(Approval { file: file.to_path_buf(), party, by, date, version, note, text, text_span, file_spans })
        }
        (true, ..) => {
            // Never an approval dropped without a word.
            let message = l.msg(Signoff::ApprovalFileDoesNotRead);
            Err(vec![Diagnostic::error(INVALID, file, Span::start(), message)])
        }
        _ => Err(relabel(r.diagnostics)),
    }
}

/// The approval file's YAML, or the problem that it is not YAML.
fn parse_yaml(file: &Path, text: &str, l: Locale) -> Result<Node, Vec<Diagnostic>> {
    yaml::parse(text, 1).map_err(|e| {
        let mut d = crate::load::source::yaml_error(file, &e, text, 1, l);
        d.rule = INVALID.into();
        d.message = l.msg(Signoff::ApprovalFileNotValidYaml { problem: &e.problem });
        vec![d]
    })
}

/// Says every key of `node` an approval file has not, and every key it must have that is missing
/// or empty.
fn check_keys(r: &mut Reader, node: &Node, l: Locale) {
    for e in node.entries().iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        let hint = crate::base::diagnostic::closest(&e.key, KEYS)
            .map(|c| l.did_you_mean(c))
            .unwrap_or_else(|| l.msg(Signoff::TheKeysAre { keys: &KEYS }));
        r.error(e.key_span, l.msg(Signoff::ApprovalFileHasNoKey { key: &e.key }), Some(&hint));
    }
    for key in ["party", "by", "date", "text", "files"] {
        match node.get(key) {
            None => r.error(Span::start(), l.msg(Signoff::ApprovalFileHasNo { key: &key }), None),
            // `by: ~`, `by:`: written, but with nothing, which must not drop the approval in silence.
            Some(e) if matches!(e.value.value, Value::Null) => r.error(
                e.key_span,
                l.msg(Signoff::ApprovalFileEmpty { key: &key }),
                Some(&l.msg(Signoff::ApprovalFilesWrittenClausebookApprove)),
            ),
            Some(_) => {}
        }
    }
}

/// The approval's party (one of `parties`), who approved for it, and the day (not after `today`).
fn who_and_when(
    r: &mut Reader,
    node: &Node,
    parties: &[Party],
    today: NaiveDate,
) -> (Option<String>, Option<String>, Option<NaiveDate>) {
    let l = r.locale;
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let party = r.text("party", get("party"));
    if let (Some(id), Some(n)) = (&party, get("party"))
        && !parties.iter().any(|p| &p.id == id)
    {
        let hint =
            crate::base::diagnostic::closest(id, parties.iter().map(|p| p.id.as_str())).map(|c| l.did_you_mean(c));
        r.error(n.span, l.msg(Signoff::NotPartyDeclaredAgreement { id: &id }), hint.as_deref());
    }
    let by = r.text("by", get("by"));
    if by.as_deref().is_some_and(|b| b.trim().is_empty())
        && let Some(n) = get("by")
    {
        r.error(n.span, l.msg(Signoff::EmptyNameWhoApproved), None);
    }
    let date = r.date("date", get("date"));
    if let (Some(d), Some(n)) = (date, get("date"))
        && d > today
    {
        r.error(
            n.span,
            l.msg(Signoff::ApprovalDatedAfterToday { d: &d, today: &today }),
            Some(&l.msg(Signoff::WriteDayWasApprovedToday)),
        );
    }
    (party, by, date)
}

/// The digest written at `n` (the key `what`), or the problem that it is not one.
fn digest_of(r: &mut Reader, what: &str, n: &Node) -> Option<Digest> {
    let l = r.locale;
    let written = r.text(what, Some(n))?;
    let parsed = Digest::parse(&written);
    if parsed.is_none() {
        r.error(
            n.span,
            l.msg(Signoff::NotDigest { what: &what, written: &written }),
            Some(&l.msg(Signoff::DigestShaLowercaseHexDigits)),
        );
    }
    parsed
}

/// The files an approval names: each file's digest, and where its name is written.
type Files = (Vec<(String, Digest)>, Vec<(String, Span)>);

/// The `files:` of an approval.
fn files_of(r: &mut Reader, n: &Node) -> Files {
    let (mut files, mut spans) = (Vec::new(), Vec::new());
    if !r.mapping("files", n) {
        return (files, spans);
    }
    for e in n.entries() {
        if let Some(d) = digest_of(r, &e.key, &e.value) {
            files.push((e.key.clone(), d));
            spans.push((e.key.clone(), e.key_span));
        }
    }
    if n.entries().is_empty() {
        r.error(n.span, r.locale.msg(Signoff::FilesEmpty), None);
    }
    (files, spans)
}

/// The sequence of an approval among those of its party on its day: 1 for
/// `<date>-<party>.yaml`, n for `<date>-<party>-<n>.yaml` (as `clausebook approve` names them),
/// 0 for a file named otherwise. Of several approvals on one day, the one with the highest
/// sequence is the newest.
pub fn sequence(a: &Approval) -> u64 {
    let stem = a.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match stem.strip_prefix(&format!("{}-{}", a.date, a.party)) {
        Some("") => 1,
        Some(rest) => rest
            .strip_prefix('-')
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        None => 0,
    }
}

/// `text` as a YAML scalar that reads back as exactly `text`: plain when it is a simple id that
/// YAML reads as that text, else double-quoted with every character YAML could take for something
/// else escaped (quotes, backslashes, and every control, line or paragraph separator, BOM), so a
/// name with a CR or LF can never write a line of its own.
pub fn yaml_scalar(text: &str) -> String {
    const WORDS: [&str; 11] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"];
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !WORDS.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_in_yaml(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that YAML could take for a line break, or does not allow as written: controls (CR,
/// LF, NEL among them), line and paragraph separators, the byte order mark, and U+FFFE/U+FFFF.
fn unsafe_in_yaml(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` on one comment line: every character [`unsafe_in_yaml`] shown as a space.
fn comment_text(text: &str) -> String {
    text.chars().map(|c| if unsafe_in_yaml(c) { ' ' } else { c }).collect()
}

/// Findings of the field reader, under the approval files' code.
fn relabel(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for d in &mut found {
        d.rule = INVALID.into();
        d.severity = crate::base::diagnostic::Severity::Error;
    }
    found
}

/// The text of a new approval file. Every value is written with [`yaml_scalar`], every comment
/// with its line breaks made spaces: what is written reads back as exactly these values.
pub fn write(party: &Party, by: &str, date: NaiveDate, version: &str, note: Option<&str>, text: &Text) -> String {
    let quoted = |s: &str| {
        let scalar = yaml_scalar(s);
        if scalar.starts_with('"') { scalar } else { format!("\"{s}\"") }
    };
    let mut out = format!(
        "# {name} ({id}) approves the agreement's text as it is in {shown}. Written by `clausebook approve`:\n\
         # the digests tie the approval to that exact text; an edit by hand makes the file invalid.\n\
         party: {party}\nby: {by}\ndate: {date}\nversion: {v}\n",
        name = comment_text(&party.name),
        id = comment_text(&party.id),
        shown = comment_text(version),
        party = yaml_scalar(&party.id),
        by = quoted(by),
        v = quoted(version),
    );
    if let Some(note) = note {
        out.push_str(&format!("note: {}\n", quoted(note)));
    }
    if text.algorithm != super::digest::Algorithm::Exact {
        out.push_str(&format!("digest: {}\n", text.algorithm.number()));
    }
    out.push_str(&format!("text: {}\nfiles:\n", text.whole));
    for (file, digest) in &text.files {
        out.push_str(&format!("  {}: {digest}\n", quoted(file)));
    }
    out
}

/// Writes a new approval file for `party` on `date` with `bytes`: `approvals/2026-01-12-brand.yaml`,
/// or with `-2`, `-3`, … when taken. Never through a symbolic link: a linked `approvals/`, or a
/// link (dangling or not) standing where the file would be, is refused with the link's path
/// (see [`crate::base::tree::create_project_file`]). Returns the file, relative to the project root.
pub fn create(
    root: &Path,
    party: &str,
    date: NaiveDate,
    bytes: &[u8],
) -> Result<PathBuf, crate::base::tree::FileError> {
    use crate::base::tree::FileError;
    for n in 1u32.. {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let file = Path::new(APPROVALS).join(format!("{date}-{party}{suffix}.yaml"));
        match crate::base::tree::create_project_file(root, &file, bytes) {
            Ok(()) => return Ok(file),
            Err(FileError::Exists) => {
                if std::fs::symlink_metadata(root.join(&file)).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(FileError::Link(file));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(FileError::Exists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signoff::digest::Algorithm;

    fn parties() -> Vec<Party> {
        ["marketing", "brand"]
            .iter()
            .map(|id| Party { id: id.to_string(), name: id.to_string(), liaison: None, role: None, org: None })
            .collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn a_written_approval_reads_back() {
        let text = Text::from_files(vec![("content/_index.md".into(), Digest::of(b"x"))], Algorithm::CURRENT);
        let written = write(&parties()[1], "李静: \"部长\"", today(), "v2.0", Some("经审阅"), &text);
        let read = parse(Path::new("approvals/a.yaml"), &written, &parties(), today(), Locale::En).unwrap();
        assert_eq!((read.party.as_str(), read.by.as_str(), read.date), ("brand", "李静: \"部长\"", today()));
        assert_eq!((read.version.as_deref(), read.note.as_deref()), (Some("v2.0"), Some("经审阅")));
        assert_eq!(read.text, text);
    }

    #[test]
    fn every_value_round_trips_whatever_it_holds() {
        let text = Text::from_files(vec![("content/a\r\"b\".md".into(), Digest::of(b"x"))], Algorithm::CURRENT);
        let odd = "a\rnote: x\n\tb \"q\" 'q' \\ \u{0}\u{7f}\u{85}\u{2028}\u{feff}\u{fffe}: #c";
        let party = Party { id: "brand".into(), name: odd.into(), liaison: None, role: None, org: None };
        let written = write(&party, odd, today(), odd, Some(odd), &text);
        assert_eq!(written.lines().count(), 11, "{written}");
        let read = parse(Path::new("approvals/a.yaml"), &written, &[party], today(), Locale::En).unwrap();
        assert_eq!((read.by.as_str(), read.version.as_deref(), read.note.as_deref()), (odd, Some(odd), Some(odd)));
        assert_eq!(read.text, text);
        for (word, plain) in [("brand", true), ("null", false), ("True", false), ("1x", false), ("品牌", false)] {
            assert_eq!(yaml_scalar(word) == word, plain, "{word}");
        }
    }

    #[test]
    fn every_problem_is_located() {
        let text =
            "party: brnd\nby: 李静\ndate: 2027-01-01\ntxt: x\ntext: sha256:12\nfiles:\n  content/_index.md: nope\n";
        let found = parse(Path::new("approvals/a.yaml"), text, &parties(), today(), Locale::En).unwrap_err();
        let at: Vec<(u32, &str)> = found.iter().map(|d| (d.span.line, d.message.as_str())).collect();
        assert!(found.iter().all(|d| d.rule == INVALID), "{at:?}");
        for (line, says) in
            [(1, "not a party"), (3, "after today"), (4, "no key `txt`"), (5, "not a digest"), (7, "not a digest")]
        {
            assert!(at.iter().any(|(l, m)| *l == line && m.contains(says)), "line {line}: {says}: {at:?}");
        }
        let hints: Vec<_> = found.iter().filter_map(|d| d.hint.as_deref()).collect();
        assert!(hints.iter().any(|h| h.contains("`brand`")) && hints.iter().any(|h| h.contains("`text`")), "{hints:?}");
    }
}
