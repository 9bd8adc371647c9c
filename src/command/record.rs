//! `clausebook record`: records that a duty was done on one of its dates, as a file in `records/`,
//! with the files that show it (minutes, a report) copied beside it. Everything is checked before
//! anything is written, and nothing already there is replaced.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::Error;
use crate::base::catalog::{Locale, Schedule};
use crate::base::model::Agreement;
use crate::base::model::records::duty_name;
use crate::base::tree::FileError;
use crate::load::records::DIR;
use crate::pipeline;

/// What to record.
#[derive(Debug, Clone)]
pub struct Request {
    /// The project root.
    pub root: PathBuf,
    /// The duty: `CLAUSE#DUTY`, its id or its place from 1.
    pub duty: String,
    /// Which of its dates; default the latest on or before today (for a duty done by a
    /// deadline, the next one when the latest already has a record).
    pub date: Option<NaiveDate>,
    /// Who did it, or records it.
    pub by: String,
    /// A remark.
    pub note: Option<String>,
    /// Files that show it was done, copied into `records/` beside the record.
    pub files: Vec<PathBuf>,
    /// Today.
    pub today: NaiveDate,
}

/// A record written.
#[derive(Debug)]
pub struct Recorded {
    /// The record, relative to the project root.
    pub file: PathBuf,
    /// The files copied beside it, relative to the project root.
    pub files: Vec<PathBuf>,
    /// The duty, as `CLAUSE#DUTY`.
    pub duty: String,
    /// The date it answers.
    pub date: NaiveDate,
    /// The project root, as given.
    pub root: PathBuf,
    /// The language of the messages.
    pub locale: Locale,
}

/// One file to copy: its bytes, and its name in `records/`.
struct Attachment {
    name: String,
    bytes: Vec<u8>,
}

/// Records what `request` asks for: the duty must exist, the date must be one of its dates and
/// have no record yet, and every file must be readable and its name free in `records/`.
pub fn record(request: &Request) -> Result<Recorded, Error> {
    let checked = pipeline::check(&request.root, request.today)?;
    let l = checked.locale;
    let Some(agreement) = checked.agreement.as_ref() else {
        return Err(Error::Refused(l.msg(crate::base::catalog::Approve::AgreementCannotReadFixErrors)));
    };
    let duty = crate::load::records::duty_named(agreement, &request.duty, l)
        .map_err(|(message, hint)| Error::Usage(with_hint(message, &hint)))?;
    let by = request.by.trim();
    let note = request.note.as_deref();
    let spoken = [Some(by), note];
    if by.is_empty()
        || note.is_some_and(|n| n.trim().is_empty())
        || spoken.into_iter().flatten().any(crate::base::escape::has_control)
    {
        return Err(Error::Usage(l.msg(Schedule::RecordBy)));
    }
    let date = match request.date {
        Some(date) => date,
        None => default_date(agreement, duty, request.today)
            .ok_or_else(|| Error::Usage(l.msg(Schedule::RecordNoDate { duty: &request.duty })))?,
    };
    check_date(agreement, duty, date, request.today, l)?;
    let attachments: Vec<Attachment> =
        request.files.iter().map(|f| attachment(&request.root, f, date, l)).collect::<Result<_, _>>()?;
    for (k, a) in attachments.iter().enumerate() {
        if attachments[..k].iter().any(|b| b.name == a.name) {
            return Err(Error::Usage(l.msg(Schedule::RecordFileTwice { name: &a.name })));
        }
    }
    let (c, d) = (&agreement.clauses[duty.0], &agreement.clauses[duty.0].duties[duty.1]);
    let name = duty_name(&c.id, d.id.as_deref(), d.position);
    let text = written(&name, date, by, note, &attachments);
    let stem = format!("{date}-{}-{}", c.id, d.id.clone().unwrap_or_else(|| d.position.to_string()));
    let (file, files) = write(&request.root, &stem, text.as_bytes(), &attachments, l)?;
    Ok(Recorded { file, files, duty: name, date, root: request.root.clone(), locale: l })
}

/// `message`, and `hint` on a line of its own when there is one.
fn with_hint(message: String, hint: &str) -> String {
    if hint.is_empty() { message } else { format!("{message}\n  {hint}") }
}

/// The date a record answers when none is given: the latest of the duty's dates on or before
/// `today` (its `due` date, or today, for a duty without a schedule); for a duty done by a
/// deadline whose latest date already has a record, its next date.
fn default_date(agreement: &Agreement, (i, j): (usize, usize), today: NaiveDate) -> Option<NaiveDate> {
    let (c, d) = (&agreement.clauses[i], &agreement.clauses[i].duties[j]);
    let Some(deadline) = d.by_deadline() else { return Some(d.due.unwrap_or(today)) };
    let back = today.checked_sub_days(chrono::Days::new(800))?;
    let latest = agreement.duty_dates(c, d, (back, today), today).pop();
    let recorded = |date: NaiveDate| agreement.record_of((i, j), date).is_some();
    match latest {
        Some(date) if !(deadline && recorded(date)) => Some(date),
        _ if deadline => next_date(agreement, (i, j), today),
        other => other,
    }
}

/// The first date of a duty after `today`.
fn next_date(agreement: &Agreement, (i, j): (usize, usize), today: NaiveDate) -> Option<NaiveDate> {
    let (c, d) = (&agreement.clauses[i], &agreement.clauses[i].duties[j]);
    let (from, to) = (today.succ_opt()?, today.checked_add_days(chrono::Days::new(800))?);
    agreement.duty_dates(c, d, (from, to), today).first().copied()
}

/// A date may be recorded once, when it is one of the duty's dates and has come: a date after
/// today only when it is the next deadline of a duty done by one (a report sent early).
fn check_date(
    agreement: &Agreement,
    duty: (usize, usize),
    date: NaiveDate,
    today: NaiveDate,
    l: Locale,
) -> Result<(), Error> {
    crate::load::records::is_a_date_of(agreement, duty, date, l)
        .map_err(|(message, hint)| Error::Usage(with_hint(message, &hint)))?;
    let d = &agreement.clauses[duty.0].duties[duty.1];
    let next = match d.by_deadline() {
        Some(true) => next_date(agreement, duty, today),
        Some(false) => None,
        None => d.due,
    };
    if (date > today && next != Some(date)) || date.year() > 9999 {
        return Err(Error::Usage(l.msg(Schedule::RecordAfterToday { date: &date, today: &today })));
    }
    if let Some(r) = agreement.record_of(duty, date) {
        let file = crate::base::diagnostic::slash_path(&r.file);
        return Err(Error::Refused(l.msg(Schedule::RecordAlready { date: &date, file: &file })));
    }
    Ok(())
}

/// The file `path` read to be copied into `records/` as `DATE-NAME` (its own name when it
/// already starts with the date).
fn attachment(root: &Path, path: &Path, date: NaiveDate, l: Locale) -> Result<Attachment, Error> {
    let shown = crate::base::escape::path(path);
    let day = date.to_string();
    let named = |base: &str| if base.starts_with(&day) { base.to_string() } else { format!("{day}-{base}") };
    let name = path.file_name().and_then(|n| n.to_str()).map(named).filter(|n| crate::load::records::plain_name(n));
    let Some(name) = name else {
        return Err(Error::Usage(l.msg(Schedule::RecordFileName { file: &shown })));
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&shown, &e.to_string(), l))?;
    if !meta.is_file() {
        return Err(unreadable(&shown, &FileError::NotAFile.describe(l), l));
    }
    if meta.len() > crate::base::tree::MOST_FILE_BYTES {
        return Err(unreadable(&shown, &FileError::TooLarge(crate::base::tree::MOST_FILE_BYTES).describe(l), l));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(&shown, &e.to_string(), l))?;
    if root.join(DIR).join(&name).symlink_metadata().is_ok() {
        return Err(Error::Refused(l.msg(Schedule::RecordFileTaken { name: &name })));
    }
    Ok(Attachment { name, bytes })
}

/// A file that cannot be attached, and why.
fn unreadable(file: &str, error: &str, l: Locale) -> Error {
    Error::Usage(l.msg(Schedule::RecordFileUnreadable { file: &file, error: &error }))
}

/// The text of a record. Every value is written as a YAML scalar: it reads back as exactly these
/// values.
fn written(duty: &str, date: NaiveDate, by: &str, note: Option<&str>, files: &[Attachment]) -> String {
    use crate::signoff::record::yaml_scalar;
    let mut out = format!("duty: {}\ndate: {date}\nby: {}\n", yaml_scalar(duty), yaml_scalar(by));
    if !files.is_empty() {
        let names: Vec<String> = files.iter().map(|f| yaml_scalar(&f.name)).collect();
        out.push_str(&format!("files: [{}]\n", names.join(", ")));
    }
    if let Some(note) = note {
        out.push_str(&format!("note: {}\n", yaml_scalar(note)));
    }
    out
}

/// Writes the attachments, then the record (`records/STEM.yaml`, or `-2`, `-3`, … when taken),
/// each created new and never through a symbolic link; on a failure, what was written goes.
fn write(
    root: &Path,
    stem: &str,
    record: &[u8],
    attachments: &[Attachment],
    l: Locale,
) -> Result<(PathBuf, Vec<PathBuf>), Error> {
    let failed = |e: FileError, written: &[PathBuf]| {
        for f in written {
            let _ = std::fs::remove_file(root.join(f));
        }
        match e {
            FileError::Link(link) => {
                let link = crate::base::diagnostic::slash_path(&link);
                Error::Refused(l.msg(Schedule::RecordThroughLink { link: &link }))
            }
            e => Error::Usage(l.msg(Schedule::RecordCannotWrite { error: &e.describe(l) })),
        }
    };
    let mut written = Vec::new();
    for a in attachments {
        let file = Path::new(DIR).join(&a.name);
        crate::base::tree::create_project_file(root, &file, &a.bytes).map_err(|e| failed(e, &written))?;
        written.push(file);
    }
    for n in 1u32.. {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let file = Path::new(DIR).join(format!("{stem}{suffix}.yaml"));
        match crate::base::tree::create_project_file(root, &file, record) {
            Ok(()) => return Ok((file, written)),
            Err(FileError::Exists) if root.join(&file).symlink_metadata().is_ok_and(|m| !m.is_symlink()) => {}
            Err(e) => return Err(failed(e, &written)),
        }
    }
    Err(failed(FileError::Exists, &written))
}

impl Recorded {
    /// What was recorded, for the terminal.
    pub fn summary(&self) -> String {
        let l = self.locale;
        let file = crate::base::diagnostic::slash_path(&self.file);
        let mut out = l.msg(Schedule::RecordWritten { file: &file, duty: &self.duty, date: &self.date });
        let mut all = vec![shell_word(&file)];
        for f in &self.files {
            let f = crate::base::diagnostic::slash_path(f);
            out.push('\n');
            out.push_str(&l.msg(Schedule::RecordAttached { file: &f }));
            all.push(shell_word(&f));
        }
        // The paths are the project's: from elsewhere, the line goes there first.
        let root = crate::base::escape::path(&self.root);
        let git = match root.as_str() {
            "." | "" => "git".to_string(),
            _ => format!("git -C {}", shell_word(&root)),
        };
        out.push('\n');
        out.push_str(&l.msg(Schedule::RecordNext { git: &git, files: &all.join(" ") }));
        out
    }
}

/// `path` as one word of a POSIX shell command line: as it is when it holds only letters, digits
/// and `-_./+,`, else in single quotes (a `'` in it closed, escaped and opened again), so that
/// the `git add` line can be pasted whatever the file is called.
fn shell_word(path: &str) -> String {
    if !path.is_empty() && path.chars().all(|c| c.is_alphanumeric() || "-_./+,".contains(c)) {
        return path.to_string();
    }
    format!("'{}'", path.replace('\'', "'\\''"))
}
