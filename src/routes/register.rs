//! The register (业主名册): import `units.csv` with a preview before saving, every error by
//! line and column and nothing saved when any row is bad; then view and search the units.

use leptos::prelude::*;
use yishiting_domain::files::read_units;
use yishiting_domain::{Register, Unit};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::{Store, StoreError};

const SHOWN: usize = 50;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let hall = use_hall();
    // With the store's revision it was read at, which the list says in `data-revision`: a
    // test waits on that to know a sync's changes are drawn, not on time.
    let units = LocalResource::new(move || {
        let revision = hall.revision.get();
        let store = hall.store();
        async move { (revision, store.units().await) }
    });
    view! {
        <h1 class="title">{crate::messages::register::t().register_title}</h1>
        <Import />
        <Show when=move || units.with(Option::is_some)>
            <Units units />
        </Show>
    }
}

/// What the chosen file would become, before it is saved.
#[derive(Debug, Clone)]
enum Preview {
    Ready { file: String, register: Register },
    Refused { file: String, errors: Vec<String> },
}

#[component]
fn Import() -> impl IntoView {
    let hall = use_hall();
    let preview = RwSignal::new(None::<Preview>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let choose = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        saved.set(false);
        leptos::task::spawn_local(async move {
            match crate::device::read_chosen_file(&input).await {
                Ok(Some((file, bytes))) => preview.set(Some(match read_units(&file, &bytes) {
                    Ok(register) => Preview::Ready { file, register },
                    Err(errors) => Preview::Refused {
                        file,
                        errors: errors.iter().map(ToString::to_string).collect(),
                    },
                })),
                Ok(None) => {}
                Err(message) => problem.set(Some(message)),
            }
            input.set_value("");
        });
    };
    let save = move |_| {
        let Some(Preview::Ready { register, .. }) = preview.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            match hall.store().replace_units(register.units()).await {
                Ok(()) => {
                    preview.set(None);
                    saved.set(true);
                    hall.changed();
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="panel">
            <h2 class="section">{crate::messages::register::t().register_import}</h2>
            <p class="hint">{crate::messages::register::t().register_format}</p>
            <label class="button button--file">
                {crate::messages::register::t().register_choose}
                <input type="file" accept=".csv,text/csv" class="visually-hidden" name="units-csv" on:change=choose />
            </label>
            {move || preview.get().map(|p| match p {
                Preview::Ready { file, register } => view! {
                    <div class="preview" role="status">
                        <p><strong>{file}</strong></p>
                        <p>{crate::messages::register::t().register_units} " " {register.total_units()} " · "
                           {crate::messages::register::t().register_owners} " " {register.total_owners()} " · "
                           {crate::messages::register::t().register_area} " " {register.total_area().to_string()} " ㎡"</p>
                        <button type="button" class="button button--primary" on:click=save>{crate::messages::register::t().register_save}</button>
                        <button type="button" class="button" on:click=move |_| preview.set(None)>{t().cancel}</button>
                    </div>
                }.into_any(),
                Preview::Refused { file, errors } => view! {
                    <div class="preview" role="alert">
                        <p class="error">{file} " " {crate::messages::register::t().register_refused} " (" {errors.len()} ")"</p>
                        <ul class="errors">{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
            })}
            <Show when=move || saved.get()>
                <p class="ok" role="status">{crate::messages::register::t().register_saved}</p>
            </Show>
            <Problem message=problem />
        </section>
    }
}

/// The register, with a search drawn once: a sync that brings changes redraws the list, not
/// the search being typed.
#[component]
fn Units(units: LocalResource<(u64, Result<Vec<Unit>, StoreError>)>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let all = move || {
        units.with(|read| read.as_ref().and_then(|(_, r)| r.as_ref().ok()).map_or(0, Vec::len))
    };
    let drawn = move || units.with(|read| read.as_ref().map(|(revision, _)| *revision));
    let matching = move || {
        let q = crate::device::lowercase(search.get().trim());
        units.with(|read| match read.as_ref().map(|(_, r)| r) {
            Some(Ok(all)) => Ok(all
                .iter()
                .filter(|u| {
                    q.is_empty()
                        || crate::device::lowercase(u.id.as_str()).contains(&q)
                        || u.owner_name.as_deref().is_some_and(|n| n.contains(q.as_str()))
                })
                .cloned()
                .collect::<Vec<_>>()),
            Some(Err(e)) => Err(e.to_string()),
            None => Ok(Vec::new()),
        })
    };
    view! {
        <section class="panel" data-revision=drawn>
            <h2 class="section">{crate::messages::register::t().register_list} " (" {all} ")"</h2>
            <label class="field">
                <span class="visually-hidden">{crate::messages::register::t().register_search}</span>
                <input type="search" placeholder=crate::messages::register::t().register_search aria-label=crate::messages::register::t().register_search
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
            </label>
            {move || {
                let found = match matching() {
                    Ok(found) => found,
                    Err(e) => return view! { <p class="error" role="alert">{e}</p> }.into_any(),
                };
                let count = found.len();
                view! {
                    <table class="units">
                        <thead><tr><th scope="col">{t().ballot_unit}</th><th scope="col">{t().area_m2}</th><th scope="col">{crate::messages::register::t().register_owner}</th></tr></thead>
                        <tbody>
                            {found.into_iter().take(SHOWN).map(|u| view! {
                                <tr><td>{u.id.to_string()}</td><td>{u.area.to_string()}</td><td>{u.owner_name.unwrap_or_default()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(count > SHOWN).then(|| view! { <p class="hint">{t().shown_of} " " {SHOWN} " / " {count}</p> })}
                }
                .into_any()
            }}
        </section>
    }
}
