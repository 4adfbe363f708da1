//! The roles that speak and act in the hall (the "3+N" table).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Channel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 居民: lives here without owning a unit (a tenant, a family member). Discusses and
    /// answers opinion polls; never votes in owners' decisions.
    Resident,
    /// 业主: owns a unit; votes in owners' decisions through that unit.
    Owner,
    /// 业委会: the owners' committee; takes up proposals, runs votes, publishes results.
    Committee,
    /// 物业: the property company; answers and proposes; never votes.
    Property,
    /// 党支部: the community Party branch; guides and may move matters through the stages.
    PartyBranch,
    /// 社区: the residents' committee and community workers; guide, attend, supervise.
    Community,
    /// 计票人/监票人: records ballots at in-person meetings, through the meeting channel only.
    Officer,
}

/// Why a text is not a role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的身份")]
pub struct RoleError;

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Resident,
        Role::Owner,
        Role::Committee,
        Role::Property,
        Role::PartyBranch,
        Role::Community,
        Role::Officer,
    ];

    /// The badge shown beside a speaker's comments.
    pub fn badge(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::Owner => "业主",
            Role::Committee => "业委会",
            Role::Property => "物业",
            Role::PartyBranch => "党支部",
            Role::Community => "社区",
            Role::Officer => "计票人",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Owner => "owner",
            Role::Committee => "committee",
            Role::Property => "property",
            Role::PartyBranch => "party_branch",
            Role::Community => "community",
            Role::Officer => "officer",
        }
    }

    pub fn parse(text: &str) -> Result<Role, RoleError> {
        let text = text.trim();
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text || role.badge() == text)
            .ok_or(RoleError)
    }

    /// Stage changes, withdrawal and rejection belong to the committee and the Party branch.
    pub fn may_move_stages(self) -> bool {
        matches!(self, Role::Committee | Role::PartyBranch)
    }

    /// Who receives every ballot of every vote: the committee, meeting officers (who must see
    /// who has voted), the Party branch and the community, who supervise. An owner receives
    /// their own; everyone else sees the counts only.
    pub fn sees_every_ballot(self) -> bool {
        matches!(self, Role::Committee | Role::Officer | Role::PartyBranch | Role::Community)
    }

    /// Anyone may raise an issue; only these may also put one forward as a formal proposal.
    pub fn may_propose(self) -> bool {
        matches!(self, Role::Committee | Role::PartyBranch | Role::Property | Role::Community)
    }

    /// Owners' names in the register are personal data: the committee keeps the register and
    /// officers check owners in at meetings; everyone else sees units and areas only.
    pub fn sees_owner_names(self) -> bool {
        matches!(self, Role::Committee | Role::Officer)
    }

    /// Opinion polls are asked by those who guide the discussion.
    pub fn may_create_polls(self) -> bool {
        matches!(self, Role::Committee | Role::PartyBranch | Role::Community)
    }

    /// The committee runs owners' votes: it opens them and seals their count.
    pub fn runs_votes(self) -> bool {
        self == Role::Committee
    }

    /// The committee calls meetings in person and publishes their notices.
    pub fn calls_meetings(self) -> bool {
        self == Role::Committee
    }

    /// The committee records owners' written authorisations (委托) and revokes them.
    pub fn records_proxies(self) -> bool {
        self == Role::Committee
    }

    /// Owners are signed in at a meeting's door (签到) by the committee and meeting officers.
    pub fn takes_sign_ins(self) -> bool {
        matches!(self, Role::Committee | Role::Officer)
    }

    /// Deliveries (送达) of a vote's ballot are recorded by the committee and meeting officers.
    pub fn may_record_deliveries(self) -> bool {
        matches!(self, Role::Committee | Role::Officer)
    }

    /// The channel through which this role records an owner's ballot, if any: an owner on
    /// their own phone, an officer at the meeting, the committee from numbered paper sheets
    /// (officers may enter sheets too). Nobody else records ballots.
    pub fn ballot_channel(self) -> Option<Channel> {
        match self {
            Role::Owner => Some(Channel::Online),
            Role::Officer => Some(Channel::Meeting),
            Role::Committee => Some(Channel::Paper),
            Role::Resident | Role::Property | Role::PartyBranch | Role::Community => None,
        }
    }

    /// Whether this role may record a ballot through `channel` (the other conditions, an
    /// owner's own unit and a paper sheet's number, are the vote's rules).
    pub fn may_cast_through(self, channel: Channel) -> bool {
        self.ballot_channel() == Some(channel)
            || (self == Role::Officer && channel == Channel::Paper)
            || (matches!(self, Role::Officer | Role::Committee) && channel == Channel::Proxy)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.badge())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_code_and_badge() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
            assert_eq!(Role::parse(role.badge()), Ok(role));
        }
        assert_eq!(Role::parse("mayor"), Err(RoleError));
    }

    #[test]
    fn who_sees_every_ballot() {
        let seers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.sees_every_ballot()).collect();
        assert_eq!(seers, [Role::Committee, Role::PartyBranch, Role::Community, Role::Officer]);
    }

    #[test]
    fn who_moves_stages() {
        let movers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.may_move_stages()).collect();
        assert_eq!(movers, [Role::Committee, Role::PartyBranch]);
    }
}
