//! The door-to-door list (扫楼名单) of a matter's owners' vote: the owners who have not voted
//! yet, by building and floor, and whether their ballot was delivered, for volunteers who
//! knock on doors (扫楼催票). Read from the device's store, so an officer's phone shows it
//! offline as of its last sync; printable on A4 with a column to tick at each door.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishiting_domain::doorstep::{Doorstep, Floor, doorstep};
use yishiting_domain::records::latest_vote;
use yishiting_domain::{EntityId, OwnerKey, Proposal, Role, Timestamp};

use crate::components::vote::method_name;
use crate::hall::use_hall;
use crate::messages::doors::t as words;
use crate::messages::t;
use crate::storage::{Store, StoreError};

#[derive(Debug, Clone)]
enum Loaded {
    /// No such matter, or no vote on it.
    Missing,
    /// The device's role does not receive every ballot: it cannot know who has voted.
    NotForRole,
    List(Box<Proposal>, Doorstep),
}

async fn load(
    store: &crate::hall::DeviceStore,
    id: EntityId,
    role: Option<Role>,
) -> Result<Loaded, StoreError> {
    let Some(proposal) = store.proposal(id).await? else { return Ok(Loaded::Missing) };
    let votes = store.votes(id).await?;
    let Some(vote) = latest_vote(&votes).cloned() else { return Ok(Loaded::Missing) };
    if !role.is_some_and(Role::sees_every_ballot) {
        return Ok(Loaded::NotForRole);
    }
    let units = store.units().await?;
    // The ballots this device holds, its own not yet sent among them; a duplicate never
    // answers for an owner (the first accepted does).
    let ballots = store.ballots(vote.id).await?;
    let voted: BTreeSet<OwnerKey> =
        ballots.into_iter().filter(|b| b.duplicate_of.is_none()).map(|b| b.owner).collect();
    let deliveries = store.deliveries(vote.id).await?;
    let mut list = doorstep(&units, &voted, &deliveries);
    // Owners' names are for the committee and officers, whatever the device still holds
    // (the server sends them to no one else).
    if !role.is_some_and(Role::sees_owner_names) {
        let doors =
            list.buildings.iter_mut().flat_map(|b| &mut b.floors).flat_map(|f| &mut f.doors);
        doors.for_each(|door| door.owner_name = None);
    }
    Ok(Loaded::List(Box::new(proposal), list))
}

#[component]
pub fn DoorsPage() -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        hall.revision.track();
        let store = hall.store();
        let role = hall.profile.read().as_ref().map(|p| p.role);
        let id = params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
        async move {
            match id {
                Some(id) => load(&store, id, role).await,
                None => Ok(Loaded::Missing),
            }
        }
    });
    // The list is as of the device's last sync when it is connected, else as of now.
    let as_of = move || match connection.link.read().as_ref() {
        Some(link) => (link.last_sync, true),
        None => (Some(crate::device::now()), false),
    };
    move || {
        data.get().map(|result| match result {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(Loaded::Missing) => {
                view! { <p class="notice">{crate::messages::notice::t().notice_missing}</p> }
                    .into_any()
            }
            Ok(Loaded::NotForRole) => {
                view! { <p class="notice">{words().not_for_role}</p> }.into_any()
            }
            Ok(Loaded::List(proposal, list)) => {
                let (as_of, synced) = as_of();
                view! { <Sheet proposal=*proposal list as_of synced /> }.into_any()
            }
        })
    }
}

#[component]
fn Sheet(
    proposal: Proposal,
    list: Doorstep,
    as_of: Option<Timestamp>,
    /// Connected: the list is as of the last sync.
    synced: bool,
) -> impl IntoView {
    let hall = use_hall();
    let community = hall.community.get_untracked().map(|c| c.name).unwrap_or_default();
    let as_of = as_of.map_or(t().sync_never.to_owned(), crate::clock::date_time);
    let summary = format!(
        "{}{}{}{}{}{}{}{}{}",
        words().owners,
        list.owners,
        words().voted,
        list.done,
        words().waiting,
        list.doors,
        words().undelivered,
        list.undelivered,
        words().households,
    );
    let empty = list.buildings.is_empty();
    let buildings = list.buildings.into_iter().map(|building| {
        let name = if building.name.bytes().all(|b| b.is_ascii_digit()) && !building.name.is_empty()
        {
            format!("{}{}", building.name, words().building)
        } else if building.name.is_empty() {
            words().no_building.to_owned()
        } else {
            building.name
        };
        let floors =
            building.floors.into_iter().map(|floor| view! { <FloorTable floor /> }).collect_view();
        view! {
            <section class="doors__building">
                <h2 class="section">{name}</h2>
                {floors}
            </section>
        }
    });
    view! {
        <article class="notice-sheet doors">
            <p class="no-print">
                <button type="button" class="button button--primary" on:click=move |_| crate::device::print()>{words().print}</button>
            </p>
            <h1 class="notice-sheet__title">{community} " " {words().heading}</h1>
            <p><strong>{crate::messages::notice::t().notice_matter}</strong> {proposal.title.clone()}</p>
            <p class="doors__summary">{summary}</p>
            <p class="hint">{words().as_of} {as_of} {synced.then_some(words().as_of_sync)}</p>
            {empty.then(|| view! { <p class="notice">{words().all_voted}</p> })}
            {buildings.collect_view()}
        </article>
    }
}

#[component]
fn FloorTable(floor: Floor) -> impl IntoView {
    let heading =
        floor.floor.map_or(words().other_floor.to_owned(), |n| format!("{n}{}", words().floor));
    let rows = floor
        .doors
        .into_iter()
        .map(|door| {
            let (said, class) = match (door.delivered, door.method) {
                (true, Some(how)) => {
                    (format!("{}（{}）", words().delivered, method_name(how)), "doors__delivered")
                }
                (true, None) => (words().delivered.to_owned(), "doors__delivered"),
                (false, _) => (words().not_delivered.to_owned(), "doors__not-delivered"),
            };
            view! {
                <tr>
                    <td>{door.room}</td>
                    <td>{door.owner_name.unwrap_or_default()}</td>
                    <td class=class>{said}</td>
                    <td></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3 class="doors__floor">{heading}</h3>
        <table class="units doors__table">
            <thead>
                <tr>
                    <th scope="col">{words().room}</th>
                    <th scope="col">{words().owner}</th>
                    <th scope="col">{words().delivery}</th>
                    <th scope="col">{words().visited}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
