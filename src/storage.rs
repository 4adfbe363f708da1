//! Where the hall keeps everything on the device: the [`Store`] trait, with an IndexedDB
//! implementation for the browser and a memory one for native tests, held to one contract
//! (`tests/contract/`).
//!
//! Every change goes through [`Store::apply`], which runs the domain's rules and writes the
//! result atomically, as one entry of the device's state (`state`); when the device is linked
//! to a server, the change is queued for it by that same entry.

#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;
mod outbox;
pub mod state;

pub use outbox::{MAX_REFUSED, Recovery, Said, absorb_page, recover, settle, waiting};

use serde::{Deserialize, Serialize};

use crate::json;
use yishiting_domain::mutation::{Actor, Applied, Envelope, Mutation, Rejection};
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord, MemoryRecords};
use yishiting_domain::{
    Comment, EntityId, Meeting, NonResponse, Outcome, OwnersVote, PaperSheet, Poll, Proposal,
    Proxy, Role, SignInRecord, Timestamp, Unit, UnitId,
};

/// The community this device holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub name: String,
    /// The non-response rule of the community's assembly rules.
    pub policy: NonResponse,
    pub created_at: Timestamp,
}

/// Who uses this device, until sign-in arrives with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// For an owner: the unit they vote through.
    pub unit: Option<UnitId>,
    pub device: String,
}

impl Profile {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role,
            unit: self.unit.clone(),
            device: self.device.clone(),
        }
    }
}

/// Device settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// 适老化: larger text and targets, higher contrast.
    pub large_type: bool,
}

/// Everything a device holds, as the JSON backup file carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// Always `"yishiting-backup"`.
    pub format: String,
    pub version: u32,
    pub community: Option<Community>,
    pub profile: Option<Profile>,
    pub settings: Settings,
    pub records: MemoryRecords,
}

pub const BACKUP_FORMAT: &str = "yishiting-backup";
pub const BACKUP_VERSION: u32 = 1;

impl Backup {
    /// Reads a backup file, refusing anything that is not one of ours.
    pub fn from_json(text: &str) -> Result<Backup, String> {
        let t = crate::messages::t();
        let backup: Backup = json::parse(text).map_err(|e| format!("{}{e}", t.backup_invalid))?;
        if backup.format != BACKUP_FORMAT {
            return Err(t.backup_not_ours.to_owned());
        }
        if backup.version > BACKUP_VERSION {
            return Err(t.backup_newer.to_owned());
        }
        Ok(backup)
    }

    /// The backup file: JSON indented by two spaces.
    pub fn to_json(&self) -> String {
        json::pretty(self).unwrap_or_default()
    }
}

/// The device's link to a backend (docs/protocol.md), from signing in until signing out.
/// While it is set, every change is also queued for the server in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The backend's base URL; empty for the origin that served the app.
    pub server: String,
    pub community: i64,
    pub account: Account,
    /// `None` once the server refused it (expired, revoked): changes keep waiting in the
    /// outbox until the person signs in again.
    pub token: Option<String>,
    /// This installation's id for this account (the protocol's `client_id`).
    pub client_id: String,
    /// The version of the last pull (the protocol's `cookie`).
    pub cookie: u64,
    pub last_sync: Option<Timestamp>,
    /// The id the next queued change gets: 1, 2, 3, … with no gaps.
    pub next_mutation: u64,
    /// The identity of the database the cookie came from (docs/protocol.md, "Restores").
    #[serde(default)]
    pub identity: Option<String>,
    /// The highest id of this client's changes the server said it processed.
    #[serde(default)]
    pub acknowledged: u64,
    /// Set while the pages of a pull that began with `reset` come in: what was acknowledged
    /// before it, to tell what was lost once the last page has come.
    #[serde(default)]
    pub recovering: Option<u64>,
}

impl Link {
    /// The link of an account just signed in on this device, as `client_id`: nothing pulled,
    /// nothing sent yet.
    pub fn new(
        server: String,
        community: i64,
        account: Account,
        token: String,
        client_id: String,
    ) -> Link {
        Link {
            server,
            community,
            account,
            token: Some(token),
            client_id,
            cookie: 0,
            last_sync: None,
            next_mutation: 1,
            identity: None,
            acknowledged: 0,
            recovering: None,
        }
    }
}

/// The signed-in account, as the server names it.
pub use yishiting_domain::wire::Account;

/// A change in the outbox: waiting for the server, or acknowledged by a push and kept until
/// a pull includes it, so that a server restored from a backup can be sent it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub id: u64,
    pub at: Timestamp,
    pub mutation: Mutation,
    /// A push said the server processed it: not sent again, not waiting.
    #[serde(default)]
    pub acked: bool,
}

/// A change the server refused, kept to show the person why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub id: u64,
    pub code: String,
    /// The server's words, said when the refusal is not one of the rules this build knows.
    pub message: String,
    /// The rules' refusal as data (absent from refusals kept before it was sent, and from
    /// one this build cannot say).
    #[serde(default, deserialize_with = "Rejection::read_known")]
    pub detail: Option<Rejection>,
    pub mutation: Mutation,
}

impl Refused {
    /// Why, in the words of this app's catalogue where the refusal is known.
    pub fn why(&self) -> String {
        self.detail.as_ref().map_or_else(|| self.message.clone(), ToString::to_string)
    }
}

/// What the server said of one pushed change.
pub use yishiting_domain::wire::MutationResult;

pub use yishiting_domain::records::Change;

/// The server's count of a vote as this device last fetched it: what is shown, with its
/// time, while the server cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTally {
    pub outcome: Outcome,
    pub at: Timestamp,
}

/// A pull's answer: one page of the changes since the cookie, each kept as it came
/// ([`state::Raw`]): a page goes into the journal without being read into records and
/// written back out (in the browser that reading and writing was most of a pull's time).
pub type Pulled = yishiting_domain::wire::PullResponse<state::Raw>;

/// The store failed (not the rules: those answer with a [`Rejection`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{said}{0}", said = crate::messages::t().store_error)]
pub struct StoreError(pub String);

/// The device's data. All writes of one call are atomic.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn community(&self) -> Result<Option<Community>, StoreError>;
    async fn set_community(&self, community: &Community) -> Result<(), StoreError>;
    async fn profile(&self) -> Result<Option<Profile>, StoreError>;
    async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError>;
    async fn settings(&self) -> Result<Settings, StoreError>;
    async fn set_settings(&self, settings: &Settings) -> Result<(), StoreError>;

    /// Replaces the register.
    async fn replace_units(&self, units: &[Unit]) -> Result<(), StoreError>;
    /// The register, by unit id.
    async fn units(&self) -> Result<Vec<Unit>, StoreError>;

    /// Applies one change by the domain's rules, atomically.
    async fn apply(&self, envelope: &Envelope) -> Result<Result<Applied, Rejection>, StoreError>;

    /// Every matter's card, newest activity first.
    async fn cards(&self) -> Result<Vec<Card>, StoreError>;
    async fn proposal(&self, id: EntityId) -> Result<Option<Proposal>, StoreError>;
    /// A matter's comments, oldest first.
    async fn comments(&self, proposal: EntityId) -> Result<Vec<Comment>, StoreError>;
    async fn polls(&self, proposal: EntityId) -> Result<Vec<Poll>, StoreError>;
    async fn votes(&self, proposal: EntityId) -> Result<Vec<OwnersVote>, StoreError>;
    async fn vote(&self, id: EntityId) -> Result<Option<OwnersVote>, StoreError>;
    /// Every vote, the latest opened first: what a meeting's agenda is chosen from.
    async fn all_votes(&self) -> Result<Vec<OwnersVote>, StoreError>;
    /// A vote's ballots in acceptance order, duplicates included.
    async fn ballots(&self, vote: EntityId) -> Result<Vec<BallotRecord>, StoreError>;
    /// The units a vote's ballot was delivered to (送达).
    /// The deliveries (送达) recorded for a vote.
    async fn deliveries(&self, vote: EntityId) -> Result<Vec<DeliveryRecord>, StoreError>;
    /// Every meeting in person, the latest to start first.
    async fn meetings(&self) -> Result<Vec<Meeting>, StoreError>;
    /// A meeting's sign-ins, in the order they were taken.
    async fn meeting(&self, id: EntityId) -> Result<Option<Meeting>, StoreError>;
    async fn sign_ins(&self, meeting: EntityId) -> Result<Vec<SignInRecord>, StoreError>;
    /// A meeting's authorisations (委托), revoked ones too, in the order recorded.
    async fn proxies(&self, meeting: EntityId) -> Result<Vec<Proxy>, StoreError>;
    /// A vote's paper sheets that were entered, by number.
    async fn sheets(&self, vote: EntityId) -> Result<Vec<PaperSheet>, StoreError>;
    /// The authorisations in force that cover a vote (of the meetings it is on the agenda of).
    async fn proxies_for_vote(&self, vote: EntityId) -> Result<Vec<Proxy>, StoreError>;

    async fn export(&self) -> Result<Backup, StoreError>;
    /// Replaces everything with a backup's contents.
    async fn restore(&self, backup: &Backup) -> Result<(), StoreError>;
    /// Deletes everything.
    async fn clear(&self) -> Result<(), StoreError>;

    /// The link to a backend, if someone signed in.
    async fn link(&self) -> Result<Option<Link>, StoreError>;
    /// Sets or (with `None`) removes the link.
    async fn set_link(&self, link: Option<&Link>) -> Result<(), StoreError>;
    /// Changes queued for the server, oldest first (acknowledged ones too, until a pull has
    /// them); an error if one cannot be read (a later build's).
    async fn outbox(&self) -> Result<Vec<Queued>, StoreError>;
    /// Changes the server refused, oldest first.
    async fn refused(&self) -> Result<Vec<Refused>, StoreError>;
    /// How many changes wait for the server (the outbox less what a push acknowledged),
    /// counted without reading them: what the first screen shows.
    async fn waiting(&self) -> Result<usize, StoreError>;
    /// After a push: marks the changes the server processed as acknowledged, drops those it
    /// refused and remembers why, and moves the link's `acknowledged`.
    async fn settle(
        &self,
        last_mutation_id: u64,
        results: &[MutationResult],
    ) -> Result<(), StoreError>;
    /// After a pull, in one transaction: writes its records as the server has them (all
    /// records replaced first when `reset`), drops the changes it includes, and moves the
    /// link's cookie and identity. The last page of a pull that began with `reset` renumbers
    /// what the server lacks to be sent again ([`recover`]) and says what was recovered.
    async fn absorb(&self, pulled: &Pulled, now: Timestamp)
    -> Result<Option<Recovery>, StoreError>;
    /// The server's count of a vote as last fetched.
    async fn server_tally(&self, vote: EntityId) -> Result<Option<ServerTally>, StoreError>;
    /// Keeps the server's count of a vote (replacing the one kept before).
    async fn set_server_tally(&self, vote: EntityId, tally: &ServerTally)
    -> Result<(), StoreError>;
}

/// Whether applying a change wrote something: an accepted change, or a ballot recorded as a
/// duplicate. Exactly these are queued for the server.
pub fn wrote(result: &Result<Applied, Rejection>) -> bool {
    matches!(result, Ok(_) | Err(Rejection::AlreadyVoted { .. }))
}

/// Sorts as the hall lists matters: newest activity first, then by id for a stable order.
pub fn sort_cards(cards: &mut [Card]) {
    cards.sort_unstable_by(|a, b| b.last_activity.cmp(&a.last_activity).then(a.id.cmp(&b.id)));
}

/// Sorts comments oldest first, then by id.
pub fn sort_comments(comments: &mut [Comment]) {
    comments.sort_unstable_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
}
