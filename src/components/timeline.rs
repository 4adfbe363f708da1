//! Where a matter stands among the six steps, and who moved it when and why.

use leptos::prelude::*;
use yishiting_domain::{Stage, StageChange};

use crate::messages::t;

/// The six steps as a row, the current one marked.
#[component]
pub fn Steps(stage: Stage) -> impl IntoView {
    let reached = Stage::STEPS.iter().position(|s| *s == stage);
    view! {
        <ol class="steps" aria-label=t().steps_label>
            {Stage::STEPS
                .into_iter()
                .enumerate()
                .map(|(i, step)| {
                    let class = match reached {
                        Some(r) if i < r => "steps__step steps__step--done",
                        Some(r) if i == r => "steps__step steps__step--now",
                        _ => "steps__step",
                    };
                    let current = (Some(i) == reached).then_some("step");
                    view! { <li class=class aria-current=current>{step.chinese()}</li> }
                })
                .collect_view()}
        </ol>
        {matches!(stage, Stage::Withdrawn | Stage::Rejected).then(|| view! { <p class="closed">{t().matter_closed_as} {stage.chinese()}</p> })}
    }
}

#[component]
pub fn Timeline(history: Vec<StageChange>) -> impl IntoView {
    (!history.is_empty()).then(|| {
        view! {
            <section class="panel">
                <h2 class="section">{t().timeline}</h2>
                <ol class="timeline">
                    {history
                        .into_iter()
                        .rev()
                        .map(|h| {
                            view! {
                                <li>
                                    <span class="hint">{crate::clock::date_time(h.at)}</span>
                                    " "
                                    <span class="role">{h.by_role.badge()}</span>
                                    " " {h.by_name} "："
                                    {h.from.chinese()} " → " <strong>{h.to.chinese()}</strong>
                                    {h.reason.map(|r| view! { <p class="timeline__reason">{t().reason} "：" {r}</p> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
        }
    })
}
