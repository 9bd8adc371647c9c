//! Who may read which agreement of the portfolio (`visibility:` in `portfolio.yaml`, read by
//! `config`; see [`crate::base::access`]): each department named checked against the
//! departments, the [`Access`] given to everything that lays out or links the agreements' sites,
//! and the web server's rules of `clausebook access`.

use crate::base::access::{Access, Audience};
use crate::base::catalog::{Locale, Visibility as Words};
use crate::base::diagnostic::{Diagnostic, closest};

use super::config::{CODE, Config, FILE, Member, Settings, Unit};

/// An error at each department an agreement's `visibility:` names that is none of `units`, with
/// the closest id (or the department whose name it is), and at an audience whose folder differs
/// from another's only in case.
pub(super) fn unknown(config: &Config, units: &[Unit], l: Locale) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for member in &config.agreements {
        for (unit, span) in member.visibility.iter().flatten() {
            if units.iter().any(|u| &u.id == unit) {
                continue;
            }
            let named = units.iter().find(|u| &u.name == unit || u.aliases.contains(unit)).map(|u| u.id.as_str());
            let near = named.or_else(|| closest(unit, units.iter().map(|u| u.id.as_str())));
            let mut d = Diagnostic::error(CODE, FILE, *span, l.msg(Words::NoUnit { unit }));
            d.hint = near.map(|c| l.did_you_mean(c));
            out.push(d);
        }
    }
    // Audiences whose folders a disk that ignores case (macOS, Windows) takes for one.
    let mut seen: Vec<(String, String)> = Vec::new();
    for member in &config.agreements {
        let (Some(named), Some(audience)) = (&member.visibility, member.audience()) else { continue };
        let id = audience.id();
        let folded = super::config::folded(&id);
        match seen.iter().find(|(f, _)| *f == folded) {
            Some((_, other)) if *other != id => {
                let span = named.first().map_or(member.span, |(_, s)| *s);
                out.push(Diagnostic::error(CODE, FILE, span, l.msg(Words::AudienceCase { id: &id, other })));
            }
            Some(_) => {}
            None => seen.push((folded, id)),
        }
    }
    out
}

/// Who may read which of the agreements `members`: the restricted ones' audiences, and each
/// department's parent (of `units`).
pub fn access(members: &[Member], units: &[Unit]) -> Access {
    let restricted = members.iter().filter_map(|m| Some((m.id.clone(), m.audience()?)));
    let parents = units.iter().filter_map(|u| Some((u.id.clone(), u.parent.clone()?)));
    Access { restricted: restricted.collect(), parents: parents.collect() }
}

/// The web servers `clausebook access` writes rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// nginx: `location` blocks to include in the site's `server` block.
    Nginx,
    /// Apache httpd: `Location` sections to include in the site's virtual host.
    Apache,
}

/// The rules for `server` that protect each audience's folder of the portal, published under the
/// address path `base` (`/agreements/`): a reader whose departments (in the header `access:`
/// names) include one of the audience's, or a parent of one, is let in; anyone else is refused
/// (403), and so is every folder under `_a/` that no audience has.
pub fn server_rules(
    access: &Access,
    settings: &Settings,
    base: &str,
    server: Server,
    l: Locale,
) -> Result<String, String> {
    let base = site_path(base).ok_or_else(|| l.msg(Words::SitePath { path: &base }))?;
    let header = &settings.header;
    let mut out = format!("# {}\n# {}\n", l.msg(Words::Generated), l.msg(Words::DropHeader { header }));
    let mut audiences: Vec<&Audience> = access.restricted.values().collect();
    audiences.sort_by_key(|a| a.id());
    audiences.dedup();
    let pattern = |a: &Audience| {
        let readers: Vec<String> = access.readers(a).iter().map(|u| escape_regex(u)).collect();
        format!("(^|[,\\s])({})([,\\s]|$)", readers.join("|"))
    };
    // On a disk that ignores case `/_A/…` is the same folder: refused whatever its case (the
    // audiences' own rules, which match it as written, let their readers in).
    let any_case = escape_regex(&format!("{base}{}/", crate::base::access::DIR));
    match server {
        Server::Nginx => {
            let variable = format!("$http_{}", header.to_ascii_lowercase().replace('-', "_"));
            out.push_str(&format!("location ^~ \"{base}{}/\" {{\n    return 403;\n}}\n", crate::base::access::DIR));
            out.push_str(&format!("location ~* \"^{any_case}\" {{\n    return 403;\n}}\n"));
            for a in audiences {
                out.push_str(&format!(
                    "location ^~ \"{base}{}/\" {{\n    if ({variable} !~ \"{}\") {{\n        return 403;\n    }}\n}}\n",
                    a.folder(),
                    pattern(a)
                ));
            }
        }
        Server::Apache => {
            out.push_str(&format!("<LocationMatch \"(?i)^{any_case}\">\n    Require all denied\n</LocationMatch>\n"));
            for a in audiences {
                out.push_str(&format!(
                    "<Location \"{base}{}/\">\n    Require expr \"%{{HTTP:{header}}} =~ m#{}#\"\n</Location>\n",
                    a.folder(),
                    pattern(a)
                ));
            }
        }
    }
    Ok(out)
}

/// The path of the site's address (`/agreements/`, `%`-escapes decoded, as the servers match a
/// request's path), when the servers' rules can match it as written: letters, digits, `-`, `_`,
/// `.` and `~` between slashes, no `.` or `..` segment.
fn site_path(written: &str) -> Option<String> {
    // A `%` that escapes nothing stays, and is refused below.
    let path = percent_encoding::percent_decode_str(written).decode_utf8().ok()?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let plain = |s: &&str| {
        !matches!(*s, "." | "..") && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
    };
    segments.iter().all(plain).then(|| segments.iter().map(|s| format!("/{s}")).collect::<String>() + "/")
}

/// `text` with what a regular expression (or the quotes around it) would read otherwise escaped.
fn escape_regex(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#\"".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
