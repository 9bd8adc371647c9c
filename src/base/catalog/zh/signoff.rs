//! The Chinese words of [`Signoff`]: one arm per message, so that none can be missing.

use crate::base::catalog::Signoff;

/// The Chinese text of `m`.
pub(super) fn text(m: &Signoff) -> String {
    match m {
        Signoff::FileApprovalsNotApprovalFile => {
            "approvals/ 中的这个文件不是批准文件，没有被读取：批准文件以 .yaml 结尾".into()
        }
        Signoff::CorrectNameMoveOutApprovals => "改正文件名，或把它移出 approvals/".into(),
        Signoff::CannotReadApprovalFile { error } => format!("无法读取批准文件：{error}"),
        Signoff::ApprovalFileNotValidUtf => "批准文件不是有效的 UTF-8 文本".into(),
        Signoff::ApprovalFileNotValidYaml { problem } => {
            format!("批准文件不是有效的 YAML：{}", super::problem(problem))
        }
        Signoff::ApprovalFileMappingKeys => "批准文件应为“键: 值”的映射".into(),
        Signoff::WriteApprovalFilesClausebookApprove => "用 `clausebook approve` 生成批准文件".into(),
        Signoff::ApprovalFileHasNoKey { key } => format!("批准文件没有 `{key}` 这一项"),
        Signoff::ApprovalFileHasNo { key } => format!("批准文件缺少 `{key}`"),
        Signoff::ApprovalFileEmpty { key } => format!("批准文件的 `{key}` 为空"),
        Signoff::ApprovalFilesWrittenClausebookApprove => {
            "批准文件只由 `clausebook approve` 写入；删除此文件并重新批准".into()
        }
        Signoff::NotPartyDeclaredAgreement { id } => format!("`{id}` 不是协议中声明的协议方"),
        Signoff::EmptyNameWhoApproved => "`by` 为空：写明批准人".into(),
        Signoff::ApprovalDatedAfterToday { d, today } => format!("批准日期 {d} 晚于今天（{today}）"),
        Signoff::WriteDayWasApprovedToday => "写批准的实际日期；`--today` 可改变“今天”".into(),
        Signoff::NotDigest { what, written } => format!("`{what}`：`{written}` 不是摘要"),
        Signoff::DigestShaLowercaseHexDigits => "摘要写作 sha256: 加 64 位小写十六进制数字".into(),
        Signoff::FilesEmpty => "`files` 为空".into(),
        Signoff::UnknownDigest { n } => {
            format!("`digest: {n}` 不是 clausebook 认识的摘要算法：1（逐字）或 2（按呈现的文本）")
        }
        Signoff::TextDoesNotMatchDigests => "`text` 与 `files` 中各文件的摘要不符：批准文件被手工改动过".into(),
        Signoff::ApprovalFileDoesNotRead => "批准文件无法读取为一项批准".into(),
        Signoff::VersionLacksSApprovalNo { name, party } => {
            format!("版本 {name} 未经{party}批准：没有与该版本文本一致的批准")
        }
        Signoff::VersionLacksSApprovalApproval { name, party, file, signature } => {
            format!("版本 {name} 未经{party}有效批准：{file} 中的批准不计入（{signature}）")
        }
        Signoff::CurrentTextNotYetApproved { party } => format!("当前文本尚未经{party}批准"),
        Signoff::CurrentTextNotYetValidly { party, file, signature } => {
            format!("当前文本尚未经{party}有效批准：{file} 中的批准不计入（{signature}）")
        }
        Signoff::OnceApprovesRunClausebookApprove { party, id } => {
            format!("{party}负责人批准后运行 `clausebook approve --party {id} --by 姓名`")
        }
        Signoff::TextApproved { party_name, date } => format!("{party_name}于 {date} 批准的文本"),
        Signoff::AskReviewApproveAgainClausebook { party_name, party } => {
            format!("请{party_name}重新审阅并批准：`clausebook approve --party {party} --by 姓名`")
        }
        Signoff::Approval => "批准记录在这里".into(),
        Signoff::WasRemovedSince { file, who } => format!("`{file}` 已被删除，而{who}中有它"),
        Signoff::FileWasAddedAfter { who } => format!("此文件是在{who}之后新增的"),
        Signoff::LibraryUpgraded { clause, from, to, kind } => {
            let kind = match kind.to_string().as_str() {
                "correction" => "措辞更正",
                "update" => "含义改动",
                _ => "新版",
            };
            format!("改动在于条款库 `{clause}` 由第 {from} 版改为第 {to} 版（{kind}）")
        }
        Signoff::ChangesSince { version, page } => format!("{version} 以来的改动见 {page}"),
        Signoff::HasChangedFileDiffers { who } => format!("{who}已修改：此文件不同于批准时"),
        Signoff::OrderFilesChangedSince { who } => format!("{who}的条款顺序已改变"),
        Signoff::SeeGitLogPFile => "查看 `git log -p -- 此文件`；确属篡改时删除它并重新批准".into(),
        Signoff::RecordApprovalSignedCommitGit => {
            "用签名的提交记录批准（`git config commit.gpgsign true` 后运行 `clausebook approve … --commit`）".into()
        }
        Signoff::SignatureCommitWhichRecordedApproval { commit } => {
            format!("记录此批准的提交 {commit} 的签名无效：提交内容与签名不符；此批准不计入")
        }
        Signoff::ApprovalWasChangedUnsignedCommit { signed, commit } => {
            format!("此批准在签名提交 {signed} 之后被未签名的提交 {commit} 改动过：签名不再覆盖它；此批准不计入")
        }
        Signoff::CommitWhichRecordedApprovalSigned { commit, why } => {
            format!("记录此批准的提交 {commit} 已签名，但签名未通过验证（{why}）；此批准不计入")
        }
        Signoff::SignerSKeyBelongsOtherwise { signers_file } => {
            format!("签名者的公钥应列在 {signers_file} 中；否则请其用列出的密钥重新批准")
        }
        Signoff::SignoffSignaturesRequiredCommitWhich { commit } => {
            format!("`signoff.signatures` 为 required，而记录此批准的提交 {commit} 未签名；此批准不计入")
        }
        Signoff::SignoffSignaturesRequiredApprovalNot => {
            "`signoff.signatures` 为 required，而此批准尚未提交（或提交后有改动）；签名提交后才计入".into()
        }
        Signoff::ApprovalWasSignedCommitSignature { signer, commit, party } => format!(
            "此批准由 {signer} 签名（提交 {commit}，签名已验证），但 `signoff.signed_by` 未将 {signer} 列为 {party} 的签名者；此批准不计入"
        ),
        Signoff::AskSignerListedApproveAgain { party, signer } => format!(
            "请 {party} 名下列出的签名者用其密钥重新批准；若 {signer} 确为 {party} 签署，将其加入 `signoff.signed_by.{party}`"
        ),
        Signoff::CannotReadSignersFileSigned { error } => {
            format!("无法读取签名者文件：{error}；经签名的批准无法验证，不计入")
        }
        Signoff::NotCommittedChangedSince => "未提交（或提交后有改动）".into(),
        Signoff::CommitNotSignedRecordOnly { commit } => format!("提交 {commit} 未签名：仅为记录"),
        Signoff::CommitSignedSignatureVerified { commit, signer } => {
            format!("提交 {commit} 由 {signer} 签名，签名已验证")
        }
        Signoff::CommitSignedButSignatureCannot { commit, reason } => {
            format!("提交 {commit} 已签名，但签名无法验证（{reason}）")
        }
        Signoff::SignatureCommitBad { commit } => format!("提交 {commit} 的签名无效"),
        Signoff::ChangedUnsignedCommitAfterSigned { signed, commit } => {
            format!("签名提交 {signed} 之后被未签名的提交 {commit} 改动")
        }
        Signoff::CommitSignedSignatureVerifiedBut { commit, signer, party } => format!(
            "提交 {commit} 由 {signer} 签名，签名已验证，但 `signoff.signed_by` 未将 {signer} 列为 {party} 的签名者"
        ),
        Signoff::SignerNotTrusted => "签名者不受信任".into(),
        Signoff::SignatureHasExpired => "签名已过期".into(),
        Signoff::KeyHasExpired => "密钥已过期".into(),
        Signoff::KeyWasRevoked => "密钥已吊销".into(),
        Signoff::ShallowCloneCommitThatWrote => {
            "浅克隆：写入此文件的提交不在本地历史中（`git fetch --unshallow`）".into()
        }
        Signoff::NoSignersFilePublicKey => "缺少签名者文件或公钥".into(),
        Signoff::TheKeysAre { keys } => format!("可用的键：{}", keys.join("、")),
    }
}
