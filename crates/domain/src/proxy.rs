//! Proxies (委托): an owner's written authorisation for a named agent to vote for them at a
//! meeting, recorded by the committee. The rules of DOMAIN.md, "Meetings in person": scoped
//! to the meeting (every vote on its agenda) or to named votes of it; revocable until a
//! ballot is cast through it; an agent holds at most the meeting's `max_proxies`; the owner's
//! own ballot, accepted first, wins (as any second ballot of an owner, it is then a duplicate).

use serde::{Deserialize, Serialize};

use crate::rejection::Field;
use crate::{EntityId, Meeting, OwnerKey, Rejection, Timestamp, UnitId};

/// The longest agent's name.
pub const MAX_AGENT_CHARS: usize = 30;
/// The longest contact of an agent: a phone number, or the last digits of an ID card.
pub const MAX_CONTACT_CHARS: usize = 20;

/// What the committee copies from the written authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyDraft {
    /// A unit of the owner who signed it (the authorisation is the owner's, for all of their
    /// units).
    pub unit: UnitId,
    /// The agent (受托人), by name.
    pub agent: String,
    /// The agent's phone number or the last digits of their ID card.
    pub agent_contact: String,
    /// The votes it covers; empty: every vote on the meeting's agenda.
    #[serde(default)]
    pub votes: Vec<EntityId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proxy {
    pub id: EntityId,
    pub meeting: EntityId,
    pub owner: OwnerKey,
    /// The unit the committee found the owner by.
    pub unit: UnitId,
    pub agent: String,
    pub agent_contact: String,
    /// The votes it covers; empty: every vote on the meeting's agenda.
    pub votes: Vec<EntityId>,
    pub recorded_at: Timestamp,
    pub recorded_by: String,
    pub recorded_by_id: String,
    /// When and by whom it was revoked; `None` while it is in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub at: Timestamp,
    pub by: String,
    /// That committee account's stable id.
    pub by_id: String,
}

impl ProxyDraft {
    /// Everything wrong with the draft for `meeting`.
    pub fn problems(&self, meeting: &Meeting) -> Vec<Rejection> {
        let mut problems = Vec::new();
        for (field, text, max) in [
            (Field::Agent, &self.agent, MAX_AGENT_CHARS),
            (Field::AgentContact, &self.agent_contact, MAX_CONTACT_CHARS),
        ] {
            let text = text.trim();
            let blank = match field {
                // A contact is its letters and digits: "—" names nobody.
                Field::AgentContact => contact_key(text).is_empty(),
                _ => text.is_empty(),
            };
            if blank {
                problems.push(Rejection::Empty { field });
            } else if text.chars().count() > max {
                problems.push(Rejection::TooLong { field, max });
            }
        }
        if self.votes.iter().any(|v| !meeting.agenda.contains(v)) {
            problems.push(Rejection::NotOnAgenda);
        }
        problems
    }
}

impl Proxy {
    pub fn in_force(&self) -> bool {
        self.revoked.is_none()
    }

    /// Whether it lets its agent vote in `vote` of `meeting`.
    pub fn covers(&self, meeting: &Meeting, vote: EntityId) -> bool {
        meeting.agenda.contains(&vote) && (self.votes.is_empty() || self.votes.contains(&vote))
    }

    /// Who the agent is, as the cap counts them: the name without spaces and the contact's
    /// letters and digits, full-width ones (typed with a Chinese input method) as their
    /// ASCII, so that "王 强 / 138-0000-1234" and "王强 / １３８００００１２３４" are one.
    pub fn agent_key(&self) -> String {
        agent_key(&self.agent, &self.agent_contact)
    }
}

pub(crate) fn agent_key(agent: &str, contact: &str) -> String {
    let name: String = agent.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{name}/{}", contact_key(contact))
}

/// A contact's letters and digits, upper-cased, full-width forms as ASCII.
fn contact_key(contact: &str) -> String {
    contact
        .chars()
        .map(|c| match c {
            // The full-width forms of ASCII's printable characters, U+FF01 to U+FF5E.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
