//! A matter's stage as a coloured badge.

use leptos::prelude::*;
use yishiting_domain::Stage;

#[component]
pub(crate) fn StageBadge(stage: Stage) -> impl IntoView {
    let class = match stage {
        Stage::Withdrawn | Stage::Rejected => "badge badge--closed",
        Stage::Deciding => "badge badge--deciding",
        Stage::Published => "badge badge--published",
        _ => "badge",
    };
    view! { <span class=class>{stage.chinese()}</span> }
}
