//! The outbox's bookkeeping, as pure functions both stores run inside their transactions:
//! what a push's or a pull's answer does to the queued changes, the refusals and the link,
//! and how a client recovers after a server restored from a backup (docs/protocol.md,
//! "Restores").

use super::{Link, MutationResult, Pulled, Queued, Refused};
use yishiting_domain::Timestamp;

/// Refusals kept to show; older ones are dropped.
pub const MAX_REFUSED: usize = 50;

/// The changes that wait for the server: the outbox less those a push acknowledged.
pub fn waiting(outbox: Vec<Queued>) -> Vec<Queued> {
    outbox.into_iter().filter(|q| !q.acked).collect()
}

/// Who says the server processed changes: a push (they stay, acknowledged, until a pull has
/// them) or a pull (its data includes them: they leave).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    Pushed,
    Pulled,
}

/// The outbox after the server processed every change up to `last_mutation_id`: what stays
/// queued, and the refusals to remember (newest last, at most [`MAX_REFUSED`]). A refused
/// change leaves the outbox at once; an accepted one stays, acknowledged, until a pull.
pub fn settle(
    outbox: Vec<Queued>,
    mut refused: Vec<Refused>,
    last_mutation_id: u64,
    results: &[MutationResult],
    said: Said,
) -> (Vec<Queued>, Vec<Refused>) {
    let (done, mut waiting): (Vec<Queued>, Vec<Queued>) =
        outbox.into_iter().partition(|q| q.id <= last_mutation_id);
    for result in results.iter().filter(|r| r.is_rejected()) {
        let Some(queued) = done.iter().find(|q| q.id == result.id) else { continue };
        // Told twice (push, then pull) it is remembered once; an id used again after a
        // restore (`recover`) names another change.
        if refused.iter().any(|r| r.id == result.id && r.mutation == queued.mutation) {
            continue;
        }
        refused.push(Refused {
            id: result.id,
            code: result.code.clone().unwrap_or_default(),
            message: result.message.clone().unwrap_or_default(),
            detail: result.detail.clone(),
            mutation: queued.mutation.clone(),
        });
    }
    let excess = refused.len().saturating_sub(MAX_REFUSED);
    refused.drain(..excess);
    if said == Said::Pushed {
        let rejected = |q: &Queued| results.iter().any(|r| r.id == q.id && r.is_rejected());
        let acked = done.into_iter().filter(|q| !rejected(q)).map(|q| Queued { acked: true, ..q });
        waiting.extend(acked);
        waiting.sort_unstable_by_key(|q| q.id);
    }
    (waiting, refused)
}

/// What one pulled page does to the outbox, the refusals and the link; both stores run it in
/// the transaction that writes the page's records. Returns what was recovered when the page
/// ends a pull that began with `reset`.
pub fn absorb_page(
    (outbox, refused): (Vec<Queued>, Vec<Refused>),
    link: Option<&mut Link>,
    pulled: &Pulled,
    now: Timestamp,
) -> (Vec<Queued>, Vec<Refused>, Option<Recovery>) {
    let last = pulled.last_mutation_id;
    let (outbox, refused) = settle(outbox, refused, last, &pulled.results, Said::Pulled);
    let Some(link) = link else { return (outbox, refused, None) };
    if pulled.reset {
        link.recovering = Some(link.recovering.unwrap_or(link.acknowledged));
        link.acknowledged = last;
    } else {
        link.acknowledged = link.acknowledged.max(last);
    }
    link.cookie = pulled.version;
    link.last_sync = Some(now);
    if let Some(identity) = &pulled.identity {
        link.identity = Some(identity.clone());
    }
    match link.recovering.filter(|_| !pulled.more) {
        Some(before) => {
            link.recovering = None;
            let (outbox, mut recovery) = recover(outbox, last, before);
            // Refused changes were acknowledged too, and left the outbox: not lost.
            let refused_since = refused.iter().filter(|r| r.id > last && r.id <= before).count();
            recovery.lost = recovery.lost.saturating_sub(refused_since as u64);
            link.next_mutation = last + 1 + recovery.resent as u64;
            (outbox, refused, Some(recovery))
        }
        None => (outbox, refused, None),
    }
}

/// What a client recovered after a server restored from a backup (docs/protocol.md,
/// "Restores"): changes sent again, and changes lost with the server's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recovery {
    pub resent: usize,
    pub lost: u64,
}

/// The outbox once the last page of a reset pull has come: the server holds this client's
/// changes up to `last`; the others, acknowledged or not, are sent again in their order,
/// numbered from `last + 1`. `acknowledged` is what the client had been told before the
/// reset: acknowledged changes no longer held here, nor by the server, are lost.
pub fn recover(outbox: Vec<Queued>, last: u64, acknowledged: u64) -> (Vec<Queued>, Recovery) {
    let kept: Vec<Queued> = outbox.into_iter().filter(|q| q.id > last).collect();
    let held = kept.iter().filter(|q| q.id <= acknowledged).count() as u64;
    let lost = acknowledged.saturating_sub(last).saturating_sub(held);
    let resent = kept.len();
    let renumbered = (last + 1..).zip(kept).map(|(id, q)| Queued { id, acked: false, ..q });
    (renumbered.collect(), Recovery { resent, lost })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Account;
    use yishiting_domain::EntityId;
    use yishiting_domain::mutation::Mutation;

    fn queued(id: u64, body: &str) -> Queued {
        let mutation = Mutation::EditComment {
            id: EntityId::from_random_bytes([1; 16]),
            body: body.to_owned(),
            base: 0,
        };
        Queued { id, at: Timestamp(0), mutation, acked: false }
    }

    fn refusal(id: u64) -> MutationResult {
        MutationResult {
            id,
            status: yishiting_domain::wire::Status::Rejected,
            code: Some("stale".to_owned()),
            message: Some("改过了".to_owned()),
            detail: None,
        }
    }

    #[test]
    fn a_refusal_of_an_id_used_again_after_a_restore_is_remembered() {
        let (_, refused) = settle(vec![queued(5, "旧")], vec![], 5, &[refusal(5)], Said::Pushed);
        let (_, refused) = settle(vec![queued(5, "新")], refused, 5, &[refusal(5)], Said::Pushed);
        let bodies: Vec<&Mutation> = refused.iter().map(|r| &r.mutation).collect();
        assert_eq!(bodies, [&queued(5, "旧").mutation, &queued(5, "新").mutation]);
        let (_, again) = settle(vec![], refused.clone(), 5, &[refusal(5)], Said::Pulled);
        assert_eq!(again, refused, "told again by a pull: remembered once");
    }

    #[test]
    fn refused_changes_are_not_counted_as_lost() {
        let mut link = Link {
            server: String::new(),
            community: 1,
            account: Account {
                id: 1, community: 1, name: "李".to_owned(), role: None, unit: None
            },
            token: None,
            client_id: "c".to_owned(),
            cookie: 9,
            last_sync: None,
            next_mutation: 4,
            identity: Some("old".to_owned()),
            acknowledged: 3,
            recovering: None,
        };
        // 1 was pulled (gone), 2 was refused (gone, remembered), 3 acknowledged and kept.
        let refused = vec![Refused {
            id: 2,
            code: "stale".to_owned(),
            message: String::new(),
            detail: None,
            mutation: queued(2, "x").mutation,
        }];
        let outbox = vec![Queued { acked: true, ..queued(3, "y") }];
        let pulled = Pulled {
            version: 1,
            identity: Some("new".to_owned()),
            reset: true,
            last_mutation_id: 0,
            changes: vec![],
            results: vec![],
            more: false,
        };
        let (outbox, _, recovery) =
            absorb_page((outbox, refused), Some(&mut link), &pulled, Timestamp(5));
        assert_eq!(recovery, Some(Recovery { resent: 1, lost: 1 }), "only 1 is lost");
        assert_eq!(outbox.iter().map(|q| (q.id, q.acked)).collect::<Vec<_>>(), [(1, false)]);
    }
}
