//! The minutes of a meeting (会议纪要 / 表决结果公告): one printable A4 record of when and where
//! it was held, its notice and how many days ahead (and why, if fewer than 15), who came
//! against the 2/3 lines, the written authorisations, each matter on its agenda with its
//! deliveries, its paper sheets and how they were entered, its duplicates, its sealed count
//! and verdict, the officers, and lines for the 计票人 and 监票人 to sign. What only the
//! roles that receive every ballot hold (deliveries, sheets, duplicates, proxies) is printed
//! from a device that holds it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

use yishiting_domain::records::{BallotRecord, DeliveryMethod, DeliveryRecord};
use yishiting_domain::{
    Attendance, Channel, EntityId, Meeting, OwnersVote, PaperSheet, Proposal, Proxy, Register,
    SheetState, percent,
};

use crate::hall::use_hall;
use crate::messages::t;
use crate::routes::meetings::{kind_name, people};
use crate::routes::notice::{Printable, ResultTable, Sealed};
use crate::storage::{Store, StoreError};

/// One matter decided at the meeting, as printed.
#[derive(Debug, Clone)]
struct Decided {
    proposal: Option<Proposal>,
    vote: OwnersVote,
    count: Printable,
    /// Whether this device holds every ballot, so that its count by channel is whole.
    sees_all: bool,
    /// What only a device that holds every ballot knows: the deliveries, the paper sheets
    /// and the duplicates.
    records: Option<VoteRecords>,
}

#[derive(Debug, Clone)]
struct VoteRecords {
    deliveries: Vec<DeliveryRecord>,
    /// The register's units, for "of how many".
    units: usize,
    sheets: Vec<PaperSheet>,
    duplicates: Vec<BallotRecord>,
}

#[derive(Debug, Clone)]
struct Minutes {
    meeting: Meeting,
    attendance: Option<Attendance>,
    late: usize,
    decided: Vec<Decided>,
    /// The meeting's authorisations and the ballots cast through them, where the device holds
    /// them (the committee's and officers').
    proxies: Vec<Proxy>,
    proxy_ballots: usize,
}

async fn load(
    store: &crate::hall::DeviceStore,
    link: Option<crate::storage::Link>,
    id: EntityId,
) -> Result<Option<Minutes>, StoreError> {
    let Some(meeting) = store.meeting(id).await? else { return Ok(None) };
    let sign_ins = store.sign_ins(id).await?;
    let register = Register::new(store.units().await?).ok().filter(|r| r.total_units() > 0);
    let units = register.as_ref().map_or(0, Register::total_units);
    let attendance = register.map(|r| Attendance::of(&r, &sign_ins));
    let late = sign_ins.iter().filter(|s| s.late).count();
    let sees_all =
        link.as_ref().is_none_or(|l| l.account.role.is_some_and(|r| r.sees_every_ballot()));
    let proxies = store.proxies(id).await?;
    let mut proxy_ballots = 0;
    let mut decided = Vec::new();
    for vote_id in &meeting.agenda {
        let Some(vote) = store.vote(*vote_id).await? else { continue };
        let proposal = store.proposal(vote.proposal).await?;
        let count = crate::routes::notice::printable(store, link.clone(), vote.clone()).await?;
        let ballots = store.ballots(vote.id).await?;
        proxy_ballots += ballots
            .iter()
            .filter(|b| {
                b.duplicate_of.is_none()
                    && b.proxy.is_some_and(|p| proxies.iter().any(|x| x.id == p))
            })
            .count();
        let records = match sees_all {
            true => Some(VoteRecords {
                deliveries: store.deliveries(vote.id).await?,
                units,
                sheets: store.sheets(vote.id).await?,
                duplicates: ballots.into_iter().filter(|b| b.duplicate_of.is_some()).collect(),
            }),
            false => None,
        };
        decided.push(Decided { proposal, vote, count, sees_all, records });
    }
    Ok(Some(Minutes { meeting, attendance, late, decided, proxies, proxy_ballots }))
}

#[component]
pub fn MinutesPage() -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        hall.revision.track();
        connection.synced.track();
        let (store, link) = (hall.store(), connection.link.get_untracked());
        let id = params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
        async move {
            match id {
                Some(id) => load(&store, link, id).await,
                None => Ok(None),
            }
        }
    });
    move || {
        data.get().map(|result| match result {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(None) => view! { <p class="notice">{t().not_found}</p> }.into_any(),
            Ok(Some(minutes)) => view! { <MinutesSheet minutes /> }.into_any(),
        })
    }
}

/// The channel's name on the minutes.
fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Online => t().channel_online,
        Channel::Meeting => t().channel_meeting,
        Channel::Paper => t().channel_paper,
        Channel::Proxy => t().channel_proxy,
    }
}

#[component]
fn MinutesSheet(minutes: Minutes) -> impl IntoView {
    let hall = use_hall();
    let community = hall.community.get_untracked().map(|c| c.name).unwrap_or_default();
    let Minutes { meeting: m, attendance, late, decided, proxies, proxy_ballots } = minutes;
    let proxies = (!proxies.is_empty()).then(|| {
        let w = crate::messages::meetings::t();
        let revoked = proxies.iter().filter(|p| p.revoked.is_some()).count();
        view! {
            <p><strong>{w.minutes_proxies}</strong>
               {format!("{}{}{}{revoked}{}{proxy_ballots}{}", w.minutes_proxies_recorded, proxies.len(),
                   w.minutes_proxies_revoked, w.minutes_proxies_used, w.minutes_proxies_ballots)}</p>
        }
    });
    let notice = match &m.notice {
        Some(n) => view! {
            <p><strong>{crate::messages::meetings::t().minutes_notice}</strong>
               {crate::clock::date_time(n.published_at)} "，" {crate::messages::meetings::t().meeting_days_ahead} " "
               {m.days_ahead(n.published_at)} " " {t().days}</p>
            {n.early_reason.clone().map(|r| view! { <p><strong>{crate::messages::meetings::t().meeting_early_reason} "："</strong> {r}</p> })}
        }
        .into_any(),
        None => view! { <p><strong>{crate::messages::meetings::t().minutes_notice}</strong> {crate::messages::meetings::t().meeting_notice_none}</p> }.into_any(),
    };
    let attendance = match attendance {
        Some(a) => {
            let (owners_met, area_met) = a.two_thirds();
            let met = if owners_met && area_met {
                crate::messages::meetings::t().minutes_two_thirds_met
            } else {
                crate::messages::meetings::t().minutes_two_thirds_not_met
            };
            view! {
                <p><strong>{crate::messages::meetings::t().minutes_attendance}</strong>
                   {t().by_owners} " " {a.owners} " / " {a.total_owners} " " {t().people} "（"
                   {percent(u64::from(a.owners), u64::from(a.total_owners))} "），"
                   {t().by_area} " " {a.area.to_string()} " / " {a.total_area.to_string()} " ㎡（"
                   {percent(a.area.hundredths(), a.total_area.hundredths())} "）。" {met}</p>
                {(late > 0).then(|| view! { <p class="hint">{crate::messages::meetings::t().minutes_late} " " {late} " " {t().people}</p> })}
            }
            .into_any()
        }
        None => view! { <p>{crate::messages::meetings::t().meeting_no_register}</p> }.into_any(),
    };
    let decided_view = if decided.is_empty() {
        view! { <p>{crate::messages::meetings::t().minutes_no_agenda}</p> }.into_any()
    } else {
        decided
            .into_iter()
            .enumerate()
            .map(|(n, d)| view! { <DecidedMatter n=n + 1 d /> })
            .collect_view()
            .into_any()
    };
    let now = crate::device::now();
    view! {
        <article class="notice-sheet minutes">
            <p class="no-print">
                <button type="button" class="button button--primary" on:click=move |_| crate::device::print()>{crate::messages::meetings::t().minutes_print}</button>
            </p>
            <h1 class="notice-sheet__title">{community} " " {m.title.clone()}</h1>
            <p class="notice-sheet__subtitle">{crate::messages::meetings::t().minutes_heading}</p>
            <p><strong>{crate::messages::meetings::t().meeting_kind} "："</strong> {kind_name(m.kind)}</p>
            <p><strong>{crate::messages::meetings::t().minutes_time}</strong> {crate::clock::date_time(m.starts_at)} " – " {crate::clock::time_of_day(m.ends_at)}</p>
            <p><strong>{crate::messages::meetings::t().meeting_place} "："</strong> {m.place.clone()}</p>
            {notice}
            {attendance}
            {proxies}
            <h2 class="section">{crate::messages::meetings::t().minutes_agenda}</h2>
            {decided_view}
            <p><strong>{crate::messages::meetings::t().meeting_tellers} "："</strong> {people(&m.tellers)}</p>
            <p><strong>{crate::messages::meetings::t().meeting_scrutineers} "："</strong> {people(&m.scrutineers)}</p>
            <div class="minutes__signatures">
                <p>{crate::messages::meetings::t().minutes_sign_tellers}</p>
                <p>{crate::messages::meetings::t().minutes_sign_scrutineers}</p>
            </div>
            <p class="notice-sheet__sign">{crate::messages::notice::t().notice_sign}</p>
            <p class="notice-sheet__sign">{crate::clock::date(now)}</p>
        </article>
    }
}

#[component]
fn DecidedMatter(n: usize, d: Decided) -> impl IntoView {
    let Decided { proposal, vote, count, sees_all, records } = d;
    let records = records.map(|r| view! { <VoteRecordsLines r /> });
    let title = proposal.map(|p| p.title).unwrap_or_default();
    let result = match count {
        Printable::Sealed(sealed) => {
            let Sealed { vote, outcome, by_channel } = *sealed;
            // By channel, only beside the sealed count it adds up to.
            let channels = sees_all.then(|| {
                let text = by_channel
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(c, n)| format!("{} {n}", channel_name(*c)))
                    .collect::<Vec<_>>()
                    .join("，");
                view! { <p><strong>{crate::messages::meetings::t().minutes_channels}</strong> {text}</p> }
            });
            let seal = vote.sealed.map(|s| view! { <p><strong>{crate::messages::notice::t().notice_sealed}</strong> {crate::clock::date_time(s.at)} " · " {s.by}</p> });
            view! { {channels} {seal} <ResultTable outcome /> }.into_any()
        }
        not_yet => view! { <p class="notice">{not_yet.why_not()}</p> }.into_any(),
    };
    view! {
        <section class="minutes__matter">
            <h3>{n} ". " {title}</h3>
            <p><strong>{crate::messages::notice::t().notice_kind}</strong> {format!("{}{}（{}），{}", t().art_278, vote.matter, vote.matter.chinese(), vote.matter.threshold().chinese())}</p>
            <p><strong>{crate::messages::notice::t().notice_period}</strong> {crate::clock::date_time(vote.opens_at)} " — " {crate::clock::date_time(vote.closes_at)}</p>
            {records}
            {result}
        </section>
    }
}

/// A matter's deliveries by how, its paper sheets by how they were entered, and its
/// duplicates, one line each.
#[component]
fn VoteRecordsLines(r: VoteRecords) -> impl IntoView {
    let w = crate::messages::meetings::t();
    let mut by_method: BTreeMap<Option<DeliveryMethod>, usize> = BTreeMap::new();
    for d in &r.deliveries {
        *by_method.entry(d.method).or_default() += 1;
    }
    let methods = by_method
        .into_iter()
        .map(|(method, n)| {
            let name = method.map_or(w.minutes_method_unsaid, crate::components::vote::method_name);
            format!("{name} {n}")
        })
        .collect::<Vec<_>>()
        .join("，");
    let delivered = format!(
        "{}{}{}{}{}{}",
        w.minutes_delivered,
        r.units,
        w.minutes_of_units,
        r.deliveries.len(),
        w.minutes_units,
        if methods.is_empty() { String::new() } else { format!("（{methods}）") },
    );
    let count = |state: SheetState| r.sheets.iter().filter(|s| s.state() == state).count();
    let settled =
        r.sheets.iter().filter(|s| s.state() == SheetState::Entered && s.entries.len() > 2).count();
    let entered = count(SheetState::Entered);
    let paper = (!r.sheets.is_empty()).then(|| {
        let line = format!(
            "{}{}{}{}{}{settled}{}{}{}{}{}",
            w.minutes_paper_entered,
            r.sheets.len(),
            w.minutes_paper_alike,
            entered - settled,
            w.minutes_paper_settled,
            w.minutes_paper_mismatch,
            count(SheetState::Mismatch),
            w.minutes_paper_once,
            count(SheetState::Once),
            w.minutes_sheets,
        );
        view! { <p><strong>{w.minutes_paper}</strong> {line}</p> }
    });
    let duplicates = if r.duplicates.is_empty() {
        w.minutes_none.to_owned()
    } else {
        r.duplicates
            .iter()
            .map(|b| format!("{}（{}）", b.unit, channel_name(b.channel)))
            .collect::<Vec<_>>()
            .join("、")
    };
    view! {
        <p><strong>{w.minutes_deliveries}</strong> {delivered}</p>
        {paper}
        <p><strong>{w.minutes_duplicates}</strong> {duplicates}</p>
    }
}
