//! The written authorisations (委托) of a meeting: the committee records one from the paper the
//! owner signed (the agent, their phone or ID tail, the matters it covers) and revokes one
//! until a ballot is cast through it; the committee and officers see the list, each with who
//! recorded it and when. Drawn once: the form keeps what is typed while the list follows the
//! store.

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{EntityId, Meeting, Proxy, ProxyDraft, Unit, UnitId};

use super::Agenda;
use crate::components::fields::{TextField, VoteTicks};
use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::t;

#[component]
pub(super) fn ProxiesPanel(
    meeting: Memo<Option<Meeting>>,
    units: Memo<Option<Vec<Unit>>>,
    proxies: Memo<Option<Vec<Proxy>>>,
    agenda: Memo<Option<Vec<Agenda>>>,
) -> impl IntoView {
    let hall = use_hall();
    let role = move || hall.profile.read().as_ref().map(|p| p.role);
    let sees = move || role().is_some_and(|r| r.records_proxies() || r.takes_sign_ins());
    let records = move || role().is_some_and(|r| r.records_proxies());
    let cap = move || meeting.with(|m| m.as_ref().map_or(0, |m| m.max_proxies));
    let owner_name = move |unit: &UnitId| {
        units
            .with(|u| u.as_ref()?.iter().find(|x| &x.id == unit).and_then(|x| x.owner_name.clone()))
    };
    let title_of = move |vote: &EntityId| {
        agenda.with(|a| a.as_ref()?.iter().find(|i| &i.vote.id == vote).map(|i| i.title.clone()))
    };
    let revoke = move |proxy: EntityId| {
        leptos::task::spawn_local(async move {
            match hall.apply(Mutation::RevokeProxy { proxy }).await {
                Ok(_) => hall.say(crate::messages::meetings::t().proxy_revoked.to_owned(), false),
                Err(message) => hall.say(message, true),
            }
        });
    };
    let list = move || {
        proxies.get().unwrap_or_default().into_iter().map(|p| {
            let scope = if p.votes.is_empty() {
                crate::messages::meetings::t().proxy_scope_all.to_owned()
            } else {
                p.votes.iter().filter_map(title_of).collect::<Vec<_>>().join("、")
            };
            let name = owner_name(&p.unit).unwrap_or_default();
            let state = match &p.revoked {
                Some(r) => view! {
                    <span class="badge">{crate::messages::meetings::t().proxy_revoked_on} " " {crate::clock::date_time(r.at)} " · " {r.by.clone()}</span>
                }.into_any(),
                None if records() => {
                    let id = p.id;
                    view! { <button type="button" class="link-button" on:click=move |_| revoke(id)>{crate::messages::meetings::t().proxy_revoke}</button> }.into_any()
                }
                None => view! { <span class="ok">{crate::messages::meetings::t().proxy_in_force}</span> }.into_any(),
            };
            view! {
                <li>
                    <strong>{p.unit.to_string()} " " {name}</strong> " → " {crate::messages::meetings::t().proxy_agent} " " {p.agent.clone()}
                    "（" {p.agent_contact.clone()} "）"
                    <br /><span class="hint">{crate::messages::meetings::t().proxy_scope} ": " {scope} " · "
                    {crate::clock::date_time(p.recorded_at)} " " {p.recorded_by.clone()}</span> " " {state}
                </li>
            }
        }).collect_view()
    };
    view! {
        <Show when=sees>
            <section class="panel proxies">
                <h2 class="section">{t().proxies_title} " · " {move || proxies.with(|p| p.as_ref().map_or(0, |p| p.iter().filter(|p| p.in_force()).count()))}</h2>
                <p class="hint">{crate::messages::meetings::t().proxy_cap_before} " " {cap} " " {crate::messages::meetings::t().proxy_cap_after}</p>
                <ul class="plain proxy-list">{list}</ul>
                <Show when=records>
                    <ProxyForm meeting agenda />
                </Show>
            </section>
        </Show>
    }
}

/// The committee's form: the owner by unit, the agent, and the matters (all of the agenda
/// unless some are ticked).
#[component]
fn ProxyForm(meeting: Memo<Option<Meeting>>, agenda: Memo<Option<Vec<Agenda>>>) -> impl IntoView {
    let hall = use_hall();
    let unit = RwSignal::new(String::new());
    let agent = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let ticked = RwSignal::new(Vec::<EntityId>::new());
    let problem = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(meeting) = meeting.with_untracked(|m| m.as_ref().map(|m| m.id)) else { return };
        let Ok(unit_id) = UnitId::parse(unit.get_untracked().trim()) else {
            problem.set(Some(t().unit_needed.to_owned()));
            return;
        };
        let draft = ProxyDraft {
            unit: unit_id,
            agent: agent.get_untracked(),
            agent_contact: contact.get_untracked(),
            votes: ticked.get_untracked(),
        };
        let mutation = Mutation::RecordProxy { id: crate::device::new_id(), meeting, draft };
        leptos::task::spawn_local(async move {
            match hall.apply(mutation).await {
                Ok(_) => {
                    problem.set(None);
                    for field in [unit, agent, contact] {
                        field.set(String::new());
                    }
                    ticked.set(Vec::new());
                    hall.say(crate::messages::meetings::t().proxy_recorded.to_owned(), false);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    // Matters to tick only where there is a choice: an agenda of two or more.
    let matters = move || {
        let items = agenda.get().unwrap_or_default();
        (items.len() > 1).then(|| {
            let choices = items.into_iter().map(|item| (item.vote.id, item.title)).collect();
            view! {
                <VoteTicks legend=crate::messages::meetings::t().proxy_scope hint=crate::messages::meetings::t().proxy_scope_hint name="proxy-votes" choices ticked />
            }
        })
    };
    view! {
        <form on:submit=save novalidate>
            <h3 class="bars__title">{crate::messages::meetings::t().proxy_record}</h3>
            <TextField label=crate::messages::meetings::t().proxy_owner_unit name="proxy-unit" value=unit />
            <TextField label=crate::messages::meetings::t().proxy_agent_name name="agent" value=agent />
            <TextField label=crate::messages::meetings::t().proxy_agent_contact name="agent-contact" value=contact />
            {matters}
            <Problem message=problem />
            <button type="submit" class="button button--primary">{crate::messages::meetings::t().proxy_record}</button>
        </form>
    }
}
