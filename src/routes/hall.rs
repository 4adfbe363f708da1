//! The hall: the community's matters, newest activity first, filtered by stage and searched.
//! The filter and the search live in the URL (`/?stage=deciding&q=停车`).

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_navigate, use_query_map};
use yishiting_domain::Stage;
use yishiting_domain::records::Card;

use crate::clock::ago;
use crate::components::stage_badge::StageBadge;
use crate::hall::use_hall;
use crate::messages::t;
use crate::storage::Store;

const PAGE: usize = 30;

#[component]
pub fn HallPage() -> impl IntoView {
    let hall = use_hall();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let stage = move || query.read().get("stage").and_then(|s| stage_from_slug(&s));
    let cards = LocalResource::new(move || {
        hall.revision.track();
        let store = hall.store();
        async move { store.cards().await }
    });
    let shown = RwSignal::new(PAGE);
    let navigate = use_navigate();
    let on_search = move |ev| {
        let q = event_target_value(&ev);
        let stage = stage().map(stage_slug);
        navigate(
            &hall_url(stage, &q),
            leptos_router::NavigateOptions { replace: true, ..Default::default() },
        );
    };
    view! {
        <Show when=move || hall.community.read().is_some() fallback=|| view! { <Redirect path="/welcome" /> }>
            <p class="tagline">{t().hall_tagline}</p>
            <label class="field field--search">
                <span class="visually-hidden">{t().search_label}</span>
                <input type="search" placeholder=t().search_hint aria-label=t().search_label prop:value=search on:input=on_search.clone() />
            </label>
            <nav class="chips" aria-label="议题阶段">
                <a href=move || hall_url(None, &search()) class="chip" aria-current=move || stage().is_none().then_some("page")>
                    {t().all_stages}
                </a>
                {Stage::STEPS
                    .into_iter()
                    .chain([Stage::Withdrawn, Stage::Rejected])
                    .map(|s| {
                        view! {
                            <a href=move || hall_url(Some(stage_slug(s)), &search()) class="chip" aria-current=move || (stage() == Some(s)).then_some("page")>
                                {s.chinese()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            {move || {
                cards.get().map(|result| match result {
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(all) => {
                        let total = all.len();
                        let matching = filter_cards(all, &search(), stage());
                        let now = crate::device::now();
                        let empty = if total == 0 { t().no_matters } else { t().no_match };
                        let count = matching.len();
                        view! {
                            <Show when=move || count == 0>
                                <p class="notice">{empty}</p>
                            </Show>
                            <ul class="matters">
                                {matching.into_iter().take(shown.get()).map(|card| view! { <MatterCard card now /> }).collect_view()}
                            </ul>
                            <Show when=move || { count > shown.get() }>
                                <p class="more">
                                    {t().shown_of} " " {move || shown.get().min(count)} " / " {count}
                                    <button type="button" class="button" on:click=move |_| shown.update(|n| *n += PAGE)>{t().more}</button>
                                </p>
                            </Show>
                        }
                        .into_any()
                    }
                })
            }}
        </Show>
    }
}

#[component]
fn MatterCard(card: Card, now: yishiting_domain::Timestamp) -> impl IntoView {
    let vote = card.vote.as_ref().map(|v| {
        let state = if now < v.closes_at { t().voting } else { t().vote_closed };
        format!(" · {state} {} {}", v.ballots, t().ballots)
    });
    view! {
        <li class="matter">
            <A href=format!("/m/{}", card.id) attr:class="matter__link">
                <StageBadge stage=card.stage />
                <span class="matter__title">{card.title}</span>
                <span class="matter__meta">
                    {card.comments} " " {t().comments} {vote} " · " {ago(now, card.last_activity)}
                </span>
            </A>
        </li>
    }
}

fn hall_url(stage: Option<&str>, search: &str) -> String {
    let mut params = Vec::new();
    if let Some(stage) = stage {
        params.push(format!("stage={stage}"));
    }
    if !search.trim().is_empty() {
        params.push(format!("q={}", String::from(js_sys::encode_uri_component(search.trim()))));
    }
    if params.is_empty() { "/".to_owned() } else { format!("/?{}", params.join("&")) }
}

pub fn stage_slug(stage: Stage) -> &'static str {
    match stage {
        Stage::Collecting => "collecting",
        Stage::Proposed => "proposed",
        Stage::Deliberating => "deliberating",
        Stage::Deciding => "deciding",
        Stage::FollowingUp => "following-up",
        Stage::Published => "published",
        Stage::Withdrawn => "withdrawn",
        Stage::Rejected => "rejected",
    }
}

fn stage_from_slug(slug: &str) -> Option<Stage> {
    Stage::STEPS
        .into_iter()
        .chain([Stage::Withdrawn, Stage::Rejected])
        .find(|s| stage_slug(*s) == slug)
}

/// The cards at `stage` (all when `None`) whose title or category contains every word of
/// `search`, in the order given.
pub fn filter_cards(cards: Vec<Card>, search: &str, stage: Option<Stage>) -> Vec<Card> {
    let words: Vec<String> = search.split_whitespace().map(crate::device::lowercase).collect();
    cards
        .into_iter()
        .filter(|c| stage.is_none_or(|s| c.stage == s))
        .filter(|c| {
            let text = crate::device::lowercase(&format!("{} {}", c.title, c.category));
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yishiting_domain::{EntityId, Timestamp};

    fn card(n: u8, title: &str, stage: Stage) -> Card {
        Card {
            id: EntityId::from_random_bytes([n; 16]),
            title: title.to_owned(),
            category: "其他".to_owned(),
            stage,
            comments: 0,
            last_activity: Timestamp(0),
            vote: None,
        }
    }

    #[test]
    fn filters_by_stage_and_every_word() {
        let cards = vec![
            card(1, "两停三不停公约", Stage::Deciding),
            card(2, "阳台花盆护栏", Stage::Collecting),
            card(3, "地库停车收费", Stage::Collecting),
        ];
        let titles = |v: Vec<Card>| v.into_iter().map(|c| c.title).collect::<Vec<_>>();
        assert_eq!(titles(filter_cards(cards.clone(), "", None)).len(), 3);
        assert_eq!(titles(filter_cards(cards.clone(), "停车", None)), ["地库停车收费"]);
        assert_eq!(
            titles(filter_cards(cards.clone(), "停车 收费", Some(Stage::Collecting))),
            ["地库停车收费"]
        );
        assert_eq!(
            titles(filter_cards(cards.clone(), "", Some(Stage::Deciding))),
            ["两停三不停公约"]
        );
        assert_eq!(titles(filter_cards(cards, "花盆", Some(Stage::Deciding))).len(), 0);
    }

    #[test]
    fn stage_slugs_round_trip() {
        for stage in Stage::STEPS.into_iter().chain([Stage::Withdrawn, Stage::Rejected]) {
            assert_eq!(stage_from_slug(stage_slug(stage)), Some(stage));
        }
        assert_eq!(stage_from_slug("nope"), None);
    }
}
