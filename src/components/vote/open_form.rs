//! The committee's form to open an owners' vote.

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{
    DEFAULT_COUNTING_HOURS, EntityId, MAX_COUNTING_HOURS, Matter, NonResponse, Timestamp,
};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::kept::kept;
use crate::messages::t;

#[component]
pub(super) fn OpenVoteForm(proposal: EntityId) -> impl IntoView {
    let hall = use_hall();
    let now = crate::device::now();
    let matter = kept("vote-matter", proposal, || 5u8);
    let opens = kept("vote-opens", proposal, || crate::device::local_input_value(now));
    let closes = kept("vote-closes", proposal, || {
        crate::device::local_input_value(Timestamp(now.0 + 7 * 86_400_000))
    });
    let community_policy = hall.community.get_untracked().map(|c| c.policy).unwrap_or_default();
    let counting = kept("vote-counting", proposal, || DEFAULT_COUNTING_HOURS.to_string());
    let follow_majority =
        kept("vote-policy", proposal, || community_policy == NonResponse::FollowMajority);
    let problem = RwSignal::new(None::<String>);
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(matter) = Matter::new(matter.get_untracked()) else { return };
        let (Some(opens_at), Some(closes_at)) = (
            crate::device::parse_local_input(&opens.get_untracked()),
            crate::device::parse_local_input(&closes.get_untracked()),
        ) else {
            problem.set(Some(t().vote_times_needed.to_owned()));
            return;
        };
        let Ok(counting_hours) = counting.get_untracked().trim().parse::<u16>() else {
            problem.set(Some(t().counting_hours.to_owned()));
            return;
        };
        let policy = if follow_majority.get_untracked() {
            NonResponse::FollowMajority
        } else {
            NonResponse::None
        };
        let mutation = Mutation::OpenVote {
            id: crate::device::new_id(),
            proposal,
            matter,
            opens_at,
            closes_at,
            policy,
            counting_hours,
        };
        leptos::task::spawn_local(async move {
            problem.set(hall.apply(mutation).await.err());
        });
    };
    view! {
        <form class="panel" on:submit=open>
            <h2 class="section">{t().open_vote}</h2>
            <label class="field">
                <span>{t().matter_number}</span>
                <select name="matter" on:change=move |ev| matter.set(event_target_value(&ev).parse().unwrap_or(9))>
                    {(1..=9u8).filter_map(|n| Matter::new(n).ok()).map(|m| view! {
                        <option value=m.number().to_string() selected=move || matter.get() == m.number()>{m.to_string()} " " {m.chinese()}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="hint" role="status">
                {move || Matter::new(matter.get()).map(|m| m.threshold().chinese()).unwrap_or_default()}
                " · " {t().quorum_rule}
            </p>
            <label class="field">
                <span>{t().vote_opens}</span>
                <input type="datetime-local" name="opens" prop:value=move || opens.get() on:input=move |ev| opens.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t().vote_closes}</span>
                <input type="datetime-local" name="closes" prop:value=move || closes.get() on:input=move |ev| closes.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t().counting_hours}</span>
                <input type="number" name="counting-hours" inputmode="numeric" min="1" max=MAX_COUNTING_HOURS.to_string()
                    prop:value=move || counting.get() on:input=move |ev| counting.set(event_target_value(&ev)) />
            </label>
            <fieldset class="field">
                <legend>{t().policy_label}</legend>
                <label class="choice">
                    <input type="radio" name="vote-policy" value="none" prop:checked=move || !follow_majority.get() on:change=move |_| follow_majority.set(false) />
                    {t().policy_none}
                </label>
                <label class="choice">
                    <input type="radio" name="vote-policy" value="follow-majority" prop:checked=move || follow_majority.get() on:change=move |_| follow_majority.set(true) />
                    {t().policy_follow}
                </label>
            </fieldset>
            <Problem message=problem />
            <button type="submit" class="button button--primary">{t().open_vote}</button>
        </form>
    }
}
