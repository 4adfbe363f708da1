//! "我的": who uses this device, large type, backup and reset.

use leptos::prelude::*;
use yishiting_domain::{Role, UnitId};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::{Backup, Profile, Settings, Store};

#[component]
pub fn MePage() -> impl IntoView {
    let admin = crate::sync::use_admin();
    let connection = crate::connection::use_connection();
    let linked = move || connection.link.read().is_some();
    view! {
        {move || if linked() {
            view! { <crate::components::account::AccountPanel /> }.into_any()
        } else {
            view! { <ProfileForm /> }.into_any()
        }}
        <nav class="panel">
            <a class="button" href="/register">{t().me_register}</a>
            <a class="button" href="/meetings">{t().me_meetings}</a>
            {move || (!linked()).then(|| view! {
                <a class="button" href="/signin">{t().signin_title}</a>
            })}
            {move || admin.read().is_some().then(|| view! {
                <a class="button" href="/admin">{crate::messages::admin::t().admin_title}</a>
            })}
        </nav>
        <SettingsPanel />
        <BackupPanel />
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let hall = use_hall();
    let current = hall.profile.get_untracked();
    let name = RwSignal::new(current.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let role = RwSignal::new(current.as_ref().map_or(Role::Owner, |p| p.role));
    let unit = RwSignal::new(
        current.as_ref().and_then(|p| p.unit.as_ref()).map(ToString::to_string).unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        leptos::task::spawn_local(async move {
            match check_profile(
                &hall,
                &name.get_untracked(),
                role.get_untracked(),
                &unit.get_untracked(),
            )
            .await
            {
                Ok(profile) => match hall.save_profile(profile).await {
                    Ok(()) => {
                        problem.set(None);
                        done.set(true);
                    }
                    Err(e) => problem.set(Some(e.to_string())),
                },
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    view! {
        <form class="panel" on:submit=save novalidate>
            <h1 class="title">{t().profile_title}</h1>
            <p class="hint">{t().profile_text}</p>
            <label class="field">
                <span>{t().profile_name}</span>
                <input type="text" name="name" placeholder=t().profile_name_hint prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t().profile_role}</span>
                <select name="role" on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Resident))>
                    {Role::ALL
                        .into_iter()
                        .map(|r| view! { <option value=r.as_str() selected=move || role.get() == r>{r.badge()}</option> })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || role.get() == Role::Owner>
                <label class="field">
                    <span>{t().profile_unit}</span>
                    <input type="text" name="unit" placeholder=t().profile_unit_hint prop:value=move || unit.get() on:input=move |ev| unit.set(event_target_value(&ev)) />
                </label>
            </Show>
            <Problem message=problem />
            <Show when=move || done.get()>
                <p class="ok" role="status">{t().saved}</p>
            </Show>
            <button type="submit" class="button button--primary">{t().save}</button>
        </form>
    }
}

/// Checks a profile form; an owner's unit must be in the register (when there is one).
async fn check_profile(
    hall: &crate::hall::Hall,
    name: &str,
    role: Role,
    unit: &str,
) -> Result<Profile, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(t().profile_name_empty.to_owned());
    }
    let unit = if role == Role::Owner {
        let Ok(unit) = UnitId::parse(unit) else { return Err(t().profile_unit_empty.to_owned()) };
        let units = hall.store().units().await.map_err(|e| e.to_string())?;
        if !units.is_empty() && !units.iter().any(|u| u.id == unit) {
            return Err(format!("{}：{unit}", t().profile_unit_unknown));
        }
        Some(unit)
    } else {
        None
    };
    let previous = hall.profile.get_untracked();
    Ok(Profile {
        id: previous.as_ref().map_or_else(|| crate::device::new_id().to_string(), |p| p.id.clone()),
        name: name.to_owned(),
        role,
        unit,
        device: previous.map_or_else(|| crate::device::new_id().to_string(), |p| p.device),
    })
}

#[component]
fn SettingsPanel() -> impl IntoView {
    let hall = use_hall();
    let problem = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let settings = Settings { large_type: !hall.settings.get_untracked().large_type };
        leptos::task::spawn_local(async move {
            if let Err(e) = hall.save_settings(settings).await {
                problem.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <section class="panel">
            <h2 class="section">{t().settings_title}</h2>
            <label class="choice choice--switch">
                <input type="checkbox" role="switch" prop:checked=move || hall.settings.read().large_type on:change=toggle />
                {t().large_type}
            </label>
            <p class="hint">{t().large_type_hint}</p>
            <Problem message=problem />
        </section>
    }
}

#[component]
fn BackupPanel() -> impl IntoView {
    let hall = use_hall();
    let problem = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let export = move |_| {
        leptos::task::spawn_local(async move {
            let result = match hall.store().export().await {
                Ok(backup) => {
                    let name =
                        format!("议事厅备份-{}.json", crate::clock::date(crate::device::now()));
                    crate::device::download(&name, "application/json", &backup.to_json())
                }
                Err(e) => Err(e.to_string()),
            };
            problem.set(result.err());
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        leptos::task::spawn_local(async move {
            let result = async {
                let Some((_, bytes)) = crate::device::read_chosen_file(&input).await? else {
                    return Ok(None);
                };
                let backup = Backup::from_json(&String::from_utf8_lossy(&bytes))?;
                hall.store().restore(&backup).await.map_err(|e| e.to_string())?;
                hall.reload().await.map_err(|e| e.to_string())?;
                Ok::<_, String>(Some(()))
            }
            .await;
            match result {
                Ok(Some(())) => note.set(Some(t().backup_restored.to_owned())),
                Ok(None) => {}
                Err(message) => problem.set(Some(message)),
            }
            input.set_value("");
        });
    };
    let reset = move |_| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(t().reset_confirm).ok())
            .unwrap_or(false);
        if confirmed {
            leptos::task::spawn_local(async move {
                let result = async {
                    hall.store().clear().await?;
                    hall.reload().await
                }
                .await;
                problem.set(result.err().map(|e| e.to_string()));
            });
        }
    };
    view! {
        <section class="panel">
            <h2 class="section">{t().backup_title}</h2>
            <p class="hint">{t().backup_hint}</p>
            <button type="button" class="button" on:click=export>{t().backup_export}</button>
            <label class="button button--file">
                {t().backup_import}
                <input type="file" accept="application/json,.json" class="visually-hidden" on:change=import />
            </label>
            <button type="button" class="button button--danger" on:click=reset>{t().reset}</button>
            <Problem message=problem />
            {move || note.get().map(|text| view! { <p class="ok" role="status">{text}</p> })}
        </section>
    }
}
