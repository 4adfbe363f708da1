//! The door-to-door list (扫楼名单) of a matter's owners' vote, or of a meeting: the owners who
//! have not voted yet (or not signed in at the meeting), by building and floor, and whether
//! their ballot was delivered, for volunteers who knock on doors (扫楼催票). Read from the
//! device's store, so an officer's phone shows it offline as of its last sync; printable on
//! A4 with a column to tick at each door.

use std::collections::BTreeSet;

use crate::routes::notice::matter_vote;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishiting_domain::doorstep::{Doorstep, Floor, doorstep};
use yishiting_domain::{EntityId, Meeting, OwnerKey, Proposal, Role, Timestamp};

use crate::components::vote::method_name;
use crate::hall::use_hall;
use crate::messages::doors::t as words;
use crate::messages::t;
use crate::storage::{Store, StoreError};

/// Whose list: a matter's vote (who has voted) or a meeting (who has signed in).
#[derive(Debug, Clone)]
enum Of {
    Vote(Box<Proposal>),
    Meeting(Box<Meeting>),
}

#[derive(Debug, Clone)]
enum Loaded {
    /// No such matter, or no vote on it; no such meeting.
    Missing,
    /// The device's role cannot know who has taken part (voted, or signed in).
    NotForRole,
    List(Of, Doorstep),
}

async fn load(
    store: &crate::hall::DeviceStore,
    id: EntityId,
    role: Option<Role>,
) -> Result<Loaded, StoreError> {
    let Some((proposal, vote)) = matter_vote(store, id).await? else { return Ok(Loaded::Missing) };
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
    let list = doorstep(&units, &voted, &deliveries);
    Ok(Loaded::List(Of::Vote(Box::new(proposal)), without_names(list, role)))
}

/// A meeting's list: the owners not signed in, each door delivered if the ballot of any vote
/// on the agenda was. For those who take sign-ins at the door.
async fn load_meeting(
    store: &crate::hall::DeviceStore,
    id: EntityId,
    role: Option<Role>,
) -> Result<Loaded, StoreError> {
    let Some(meeting) = store.meeting(id).await? else { return Ok(Loaded::Missing) };
    if !role.is_some_and(Role::takes_sign_ins) {
        return Ok(Loaded::NotForRole);
    }
    let units = store.units().await?;
    let signed: BTreeSet<OwnerKey> =
        store.sign_ins(id).await?.into_iter().map(|s| s.owner).collect();
    let mut deliveries = Vec::new();
    for vote in &meeting.agenda {
        deliveries.extend(store.deliveries(*vote).await?);
    }
    let list = doorstep(&units, &signed, &deliveries);
    Ok(Loaded::List(Of::Meeting(Box::new(meeting)), without_names(list, role)))
}

/// Owners' names are for the committee and officers, whatever the device still holds (the
/// server sends them to no one else).
fn without_names(mut list: Doorstep, role: Option<Role>) -> Doorstep {
    if !role.is_some_and(Role::sees_owner_names) {
        let doors =
            list.buildings.iter_mut().flat_map(|b| &mut b.floors).flat_map(|f| &mut f.doors);
        doors.for_each(|door| door.owner_name = None);
    }
    list
}

/// A vote's list, at `/m/:id/doors`.
#[component]
pub fn DoorsPage() -> impl IntoView {
    view! { <DoorsOf meeting=false /> }
}

/// A meeting's list of who has not signed in, at `/meetings/:id/doors`.
#[component]
pub fn MeetingDoorsPage() -> impl IntoView {
    view! { <DoorsOf meeting=true /> }
}

#[component]
fn DoorsOf(meeting: bool) -> impl IntoView {
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
                Some(id) if meeting => load_meeting(&store, id, role).await,
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
                let why = if meeting { words().meeting_not_for_role } else { words().not_for_role };
                view! { <p class="notice">{why}</p> }.into_any()
            }
            Ok(Loaded::List(of, list)) => {
                let (as_of, synced) = as_of();
                view! { <Sheet of list as_of synced /> }.into_any()
            }
        })
    }
}

#[component]
fn Sheet(
    of: Of,
    list: Doorstep,
    as_of: Option<Timestamp>,
    /// Connected: the list is as of the last sync.
    synced: bool,
) -> impl IntoView {
    let hall = use_hall();
    let community = hall.community.get_untracked().map(|c| c.name).unwrap_or_default();
    let as_of = as_of.map_or(t().sync_never.to_owned(), crate::clock::date_time);
    let w = words();
    let (heading, subject, label, took_part, all_done, since_sync) = match &of {
        Of::Vote(p) => {
            let label = crate::messages::notice::t().notice_matter;
            (w.heading, p.title.clone(), label, w.voted, w.all_voted, w.as_of_sync)
        }
        Of::Meeting(m) => (
            w.meeting_heading,
            m.title.clone(),
            w.meeting_label,
            w.signed,
            w.meeting_all_done,
            w.meeting_as_of_sync,
        ),
    };
    let summary = format!(
        "{}{}{}{}{}{}{}{}{}",
        words().owners,
        list.owners,
        took_part,
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
            <h1 class="notice-sheet__title">{community} " " {heading}</h1>
            <p><strong>{label}</strong> {subject}</p>
            <p class="doors__summary">{summary}</p>
            <p class="hint">{words().as_of} {as_of} {synced.then_some(since_sync)}</p>
            {empty.then(|| view! { <p class="notice">{all_done}</p> })}
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
