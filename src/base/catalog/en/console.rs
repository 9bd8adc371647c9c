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
    }
}

/// `1 clause`, `2 clauses`.
fn clauses_count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "clause" } else { "clauses" })
}
