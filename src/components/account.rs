//! The signed-in account on "我的": who, which community, what waits for the server and what
//! it refused, sync now, and sign out.

use leptos::prelude::*;

use crate::hall::use_hall;
use crate::messages::{describe, t};

#[component]
pub fn AccountPanel() -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let outbox = connection.outbox(hall);
    let problem = RwSignal::new(None::<String>);
    let who = move || {
        connection.link.read().as_ref().map(|link| {
            let role = link
                .account
                .role
                .map_or(crate::messages::admin::t().admin_role_admin, |r| r.badge());
            let unit = link.account.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
            format!("{}（{role}{unit}）", link.account.name)
        })
    };
    let sign_out = move |_| {
        let waiting = connection.pending.get_untracked() > 0;
        if waiting && !crate::device::confirm(t().signout_confirm_waiting) {
            return;
        }
        leptos::task::spawn_local(async move {
            problem.set(crate::sync::leave(&hall).await.err());
        });
    };
    view! {
        <section class="panel" aria-labelledby="account-title">
            <h1 class="title" id="account-title">{t().signed_in_as}{who}</h1>
            <p class="hint">{move || hall.community.read().as_ref().map(|c| c.name.clone())}</p>
            <ul class="plain" aria-label=t().sync_waiting>
                {move || outbox.get().map(|read| match read {
                    Ok((waiting, _)) => waiting.into_iter().map(|q| view! {
                        <li>{t().ballot_waiting_short}{describe(&q.mutation)}</li>
                    }).collect_view().into_any(),
                    Err(e) => view! { <li class="error">{e.to_string()}</li> }.into_any(),
                })}
            </ul>
            <button type="button" class="button" on:click=move |_| connection.sync_soon()>{t().sync_now}</button>
            <button type="button" class="button button--danger" on:click=sign_out>{t().signout_button}</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </section>
        {move || {
            let refused = outbox.get().and_then(Result::ok).map(|(_, r)| r).unwrap_or_default();
            (!refused.is_empty()).then(|| view! {
                <section class="panel" aria-labelledby="refused-title">
                    <h2 class="section" id="refused-title">{t().refused_title}</h2>
                    <ul class="plain">
                        {refused.into_iter().rev().map(|r| view! {
                            <li class="refused"><b>{describe(&r.mutation)}</b>"："{r.why()}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}
