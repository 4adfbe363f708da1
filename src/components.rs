//! Pieces shared by several screens.

pub(crate) mod stage_badge;
pub(crate) mod status;
