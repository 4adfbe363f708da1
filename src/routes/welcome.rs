//! First run: create the community, or load the demo one.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use yishiting_domain::NonResponse;

use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::{BACKUP_FORMAT, BACKUP_VERSION, Backup, Community, Store};

#[component]
pub fn Welcome() -> impl IntoView {
    let hall = use_hall();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let follow_majority = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let community_name = name.get_untracked().trim().to_owned();
        if community_name.is_empty() {
            problem.set(Some(t().community_name_empty.to_owned()));
            return;
        }
        let policy = if follow_majority.get_untracked() {
            NonResponse::FollowMajority
        } else {
            NonResponse::None
        };
        let community =
            Community { name: community_name, policy, created_at: crate::device::now() };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match hall.store().set_community(&community).await {
                Ok(()) => {
                    hall.community.set(Some(community));
                    navigate("/me", Default::default());
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let busy = RwSignal::new(false);
    let navigate_demo = use_navigate();
    let load_demo = move |_| {
        busy.set(true);
        let navigate = navigate_demo.clone();
        leptos::task::spawn_local(async move {
            match load_demo(hall).await {
                Ok(()) => navigate("/", Default::default()),
                Err(message) => problem.set(Some(message)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1 class="title">{t().welcome_title}</h1>
        <p>{t().welcome_text}</p>
        <section class="panel">
            <a class="button button--primary" href="/signin">{t().signin_title}</a>
            <p class="hint">{t().welcome_signin_hint}</p>
        </section>
        <section class="panel">
            <button type="button" class="button button--primary" disabled=move || busy.get() on:click=load_demo>{t().welcome_demo}</button>
            <p class="hint">{t().welcome_demo_hint}</p>
        </section>
        <form class="panel" on:submit=create novalidate>
            <h2 class="section">{t().welcome_create}</h2>
            <label class="field">
                <span>{t().community_name}</span>
                <input
                    type="text"
                    name="community"
                    placeholder=t().community_name_hint
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-invalid=move || problem.read().is_some().to_string()
                />
            </label>
            <fieldset class="field">
                <legend>{t().policy_label}</legend>
                <label class="choice">
                    <input type="radio" name="policy" prop:checked=move || !follow_majority.get() on:change=move |_| follow_majority.set(false) />
                    {t().policy_none}
                </label>
                <label class="choice">
                    <input type="radio" name="policy" prop:checked=move || follow_majority.get() on:change=move |_| follow_majority.set(true) />
                    {t().policy_follow}
                </label>
            </fieldset>
            <crate::components::problem::Problem message=problem />
            <button type="submit" class="button button--primary">{t().create}</button>
        </form>
    }
}

/// Replaces the device's data with the demo community, keeping the profile and settings.
pub(crate) async fn load_demo_community(hall: &crate::hall::Hall) -> Result<(), String> {
    let demo = yishiting_demo::community(crate::device::now());
    let backup = Backup {
        format: BACKUP_FORMAT.to_owned(),
        version: BACKUP_VERSION,
        community: Some(Community {
            name: demo.name,
            policy: demo.policy,
            created_at: crate::device::now(),
        }),
        profile: hall.profile.get_untracked(),
        settings: hall.settings.get_untracked(),
        records: demo.records,
    };
    hall.store().restore(&backup).await.map_err(|e| e.to_string())?;
    hall.reload().await.map_err(|e| e.to_string())
}

/// Loads the demo community. In the release build its code, its texts and the restore are a
/// chunk of their own, fetched when first needed (`crate::lazy`).
#[cfg(feature = "split")]
async fn load_demo(hall: crate::hall::Hall) -> Result<(), String> {
    use crate::lazy::load_demo;
    // Tried twice, as the lazy routes are (`crate::lazy`).
    let loading = match load_demo(hall).await {
        Ok(loading) => Ok(loading),
        Err(_) => load_demo(hall).await,
    };
    match loading {
        Ok(loading) => loading.await,
        Err(_) => Err(t().demo_failed.to_owned()),
    }
}

#[cfg(not(feature = "split"))]
async fn load_demo(hall: crate::hall::Hall) -> Result<(), String> {
    load_demo_community(&hall).await
}
