//! The play that builds the demo: who does what, and when, as a list of changes.
//!
//! The matters in [`crate::matters`] write their scenes with the verbs below; each verb adds
//! one [`Envelope`] with a fresh id. Nothing is applied here: [`Script::finish`] hands the
//! changes back in time order, and [`crate::community`] applies them through the rules.

use yishiting_domain::mutation::{Actor, Envelope, Mutation, StageAction};
use yishiting_domain::{
    Channel, Choice, EntityId, Matter, MeetingDraft, NonResponse, PollKind, ProposalDraft, Role,
    Timestamp, Unit, UnitId,
};

use crate::names;
use crate::rng::Rng;

pub(crate) const MINUTE: i64 = 60_000;
pub(crate) const HOUR: i64 = 60 * MINUTE;
pub(crate) const DAY: i64 = 24 * HOUR;

/// China keeps one time zone, UTC+8, all year.
const BEIJING: i64 = 8 * HOUR;

const SEED: u64 = 0x5EED_0000_000D_E770;
const TIME_SEED: u64 = 0x5EED_0000_0000_71AE;
const ID_SEED: u64 = 0x5EED_0000_0000_01D5;

#[derive(Debug)]
pub(crate) struct Script<'a> {
    now: i64,
    /// Midnight at the start of `now`'s day in Beijing time, so that scenes happen at
    /// believable hours of the day whatever the time the demo is loaded.
    today: i64,
    /// Who takes part and what they choose.
    pub(crate) rng: Rng,
    /// When they do it. Apart from the choices, because the windows that end at `now` depend
    /// on the hour the demo is loaded, and who voted how should not.
    pub(crate) times: Rng,
    /// Entity ids, apart from both, so that a matter keeps its id whenever it is loaded.
    ids: Rng,
    pub(crate) units: &'a [Unit],
    envelopes: Vec<Envelope>,
}

impl<'a> Script<'a> {
    pub(crate) fn new(now: Timestamp, units: &'a [Unit]) -> Script<'a> {
        let today = now.0 - (now.0 + BEIJING).rem_euclid(DAY);
        Script {
            now: now.0,
            today,
            rng: Rng::new(SEED),
            times: Rng::new(TIME_SEED),
            ids: Rng::new(ID_SEED),
            units,
            envelopes: Vec::new(),
        }
    }

    /// The changes in the order they happened; changes at the same moment keep script order.
    pub(crate) fn finish(mut self) -> Vec<Envelope> {
        self.envelopes.sort_by_key(|e| e.at);
        self.envelopes
    }

    /// `hour` o'clock (Beijing time) on the day `days` from today; negative days are past.
    /// Scenes use past days only, so everything they write happened before `now`.
    pub(crate) fn at(&self, days: i64, hour: i64) -> Timestamp {
        Timestamp(self.today + days * DAY + hour * HOUR)
    }

    pub(crate) fn now(&self) -> Timestamp {
        Timestamp(self.now)
    }

    /// The owner of a unit, signed in with it on their own phone.
    pub(crate) fn owner(&self, unit: &str) -> Actor {
        owner_actor(self.unit(unit))
    }

    /// A unit of the register, by its id.
    fn unit(&self, id: &str) -> &Unit {
        let unit = self.units.iter().find(|u| u.id.as_str() == id);
        unit.expect("the script names units of the register")
    }

    fn push(&mut self, at: Timestamp, actor: &Actor, mutation: Mutation) {
        let id = self.ids.entity_id();
        self.envelopes.push(Envelope { id, at, recorded_at: None, actor: actor.clone(), mutation });
    }

    pub(crate) fn raise(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        category: &str,
        title: &str,
        body: &str,
    ) -> EntityId {
        let id = self.ids.entity_id();
        let draft = ProposalDraft {
            title: title.to_owned(),
            body: body.to_owned(),
            category: category.to_owned(),
        };
        self.push(at, actor, Mutation::RaiseProposal { id, draft });
        id
    }

    /// Moves a matter to the next of the six steps.
    pub(crate) fn advance(&mut self, at: Timestamp, actor: &Actor, proposal: EntityId) {
        self.push(at, actor, Mutation::MoveStage { proposal, action: StageAction::Advance });
    }

    pub(crate) fn reject(&mut self, at: Timestamp, actor: &Actor, proposal: EntityId, why: &str) {
        let action = StageAction::Reject { reason: why.to_owned() };
        self.push(at, actor, Mutation::MoveStage { proposal, action });
    }

    /// A top-level comment.
    pub(crate) fn say(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        proposal: EntityId,
        body: &str,
    ) -> EntityId {
        self.comment(at, actor, proposal, None, body)
    }

    pub(crate) fn reply(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        proposal: EntityId,
        to: EntityId,
        body: &str,
    ) -> EntityId {
        self.comment(at, actor, proposal, Some(to), body)
    }

    fn comment(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        proposal: EntityId,
        reply_to: Option<EntityId>,
        body: &str,
    ) -> EntityId {
        let id = self.ids.entity_id();
        let body = body.to_owned();
        self.push(at, actor, Mutation::AddComment { id, proposal, reply_to, body });
        id
    }

    pub(crate) fn poll(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        proposal: EntityId,
        question: &str,
        kind: PollKind,
    ) -> EntityId {
        let id = self.ids.entity_id();
        let question = question.to_owned();
        self.push(at, actor, Mutation::CreatePoll { id, proposal, question, kind });
        id
    }

    pub(crate) fn answer(&mut self, at: Timestamp, actor: &Actor, poll: EntityId, pick: usize) {
        self.push(at, actor, Mutation::AnswerPoll { poll, picks: vec![pick] });
    }

    /// The committee chair opens an owners' vote on a numbered matter of Art. 278.
    pub(crate) fn open_vote(
        &mut self,
        at: Timestamp,
        proposal: EntityId,
        matter: u8,
        (opens_at, closes_at): (Timestamp, Timestamp),
    ) -> EntityId {
        let id = self.ids.entity_id();
        let matter = Matter::new(matter).expect("the script names matters 1 to 9");
        let policy = NonResponse::None;
        let counting_hours = yishiting_domain::DEFAULT_COUNTING_HOURS;
        let open = Mutation::OpenVote {
            id,
            proposal,
            matter,
            opens_at,
            closes_at,
            policy,
            counting_hours,
        };
        self.push(at, &crate::cast::chair(), open);
        id
    }

    /// The committee chair seals the count of a closed vote (封存计票).
    pub(crate) fn seal(&mut self, at: Timestamp, vote: EntityId) {
        self.push(at, &crate::cast::chair(), Mutation::SealVote { vote });
    }

    pub(crate) fn ballot(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        vote: EntityId,
        unit: &UnitId,
        choice: Choice,
        channel: Channel,
    ) {
        self.cast(at, actor, vote, (unit, choice, channel), None);
    }

    /// A ballot through `channel`, from the paper sheet numbered `sheet` for paper.
    fn cast(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        vote: EntityId,
        (unit, choice, channel): (&UnitId, Choice, Channel),
        sheet: Option<String>,
    ) {
        let (id, unit) = (self.ids.entity_id(), unit.clone());
        self.push(
            at,
            actor,
            Mutation::CastBallot { id, vote, unit, choice, channel, sheet, proxy: None },
        );
    }

    /// One entry of the owner's paper sheet (the number computed, as printed), by `actor`.
    pub(crate) fn paper(
        &mut self,
        at: Timestamp,
        actor: &Actor,
        vote: EntityId,
        unit: &UnitId,
        choice: Choice,
    ) {
        let sheet = yishiting_domain::sheet_number(vote, &self.unit(unit.as_str()).owner);
        self.cast(at, actor, vote, (unit, choice, Channel::Paper), Some(sheet));
    }

    /// The committee chair calls a meeting and publishes its notice at the same moment.
    pub(crate) fn call_meeting(&mut self, at: Timestamp, draft: MeetingDraft) -> EntityId {
        let id = self.ids.entity_id();
        let chair = crate::cast::chair();
        self.push(at, &chair, Mutation::CreateMeeting { id, draft });
        self.push(at, &chair, Mutation::PublishNotice { meeting: id, early_reason: None });
        id
    }

    /// An officer signs in the owner of `unit` at the meeting's door.
    pub(crate) fn sign_in(
        &mut self,
        at: Timestamp,
        officer: &Actor,
        meeting: EntityId,
        unit: &UnitId,
    ) {
        self.push(at, officer, Mutation::SignInOwner { meeting, unit: unit.clone() });
    }
}

/// The hour of the day, Beijing time, of a moment.
pub(crate) fn clock_hour(at: Timestamp) -> i64 {
    (at.0 + BEIJING).rem_euclid(DAY) / HOUR
}

/// An owner signed in with `unit` on their own phone. Co-owners share the first name listed.
pub(crate) fn owner_actor(unit: &Unit) -> Actor {
    let id = format!("demo-{}", unit.owner);
    let names = unit.owner_name.as_deref().unwrap_or("业主");
    let name = names.split('、').next().unwrap_or(names).to_owned();
    Actor {
        device: names::phone(&id).to_owned(),
        id,
        name,
        role: Role::Owner,
        unit: Some(unit.id.clone()),
    }
}
