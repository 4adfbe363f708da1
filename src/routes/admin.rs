//! The administrator's page: the community's accounts, new role accounts (业委会, 物业, 党支部,
//! 社区, 计票人, and residents who own no unit), a new code for a lost slip (a unit's or an
//! account's), and signing an account out everywhere. It talks to the server directly and only
//! online: codes are the server's, shown once, and never kept on the device.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use yishiting_domain::Role;

use crate::hall::use_hall;
use crate::json;
use crate::messages::t;
use crate::storage::Account;
use crate::sync::{AdminSession, Browser, Failure, api_url, call};

/// The roles an administrator gives accounts to (owners sign in with their unit's code).
const ROLES: [Role; 6] = [
    Role::Committee,
    Role::Property,
    Role::PartyBranch,
    Role::Community,
    Role::Officer,
    Role::Resident,
];

/// A code the server just issued: shown once, printable as a slip.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Issued {
    account: Account,
    code: String,
    /// Whether it replaced a code (a reissue), which no longer works.
    #[serde(skip)]
    replaced: bool,
}

#[derive(Debug, Deserialize)]
struct Revoked {
    revoked: u64,
}

#[derive(Debug, Serialize)]
struct NewAccount<'a> {
    name: &'a str,
    role: &'a str,
}

fn community_url(session: &AdminSession, path: &str) -> String {
    api_url(&session.server, &format!("/communities/{}{path}", session.community.id))
}

/// Asks for a new code in place of the old one (`path` under the community: a unit's or an
/// account's); the old code and its sessions stop working.
async fn reissue(session: &AdminSession, path: &str) -> Result<Issued, Failure> {
    let url = community_url(session, path);
    let answer = call::<Issued, _>(&Browser, "POST", &url, Some(&session.token), None).await;
    answer.map(|issued| Issued { replaced: true, ..issued })
}

/// The link a slip's QR code holds, here as text to send or copy.
fn sign_in_link(session: &AdminSession, code: &str) -> String {
    let origin = if session.server.is_empty() {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    } else {
        session.server.clone()
    };
    format!("{origin}/signin?community={}&code={code}", session.community.id)
}

fn describe_account(account: &Account) -> String {
    let role = account.role.map_or(crate::messages::admin::t().admin_role_admin, Role::badge);
    match &account.unit {
        Some(unit) => format!("{unit}（{role}）"),
        None => format!("{}（{role}）", account.name),
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let admin = crate::sync::use_admin();
    move || match admin.get() {
        Some(session) => view! { <Console session /> }.into_any(),
        None => view! {
            <section class="panel">
                <h1 class="title">{crate::messages::admin::t().admin_title}</h1>
                <p>{crate::messages::admin::t().admin_signin_first}</p>
                <a class="button button--primary" href="/signin">{t().signin_title}</a>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Console(session: AdminSession) -> impl IntoView {
    let hall = use_hall();
    let admin = crate::sync::use_admin();
    let navigate = use_navigate();
    let session = StoredValue::new(session);
    let issued = RwSignal::new(None::<Issued>);
    let problem = RwSignal::new(None::<String>);
    let reloads = RwSignal::new(0u32);
    // A refusal of the token ends the page's session: the administrator signs in again.
    let fail = move |failure: Failure| {
        if failure == Failure::Unauthorized {
            admin.set(None);
            hall.say(crate::messages::admin::t().admin_expired.to_owned(), true);
        } else {
            problem.set(Some(failure.message()));
        }
    };
    let accounts = LocalResource::new(move || {
        reloads.track();
        let session = session.get_value();
        async move {
            call::<Vec<Account>, _>(
                &Browser,
                "GET",
                &community_url(&session, "/accounts"),
                Some(&session.token),
                None,
            )
            .await
        }
    });
    let sign_out = move |_| {
        let session = session.get_value();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            crate::sync::end_session(&session.server, &session.token).await;
            admin.set(None);
            navigate("/", Default::default());
        });
    };
    let show = move |answer: Result<Issued, Failure>| match answer {
        Ok(answer) => {
            problem.set(None);
            issued.set(Some(answer));
            reloads.update(|r| *r += 1);
        }
        Err(failure) => fail(failure),
    };
    // A new code is shown at the top, whichever form asked: it takes the focus, so that it
    // comes into view and a screen reader reads it.
    let slip = NodeRef::<leptos::html::Section>::new();
    Effect::new(move || {
        if issued.read().is_some()
            && let Some(section) = slip.get()
        {
            let _ = section.focus();
        }
    });
    // While a code is shown, printing prints its slip alone.
    let hidden_in_print = move || if issued.read().is_some() { "no-print" } else { "" };
    view! {
        <section class=move || format!("panel {}", hidden_in_print())>
            <h1 class="title">{crate::messages::admin::t().admin_title}</h1>
            <p class="hint">{move || session.with_value(|s| s.community.name.clone())}</p>
            <p class="hint">{crate::messages::admin::t().admin_online_only}</p>
            <button type="button" class="button" on:click=sign_out>{crate::messages::admin::t().admin_sign_out}</button>
        </section>
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        {move || issued.get().map(|answer| {
            let link = session.with_value(|s| sign_in_link(s, &answer.code));
            view! {
                <section class="panel slip" node_ref=slip tabindex="-1" aria-labelledby="slip-title">
                    <h2 class="section" id="slip-title">{crate::messages::admin::t().admin_issued}{describe_account(&answer.account)}</h2>
                    <p class="hint">{move || session.with_value(|s| s.community.name.clone())}</p>
                    <p class="slip__code">{answer.code.clone()}</p>
                    <p class="slip__link">{link}</p>
                    <p class="hint">
                        {crate::messages::admin::t().admin_issued_once}
                        {answer.replaced.then_some(crate::messages::admin::t().admin_issued_replaced)}
                    </p>
                    <button type="button" class="button" on:click=move |_| crate::device::print()>{crate::messages::admin::t().admin_print}</button>
                    <button type="button" class="button" on:click=move |_| issued.set(None)>{crate::messages::admin::t().admin_issued_done}</button>
                </section>
            }
        })}
        <div class=hidden_in_print>
            <NewAccountForm session show fail />
            <UnitCodeForm session show fail />
            <section class="panel" aria-labelledby="accounts-title">
                <h2 class="section" id="accounts-title">{crate::messages::admin::t().admin_accounts}</h2>
                <p class="hint">{crate::messages::admin::t().admin_accounts_hint}</p>
                {move || match accounts.get() {
                    None => view! { <p role="status">{t().loading}</p> }.into_any(),
                    Some(Err(failure)) => {
                        fail(failure);
                        ().into_any()
                    }
                    Some(Ok(list)) => view! {
                        <ul class="plain">
                            {list.into_iter().filter(|a| a.role.is_some()).map(|account| {
                                view! { <AccountRow account session show fail /> }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </section>
        </div>
    }
}

#[component]
fn NewAccountForm(
    session: StoredValue<AdminSession>,
    show: impl Fn(Result<Issued, Failure>) + Copy + 'static,
    fail: impl Fn(Failure) + Copy + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Committee);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() || typed.chars().count() > 40 {
            problem.set(Some(crate::messages::admin::t().admin_name_invalid.to_owned()));
            return;
        }
        problem.set(None);
        busy.set(true);
        let session = session.get_value();
        leptos::task::spawn_local(async move {
            let body =
                json::compact(&NewAccount { name: &typed, role: role.get_untracked().as_str() })
                    .unwrap_or_default();
            let answer = call::<Issued, _>(
                &Browser,
                "POST",
                &community_url(&session, "/accounts"),
                Some(&session.token),
                Some(body),
            )
            .await;
            busy.set(false);
            if answer.is_ok() {
                name.set(String::new());
            }
            match answer {
                Err(Failure::Refused { message, .. }) => problem.set(Some(message)),
                Err(failure) => fail(failure),
                ok => show(ok),
            }
        });
    };
    view! {
        <form class="panel" on:submit=submit novalidate aria-labelledby="new-account-title">
            <h2 class="section" id="new-account-title">{crate::messages::admin::t().admin_new_account}</h2>
            <label class="field">
                <span>{crate::messages::admin::t().admin_account_name}</span>
                <input type="text" name="name" placeholder=crate::messages::admin::t().admin_account_name_hint
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t().profile_role}</span>
                <select name="role" on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Committee))>
                    {ROLES.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || role.get() == r>{r.badge()}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <button type="submit" class="button button--primary" disabled=move || busy.get()>{crate::messages::admin::t().admin_create}</button>
        </form>
    }
}

#[component]
fn UnitCodeForm(
    session: StoredValue<AdminSession>,
    show: impl Fn(Result<Issued, Failure>) + Copy + 'static,
    fail: impl Fn(Failure) + Copy + 'static,
) -> impl IntoView {
    let unit = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = unit.get_untracked().trim().to_owned();
        if typed.is_empty() {
            problem.set(Some(crate::messages::admin::t().admin_unit_empty.to_owned()));
            return;
        }
        if !crate::device::confirm(&format!(
            "{typed}{}",
            crate::messages::admin::t().admin_reissue_confirm
        )) {
            return;
        }
        problem.set(None);
        let session = session.get_value();
        leptos::task::spawn_local(async move {
            let path =
                format!("/units/{}/code", String::from(js_sys::encode_uri_component(&typed)));
            match reissue(&session, &path).await {
                Err(Failure::Refused { message, .. }) => problem.set(Some(message)),
                Err(failure) => fail(failure),
                ok => {
                    unit.set(String::new());
                    show(ok);
                }
            }
        });
    };
    view! {
        <form class="panel" on:submit=submit novalidate aria-labelledby="unit-code-title">
            <h2 class="section" id="unit-code-title">{crate::messages::admin::t().admin_unit_code}</h2>
            <p class="hint">{crate::messages::admin::t().admin_unit_code_hint}</p>
            <label class="field">
                <span>{t().ballot_unit}</span>
                <input type="text" name="unit" placeholder=t().profile_unit_hint
                    prop:value=move || unit.get() on:input=move |ev| unit.set(event_target_value(&ev)) />
            </label>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <button type="submit" class="button">{crate::messages::admin::t().admin_reissue}</button>
        </form>
    }
}

#[component]
fn AccountRow(
    account: Account,
    session: StoredValue<AdminSession>,
    show: impl Fn(Result<Issued, Failure>) + Copy + 'static,
    fail: impl Fn(Failure) + Copy + 'static,
) -> impl IntoView {
    let hall = use_hall();
    let label = describe_account(&account);
    let id = account.id;
    let reissue = {
        let label = label.clone();
        move |_| {
            if !crate::device::confirm(&format!(
                "{label}{}",
                crate::messages::admin::t().admin_reissue_confirm
            )) {
                return;
            }
            let session = session.get_value();
            leptos::task::spawn_local(async move {
                show(reissue(&session, &format!("/accounts/{id}/code")).await);
            });
        }
    };
    let revoke = {
        let label = label.clone();
        move |_| {
            if !crate::device::confirm(&format!(
                "{label}{}",
                crate::messages::admin::t().admin_revoke_confirm
            )) {
                return;
            }
            let session = session.get_value();
            let label = label.clone();
            leptos::task::spawn_local(async move {
                let url = community_url(&session, &format!("/accounts/{id}/revoke"));
                match call::<Revoked, _>(&Browser, "POST", &url, Some(&session.token), None).await {
                    Ok(answer) => hall.say(
                        format!(
                            "{label}{}{}{}",
                            crate::messages::admin::t().admin_revoked_before,
                            answer.revoked,
                            crate::messages::admin::t().admin_revoked_after
                        ),
                        false,
                    ),
                    Err(failure) => fail(failure),
                }
            });
        }
    };
    view! {
        <li class="account-row">
            <span>{label.clone()}</span>
            <span class="account-row__actions">
                <button type="button" class="link-button" aria-label=format!("{label} {}", crate::messages::admin::t().admin_reissue) on:click=reissue>
                    {crate::messages::admin::t().admin_reissue}
                </button>
                <button type="button" class="link-button" aria-label=format!("{label} {}", crate::messages::admin::t().admin_revoke) on:click=revoke>
                    {crate::messages::admin::t().admin_revoke}
                </button>
            </span>
        </li>
    }
}
