//! Signing in and out: a code for a session token, the device's data replaced by the
//! community's when the account is new to it.

use leptos::prelude::{RwSignal, expect_context};

use super::engine::Transport;
use super::http::{Browser, Failure, api_url, call};
use crate::hall::Hall;
use crate::json;
use crate::storage::{Community, Link, Profile, Store};

pub use yishiting_domain::wire::{CommunityInfo, SignedIn};

/// The administrator's session on this page, a context of its own: in memory only, so
/// closing or reloading the page signs the administrator out of it.
#[derive(Debug, Clone, Copy)]
pub struct Admin(pub RwSignal<Option<AdminSession>>);

pub fn use_admin() -> RwSignal<Option<AdminSession>> {
    expect_context::<Admin>().0
}

/// The administrator's session (the administrator manages accounts and codes and takes no
/// part in the hall, so the device's data is left as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminSession {
    pub server: String,
    pub token: String,
    pub community: CommunityInfo,
}

/// Exchanges a sign-in code for a session; `community` is the one the slip's link names, so
/// that someone else's wrong codes at another community never hold this one up.
pub async fn sign_in(
    server: &str,
    code: &str,
    community: Option<i64>,
) -> Result<SignedIn, Failure> {
    let request = yishiting_domain::wire::SignIn { code: code.to_owned(), community };
    let body = json::compact(&request).unwrap_or_default();
    call(&Browser, "POST", &api_url(server, "/session"), None, Some(body)).await
}

/// Ends the session on the server (best effort: offline, the token simply stays unused).
async fn sign_out_remote(link: &Link) {
    if let Some(token) = &link.token {
        end_session(&link.server, token).await;
    }
}

/// Ends a session on the server, best effort.
pub async fn end_session(server: &str, token: &str) {
    let _ = Browser.exchange("DELETE", &api_url(server, "/session"), Some(token), None).await;
}

/// Makes the device a member of the community it signed in to. A new account replaces the
/// device's data (the caller has asked the person); the same account again (after its
/// session expired) keeps everything, the outbox included.
pub async fn join(hall: &Hall, server: &str, signed_in: SignedIn) -> Result<(), String> {
    let store = hall.store();
    let Some(role) = signed_in.account.role else {
        return Err(crate::messages::admin::t().admin_not_in_app.to_owned());
    };
    let existing = store.link().await.map_err(|e| e.to_string())?;
    let same = existing.as_ref().is_some_and(|l| {
        l.server == server
            && l.community == signed_in.community.id
            && l.account.id == signed_in.account.id
    });
    let link = if let (true, Some(mut link)) = (same, existing) {
        link.token = Some(signed_in.token);
        link
    } else {
        let outbox = store.outbox().await.map_err(|e| e.to_string())?;
        let waiting = crate::storage::waiting(outbox).len();
        if waiting > 0 {
            return Err(format!(
                "{}{waiting}{}",
                crate::messages::t().waiting_before,
                crate::messages::t().waiting_blocks_sign_in
            ));
        }
        // The device's own settings (large type) are the person's, not the community's.
        let settings = store.settings().await.map_err(|e| e.to_string())?;
        store.clear().await.map_err(|e| e.to_string())?;
        store.set_settings(&settings).await.map_err(|e| e.to_string())?;
        let client_id = crate::device::new_id().to_string();
        let profile = Profile {
            id: signed_in.account.person(),
            name: signed_in.account.name.clone(),
            role,
            unit: signed_in.account.unit.clone(),
            device: client_id.clone(),
        };
        store.set_profile(&profile).await.map_err(|e| e.to_string())?;
        let community = Community {
            name: signed_in.community.name.clone(),
            policy: yishiting_domain::NonResponse::None,
            created_at: crate::device::now(),
        };
        store.set_community(&community).await.map_err(|e| e.to_string())?;
        let community = signed_in.community.id;
        Link::new(server.to_owned(), community, signed_in.account, signed_in.token, client_id)
    };
    store.set_link(Some(&link)).await.map_err(|e| e.to_string())?;
    hall.reload().await.map_err(|e| e.to_string())?;
    Ok(())
}

/// Signs out: the device forgets the community (the caller has asked about waiting changes).
pub async fn leave(hall: &Hall) -> Result<(), String> {
    let store = hall.store();
    if let Some(link) = store.link().await.map_err(|e| e.to_string())? {
        sign_out_remote(&link).await;
    }
    let settings = store.settings().await.map_err(|e| e.to_string())?;
    store.clear().await.map_err(|e| e.to_string())?;
    store.set_settings(&settings).await.map_err(|e| e.to_string())?;
    hall.reload().await.map_err(|e| e.to_string())
}
