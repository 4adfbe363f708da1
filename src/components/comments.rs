//! The discussion of a matter: comments with the speaker's role, one level of replies, and
//! the form to speak. Long threads are shown 50 at a time.

use leptos::prelude::*;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{Comment, EntityId};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::kept::kept;
use crate::messages::t;

const PAGE: usize = 50;

/// Top-level comments in order, each with its replies in order.
pub fn threads(comments: Vec<Comment>) -> Vec<(Comment, Vec<Comment>)> {
    // FxHash, as the reactive graph already links: std's SipHash would be more code.
    let mut replies: rustc_hash::FxHashMap<EntityId, Vec<Comment>> = Default::default();
    let mut tops = Vec::new();
    for comment in comments {
        match comment.parent {
            Some(parent) => replies.entry(parent).or_default().push(comment),
            None => tops.push(comment),
        }
    }
    tops.into_iter()
        .map(|top| {
            let own = replies.remove(&top.id).unwrap_or_default();
            (top, own)
        })
        .collect()
}

/// The discussion, drawn again as the comments change; the form to speak stays as it is, so
/// what is being typed (and the keyboard, and the input method) survives a neighbour's
/// comment arriving.
#[component]
pub fn Discussion(proposal: EntityId, comments: Memo<Vec<Comment>>) -> impl IntoView {
    let count = move || comments.with(Vec::len);
    let threads = Memo::new(move |_| threads(comments.get()));
    let total = move || threads.with(Vec::len);
    let shown = kept("comments-shown", proposal, || PAGE);
    let reply_to = kept("reply-to", proposal, || None::<(EntityId, String)>);
    view! {
        <section class="discussion" aria-label=t().discussion>
            <h2 class="section">{t().discussion} " (" {count} ")"</h2>
            // The rows are drawn again as comments change (a comment being edited keeps its
            // text, kept by the page); keyed rows would keep its focus too, for 8.5 KB gzip.
            <ul class="comments">
                {move || {
                    threads.with(|threads| {
                        threads
                            .iter()
                            .take(shown.get())
                            .map(|(top, replies)| {
                                view! {
                                    <li class="comment">
                                        <CommentBody comment=top.clone() reply_to />
                                        {(!replies.is_empty()).then(|| view! {
                                            <ul class="replies">
                                                {replies.iter().map(|r| view! { <li class="comment"><CommentBody comment=r.clone() reply_to /></li> }).collect_view()}
                                            </ul>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
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

#[component]
fn CommentBody(comment: Comment, reply_to: RwSignal<Option<(EntityId, String)>>) -> impl IntoView {
    let hall = use_hall();
    let (id, name) = (comment.id, comment.author_name.clone());
    let mine = !comment.author.is_empty()
        && hall.profile.read_untracked().as_ref().is_some_and(|p| p.id == comment.author);
    let editing = kept("editing", id, || false);
    let text = kept("edit", id, || comment.body.clone());
    let problem = RwSignal::new(None::<String>);
    // The revision the edit began from: the comment may be drawn again, newer, while it is
    // being edited, and an edit must say what it was based on (a stale one is refused).
    let base = kept("edit-base", id, || comment.revision);
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
    let body = comment.body.clone();
    let start_editing = {
        let (now, revision) = (comment.body.clone(), comment.revision);
        move |_| {
            // From the comment as it is now, which may have changed since the last edit began.
            if !editing.get_untracked() {
                text.set(now.clone());
                base.set(revision);
            }
            editing.set(true);
        }
    };
    view! {
        <p class="comment__who">
            <span class=format!("role role--{}", comment.role.as_str())>{comment.role.badge()}</span>
            " " <strong>{comment.author_name}</strong>
            " " <span class="hint">{crate::clock::date_time(comment.at)}</span>
            {comment.edited_at.map(|_| view! { " " <span class="hint">{t().edited}</span> })}
        </p>
        <Show when=move || editing.get() fallback=move || view! { <p class="comment__body">{body.clone()}</p> }>
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
            " " <button type="button" class="link-button" on:click=start_editing.clone()>{t().edit_comment}</button>
        })}
    }
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
        let threads = threads(vec![
            comment(1, None),
            comment(2, Some(1)),
            comment(3, None),
            comment(4, Some(1)),
        ]);
        let shape: Vec<(String, Vec<String>)> = threads
            .into_iter()
            .map(|(top, replies)| {
                (top.author_name, replies.into_iter().map(|r| r.author_name).collect())
            })
            .collect();
        assert_eq!(
            shape,
            [("1".to_owned(), vec!["2".to_owned(), "4".to_owned()]), ("3".to_owned(), vec![])]
        );
    }
}
