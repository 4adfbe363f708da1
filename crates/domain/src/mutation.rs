//! Changes as data: what a person does in the hall, as the device records it and (with sync)
//! pushes it. [`apply`] checks a change against the rules and writes its records, or says
//! why not; the app, the server and the tests all apply changes through it.

mod apply;
mod comments;
mod meetings;
mod polls;
mod proposals;
mod proxies;
mod votes;

pub use crate::rejection::{Action, Field, Rejection, Subject};
pub use apply::apply;
pub use votes::deliver_on_sign_in;

use crate::records::DeliveryMethod;
use serde::{Deserialize, Serialize};

use crate::{
    Channel, Choice, EntityId, Matter, MeetingDraft, NonResponse, PollKind, ProposalDraft,
    ProxyDraft, Role, Timestamp, UnitId,
};

/// Who makes a change: a person with a role, on a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// A stable id of the person (the local profile or, with sign-in, the account).
    pub id: String,
    pub name: String,
    pub role: Role,
    /// For an owner: the unit they signed in with (一户一码).
    pub unit: Option<UnitId>,
    pub device: String,
}

/// A change with its id, time and author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: EntityId,
    /// When the change is judged: by the device's clock on the device, by the server's on the
    /// server. Rules compare this time, never one a device claims.
    pub at: Timestamp,
    /// When the device that made the change says it made it, where that is not the judge:
    /// the server keeps a pushed change's device time here. Only a ballot recorded at a
    /// meeting or from paper uses it, within bounds (`OwnersVote::arrival`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Timestamp>,
    pub actor: Actor,
    pub mutation: Mutation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "name", content = "args", rename_all = "snake_case")]
pub enum Mutation {
    RaiseProposal {
        id: EntityId,
        draft: ProposalDraft,
    },
    MoveStage {
        proposal: EntityId,
        action: StageAction,
    },
    AddComment {
        id: EntityId,
        proposal: EntityId,
        reply_to: Option<EntityId>,
        body: String,
    },
    CreatePoll {
        id: EntityId,
        proposal: EntityId,
        question: String,
        kind: PollKind,
    },
    AnswerPoll {
        poll: EntityId,
        picks: Vec<usize>,
    },
    OpenVote {
        id: EntityId,
        proposal: EntityId,
        matter: Matter,
        opens_at: Timestamp,
        closes_at: Timestamp,
        policy: NonResponse,
        /// Hours after the close during which late meeting and paper ballots may arrive.
        #[serde(default = "default_counting_hours")]
        counting_hours: u16,
    },
    /// The committee seals the count of a closed vote (封存计票): nothing changes it after.
    SealVote {
        vote: EntityId,
    },
    CastBallot {
        id: EntityId,
        vote: EntityId,
        unit: UnitId,
        choice: Choice,
        channel: Channel,
        sheet: Option<String>,
        /// The authorisation a proxy ballot is cast through (channel `proxy` only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        proxy: Option<EntityId>,
    },
    /// Replaces the text of one's own comment; `base` is the revision it was edited from.
    EditComment {
        id: EntityId,
        body: String,
        base: u32,
    },
    /// Replaces the text of one's own matter while it is collected; `base` as above.
    EditProposal {
        id: EntityId,
        draft: ProposalDraft,
        base: u32,
    },
    /// Records that the ballot of `vote` was delivered to the owners of `units` (送达), and
    /// how (absent from older versions' changes: not said).
    RecordDeliveries {
        vote: EntityId,
        units: Vec<UnitId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<DeliveryMethod>,
    },
    /// The committee calls a meeting in person (议事会 or 业主大会).
    CreateMeeting {
        id: EntityId,
        draft: MeetingDraft,
    },
    /// The committee publishes a meeting's notice; `early_reason` says why an assembly's
    /// notice goes out fewer than 15 days ahead.
    PublishNotice {
        meeting: EntityId,
        #[serde(default)]
        early_reason: Option<String>,
    },
    /// An officer signs in the owner of `unit` at the meeting's door (签到).
    SignInOwner {
        meeting: EntityId,
        unit: UnitId,
    },
    /// The committee records an owner's written authorisation for an agent (委托).
    RecordProxy {
        id: EntityId,
        meeting: EntityId,
        draft: ProxyDraft,
    },
    /// The committee revokes an authorisation no ballot was cast through yet.
    RevokeProxy {
        proxy: EntityId,
    },
}

fn default_counting_hours() -> u16 {
    crate::DEFAULT_COUNTING_HOURS
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StageAction {
    Advance,
    Withdraw { reason: String },
    Reject { reason: String },
}

/// What an accepted change did, for the screen to say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Applied {
    Done,
    /// A ballot was accepted and will be counted.
    BallotCounted {
        seq: u64,
    },
    /// A paper sheet's first entry: it waits for a second person's.
    SheetEntered,
    /// A paper sheet's second entry differs from the first: a third person settles it.
    SheetMismatch,
}
