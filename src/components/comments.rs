//! The discussion of a matter: comments with the speaker's role, one level of replies, and
//! the form to speak. Long threads are shown 50 at a time.

use std::sync::Arc;

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{Comment, EntityId};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::kept::kept;
use crate::messages::t;

const PAGE: usize = 50;

/// The ids of the top-level comments in order, each with its replies' in order.
pub fn threads(comments: &[Comment]) -> Vec<(EntityId, Vec<EntityId>)> {
    // FxHash, as the reactive graph already links: std's SipHash would be more code.
    let mut replies: rustc_hash::FxHashMap<EntityId, Vec<EntityId>> = Default::default();
    let mut tops = Vec::new();
    for comment in comments {
        match comment.parent {
            Some(parent) => replies.entry(parent).or_default().push(comment.id),
            None => tops.push(comment.id),
        }
    }
    tops.into_iter()
        .map(|top| {
            let own = replies.remove(&top).unwrap_or_default();
            (top, own)
        })
        .collect()
}

/// The discussion. Each comment's row is drawn once and follows its comment (an edit, the
/// server's time once it is sent); a neighbour's comment arriving adds a row and redraws no
/// other. So a comment being edited keeps its text, its focus and the input method's
/// composition through a sync, and so does the form to speak, which is outside the rows.
#[component]
pub fn Discussion(proposal: EntityId, comments: Memo<Vec<Comment>>) -> impl IntoView {
    let count = move || comments.with(Vec::len);
    let threads = Memo::new(move |_| comments.with(|c| threads(c)));
    let total = move || threads.with(Vec::len);
    let shown = kept("comments-shown", proposal, || PAGE);
    let reply_to = kept("reply-to", proposal, || None::<(EntityId, String)>);
    let tops = Memo::new(move |_| {
        threads.with(|t| t.iter().take(shown.get()).map(|(id, _)| *id).collect::<Vec<_>>())
    });
    view! {
        <section class="discussion" aria-label=t().discussion>
            <h2 class="section">{t().discussion} " (" {count} ")"</h2>
            <ul class="comments">
                {keyed(tops, Arc::new(move |top| view! {
                    <li class="comment">
                        <CommentBody id=top rows=comments reply_to />
                        <Replies top threads rows=comments reply_to />
                    </li>
                }.into_any()))}
            </ul>
            <Show when=move || { total() > shown.get() }>
                <p class="more">
                    <button type="button" class="button" on:click=move |_| shown.update(|n| *n += PAGE)>{t().more_comments}</button>
                </p>
            </Show>
            <CommentForm proposal reply_to />
        </section>
    }
}

/// Draws a comment's row.
type Row = Arc<dyn Fn(EntityId) -> AnyView + Send + Sync>;

/// Rows of comments, each drawn once for its id. One function for the comments and for the
/// replies, so the keyed list's code is in the app once.
fn keyed(ids: Memo<Vec<EntityId>>, row: Row) -> impl IntoView {
    view! { <For each=move || ids.get() key=|id| *id children=move |id| row(id) /> }
}

/// The replies to one comment, each row drawn once like the comments'.
#[component]
fn Replies(
    top: EntityId,
    threads: Memo<Vec<(EntityId, Vec<EntityId>)>>,
    rows: Memo<Vec<Comment>>,
    reply_to: RwSignal<Option<(EntityId, String)>>,
) -> impl IntoView {
    let replies = Memo::new(move |_| {
        threads.with(|t| {
            t.iter().find(|(id, _)| *id == top).map(|(_, r)| r.clone()).unwrap_or_default()
        })
    });
    // Drawn again only when the first reply comes or the last goes; a reply added to others
    // adds its row.
    let any = Memo::new(move |_| !replies.with(Vec::is_empty));
    move || {
        any.get().then(|| {
            view! {
                <ul class="replies">
                    {keyed(replies, Arc::new(move |reply| view! {
                        <li class="comment"><CommentBody id=reply rows reply_to /></li>
                    }.into_any()))}
                </ul>
            }
        })
    }
}

#[component]
fn CommentBody(
    id: EntityId,
    rows: Memo<Vec<Comment>>,
    reply_to: RwSignal<Option<(EntityId, String)>>,
) -> impl IntoView {
    let hall = use_hall();
    let this = Memo::new(move |_| rows.with(|rows| rows.iter().find(|c| c.id == id).cloned()));
    // Who spoke does not change; what they said, and when, can.
    let Some(first) = this.get_untracked() else { return ().into_any() };
    let mine = !first.author.is_empty()
        && hall.profile.read_untracked().as_ref().is_some_and(|p| p.id == first.author);
    let editing = kept("editing", id, || false);
    let text = kept("edit", id, || first.body.clone());
    let problem = RwSignal::new(None::<String>);
    // The revision the edit began from: the comment may change while it is being edited, and
    // an edit must say what it was based on (a stale one is refused).
    let base = kept("edit-base", id, || first.revision);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mutation =
            Mutation::EditComment { id, body: text.get_untracked(), base: base.get_untracked() };
        leptos::task::spawn_local(async move {
            match hall.apply(mutation).await {
                Ok(_) => editing.set(false),
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    let start_editing = move |_| {
        // From the comment as it is now, which may have changed since the last edit began.
        if let Some(now) = this.get_untracked().filter(|_| !editing.get_untracked()) {
            text.set(now.body);
            base.set(now.revision);
        }
        editing.set(true);
    };
    let read =
        move |f: fn(&Comment) -> Option<String>| move || this.with(|c| c.as_ref().and_then(f));
    let name = first.author_name.clone();
    view! {
        <p class="comment__who">
            <span class=format!("role role--{}", first.role.as_str())>{first.role.badge()}</span>
            " " <strong>{first.author_name}</strong>
            " " <span class="hint">{read(|c| Some(crate::clock::date_time(c.at)))}</span>
            {move || read(|c| c.edited_at.map(|_| t().edited.to_owned()))().map(|edited| view! { " " <span class="hint">{edited}</span> })}
        </p>
        <Show when=move || editing.get() fallback=move || view! { <p class="comment__body">{read(|c| Some(c.body.clone()))}</p> }>
            <form class="comment-edit" on:submit=save>
                <label class="field">
                    <span class="visually-hidden">{t().edit_comment}</span>
                    <textarea name="comment-edit" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
                <Problem message=problem />
                <button type="submit" class="button button--primary">{t().save_edit}</button>
                <button type="button" class="button" on:click=move |_| editing.set(false)>{t().cancel}</button>
            </form>
        </Show>
        <button type="button" class="link-button" on:click=move |_| reply_to.set(Some((id, name.clone())))>{t().reply}</button>
        {mine.then(|| view! {
            " " <button type="button" class="link-button" on:click=start_editing>{t().edit_comment}</button>
        })}
    }
    .into_any()
}

#[component]
fn CommentForm(
    proposal: EntityId,
    reply_to: RwSignal<Option<(EntityId, String)>>,
) -> impl IntoView {
    let hall = use_hall();
    let body = kept("comment", proposal, String::new);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let mutation = Mutation::AddComment {
            id: crate::device::new_id(),
            proposal,
            reply_to: reply_to.get_untracked().map(|(id, _)| id),
            body: body.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = hall.apply(mutation).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    body.set(String::new());
                    reply_to.set(None);
                    problem.set(None);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    view! {
        <form class="panel comment-form" on:submit=send>
            {move || reply_to.get().map(|(_, name)| view! {
                <p class="hint">
                    {t().replying_to} " " {name} " "
                    <button type="button" class="link-button" on:click=move |_| reply_to.set(None)>{t().cancel}</button>
                </p>
            })}
            <label class="field">
                <span>{t().speak}</span>
                <textarea name="comment" placeholder=t().speak_hint prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev)) />
            </label>
            <Problem message=problem />
            <button type="submit" class="button button--primary" disabled=move || busy.get()>{t().send}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yishiting_domain::{Role, Timestamp};

    fn comment(n: u8, parent: Option<u8>) -> Comment {
        let id = |n: u8| EntityId::from_random_bytes([n; 16]);
        Comment {
            id: id(n),
            proposal: id(0),
            parent: parent.map(id),
            author_name: format!("{n}"),
            role: Role::Owner,
            body: String::new(),
            at: Timestamp(i64::from(n)),
            author: String::new(),
            revision: 0,
            edited_at: None,
        }
    }

    #[test]
    fn replies_follow_their_comment_in_order() {
        let id = |n: u8| EntityId::from_random_bytes([n; 16]);
        let threads = threads(&[
            comment(1, None),
            comment(2, Some(1)),
            comment(3, None),
            comment(4, Some(1)),
        ]);
        assert_eq!(threads, [(id(1), vec![id(2), id(4)]), (id(3), vec![])]);
    }
}
