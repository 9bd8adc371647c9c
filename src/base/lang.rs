//! Words of the site's interface and numbering (第3条, 第一章 / Article 3, Chapter 1), in the
//! agreement's language. Below every stage: the model, the checks, the changelog and the pages
//! all name clauses the same way. (Messages are `crate::base::catalog`.)

use std::collections::BTreeMap;

/// UI words and numbering styles for one language.
#[derive(Debug, Clone, Copy)]
pub struct Lang {
    chinese: bool,
}

const ZH: &[(&str, &str)] = &[
    ("contents", "目录"),
    ("preamble", "前言"),
    ("parties", "协议各方"),
    ("party", "协议方"),
    ("liaison", "联系人"),
    ("role", "职责"),
    ("effective", "生效日期"),
    ("owner", "负责方"),
    ("duties", "职责事项"),
    ("duty", "事项"),
    ("due", "期限"),
    ("cadence", "频率"),
    ("revised", "最近修订"),
    ("review_by", "复审日期"),
    ("status", "状态"),
    ("status_draft", "草案"),
    ("status_active", "生效"),
    ("status_retired", "已废止"),
    ("references", "引用条款"),
    ("referenced_by", "被以下条款引用"),
    ("budget", "预算分摊"),
    ("share", "比例"),
    ("tags", "标签"),
    ("print", "打印全文"),
    ("print_title", "协议全文"),
    ("findings", "检查结果"),
    ("no_findings", "没有需要注意的问题。"),
    ("overdue", "复审已逾期"),
    ("owned_clauses", "负责的条款"),
    ("owned_duties", "承担的职责事项"),
    ("clause", "条款"),
    ("prev", "上一条"),
    ("next", "下一条"),
    ("home", "首页"),
    ("none", "无"),
    ("unassigned", "未指定"),
    ("general", "总则"),
    ("as_of", "检查日期"),
    ("severity_error", "错误"),
    ("severity_warning", "警告"),
    ("severity_info", "提示"),
    ("hint", "建议"),
    ("clauses_count", "条"),
    ("duties_count", "项职责"),
    ("skip", "跳到正文"),
    ("generated", "由 clausebook 生成"),
    ("seal", "（盖章）"),
    ("search", "搜索"),
    ("search_placeholder", "搜索条款"),
    ("search_none", "没有找到包含这些词的条款。"),
    ("search_count", "条结果"),
    ("search_at_most", "最多"),
    ("gone", "本版本中没有此页"),
    ("gone_hint", "以前的版本有这一条款（或这一方），本版本中已删除或改名。"),
    ("gone_history", "查看这一条款在各版本中的文本"),
    ("search_loading", "正在搜索……"),
    ("search_failed", "搜索索引未能加载：请确认站点的 search 文件夹完整。"),
    ("search_more", "显示更多结果"),
    ("search_hint", "输入词语即可搜索；多个词用空格分开。用 ↑ ↓ 选择，回车打开。"),
    ("calendar", "日历（复审、到期与例行义务）"),
    ("data", "数据（JSON）"),
    ("not_found", "找不到此页面"),
    ("not_found_hint", "链接可能已失效。请从目录查找："),
    ("changes", "修订记录"),
    ("version", "版本"),
    ("all_versions", "全部版本"),
    ("draft_note", "草稿"),
    ("banner_draft", "你正在查看的是草稿（尚未发布）。"),
    ("banner_old_before", "你正在查看的是旧版本 "),
    ("banner_old_after", "，"),
    ("banner_current", "当前版本为 "),
    ("compare_versions", "比较各版本"),
    ("compare_from", "从"),
    ("compare_to", "到"),
    ("one_version", "此条款只有一个版本。"),
    ("first_version", "这是第一个版本。"),
    ("compared_with", "与上一版本比较："),
    ("added", "新增条款"),
    ("removed", "删除条款"),
    ("changed", "修改的条款"),
    ("renumbered", "编号变化"),
    ("no_changes", "与上一版本相同。"),
    ("read_current", "阅读当前版本"),
    ("current", "当前版本"),
    ("suppressed", "已豁免的检查"),
    ("suppressed_one", "已豁免"),
    ("reason", "理由"),
    ("rules", "检查规则"),
    ("rule", "规则"),
    ("severity", "级别"),
    ("rule_description", "要求"),
    ("rule_off", "已关闭"),
    ("representative", "代表签字"),
    ("date", "日期"),
    ("edition_version", "版本"),
    ("edition_latest", "现行版本"),
    ("edition_old", "旧版本，现行版本为 {latest}"),
    ("edition_draft", "草稿：尚未发布，未经签署"),
    ("edition_draft_approved_both", "草稿：尚未发布 · 已由双方批准此文本"),
    ("edition_draft_approved", "草稿：尚未发布 · 已由各方批准此文本"),
    ("edition_working", "工作区文本（未标明版本）"),
    ("edition_printed", "生成于"),
    ("edition_draft_name", "草稿"),
    ("watermark_draft", "草稿"),
    ("watermark_old", "旧版本"),
    ("end_of_text", "（以下无正文）"),
    ("signatures", "签署"),
    ("pdf_link", "打印版（PDF）"),
    ("changes_pdf_link", "修订对照（PDF）"),
    ("colon", "："),
    ("list_sep", "、"),
    ("lparen", "（"),
    ("rparen", "）"),
    ("duty_count_one", "项职责"),
    ("clause_count_one", "条"),
    ("search_count_one", "条结果"),
    ("field_changes", "条款信息的变化"),
    ("no_field_changes", "负责方、职责、日期等条款信息没有变化"),
    ("text_changes", "正文的变化"),
    ("terms", "术语"),
    ("terms_intro", "协议中定义的用语。正文中每处使用都链接到它的定义，鼠标停留可看到定义。"),
    ("term", "用语"),
    ("term_definition", "定义"),
    ("term_where", "定义于"),
    ("term_uses", "使用次数"),
    ("term_none", "协议中没有定义的用语"),
    ("upcoming", "近期事项"),
    ("upcoming_intro", "自 {today} 起 90 天内的例行义务、截止日期、到期职责与复审，按日期排列。"),
    ("upcoming_overdue", "已逾期"),
    ("upcoming_was_due", "应于 {date}"),
    ("upcoming_none", "未来 90 天没有事项"),
    ("upcoming_all", "查看全部近期事项"),
    ("upcoming_more", "另有 {n} 项未在此列出（每部分最多列 2000 项），日历中有全部事项："),
    ("upcoming_filter", "协议方"),
    ("upcoming_everyone", "全部"),
    ("upcoming_today", "今天"),
    ("next_obligations", "近期义务"),
    ("kind_obligation", "例行"),
    ("kind_deadline", "截止"),
    ("kind_due", "到期"),
    ("kind_review", "复审"),
    ("signoff", "签署情况"),
    ("signoff_complete_both", "已由双方签署"),
    ("signoff_complete", "已由各方签署"),
    ("signoff_incomplete", "尚未由各方签署此文本"),
    ("signoff_approved", "已批准此文本"),
    ("signoff_stale", "批准后文本已修改"),
    ("signoff_missing", "未批准"),
    ("signoff_void", "批准不计入（签名未通过）"),
    ("signoff_party", "协议方"),
    ("signoff_state", "状态"),
    ("signoff_by", "批准人"),
    ("signoff_signature", "签名"),
    ("signoff_digest", "文本摘要"),
    ("signoff_changed", "处改动"),
    ("signoff_none", "尚无批准记录"),
    ("signoff_stale_note", "{party} 于 {date} 批准的文本在此处已修改，需重新批准"),
    ("sig_verified", "已签名，签名已验证"),
    ("sig_unverified", "已签名，签名无法验证"),
    ("sig_bad", "签名无效"),
    ("sig_unsigned", "未签名（仅为记录）"),
    ("sig_uncommitted", "未提交"),
    ("sig_altered", "签名后被改动"),
    ("sig_unbound", "；签名者不在 signed_by 为此方列出的名单中"),
];

const EN: &[(&str, &str)] = &[
    ("contents", "Contents"),
    ("preamble", "Preamble"),
    ("parties", "Parties"),
    ("party", "Party"),
    ("liaison", "Liaison"),
    ("role", "Role"),
    ("effective", "Effective"),
    ("owner", "Owner"),
    ("duties", "Duties"),
    ("duty", "Duty"),
    ("due", "Due"),
    ("cadence", "Cadence"),
    ("revised", "Last revised"),
    ("review_by", "Review by"),
    ("status", "Status"),
    ("status_draft", "Draft"),
    ("status_active", "Active"),
    ("status_retired", "Retired"),
    ("references", "References"),
    ("referenced_by", "Referenced by"),
    ("budget", "Budget split"),
    ("share", "Share"),
    ("tags", "Tags"),
    ("print", "Print the agreement"),
    ("print_title", "Full text"),
    ("findings", "Findings"),
    ("no_findings", "Nothing needs attention."),
    ("overdue", "Review overdue"),
    ("owned_clauses", "Clauses owned"),
    ("owned_duties", "Duties"),
    ("clause", "Clause"),
    ("prev", "Previous"),
    ("next", "Next"),
    ("home", "Home"),
    ("none", "None"),
    ("unassigned", "Unassigned"),
    ("general", "General"),
    ("as_of", "Checked on"),
    ("severity_error", "Error"),
    ("severity_warning", "Warning"),
    ("severity_info", "Info"),
    ("hint", "Hint"),
    ("clauses_count", "clauses"),
    ("duties_count", "duties"),
    ("skip", "Skip to content"),
    ("generated", "Generated by clausebook"),
    ("seal", "(Seal)"),
    ("search", "Search"),
    ("search_placeholder", "Search the clauses"),
    ("search_none", "No clause contains these words."),
    ("search_count", "results"),
    ("search_at_most", "up to"),
    ("gone", "Not in this version"),
    ("gone_hint", "An earlier version has this clause (or party); this version removed or renamed it."),
    ("gone_history", "See this clause in every version"),
    ("search_loading", "Searching…"),
    ("search_failed", "The search index did not load: check that the site's search folder is complete."),
    ("search_more", "Show more results"),
    ("search_hint", "Type words to search; separate several with spaces. Use ↑ ↓ to choose and Enter to open."),
    ("calendar", "Calendar (reviews, due dates, recurring obligations)"),
    ("data", "Data (JSON)"),
    ("not_found", "Page not found"),
    ("not_found_hint", "The link may be out of date. Find the clause from the"),
    ("changes", "Changes"),
    ("version", "Version"),
    ("all_versions", "All versions"),
    ("draft_note", "draft"),
    ("banner_draft", "You are reading the draft (not released). "),
    ("banner_old_before", "You are reading the old version "),
    ("banner_old_after", ". "),
    ("banner_current", "The current version is"),
    ("compare_versions", "Compare versions"),
    ("compare_from", "From"),
    ("compare_to", "to"),
    ("one_version", "This clause has one version only."),
    ("first_version", "This is the first version."),
    ("compared_with", "Compared with the previous version:"),
    ("added", "Clauses added"),
    ("removed", "Clauses removed"),
    ("changed", "Clauses changed"),
    ("renumbered", "Renumbered"),
    ("no_changes", "Same as the previous version."),
    ("read_current", "Read the current version"),
    ("current", "current"),
    ("suppressed", "Suppressed findings"),
    ("suppressed_one", "Suppressed"),
    ("reason", "Reason"),
    ("rules", "Rules"),
    ("rule", "Rule"),
    ("severity", "Severity"),
    ("rule_description", "Requirement"),
    ("rule_off", "Off"),
    ("representative", "Signed for the party"),
    ("date", "Date"),
    ("edition_version", "Version"),
    ("edition_latest", "the version in force"),
    ("edition_old", "an old version; the version in force is {latest}"),
    ("edition_draft", "DRAFT: not released, not signed"),
    ("edition_draft_approved_both", "DRAFT: not released · this text is approved by both parties"),
    ("edition_draft_approved", "DRAFT: not released · this text is approved by every party"),
    ("edition_working", "working text (no version)"),
    ("edition_printed", "made on"),
    ("edition_draft_name", "draft"),
    ("watermark_draft", "DRAFT"),
    ("watermark_old", "SUPERSEDED"),
    ("end_of_text", "[The remainder of this page is intentionally left blank.]"),
    ("signatures", "Signatures"),
    ("pdf_link", "Printable copy (PDF)"),
    ("changes_pdf_link", "Redline (PDF)"),
    ("colon", ": "),
    ("list_sep", ", "),
    ("lparen", " ("),
    ("rparen", ")"),
    ("duty_count_one", "duty"),
    ("clause_count_one", "clause"),
    ("search_count_one", "result"),
    ("field_changes", "Changes to the clause's details"),
    ("no_field_changes", "The owner, duties, dates and other details did not change"),
    ("text_changes", "Changes to the text"),
    ("terms", "Terms"),
    ("terms_intro", "The terms the agreement defines. Every use in the text links to its definition, shown on hover."),
    ("term", "Term"),
    ("term_definition", "Definition"),
    ("term_where", "Defined in"),
    ("term_uses", "Uses"),
    ("term_none", "The agreement defines no terms"),
    ("upcoming", "Upcoming"),
    (
        "upcoming_intro",
        "Recurring obligations, deadlines, due duties and reviews in the 90 days from {today}, by date.",
    ),
    ("upcoming_overdue", "Overdue"),
    ("upcoming_was_due", "due {date}"),
    ("upcoming_none", "Nothing in the next 90 days"),
    ("upcoming_all", "All upcoming items"),
    ("upcoming_more", "{n} more items are not listed here (at most 2,000 of each part); the calendar has them all:"),
    ("upcoming_filter", "Party"),
    ("upcoming_everyone", "All"),
    ("upcoming_today", "Today"),
    ("next_obligations", "Next obligations"),
    ("kind_obligation", "Recurring"),
    ("kind_deadline", "Deadline"),
    ("kind_due", "Due"),
    ("kind_review", "Review"),
    ("signoff", "Sign-off"),
    ("signoff_complete_both", "Signed off by both parties"),
    ("signoff_complete", "Signed off by every party"),
    ("signoff_incomplete", "Not yet signed off by every party"),
    ("signoff_approved", "Approved this text"),
    ("signoff_stale", "Text changed since approval"),
    ("signoff_missing", "Not approved"),
    ("signoff_void", "Approval does not count (signature)"),
    ("signoff_party", "Party"),
    ("signoff_state", "State"),
    ("signoff_by", "Approved by"),
    ("signoff_signature", "Signature"),
    ("signoff_digest", "Text digest"),
    ("signoff_changed", "changes"),
    ("signoff_none", "No approvals recorded"),
    ("signoff_stale_note", "The text {party} approved on {date} has changed here and needs approving again"),
    ("sig_verified", "Signed; signature verified"),
    ("sig_unverified", "Signed; signature cannot be verified"),
    ("sig_bad", "Bad signature"),
    ("sig_unsigned", "Not signed (a record only)"),
    ("sig_uncommitted", "Not committed"),
    ("sig_altered", "Changed after signing"),
    ("sig_unbound", "; the signer is not listed for this party in signed_by"),
];

impl Lang {
    /// The language of `tag` (`zh-CN`, `zh`, `en`, …); anything not Chinese is English.
    pub fn new(tag: &str) -> Self {
        Lang { chinese: tag.to_ascii_lowercase().starts_with("zh") }
    }

    /// All UI words, for templates (`{{ t.owner }}`).
    pub fn words(self) -> BTreeMap<&'static str, &'static str> {
        (if self.chinese { ZH } else { EN }).iter().copied().collect()
    }

    /// The short name of a weekday (`周三` / `Wed`).
    pub fn weekday(self, w: chrono::Weekday) -> &'static str {
        let i = w.num_days_from_monday() as usize;
        if self.chinese {
            ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i]
        } else {
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i]
        }
    }

    /// `第3条` / `Article 3`.
    pub fn clause_label(self, n: usize) -> String {
        if self.chinese { format!("第{n}条") } else { format!("Article {n}") }
    }

    /// `第三章` / `Chapter 3`.
    pub fn chapter_label(self, n: usize) -> String {
        if self.chinese { format!("第{}章", chinese_numeral(n)) } else { format!("Chapter {n}") }
    }
}

/// Writes `n` in Chinese numerals (`12` → 十二, `105` → 一百零五); digits past 9999.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = digits.len() - 1 - i;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push_str(DIGITS[0]);
        }
        zero = false;
        if !(d == 1 && unit == 1 && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(UNITS[unit]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_numeral(n), s, "{n}");
        }
        assert_eq!(Lang::new("zh-CN").chapter_label(3), "第三章");
        assert_eq!(Lang::new("en").clause_label(3), "Article 3");
    }
}
