//! The English words of [`Console`]: one arm per message, so that none can be missing.

use crate::base::catalog::Console;

/// The English text of `m`.
pub(super) fn text(m: &Console) -> String {
    match m {
        Console::Ok { clauses } => format!("ok: {}, ", clauses_count(*clauses)),
        Console::Failed { clauses } => format!("failed: {}, ", clauses_count(*clauses)),
        Console::OlderVersionShownPagesOlder { name, counts } => {
            format!("older version {name}: {counts}, shown on its pages (older versions never fail the build)")
        }
        Console::BundleKept { shown } => format!("the bundle in {shown} is kept: nothing it is built from changed"),
        Console::BuiltFilesIntoMs { files, shown, ms, counts } => {
            format!("built {files} files into {shown} in {ms} ms: {counts}")
        }
        Console::BuildFailedNothingWasWritten { counts, shown } => {
            format!("build failed ({counts}): nothing was written; {shown} is unchanged")
        }
        Console::AsideAsBefore { count } => {
            format!("the {count} finding(s) across the agreements are as last said (`clausebook check` lists them all)")
        }
        Console::Rebuilt { what, written, removed, ms, warnings } => {
            let warnings = if *warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
            format!("rebuilt ({what}): {written} page(s) written, {removed} removed in {ms:.0} ms{warnings}")
        }
        Console::NoSiteYet { what, ms } => {
            format!("build failed ({what}) in {ms:.0} ms; there is no site yet: it is made once the errors are mended")
        }
        Console::RebuildFailed { what, ms } => {
            format!("rebuild failed ({what}) in {ms:.0} ms; the last good site stays")
        }
        Console::Start => "start".into(),
        Console::FileAndMore { file, more } => format!("{file} and {more} more"),
        Console::Serving { root, url } => format!("serving {root} at {url} (Ctrl-C stops)"),
        Console::ListeningOpen { ip } => format!(
            "listening on {ip}: other machines can read the site (at an IP address of this machine, or at a name given with --allow-host)"
        ),
        Console::PortTaken { asked, port } => format!("port {asked} is taken; serving on port {port} instead"),
        Console::PortsTaken { first, last, ip } => {
            format!("ports {first} to {last} on {ip} are all taken; pass --port N (or --port 0 for any free port)")
        }
        Console::Stopped => "stopped".into(),
        Console::Printed { file } => format!("printed {file}"),
        Console::CannotWatch { root, error } => format!("cannot watch {root}: {error}"),
        Console::CannotHandleCtrlC { error } => format!("cannot handle Ctrl-C: {error}"),
        Console::Created { file } => format!("created {file}"),
        Console::NextBuild { dir } => format!("\nnext: cd {dir} && clausebook build"),
        Console::CodeHeading { id, severity, summary } => format!("{id} ({}, built-in): {summary}", severity.as_str()),
        Console::Example => "Example:".into(),
        Console::BuiltInChecks => "built-in checks:".into(),
        Console::ProjectRules => "\nthis project's rules (rules/*.lua):".into(),
        Console::ExplainOne => "\n`clausebook explain CODE` explains one.".into(),
        Console::ListedCode { id, severity, summary } => format!("  {id:<18} {:<8} {summary}", severity.as_str()),
        Console::RuleHeading { id, severity, place, description } => {
            format!("{id} ({}, a rule of this project, {place}): {description}", severity.as_str())
        }
        Console::AgreementRules { id } => format!("\nthe rules of agreement `{id}`:"),
        Console::AgreementRuleHeading { id, severity, place, description, agreement } => {
            format!("{id} ({}, a rule of agreement `{agreement}`, {place}): {description}", severity.as_str())
        }
        Console::NoSuchCode { code, hint } => {
            let hint = hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default();
            format!(
                "no built-in code or rule of this project is called `{code}`{hint} (`clausebook explain` lists them)"
            )
        }
        Console::CannotStartServer { error } => format!("cannot start the HTTP server: {error}"),
        Console::CannotServe { error } => format!("cannot serve: {error}"),
        Console::CannotAccept { error } => {
            format!("cannot accept connections ({error}); waiting for open ones to close")
        }
        Console::RefusedHost { host } => {
            let host = host.map_or_else(|| "a malformed or repeated Host".to_string(), |h| format!("`{h}`"));
            format!(
                "403 Forbidden: this clausebook serve answers only requests addressed to localhost, to an IP \
                 address, or to a name given with --allow-host, and this one is addressed to {host}.\n\
                 (A guard against DNS rebinding: another site's page must not read this one.)\n"
            )
        }
        Console::AllowHost { name } => {
            format!("If this name is yours, serve with: clausebook serve --allow-host {name}\n")
        }
        Console::RefusedLog { host } => {
            format!(
                "refused a request addressed to `{}` (see --allow-host)",
                host.unwrap_or("(a malformed or repeated Host)")
            )
        }
    }
}

/// `1 clause`, `2 clauses`.
fn clauses_count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "clause" } else { "clauses" })
}
