//! The count a vote panel and its notice show: this device's own, the server's, or, when the
//! server cannot be reached, the server's last count or this device's copy.

use rustc_hash::FxHashMap;
use yishiting_domain::records::BallotRecord;
use yishiting_domain::{
    Channel, Outcome, OwnersVote, Proxy, Register, Role, Timestamp, UnitId, tally,
};

use crate::messages::t;
use crate::storage::{ServerTally, Store, StoreError};

/// The register and the vote's ballots, and the count over them.
#[derive(Debug, Clone)]
pub(crate) struct Count {
    pub(super) ballots: Vec<BallotRecord>,
    /// Every unit whose owner has a counted ballot, with the unit it was cast through: what a
    /// meeting officer checks before recording a ballot.
    pub(super) voted: FxHashMap<UnitId, UnitId>,
    /// How many units have a recorded delivery.
    pub(super) delivered: usize,
    /// Every unit whose owner has an authorisation (委托) in force for this vote, with it:
    /// what an officer offers to record a proxy ballot through.
    pub(super) proxies: FxHashMap<UnitId, Proxy>,
    pub(crate) outcome: Option<Outcome>,
    pub(super) problem: Option<String>,
    /// Connected: the seal as the server holds it (the phone's copy of the vote may carry a
    /// seal the server has yet to judge, or refused).
    pub(crate) server_sealed: Option<yishiting_domain::Seal>,
    /// Whose count `outcome` is.
    source: Source,
}

impl Count {
    /// Whether this is the count of record: the device's own hall's, or, connected, the
    /// server's as it stands now (not one kept from earlier, nor this device's copy).
    pub(crate) fn of_record(&self) -> bool {
        matches!(self.source, Source::Local | Source::Server)
    }

    /// This device's counted ballots by channel, in the order online, meeting, paper, proxy.
    pub(crate) fn counted_by_channel(&self) -> [(Channel, usize); 4] {
        let counted = self.ballots.iter().filter(|b| b.duplicate_of.is_none());
        let of = |c: Channel| (c, counted.clone().filter(|b| b.channel == c).count());
        [Channel::Online, Channel::Meeting, Channel::Paper, Channel::Proxy].map(of)
    }

    /// Whether the count was made on this device (so its problems are this device's).
    pub(super) fn counted_here(&self) -> bool {
        matches!(self.source, Source::Local | Source::Offline)
    }

    /// Whose count is shown, said above it.
    pub(super) fn source_note(&self) -> Option<String> {
        let t = t();
        Some(match self.source {
            Source::Local => return None,
            Source::Server => t.count_by_server.to_owned(),
            Source::Kept(at) => {
                format!(
                    "{}{}{}",
                    t.count_kept_before,
                    crate::clock::date_time(at),
                    t.count_kept_after
                )
            }
            Source::Offline if self.outcome.is_some() => t.count_offline.to_owned(),
            Source::Offline => t.count_needs_server.to_owned(),
        })
    }
}

/// The roles the server sends every ballot to (docs/protocol.md).
pub(super) fn sees_all_ballots(role: Option<Role>) -> bool {
    role.is_some_and(Role::sees_every_ballot)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// This device's own hall (no server).
    Local,
    /// The community's server.
    Server,
    /// Connected, but the server could not be reached: the server's count as this device
    /// last fetched it, at that time.
    Kept(Timestamp),
    /// Connected, but the server could not be reached: what this device holds.
    Offline,
}

pub(crate) async fn count(
    store: &crate::hall::DeviceStore,
    vote: &OwnersVote,
) -> Result<Count, StoreError> {
    let units = store.units().await?;
    let ballots = store.ballots(vote.id).await?;
    let delivered: Vec<UnitId> =
        store.deliveries(vote.id).await?.into_iter().map(|d| d.unit).collect();
    let in_force = store.proxies_for_vote(vote.id).await?;
    let mut voted = FxHashMap::default();
    let mut proxies = FxHashMap::default();
    let (outcome, problem) = match Register::new(units) {
        Ok(register) if register.total_units() > 0 => {
            let counted: FxHashMap<_, _> = ballots
                .iter()
                .filter(|b| b.duplicate_of.is_none())
                .map(|b| (&b.owner, &b.unit))
                .collect();
            for unit in register.units() {
                if let Some(through) = counted.get(&unit.owner) {
                    voted.insert(unit.id.clone(), (*through).clone());
                }
                if let Some(proxy) = in_force.iter().find(|p| p.owner == unit.owner) {
                    proxies.insert(unit.id.clone(), proxy.clone());
                }
            }
            let list: Vec<_> = ballots.iter().map(BallotRecord::ballot).collect();
            match tally(&register, &list, vote.matter, vote.policy, &delivered) {
                Ok(outcome) => (Some(outcome), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
        Ok(_) => (None, Some(t().no_register.to_owned())),
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(Count {
        ballots,
        voted,
        delivered: delivered.len(),
        proxies,
        outcome,
        problem,
        server_sealed: None,
        source: Source::Local,
    })
}

/// The count to show: connected, the server's (it holds every ballot, and most people's
/// phones hold none but their own); alone, or when the server cannot be reached by someone
/// who receives every ballot, this device's.
pub(crate) async fn shown_count(
    store: &crate::hall::DeviceStore,
    link: Option<crate::storage::Link>,
    vote: &OwnersVote,
) -> Result<Count, StoreError> {
    let mut count = count(store, vote).await?;
    if let Some(link) = link {
        match crate::sync::server_tally(&link, vote.id).await {
            Ok(server) => {
                let kept =
                    ServerTally { outcome: server.outcome.clone(), at: crate::device::now() };
                store.set_server_tally(vote.id, &kept).await?;
                count.outcome = Some(server.outcome);
                count.server_sealed = server.sealed;
                count.source = Source::Server;
            }
            // Whoever receives every ballot counts what the device holds: it is at least as
            // new as the server's last count (a meeting officer's own offline ballots).
            Err(_) if sees_all_ballots(link.account.role) => count.source = Source::Offline,
            // Anyone else would see only their own ballot counted: the server's last count
            // is shown instead, with its time, or nothing.
            Err(_) => match store.server_tally(vote.id).await? {
                Some(kept) => {
                    count.outcome = Some(kept.outcome);
                    count.source = Source::Kept(kept.at);
                }
                None => {
                    count.outcome = None;
                    count.source = Source::Offline;
                }
            },
        }
    }
    Ok(count)
}
