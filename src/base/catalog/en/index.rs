//! The English words of [`Index`]: one arm per message, so that none can be missing.

use crate::base::catalog::Index;

/// The English text of `m`.
pub(super) fn text(m: &Index) -> String {
    match m {
        Index::VersionsHasTagsReleases => "`versions` has `tags` and `releases`".into(),
        Index::NotSettingVersions { key } => format!("`{key}` is not a setting of `versions`"),
        Index::ReleaseHasCommitDate => "a release has `commit` and `date`".into(),
        Index::NotSettingRelease { field, key } => format!("`{field}` is not a setting of release {key}"),
        Index::ReleaseHasNoCommit { key } => format!("release {key} has no `commit`"),
        Index::SignoffHasRequiredSignersSignatures => {
            "`signoff` has `required`, `signers`, `signatures` and `signed_by`".into()
        }
        Index::NotSettingSignoff { key } => format!("`{key}` is not a setting of `signoff`"),
        Index::SignoffRequiredNotIdDeclared { id } => {
            format!("`signoff.required`: `{id}` is not the id of a declared party")
        }
        Index::SignersNotInsideProject { path } => format!("`signers`: `{path}` is not inside the project"),
        Index::WritePathInsideProjectSuch => {
            "write a path inside the project, such as approvals/allowed_signers".into()
        }
        Index::UseOptionalDefaultRequired => "use `optional` (the default) or `required`".into(),
        Index::SignoffSignaturesNotPolicy { word } => format!("`signoff.signatures`: `{word}` is not a policy"),
        Index::SignoffSignedNotIdDeclared { key } => {
            format!("`signoff.signed_by`: `{key}` is not the id of a declared party")
        }
        Index::WriteListSignersNamedSigners => {
            "write a list of signers, named as in the signers file, such as `[lijing@example.com]`".into()
        }
        Index::EmptyListNoApprovalParty { name } => {
            format!("`{name}` is an empty list: no approval of this party would count")
        }
        Index::ItemEmpty { item_name } => format!("`{item_name}` is empty"),
        Index::UseErrorWarningInfoOff => "use error, warning, info or off".into(),
        Index::UnknownSeverity { key, w } => format!("`{key}`: unknown severity `{w}`"),
        Index::LimitsInstructionsMemoryMbSeconds => "the limits are `instructions`, `memory_mb` and `seconds`".into(),
        Index::RuleLimitsHasNoSetting { key } => format!("`rule_limits` has no setting `{key}`"),
        Index::HasNoId { name } => format!("`{name}` has no `id`"),
        Index::GiveEveryPartyShortStable => "give every party a short, stable `id` such as `marketing`".into(),
        Index::MustBeSignerList { name, found } => {
            format!("`{name}` must be a list of signers, found {}", super::kind(found))
        }
    }
}
