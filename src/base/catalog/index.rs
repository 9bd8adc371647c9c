//! The messages of the settings in `content/_index.md`: versions, sign-off and rules.

use std::fmt::Display;

use crate::base::yaml::Value;

/// A message of the settings in `content/_index.md`; its words are in `zh/index.rs` and `en/index.rs`.
pub enum Index<'a> {
    /// `versions` has `tags` and `releases`
    VersionsHasTagsReleases,
    /// `{key}` is not a setting of `versions`
    NotSettingVersions { key: &'a dyn Display },
    /// A release has `commit` and `date`
    ReleaseHasCommitDate,
    /// `{field}` is not a setting of release {key}
    NotSettingRelease { field: &'a dyn Display, key: &'a dyn Display },
    /// Release {key} has no `commit`
    ReleaseHasNoCommit { key: &'a dyn Display },
    /// `signoff` has `required`, `signers`, `signatures` and `signed_by`
    SignoffHasRequiredSignersSignatures,
    /// `{key}` is not a setting of `signoff`
    NotSettingSignoff { key: &'a dyn Display },
    /// `signoff.required`: `{id}` is not the id of a declared party
    SignoffRequiredNotIdDeclared { id: &'a dyn Display },
    /// `signers`: `{path}` is not inside the project
    SignersNotInsideProject { path: &'a dyn Display },
    /// Write a path inside the project, such as approvals/allowed_signers
    WritePathInsideProjectSuch,
    /// Use `optional` (the default) or `required`
    UseOptionalDefaultRequired,
    /// `signoff.signatures`: `{word}` is not a policy
    SignoffSignaturesNotPolicy { word: &'a dyn Display },
    /// `signoff.signed_by`: `{key}` is not the id of a declared party
    SignoffSignedNotIdDeclared { key: &'a dyn Display },
    /// Write a list of signers, named as in the signers file, such as `[lijing@example.com]`
    WriteListSignersNamedSigners,
    /// `{name}` is an empty list: no approval of this party would count
    EmptyListNoApprovalParty { name: &'a dyn Display },
    /// `{item_name}` is empty
    ItemEmpty { item_name: &'a dyn Display },
    /// Use error, warning, info or off
    UseErrorWarningInfoOff,
    /// `{key}`: unknown severity `{w}`
    UnknownSeverity { key: &'a dyn Display, w: &'a dyn Display },
    /// The limits are `instructions`, `memory_mb` and `seconds`
    LimitsInstructionsMemoryMbSeconds,
    /// `rule_limits` has no setting `{key}`
    RuleLimitsHasNoSetting { key: &'a dyn Display },
    /// `{name}` has no `id`
    HasNoId { name: &'a dyn Display },
    /// Give every party a short, stable `id` such as `marketing`
    GiveEveryPartyShortStable,
    /// `name` must be a list of signers, found …
    MustBeSignerList { name: &'a dyn Display, found: &'a Value },
}
