//! The demo community a first-time user loads with “试用示例小区”.
//!
//! A register of 584 units in eight buildings and eight matters taken from the news reports
//! the product grew from, at every step of the six-step method, with comments from every
//! side, an opinion poll, a closed owners' vote that passed and an open one under way. All of
//! it is made the way users make things: as changes ([`Envelope`]s) applied by the domain's
//! rules, so the demo can hold nothing a user could not have produced. It is the same on every
//! call: names, areas and ids come from a generator with a constant seed, and every time is
//! counted back from the `now` the caller passes in. No I/O, no clock, no randomness source.

mod cast;
mod crowd;
mod matters;
mod meetings;
mod names;
mod register;
mod rng;
mod script;

use yishiting_domain::mutation::Envelope;
use yishiting_domain::records::MemoryRecords;
use yishiting_domain::{NonResponse, Timestamp};

pub use register::{DEVELOPER, units};

/// The name the demo community goes by.
pub const NAME: &str = "翠屏花园（示例小区）";

/// A community ready to browse: its name, its non-response policy and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    pub name: String,
    pub policy: NonResponse,
    pub records: MemoryRecords,
}

/// Builds the demo community as it stands at `now` (milliseconds since the Unix epoch).
///
/// The register is inserted first; then every change of [`envelopes`] is applied in order.
/// All are accepted but one: an owner of two units who tries to vote again through the second
/// is refused as a duplicate, so that the committee's duplicate list has something to show.
pub fn community(now: Timestamp) -> Demo {
    let units = units().into_iter().map(|unit| (unit.id.clone(), unit)).collect();
    let mut records = MemoryRecords { units, ..MemoryRecords::default() };
    for envelope in envelopes(now) {
        // The answer is known in advance (the tests check it): the changes are the demo.
        let _answer = records.apply_now(&envelope);
    }
    Demo { name: NAME.to_owned(), policy: NonResponse::None, records }
}

/// Every change that builds the demo's matters, in time order, for a store other than
/// [`MemoryRecords`] to apply after inserting [`units`].
pub fn envelopes(now: Timestamp) -> Vec<Envelope> {
    let units = units();
    let mut script = script::Script::new(now, &units);
    let assembly = matters::play(&mut script);
    // Last, so that adding meetings kept every matter's ids.
    meetings::play(&mut script, &assembly);
    script.finish()
}
