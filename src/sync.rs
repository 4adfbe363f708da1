//! Sync (docs/protocol.md): `engine` decides and runs a round (plan, then execute, behind a
//! transport); this module runs one on the device's store and tells the screens; `http`
//! makes one request; `session` signs in and out. When rounds run is `crate::background`'s.

use leptos::prelude::{GetUntracked, Set};
use serde::Deserialize;
use yishiting_domain::{Channel, Role};

use crate::hall::Hall;
use crate::storage::{Link, Store};

pub mod engine;
mod http;
mod pace;
mod session;

pub use engine::{
    BATCH, MAX_BACKOFF_SECS, PERIOD_SECS, PULL_PAGE, Transport, jittered_ms, next_backoff,
};
pub(crate) use http::call;
pub use http::{Browser, Failure, api_url};
pub use session::{
    Admin, AdminSession, CommunityInfo, SignedIn, end_session, join, leave, sign_in, use_admin,
};

/// How often the screens are redrawn while a download of many pages runs.
const REDRAW_MS: i64 = 1_000;

/// One round of the engine on the device's store, then what the screens need to hear of it:
/// the stored data changed, a change was refused, the server was restored.
pub async fn sync_once(hall: &Hall) -> Result<(), Failure> {
    let store = hall.store();
    let connection = hall.connection();
    let link = store.link().await.ok().flatten();
    // Compared whole: after a restore an id may be used again for another change.
    let refused_before = store.refused().await.unwrap_or_default();
    // The count of what came shows at every page; the screens read the store again at most
    // once a second while a download runs (and at its end): reading and drawing the hall
    // after every page of a long download took the time the pages were kept in.
    let mut shown: Option<i64> = None;
    let on_page = |received: u64| {
        connection.received.set(received);
        let now = crate::device::now().0;
        if shown.is_none_or(|at| now - at >= REDRAW_MS) {
            shown = Some(now);
            hall.changed();
        }
    };
    let (ran, outcome) = engine::run(&*store, &Browser, crate::device::now, on_page).await;
    hall.refresh_sync().await;
    // A change the server refused is said at once, whatever screen is open.
    let refused_after = store.refused().await.unwrap_or_default();
    if let Some(new) = refused_after.iter().rev().find(|r| !refused_before.contains(r)) {
        let what = crate::messages::describe(&new.mutation);
        hall.say(format!("{}{what}：{}", crate::messages::t().refused_by_server, new.why()), true);
    }
    // A restored server is said once, plainly, with what became of this phone's changes.
    let first_download = link.is_none_or(|l| l.cookie == 0);
    if let Some(recovery) = ran.recovered.filter(|_| !first_download) {
        let t = crate::messages::t();
        let mut said = t.restored.to_owned();
        if recovery.resent > 0 {
            let resent = recovery.resent;
            said.push_str(&format!(
                "{}{resent}{}",
                t.restored_resent_before, t.restored_resent_after
            ));
        }
        if recovery.lost > 0 {
            let lost = recovery.lost;
            said.push_str(&format!("{}{lost}{}", t.restored_lost_before, t.restored_lost_after));
        }
        hall.say(said, recovery.lost > 0);
    }
    if connection.received.get_untracked() != 0 {
        connection.received.set(0);
    }
    if ran.changed {
        hall.changed();
    }
    connection.round_done();
    outcome
}

#[derive(Debug, Deserialize)]
struct TallyAnswer {
    outcome: yishiting_domain::Outcome,
    #[serde(default)]
    sealed: Option<yishiting_domain::Seal>,
}

/// The server's count of a vote, and its seal as the server holds it.
#[derive(Debug, Clone)]
pub struct ServerCount {
    pub outcome: yishiting_domain::Outcome,
    pub sealed: Option<yishiting_domain::Seal>,
}

/// The server's count of a vote (in connected mode the count shown is the server's).
pub async fn server_tally(
    link: &Link,
    vote: yishiting_domain::EntityId,
) -> Result<ServerCount, Failure> {
    let token = link.token.as_deref().ok_or(Failure::Unauthorized)?;
    let url = api_url(&link.server, &format!("/communities/{}/votes/{vote}/tally", link.community));
    let answer: TallyAnswer = call(&Browser, "GET", &url, Some(token), None).await?;
    Ok(ServerCount { outcome: answer.outcome, sealed: answer.sealed })
}

/// Whether a role may cast an owner's ballot online (for the screens' hints only: the
/// server decides).
pub fn votes_online(role: Role) -> bool {
    role.ballot_channel() == Some(Channel::Online)
}
