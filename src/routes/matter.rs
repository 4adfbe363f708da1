//! A matter: its text, where it stands among the six steps, its timeline, the committee's
//! actions, polls, the owners' vote, and the discussion.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishiting_domain::{Comment, EntityId, OwnersVote, Poll, Proposal};

use crate::components::comments::Discussion;
use crate::components::polls::Polls;
use crate::components::stage_actions::StageActions;
use crate::components::stage_badge::StageBadge;
use crate::components::timeline::{Steps, Timeline};
use crate::components::vote::VotePanel;
use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::{Store, StoreError};

/// Everything the page shows, read in one go.
#[derive(Debug, Clone)]
pub struct MatterData {
    pub proposal: Proposal,
    pub comments: Vec<Comment>,
    pub polls: Vec<Poll>,
    pub votes: Vec<OwnersVote>,
}

#[component]
pub fn MatterPage() -> impl IntoView {
    let hall = use_hall();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
    let data = LocalResource::new(move || {
        hall.revision.track();
        let (store, id) = (hall.store(), id());
        async move {
            let Some(id) = id else { return Ok(None) };
            let Some(proposal) = store.proposal(id).await? else { return Ok(None) };
            let comments = store.comments(id).await?;
            let polls = store.polls(id).await?;
            let votes = store.votes(id).await?;
            Ok::<_, StoreError>(Some(MatterData { proposal, comments, polls, votes }))
        }
    });
    move || {
        data.get().map(|result| match result {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(None) => view! { <p class="notice">{t().matter_missing}</p> }.into_any(),
            Ok(Some(m)) => view! { <Matter m /> }.into_any(),
        })
    }
}

#[component]
fn Matter(m: MatterData) -> impl IntoView {
    let p = m.proposal;
    let created = crate::clock::date_time(p.created_at);
    let id = p.id;
    view! {
        <article class="matter-page">
            <p class="matter-page__stage"><StageBadge stage=p.stage /> <span class="hint">{p.category.clone()}</span></p>
            <h1 class="title">{p.title.clone()}</h1>
            <p class="hint">
                <span class="role">{p.author_role.badge()}</span> " " {p.author_name.clone()} " · " {created}
            </p>
            <p class="matter-page__body">{p.body.clone()}</p>
            <Steps stage=p.stage />
            <StageActions proposal=id stage=p.stage />
            <Polls proposal=id polls=m.polls />
            <VotePanel proposal=id stage=p.stage votes=m.votes />
            <Timeline history=p.history.clone() />
            <Discussion proposal=id comments=m.comments />
        </article>
    }
}
