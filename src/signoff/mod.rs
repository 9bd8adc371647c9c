//! Sign-off: approvals of the agreement's exact text, kept as files in `approvals/` beside the
//! agreement and committed with it. An approval records a party, who approved for it, when, and
//! the digests of the text it approved ([`digest`]); matching those digests against a version's
//! text tells whether the approval covers that version, and which files changed since
//! ([`judge`]). When Git signed the commit that wrote an approval's bytes, [`signature`] asks Git
//! whether the signature verifies.
//!
//! Approvals are read from the working tree once and judged against every version: an approval
//! recorded today of the text of release v2.0 is an approval of v2.0.

pub mod digest;
pub mod judge;
pub mod mechanical;
pub mod record;
pub mod signature;

use std::path::Path;

use chrono::NaiveDate;

use crate::base::catalog::Locale;
use crate::base::diagnostic::{Diagnostic, SourceMap, slash_path};
use crate::base::model::{Agreement, Party, SignoffSettings};
pub use digest::{Digest, Text};
pub use judge::{Role, Status};
pub use record::Approval;
pub use signature::Signature;

/// The approvals of a project and what they are judged with: read once from the working tree.
#[derive(Debug, Default)]
pub struct Record {
    /// Valid approvals, by file name, each with its signature state.
    pub approvals: Vec<(Approval, Signature)>,
    /// Problems of the approval files (and bad or altered signatures).
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the approval files with problems, for snippets.
    pub sources: SourceMap,
    /// `signoff:` of the working tree's `_index.md`.
    pub settings: SignoffSettings,
    /// The working tree's parties, by which approvals name them.
    pub parties: Vec<Party>,
    /// The working tree's `_index.md`, where the settings are written.
    pub index: std::path::PathBuf,
    /// The releases declared there, with where each is written.
    pub releases: Vec<(String, crate::base::diagnostic::Span)>,
    /// Whether the project has a signers file (see [`signature::Signers::configured`]).
    pub signers_configured: bool,
}

impl Record {
    /// Reads the approvals of the project at `root` for its working tree's `agreement`, judging
    /// dates against `today`.
    pub fn read(root: &Path, agreement: &Agreement, today: NaiveDate) -> Record {
        let l = Locale::of(&agreement.language);
        let (signers, signers_finding) = signature::Signers::read(root, &agreement.signoff, l);
        let read = record::read_all(root, &agreement.parties, today, &slash_path(&signers.file), l);
        let files: Vec<_> = read.approvals.iter().map(|a| a.file.clone()).zip(read.ids.iter().copied()).collect();
        let signatures = signature::signatures(root, &files, &signers);
        let mut diagnostics = read.diagnostics;
        diagnostics.extend(signers_finding);
        let approvals: Vec<(Approval, Signature)> = read.approvals.into_iter().zip(signatures).collect();
        let settings = &agreement.signoff;
        diagnostics.extend(approvals.iter().filter_map(|(a, s)| judge::signature_finding(a, s, settings, &signers, l)));
        Record {
            approvals,
            diagnostics,
            sources: read.sources,
            settings: agreement.signoff.clone(),
            parties: agreement.parties.clone(),
            index: agreement.file.clone(),
            releases: agreement.versions.releases.iter().map(|(n, _, s)| (n.clone(), *s)).collect(),
            signers_configured: signers.configured,
        }
    }

    /// Whether there is anything to judge: a sign-off policy or an approval.
    pub fn is_empty(&self) -> bool {
        self.settings.required.is_empty() && self.approvals.is_empty()
    }
}
