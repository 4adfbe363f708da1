//! The result notice (公示) of an owners' vote: one printable A4 page for the notice board,
//! with the matter, the figures, the verdict and the date.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishiting_domain::records::latest_vote;
use yishiting_domain::{Channel, EntityId, Outcome, OwnersVote, Proposal, Share, percent};

use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::{Store, StoreError};

#[derive(Debug, Clone)]
enum Loaded {
    /// No such matter, or no vote on it.
    Missing,
    Vote(Box<Proposal>, Printable),
}

/// A vote's count as a notice or the minutes print it: the count of record, sealed.
#[derive(Debug, Clone)]
pub(crate) enum Printable {
    /// Connected, and the server cannot be reached: a notice is printed from its count as
    /// it stands, never from one kept from earlier or from the device's copy of the ballots.
    NeedsServer,
    /// The committee has not sealed the count: a notice prints only a sealed count.
    NotSealed,
    /// No count (no register on the device).
    Missing,
    /// The vote with its seal, and its count.
    Sealed(Box<Sealed>),
}

#[derive(Debug, Clone)]
pub(crate) struct Sealed {
    pub(crate) vote: OwnersVote,
    pub(crate) outcome: Outcome,
    /// The counted ballots this device holds, by channel (all of them where its role
    /// receives every ballot).
    pub(crate) by_channel: [(Channel, usize); 4],
}

impl Printable {
    /// Why there is nothing to print yet.
    pub(crate) fn why_not(&self) -> &'static str {
        match self {
            Printable::NeedsServer => crate::messages::notice::t().notice_needs_server,
            Printable::NotSealed => crate::messages::notice::t().notice_not_sealed,
            Printable::Missing | Printable::Sealed(_) => {
                crate::messages::notice::t().notice_missing
            }
        }
    }
}

/// The count of `vote` to print.
pub(crate) async fn printable(
    store: &crate::hall::DeviceStore,
    link: Option<crate::storage::Link>,
    vote: OwnersVote,
) -> Result<Printable, StoreError> {
    let linked = link.is_some();
    // The same count as the vote panel, deliveries included.
    let count = crate::components::vote::shown_count(store, link, &vote).await?;
    if !count.of_record() {
        return Ok(Printable::NeedsServer);
    }
    // Connected, only the server's seal counts: the phone's copy may carry one the server
    // has yet to judge, or refused.
    let seal = if linked { count.server_sealed.clone() } else { vote.sealed.clone() };
    let Some(seal) = seal else { return Ok(Printable::NotSealed) };
    let mut vote = vote;
    vote.sealed = Some(seal);
    let by_channel = count.counted_by_channel();
    Ok(match count.outcome {
        Some(outcome) => Printable::Sealed(Box::new(Sealed { vote, outcome, by_channel })),
        None => Printable::Missing,
    })
}

/// A matter and the vote it shows (its latest), if it has one: what the pages of a vote
/// (its notice, its door-to-door list, its paper sheets) open with.
pub(crate) async fn matter_vote(
    store: &crate::hall::DeviceStore,
    id: EntityId,
) -> Result<Option<(Proposal, OwnersVote)>, StoreError> {
    let Some(proposal) = store.proposal(id).await? else { return Ok(None) };
    let votes = store.votes(id).await?;
    Ok(latest_vote(&votes).cloned().map(|vote| (proposal, vote)))
}

async fn load(
    store: &crate::hall::DeviceStore,
    link: Option<crate::storage::Link>,
    id: EntityId,
) -> Result<Loaded, StoreError> {
    let Some((proposal, vote)) = matter_vote(store, id).await? else { return Ok(Loaded::Missing) };
    Ok(Loaded::Vote(Box::new(proposal), printable(store, link, vote).await?))
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
            Ok(Loaded::Vote(proposal, Printable::Sealed(sealed))) => {
                let Sealed { vote, outcome, .. } = *sealed;
                view! { <Notice proposal=*proposal vote outcome /> }.into_any()
            }
            Ok(Loaded::Vote(_, not_yet)) => {
                view! { <p class="notice">{not_yet.why_not()}</p> }.into_any()
            }
            Ok(Loaded::Missing) => {
                view! { <p class="notice">{crate::messages::notice::t().notice_missing}</p> }
                    .into_any()
            }
        })
    }
}

#[component]
fn Notice(proposal: Proposal, vote: OwnersVote, outcome: Outcome) -> impl IntoView {
    let hall = use_hall();
    let community = hall.community.get_untracked().map(|c| c.name).unwrap_or_default();
    let now = crate::device::now();
    let seal = vote.sealed.clone();
    view! {
        <article class="notice-sheet">
            <p class="no-print">
                <button type="button" class="button button--primary" on:click=move |_| crate::device::print()>{crate::messages::notice::t().notice_print}</button>
            </p>
            <h1 class="notice-sheet__title">{community} " " {crate::messages::notice::t().notice_heading}</h1>
            <p><strong>{crate::messages::notice::t().notice_matter}</strong> {proposal.title.clone()}</p>
            <p><strong>{crate::messages::notice::t().notice_kind}</strong> {format!("{}{}（{}），{}", t().art_278, vote.matter, vote.matter.chinese(), vote.matter.threshold().chinese())}</p>
            <p><strong>{crate::messages::notice::t().notice_period}</strong> {crate::clock::date_time(vote.opens_at)} " — " {crate::clock::date_time(vote.closes_at)}</p>
            {seal.map(|s| view! { <p><strong>{crate::messages::notice::t().notice_sealed}</strong> {crate::clock::date_time(s.at)} " · " {s.by}</p> })}
            <ResultTable outcome />
            <p class="notice-sheet__sign">{crate::messages::notice::t().notice_sign}</p>
            <p class="notice-sheet__sign">{crate::clock::date(now)}</p>
        </article>
    }
}

/// A sealed count as printed: the table of area and headcount, with shares, the owners deemed
/// to take part, the duplicates, and the verdict.
#[component]
pub(crate) fn ResultTable(outcome: Outcome) -> impl IntoView {
    let o = outcome;
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
        <div class="scroll-x">
            <table class="breakdown notice-sheet__table">
                <thead>
                    <tr><th scope="col"></th><th scope="col">{t().area_m2}</th><th scope="col">{crate::messages::notice::t().notice_share}</th><th scope="col">{t().people}</th><th scope="col">{crate::messages::notice::t().notice_share}</th></tr>
                </thead>
                <tbody>
                    {row(crate::messages::notice::t().notice_total, total, total)}
                    {row(t().participation, part, total)}
                    {row(t().yes, counted.yes, part)}
                    {row(t().no, counted.no, part)}
                    {row(t().abstain, counted.abstain, part)}
                </tbody>
            </table>
        </div>
        <p class="hint">{crate::messages::notice::t().notice_shares_note}</p>
        {(deemed.owners > 0).then(|| view! { <p>{crate::messages::notice::t().notice_deemed} " " {deemed.area.to_string()} " ㎡ / " {deemed.owners} " " {t().people}</p> })}
        {(!o.duplicates.is_empty()).then(|| view! { <p>{t().duplicates} "：" {o.duplicates.len()}</p> })}
        <p class="verdict">{verdict}</p>
    }
}
