//! The owners' vote of a matter (业主共同决定): opening it, casting ballots by the channel the
//! person's role allows, and the live count of the domain crate.

use leptos::prelude::*;
use rustc_hash::FxHashMap;
use yishiting_domain::mutation::{Applied, Mutation};
use yishiting_domain::records::{BallotRecord, latest_vote};
use yishiting_domain::{Channel, Choice, EntityId, Outcome, OwnersVote, Role, Stage, UnitId};

mod count;
mod deliveries;
mod open_form;
mod seal;

pub(crate) use count::shown_count;
use deliveries::Deliveries;
pub(crate) use deliveries::method_name;
use open_form::OpenVoteForm;
use seal::{LateBallots, SealState};

use crate::components::problem::Problem;
use crate::components::tally_bars::TallyBars;
use crate::hall::use_hall;
use crate::kept::kept;
use crate::messages::t;

#[component]
pub fn VotePanel(proposal: EntityId, stage: Stage, votes: Vec<OwnersVote>) -> impl IntoView {
    let hall = use_hall();
    let is_committee = move || hall.profile.read().as_ref().is_some_and(|p| p.role.runs_votes());
    match latest_vote(&votes).cloned() {
        Some(vote) => view! { <OwnersVoteView vote /> }.into_any(),
        None => view! {
            <Show when=move || stage == Stage::Deciding && is_committee()>
                <OpenVoteForm proposal />
            </Show>
        }
        .into_any(),
    }
}

/// The ballot form's state, kept outside the part of the panel that is re-rendered after each
/// ballot, so the confirmation and what was typed survive the refresh.
#[derive(Debug, Clone, Copy)]
struct CastForm {
    unit: RwSignal<String>,
    sheet: RwSignal<String>,
    /// Record the ballot as the agent's, through the owner's authorisation.
    by_agent: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

impl CastForm {
    /// The form of this vote as the page keeps it.
    fn kept(vote: EntityId) -> CastForm {
        CastForm {
            unit: kept("ballot-unit", vote, String::new),
            sheet: kept("ballot-sheet", vote, String::new),
            by_agent: kept("ballot-by-agent", vote, || false),
            problem: kept("ballot-problem", vote, || None),
            busy: kept("ballot-busy", vote, || false),
        }
    }
}

#[component]
fn OwnersVoteView(vote: OwnersVote) -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let form = CastForm::kept(vote.id);
    // The last count made: shown while the panel counts again (after a ballot, or a sync round
    // that may have brought the server's newer count), and read by the ballot form.
    let last = kept("count", vote.id, || None::<count::Count>);
    let data = {
        let vote = vote.clone();
        LocalResource::new(move || {
            hall.revision.track();
            connection.synced.track();
            let (store, vote) = (hall.store(), vote.clone());
            let link = connection.link.get_untracked();
            async move {
                let count = shown_count(&store, link, &vote).await;
                if let Ok(count) = &count {
                    last.try_set(Some(count.clone()));
                }
                count
            }
        })
    };
    let shown = move || data.get().or_else(|| last.get_untracked().map(Ok));
    let now = crate::device::now();
    let state = if vote.sealed.is_some() {
        t().vote_sealed
    } else if now < vote.opens_at {
        t().vote_not_started
    } else if now < vote.closes_at {
        t().vote_open
    } else {
        t().vote_ended
    };
    let closed = now >= vote.closes_at;
    let receiving = vote.check_receiving(now).is_ok();
    let (id, matter) = (vote.id, vote.matter);
    view! {
        <section class="panel vote" aria-label=t().owners_vote>
            <h2 class="section">{t().owners_vote} " · " {state}</h2>
            <p>{t().art_278} {matter.to_string()} "：" {matter.chinese()}</p>
            <p class="hint">{matter.threshold().chinese()} " · " {crate::clock::date_time(vote.opens_at)} " — " {crate::clock::date_time(vote.closes_at)}</p>
            {closed.then(|| view! { <SealState vote=vote.clone() /> })}
            {move || shown().map(|result| match result {
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(count) => view! {
                    {count.source_note().map(|note| view! { <p class="hint count-source">{note}</p> })}
                    {count.counted_here().then_some(count.problem.clone()).flatten().map(|p| view! { <p class="error">{p}</p> })}
                    {count.outcome.clone().map(|outcome| view! {
                        <Verdict outcome=outcome.clone() closed />
                        <TallyBars outcome=outcome.clone() />
                        <Duplicates outcome />
                    })}
                    <LateBallots ballots=count.ballots.clone() />
                    <Deliveries vote=id policy=vote.policy delivered=count.delivered receiving />
                }
                .into_any(),
            })}
            // Drawn once, outside what each count redraws: the unit being typed keeps its focus.
            <Show when=move || !closed && last.with(Option::is_some)>
                <CastBallot vote=id count=last.into() form />
            </Show>
            <Show when=move || last.with(Option::is_some)>
                <a class="button" href=format!("/m/{}/notice", vote.proposal)>{crate::messages::notice::t().notice_link}</a>
            </Show>
            <Show when=move || hall.profile.read().as_ref().is_some_and(|p| p.role.sees_every_ballot())>
                <a class="button" href=format!("/m/{}/doors", vote.proposal)>{crate::messages::doors::t().link}</a>
            </Show>
            <Show when=move || hall.profile.read().as_ref().is_some_and(|p| p.role.may_cast_through(Channel::Paper))>
                <a class="button" href=format!("/m/{}/sheets", vote.proposal)>{crate::messages::sheets::t().link}</a>
            </Show>
        </section>
    }
}

#[component]
fn Verdict(outcome: Outcome, closed: bool) -> impl IntoView {
    let (text, class) = match (outcome.passed(), closed) {
        (true, true) => (t().verdict_passed, "verdict verdict--passed"),
        (false, true) => (t().verdict_failed, "verdict verdict--failed"),
        (true, false) => (t().verdict_passing_now, "verdict"),
        (false, false) => (t().verdict_not_yet, "verdict"),
    };
    view! { <p class=class role="status">{text}</p> }
}

#[component]
fn Duplicates(outcome: Outcome) -> impl IntoView {
    let hall = use_hall();
    let may_see = move || count::sees_all_ballots(hall.profile.read().as_ref().map(|p| p.role));
    let duplicates = outcome.duplicates;
    (!duplicates.is_empty()).then(|| {
        view! {
            <Show when=may_see>
                <details class="duplicates">
                    <summary>{t().duplicates} " (" {duplicates.len()} ")"</summary>
                    <ul>
                        {duplicates.iter().map(|d| view! {
                            <li>{d.unit.to_string()} " — " {t().duplicate_of} " " {d.counted_unit.to_string()}</li>
                        }).collect_view()}
                    </ul>
                </details>
            </Show>
        }
    })
}

/// How this profile casts: an owner for their own unit; an officer at the meeting or from
/// paper; the committee from paper. Others are told why they cannot.
#[component]
fn CastBallot(
    vote: EntityId,
    count: Signal<Option<count::Count>>,
    form: CastForm,
) -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let profile = hall.profile.get_untracked();
    let role = profile.as_ref().map(|p| p.role);
    let own_unit = profile.as_ref().and_then(|p| p.unit.clone());
    let CastForm { unit: unit_text, sheet: sheet_text, by_agent, problem, busy } = form;
    let owners_voted = move || count.with(|c| c.as_ref().map_or(0, |c| owners_through(&c.voted)));
    let already = move || {
        let typed = UnitId::parse(&unit_text.get()).ok()?;
        count.with(|c| c.as_ref()?.voted.get(&typed).cloned())
    };
    // The authorisation in force of the owner of the unit typed, if any.
    let authorised = move || {
        let typed = UnitId::parse(&unit_text.get()).ok()?;
        count.with(|c| c.as_ref()?.proxies.get(&typed).cloned())
    };
    let channel = role.and_then(Role::ballot_channel);
    // This owner's ballot through their unit: the counted one, else the latest recorded.
    let mine = {
        let own_unit = own_unit.clone();
        Memo::new(move |_| {
            let u = own_unit.as_ref()?;
            count.with(|c| {
                let through =
                    || c.as_ref().into_iter().flat_map(|c| &c.ballots).filter(|b| &b.unit == u);
                through()
                    .find(|b| b.duplicate_of.is_none())
                    .or_else(|| through().next_back())
                    .cloned()
            })
        })
    };
    let cast = Callback::new(move |choice: Choice| {
        let Some(channel) = channel else { return };
        let unit = match channel {
            Channel::Online => own_unit.clone(),
            _ => UnitId::parse(&unit_text.get_untracked()).ok(),
        };
        let Some(unit) = unit else {
            problem.set(Some(t().unit_needed.to_owned()));
            return;
        };
        let sheet = Some(sheet_text.get_untracked()).filter(|s| !s.trim().is_empty());
        // Through the owner's authorisation when the officer says the agent casts it.
        let proxy = by_agent
            .get_untracked()
            .then(|| count.with_untracked(|c| c.as_ref()?.proxies.get(&unit).map(|p| p.id)))
            .flatten();
        // Meant as the agent's, with no authorisation in force for this owner (revoked by a
        // sync meanwhile, or another unit typed): never recorded as the officer's own.
        if by_agent.get_untracked() && proxy.is_none() {
            problem.set(Some(crate::messages::meetings::t().proxy_none_for_unit.to_owned()));
            return;
        }
        let (channel, sheet) = match proxy {
            Some(_) => (Channel::Proxy, None),
            None => (channel, sheet),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let label = unit.to_string();
            let result = hall
                .apply(Mutation::CastBallot {
                    id: crate::device::new_id(),
                    vote,
                    unit,
                    choice,
                    channel,
                    sheet,
                    proxy,
                })
                .await;
            busy.set(false);
            match result {
                Ok(Applied::BallotCounted { seq }) => {
                    problem.set(None);
                    if connection.link.get_untracked().is_some() {
                        hall.say_waiting(format!(
                            "{label} {} · {}",
                            choice.chinese(),
                            t().ballot_waiting
                        ));
                    } else {
                        hall.say(
                            format!(
                                "{label} {} {} · {}",
                                choice.chinese(),
                                t().counted,
                                crate::messages::nth(seq)
                            ),
                            false,
                        );
                    }
                    unit_text.set(String::new());
                    by_agent.set(false);
                }
                Ok(Applied::Done) => problem.set(None),
                // A paper sheet waits for another person's entry: said, and the form cleared
                // for the next sheet.
                Ok(waits @ (Applied::SheetEntered | Applied::SheetMismatch)) => {
                    problem.set(None);
                    let words = crate::messages::sheets::t();
                    // Signed in, the server judges the entries once synced.
                    let said = match waits {
                        _ if connection.link.get_untracked().is_some() => words.entered_waiting,
                        Applied::SheetMismatch => words.mismatch,
                        _ => words.entered_once,
                    };
                    hall.say(format!("{label} {}", said), said == words.mismatch);
                    unit_text.set(String::new());
                    sheet_text.set(String::new());
                }
                Err(message) => hall.say(format!("{label}：{message}"), true),
            }
        });
    });
    let buttons = move || {
        Choice::ALL
            .into_iter()
            .map(|choice| {
                let class = format!("button button--choice button--{}", choice.as_str());
                view! { <button type="button" class=class disabled=move || busy.get() on:click=move |_| cast.run(choice)>{choice.chinese()}</button> }
            })
            .collect_view()
    };
    move || {
        match (channel, mine.get()) {
            (None, _) => view! { <p class="hint">{t().cannot_vote}</p> }.into_any(),
            (Some(Channel::Online), Some(mine)) => view! { <MyBallot mine /> }.into_any(),
            (Some(channel), _) => view! {
                <div class="cast">
                    <h3 class="bars__title">{if channel == Channel::Online { t().cast_own } else { t().cast_record }}</h3>
                    {(channel != Channel::Online).then(|| view! {
                        <p class="hint">{t().owners_voted} " " {owners_voted}</p>
                        <label class="field">
                            <span>{t().ballot_unit}</span>
                            <input type="text" name="ballot-unit" placeholder=t().profile_unit_hint prop:value=move || unit_text.get()
                                on:input=move |ev| unit_text.set(event_target_value(&ev)) />
                        </label>
                        {move || already().map(|through| view! {
                            <p class="error" role="status">{t().owner_already_voted} " " {through.to_string()}</p>
                        })}
                        {move || authorised().map(|p| view! {
                            <label class="choice">
                                <input type="checkbox" name="by-agent" prop:checked=move || by_agent.get()
                                    on:change=move |ev| by_agent.set(event_target_checked(&ev)) />
                                {format!("{} {}（{}）{}", crate::messages::meetings::t().proxy_cast_by, p.agent, p.agent_contact, crate::messages::meetings::t().proxy_cast_by_after)}
                            </label>
                        })}
                    })}
                    {(channel == Channel::Paper).then(|| view! {
                        <label class="field">
                            <span>{t().sheet_number}</span>
                            <input type="text" name="sheet" inputmode="numeric" placeholder="0000-0000" prop:value=move || sheet_text.get() on:input=move |ev| sheet_text.set(event_target_value(&ev)) />
                        </label>
                    })}
                    <div class="choices">{buttons}</div>
                    <Problem message=problem />
                </div>
            }
            .into_any(),
        }
    }
}

/// An owner's own ballot and where it stands: waiting to be sent (待同步), counted (已计入),
/// or not counted, with why.
#[component]
fn MyBallot(mine: BallotRecord) -> impl IntoView {
    let connection = crate::connection::use_connection();
    let outbox = connection.outbox(use_hall());
    let id = mine.id;
    let is_ballot = move |m: &Mutation| matches!(m, Mutation::CastBallot { id: b, .. } if *b == id);
    let state = move || {
        // Said only once the outbox was read: never "counted" for a ballot that waits, nor
        // when the outbox cannot be read (it may wait there).
        let (waiting, refused) = match outbox.get() {
            None => return ("ballot-state", String::new()),
            Some(Err(_)) => {
                return ("ballot-state ballot-state--waiting", t().ballot_waiting.to_owned());
            }
            Some(Ok(read)) => read,
        };
        if waiting.iter().any(|q| is_ballot(&q.mutation)) {
            return ("ballot-state ballot-state--waiting", t().ballot_waiting.to_owned());
        }
        if let Some(refused) = refused.iter().find(|r| is_ballot(&r.mutation)) {
            return (
                "ballot-state ballot-state--refused",
                format!("{}{}", t().ballot_not_counted, refused.why()),
            );
        }
        match &mine.duplicate_of {
            Some(_) => (
                "ballot-state ballot-state--refused",
                format!("{}{}", t().ballot_not_counted, t().owner_voted_elsewhere),
            ),
            None => ("ballot-state ballot-state--counted", t().ballot_counted.to_owned()),
        }
    };
    view! {
        <p role="status">
            {t().you_voted} " " {mine.choice.chinese()} " · "
            <span class=move || state().0>{move || state().1}</span>
        </p>
    }
}

/// How many owners the counted ballots come from (each unit maps to the unit it voted through).
fn owners_through(voted: &FxHashMap<UnitId, UnitId>) -> usize {
    let mut through: Vec<&UnitId> = voted.values().collect();
    through.sort_unstable();
    through.dedup();
    through.len()
}
