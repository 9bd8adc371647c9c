//! The Chinese words of [`Index`]: one arm per message, so that none can be missing.

use crate::base::catalog::Index;

/// The Chinese text of `m`.
pub(super) fn text(m: &Index) -> String {
    match m {
        Index::VersionsHasTagsReleases => "`versions` 只有 `tags` 和 `releases`".into(),
        Index::NotSettingVersions { key } => format!("`{key}` 不是 `versions` 的设置"),
        Index::ReleaseHasCommitDate => "一个版本有 `commit` 和 `date`".into(),
        Index::NotSettingRelease { field, key } => format!("`{field}` 不是版本 {key} 的设置"),
        Index::ReleaseHasNoCommit { key } => format!("版本 {key} 没有 `commit`"),
        Index::SignoffHasRequiredSignersSignatures => {
            "`signoff` 只有 `required`、`signers`、`signatures` 和 `signed_by`".into()
        }
        Index::NotSettingSignoff { key } => format!("`{key}` 不是 `signoff` 的设置"),
        Index::SignoffRequiredNotIdDeclared { id } => format!("`signoff.required`：`{id}` 不是已声明的协议方 id"),
        Index::SignersNotInsideProject { path } => format!("`signers`：`{path}` 不在项目之内"),
        Index::WritePathInsideProjectSuch => "写项目内的相对路径，例如 approvals/allowed_signers".into(),
        Index::UseOptionalDefaultRequired => "可用 `optional`（默认）或 `required`".into(),
        Index::SignoffSignaturesNotPolicy { word } => format!("`signoff.signatures`：`{word}` 不是可用的值"),
        Index::SignoffSignedNotIdDeclared { key } => format!("`signoff.signed_by`：`{key}` 不是已声明的协议方 id"),
        Index::WriteListSignersNamedSigners => {
            "写签名者的列表，名称与签名者文件中的一致，例如 `[lijing@example.com]`".into()
        }
        Index::EmptyListNoApprovalParty { name } => format!("`{name}` 是空列表：此方的批准将无一计入"),
        Index::ItemEmpty { item_name } => format!("`{item_name}` 是空的"),
        Index::UseErrorWarningInfoOff => "可用 error、warning、info 或 off".into(),
        Index::UnknownSeverity { key, w } => format!("`{key}`：未知的级别 `{w}`"),
        Index::LimitsInstructionsMemoryMbSeconds => "限制只有 `instructions`、`memory_mb` 和 `seconds`".into(),
        Index::RuleLimitsHasNoSetting { key } => format!("`rule_limits` 没有 `{key}` 这一项"),
        Index::HasNoId { name } => format!("`{name}` 没有 `id`"),
        Index::GiveEveryPartyShortStable => "给每一方一个简短、稳定的 `id`，例如 `marketing`".into(),
        Index::MustBeSignerList { name, found } => format!("`{name}` 应为签名者的列表，实际是{}", super::kind(found)),
    }
}
