//! Paper ballot sheets (纸质表决票) of a matter's owners' vote: printing one numbered sheet per
//! owner (`?print`), and entering the collected sheets twice, by two people, with the
//! mismatches listed for a third person to settle from the paper (DOMAIN.md, "Paper sheets";
//! the rule is `yishiting_domain::PaperSheet`). Read from the device's store, so an officer's
//! phone enters sheets offline; the server decides when the entries of two phones meet.
//!
//! A sheet waiting for its second entry shows who entered it but not what they read: the
//! second person reads the paper, not the first person's screen.

use std::collections::BTreeMap;

use crate::routes::notice::matter_vote;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use yishiting_domain::mutation::{Applied, Mutation};
use yishiting_domain::{
    Channel, Choice, EntityId, OwnerKey, OwnersVote, PaperSheet, Proposal, Role, SheetState, Unit,
    UnitId, sheet_number,
};

use crate::components::problem::Problem;
use crate::hall::use_hall;
use crate::messages::sheets::t as words;
use crate::storage::{Store, StoreError};

/// One owner's sheet: its number and the owner's units, as the register has them.
#[derive(Debug, Clone)]
struct OwnerSheet {
    number: String,
    units: Vec<Unit>,
}

#[derive(Debug, Clone)]
struct Paper {
    proposal: Proposal,
    vote: OwnersVote,
    /// By the first unit's building and room.
    owners: Vec<OwnerSheet>,
    sheets: Vec<PaperSheet>,
}

#[derive(Debug, Clone)]
enum Loaded {
    Missing,
    NotForRole,
    Paper(Box<Paper>),
}

async fn load(
    store: &crate::hall::DeviceStore,
    id: EntityId,
    role: Option<Role>,
) -> Result<Loaded, StoreError> {
    let Some((proposal, vote)) = matter_vote(store, id).await? else { return Ok(Loaded::Missing) };
    if !role.is_some_and(|r| r.may_cast_through(Channel::Paper)) {
        return Ok(Loaded::NotForRole);
    }
    let mut by_owner: BTreeMap<OwnerKey, Vec<Unit>> = BTreeMap::new();
    for unit in store.units().await? {
        by_owner.entry(unit.owner.clone()).or_default().push(unit);
    }
    let order = |u: &Unit| (u.building.clone().unwrap_or_default(), u.room.clone(), u.id.clone());
    let mut owners: Vec<OwnerSheet> = by_owner
        .into_iter()
        .map(|(owner, mut units)| {
            units.sort_by_key(order);
            OwnerSheet { number: sheet_number(vote.id, &owner), units }
        })
        .collect();
    owners.sort_by_key(|o| o.units.first().map(order));
    let sheets = store.sheets(vote.id).await?;
    Ok(Loaded::Paper(Box::new(Paper { proposal, vote, owners, sheets })))
}

#[component]
pub fn SheetsPage() -> impl IntoView {
    let hall = use_hall();
    let params = use_params_map();
    let query = use_query_map();
    let data = LocalResource::new(move || {
        hall.revision.track();
        let store = hall.store();
        let role = hall.profile.read().as_ref().map(|p| p.role);
        let id = params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
        async move {
            match id {
                Some(id) => load(&store, id, role).await,
                None => Ok(Loaded::Missing),
            }
        }
    });
    let printing = move || query.read().get("print").is_some();
    let paper = move || match data.get() {
        Some(Ok(Loaded::Paper(paper))) => Some(*paper),
        _ => None,
    };
    // The form is drawn once for its vote: what is typed, a refusal said, and a camera that is
    // reading outlive the lists, which follow the store (every entry and sync changes it).
    let vote = Memo::new(move |_| paper().filter(|_| !printing()).map(|p| p.vote.id));
    let form = Form::default();
    let heading = move || {
        data.get().map(|result| match result {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(Loaded::Missing) => {
                view! { <p class="notice">{crate::messages::notice::t().notice_missing}</p> }
                    .into_any()
            }
            Ok(Loaded::NotForRole) => {
                view! { <p class="notice">{words().not_for_role}</p> }.into_any()
            }
            Ok(Loaded::Paper(paper)) if printing() => {
                view! { <PrintSheets paper=*paper /> }.into_any()
            }
            Ok(Loaded::Paper(paper)) => view! { <Summary paper=*paper /> }.into_any(),
        })
    };
    let waiting =
        move || paper().filter(|_| !printing()).map(|paper| view! { <Waiting paper form /> });
    view! {
        {heading}
        {move || vote.get().map(|vote| view! { <EntryForm vote form /> })}
        {waiting}
    }
}

/// What the entry form holds, shared with the settle buttons of the mismatches.
#[derive(Debug, Clone, Copy)]
struct Form {
    number: RwSignal<String>,
    unit: RwSignal<String>,
    problem: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            number: RwSignal::new(String::new()),
            unit: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }
}

/// The sheets' heading: the rule, how many are entered and wait, and the print link.
#[component]
fn Summary(paper: Paper) -> impl IntoView {
    let count = |state: SheetState| paper.sheets.iter().filter(|s| s.state() == state).count();
    let summary = format!(
        "{}{}{}{}{}{}{}",
        words().summary_counted,
        count(SheetState::Entered),
        words().summary_once,
        count(SheetState::Once),
        words().summary_mismatch,
        count(SheetState::Mismatch),
        words().summary_sheets,
    );
    view! {
        <section class="panel" aria-labelledby="sheets-title">
            <h1 class="title" id="sheets-title">{words().heading}</h1>
            <p><strong>{crate::messages::notice::t().notice_matter}</strong> {paper.proposal.title.clone()}</p>
            <p class="hint">{words().rule}</p>
            <p class="sheets__summary" role="status">{summary}</p>
            <a class="button" href=format!("/m/{}/sheets?print", paper.proposal.id)>{words().print_link}</a>
        </section>
    }
}

/// Entering one sheet as read from the paper. On a phone signed in to a server the verdict
/// (first entry, agreeing, differing) is the server's, once synced: the phone says the entry
/// waits; on a phone alone its own rules decide.
#[component]
fn EntryForm(vote: EntityId, form: Form) -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let Form { number, unit, problem, busy } = form;
    let enter = move |choice: Choice| {
        let Ok(unit_id) = UnitId::parse(unit.get_untracked().trim()) else {
            problem.set(Some(crate::messages::t().unit_needed.to_owned()));
            return;
        };
        let typed = number.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let label = format!("{} {unit_id}", typed.trim());
            let result = hall
                .apply(Mutation::CastBallot {
                    id: crate::device::new_id(),
                    vote,
                    unit: unit_id,
                    choice,
                    channel: Channel::Paper,
                    sheet: Some(typed),
                    proxy: None,
                })
                .await;
            busy.set(false);
            // An entry recorded clears the form for the next sheet (a mismatch is said as a
            // warning); a refusal keeps what was typed, to correct it.
            let (said, warn) = match result {
                _ if result.is_ok() && connection.link.get_untracked().is_some() => {
                    (format!("{} · {}", choice.chinese(), words().entered_waiting), false)
                }
                Ok(Applied::SheetEntered) => (words().entered_once.to_owned(), false),
                Ok(Applied::SheetMismatch) => (words().mismatch.to_owned(), true),
                Ok(_) => (format!("{} {}", choice.chinese(), crate::messages::t().counted), false),
                Err(message) => {
                    problem.set(Some(format!("{label}：{message}")));
                    return;
                }
            };
            problem.set(None);
            number.set(String::new());
            unit.set(String::new());
            hall.say(format!("{label}：{said}"), warn);
        });
    };
    let choices = Choice::ALL
        .into_iter()
        .map(|choice| {
            let class = format!("button button--choice button--{}", choice.as_str());
            view! { <button type="button" class=class disabled=move || busy.get() on:click=move |_| enter(choice)>{choice.chinese()}</button> }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="sheets-enter">
            <h2 class="section" id="sheets-enter">{words().enter_title}</h2>
            <crate::components::scan::Scanner on_code=Callback::new(move |text: String| number.set(text)) />
            <label class="field">
                <span>{words().number}</span>
                <input type="text" name="sheet" inputmode="numeric" autocomplete="off" placeholder="0000-0000"
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{words().unit}</span>
                <input type="text" name="sheet-unit" autocomplete="off" placeholder=crate::messages::t().profile_unit_hint
                    prop:value=move || unit.get() on:input=move |ev| unit.set(event_target_value(&ev)) />
            </label>
            <p class="field"><span>{words().choice}</span></p>
            <div class="choices">{choices}</div>
            <Problem message=problem />
        </section>
    }
}

/// The sheets that wait: mismatches with both readings, each with a button for a third
/// person to settle it, and those entered once (without their reading).
#[component]
fn Waiting(paper: Paper, form: Form) -> impl IntoView {
    let hall = use_hall();
    let me = hall.profile.get_untracked().map(|p| p.id).unwrap_or_default();
    let units_of: BTreeMap<String, String> = paper
        .owners
        .iter()
        .map(|o| {
            let units = o.units.iter().map(|u| u.id.to_string()).collect::<Vec<_>>().join("、");
            (o.number.clone(), units)
        })
        .collect();
    let once: Vec<&PaperSheet> =
        paper.sheets.iter().filter(|s| s.state() == SheetState::Once).collect();
    let mismatches: Vec<&PaperSheet> =
        paper.sheets.iter().filter(|s| s.state() == SheetState::Mismatch).collect();
    let nothing_waits = once.is_empty() && mismatches.is_empty();
    let settle_rows = mismatches
        .into_iter()
        .map(|sheet| {
            let mine = sheet.entered_by(&me);
            let entries = sheet
                .entries
                .iter()
                .map(|e| {
                    view! {
                        <li>{format!("{} {} · {}：{}", e.unit, e.choice.chinese(), words().entered_by, e.recorded_by)}</li>
                    }
                })
                .collect_view();
            let (n, u) = (sheet.number.clone(), sheet.entries[0].unit.to_string());
            view! {
                <li class="sheets__mismatch">
                    <p><strong>{sheet.number.clone()}</strong> " " {units_of.get(&sheet.number).cloned()}</p>
                    <ul class="plain">{entries}</ul>
                    {if mine {
                        view! { <p class="hint">{words().yours_settle}</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button" on:click=move |_| {
                                form.number.set(n.clone());
                                form.unit.set(u.clone());
                            }>{words().settle}</button>
                        }.into_any()
                    }}
                </li>
            }
        })
        .collect_view();
    let once_rows = once
        .into_iter()
        .map(|sheet| {
            let by = sheet.entries.first().map(|e| e.recorded_by.clone()).unwrap_or_default();
            let mine = sheet.entered_by(&me).then_some(words().yours);
            view! {
                <li>
                    <strong>{sheet.number.clone()}</strong> " " {units_of.get(&sheet.number).cloned()}
                    " · " {words().entered_by} "：" {by} {mine}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="sheets-waiting">
            <h2 class="section" id="sheets-waiting">{words().mismatches_title}</h2>
            {nothing_waits.then(|| view! { <p class="hint">{words().none_waiting}</p> })}
            <ul class="plain sheets__mismatches">{settle_rows}</ul>
            <h2 class="section">{words().once_title}</h2>
            <ul class="plain sheets__once">{once_rows}</ul>
        </section>
    }
}

/// One A4 sheet per owner: the matter, the owner's units and areas, the number and its QR
/// code, three boxes, and lines to sign. The QR codes are drawn first (their encoder comes
/// in a chunk of its own), then every sheet.
#[component]
fn PrintSheets(paper: Paper) -> impl IntoView {
    let numbers: Vec<String> = paper.owners.iter().map(|o| o.number.clone()).collect();
    let codes = LocalResource::new(move || crate::components::scan::draw(numbers.clone()));
    let paper = StoredValue::new(paper);
    move || codes.get().map(|codes| view! { <Sheets paper=paper.get_value() codes /> })
}

#[component]
fn Sheets(paper: Paper, codes: Vec<String>) -> impl IntoView {
    let hall = use_hall();
    let community = hall.community.get_untracked().map(|c| c.name).unwrap_or_default();
    let deadline = crate::clock::date_time(paper.vote.closes_at);
    let title = paper.proposal.title.clone();
    let body = paper.proposal.body.clone();
    let matter = paper.vote.matter;
    let kind = format!(
        "{}{}（{}），{}",
        crate::messages::t().art_278,
        matter,
        matter.chinese(),
        matter.threshold().chinese()
    );
    let sheets = paper
        .owners
        .into_iter()
        .zip(codes)
        .map(|(owner, qr)| {
            let units = owner
                .units
                .iter()
                .map(|u| format!("{}（{}{}）", u.id, u.area, words().square_metres))
                .collect::<Vec<_>>()
                .join("、");
            let owner_name = owner.units.iter().find_map(|u| u.owner_name.clone());
            let boxes = Choice::ALL
                .into_iter()
                .map(|c| view! { <td><span class="ballot-sheet__box" aria-hidden="true"></span> {c.chinese()}</td> })
                .collect_view();
            view! {
                <article class="notice-sheet ballot-sheet">
                    <h1 class="notice-sheet__title">{community.clone()} " " {words().sheet_title}</h1>
                    <div class="ballot-sheet__head">
                        <p class="ballot-sheet__number">{words().sheet_number} " " <strong>{owner.number.clone()}</strong></p>
                        <div class="ballot-sheet__qr" inner_html=qr></div>
                    </div>
                    {owner_name.map(|name| view! { <p><strong>{words().sheet_owner}</strong> " " {name}</p> })}
                    <p><strong>{words().sheet_owner_units}</strong> " " {units}</p>
                    <p><strong>{words().sheet_matter} "："</strong> {title.clone()}</p>
                    <p class="ballot-sheet__body">{body.clone()}</p>
                    <p><strong>{words().sheet_kind}</strong> {kind.clone()}</p>
                    <table class="breakdown ballot-sheet__table">
                        <tbody><tr>{boxes}</tr></tbody>
                    </table>
                    <p>{words().sheet_mark}</p>
                    <p><strong>{words().sheet_deadline}</strong> {deadline.clone()}</p>
                    <p class="hint">{words().sheet_return}</p>
                    <p class="ballot-sheet__sign">{words().sheet_sign} "＿＿＿＿＿＿＿＿　" {words().sheet_date} "＿＿＿＿＿＿"</p>
                </article>
            }
        })
        .collect_view();
    view! {
        <p class="no-print">
            <button type="button" class="button button--primary" on:click=move |_| crate::device::print()>{words().print}</button>
        </p>
        {sheets}
    }
}
