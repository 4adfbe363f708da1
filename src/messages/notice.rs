//! The words of a vote's result notice (公示), read only by the pages' chunk (the notice page,
//! the vote panel, the minutes), so they are not in the first load.

use super::catalogue;

catalogue! { Notice, ZH {
    notice_link: "公示页（可打印）",
    notice_missing: "这个议题还没有业主表决，或本机没有业主名册。",
    notice_needs_server: "暂时连不上小区服务器：公示要用服务器当前的计票，请联网后再打开本页。",
    notice_print: "打印公示",
    notice_heading: "业主共同决定表决结果公示",
    notice_matter: "表决事项：",
    notice_kind: "事项类别：",
    notice_period: "表决时间：",
    notice_share: "占比",
    notice_total: "全体业主",
    notice_shares_note: "参与表决的占比以全体业主为基数；赞成、反对、弃权的占比以参与表决的业主为基数。面积单位为平方米。",
    notice_deemed: "其中依业主大会议事规则视为参与表决的：",
    notice_not_sealed: "计票尚未封存：表决截止、业委会封存计票后，才能打印表决结果公示。",
    notice_sealed: "计票封存：",
    notice_sign: "业主委员会（盖章）",
}}

/// These words in the chosen language.
pub fn t() -> &'static Notice {
    &ZH
}
