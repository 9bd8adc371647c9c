//! The keys of `portfolio.yaml` that say who may read which agreement (`visibility:` of an
//! agreement, `access:`), read strictly; [`crate::portfolio::access`] checks and uses them.

use crate::base::catalog::Visibility as Words;
use crate::base::diagnostic::Span;
use crate::base::yaml::{Node, Value};
use crate::load::fields::Reader;

/// `visibility:` as written: `None` for everyone (`all`, or no key), else the departments named,
/// each where it is written (each an id: letters, digits, `-` and `_`).
pub(in crate::portfolio) fn read(r: &mut Reader, node: Option<&Node>) -> Option<Vec<(String, Span)>> {
    let l = r.locale;
    let node = node?;
    let wrong = |r: &mut Reader| {
        let message = l.msg(Words::Form);
        r.error(node.span, message, Some(&l.msg(Words::Example)));
        Some(Vec::new())
    };
    match &node.value {
        Value::String(s) if s == "all" => None,
        Value::Seq(items) if items.is_empty() => wrong(r),
        Value::Seq(items) => {
            let mut units = Vec::new();
            for item in items {
                match &item.value {
                    // A department's id names a folder of the site and goes into the server's
                    // rules: the parties' `org:` values, which stand for departments without a
                    // departments file, are read with no other check.
                    Value::String(s) if crate::load::valid_id(s) => units.push((s.clone(), item.span)),
                    _ => return wrong(r),
                }
            }
            Some(units)
        }
        _ => wrong(r),
    }
}

/// `access:` in `portfolio.yaml`: how the web server knows a reader's departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The request header in which the company's SSO proxy names the reader's departments
    /// (`X-Remote-Groups`, the default), separated by commas or spaces.
    pub header: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { header: "X-Remote-Groups".into() }
    }
}

/// Reads `access:` (`{header: X-Remote-Groups}`), strictly.
pub(in crate::portfolio) fn settings(r: &mut Reader, node: Option<&Node>) -> Settings {
    let mut settings = Settings::default();
    let Some(node) = node.filter(|n| r.mapping("access", n)) else { return settings };
    super::unknown_keys(r, node, &["header"]);
    let Some(entry) = node.get("header") else { return settings };
    if let Some(header) = r.text("header", Some(&entry.value)) {
        if !header.is_empty() && header.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            settings.header = header;
        } else {
            let l = r.locale;
            r.error(entry.value.span, l.msg(Words::Header { header: &header }), None);
        }
    }
    settings
}
