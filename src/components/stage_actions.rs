//! The committee's and the Party branch's actions on a matter: move it on, withdraw it, or
//! reject it with a reason that stays visible.

use leptos::prelude::*;
use yishiting_domain::mutation::{Mutation, StageAction};
use yishiting_domain::{EntityId, Stage};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::kept::kept;
use crate::messages::t;

#[component]
pub fn StageActions(proposal: EntityId, stage: Stage) -> impl IntoView {
    let hall = use_hall();
    let may = move || {
        hall.profile.read().as_ref().is_some_and(|p| p.role.may_move_stages()) && !stage.is_final()
    };
    let problem = RwSignal::new(None::<String>);
    let closing = kept("closing", proposal, || None::<bool>);
    let reason = kept("reason", proposal, String::new);
    let busy = RwSignal::new(false);
    let run = move |action: StageAction| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = hall.apply(Mutation::MoveStage { proposal, action }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    closing.set(None);
                    reason.set(String::new());
                    problem.set(None);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked();
        match closing.get_untracked() {
            Some(true) => run(StageAction::Withdraw { reason: text }),
            Some(false) => run(StageAction::Reject { reason: text }),
            None => {}
        }
    };
    view! {
        <Show when=may>
            <section class="panel actions" aria-label=t().actions_label>
                {stage.next().map(|next| view! {
                    <button type="button" class="button button--primary" disabled=move || busy.get() on:click=move |_| run(StageAction::Advance)>
                        {t().advance_to} " “" {next.chinese()} "”"
                    </button>
                })}
                <button type="button" class="button" on:click=move |_| closing.set(Some(true))>{t().withdraw}</button>
                <button type="button" class="button button--danger" on:click=move |_| closing.set(Some(false))>{t().reject}</button>
                <Show when=move || closing.get().is_some()>
                    <form on:submit=close>
                        <label class="field">
                            <span>{move || if closing.get() == Some(true) { t().withdraw_reason } else { t().reject_reason }}</span>
                            <textarea name="reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="button button--primary" disabled=move || busy.get()>{t().confirm}</button>
                        <button type="button" class="button" on:click=move |_| closing.set(None)>{t().cancel}</button>
                    </form>
                </Show>
                <Problem message=problem />
            </section>
        </Show>
    }
}
