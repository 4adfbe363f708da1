//! The eight matters of the demo, one scene a file, each taken from the news reports the
//! product grew from. Together they stand at every step of the six-step method.

mod accounts;
mod bins;
mod elevators;
mod fire;
mod parking;
mod pots;
mod shed;
mod sorting;

use crate::script::Script;

/// Plays every scene; [`Script::finish`] puts their changes in time order. Gives back the
/// parking covenant's assembly, for [`crate::meetings`].
pub(crate) fn play(s: &mut Script<'_>) -> crate::meetings::Assembly {
    // 公开: smelly bins, solved in three days and published.
    bins::play(s);
    // 未采纳: doing away with every fixed bin, rejected with a reason.
    sorting::play(s);
    // 督办: the parking covenant, passed by an owners' vote and now being carried out.
    let assembly = parking::play(s);
    // 决议: the elevator overhaul, with an owners' vote under way.
    elevators::play(s);
    // 决议: where to put the e-bike shed, with an opinion poll under way.
    shed::play(s);
    // 商议: replacing the fire-water network, discussed with the owners' expert group.
    fire::play(s);
    // 提议: monthly publication of the committee's accounts, taken up by the Party branch.
    accounts::play(s);
    // 收集民意: flower pots on balcony ledges, raised three days ago.
    pots::play(s);
    assembly
}
