//! The words of the door-to-door list (扫楼名单, `crate::routes::doors`): a table of their
//! own, read only by the pages' chunk, so they are not in the first load.

use super::catalogue;

catalogue! { Doors, ZH {
    link: "扫楼名单（未表决业主）",
    heading: "扫楼名单：尚未表决的业主",
    print: "打印名单",
    owners: "业主共 ",
    voted: " 人，已表决 ",
    waiting: " 人；待上门 ",
    undelivered: " 户，其中表决票未送达 ",
    households: " 户",
    as_of: "名单截至：",
    as_of_sync: "（本机最后一次同步；之后在本机登记的选票已计入）",
    all_voted: "所有业主都已表决，不用再上门。",
    building: " 栋",
    no_building: "未注明楼栋",
    floor: " 层",
    other_floor: "其他（房号看不出楼层）",
    room: "房号",
    owner: "业主",
    delivery: "表决票",
    delivered: "已送达",
    not_delivered: "未送达",
    visited: "上门记录",
    method_label: "送达方式",
    method_slip: "张贴或投递送达单",
    method_in_person: "当面送达（本人签收）",
    method_wechat: "微信送达",
    method_registered_mail: "挂号信",
    method_signed_in: "通知期内本人登录议事厅",
    method_other: "其他方式",
    not_for_role: "扫楼名单只给能看到全部选票的业委会、计票人、监票人、党支部和社区工作人员。",
    meeting_link: "扫楼名单（未签到业主）",
    meeting_heading: "扫楼名单：尚未签到的业主",
    meeting_label: "会议：",
    meeting_as_of_sync: "（本机最后一次同步；之后在本机登记的签到已计入）",
    signed: " 人，已签到 ",
    meeting_all_done: "所有业主都已签到，不用再上门。",
    meeting_not_for_role: "签到的扫楼名单只给业委会和计票人、监票人。",
}}

/// The door-to-door list's words in the chosen language.
pub fn t() -> &'static Doors {
    &ZH
}
