//! The pace of sync rounds: the period while all is well, and after a failure a backoff
//! spread at random, so that after an outage a community's phones do not all come back in the
//! same second.

use super::http::Failure;

/// Seconds between rounds while all is well.
pub const PERIOD_SECS: u32 = 30;
/// The longest wait between attempts while the server cannot be reached.
pub const MAX_BACKOFF_SECS: u32 = 300;

/// The pace of rounds: how long to wait after one before the next (a kick, such as a new
/// change or the network coming back, ends any wait at once).
#[derive(Debug, Clone, Copy, Default)]
pub struct Pacer {
    /// The pause after the last failure, in seconds; 0 after a success.
    backoff: u32,
}

impl Pacer {
    /// The wait after a round that ended with `outcome`, in milliseconds, spread by `random`:
    /// the period after a success; after a failure a pause doubling from 5 s to 300 s. A
    /// refused token changes nothing: the person must sign in, and a kick follows.
    pub fn after(&mut self, outcome: &Result<(), Failure>, random: u32) -> u32 {
        match outcome {
            Ok(()) => self.backoff = 0,
            Err(Failure::Unauthorized) => {}
            Err(_) => self.backoff = next_backoff(self.backoff),
        }
        self.now(random)
    }

    /// The wait as things stand, in milliseconds, spread by `random`.
    pub fn now(&self, random: u32) -> u32 {
        jittered_ms(if self.backoff > 0 { self.backoff } else { PERIOD_SECS }, random)
    }
}

/// The pause after a failed round, in seconds, given the one before (0 after a success):
/// 5, 10, 20, … up to [`MAX_BACKOFF_SECS`].
pub fn next_backoff(previous: u32) -> u32 {
    if previous == 0 { 5 } else { previous.saturating_mul(2).min(MAX_BACKOFF_SECS) }
}

/// A pause of at least `seconds`, in milliseconds, lengthened by up to half by `random`:
/// after an outage the phones of a community do not all come back in the same second.
pub fn jittered_ms(seconds: u32, random: u32) -> u32 {
    let full = seconds.saturating_mul(1000);
    full.saturating_add(random % (full / 2 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_round_backs_off_doubling_to_a_ceiling() {
        let mut waits = vec![];
        let mut backoff = 0;
        for _ in 0..8 {
            backoff = next_backoff(backoff);
            waits.push(backoff);
        }
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300]);
    }

    #[test]
    fn retries_are_spread_over_half_a_pause_more() {
        // Bounds: from the pause to half as long again, whatever the random number.
        for random in [0, 1, 2_499, 2_500, 2_501, u32::MAX / 2, u32::MAX] {
            let wait = jittered_ms(5, random);
            assert!((5_000..=7_500).contains(&wait), "{random}: {wait}");
        }
        assert_eq!((jittered_ms(5, 0), jittered_ms(5, 2_500)), (5_000, 7_500));
        // A thousand phones back from one outage: their retries spread over 2.5 s, none
        // of its 100 ms slices holding more than a few percent of them.
        let mut state = 0x2545_f491_u32;
        let mut slices = [0u32; 25];
        for _ in 0..1_000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            slices[((jittered_ms(5, state) - 5_000) / 100).min(24) as usize] += 1;
        }
        assert!(slices.iter().all(|&n| n < 80), "{slices:?}");
    }
}
