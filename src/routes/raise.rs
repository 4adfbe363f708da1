//! Raising a matter: title, category and text, checked by the domain's rules before saving.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use yishiting_domain::ProposalDraft;
use yishiting_domain::mutation::{Field, Mutation, Rejection};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::t;

/// Categories offered when raising a matter.
pub const CATEGORIES: [&str; 7] =
    ["停车", "环境卫生", "设施维修", "安全", "物业服务", "财务公开", "其他"];

#[component]
pub fn RaisePage() -> impl IntoView {
    let hall = use_hall();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let category = RwSignal::new(CATEGORIES[0].to_owned());
    let problems = RwSignal::new(Vec::<Rejection>::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ProposalDraft {
            title: title.get_untracked(),
            body: body.get_untracked(),
            category: category.get_untracked(),
        };
        let found = draft.problems();
        let refused = !found.is_empty();
        problems.set(found);
        if refused {
            return;
        }
        busy.set(true);
        let id = crate::device::new_id();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = hall.apply(Mutation::RaiseProposal { id, draft }).await;
            busy.set(false);
            match result {
                Ok(_) => navigate(&format!("/m/{id}"), Default::default()),
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    // A field is marked by what its problems are about, not by their words.
    let invalid = move |field: Field| {
        move || problems.read().iter().any(|p| p.field() == Some(field)).to_string()
    };
    view! {
        <form class="panel" on:submit=submit novalidate>
            <h1 class="title">{t().raise_title}</h1>
            <p class="hint">{t().raise_hint}</p>
            <label class="field">
                <span>{t().raise_field_title}</span>
                <input type="text" name="title" maxlength="60" placeholder=t().raise_title_hint aria-invalid=invalid(Field::Title)
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t().raise_field_category}</span>
                <select name="category" on:change=move |ev| category.set(event_target_value(&ev))>
                    {CATEGORIES.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{t().raise_field_body}</span>
                <textarea name="body" placeholder=t().raise_body_hint aria-invalid=invalid(Field::Body)
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev)) />
            </label>
            <ul class="problems" role="alert">
                {move || problems.get().into_iter().map(|p| view! { <li class="error">{p.to_string()}</li> }).collect_view()}
            </ul>
            <Problem message=problem />
            <button type="submit" class="button button--primary" disabled=move || busy.get()>{t().raise_submit}</button>
        </form>
    }
}
