//! The messages of the command line's own lines.

use std::fmt::Display;

/// A message of the command line's own lines; its words are in `zh/console.rs` and `en/console.rs`.
pub enum Console<'a> {
    /// `ok: 3 clauses, ` (the counts follow)
    Ok { clauses: usize },
    /// `failed: 3 clauses, ` (the counts follow)
    Failed { clauses: usize },
    /// Older version {name}: {counts}, shown on its pages (older versions never fail the build)
    OlderVersionShownPagesOlder { name: &'a dyn Display, counts: &'a dyn Display },
    /// Built {files} files into {shown} in {ms} ms: {counts}
    BuiltFilesIntoMs { files: &'a dyn Display, shown: &'a dyn Display, ms: &'a dyn Display, counts: &'a dyn Display },
    /// Build failed ({counts}): nothing was written; {shown} is unchanged
    BuildFailedNothingWasWritten { counts: &'a dyn Display, shown: &'a dyn Display },
}
