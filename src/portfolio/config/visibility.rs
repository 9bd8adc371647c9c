//! The keys of `portfolio.yaml` that say who may read which agreement (`visibility:` of an
//! agreement, `access:`), read strictly; [`crate::portfolio::access`] checks and uses them.

use crate::base::catalog::Visibility as Words;
use crate::base::diagnostic::Span;
use crate::base::yaml::{Entry, Node, Value};
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

/// `visibility_title:` as written (`entry`), of an agreement that is `restricted` or not: whether
/// its title may show where everyone reads (`public`; `restricted`, the default, keeps it to its
/// audience).
pub(in crate::portfolio) fn title(r: &mut Reader, entry: Option<&Entry>, restricted: bool) -> bool {
    let l = r.locale;
    let Some(entry) = entry else { return false };
    let public = match r.text("visibility_title", Some(&entry.value)).as_deref() {
        Some("public") => true,
        Some("restricted") => false,
        Some(_) => {
            r.error(entry.value.span, l.msg(Words::TitleForm), None);
            return false;
        }
        None => return false,
    };
    if !restricted {
        r.warning(super::CODE, entry.key_span, l.msg(Words::TitleForAll), None);
    }
    public
}

/// `access:` in `portfolio.yaml`: how the web server knows a reader's departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How.
    pub check: Check,
    /// Where `access:`'s way is written (the start of the file without one).
    pub span: Span,
}

/// How the web server knows a reader's departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// From the request header in which the company's SSO proxy names them (`X-Remote-Groups`,
    /// the default), separated by commas.
    Header(String),
    /// By asking the SSO at this address (nginx's `auth_request`) with the departments that may
    /// read as `allowed_groups` (oauth2-proxy's convention): a 2xx answer lets the reader in.
    AuthRequest(String),
    /// By a password file per department in this folder (`<id>.htpasswd`), from which each
    /// audience's file is made.
    Basic(String),
}

impl Default for Settings {
    fn default() -> Self {
        Settings { check: Check::Header("X-Remote-Groups".into()), span: Span::start() }
    }
}

/// Request headers that a client sends of its own, which no SSO proxy takes over: a reader could
/// name themselves a member with them.
const CLIENTS: [&str; 22] = [
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Authorization",
    "Cache-Control",
    "Connection",
    "Content-Length",
    "Content-Type",
    "Cookie",
    "Forwarded",
    "Host",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "Origin",
    "Pragma",
    "Proxy-Authorization",
    "Range",
    "Referer",
    "User-Agent",
    "X-Forwarded-For",
    "X-Forwarded-Host",
];

/// The ways `access:` may say, one at a time.
const WAYS: [&str; 3] = ["header", "auth_request", "basic"];

/// Reads `access:` (`{header: X-Remote-Groups}`, `{auth_request: URL}` or `{basic: FOLDER}`),
/// strictly.
pub(in crate::portfolio) fn settings(r: &mut Reader, node: Option<&Node>) -> Settings {
    let mut settings = Settings::default();
    let Some(node) = node.filter(|n| r.mapping("access", n)) else { return settings };
    let l = r.locale;
    // A misspelled way would leave the default one, which a server without the SSO proxy in
    // front would let any client pass: an error.
    for e in node.entries().iter().filter(|e| !WAYS.contains(&e.key.as_str())) {
        let near = crate::base::diagnostic::closest(&e.key, WAYS.iter().copied());
        let hint = near.map(|c| l.did_you_mean(c));
        r.error(e.key_span, l.msg(Words::NoWay { key: &e.key }), hint.as_deref());
    }
    let given: Vec<(&str, &Entry)> = WAYS.iter().filter_map(|k| Some((*k, node.get(k)?))).collect();
    if let [_, (second, entry), ..] = given.as_slice() {
        r.error(entry.key_span, l.msg(Words::OneWay { key: second }), None);
        return settings;
    }
    let Some((way, entry)) = given.first() else {
        if node.entries().is_empty() {
            r.error(node.span, l.msg(Words::NoWayGiven), None);
        }
        return settings;
    };
    let Some(text) = r.text(way, Some(&entry.value)) else { return settings };
    let (check, fine, wrong) = match *way {
        "header" => {
            let fine = !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            let own = CLIENTS.iter().any(|h| h.eq_ignore_ascii_case(&text));
            let wrong = if fine { Words::ClientHeader { header: &text } } else { Words::Header { header: &text } };
            (Check::Header(text.clone()), fine && !own, wrong)
        }
        "auth_request" => {
            // The rules add the query (`allowed_groups`): one written already would be asked
            // beside it, and a fragment would take it in.
            let scheme = text.starts_with("http://") || text.starts_with("https://");
            let fine = scheme && plain(&text) && !text.contains(['?', '#']);
            (Check::AuthRequest(text.clone()), fine, Words::AuthUrl { url: &text })
        }
        _ => (Check::Basic(text.clone()), text.starts_with('/') && plain(&text), Words::BasicDir { dir: &text }),
    };
    if fine {
        settings = Settings { check, span: entry.value.span };
    } else {
        r.error(entry.value.span, l.msg(wrong), None);
    }
    settings
}

/// Whether `text` can stand in a server's configuration as written, between quotes: printable
/// ASCII without quotes, `\`, `$`, `;`, braces, `%` or spaces.
fn plain(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_graphic() && !b"\"'\\$;{}%".contains(&b))
}
