//! Opinion polls (意见征询) on a matter: any resident answers once; results as bars.

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{EntityId, Poll, PollKind};

use crate::components::problem::Problem;
use crate::components::tally_bars::width;
use crate::hall::use_hall;
use crate::kept::kept;
use crate::messages::t;

#[component]
pub fn Polls(proposal: EntityId, polls: Vec<Poll>) -> impl IntoView {
    let hall = use_hall();
    let may_create =
        move || hall.profile.read().as_ref().is_some_and(|p| p.role.may_create_polls());
    view! {
        {polls.into_iter().map(|poll| view! { <PollView poll /> }).collect_view()}
        <Show when=may_create>
            <NewPoll proposal />
        </Show>
    }
}

#[component]
fn PollView(poll: Poll) -> impl IntoView {
    let hall = use_hall();
    let me = hall.profile.get_untracked().map(|p| p.id);
    let answered = me.as_ref().is_some_and(|me| poll.answers.iter().any(|a| &a.person == me));
    let results = poll.results();
    let options: Vec<String> = poll.kind.options().into_iter().map(str::to_owned).collect();
    let multiple = matches!(poll.kind, PollKind::Multiple(_));
    let picks = kept("picks", poll.id, Vec::<usize>::new);
    let problem = RwSignal::new(None::<String>);
    let id = poll.id;
    let answer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mutation = Mutation::AnswerPoll { poll: id, picks: picks.get_untracked() };
        leptos::task::spawn_local(async move {
            problem.set(hall.apply(mutation).await.err());
        });
    };
    let people = results.people;
    view! {
        <section class="panel poll" aria-label=t().poll>
            <h2 class="section">{t().poll} "：" {poll.question.clone()}</h2>
            <p class="hint">{t().poll_hint} " · " {people} " " {t().people_answered}</p>
            <div class="bars">
                {options.iter().zip(&results.counts).map(|(option, &n)| view! {
                    <div class="bar" role="img" aria-label=format!("{option} {n}")>
                        <div class="bar__label"><span>{option.clone()}</span><span>{n}</span></div>
                        <div class="bar__track"><div class="bar__real" style:width=width(n, people)></div></div>
                    </div>
                }).collect_view()}
            </div>
            {if answered {
                view! { <p class="ok">{t().poll_answered}</p> }.into_any()
            } else {
                view! {
                    <form on:submit=answer>
                        <fieldset class="field">
                            <legend>{if multiple { t().poll_pick_some } else { t().poll_pick_one }}</legend>
                            {options.iter().enumerate().map(|(i, option)| view! {
                                <label class="choice">
                                    <input type=if multiple { "checkbox" } else { "radio" } name=format!("poll-{id}")
                                        prop:checked=move || picks.with(|p| p.contains(&i))
                                        on:change=move |_| picks.update(|p| {
                                            if multiple {
                                                if let Some(at) = p.iter().position(|x| *x == i) { p.remove(at); } else { p.push(i); }
                                            } else {
                                                *p = vec![i];
                                            }
                                        }) />
                                    {option.clone()}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <Problem message=problem />
                        <button type="submit" class="button button--primary">{t().poll_submit}</button>
                    </form>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn NewPoll(proposal: EntityId) -> impl IntoView {
    let hall = use_hall();
    let open = kept("poll-open", proposal, || false);
    let question = kept("poll-question", proposal, String::new);
    let kind = kept("poll-kind", proposal, || "yna".to_owned());
    let options = kept("poll-options", proposal, String::new);
    let problem = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines: Vec<String> = options
            .get_untracked()
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.trim().is_empty())
            .collect();
        let kind = match kind.get_untracked().as_str() {
            "single" => PollKind::Single(lines),
            "multiple" => PollKind::Multiple(lines),
            _ => PollKind::YesNoAbstain,
        };
        let mutation = Mutation::CreatePoll {
            id: crate::device::new_id(),
            proposal,
            question: question.get_untracked(),
            kind,
        };
        leptos::task::spawn_local(async move {
            match hall.apply(mutation).await {
                Ok(_) => {
                    open.set(false);
                    question.set(String::new());
                    options.set(String::new());
                    problem.set(None);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button" on:click=move |_| open.set(true)>{t().poll_new}</button>
        }>
            <form class="panel" on:submit=create>
                <h2 class="section">{t().poll_new}</h2>
                <label class="field">
                    <span>{t().poll_question}</span>
                    <input type="text" name="question" prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{t().poll_kind}</span>
                    <select name="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="yna" selected=move || kind.get() == "yna">{t().poll_kind_yna}</option>
                        <option value="single" selected=move || kind.get() == "single">{t().poll_kind_single}</option>
                        <option value="multiple" selected=move || kind.get() == "multiple">{t().poll_kind_multiple}</option>
                    </select>
                </label>
                <Show when=move || kind.get() != "yna">
                    <label class="field">
                        <span>{t().poll_options}</span>
                        <textarea name="options" prop:value=move || options.get() on:input=move |ev| options.set(event_target_value(&ev)) />
                    </label>
                </Show>
                <Problem message=problem />
                <button type="submit" class="button button--primary">{t().create}</button>
                <button type="button" class="button" on:click=move |_| open.set(false)>{t().cancel}</button>
            </form>
        </Show>
    }
}
