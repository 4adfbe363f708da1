//! Signing in with a code (一户一码 or a role account's), usually reached from the QR code on
//! the household's slip: `/signin?community=1&code=K7M4-QX9P`.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::hall::use_hall;
use crate::messages::t;

#[component]
pub fn SignInPage() -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let admin = crate::sync::use_admin();
    let navigate = use_navigate();
    let query = use_query_map();
    let code = RwSignal::new(query.read_untracked().get("code").unwrap_or_default());
    let community = query.read_untracked().get("community").and_then(|c| c.parse::<i64>().ok());
    let server =
        RwSignal::new(connection.link.get_untracked().map(|l| l.server).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        if typed.is_empty() {
            problem.set(Some(t().signin_empty.to_owned()));
            return;
        }
        let server = server.get_untracked().trim().trim_end_matches('/').to_owned();
        busy.set(true);
        problem.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let signed_in = match crate::sync::sign_in(&server, &typed, community).await {
                Ok(signed_in) => signed_in,
                Err(failure) => {
                    busy.set(false);
                    problem.set(Some(failure.message()));
                    return;
                }
            };
            // The administrator manages accounts and leaves the device's hall as it is.
            if signed_in.account.role.is_none() {
                busy.set(false);
                admin.set(Some(crate::sync::AdminSession {
                    server,
                    token: signed_in.token,
                    community: signed_in.community,
                }));
                navigate("/admin", Default::default());
                return;
            }
            // A device with a hall of its own, or another account's, is asked first; a
            // "no" ends the session just opened.
            let has_data = hall.community.get_untracked().is_some();
            let relinking = connection.link.get_untracked().is_some();
            if has_data && !relinking && !crate::device::confirm(t().signin_replace) {
                crate::sync::end_session(&server, &signed_in.token).await;
                busy.set(false);
                return;
            }
            let outcome = crate::sync::join(&hall, &server, signed_in).await;
            busy.set(false);
            match outcome {
                Ok(()) => {
                    connection.phase.set(crate::connection::Phase::Idle);
                    // Said until the first round has brought the community's data.
                    hall.say_waiting(t().signin_done.to_owned());
                    connection.sync_soon();
                    navigate("/", Default::default());
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    view! {
        <h1 class="title">{t().signin_title}</h1>
        <p>{t().signin_text}</p>
        <form class="panel" on:submit=submit>
            <label class="field">
                <span>{t().signin_code}</span>
                <input type="text" name="code" class="input--code" autocomplete="one-time-code"
                    autocapitalize="characters" spellcheck="false" aria-describedby="signin-code-hint"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
            </label>
            <p id="signin-code-hint" class="hint">{t().signin_code_hint}</p>
            <details>
                <summary>{t().signin_server}</summary>
                <label class="field">
                    <span class="visually-hidden">{t().signin_server}</span>
                    <input type="text" name="server" inputmode="url" placeholder="https://"
                        aria-describedby="signin-server-hint"
                        prop:value=move || server.get() on:input=move |ev| server.set(event_target_value(&ev)) />
                </label>
                <p id="signin-server-hint" class="hint">{t().signin_server_hint}</p>
            </details>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <button type="submit" class="button button--primary" disabled=move || busy.get()>
                {move || if busy.get() { t().signin_busy } else { t().signin_button }}
            </button>
        </form>
    }
}
