//! The result notice (公示) of an owners' vote: one printable A4 page for the notice board,
//! with the matter, the figures, the verdict and the date.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishiting_domain::records::latest_vote;
use yishiting_domain::{EntityId, Outcome, OwnersVote, Proposal, Share, percent};

use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::{Store, StoreError};

#[derive(Debug, Clone)]
struct NoticeData {
    proposal: Proposal,
    vote: OwnersVote,
    outcome: Outcome,
}

#[derive(Debug, Clone)]
enum Loaded {
    /// No vote, or no count (no register on the device).
    Missing,
    /// Connected, and the server cannot be reached: a notice is printed from its count as
    /// it stands, never from one kept from earlier or from the device's copy of the ballots.
    NeedsServer,
    /// The committee has not sealed the count: a notice prints only a sealed count.
    NotSealed,
    Ready(Box<NoticeData>),
}

async fn load(
    store: &crate::hall::DeviceStore,
    link: Option<crate::storage::Link>,
    id: EntityId,
) -> Result<Loaded, StoreError> {
    let Some(proposal) = store.proposal(id).await? else { return Ok(Loaded::Missing) };
    let linked = link.is_some();
    let votes = store.votes(id).await?;
    let Some(vote) = latest_vote(&votes).cloned() else { return Ok(Loaded::Missing) };
    // The same count as the vote panel, deliveries included.
    let count = crate::components::vote::shown_count(store, link, &vote).await?;
    if !count.of_record() {
        return Ok(Loaded::NeedsServer);
    }
    // Connected, only the server's seal counts: the phone's copy may carry one the server
    // has yet to judge, or refused.
    let seal = if linked { count.server_sealed.clone() } else { vote.sealed.clone() };
    let Some(seal) = seal else { return Ok(Loaded::NotSealed) };
    let mut vote = vote;
    vote.sealed = Some(seal);
    Ok(match count.outcome {
        Some(outcome) => Loaded::Ready(Box::new(NoticeData { proposal, vote, outcome })),
        None => Loaded::Missing,
    })
}

#[component]
pub fn NoticePage() -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        hall.revision.track();
        // Connected, the count is the server's: asked again after every sync round.
        connection.synced.track();
        let (store, link) = (hall.store(), connection.link.get_untracked());
        let id = params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
        async move {
            match id {
                Some(id) => load(&store, link, id).await,
                None => Ok(Loaded::Missing),
            }
        }
    });
    move || {
        data.get().map(|result| match result {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(Loaded::Missing) => view! { <p class="notice">{t().notice_missing}</p> }.into_any(),
            Ok(Loaded::NeedsServer) => {
                view! { <p class="notice">{t().notice_needs_server}</p> }.into_any()
            }
            Ok(Loaded::NotSealed) => {
                view! { <p class="notice">{t().notice_not_sealed}</p> }.into_any()
            }
            Ok(Loaded::Ready(d)) => view! { <Notice d=*d /> }.into_any(),
        })
    }
}

#[component]
fn Notice(d: NoticeData) -> impl IntoView {
    let hall = use_hall();
    let community = hall.community.get_untracked().map(|c| c.name).unwrap_or_default();
    let now = crate::device::now();
    let seal = d.vote.sealed.clone();
    let o = d.outcome;
    let (total, part, counted) = (o.total, o.participating(), o.counted());
    let verdict = if o.passed() { t().verdict_passed } else { t().verdict_failed };
    let row = |name: &'static str, share: Share, of: Share| {
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td>{share.area.to_string()}</td>
                <td>{percent(share.area.hundredths(), of.area.hundredths())}</td>
                <td>{share.owners}</td>
                <td>{percent(share.owners, of.owners)}</td>
            </tr>
        }
    };
    let deemed = o.deemed.participating();
    view! {
        <article class="notice-sheet">
            <p class="no-print">
                <button type="button" class="button button--primary" on:click=move |_| crate::device::print()>{t().notice_print}</button>
            </p>
            <h1 class="notice-sheet__title">{community} " " {t().notice_heading}</h1>
            <p><strong>{t().notice_matter}</strong> {d.proposal.title.clone()}</p>
            <p><strong>{t().notice_kind}</strong> {format!("{}{}（{}），{}", t().art_278, d.vote.matter, d.vote.matter.chinese(), d.vote.matter.threshold().chinese())}</p>
            <p><strong>{t().notice_period}</strong> {crate::clock::date_time(d.vote.opens_at)} " — " {crate::clock::date_time(d.vote.closes_at)}</p>
            {seal.map(|s| view! { <p><strong>{t().notice_sealed}</strong> {crate::clock::date_time(s.at)} " · " {s.by}</p> })}
            <div class="scroll-x">
                <table class="breakdown notice-sheet__table">
                    <thead>
                        <tr><th scope="col"></th><th scope="col">{t().area_m2}</th><th scope="col">{t().notice_share}</th><th scope="col">{t().people}</th><th scope="col">{t().notice_share}</th></tr>
                    </thead>
                    <tbody>
                        {row(t().notice_total, total, total)}
                        {row(t().participation, part, total)}
                        {row(t().yes, counted.yes, part)}
                        {row(t().no, counted.no, part)}
                        {row(t().abstain, counted.abstain, part)}
                    </tbody>
                </table>
            </div>
            <p class="hint">{t().notice_shares_note}</p>
            {(deemed.owners > 0).then(|| view! { <p>{t().notice_deemed} " " {deemed.area.to_string()} " ㎡ / " {deemed.owners} " " {t().people}</p> })}
            {(!o.duplicates.is_empty()).then(|| view! { <p>{t().duplicates} "：" {o.duplicates.len()}</p> })}
            <p class="verdict">{verdict}</p>
            <p class="notice-sheet__sign">{t().notice_sign}</p>
            <p class="notice-sheet__sign">{crate::clock::date(now)}</p>
        </article>
    }
}
