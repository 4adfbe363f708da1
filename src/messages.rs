//! The message catalogue: every string the screens show. One table per language; Chinese
//! is the only one so far, and English can follow as a second `Messages` value.

macro_rules! catalogue {
    ($($name:ident: $zh:literal,)*) => {
        /// The texts of one language.
        #[derive(Debug)]
        pub struct Messages {
            $(pub $name: &'static str,)*
        }

        pub const ZH: Messages = Messages {
            $($name: $zh,)*
        };
    };
}

catalogue! {
    hall_name: "百姓议事厅",
    hall_tagline: "大家的事大家议",
    online: "在线",
    offline: "离线",
    saved_on_device: "已保存在本机",
    loading: "正在打开…",
    store_failed: "本机存储无法打开。请确认浏览器没有开启无痕模式，然后刷新页面。",
    not_found: "没有找到这个页面",
    back_to_hall: "回到议事厅",
    nav_hall: "议事厅",
    nav_raise: "提议题",
    nav_me: "我的",

    welcome_title: "欢迎使用百姓议事厅",
    welcome_text: "居民、业主、业委会、物业、党支部和社区在这里一起提出问题、商量办法、表决定事。数据保存在本机，没有网络也能用。",
    welcome_demo: "试用示例小区",
    welcome_demo_hint: "约 600 户的示例小区，有停车、电梯、消防管网等真实议题",
    welcome_create: "创建我们的小区",
    community_name: "小区名称",
    community_name_hint: "例如：南方上格林",
    community_name_empty: "请填写小区名称",
    policy_label: "未表决业主的处理（依业主大会议事规则）",
    policy_none: "只计实际投票",
    policy_follow: "已送达未表决的，视为同意多数",
    create: "创建",

    profile_title: "我是谁",
    profile_text: "在本机发言、投票时使用。开通账号后改为凭户码登录。",
    profile_name: "称呼",
    profile_name_hint: "例如：3 栋王阿姨",
    profile_name_empty: "请填写称呼",
    profile_role: "身份",
    profile_unit: "我的房号（业主投票用）",
    profile_unit_hint: "例如：3-2-1502",
    profile_unit_unknown: "房号不在业主名册中",
    profile_unit_empty: "业主请填写自己的房号",
    save: "保存",
    saved: "已保存",
    need_profile: "请先在“我的”里填写称呼和身份",

    search_label: "搜索议题",
    search_hint: "输入关键词，如：停车",
    all_stages: "全部",
    no_matters: "还没有议题。有什么想法，点“提议题”说出来。",
    no_match: "没有符合条件的议题",
    comments: "条发言",
    voting: "表决中",
    vote_closed: "表决已截止",
    ballots: "票",
    more: "再显示 30 条",
    shown_of: "已显示",

    settings_title: "显示",
    large_type: "大字模式（适老化）",
    large_type_hint: "更大的字和按钮，更高的对比度。",
    backup_title: "备份与重置",
    backup_hint: "备份文件包含本机的全部议题、发言和表决记录，可在另一台手机上导入。",
    backup_export: "导出备份",
    backup_import: "导入备份",
    backup_restored: "已从备份恢复",
    reset: "清空本机数据",
    reset_confirm: "确定清空本机的全部数据吗？此操作不能撤销。建议先导出备份。",

    matter_missing: "没有找到这个议题，可能已被清空或来自其他设备。",
    steps_label: "六步工作法进度",
    matter_closed_as: "此议题",
    timeline: "进程记录",
    reason: "理由",
    actions_label: "议题操作",
    advance_to: "推进到",
    withdraw: "撤回",
    reject: "不予采纳",
    withdraw_reason: "撤回理由（将公开显示）",
    reject_reason: "不予采纳的理由（将公开显示）",
    confirm: "确认",
    cancel: "取消",
    discussion: "议事发言",
    reply: "回复",
    more_comments: "显示更多发言",
    replying_to: "回复",
    speak: "我要发言",
    speak_hint: "说说您的看法",
    send: "发表",

    raise_title: "提出议题",
    raise_hint: "任何居民都可以提出问题或建议，业委会和党支部会跟进。",
    raise_field_title: "标题",
    raise_title_hint: "一句话说清楚，例如：3 号楼电动车棚选址",
    raise_field_category: "类别",
    raise_field_body: "具体内容",
    raise_body_hint: "发生了什么、在哪里、您的建议",
    raise_submit: "提交议题",

    owners_vote: "业主共同决定",
    art_278: "民法典第二百七十八条",
    vote_not_started: "尚未开始",
    vote_open: "表决中",
    vote_ended: "已截止",
    no_register: "还没有导入业主名册，无法计票。请在“我的 → 业主名册”导入 units.csv。",
    participation: "参与表决",
    line_two_thirds: "面积和人数都须达到 2/3",
    line_half: "面积和人数都须超过 1/2",
    line_three_quarters: "面积和人数都须达到 3/4",
    by_area: "按面积",
    by_owners: "按人数",
    people: "人",
    yes: "赞成",
    no: "反对",
    abstain: "弃权",
    area_m2: "面积（㎡）",
    deemed: "其中视为",
    line_met: "已达到",
    line_not_met: "未达到",
    verdict_passed: "表决结果：通过",
    verdict_failed: "表决结果：未通过",
    verdict_passing_now: "按目前票数：可以通过",
    verdict_not_yet: "按目前票数：尚不能通过",
    duplicates: "重复投票（未计入）",
    duplicate_of: "该业主已通过",
    notice_link: "公示页（可打印）",
    cannot_vote: "只有业主可以投票；计票人可录入现场票，业委会可录入纸质票。",
    you_voted: "您已投票：",
    counted: "已计入",
    unit_needed: "请填写有效的房号",
    cast_own: "我的表决",
    cast_record: "录入选票",
    ballot_unit: "房号",
    sheet_number: "纸质表决票票号",
    open_vote: "发起业主表决",
    matter_number: "表决事项（民法典第二百七十八条）",
    quorum_rule: "参与表决须达到专有部分面积和业主人数的 2/3 以上",
    vote_days: "表决期限",
    days: "天",

    poll: "意见征询",
    poll_hint: "一人一票，不具法律效力，所有居民都可参加",
    people_answered: "人已参加",
    poll_answered: "您已参加这次征询，谢谢！",
    poll_pick_one: "请选择一项",
    poll_pick_some: "可选择多项",
    poll_submit: "提交意见",
    poll_new: "发起意见征询",
    poll_question: "征询的问题",
    poll_kind: "方式",
    poll_kind_yna: "赞成 / 反对 / 弃权",
    poll_kind_single: "单选",
    poll_kind_multiple: "多选",
    poll_options: "选项（每行一个）",

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
    me_register: "业主名册",
}

/// "第 3 张", for a ballot's place in the count.
pub fn nth(seq: u64) -> String {
    format!("第 {seq} 张")
}

/// The catalogue in use.
pub fn t() -> &'static Messages {
    &ZH
}
