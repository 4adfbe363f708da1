//! The words of the register page (业主名册), read only by the pages' chunk, so they are
//! not in the first load.

use super::catalogue;

catalogue! { RegisterWords, ZH {
    register_title: "业主名册",
    register_import: "导入 units.csv",
    register_format: "UTF-8 编码的 CSV，须有表头：unit_id（房号）、area（面积，最多两位小数）、owner_id（业主编号：同一业主的多套房、共有人、开发商未售房各用同一个编号）；可选 building、room、owner_name。",
    register_choose: "选择文件",
    register_units: "房屋",
    register_owners: "业主",
    register_area: "总面积",
    register_save: "保存名册（替换现有名册）",
    register_refused: "有错误，未导入任何数据",
    register_saved: "名册已保存",
    register_list: "房屋",
    register_search: "按房号或姓名查找",
    register_owner: "业主",
}}

/// These words in the chosen language.
pub fn t() -> &'static RegisterWords {
    &ZH
}
