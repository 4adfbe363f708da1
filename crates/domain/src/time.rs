//! Points in time, as the devices and the server record them.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch (UTC). The domain never reads a clock: callers pass time in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);
