//! The brake on guessing sign-in codes (docs/protocol.md, "The brake"). Attempts are counted
//! per key, a client address together with the community the request names, and each
//! attempt takes its place in the count **before** its code is judged, so parallel guesses
//! are braked like a sequence of them. Someone else's guesses, from another address or at
//! another community, never hold up a right code.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How wrong codes are braked.
#[derive(Debug, Clone, Copy)]
pub struct Brake {
    /// Attempts judged at once, within `window`.
    pub free: u32,
    /// Attempts judged at all within `window`: those past it are refused, and the key is
    /// refused for `lockout` once this many wrong codes came.
    pub limit: u32,
    /// Each attempt past `free` waits this long times its rank past `free`.
    pub step: Duration,
    pub lockout: Duration,
    /// Wrong codes older than this are forgotten.
    pub window: Duration,
}

impl Default for Brake {
    fn default() -> Brake {
        Brake {
            free: 5,
            limit: 10,
            step: Duration::from_secs(1),
            lockout: Duration::from_secs(15 * 60),
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Whose attempts are counted together: an address and the community the request names
/// (`None` when it names none).
pub(crate) type Key = (IpAddr, Option<i64>);

#[derive(Debug)]
struct Count {
    /// Wrong codes since `first`.
    wrong: u32,
    /// Attempts taken and not yet judged.
    judging: u32,
    first: Instant,
    locked_until: Option<Instant>,
}

/// The attempts of every key.
#[derive(Debug, Default)]
pub(crate) struct Attempts {
    counts: Mutex<HashMap<Key, Count>>,
}

/// The brake's word on an attempt.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Judge the code after waiting this long; the attempt holds its place until it is
    /// told right or wrong (dropped untold, it counts as wrong).
    Judge(Duration, Attempt),
    /// Refused: try again after this long.
    Refused(Duration),
}

impl Attempts {
    /// Takes an attempt's place in its key's count, or refuses it.
    pub(crate) fn begin(self: &Arc<Self>, brake: &Brake, key: Key, now: Instant) -> Verdict {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget keys that have gone quiet, so the map cannot grow without bound.
        if counts.len() > 10_000 {
            counts.retain(|_, c| c.judging > 0 || !c.expired(brake, now));
        }
        let count = counts.entry(key).or_insert(Count::new(now));
        if count.judging == 0 && count.expired(brake, now) {
            *count = Count::new(now);
        }
        if let Some(until) = count.locked_until.filter(|until| now < *until) {
            return Verdict::Refused(until - now);
        }
        let rank = count.wrong + count.judging + 1;
        if rank > brake.limit {
            // Those being judged may still lock the key; this one waits at most as long.
            return Verdict::Refused(brake.lockout);
        }
        count.judging += 1;
        let wait = brake.step * rank.saturating_sub(brake.free);
        Verdict::Judge(
            wait,
            Attempt { attempts: Arc::clone(self), brake: *brake, key, told: false },
        )
    }

    fn end(&self, brake: &Brake, key: Key, right: bool) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(count) = counts.get_mut(&key) else { return };
        count.judging = count.judging.saturating_sub(1);
        if right {
            count.wrong = 0;
            if count.judging == 0 && count.locked_until.is_none() {
                counts.remove(&key);
            }
        } else {
            count.wrong += 1;
            if count.wrong >= brake.limit {
                count.locked_until = Some(Instant::now() + brake.lockout);
            }
        }
    }
}

impl Count {
    fn new(now: Instant) -> Count {
        Count { wrong: 0, judging: 0, first: now, locked_until: None }
    }

    fn expired(&self, brake: &Brake, now: Instant) -> bool {
        match self.locked_until {
            Some(until) => now >= until,
            None => now.duration_since(self.first) > brake.window,
        }
    }
}

/// An attempt being judged: its place in the count until it is told how it went.
#[derive(Debug)]
pub(crate) struct Attempt {
    attempts: Arc<Attempts>,
    brake: Brake,
    key: Key,
    told: bool,
}

impl Attempt {
    pub(crate) fn right(mut self) {
        self.told = true;
        self.attempts.end(&self.brake, self.key, true);
    }

    pub(crate) fn wrong(mut self) {
        self.told = true;
        self.attempts.end(&self.brake, self.key, false);
    }
}

impl Drop for Attempt {
    /// An attempt abandoned before its answer (the client went away) counts as wrong, so that
    /// hanging up is no way around the brake.
    fn drop(&mut self) {
        if !self.told {
            self.attempts.end(&self.brake, self.key, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brake() -> Brake {
        Brake {
            free: 2,
            limit: 4,
            step: Duration::from_secs(1),
            lockout: Duration::from_secs(60),
            window: Duration::from_secs(600),
        }
    }

    fn judge(verdict: Verdict) -> (Duration, Attempt) {
        match verdict {
            Verdict::Judge(wait, attempt) => (wait, attempt),
            Verdict::Refused(after) => panic!("refused for {after:?}"),
        }
    }

    fn refused(verdict: Verdict) -> Duration {
        match verdict {
            Verdict::Refused(after) => after,
            Verdict::Judge(wait, _) => panic!("judged after {wait:?}"),
        }
    }

    #[test]
    fn attempts_take_their_place_before_they_are_judged() {
        let (brake, attempts) = (brake(), Arc::new(Attempts::default()));
        let key: Key = ("10.0.0.1".parse().expect("ip"), Some(1));
        let t0 = Instant::now();
        // Four at once: two judged at once, the third after 1 s, the fourth after 2 s.
        let waits: Vec<(Duration, Attempt)> =
            (0..4).map(|_| judge(attempts.begin(&brake, key, t0))).collect();
        let seconds: Vec<u64> = waits.iter().map(|(w, _)| w.as_secs()).collect();
        assert_eq!(seconds, [0, 0, 1, 2]);
        // A fifth while they are judged: refused, not judged.
        assert_eq!(refused(attempts.begin(&brake, key, t0)), brake.lockout);
        // Another community, another address: untouched by these guesses.
        let other_community: Key = (key.0, Some(2));
        let other_address: Key = ("10.0.0.2".parse().expect("ip"), Some(1));
        assert_eq!(judge(attempts.begin(&brake, other_community, t0)).0, Duration::ZERO);
        assert_eq!(judge(attempts.begin(&brake, other_address, t0)).0, Duration::ZERO);
        // All four wrong (one by hanging up): the key is refused for the lockout.
        let mut waits = waits.into_iter();
        for (_, attempt) in waits.by_ref().take(3) {
            attempt.wrong();
        }
        drop(waits);
        assert!(refused(attempts.begin(&brake, key, Instant::now())) > Duration::from_secs(59));
        let later = Instant::now() + Duration::from_secs(61);
        assert_eq!(judge(attempts.begin(&brake, key, later)).0, Duration::ZERO);
    }

    #[test]
    fn a_right_code_clears_its_key() {
        let (brake, attempts) = (brake(), Arc::new(Attempts::default()));
        let key: Key = ("10.0.0.1".parse().expect("ip"), None);
        let t0 = Instant::now();
        for _ in 0..3 {
            judge(attempts.begin(&brake, key, t0)).1.wrong();
        }
        let (wait, attempt) = judge(attempts.begin(&brake, key, t0));
        assert_eq!(wait, Duration::from_secs(2), "the fourth within the window waits");
        attempt.right();
        assert_eq!(judge(attempts.begin(&brake, key, t0)).0, Duration::ZERO);
        // Wrong codes older than the window are forgotten.
        for _ in 0..3 {
            judge(attempts.begin(&brake, key, t0)).1.wrong();
        }
        let after_window = t0 + Duration::from_secs(601);
        assert_eq!(judge(attempts.begin(&brake, key, after_window)).0, Duration::ZERO);
    }
}
