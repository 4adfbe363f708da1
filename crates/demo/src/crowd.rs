//! Crowds: the ballots of an owners' vote and the answers to an opinion poll.

use std::collections::BTreeMap;

use yishiting_domain::mutation::Actor;
use yishiting_domain::{Channel, Choice, EntityId, OwnerKey, Role, Timestamp, Unit};

use crate::names;
use crate::register::DEVELOPER;
use crate::rng::Rng;
use crate::script::{Script, clock_hour, owner_actor};

/// How an owners' vote goes, in whole percentages.
#[derive(Debug)]
pub(crate) struct Turnout {
    /// Owners who take part, of all owners (the developer's key included in the whole).
    pub(crate) owners: u64,
    /// Of the ballots, yes and no; the rest abstain.
    pub(crate) yes: u64,
    pub(crate) no: u64,
    /// Of the ballots, those recorded by the officer at the meeting.
    pub(crate) at_meeting: u64,
}

/// An in-person meeting where an officer records ballots, one after another.
#[derive(Debug)]
pub(crate) struct Meeting {
    pub(crate) officer: Actor,
    pub(crate) from: Timestamp,
    pub(crate) until: Timestamp,
}

/// One ballot as cast: whose (an index into [`owners`]), when, and how.
#[derive(Debug)]
pub(crate) struct Cast {
    pub(crate) owner: usize,
    pub(crate) at: Timestamp,
    pub(crate) channel: Channel,
}

/// The owners of the register other than the developer, each with their units, in register
/// order.
pub(crate) fn owners(units: &[Unit]) -> Vec<Vec<&Unit>> {
    let mut groups: Vec<Vec<&Unit>> = Vec::new();
    let mut index: BTreeMap<&OwnerKey, usize> = BTreeMap::new();
    for unit in units.iter().filter(|u| u.owner.as_str() != DEVELOPER) {
        match index.get(&unit.owner) {
            Some(&i) => groups[i].push(unit),
            None => {
                index.insert(&unit.owner, groups.len());
                groups.push(vec![unit]);
            }
        }
    }
    groups
}

/// Casts the ballots of one vote: online between `from` and `until`, and at the meeting.
/// Every owner votes through the first of their units.
pub(crate) fn cast(
    s: &mut Script<'_>,
    vote: EntityId,
    (from, until): (Timestamp, Timestamp),
    turnout: &Turnout,
    meeting: &Meeting,
) -> Vec<Cast> {
    let units = s.units;
    let groups = owners(units);
    let total = u64::try_from(groups.len() + 1).expect("owners fit in u64");
    let voters = usize::try_from(total * turnout.owners / 100).expect("voters fit in usize");
    let mut order: Vec<usize> = (0..groups.len()).collect();
    s.rng.shuffle(&mut order);
    let mut casts: Vec<Cast> = order[..voters]
        .iter()
        .map(|&owner| {
            let channel =
                if s.rng.chance(turnout.at_meeting) { Channel::Meeting } else { Channel::Online };
            let at = match channel {
                Channel::Online => early(&mut s.times, from, until),
                _ => meeting.from,
            };
            Cast { owner, at, channel }
        })
        .collect();
    // The officer records the meeting's ballots one by one, evenly through the meeting.
    let at_meeting = casts.iter().filter(|c| c.channel == Channel::Meeting).count();
    let step = (meeting.until.0 - meeting.from.0) / i64::try_from(at_meeting + 1).expect("count");
    for (n, cast) in (1..).zip(casts.iter_mut().filter(|c| c.channel == Channel::Meeting)) {
        cast.at = Timestamp(meeting.from.0 + n * step);
    }
    for cast in &casts {
        let unit = groups[cast.owner][0];
        let choice = choose(&mut s.rng, turnout);
        let actor = match cast.channel {
            Channel::Online => owner_actor(unit),
            _ => meeting.officer.clone(),
        };
        s.ballot(cast.at, &actor, vote, &unit.id, choice, cast.channel);
    }
    casts.sort_by_key(|c| c.at);
    casts
}

fn choose(rng: &mut Rng, turnout: &Turnout) -> Choice {
    let roll = rng.below(100);
    if roll < turnout.yes {
        Choice::Yes
    } else if roll < turnout.yes + turnout.no {
        Choice::No
    } else {
        Choice::Abstain
    }
}

/// A time in `[from, until)`, more often early (most people answer in the first days) and
/// between 7 in the morning and 11 at night, when people are up.
fn early(rng: &mut Rng, from: Timestamp, until: Timestamp) -> Timestamp {
    let mut at = from;
    // A few tries find a waking hour in any window of a day or more; the last try stands.
    for _ in 0..50 {
        at = Timestamp(rng.within(from.0, until.0).min(rng.within(from.0, until.0)));
        if (7..23).contains(&clock_hour(at)) {
            break;
        }
    }
    at
}

/// `count` people answer a single-choice or yes/no poll between `from` and `until`, picking
/// option `i` with weight `weights[i]`: owners of the given building (or of any), and tenants.
pub(crate) fn answer_poll(
    s: &mut Script<'_>,
    poll: EntityId,
    (from, until): (Timestamp, Timestamp),
    count: usize,
    weights: &[u64],
    building: Option<&str>,
) {
    let units = s.units;
    let mut neighbours: Vec<Vec<&Unit>> = owners(units)
        .into_iter()
        .filter(|units| building.is_none_or(|b| units[0].building.as_deref() == Some(b)))
        .collect();
    s.rng.shuffle(&mut neighbours);
    let tenants = count / 5;
    let mut numbers: Vec<u64> = (1..=120).collect();
    s.rng.shuffle(&mut numbers);
    let people = neighbours
        .iter()
        .take(count - tenants)
        .map(|units| owner_actor(units[0]))
        .chain(numbers.into_iter().take(tenants).map(tenant));
    let people: Vec<Actor> = people.collect();
    let total: u64 = weights.iter().sum();
    for person in &people {
        let mut roll = s.rng.below(total);
        let pick = weights
            .iter()
            .position(|&w| {
                let here = roll < w;
                roll = roll.saturating_sub(w);
                here
            })
            .expect("a roll below the total falls on an option");
        let at = early(&mut s.times, from, until);
        s.answer(at, person, poll, pick);
    }
}

/// A tenant (租户) of the community, the same name for the same number every time.
fn tenant(number: u64) -> Actor {
    let mut rng = Rng::new(0x7E4A_4700_0000 + number);
    let id = format!("demo-tenant-{number:03}");
    Actor {
        name: names::person(&mut rng),
        role: Role::Resident,
        unit: None,
        device: names::phone(&id).to_owned(),
        id,
    }
}
