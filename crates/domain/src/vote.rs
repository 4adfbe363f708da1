//! An owners' vote: which matter, its window, the counting period after it, the seal, and
//! the non-response policy. What time a ballot is judged at, and whether it arrives late,
//! is decided here (docs/counting.md, "A vote's window").

use serde::{Deserialize, Serialize};

use crate::{Channel, EntityId, Matter, NonResponse, Rejection, Role, Timestamp};

const HOUR_MS: i64 = 3_600_000;

/// How far before the moment it is opened a vote may say it opens: a device's clock that is a
/// little behind, or a form filled in a few minutes ago, is no reason to refuse it.
pub const OPEN_SKEW_MS: i64 = 10 * 60_000;

/// The counting period when the committee sets none: 24 hours after the vote closes.
pub const DEFAULT_COUNTING_HOURS: u16 = 24;

/// The longest counting period the committee may set: 30 days.
pub const MAX_COUNTING_HOURS: u16 = 720;

fn default_counting_hours() -> u16 {
    DEFAULT_COUNTING_HOURS
}

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
    /// Hours after `closes_at` during which ballots recorded inside the window (at a meeting,
    /// from paper) may still arrive, unless the count is sealed first.
    #[serde(default = "default_counting_hours")]
    pub counting_hours: u16,
    /// The committee's seal of the count (封存计票): after it, nothing changes the count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Seal>,
}

/// Who sealed a count, and when (by the clock of whoever judged the seal: the server's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub at: Timestamp,
    /// The name of the committee account that sealed it.
    pub by: String,
    /// The id of that account, so two members of one name are told apart.
    pub by_id: String,
}

/// When a ballot counts as recorded and received, and whether it arrived late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    /// When it was cast: the time the judge received it, or, for a ballot an officer or the
    /// committee recorded at a meeting or from paper, the time their device recorded it (never
    /// later than its receipt).
    pub recorded_at: Timestamp,
    pub received_at: Timestamp,
    /// Received after the vote closed, inside the counting period.
    pub late: bool,
}

impl OwnersVote {
    /// A new vote, opened at `created_at` by the clock of whoever judges it.
    pub fn new(
        id: EntityId,
        proposal: EntityId,
        matter: Matter,
        (opens_at, closes_at): (Timestamp, Timestamp),
        policy: NonResponse,
        counting_hours: u16,
        created_at: Timestamp,
    ) -> Result<OwnersVote, Rejection> {
        if closes_at <= opens_at {
            return Err(Rejection::ClosesBeforeOpening);
        }
        if opens_at.0 < created_at.0.saturating_sub(OPEN_SKEW_MS) {
            return Err(Rejection::OpensInPast);
        }
        if !(1..=MAX_COUNTING_HOURS).contains(&counting_hours) {
            return Err(Rejection::CountingPeriod { min: 1, max: MAX_COUNTING_HOURS });
        }
        Ok(OwnersVote {
            id,
            proposal,
            matter,
            opens_at,
            closes_at,
            policy,
            created_at,
            counting_hours,
            sealed: None,
        })
    }

    /// The end of the counting period: nothing arrives at or after it.
    pub fn counting_ends_at(&self) -> Timestamp {
        Timestamp(self.closes_at.0.saturating_add(i64::from(self.counting_hours) * HOUR_MS))
    }

    /// Ballots are taken from the opening time up to, not including, the closing time.
    pub fn check_open(&self, at: Timestamp) -> Result<(), Rejection> {
        if at < self.opens_at {
            Err(Rejection::NotYetOpen)
        } else if at >= self.closes_at {
            Err(Rejection::Closed)
        } else {
            Ok(())
        }
    }

    /// Whether anything may still change the count when received at `at`: not after the
    /// seal, nor after the counting period.
    pub fn check_receiving(&self, at: Timestamp) -> Result<(), Rejection> {
        if self.sealed.is_some() {
            Err(Rejection::Sealed)
        } else if at >= self.counting_ends_at() {
            Err(Rejection::CountingOver)
        } else {
            Ok(())
        }
    }

    /// Whether a ballot through `channel`, recorded by `role`, received at `received_at`
    /// with the device's `recorded_at`, may be taken, and when it counts as cast.
    ///
    /// Only a ballot of a meeting, a paper sheet or a proxy, recorded by an officer or the committee,
    /// keeps its device's time, and only up to its receipt: it may arrive after the close,
    /// until the seal or the end of the counting period, and is then marked late. Every other
    /// ballot is cast when it is received. A paper sheet is entered after it was collected,
    /// from a box that closed with the vote: entered after the close (in the counting period,
    /// before the seal) it counts as cast at the close's last moment, not refused, so that a
    /// sheet entered twice, or settled by a third person, the day after is still taken.
    pub fn arrival(
        &self,
        role: Role,
        channel: Channel,
        recorded_at: Option<Timestamp>,
        received_at: Timestamp,
    ) -> Result<Arrival, Rejection> {
        self.check_receiving(received_at)?;
        let recorded_offline =
            matches!(channel, Channel::Meeting | Channel::Paper | Channel::Proxy)
                && matches!(role, Role::Officer | Role::Committee);
        let recorded_at = match recorded_at {
            Some(at) if recorded_offline => at.min(received_at),
            _ => received_at,
        };
        let recorded_at = match channel {
            Channel::Paper if recorded_offline && recorded_at >= self.closes_at => {
                Timestamp(self.closes_at.0 - 1)
            }
            _ => recorded_at,
        };
        self.check_open(recorded_at)?;
        Ok(Arrival { recorded_at, received_at, late: received_at >= self.closes_at })
    }

    /// Seals the count, received at `at`: only after the close, and only once.
    pub fn seal(&mut self, at: Timestamp, by: &str, by_id: &str) -> Result<(), Rejection> {
        if self.sealed.is_some() {
            return Err(Rejection::Sealed);
        }
        if at < self.closes_at {
            return Err(Rejection::NotClosed);
        }
        self.sealed = Some(Seal { at, by: by.to_owned(), by_id: by_id.to_owned() });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(opens: i64, closes: i64, hours: u16) -> OwnersVote {
        let id = EntityId::from_random_bytes([1; 16]);
        let matter = Matter::new(5).expect("matter");
        OwnersVote::new(
            id,
            id,
            matter,
            (Timestamp(opens), Timestamp(closes)),
            NonResponse::None,
            hours,
            Timestamp(0),
        )
        .expect("vote")
    }

    #[test]
    fn open_from_opening_until_closing() {
        let v = vote(10, 20, 24);
        assert_eq!(v.check_open(Timestamp(9)), Err(Rejection::NotYetOpen));
        assert_eq!(v.check_open(Timestamp(10)), Ok(()));
        assert_eq!(v.check_open(Timestamp(19)), Ok(()));
        assert_eq!(v.check_open(Timestamp(20)), Err(Rejection::Closed));
    }

    #[test]
    fn a_vote_is_set_up_forwards_in_time() {
        let id = EntityId::from_random_bytes([1; 16]);
        let matter = Matter::new(5).expect("matter");
        let open = |(opens, closes): (i64, i64), hours, now| {
            OwnersVote::new(
                id,
                id,
                matter,
                (Timestamp(opens), Timestamp(closes)),
                NonResponse::None,
                hours,
                Timestamp(now),
            )
            .map(|_| ())
        };
        let now = 100 * HOUR_MS;
        assert_eq!(open((now + 20, now + 20), 24, now), Err(Rejection::ClosesBeforeOpening));
        assert_eq!(open((now - OPEN_SKEW_MS, now + HOUR_MS), 24, now), Ok(()));
        assert_eq!(
            open((now - OPEN_SKEW_MS - 1, now + HOUR_MS), 24, now),
            Err(Rejection::OpensInPast)
        );
        assert_eq!(
            open((now, now + HOUR_MS), 0, now),
            Err(Rejection::CountingPeriod { min: 1, max: MAX_COUNTING_HOURS })
        );
        assert_eq!(
            open((now, now + HOUR_MS), 721, now),
            Err(Rejection::CountingPeriod { min: 1, max: MAX_COUNTING_HOURS })
        );
        assert_eq!(open((now, now + HOUR_MS), 720, now), Ok(()));
    }

    #[test]
    fn late_arrivals_keep_their_recorded_time_until_the_counting_period_ends() {
        let (opens, closes) = (HOUR_MS, 10 * HOUR_MS);
        let v = vote(opens, closes, 2);
        let ends = closes + 2 * HOUR_MS;
        let at = |role, channel, recorded: Option<i64>, received: i64| {
            v.arrival(role, channel, recorded.map(Timestamp), Timestamp(received))
        };
        // In the window, nothing is late; an owner's ballot is cast when received.
        let online = at(Role::Owner, Channel::Online, Some(opens), opens + 5);
        assert_eq!(
            online,
            Ok(Arrival {
                recorded_at: Timestamp(opens + 5),
                received_at: Timestamp(opens + 5),
                late: false
            })
        );
        // An owner's or anyone's online ballot after the close: closed, whatever it claims.
        assert_eq!(at(Role::Owner, Channel::Online, Some(opens), closes), Err(Rejection::Closed));
        assert_eq!(at(Role::Owner, Channel::Meeting, Some(opens), closes), Err(Rejection::Closed));
        // A meeting ballot recorded inside the window arrives late, in the counting period.
        let late = at(Role::Officer, Channel::Meeting, Some(closes - 1), ends - 1);
        assert_eq!(
            late,
            Ok(Arrival {
                recorded_at: Timestamp(closes - 1),
                received_at: Timestamp(ends - 1),
                late: true
            })
        );
        assert_eq!(
            at(Role::Committee, Channel::Paper, Some(opens), closes).map(|a| a.late),
            Ok(true)
        );
        // Recorded at or after the close: refused; after the counting period: refused.
        assert_eq!(
            at(Role::Officer, Channel::Meeting, Some(closes), closes + 1),
            Err(Rejection::Closed)
        );
        assert_eq!(
            at(Role::Officer, Channel::Meeting, Some(opens), ends),
            Err(Rejection::CountingOver)
        );
        // A device clock ahead of the judge's: the ballot counts as cast when received.
        let ahead = at(Role::Officer, Channel::Meeting, Some(closes + 99), closes - 5);
        assert_eq!(ahead.map(|a| a.recorded_at), Ok(Timestamp(closes - 5)));
        // A paper sheet entered after the close, in the counting period: cast at the close's
        // last moment, late; entered by an owner, or after the period: refused as any ballot.
        let entered = at(Role::Committee, Channel::Paper, Some(closes + 50), closes + 60);
        assert_eq!(entered.map(|a| (a.recorded_at, a.late)), Ok((Timestamp(closes - 1), true)));
        assert_eq!(at(Role::Owner, Channel::Paper, None, closes + 60), Err(Rejection::Closed));
        assert_eq!(
            at(Role::Officer, Channel::Paper, Some(closes + 50), ends),
            Err(Rejection::CountingOver)
        );
        // Before the opening, a sheet is no sheet of this vote.
        assert_eq!(
            at(Role::Officer, Channel::Paper, Some(opens - 1), opens),
            Err(Rejection::NotYetOpen)
        );
    }

    #[test]
    fn a_seal_comes_after_the_close_once_and_stops_everything() {
        let mut v = vote(0, 10, 24);
        assert_eq!(v.seal(Timestamp(9), "主任", "account-1"), Err(Rejection::NotClosed));
        assert_eq!(v.seal(Timestamp(10), "主任", "account-1"), Ok(()));
        assert_eq!(v.seal(Timestamp(11), "主任", "account-1"), Err(Rejection::Sealed));
        assert_eq!(
            v.arrival(Role::Officer, Channel::Meeting, Some(Timestamp(5)), Timestamp(11)),
            Err(Rejection::Sealed)
        );
        assert_eq!(v.check_receiving(Timestamp(11)), Err(Rejection::Sealed));
    }
}
