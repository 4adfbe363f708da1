//! The words of the administrator's page and the account panel, read only by the pages'
//! chunk, so they are not in the first load.

use super::catalogue;

catalogue! { AdminWords, ZH {
    admin_not_in_app: "管理员账号用于管理账号和登录码，不能在议事厅里发言或投票",
    admin_title: "管理账号和登录码",
    admin_signin_first: "管理员请先用管理员登录码登录。",
    admin_online_only: "本页只在联网时使用，登录码不保存在本机；关闭或刷新页面后需重新登录。",
    admin_sign_out: "退出管理",
    admin_expired: "管理员登录已失效，请重新登录",
    admin_role_admin: "管理员",
    admin_issued: "新登录码：",
    admin_issued_once: "登录码只显示这一次：请打印或抄写后交给本人。",
    admin_issued_replaced: "旧的登录码已作废，用旧码登录的设备需重新登录。",
    admin_print: "打印登录条",
    admin_issued_done: "已交给本人",
    admin_new_account: "新建账号",
    admin_account_name: "名称",
    admin_account_name_hint: "例如：业委会 王主任",
    admin_name_invalid: "名称须为 1–40 个字",
    admin_create: "新建并生成登录码",
    admin_unit_code: "补发一户一码",
    admin_unit_code_hint: "业主的登录条丢了或被别人拿到：补发新码，旧码和已登录的设备随即失效。",
    admin_unit_empty: "请填写房号",
    admin_reissue: "补发登录码",
    admin_reissue_confirm: "：补发后旧登录码作废，已登录的设备需用新码重新登录。确定吗？",
    admin_revoke: "全部退出登录",
    admin_revoke_confirm: "：让这个账号在所有设备上退出登录（登录码不变）。确定吗？",
    admin_revoked_before: "：已让 ",
    admin_revoked_after: " 个登录退出",
    admin_accounts: "各方账号",
    admin_accounts_hint: "业委会、物业、党支部、社区、计票人和非业主居民的账号；业主用一户一码，补发见上。",
}}

/// These words in the chosen language.
pub fn t() -> &'static AdminWords {
    &ZH
}
