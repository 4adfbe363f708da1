//! Reading a [`Rejection`] by hand: one pass over its fields in any order, then the variant
//! its `reason` names. serde's derived reading of an internally tagged enum buffers the
//! content first, and its code for 38 variants would ride in the app's first download; this
//! reads the same JSON for a fraction of it. A reason this build does not know, or one
//! without the fields it needs, reads as `None` where a result's `detail` is read
//! ([`Rejection::read_known`]) and as an error elsewhere.

use serde::Deserialize;
use serde::de::{Deserializer, Error, IgnoredAny, MapAccess, Visitor};

use super::{Action, Field, Rejection, Subject};
use crate::{EntityId, Role, Stage, UnitId};

/// Every field any reason has.
#[derive(Default)]
struct Fields {
    reason: Option<String>,
    what: Option<Subject>,
    action: Option<Action>,
    role: Option<Role>,
    field: Option<Field>,
    max: Option<usize>,
    min: Option<u16>,
    problems: Option<Vec<Loose>>,
    stage: Option<Stage>,
    counted_unit: Option<UnitId>,
    duplicate: Option<EntityId>,
    unit: Option<UnitId>,
    id: Option<EntityId>,
    current: Option<u32>,
}

impl Fields {
    /// The refusal these fields make, if this build knows its reason and it has its fields.
    fn rejection(self) -> Option<Rejection> {
        use Rejection as R;
        Some(match self.reason?.as_str() {
            "not_found" => R::NotFound { what: self.what? },
            "not_allowed" => R::NotAllowed { action: self.action?, role: self.role? },
            "not_yours" => R::NotYours { what: self.what? },
            "others_unit" => R::OthersUnit,
            "no_sheet" => R::NoSheet,
            "sheet_too_long" => R::SheetTooLong { max: self.max? },
            "proxy_not_open" => R::ProxyNotOpen,
            "empty" => R::Empty { field: self.field? },
            "too_long" => R::TooLong { field: self.field?, max: self.max? },
            "draft" => R::Draft {
                problems: self.problems?.into_iter().map(|p| p.0).collect::<Option<_>>()?,
            },
            "reason_required" => R::ReasonRequired,
            "stage_final" => R::StageFinal { stage: self.stage? },
            "no_longer_collecting" => R::NoLongerCollecting,
            "matter_closed" => R::MatterClosed { stage: self.stage?, action: self.action? },
            "wrong_matter" => R::WrongMatter,
            "too_few_options" => R::TooFewOptions,
            "repeated_option" => R::RepeatedOption,
            "too_many_options" => R::TooManyOptions { max: self.max? },
            "already_answered" => R::AlreadyAnswered,
            "pick_one" => R::PickOne,
            "pick_some" => R::PickSome,
            "no_such_option" => R::NoSuchOption,
            "not_deciding" => R::NotDeciding,
            "vote_unsealed" => R::VoteUnsealed,
            "vote_running" => R::VoteRunning,
            "seal_first" => R::SealFirst,
            "closes_before_opening" => R::ClosesBeforeOpening,
            "opens_in_past" => R::OpensInPast,
            "counting_period" => {
                R::CountingPeriod { min: self.min?, max: u16::try_from(self.max?).ok()? }
            }
            "not_closed" => R::NotClosed,
            "not_yet_open" => R::NotYetOpen,
            "closed" => R::Closed,
            "sealed" => R::Sealed,
            "counting_over" => R::CountingOver,
            "already_voted" => {
                R::AlreadyVoted { counted_unit: self.counted_unit?, duplicate: self.duplicate? }
            }
            "unknown_unit" => R::UnknownUnit { unit: self.unit? },
            "duplicate_id" => R::DuplicateId { id: self.id? },
            "stale" => R::Stale { current: self.current? },
            _ => return None,
        })
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a refusal: an object with a reason")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "reason" => f.reason = Some(map.next_value()?),
                "what" => f.what = Some(map.next_value()?),
                "action" => f.action = Some(map.next_value()?),
                "role" => f.role = Some(map.next_value()?),
                "field" => f.field = Some(map.next_value()?),
                "max" => f.max = Some(map.next_value()?),
                "min" => f.min = Some(map.next_value()?),
                "problems" => f.problems = Some(map.next_value()?),
                "stage" => f.stage = Some(map.next_value()?),
                "counted_unit" => f.counted_unit = Some(map.next_value()?),
                "duplicate" => f.duplicate = Some(map.next_value()?),
                "unit" => f.unit = Some(map.next_value()?),
                "id" => f.id = Some(map.next_value()?),
                "current" => f.current = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(f)
    }
}

impl<'de> Deserialize<'de> for Rejection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = deserializer.deserialize_map(FieldsVisitor)?;
        let reason = fields.reason.clone().unwrap_or_default();
        fields.rejection().ok_or_else(|| D::Error::custom(format!("unknown refusal {reason:?}")))
    }
}

impl Rejection {
    /// A result's `detail`: the refusal when this build knows it, `None` for a newer
    /// backend's reason (the result's `code` and `message` still say it).
    pub fn read_known<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rejection>, D::Error> {
        Ok(Option::<Loose>::deserialize(d)?.and_then(|loose| loose.0))
    }
}

/// A refusal read leniently: `None` for one this build does not know.
struct Loose(Option<Rejection>);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Loose(deserializer.deserialize_map(FieldsVisitor)?.rejection()))
    }
}
