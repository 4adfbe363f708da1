//! The message catalogue: every string the screens show, so that English can follow Chinese.

/// The texts of one language.
#[derive(Debug)]
pub(crate) struct Messages {
    pub(crate) hall_name: &'static str,
    pub(crate) hall_tagline: &'static str,
    pub(crate) online: &'static str,
    pub(crate) offline: &'static str,
    pub(crate) matters_heading: &'static str,
    pub(crate) comments: &'static str,
    pub(crate) not_found: &'static str,
    pub(crate) back_to_hall: &'static str,
}

pub(crate) const ZH: Messages = Messages {
    hall_name: "百姓议事厅",
    hall_tagline: "大家的事大家议",
    online: "在线",
    offline: "离线",
    matters_heading: "议题",
    comments: "条发言",
    not_found: "没有找到这个页面",
    back_to_hall: "回到议事厅",
};

/// The catalogue in use. Chinese only for now.
pub(crate) fn t() -> &'static Messages {
    &ZH
}
