//! The status line, always visible in the header: online or offline and, when signed in to a
//! community's server, how many changes wait, whether a sync is under way or failed, and
//! when the last one finished.

use leptos::prelude::*;

use crate::hall::use_hall;
use crate::messages::t;
use crate::sync::Phase;

#[component]
pub(crate) fn ConnectionStatus() -> impl IntoView {
    let hall = use_hall();
    let online = move || hall.online.get();
    let sync_line = move || {
        hall.link.read().as_ref()?;
        let waiting = hall.pending.read().len();
        let text = match hall.phase.get() {
            Phase::SignInNeeded => t().sign_in_again.to_owned(),
            Phase::Syncing => match hall.received.get() {
                0 => t().sync_syncing.to_owned(),
                n => format!("{}{n}{}", t().sync_received, t().sync_received_unit),
            },
            Phase::Failed(why) if waiting > 0 => format!("{waiting} {} · {why}", t().sync_waiting),
            Phase::Failed(why) => format!("{}{why}", t().sync_failed),
            Phase::Idle if waiting > 0 => format!("{waiting} {}", t().sync_waiting),
            Phase::Idle => {
                let last = hall.link.read().as_ref().and_then(|l| l.last_sync);
                match last {
                    Some(at) => {
                        format!("{} · {}", t().sync_all_sent, crate::clock::time_of_day(at))
                    }
                    None => t().sync_never.to_owned(),
                }
            }
        };
        Some(text)
    };
    // What a screen reader says as it changes: not every sync round, download page and
    // minute of the last sync (every 30 s), only what a person must know. A sync under way
    // keeps what was said before it, so a retry that fails again says nothing new.
    let said = Memo::new(move |before: Option<&Option<String>>| {
        hall.link.read().as_ref()?;
        let waiting = hall.pending.read().len();
        Some(match hall.phase.get() {
            Phase::Syncing => return before.cloned().flatten(),
            Phase::SignInNeeded => t().sign_in_again.to_owned(),
            Phase::Failed(why) if waiting > 0 => format!("{waiting} {} · {why}", t().sync_waiting),
            Phase::Failed(why) => format!("{}{why}", t().sync_failed),
            Phase::Idle if waiting > 0 => format!("{waiting} {}", t().sync_waiting),
            Phase::Idle => match hall.link.read().as_ref().and_then(|l| l.last_sync) {
                Some(_) => t().sync_all_sent.to_owned(),
                None => t().sync_never.to_owned(),
            },
        })
    });
    let announced = move || {
        let net = if online() { t().online } else { t().offline };
        match said.get() {
            Some(said) => format!("{net} · {said}"),
            None => net.to_owned(),
        }
    };
    let needs_sign_in = move || hall.phase.get() == Phase::SignInNeeded;
    view! {
        <p class="status__said visually-hidden" role="status">{announced}</p>
        <div class="status" class:status--offline=move || !online()>
            <span class="status__net">{move || if online() { t().online } else { t().offline }}</span>
            {move || sync_line().map(|line| view! {
                <span class="status__sync" data-waiting=move || hall.pending.read().len()>{line}</span>
            })}
            {move || needs_sign_in().then(|| view! {
                <a class="status__action" href="/signin">{t().signin_button}</a>
            })}
        </div>
    }
}
