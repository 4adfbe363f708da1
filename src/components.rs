//! Pieces shared by several screens.

pub mod account;
pub mod comments;
pub mod fields;
pub mod polls;
pub mod problem;
pub mod scan;
pub mod stage_actions;
pub mod stage_badge;
pub mod status;
pub mod tally_bars;
pub mod timeline;
pub mod vote;
