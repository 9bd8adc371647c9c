//! Who may read which agreement of the portfolio (`visibility:` in `portfolio.yaml`, read by
//! `config`; see [`crate::base::access`]): each department named checked against the
//! departments, the [`Access`] given to everything that lays out or links the agreements' sites,
//! and the web server's rules of `clausebook access`.

use crate::base::access::{Access, Audience};
use crate::base::catalog::{Locale, Visibility as Words};
use crate::base::diagnostic::{Diagnostic, closest};

use super::config::{CODE, Check, Config, FILE, Member, Settings, Unit};

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

/// A warning at each restricted agreement's `visibility:` (of `members`, whose agreements'
/// parties' departments are `parties`, in order) for each party's department that may not read
/// it, under `access`: its members would meet their own agreement refused.
pub(super) fn parties_outside<'p>(
    members: &[Member],
    parties: impl Iterator<Item = &'p [(String, String)]>,
    access: &Access,
    l: Locale,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (member, parties) in members.iter().zip(parties) {
        let (Some(audience), Some(named)) = (access.audience(&member.id), &member.visibility) else { continue };
        let readers = access.readers(audience);
        let span = named.first().map_or(member.span, |(_, s)| *s);
        let mut said: Vec<&str> = Vec::new();
        for (unit, _) in parties.iter().filter(|(u, _)| !readers.contains(u)) {
            if said.contains(&unit.as_str()) {
                continue;
            }
            said.push(unit);
            let words = Words::PartyCannotRead { unit, agreement: &member.id, audience: &audience.id() };
            out.push(Diagnostic::warning(CODE, FILE, span, l.msg(words)));
        }
    }
    out
}

/// Who may read which of the agreements `members`: the restricted ones' audiences, and each
/// department's parent (of `units`).
pub fn access(members: &[Member], units: &[Unit]) -> Access {
    let restricted = members.iter().filter_map(|m| Some((m.id.clone(), m.audience()?)));
    let parents = units.iter().filter_map(|u| Some((u.id.clone(), u.parent.clone()?)));
    let titled = members.iter().filter(|m| m.title_public && m.visibility.is_some()).map(|m| m.id.clone());
    Access { restricted: restricted.collect(), parents: parents.collect(), titled: titled.collect() }
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
/// address path `base` (`/agreements/`): a reader of one of the audience's departments, or of a
/// parent of one, is let in, as `settings` says the server knows them; anyone else is refused,
/// and so is every folder under `_a/` that no audience has. Apache has no `auth_request`: the
/// caller refuses that pair.
pub fn server_rules(
    access: &Access,
    settings: &Settings,
    base: &str,
    server: Server,
    l: Locale,
) -> Result<String, String> {
    // A path that names a file (`/legal/index.html`) would anchor every rule where no request goes.
    let last = base.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return Err(l.msg(Words::SiteFile { path: &base }));
    }
    let base = site_path(base).ok_or_else(|| l.msg(Words::SitePath { path: &base }))?;
    let mut audiences: Vec<&Audience> = access.restricted.values().collect();
    audiences.sort_by_key(|a| a.id());
    audiences.dedup();
    let mut out = format!("# {}\n", l.msg(Words::Generated));
    match &settings.check {
        Check::Header(header) => out.push_str(&format!("# {}\n", l.msg(Words::DropHeader { header }))),
        Check::AuthRequest(url) => out.push_str(&format!("# {}\n", l.msg(Words::AskSso { url }))),
        Check::Basic(dir) => {
            out.push_str(&format!("# {}\n#   mkdir -p {dir}/_audiences\n", l.msg(Words::MakeAudienceFiles)));
            for a in &audiences {
                let files: Vec<String> = access.readers(a).iter().map(|u| format!("{dir}/{u}.htpasswd")).collect();
                out.push_str(&format!("#   cat {} > {}\n", files.join(" "), audience_file(dir, a)));
            }
        }
    }
    let dir = crate::base::access::DIR;
    // On a disk that ignores case `/_A/…` is the same folder: refused whatever its case, and
    // wherever it is (a site served at another path than the rules were made for stays shut);
    // the audiences' own rules, which match it as written, let their readers in.
    let any_case = escape_regex(&format!("/{dir}/"));
    match server {
        Server::Nginx => {
            out.push_str(&format!("location ^~ \"{base}{dir}/\" {{\n    return 403;\n}}\n"));
            out.push_str(&format!("location ~* \"{any_case}\" {{\n    return 403;\n}}\n"));
            for a in audiences {
                out.push_str(&nginx_audience(access, &settings.check, &format!("{base}{}/", a.folder()), a));
            }
        }
        Server::Apache => {
            out.push_str(&format!("<LocationMatch \"(?i){any_case}\">\n    Require all denied\n</LocationMatch>\n"));
            for a in audiences {
                let require = match &settings.check {
                    Check::Header(header) => {
                        format!("    Require expr \"%{{HTTP:{header}}} =~ m#{}#\"\n", readers(access, a))
                    }
                    Check::Basic(files) => format!(
                        "    AuthType Basic\n    AuthName \"clausebook {id}\"\n    AuthBasicProvider file\n    AuthUserFile \"{}\"\n    Require valid-user\n",
                        audience_file(files, a),
                        id = a.id()
                    ),
                    Check::AuthRequest(_) => "    Require all denied\n".into(),
                };
                out.push_str(&format!("<Location \"{base}{}/\">\n{require}</Location>\n", a.folder()));
            }
        }
    }
    Ok(out)
}

/// nginx's location of audience `a`'s folder at the address path `at`, as `check` lets its
/// readers in.
fn nginx_audience(access: &Access, check: &Check, at: &str, a: &Audience) -> String {
    match check {
        Check::Header(header) => {
            let variable = format!("$http_{}", header.to_ascii_lowercase().replace('-', "_"));
            let pattern = readers(access, a);
            format!(
                "location ^~ \"{at}\" {{\n    if ({variable} !~ \"{pattern}\") {{\n        return 403;\n    }}\n}}\n"
            )
        }
        Check::AuthRequest(url) => {
            // The question to the SSO, in a location of its own that only nginx may ask.
            let ask = format!("{at}.clausebook-auth");
            let groups = access.readers(a).join(",");
            let sep = if url.contains('?') { '&' } else { '?' };
            format!(
                "location ^~ \"{at}\" {{\n    auth_request \"{ask}\";\n}}\nlocation = \"{ask}\" {{\n    internal;\n    proxy_pass \"{url}{sep}allowed_groups={groups}\";\n    proxy_pass_request_body off;\n    proxy_set_header Content-Length \"\";\n    proxy_set_header X-Original-URI $request_uri;\n}}\n"
            )
        }
        Check::Basic(dir) => format!(
            "location ^~ \"{at}\" {{\n    auth_basic \"clausebook {id}\";\n    auth_basic_user_file \"{}\";\n}}\n",
            audience_file(dir, a),
            id = a.id()
        ),
    }
}

/// The pattern that a header naming the reader's departments (separated by commas: a group's
/// name may hold spaces, `ex hr`) matches when one of them may read what audience `a` may.
fn readers(access: &Access, a: &Audience) -> String {
    let readers: Vec<String> = access.readers(a).iter().map(|u| escape_regex(u)).collect();
    format!("(^|,)\\s*({})\\s*(,|$)", readers.join("|"))
}

/// The password file of audience `a`'s readers, in the folder `dir` of the departments' files.
fn audience_file(dir: &str, a: &Audience) -> String {
    format!("{dir}/_audiences/{}.htpasswd", a.id())
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
