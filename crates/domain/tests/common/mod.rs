//! What the rules' tests share: a small register in memory, actors, and changes run on it.
#![allow(dead_code, unreachable_pub)]

use yishiting_domain::mutation::{Actor, Applied, Envelope, Mutation, Rejection, StageAction};
use yishiting_domain::records::MemoryRecords;
use yishiting_domain::{
    Area, Channel, Choice, EntityId, Matter, NonResponse, OwnerKey, ProposalDraft, Role, Timestamp,
    Unit, UnitId,
};

pub fn id(n: u8) -> EntityId {
    EntityId::from_random_bytes([n; 16])
}

pub fn unit(text: &str) -> UnitId {
    UnitId::parse(text).expect("unit id")
}

pub fn actor(name: &str, role: Role, own_unit: Option<&str>) -> Actor {
    Actor {
        id: format!("person-{name}"),
        name: name.to_owned(),
        role,
        unit: own_unit.map(unit),
        device: "phone".to_owned(),
    }
}

pub struct Hall {
    pub records: MemoryRecords,
    next: u8,
}

impl Hall {
    /// Units 1-101 and 1-102 belong to owner 王; 1-201 to 李; 1-202 to 张.
    pub fn new() -> Hall {
        let mut records = MemoryRecords::default();
        for (id, area, owner) in [
            ("1-101", 9_000, "wang"),
            ("1-102", 6_000, "wang"),
            ("1-201", 9_000, "li"),
            ("1-202", 9_000, "zhang"),
        ] {
            let unit = Unit {
                id: unit(id),
                area: Area::from_hundredths(area),
                owner: OwnerKey::parse(owner).expect("owner"),
                building: Some("1".to_owned()),
                room: None,
                owner_name: None,
            };
            records.units.insert(unit.id.clone(), unit);
        }
        Hall { records, next: 100 }
    }

    pub fn run(
        &mut self,
        actor: &Actor,
        at: i64,
        mutation: Mutation,
    ) -> Result<Applied, Rejection> {
        self.run_recorded(actor, at, None, mutation)
    }

    /// Runs a change judged at `at` that its device says it made at `recorded`, as the
    /// server does with a pushed change.
    pub fn run_recorded(
        &mut self,
        actor: &Actor,
        at: i64,
        recorded: Option<i64>,
        mutation: Mutation,
    ) -> Result<Applied, Rejection> {
        self.next += 1;
        let envelope = Envelope {
            id: id(self.next),
            at: Timestamp(at),
            recorded_at: recorded.map(Timestamp),
            actor: actor.clone(),
            mutation,
        };
        self.records.apply_now(&envelope)
    }

    /// Runs a change that must be refused and must leave every record as it was.
    pub fn refused(&mut self, actor: &Actor, at: i64, mutation: Mutation) -> Rejection {
        let before = self.records.clone();
        let rejection = self.run(actor, at, mutation).expect_err("should be refused");
        assert_eq!(self.records, before, "a refused change wrote something: {rejection}");
        rejection
    }

    /// A matter raised by a resident and moved to 决议 by the committee, with a vote on matter 5.
    pub fn deciding_with_vote(&mut self) -> (EntityId, EntityId) {
        self.deciding_with_window(10, 100)
    }

    /// As `deciding_with_vote`, the vote open from `opens` to `closes`.
    pub fn deciding_with_window(&mut self, opens: i64, closes: i64) -> (EntityId, EntityId) {
        let (proposal, vote) = (id(1), id(2));
        let resident = actor("刘", Role::Resident, None);
        let draft = ProposalDraft {
            title: "大修 41 部电梯".to_owned(),
            body: "使用维修资金。".to_owned(),
            category: "设施".to_owned(),
        };
        assert_eq!(
            self.run(&resident, 1, Mutation::RaiseProposal { id: proposal, draft }),
            Ok(Applied::Done)
        );
        let committee = actor("周主任", Role::Committee, None);
        for at in 2..5 {
            self.run(
                &committee,
                at,
                Mutation::MoveStage { proposal, action: StageAction::Advance },
            )
            .expect("advance");
        }
        let open = Mutation::OpenVote {
            id: vote,
            proposal,
            matter: Matter::new(5).expect("matter"),
            opens_at: Timestamp(opens),
            closes_at: Timestamp(closes),
            policy: NonResponse::None,
            counting_hours: 24,
        };
        assert_eq!(self.run(&committee, 5, open), Ok(Applied::Done));
        (proposal, vote)
    }
}

pub fn ballot(
    id: EntityId,
    vote: EntityId,
    unit_id: &str,
    choice: Choice,
    channel: Channel,
) -> Mutation {
    Mutation::CastBallot {
        id,
        vote,
        unit: unit(unit_id),
        choice,
        channel,
        sheet: None,
        proxy: None,
    }
}
