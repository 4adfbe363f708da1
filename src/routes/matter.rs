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
#[derive(Debug, Clone, PartialEq)]
pub struct MatterData {
    pub proposal: Proposal,
    pub comments: Vec<Comment>,
    pub polls: Vec<Poll>,
    pub votes: Vec<OwnersVote>,
}

#[component]
pub fn MatterPage() -> impl IntoView {
    let hall = use_hall();
    // Parts of the matter are drawn again when stored data changes; what the person is doing
    // on it is kept here, by the page.
    crate::kept::Kept::provide();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
    // With the store's revision it was read at, which the page says in `data-revision`: a
    // test waits on that to know a sync's changes are drawn, not on time.
    let data = LocalResource::new(move || {
        let revision = hall.revision.get();
        let (store, id) = (hall.store(), id());
        async move {
            let read = async {
                let Some(id) = id else { return Ok(None) };
                let Some(proposal) = store.proposal(id).await? else { return Ok(None) };
                let comments = store.comments(id).await?;
                let polls = store.polls(id).await?;
                let votes = store.votes(id).await?;
                Ok::<_, StoreError>(Some(MatterData { proposal, comments, polls, votes }))
            };
            (revision, read.await)
        }
    });
    let drawn = move || data.with(|read| read.as_ref().map(|(revision, _)| *revision));
    // Which matter the page shows, if any: the page is drawn anew only when that changes.
    let which = Memo::new(move |_| {
        data.with(|read| {
            read.as_ref().map(|(_, read)| match read {
                Ok(m) => Ok(m.as_ref().map(|m| m.proposal.id)),
                Err(e) => Err(e.to_string()),
            })
        })
    });
    let matter = Memo::new(move |_| data.get().and_then(|(_, read)| read.ok()).flatten());
    move || {
        which.get().map(|which| match which {
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Ok(None) => view! { <p class="notice">{t().matter_missing}</p> }.into_any(),
            Ok(Some(id)) => view! { <Matter id matter drawn=Signal::derive(drawn) /> }.into_any(),
        })
    }
}

/// A matter, each part drawn again only when what it shows changed: a neighbour's comment
/// arriving redraws the list of comments, not the form being typed in, nor the vote panel.
#[component]
fn Matter(
    id: EntityId,
    matter: Memo<Option<MatterData>>,
    drawn: Signal<Option<u64>>,
) -> impl IntoView {
    let proposal = part(matter, |m| m.proposal.clone());
    let stage = Memo::new(move |_| proposal.with(|p| p.as_ref().map(|p| p.stage)));
    let polls = part(matter, |m| m.polls.clone());
    let votes = part(matter, |m| m.votes.clone());
    let comments = Memo::new(move |_| {
        matter.with(|m| m.as_ref().map(|m| m.comments.clone()).unwrap_or_default())
    });
    let header: Part = Box::new(move || {
        proposal.get().map(|p| {
            let created = crate::clock::date_time(p.created_at);
            view! {
                <p class="matter-page__stage"><StageBadge stage=p.stage /> <span class="hint">{p.category.clone()}</span></p>
                <h1 class="title">{p.title.clone()}</h1>
                <p class="hint">
                    <span class="role">{p.author_role.badge()}</span> " " {p.author_name.clone()} " · " {created}
                </p>
                <p class="matter-page__body">{p.body.clone()}</p>
            }
            .into_any()
        })
    });
    let actions: Part = Box::new(move || {
        stage
            .get()
            .map(|stage| view! { <Steps stage /> <StageActions proposal=id stage /> }.into_any())
    });
    let polls: Part =
        Box::new(move || polls.get().map(|polls| view! { <Polls proposal=id polls /> }.into_any()));
    let vote: Part = Box::new(move || {
        stage
            .get()
            .zip(votes.get())
            .map(|(stage, votes)| view! { <VotePanel proposal=id stage votes /> }.into_any())
    });
    let timeline: Part = Box::new(move || {
        proposal.get().map(|p| view! { <Timeline history=p.history /> }.into_any())
    });
    view! {
        <article class="matter-page" data-revision=drawn>
            {header} {actions} {polls} {vote} {timeline}
            <Discussion proposal=id comments />
        </article>
    }
}

/// A part of the page, drawn again when what it reads changes. Boxed, so that the code that
/// draws parts is in the app once and not once for each part.
type Part = Box<dyn FnMut() -> Option<AnyView> + Send>;

/// One part of the matter, which changes only when that part does.
fn part<T: PartialEq + Send + Sync + 'static>(
    matter: Memo<Option<MatterData>>,
    read: fn(&MatterData) -> T,
) -> Memo<Option<T>> {
    Memo::new(move |_| matter.with(|m| m.as_ref().map(read)))
}
