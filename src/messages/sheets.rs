//! The words of paper ballot sheets (纸质表决票, `crate::routes::sheets`): printing them,
//! entering each twice, settling mismatches. A table of its own, read only by the pages'
//! chunk, so it is not in the first load.

use super::catalogue;

catalogue! { Sheets, ZH {
    link: "纸质表决票：打印与双人录入",
    heading: "纸质表决票",
    rule: "每位业主一张编号表决票。收回后每张票须由两个不同的人分别录入；两遍一致才计票，不一致的由第三人对照纸质票核定。",
    entered_once: "已录入第一遍，等待另一人录入第二遍",
    mismatch: "两遍录入不一致，待第三人对照纸质票核定",
    entered_waiting: "已录入，待同步后由服务器核对两遍录入",
    summary_counted: "已录完 ",
    summary_once: " 张；待第二遍录入 ",
    summary_mismatch: " 张；待核定 ",
    summary_sheets: " 张",
    enter_title: "录入一张表决票",
    number: "票号（8 位数字）",
    unit: "房号（票面所写）",
    choice: "表决意见（票面所勾）",
    entered_by: "录入人",
    first_entry: "第一遍",
    second_entry: "第二遍",
    settle: "按纸质票核定",
    mismatches_title: "待核定（两遍录入不一致）",
    once_title: "待第二遍录入",
    none_waiting: "没有待录入或待核定的表决票。",
    yours: "（您已录入过，第二遍须由他人录入）",
    yours_settle: "（您录入过这张票，须由未录入过的第三人核定）",
    print_link: "打印全部表决票（每户一页 A4）",
    print: "打印",
    sheet_title: "业主表决票",
    sheet_number: "票号",
    sheet_owner: "业主",
    sheet_owner_units: "房屋及面积",
    sheet_kind: "事项类别：",
    sheet_return: "请于表决截止前将本票交回业委会或投入小区表决票箱；每位业主一张，复印无效。",
    sheet_matter: "表决事项",
    sheet_mark: "请在所选意见前的方框内打 √，只选一项，并签名。",
    sheet_sign: "业主（或受托人）签名：",
    sheet_date: "日期：",
    sheet_deadline: "表决截止：",
    seal_waiting_before: "还有 ",
    seal_waiting_after: " 张纸质表决票没有录完（待第二遍录入或待核定）：封存后将不能再计入。",
    not_for_role: "只有业委会和计票人可以录入纸质表决票。",
    square_metres: " 平方米",
}}

/// The paper sheets' words in the chosen language.
pub fn t() -> &'static Sheets {
    &ZH
}
