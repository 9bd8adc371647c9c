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
        Console::BuiltFilesIntoMs { files, shown, ms, counts } => {
            format!("built {files} files into {shown} in {ms} ms: {counts}")
        }
        Console::BuildFailedNothingWasWritten { counts, shown } => {
            format!("build failed ({counts}): nothing was written; {shown} is unchanged")
        }
        Console::Rebuilt { what, written, removed, ms, warnings } => {
            let warnings = if *warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
            format!("rebuilt ({what}): {written} page(s) written, {removed} removed in {ms:.0} ms{warnings}")
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
    }
}

/// `1 clause`, `2 clauses`.
fn clauses_count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "clause" } else { "clauses" })
}
