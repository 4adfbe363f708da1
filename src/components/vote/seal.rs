//! After a vote closes: its counting period, the committee's seal (封存计票), and the ballots
//! that arrived late, listed for those who receive every ballot.

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::records::BallotRecord;
use yishiting_domain::{OwnersVote, SheetState};

use crate::clock::date_time;
use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::Store;

/// Where the count stands once the vote has closed: counting until a time, or sealed by
/// whom and when; the committee's button to seal it.
#[component]
pub(super) fn SealState(vote: OwnersVote) -> impl IntoView {
    let hall = use_hall();
    let is_committee = move || hall.profile.read().as_ref().is_some_and(|p| p.role.runs_votes());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (id, proposal) = (vote.id, vote.proposal);
    // Paper sheets entered once or read two ways are not yet ballots: said before the seal.
    let unfinished = LocalResource::new(move || {
        hall.revision.track();
        let store = hall.store();
        async move {
            let sheets = store.sheets(id).await.unwrap_or_default();
            sheets.iter().filter(|s| s.state() != SheetState::Entered).count()
        }
    });
    let unfinished_words = move || {
        let n = unfinished.get().unwrap_or(0);
        let w = crate::messages::sheets::t();
        (n > 0).then(|| format!("{}{n}{}", w.seal_waiting_before, w.seal_waiting_after))
    };
    let seal = move |_| {
        let question = match unfinished_words() {
            Some(warning) => format!("{warning}\n{}", t().seal_confirm),
            None => t().seal_confirm.to_owned(),
        };
        if !crate::device::confirm(&question) {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            problem.set(hall.apply(Mutation::SealVote { vote: id }).await.err());
            busy.set(false);
        });
    };
    match vote.sealed {
        Some(seal) => view! {
            <p class="sealed" role="status">
                {t().sealed_by} " " {date_time(seal.at)} " · " {seal.by}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="hint">{t().counting_until} " " {date_time(vote.counting_ends_at())}</p>
            <Show when=is_committee>
                <p class="hint">{t().seal_hint}</p>
                {move || unfinished_words().map(|w| view! {
                    <p class="error" role="status">{w} " "
                        <a href=format!("/m/{}/sheets", proposal)>{crate::messages::sheets::t().heading}</a>
                    </p>
                })}
                <button type="button" class="button button--primary" disabled=move || busy.get() on:click=seal>
                    {t().seal_button}
                </button>
                <Problem message=problem />
            </Show>
        }
        .into_any(),
    }
}

/// Ballots that reached the count after the close, with both times and who recorded
/// them, for the committee to judge.
#[component]
pub(super) fn LateBallots(ballots: Vec<BallotRecord>) -> impl IntoView {
    let hall = use_hall();
    let may_see =
        move || super::count::sees_all_ballots(hall.profile.read().as_ref().map(|p| p.role));
    let late: Vec<BallotRecord> = ballots.into_iter().filter(|b| b.late).collect();
    (!late.is_empty()).then(|| {
        view! {
            <Show when=may_see>
                <details class="duplicates late">
                    <summary>{t().late_ballots} " (" {late.len()} ")"</summary>
                    <ul>
                        {late.iter().map(|b| view! {
                            <li>
                                {b.unit.to_string()} " · " {b.recorded_by.clone()} " · "
                                {t().late_recorded} " " {date_time(b.at)} " · "
                                {t().late_received} " " {b.received_at.map(date_time).unwrap_or_default()}
                                {b.duplicate_of.map(|_| t().late_not_counted)}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            </Show>
        }
    })
}
