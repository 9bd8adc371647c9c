//! The agreement's own settings in `content/_index.md`: its parties, rule settings and limits,
//! and which versions are published, read strictly with positions and findings.

use std::path::Path;

use super::fields::Reader;
use super::{CONTENT, INDEX, source};
use crate::base::catalog::Index;
use crate::base::diagnostic::Severity;
use crate::base::model::{Party, RuleConfig, RuleSetting, SignaturePolicy, SignoffSettings, VersionSettings};
use crate::base::yaml::Node;

/// The rule limits that `content/_index.md` at `index` sets (the defaults where it cannot be
/// read; loading reports its problems).
pub fn rule_limits(index: &Path) -> RuleConfig {
    let Ok(text) = std::fs::read_to_string(index) else { return RuleConfig::default() };
    let Ok(split) = source::split(&text) else { return RuleConfig::default() };
    let Ok(front) = crate::base::yaml::parse(split.front, split.front_line) else { return RuleConfig::default() };
    let get = |k: &str| front.get(k).map(|e| &e.value);
    rule_config(&mut Reader::new(index), get("rules"), get("rule_limits"))
}

/// The `versions:` settings of the project at `root`, read from its `_index.md` alone (a build
/// decides with them whether to read Git before it loads anything else; loading reports their
/// problems).
pub fn version_settings_of(root: &Path) -> VersionSettings {
    let index = root.join(CONTENT).join(INDEX);
    let Ok(text) = std::fs::read_to_string(&index) else { return VersionSettings::default() };
    settings_in_text(&index, &text)
}

/// [`version_settings_of`] the project held in `tree` (an agreement read from Git).
pub fn version_settings_in(tree: &dyn crate::base::tree::Tree) -> VersionSettings {
    let index = Path::new(CONTENT).join(INDEX);
    let Ok(bytes) = tree.read(&index) else { return VersionSettings::default() };
    settings_in_text(&index, &String::from_utf8_lossy(&bytes))
}

/// The `versions:` settings of the `_index.md` `index` whose text is `text`.
fn settings_in_text(index: &Path, text: &str) -> VersionSettings {
    let Ok(split) = source::split(text) else { return VersionSettings::default() };
    let Ok(front) = crate::base::yaml::parse(split.front, split.front_line) else { return VersionSettings::default() };
    version_settings(&mut Reader::new(index), front.get("versions").map(|e| &e.value))
}

/// Whether the `_index.md` of the project at `root` has a `signoff:` policy (read alone, as
/// [`version_settings_of`] reads `versions:`).
pub fn declares_signoff(root: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(root.join(CONTENT).join(INDEX)) else { return false };
    let Ok(split) = source::split(&text) else { return false };
    crate::base::yaml::parse(split.front, split.front_line).is_ok_and(|front| front.get("signoff").is_some())
}

/// `versions: {tags: "v*", releases: {v1.0: <commit>}}`, read strictly (release names are checked
/// with the other names, in `names`).
pub(super) fn version_settings(reader: &mut Reader, node: Option<&Node>) -> VersionSettings {
    let Some(node) = node.filter(|n| reader.mapping("versions", n)) else { return VersionSettings::default() };
    const KEYS: [&str; 2] = ["tags", "releases"];
    let l = reader.locale;
    for e in node.entries().iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        let hint = crate::base::diagnostic::closest(&e.key, KEYS)
            .map(|c| l.did_you_mean(c))
            .unwrap_or_else(|| l.msg(Index::VersionsHasTagsReleases));
        let message = l.msg(Index::NotSettingVersions { key: &e.key });
        reader.warning("unknown-field", e.key_span, message, Some(hint));
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let tags = reader.text("tags", get("tags"));
    let mut releases = Vec::new();
    let mut dates = Vec::new();
    if let Some(n) = get("releases").filter(|n| reader.mapping("releases", n)) {
        for e in n.entries() {
            if !matches!(e.value.value, crate::base::yaml::Value::Map(_)) {
                releases.extend(reader.text(&e.key, Some(&e.value)).map(|rev| (e.key.clone(), rev, e.value.span)));
                continue;
            }
            // `v1.0: {commit: 7e04…, date: 2025-01-01}`.
            const RELEASE: [&str; 2] = ["commit", "date"];
            for k in e.value.entries().iter().filter(|k| !RELEASE.contains(&k.key.as_str())) {
                let hint = crate::base::diagnostic::closest(&k.key, RELEASE)
                    .map(|c| l.did_you_mean(c))
                    .unwrap_or_else(|| l.msg(Index::ReleaseHasCommitDate));
                let message = l.msg(Index::NotSettingRelease { field: &k.key, key: &e.key });
                reader.warning("unknown-field", k.key_span, message, Some(hint));
            }
            let commit = e.value.get("commit");
            match commit.and_then(|c| reader.text("commit", Some(&c.value)).map(|rev| (rev, c.value.span))) {
                Some((rev, span)) => releases.push((e.key.clone(), rev, span)),
                None => reader.error(e.value.span, l.msg(Index::ReleaseHasNoCommit { key: &e.key }), None),
            }
            if let Some(date) = reader.date("date", e.value.get("date").map(|d| &d.value)) {
                dates.push((e.key.clone(), date));
            }
        }
    }
    VersionSettings { tags, releases, dates }
}

/// `signoff: {required: [party ids], signers: path, signatures: optional|required, signed_by:
/// {party id: [signers]}}`, read strictly: an unknown key is reported with the closest one, and a
/// required party (or one that `signed_by` binds keys to) must be declared.
pub(super) fn signoff_settings(reader: &mut Reader, node: Option<&Node>, parties: &[Party]) -> SignoffSettings {
    let Some(node) = node.filter(|n| reader.mapping("signoff", n)) else { return SignoffSettings::default() };
    const KEYS: [&str; 4] = ["required", "signers", "signatures", "signed_by"];
    let l = reader.locale;
    for e in node.entries().iter().filter(|e| !KEYS.contains(&e.key.as_str())) {
        let hint = crate::base::diagnostic::closest(&e.key, KEYS)
            .map(|c| l.did_you_mean(c))
            .unwrap_or_else(|| l.msg(Index::SignoffHasRequiredSignersSignatures));
        let message = l.msg(Index::NotSettingSignoff { key: &e.key });
        reader.warning("unknown-field", e.key_span, message, Some(hint));
    }
    let mut required = Vec::new();
    for (i, item) in reader.list("required", node.get("required").map(|e| &e.value)).iter().enumerate() {
        let Some(id) = reader.text(&format!("signoff.required[{}]", i + 1), Some(item)) else { continue };
        if !parties.iter().any(|p| p.id == id) {
            let near = crate::base::diagnostic::closest(&id, parties.iter().map(|p| p.id.as_str()));
            let message = l.msg(Index::SignoffRequiredNotIdDeclared { id: &id });
            reader.error(item.span, message, near.map(|c| l.did_you_mean(c)).as_deref());
            if let Some(c) = near {
                reader.fix_last(&id, c);
            }
            continue;
        }
        required.push((id, item.span));
    }
    let signers_node = node.get("signers").map(|e| &e.value);
    let mut signers = reader.text("signers", signers_node);
    if let (Some(path), Some(n)) = (&signers, signers_node)
        && !crate::base::site::is_safe(path)
    {
        let message = l.msg(Index::SignersNotInsideProject { path: &path });
        let hint = l.msg(Index::WritePathInsideProjectSuch);
        reader.error(n.span, message, Some(&hint));
        signers = None;
    }
    let signatures_node = node.get("signatures").map(|e| &e.value);
    let signatures = match (reader.text("signatures", signatures_node), signatures_node) {
        (Some(word), Some(n)) => SignaturePolicy::parse(&word).unwrap_or_else(|| {
            let words = SignaturePolicy::WORDS;
            let hint = crate::base::diagnostic::closest(&word, words)
                .map(|c| l.did_you_mean(c))
                .unwrap_or_else(|| l.msg(Index::UseOptionalDefaultRequired));
            let message = l.msg(Index::SignoffSignaturesNotPolicy { word: &word });
            reader.error(n.span, message, Some(&hint));
            if let Some(c) = crate::base::diagnostic::closest(&word, words) {
                reader.fix_last(&word, c);
            }
            // Of the two, the one that claims less.
            SignaturePolicy::Required
        }),
        _ => SignaturePolicy::Optional,
    };
    let signed_by = signed_by(reader, node.get("signed_by").map(|e| &e.value), parties);
    SignoffSettings { required, signers, signatures, signed_by }
}

/// `signoff.signed_by: {party id: [signer, …]}`: each key a declared party (the closest one said
/// otherwise), each value a non-empty list of non-empty texts. A party whose list has a problem
/// is bound to the signers read from it (none, for a value that is not a list): of the two
/// readings, the one that claims less.
fn signed_by(reader: &mut Reader, node: Option<&Node>, parties: &[Party]) -> Vec<(String, Vec<String>)> {
    let Some(node) = node.filter(|n| !matches!(n.value, crate::base::yaml::Value::Null)) else { return Vec::new() };
    if !reader.mapping("signed_by", node) {
        return Vec::new();
    }
    let l = reader.locale;
    let mut out = Vec::new();
    for e in node.entries() {
        let name = format!("signoff.signed_by.{}", e.key);
        if !parties.iter().any(|p| p.id == e.key) {
            let near = crate::base::diagnostic::closest(&e.key, parties.iter().map(|p| p.id.as_str()));
            let message = l.msg(Index::SignoffSignedNotIdDeclared { key: &e.key });
            reader.error(e.key_span, message, near.map(|c| l.did_you_mean(c)).as_deref());
            if let Some(c) = near {
                reader.fix_last(&e.key, c);
            }
            continue;
        }
        let hint = l.msg(Index::WriteListSignersNamedSigners);
        let crate::base::yaml::Value::Seq(items) = &e.value.value else {
            let message = l.msg(Index::MustBeSignerList { name: &name, found: &e.value.value });
            reader.error(e.value.span, message, Some(&hint));
            out.push((e.key.clone(), Vec::new()));
            continue;
        };
        if items.is_empty() {
            let message = l.msg(Index::EmptyListNoApprovalParty { name: &name });
            reader.error(e.value.span, message, Some(&hint));
        }
        let mut signers = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_name = format!("{name}[{}]", i + 1);
            match reader.text(&item_name, Some(item)).filter(|s| !s.trim().is_empty()) {
                Some(signer) => signers.push(signer),
                None if matches!(item.value, crate::base::yaml::Value::Seq(_) | crate::base::yaml::Value::Map(_)) => {}
                None => {
                    let message = l.msg(Index::ItemEmpty { item_name: &item_name });
                    reader.error(item.span, message, Some(&hint));
                }
            }
        }
        out.push((e.key.clone(), signers));
    }
    out
}

/// `rules: {rule-id: error|warning|info|off}` and `rule_limits: {instructions, memory_mb, seconds}`.
pub fn rule_config(reader: &mut Reader, rules: Option<&Node>, limits: Option<&Node>) -> RuleConfig {
    let mut config = RuleConfig::default();
    if let Some(node) = rules.filter(|n| reader.mapping("rules", n)) {
        for e in node.entries() {
            let word = reader.text(&e.key, Some(&e.value)).unwrap_or_default();
            let severity = match word.as_str() {
                "off" => None,
                w => match Severity::parse(w) {
                    Some(s) => Some(s),
                    None => {
                        let l = reader.locale;
                        let hint = crate::base::diagnostic::closest(w, ["error", "warning", "info", "off"])
                            .map(|c| l.did_you_mean(c))
                            .unwrap_or_else(|| l.msg(Index::UseErrorWarningInfoOff));
                        let message = l.msg(Index::UnknownSeverity { key: &e.key, w: &w });
                        reader.error(e.value.span, message, Some(&hint));
                        continue;
                    }
                },
            };
            config.settings.push(RuleSetting { rule: e.key.clone(), severity, span: e.key_span });
        }
    }
    if let Some(node) = limits.filter(|n| reader.mapping("rule_limits", n)) {
        const LIMITS: [&str; 3] = ["instructions", "memory_mb", "seconds"];
        for e in node.entries().iter().filter(|e| !LIMITS.contains(&e.key.as_str())) {
            let l = reader.locale;
            let hint = crate::base::diagnostic::closest(&e.key, LIMITS)
                .map(|c| l.did_you_mean(c))
                .unwrap_or_else(|| l.msg(Index::LimitsInstructionsMemoryMbSeconds));
            let message = l.msg(Index::RuleLimitsHasNoSetting { key: &e.key });
            reader.error(e.key_span, message, Some(&hint));
        }
        let get = |k: &str| node.get(k).map(|e| &e.value);
        if let Some(n) = reader.int("instructions", get("instructions")) {
            config.instructions = n.max(1) as u64;
        }
        if let Some(n) = reader.int("memory_mb", get("memory_mb")) {
            config.memory_mb = n.max(1) as u64;
        }
        if let Some(n) = reader.int("seconds", get("seconds")) {
            config.seconds = n.clamp(1, 86_400) as u64;
        }
    }
    config
}

pub(super) fn party(reader: &mut Reader, i: usize, node: &Node) -> Option<Party> {
    let name = format!("parties[{}]", i + 1);
    if !reader.mapping(&name, node) {
        return None;
    }
    let get = |k: &str| node.get(k).map(|e| &e.value);
    let id = reader.text("id", get("id"));
    let display = reader.text("name", get("name"));
    let liaison = reader.text("liaison", get("liaison"));
    let role = reader.text("role", get("role"));
    let org = reader.text("org", get("org"));
    let Some(id) = id else {
        let l = reader.locale;
        reader.error(node.span, l.msg(Index::HasNoId { name: &name }), Some(&l.msg(Index::GiveEveryPartyShortStable)));
        return None;
    };
    Some(Party { name: display.unwrap_or_else(|| id.clone()), id, liaison, role, org })
}
