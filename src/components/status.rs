//! The status line, always visible in the header: online or offline and, when signed in to a
//! community's server, how many changes wait, whether a sync is under way or failed, and
//! when the last one finished.

use leptos::prelude::*;
use yishiting_domain::Timestamp;

use crate::connection::Phase;
use crate::hall::use_hall;
use crate::messages::t;

/// What the sync line says when no round is under way, signed in to a server; `time` adds
/// when the last sync finished.
fn settled(phase: Phase, waiting: usize, last_sync: Option<Timestamp>, time: bool) -> String {
    match phase {
        Phase::SignInNeeded => t().sign_in_again.to_owned(),
        Phase::Failed(why) if waiting > 0 => format!("{waiting} {} · {why}", t().sync_waiting),
        Phase::Failed(why) => format!("{}{why}", t().sync_failed),
        _ if waiting > 0 => format!("{waiting} {}", t().sync_waiting),
        _ => match last_sync {
            Some(at) if time => {
                format!("{} · {}", t().sync_all_sent, crate::clock::time_of_day(at))
            }
            Some(_) => t().sync_all_sent.to_owned(),
            None => t().sync_never.to_owned(),
        },
    }
}

#[component]
pub(crate) fn ConnectionStatus() -> impl IntoView {
    let hall = use_hall();
    let connection = crate::connection::use_connection();
    let online = move || connection.online.get();
    let net = move || if online() { t().online } else { t().offline };
    // What the sync line would say when settled: None when not signed in to a server.
    let when_settled = move |time: bool| {
        let last_sync = connection.link.read().as_ref()?.last_sync;
        Some(settled(connection.phase.get(), connection.pending.get(), last_sync, time))
    };
    let sync_line = move || match connection.phase.get() {
        Phase::Syncing if connection.link.read().is_some() => {
            Some(match connection.received.get() {
                0 => t().sync_syncing.to_owned(),
                n => format!("{}{n}{}", t().sync_received, t().sync_received_unit),
            })
        }
        _ => when_settled(true),
    };
    // What a screen reader says as it changes: not every sync round, download page and
    // minute of the last sync (every 30 s), only what a person must know. A sync under way
    // keeps what was said before it, so a retry that fails again says nothing new.
    let said = Memo::new(move |before: Option<&Option<String>>| match connection.phase.get() {
        Phase::Syncing if connection.link.read().is_some() => before.cloned().flatten(),
        _ => when_settled(false),
    });
    let announced = move || match said.get() {
        Some(said) => format!("{} · {said}", net()),
        None => net().to_owned(),
    };
    let needs_sign_in = move || connection.phase.get() == Phase::SignInNeeded;
    view! {
        <p class="status__said visually-hidden" role="status">{announced}</p>
        // The store's revision, which parts drawn from it also say (`data-revision`): a test
        // waits for a part to have caught up with it.
        <div class="status" class:status--offline=move || !online() data-revision=move || hall.revision.get()>
            <span class="status__net">{net}</span>
            {move || sync_line().map(|line| view! {
                <span class="status__sync" data-waiting=move || connection.pending.get()>{line}</span>
            })}
            {move || needs_sign_in().then(|| view! {
                <a class="status__action" href="/signin">{t().signin_button}</a>
            })}
        </div>
    }
}
