//! Why the rules refuse something, as data: every refusal of every rule is one variant
//! here, with what a screen needs to say it (the field, the limit, the role, the stage).
//! The words are not here but in [`crate::words`], one catalogue; a form finds the field to
//! mark from [`Rejection::field`], never from a sentence.

use serde::{Deserialize, Serialize};

use crate::{EntityId, Role, Stage, UnitId};

mod read;

/// A refusal of the rules. On the wire it is a result's `detail` object, tagged by its
/// `reason` (docs/protocol.md); [`Rejection::code`] is the coarser class, the result's `code`.
/// Read by hand (`read.rs`), written by serde.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Rejection {
    // not_found
    /// No record of this id.
    NotFound {
        what: Subject,
    },

    // not_allowed
    /// This role may not do this.
    NotAllowed {
        action: Action,
        role: Role,
    },
    /// Only a record's author edits it.
    NotYours {
        what: Subject,
    },
    /// An owner votes online only through a unit of their own owner key.
    OthersUnit,
    /// A paper ballot names its numbered sheet.
    NoSheet,
    /// A paper sheet number is at most this many characters.
    SheetTooLong {
        max: usize,
    },
    /// The sheet number is not the number of the sheet printed for the owner of `unit`.
    WrongSheet {
        unit: UnitId,
    },
    /// This person already entered this sheet: the second entry is another person's.
    SheetEnteredByYou,
    /// A proxy ballot names no authorisation.
    ProxyNotOpen,
    /// The authorisation named was revoked.
    ProxyRevoked,
    /// The authorisation does not cover this vote (not on the meeting's agenda, or not one of
    /// the votes it names).
    OutsideProxy,

    // invalid
    /// A field left blank.
    Empty {
        field: Field,
    },
    /// A field over its limit, in characters (or options, for a poll's options).
    TooLong {
        field: Field,
        max: usize,
    },
    /// A draft with several problems, each named.
    Draft {
        problems: Vec<Rejection>,
    },
    /// Withdrawing or rejecting a matter needs a reason.
    ReasonRequired,
    /// The matter is already at this final stage and moves no further.
    StageFinal {
        stage: Stage,
    },
    /// A matter is edited only while it is collected.
    NoLongerCollecting,
    /// The matter was withdrawn or rejected: it takes no more of this.
    MatterClosed {
        stage: Stage,
        action: Action,
    },
    /// A reply to a comment of another matter.
    WrongMatter,
    /// A poll needs two distinct options.
    TooFewOptions,
    RepeatedOption,
    /// A poll has at most this many options.
    TooManyOptions {
        max: usize,
    },
    AlreadyAnswered,
    PickOne,
    PickSome,
    NoSuchOption,
    /// A vote opens only on a matter at 决议.
    NotDeciding,
    /// One vote at a time: the matter's latest vote is not yet sealed.
    VoteUnsealed,
    /// A matter leaves 决议 once its vote closed and was sealed: it has not closed yet.
    VoteRunning,
    /// A matter leaves 决议 once its vote was sealed: it closed, unsealed.
    SealFirst,
    ClosesBeforeOpening,
    OpensInPast,
    /// The counting period is from `min` to `max` hours.
    CountingPeriod {
        min: u16,
        max: u16,
    },
    /// A vote is sealed only after it closed.
    NotClosed,
    /// More entries than a list takes.
    TooMany {
        field: Field,
        max: usize,
    },
    /// A meeting ends after it starts.
    EndsBeforeStart,
    StartsInPast,
    /// The most proxies one agent may hold is from `min` to `max`.
    ProxyCap {
        min: u8,
        max: u8,
    },
    /// An owners' assembly's notice goes out `required` days ahead; this one `days`, and no
    /// reason was recorded.
    NoticeTooShort {
        days: u64,
        required: u64,
    },
    NoticePublished,
    /// A notice is published before the meeting starts.
    MeetingStarted,
    /// No sign-in before the meeting's notice is published.
    NoNotice,
    /// An authorisation names a vote that is not on the meeting's agenda.
    NotOnAgenda,
    /// The owner already has an authorisation in force at the meeting, for `agent`: it is
    /// revoked first.
    ProxyInForce {
        agent: String,
    },
    /// The agent already holds the most authorisations the meeting allows.
    AgentFull {
        max: u8,
    },
    /// A ballot was cast through the authorisation: it can no longer be revoked.
    ProxyUsed,
    /// No authorisation is recorded after the meeting ended.
    MeetingEnded,
    /// The sheet was already entered twice alike (or settled): it is a ballot.
    SheetDone,

    // meeting_not_open
    /// Sign-in opens 2 hours before the start.
    SignInNotOpen,
    /// The meeting ended, and its late sign-ins' day too.
    SignInOver,

    // vote_not_open
    NotYetOpen,
    Closed,

    // the rest, one code each
    /// The committee sealed the count: no ballot of any channel, and no delivery, is taken.
    Sealed,
    /// The vote closed and its counting period ended, unsealed: nothing more is taken.
    CountingOver,
    /// The owner already signed in at this meeting (through `unit`): the first sign-in stands.
    AlreadySignedIn {
        unit: UnitId,
    },
    /// The owner already voted: this ballot is recorded as a duplicate and not counted.
    AlreadyVoted {
        counted_unit: UnitId,
        duplicate: EntityId,
    },
    UnknownUnit {
        unit: UnitId,
    },
    /// A create whose id is already taken: a client bug or a forged change, never a retry
    /// (the sync protocol skips retries by their mutation id before the rules see them).
    DuplicateId {
        id: EntityId,
    },
    /// An edit made on an older revision than the record now has: someone changed it since.
    Stale {
        current: u32,
    },
}

/// What a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Matter,
    Comment,
    /// The comment a reply answers.
    RepliedTo,
    Poll,
    Vote,
    Meeting,
    Proxy,
}

/// What someone tried to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    MoveStage,
    AddComment,
    EditComment,
    CreatePoll,
    AnswerPoll,
    OpenVote,
    SealVote,
    RecordDeliveries,
    CastBallot,
    CreateMeeting,
    PublishNotice,
    SignIn,
    RecordProxy,
    RevokeProxy,
}

/// A field of a form, which a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Body,
    Category,
    Reason,
    Comment,
    Question,
    Option,
    Place,
    /// The names of a meeting's tellers and scrutineers.
    Officers,
    /// A proxy's agent, by name.
    Agent,
    /// A proxy's agent's phone or ID tail.
    AgentContact,
}

impl Rejection {
    /// The class of the sync protocol: a result's stable `code`.
    pub fn code(&self) -> &'static str {
        use Rejection as R;
        match self {
            R::NotFound { .. } => "not_found",
            R::NotAllowed { .. }
            | R::NotYours { .. }
            | R::OthersUnit
            | R::NoSheet
            | R::SheetTooLong { .. }
            | R::SheetEnteredByYou
            | R::ProxyNotOpen
            | R::ProxyRevoked
            | R::OutsideProxy => "not_allowed",
            R::MatterClosed { action: Action::CastBallot, .. } | R::NotYetOpen | R::Closed => {
                "vote_not_open"
            }
            R::Empty { .. }
            | R::TooLong { .. }
            | R::Draft { .. }
            | R::ReasonRequired
            | R::StageFinal { .. }
            | R::NoLongerCollecting
            | R::MatterClosed { .. }
            | R::WrongMatter
            | R::TooFewOptions
            | R::RepeatedOption
            | R::TooManyOptions { .. }
            | R::AlreadyAnswered
            | R::PickOne
            | R::PickSome
            | R::NoSuchOption
            | R::NotDeciding
            | R::VoteUnsealed
            | R::VoteRunning
            | R::SealFirst
            | R::ClosesBeforeOpening
            | R::OpensInPast
            | R::CountingPeriod { .. }
            | R::NotClosed
            | R::TooMany { .. }
            | R::EndsBeforeStart
            | R::StartsInPast
            | R::ProxyCap { .. }
            | R::NoticeTooShort { .. }
            | R::NoticePublished
            | R::MeetingStarted
            | R::NoNotice
            | R::NotOnAgenda
            | R::ProxyInForce { .. }
            | R::AgentFull { .. }
            | R::ProxyUsed
            | R::MeetingEnded
            | R::WrongSheet { .. }
            | R::SheetDone => "invalid",
            R::SignInNotOpen | R::SignInOver => "meeting_not_open",
            R::AlreadySignedIn { .. } => "already_signed_in",
            R::Sealed => "vote_sealed",
            R::CountingOver => "counting_over",
            R::AlreadyVoted { .. } => "already_voted",
            R::UnknownUnit { .. } => "unknown_unit",
            R::DuplicateId { .. } => "duplicate_id",
            R::Stale { .. } => "stale",
        }
    }

    /// The form field this problem is about, for a form to mark: `None` for the rest.
    pub fn field(&self) -> Option<Field> {
        match self {
            Rejection::Empty { field }
            | Rejection::TooLong { field, .. }
            | Rejection::TooMany { field, .. } => Some(*field),
            Rejection::ReasonRequired | Rejection::NoticeTooShort { .. } => Some(Field::Reason),
            Rejection::TooManyOptions { .. }
            | Rejection::TooFewOptions
            | Rejection::RepeatedOption => Some(Field::Option),
            _ => None,
        }
    }

    /// The refusal of a draft's problems, if it has any: the one, or all of them together.
    pub fn of_problems(mut problems: Vec<Rejection>) -> Option<Rejection> {
        match problems.len() {
            0 => None,
            1 => Some(problems.remove(0)),
            _ => Some(Rejection::Draft { problems }),
        }
    }
}

impl std::error::Error for Rejection {}
