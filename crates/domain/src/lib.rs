//! The rules of the residents' discussion hall (百姓议事厅), with no I/O.
//!
//! Everything here is plain data and pure functions, so that the app (compiled to
//! WebAssembly) and the reference server count and validate with the same code. Values are
//! parsed once at the boundary into the types below ("parse, don't validate"); areas are
//! integers of 0.01 m² and the count uses exact integer arithmetic only.

mod area;
mod ballot;
mod choice;
mod comment;
pub mod doorstep;
pub mod files;
mod ids;
mod matter;
mod meeting;
pub mod mutation;
mod paper;
mod poll;
mod proposal;
mod proxy;
pub mod records;
mod register;
pub mod rejection;
mod role;
mod tally;
mod time;
mod vote;
pub mod wire;
pub mod words;

pub use area::{Area, AreaError};
pub use ballot::{Ballot, Channel, ChannelError};
pub use choice::{Choice, ChoiceError};
pub use comment::{Comment, MAX_COMMENT_CHARS};
pub use ids::{EntityId, IdError, OwnerKey, UnitId};
pub use matter::{Matter, MatterError, Threshold};
pub use meeting::{
    ASSEMBLY_NOTICE_DAYS, Attendance, MAX_PLACE_CHARS, MAX_PROXIES_CAP, Meeting, MeetingDraft,
    MeetingKind, Notice, SIGN_IN_LATE_HOURS, SIGN_IN_OPENS_BEFORE_MS, SignInRecord,
};
pub use paper::{
    EntryOutcome, PaperSheet, SheetEntry, SheetState, read_sheet_number, sheet_number,
};
pub use poll::{Poll, PollAnswer, PollKind, PollResults};
pub use proposal::{MAX_BODY_CHARS, MAX_TITLE_CHARS, Proposal, ProposalDraft, Stage, StageChange};
pub use proxy::{MAX_AGENT_CHARS, MAX_CONTACT_CHARS, Proxy, ProxyDraft, Revocation};
pub use register::{DuplicateUnit, OwnerIndex, Register, Unit};
pub use rejection::Rejection;
pub use role::{Role, RoleError};
pub use tally::{
    Dimensions, Duplicate, NonResponse, Outcome, Share, Split, UnknownUnit, percent, tally,
};
pub use time::Timestamp;
pub use vote::{
    Arrival, DEFAULT_COUNTING_HOURS, MAX_COUNTING_HOURS, OPEN_SKEW_MS, OwnersVote, Seal,
};
