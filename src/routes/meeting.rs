//! One meeting in person: when and where, its notice (the days ahead counted, the committee
//! publishing it), attendance against the 2/3 lines, and sign-in at the door (签到), which an
//! officer's phone takes offline as well as online.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{
    ASSEMBLY_NOTICE_DAYS, Attendance, EntityId, Meeting, MeetingKind, OwnersVote, Proxy, Register,
    SignInRecord, Timestamp, Unit,
};

use crate::components::problem::Problem;
use crate::components::tally_bars::Bar;
use crate::hall::use_hall;
use crate::messages::t;
use crate::routes::meetings::{kind_name, people};
use crate::storage::{Store, StoreError};

/// Units found by a search, at most.
const FOUND: usize = 20;

mod proxies;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Data {
    meeting: Meeting,
    sign_ins: Vec<SignInRecord>,
    units: Vec<Unit>,
    proxies: Vec<Proxy>,
    agenda: Vec<Agenda>,
}

/// A vote on the meeting's agenda, with its matter's title.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Agenda {
    vote: OwnersVote,
    title: String,
}

/// The meeting's page. The store is read again after every change (another officer's
/// sign-ins arriving by sync among them), and each part follows what it shows; the parts a
/// person types into are drawn once, so a search or a reason being typed, and the focus,
/// stay as they are.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let hall = use_hall();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| EntityId::parse(&s).ok());
    let data = LocalResource::new(move || {
        let revision = hall.revision.get();
        let (store, id) = (hall.store(), id());
        async move {
            let read = async {
                let Some(id) = id else { return Ok(None) };
                let Some(meeting) = store.meeting(id).await? else { return Ok(None) };
                let sign_ins = store.sign_ins(id).await?;
                let units = store.units().await?;
                let proxies = store.proxies(id).await?;
                let mut agenda = Vec::new();
                for vote in &meeting.agenda {
                    let Some(vote) = store.vote(*vote).await? else { continue };
                    let title = store.proposal(vote.proposal).await?.map(|p| p.title);
                    agenda.push(Agenda { vote, title: title.unwrap_or_default() });
                }
                let data = Data { meeting, sign_ins, units, proxies, agenda };
                Ok::<_, StoreError>(Some(data))
            };
            (revision, read.await)
        }
    });
    let drawn = move || data.with(|read| read.as_ref().map(|(revision, _)| *revision));
    let loaded = Memo::new(move |_| {
        data.with(|read| match read {
            Some((_, Ok(Some(d)))) => Some(d.clone()),
            _ => None,
        })
    });
    view! {
        <div class="meeting-page" data-revision=drawn>
            {move || data.with(|read| match read {
                None => Some(view! { <p class="notice">{t().loading}</p> }.into_any()),
                Some((_, Err(e))) => Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any()),
                Some((_, Ok(None))) => Some(view! { <p class="notice">{t().not_found}</p> }.into_any()),
                Some((_, Ok(Some(_)))) => None,
            })}
            // Drawn once the meeting is read, and kept while it is there.
            <Show when=move || loaded.with(Option::is_some)>
                <MeetingView data=loaded />
            </Show>
        </div>
    }
}

#[component]
fn MeetingView(data: Memo<Option<Data>>) -> impl IntoView {
    let hall = use_hall();
    let meeting = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.meeting.clone())));
    let sign_ins = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.sign_ins.clone())));
    let units = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.units.clone())));
    let proxies = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.proxies.clone())));
    let agenda = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.agenda.clone())));
    let header = move || {
        meeting.get().map(|meeting| {
            view! {
                <h1 class="title">{meeting.title.clone()}</h1>
                <p class="meta">
                    <span class="badge">{kind_name(meeting.kind)}</span> " "
                    {crate::clock::date_time(meeting.starts_at)} " – " {crate::clock::time_of_day(meeting.ends_at)}
                    " · " {meeting.place.clone()}
                </p>
                <p class="hint">
                    {crate::messages::meetings::t().meeting_tellers} ": " {people(&meeting.tellers)} " · "
                    {crate::messages::meetings::t().meeting_scrutineers} ": " {people(&meeting.scrutineers)} " · "
                    {crate::messages::meetings::t().meeting_max_proxies} " " {meeting.max_proxies}
                </p>
                <p><a class="button" href=format!("/meetings/{}/minutes", meeting.id)>{crate::messages::meetings::t().meeting_minutes_link}</a></p>
                <Show when=move || hall.profile.read().as_ref().is_some_and(|p| p.role.takes_sign_ins())>
                    <p><a class="button" href=format!("/meetings/{}/doors", meeting.id)>{crate::messages::doors::t().meeting_link}</a></p>
                </Show>
            }
        })
    };
    // The matters decided at it, each a link to its matter and vote.
    let items = move || {
        agenda.get().filter(|a| !a.is_empty()).map(|items| {
            let list = items.into_iter().map(|item| {
                let href = format!("/m/{}", item.vote.proposal);
                view! { <li><a href=href>{item.title}</a></li> }
            });
            view! {
                <section class="panel">
                    <h2 class="section">{crate::messages::meetings::t().minutes_agenda}</h2>
                    <ol class="agenda">{list.collect_view()}</ol>
                </section>
            }
        })
    };
    view! {
        {header}
        {items}
        <NoticePanel meeting />
        <AttendancePanel units sign_ins />
        <SignInPanel meeting units sign_ins />
        <proxies::ProxiesPanel meeting units proxies agenda />
    }
}

/// The notice: when it went out and how many days ahead, or (for the committee) publishing
/// it, the days counted and a reason asked for when an assembly's are fewer than 15.
#[component]
fn NoticePanel(meeting: Memo<Option<Meeting>>) -> impl IntoView {
    let hall = use_hall();
    let calls = move || hall.profile.read().as_ref().is_some_and(|p| p.role.calls_meetings());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let publish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = meeting.with_untracked(|m| m.as_ref().map(|m| m.id)) else { return };
        let text = reason.get_untracked();
        let early_reason = (!text.trim().is_empty()).then_some(text);
        leptos::task::spawn_local(async move {
            match hall.apply(Mutation::PublishNotice { meeting: id, early_reason }).await {
                Ok(_) => {
                    hall.say(crate::messages::meetings::t().meeting_published.to_owned(), false)
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    // The notice as published, or the days it would be ahead if published now (whole days
    // change rarely: the form is drawn again only then).
    let state = Memo::new(move |_| {
        meeting.with(|m| {
            m.as_ref().map(|m| match &m.notice {
                Some(notice) => Ok((notice.clone(), m.days_ahead(notice.published_at))),
                None => {
                    let days = m.days_ahead(crate::device::now());
                    Err((days, m.kind == MeetingKind::Assembly && days < ASSEMBLY_NOTICE_DAYS))
                }
            })
        })
    });
    let body = move || {
        match state.get()? {
        Ok((notice, days)) => Some(
            view! {
                <p>{crate::messages::meetings::t().meeting_notice_on} " " {crate::clock::date_time(notice.published_at)} " · "
                   {crate::messages::meetings::t().meeting_days_ahead} " " {days} " " {t().days}</p>
                {notice.early_reason.map(|r| view! { <p class="hint">{crate::messages::meetings::t().meeting_early_reason} ": " {r}</p> })}
            }
            .into_any(),
        ),
        Err((days, short)) => Some(
            view! {
                <p>{crate::messages::meetings::t().meeting_notice_none}</p>
                <Show when=calls>
                    <form on:submit=publish novalidate>
                        <p class=if short { "error" } else { "hint" } role="status">
                            {crate::messages::meetings::t().meeting_days_if_today} " " {days} " " {t().days}
                            {short.then_some(crate::messages::meetings::t().meeting_notice_short)}
                        </p>
                        {short.then(|| view! {
                            <label class="field">
                                <span>{crate::messages::meetings::t().meeting_early_reason}</span>
                                <textarea name="early_reason" rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            </label>
                        })}
                        <Problem message=problem />
                        <button type="submit" class="button button--primary">{crate::messages::meetings::t().meeting_publish}</button>
                    </form>
                </Show>
            }
            .into_any(),
        ),
    }
    };
    view! {
        <section class="panel">
            <h2 class="section">{crate::messages::meetings::t().meeting_notice}</h2>
            {body}
        </section>
    }
}

#[component]
fn AttendancePanel(
    units: Memo<Option<Vec<Unit>>>,
    sign_ins: Memo<Option<Vec<SignInRecord>>>,
) -> impl IntoView {
    move || {
        let (units, sign_ins) = (units.get()?, sign_ins.get()?);
        let register = match Register::new(units) {
            Ok(register) if register.total_units() > 0 => register,
            Ok(_) => {
                return Some(view! { <p class="notice">{crate::messages::meetings::t().meeting_no_register}</p> }.into_any());
            }
            Err(e) => {
                return Some(
                    view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                );
            }
        };
        let a = Attendance::of(&register, &sign_ins);
        let (owners_met, area_met) = a.two_thirds();
        Some(view! {
            <section class="panel attendance">
                <h2 class="section">{t().attendance} " · " {t().line_two_thirds}</h2>
                <Bar label=t().by_area real=a.area.hundredths() deemed=0 whole=a.total_area.hundredths()
                    line=(2, 3) met=area_met text=format!("{} / {} ㎡", a.area, a.total_area) />
                <Bar label=t().by_owners real=u64::from(a.owners) deemed=0 whole=u64::from(a.total_owners)
                    line=(2, 3) met=owners_met text=format!("{} / {} {}", a.owners, a.total_owners, t().people) />
            </section>
        }
        .into_any())
    }
}

/// Why the door is closed, by this phone's clock (the server judges each sign-in by its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closed {
    NotYet(Timestamp),
    Over,
}

fn sign_in_open(meeting: &Meeting, now: Timestamp) -> Result<(), Closed> {
    let (opens, ends) = meeting.sign_in_window();
    if meeting.notice.is_none() || now < opens {
        Err(Closed::NotYet(opens))
    } else if now > ends {
        Err(Closed::Over)
    } else {
        Ok(())
    }
}

/// Sign-in at the door: find the owner by building, room, name or unit id; one tap signs in
/// the owner (all of their units). Who is in already shows, with when and by whom. The
/// search field is drawn once: what is found follows the sign-ins as they arrive.
#[component]
fn SignInPanel(
    meeting: Memo<Option<Meeting>>,
    units: Memo<Option<Vec<Unit>>>,
    sign_ins: Memo<Option<Vec<SignInRecord>>>,
) -> impl IntoView {
    let hall = use_hall();
    let takes = move || hall.profile.read().as_ref().is_some_and(|p| p.role.takes_sign_ins());
    let search = RwSignal::new(String::new());
    let open = Memo::new(move |_| {
        meeting.with(|m| m.as_ref().map(|m| sign_in_open(m, crate::device::now())))
    });
    let sign_in = move |unit: yishiting_domain::UnitId| {
        let Some(id) = meeting.with_untracked(|m| m.as_ref().map(|m| m.id)) else { return };
        leptos::task::spawn_local(async move {
            let said = format!("{unit} {}", crate::messages::meetings::t().meeting_signed_in);
            match hall.apply(Mutation::SignInOwner { meeting: id, unit }).await {
                Ok(_) => {
                    hall.say(said, false);
                    search.set(String::new());
                }
                Err(message) => hall.say(message, true),
            }
        });
    };
    let found = move || {
        let query = crate::device::lowercase(search.get().trim());
        if query.is_empty() {
            return Vec::new();
        }
        units.with(|units| {
            sign_ins.with(|signed| {
                let (Some(units), Some(signed)) = (units, signed) else { return Vec::new() };
                let found = units.iter().filter(|u| {
                    let text = format!(
                        "{} {} {} {}",
                        u.id,
                        u.building.as_deref().unwrap_or(""),
                        u.room.as_deref().unwrap_or(""),
                        u.owner_name.as_deref().unwrap_or("")
                    );
                    crate::device::lowercase(&text).contains(&query)
                });
                let first = |u: &Unit| signed.iter().find(|s| s.owner == u.owner).cloned();
                found.take(FOUND).map(|u| (u.clone(), first(u))).collect::<Vec<_>>()
            })
        })
    };
    let count = move || sign_ins.with(|s| s.as_ref().map_or(0, Vec::len));
    // A slip scanned at the door: its unit found in the register, shown with its 签到 button
    // (the officer taps it, as for a unit typed).
    let scanned = Callback::new(move |text: String| {
        let unit = crate::components::scan::slip_unit(&text);
        let known = unit.as_ref().is_some_and(|u| {
            units.with_untracked(|units| units.iter().flatten().any(|x| x.id.as_str() == u))
        });
        match unit.filter(|_| known) {
            Some(unit) => {
                hall.say(format!("{}{unit}", crate::messages::scan::t().slip_read), false);
                search.set(unit);
            }
            None => hall.say(crate::messages::scan::t().slip_unknown.to_owned(), true),
        }
    });
    view! {
        <section class="panel sign-in">
            <h2 class="section">{crate::messages::meetings::t().meeting_sign_in} " · " {count} " " {t().people}</h2>
            <Show when=move || takes() && open.with(|o| matches!(o, Some(Ok(()))))>
                <label class="field">
                    <span>{crate::messages::meetings::t().meeting_find}</span>
                    <input type="search" name="find" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                </label>
                <crate::components::scan::Scanner on_code=scanned />
                <ul class="found">
                    {move || found().into_iter().map(|(unit, first)| {
                        let label = format!("{} {}", unit.id, unit.owner_name.clone().unwrap_or_default());
                        match first {
                            Some(s) => view! {
                                <li><span>{label}</span> " " <span class="ok">{crate::messages::meetings::t().meeting_signed_in} " " {crate::clock::time_of_day(s.at)} " · " {s.recorded_by}</span></li>
                            }.into_any(),
                            None => {
                                let unit_id = unit.id.clone();
                                view! {
                                    <li><span>{label}</span> " "
                                        <button type="button" class="button" on:click=move |_| sign_in(unit_id.clone())>{crate::messages::meetings::t().meeting_sign_in}</button>
                                    </li>
                                }.into_any()
                            }
                        }
                    }).collect_view()}
                </ul>
            </Show>
            {move || match open.get() {
                Some(Err(Closed::NotYet(opens))) => Some(view! { <p class="hint">{crate::messages::meetings::t().meeting_sign_in_opens} " " {crate::clock::date_time(opens)}</p> }.into_any()),
                Some(Err(Closed::Over)) => Some(view! { <p class="hint">{crate::messages::meetings::t().meeting_sign_in_over}</p> }.into_any()),
                _ => None,
            }}
            <details>
                <summary>{crate::messages::meetings::t().meeting_signed_list}</summary>
                <ol class="signed">
                    {move || sign_ins.get().unwrap_or_default().into_iter().map(|s| view! {
                        <li>{s.unit.to_string()} " · " {crate::clock::time_of_day(s.at)} " · " {s.recorded_by}
                            {s.late.then_some(crate::messages::meetings::t().meeting_late)}</li>
                    }).collect_view()}
                </ol>
            </details>
        </section>
    }
}
