//! The settings of an owners' vote: which matter, when it is open, and the non-response policy.

use serde::{Deserialize, Serialize};

use crate::{EntityId, Matter, NonResponse, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnersVote {
    pub id: EntityId,
    pub proposal: EntityId,
    /// The numbered matter of Art. 278; it decides the pass line.
    pub matter: Matter,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub policy: NonResponse,
    /// When the committee opened it.
    pub created_at: Timestamp,
}

/// Why a vote cannot be set up, or a ballot cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoteError {
    #[error("截止时间必须晚于开始时间")]
    ClosesBeforeOpening,
    #[error("表决尚未开始")]
    NotYetOpen,
    #[error("表决已截止")]
    Closed,
}

impl OwnersVote {
    pub fn new(
        id: EntityId,
        proposal: EntityId,
        matter: Matter,
        opens_at: Timestamp,
        closes_at: Timestamp,
        policy: NonResponse,
        created_at: Timestamp,
    ) -> Result<OwnersVote, VoteError> {
        if closes_at <= opens_at {
            return Err(VoteError::ClosesBeforeOpening);
        }
        Ok(OwnersVote { id, proposal, matter, opens_at, closes_at, policy, created_at })
    }

    /// Ballots are taken from the opening time up to, not including, the closing time.
    pub fn check_open(&self, at: Timestamp) -> Result<(), VoteError> {
        if at < self.opens_at {
            Err(VoteError::NotYetOpen)
        } else if at >= self.closes_at {
            Err(VoteError::Closed)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_from_opening_until_closing() {
        let id = EntityId::from_random_bytes([1; 16]);
        let matter = Matter::new(5).expect("matter");
        let vote = OwnersVote::new(
            id,
            id,
            matter,
            Timestamp(10),
            Timestamp(20),
            NonResponse::None,
            Timestamp(0),
        )
        .expect("vote");
        assert_eq!(vote.check_open(Timestamp(9)), Err(VoteError::NotYetOpen));
        assert_eq!(vote.check_open(Timestamp(10)), Ok(()));
        assert_eq!(vote.check_open(Timestamp(19)), Ok(()));
        assert_eq!(vote.check_open(Timestamp(20)), Err(VoteError::Closed));
        let backwards = OwnersVote::new(
            id,
            id,
            matter,
            Timestamp(20),
            Timestamp(20),
            NonResponse::None,
            Timestamp(0),
        );
        assert_eq!(backwards, Err(VoteError::ClosesBeforeOpening));
    }
}
