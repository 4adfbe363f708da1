//! Ballots of owners' decisions and the channels they arrive by.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Choice, UnitId};

/// How a ballot reached the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The owner's own device.
    Online,
    /// Recorded by a meeting officer at an in-person meeting, possibly offline.
    Meeting,
    /// A signed ballot sheet entered later, with its sheet number.
    Paper,
    /// An agent holding a written, scoped, revocable authorisation.
    Proxy,
}

/// Why a text is not a channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("渠道应为 online/meeting/paper/proxy 或 线上/现场/纸质/委托")]
pub struct ChannelError;

impl Channel {
    pub fn parse(text: &str) -> Result<Channel, ChannelError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "online" | "线上" => Ok(Channel::Online),
            "meeting" | "现场" => Ok(Channel::Meeting),
            "paper" | "纸质" => Ok(Channel::Paper),
            "proxy" | "委托" => Ok(Channel::Proxy),
            _ => Err(ChannelError),
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Channel::Online => "线上",
            Channel::Meeting => "现场",
            Channel::Paper => "纸质",
            Channel::Proxy => "委托",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Online => "online",
            Channel::Meeting => "meeting",
            Channel::Paper => "paper",
            Channel::Proxy => "proxy",
        })
    }
}

/// One ballot, cast through one unit; it is the ballot of that unit's owner.
///
/// Ballots are counted in the order they were accepted: the first for an owner counts and
/// any later one for the same owner is a duplicate. The provenance fields are kept for the
/// audit; they are optional because a recount from a published `ballots.csv` may lack them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub unit: UnitId,
    pub choice: Choice,
    pub channel: Option<Channel>,
    /// Who recorded it: the owner's name, or the officer at a meeting.
    pub recorded_by: Option<String>,
    /// The device it was recorded on.
    pub device: Option<String>,
    /// When it was recorded, as the recorder wrote it (the order of acceptance is what counts).
    pub recorded_at: Option<String>,
}

impl Ballot {
    /// A ballot with no provenance, as in a bare `unit_id,choice` file.
    pub fn new(unit: UnitId, choice: Choice) -> Ballot {
        Ballot { unit, choice, channel: None, recorded_by: None, device: None, recorded_at: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_parse_in_both_languages() {
        assert_eq!(Channel::parse("Meeting"), Ok(Channel::Meeting));
        assert_eq!(Channel::parse("纸质"), Ok(Channel::Paper));
        assert_eq!(Channel::parse("委托"), Ok(Channel::Proxy));
        assert_eq!(Channel::parse("fax"), Err(ChannelError));
    }
}
