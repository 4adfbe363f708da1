//! The hall: the community's matters. A placeholder list until the store arrives.

use leptos::prelude::*;
use yishiting_domain::Stage;

use crate::components::stage_badge::StageBadge;
use crate::messages::t;

/// Matters from the reports this product grew from, shown until real data is stored.
const PLACEHOLDER: [(&str, Stage, u32); 4] = [
    ("小区停车“两停三不停”公约", Stage::Deliberating, 42),
    ("阳台花盆坠落隐患，统一加装护栏", Stage::Collecting, 17),
    ("使用维修资金大修 41 部电梯", Stage::Deciding, 63),
    ("电动车棚选址：3 号楼北侧还是东门", Stage::Proposed, 28),
];

#[component]
pub(crate) fn Hall() -> impl IntoView {
    view! {
        <p class="tagline">{t().hall_tagline}</p>
        <h2 class="section">{t().matters_heading}</h2>
        <ul class="matters">
            {PLACEHOLDER
                .into_iter()
                .map(|(title, stage, comments)| {
                    view! {
                        <li class="matter">
                            <StageBadge stage />
                            <span class="matter__title">{title}</span>
                            <span class="matter__meta">{comments} " " {t().comments}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
