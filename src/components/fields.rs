//! Form fields the meeting screens share: a labelled text (or date and time) input, and tick
//! boxes choosing votes.

use leptos::prelude::*;
use yishiting_domain::EntityId;

/// A labelled input bound to `value`; `kind` is its HTML type.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type=kind name=name prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

/// Tick boxes, one a vote (its matter's title), adding to and taking from `ticked`.
#[component]
pub fn VoteTicks(
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    name: &'static str,
    choices: Vec<(EntityId, String)>,
    ticked: RwSignal<Vec<EntityId>>,
) -> impl IntoView {
    let boxes = choices.into_iter().map(|(vote, title)| {
        let toggle = move |ev| {
            let on = event_target_checked(&ev);
            ticked.update(|t| {
                t.retain(|v| *v != vote);
                if on {
                    t.push(vote);
                }
            });
        };
        view! {
            <label class="choice">
                <input type="checkbox" name=name prop:checked=move || ticked.with(|t| t.contains(&vote)) on:change=toggle />
                {title}
            </label>
        }
    });
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {boxes.collect_view()}
        </fieldset>
    }
}
