//! Meetings in person (会议): the list, and the committee's form to call one.

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{EntityId, MAX_PROXIES_CAP, Meeting, MeetingDraft, MeetingKind, Timestamp};

use crate::components::fields::{TextField, VoteTicks};
use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::Store;

const DAY_MS: i64 = 86_400_000;

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let hall = use_hall();
    let meetings = LocalResource::new(move || {
        let revision = hall.revision.get();
        let store = hall.store();
        async move { (revision, store.meetings().await) }
    });
    let calls = move || hall.profile.read().as_ref().is_some_and(|p| p.role.calls_meetings());
    let drawn = move || meetings.with(|read| read.as_ref().map(|(revision, _)| *revision));
    view! {
        <h1 class="title">{t().meetings_title}</h1>
        <Show when=calls>
            <CallForm />
        </Show>
        <ul class="meetings" data-revision=drawn>
            {move || meetings.with(|read| match read {
                None => view! { <li class="notice">{t().loading}</li> }.into_any(),
                Some((_, Err(e))) => view! { <li class="error" role="alert">{e.to_string()}</li> }.into_any(),
                Some((_, Ok(list))) if list.is_empty() => view! { <li class="notice">{t().meetings_none}</li> }.into_any(),
                Some((_, Ok(list))) => in_order(list, crate::device::now()).into_iter().map(|m| view! { <MeetingItem meeting=m.clone() /> }).collect_view().into_any(),
            })}
        </ul>
    }
}

/// The meetings to come, the next first, then those held, the last first (the store gives
/// them latest start first).
fn in_order(list: &[Meeting], now: Timestamp) -> Vec<&Meeting> {
    let (held, coming): (Vec<&Meeting>, Vec<&Meeting>) = list.iter().partition(|m| m.ends_at < now);
    coming.into_iter().rev().chain(held).collect()
}

/// Officers by name, as a meeting's page and its minutes list them ("—" for none).
pub fn people(names: &[String]) -> String {
    if names.is_empty() { "—".to_owned() } else { names.join("、") }
}

/// "业主大会" or "议事会".
pub fn kind_name(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Assembly => crate::messages::meetings::t().meeting_assembly,
        MeetingKind::Discussion => crate::messages::meetings::t().meeting_discussion,
    }
}

#[component]
fn MeetingItem(meeting: Meeting) -> impl IntoView {
    let href = format!("/meetings/{}", meeting.id);
    let held = meeting.ends_at < crate::device::now();
    let notice = match &meeting.notice {
        Some(n) => format!(
            "{} {}",
            crate::messages::meetings::t().meeting_notice_on,
            crate::clock::date(n.published_at)
        ),
        None => crate::messages::meetings::t().meeting_notice_none.to_owned(),
    };
    view! {
        <li class="card">
            <a class="matter__title" href=href>{meeting.title.clone()}</a>
            <p class="meta">
                <span class="badge">{kind_name(meeting.kind)}</span> " "
                {held.then(|| view! { <span class="badge">{crate::messages::meetings::t().meeting_held}</span> " " })}
                {crate::clock::date_time(meeting.starts_at)} " · " {meeting.place.clone()}
            </p>
            <p class="hint">{notice}</p>
        </li>
    }
}

/// Names typed with commas (either width) or spaces between them.
fn names(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
fn CallForm() -> impl IntoView {
    let hall = use_hall();
    let now = crate::device::now();
    let kind = RwSignal::new(MeetingKind::Assembly);
    let title = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let starts = RwSignal::new(crate::device::local_input_value(Timestamp(now.0 + 16 * DAY_MS)));
    let ends = RwSignal::new(crate::device::local_input_value(Timestamp(
        now.0 + 16 * DAY_MS + 3 * 3_600_000,
    )));
    let tellers = RwSignal::new(String::new());
    let scrutineers = RwSignal::new(String::new());
    let proxies = RwSignal::new(2u8);
    let agenda = RwSignal::new(Vec::<EntityId>::new());
    let problem = RwSignal::new(None::<String>);
    // The votes not yet sealed, with their matters' titles: what the meeting may decide.
    let open_votes = LocalResource::new(move || {
        hall.revision.track();
        let store = hall.store();
        async move {
            let mut choices = Vec::new();
            for vote in store.all_votes().await.unwrap_or_default() {
                if vote.sealed.is_some() {
                    continue;
                }
                let title = store.proposal(vote.proposal).await.ok().flatten().map(|p| p.title);
                choices.push((vote.id, title.unwrap_or_default()));
            }
            choices
        }
    });
    let call = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(starts_at), Some(ends_at)) = (
            crate::device::parse_local_input(&starts.get_untracked()),
            crate::device::parse_local_input(&ends.get_untracked()),
        ) else {
            problem.set(Some(crate::messages::meetings::t().meeting_times_needed.to_owned()));
            return;
        };
        let draft = MeetingDraft {
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            place: place.get_untracked(),
            starts_at,
            ends_at,
            agenda: agenda.get_untracked(),
            tellers: names(&tellers.get_untracked()),
            scrutineers: names(&scrutineers.get_untracked()),
            max_proxies: proxies.get_untracked(),
        };
        let mutation = Mutation::CreateMeeting { id: crate::device::new_id(), draft };
        leptos::task::spawn_local(async move {
            match hall.apply(mutation).await {
                Ok(_) => {
                    problem.set(None);
                    title.set(String::new());
                    agenda.set(Vec::new());
                    hall.say(crate::messages::meetings::t().meeting_called.to_owned(), false);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    view! {
        <form class="panel" on:submit=call novalidate>
            <h2 class="section">{crate::messages::meetings::t().meeting_call}</h2>
            <label class="field">
                <span>{crate::messages::meetings::t().meeting_kind}</span>
                <select name="kind" on:change=move |ev| kind.set(if event_target_value(&ev) == "discussion" { MeetingKind::Discussion } else { MeetingKind::Assembly })>
                    <option value="assembly" selected=move || kind.get() == MeetingKind::Assembly>{crate::messages::meetings::t().meeting_assembly}</option>
                    <option value="discussion" selected=move || kind.get() == MeetingKind::Discussion>{crate::messages::meetings::t().meeting_discussion}</option>
                </select>
            </label>
            <TextField label=crate::messages::meetings::t().meeting_name name="title" value=title />
            <TextField label=crate::messages::meetings::t().meeting_place name="place" value=place />
            <TextField label=crate::messages::meetings::t().meeting_starts name="starts" value=starts kind="datetime-local" />
            <TextField label=crate::messages::meetings::t().meeting_ends name="ends" value=ends kind="datetime-local" />
            <p class="hint">{crate::messages::meetings::t().meeting_notice_rule}</p>
            {move || open_votes.get().filter(|c| !c.is_empty()).map(|choices| view! {
                <VoteTicks legend=crate::messages::meetings::t().meeting_agenda name="agenda" choices ticked=agenda />
            })}
            <TextField label=crate::messages::meetings::t().meeting_tellers_hint name="tellers" value=tellers />
            <TextField label=crate::messages::meetings::t().meeting_scrutineers_hint name="scrutineers" value=scrutineers />
            <label class="field">
                <span>{crate::messages::meetings::t().meeting_max_proxies}</span>
                <select name="max_proxies" on:change=move |ev| proxies.set(event_target_value(&ev).parse().unwrap_or(1))>
                    {(1..=MAX_PROXIES_CAP).map(|n| view! { <option value=n.to_string() selected=move || proxies.get() == n>{n}</option> }).collect_view()}
                </select>
            </label>
            <Problem message=problem />
            <button type="submit" class="button button--primary">{crate::messages::meetings::t().meeting_call}</button>
        </form>
    }
}
