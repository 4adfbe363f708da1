//! Reading a [`Rejection`] by hand: one pass over its fields in any order, then the variant
//! its `reason` names. serde's derived reading of an internally tagged enum buffers the
//! content first, and its code for 38 variants would ride in the app's first download; this
//! reads the same JSON for a fraction of it.
//!
//! Read leniently: a reason this build does not know, a value it does not know under a known
//! field (a newer backend's stage, role or field), or a field of the wrong type never fails the
//! answer that carries it. Such a refusal reads as `None` where a result's `detail` or a kept
//! refusal is read ([`Rejection::read_known`]); the result's `code` and `message` still say
//! it. Only `Rejection::deserialize` itself, asked for a refusal, says it could not read one.

use serde::Deserialize;
use serde::de::value::StrDeserializer;
use serde::de::{
    DeserializeOwned, Deserializer, Error, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};

use super::Rejection;
use crate::{EntityId, UnitId};

/// A field's value, kept only as far as a refusal needs: text, a whole number, a list of
/// refusals; anything else is nothing.
enum Any {
    Text(String),
    Number(u64),
    List(Vec<Loose>),
    Other,
}

impl Any {
    fn text(self) -> Option<String> {
        match self {
            Any::Text(text) => Some(text),
            _ => None,
        }
    }

    fn number(self) -> Option<u64> {
        match self {
            Any::Number(n) => Some(n),
            _ => None,
        }
    }

    /// A name of one of the domain's unit-variant enums (`Role`, `Stage`, `Field`, …).
    fn name<T: DeserializeOwned>(self) -> Option<T> {
        let text = self.text()?;
        let names: StrDeserializer<'_, serde::de::value::Error> = text.as_str().into_deserializer();
        T::deserialize(names).ok()
    }
}

struct AnyVisitor;

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = Any;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: Error>(self, _: bool) -> Result<Any, E> {
        Ok(Any::Other)
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Any, E> {
        Ok(u64::try_from(v).map_or(Any::Other, Any::Number))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Any, E> {
        Ok(Any::Number(v))
    }
    fn visit_f64<E: Error>(self, _: f64) -> Result<Any, E> {
        Ok(Any::Other)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Any, E> {
        Ok(Any::Text(v.to_owned()))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Any, E> {
        Ok(Any::Text(v))
    }
    fn visit_unit<E: Error>(self) -> Result<Any, E> {
        Ok(Any::Other)
    }
    fn visit_none<E: Error>(self) -> Result<Any, E> {
        Ok(Any::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Any, D::Error> {
        d.deserialize_any(AnyVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Any, A::Error> {
        let mut list = Vec::new();
        while let Some(item) = seq.next_element::<Loose>()? {
            list.push(item);
        }
        Ok(Any::List(list))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Any, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Any::Other)
    }
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnyVisitor)
    }
}

/// Every field any reason has, as read.
#[derive(Default)]
struct Fields {
    reason: Option<Any>,
    what: Option<Any>,
    action: Option<Any>,
    role: Option<Any>,
    field: Option<Any>,
    max: Option<Any>,
    min: Option<Any>,
    problems: Option<Any>,
    stage: Option<Any>,
    counted_unit: Option<Any>,
    duplicate: Option<Any>,
    unit: Option<Any>,
    id: Option<Any>,
    current: Option<Any>,
    days: Option<Any>,
    required: Option<Any>,
    agent: Option<Any>,
}

fn unit_id(value: Option<Any>) -> Option<UnitId> {
    UnitId::parse(&value?.text()?).ok()
}

fn entity_id(value: Option<Any>) -> Option<EntityId> {
    EntityId::parse(&value?.text()?).ok()
}

fn number<T: TryFrom<u64>>(value: Option<Any>) -> Option<T> {
    T::try_from(value?.number()?).ok()
}

fn name<T: DeserializeOwned>(value: Option<Any>) -> Option<T> {
    value?.name()
}

impl Fields {
    /// The refusal these fields make, if this build knows its reason and it has its fields.
    fn rejection(self) -> Option<Rejection> {
        use Rejection as R;
        let reason = self.reason?.text()?;
        Some(match reason.as_str() {
            "not_found" => R::NotFound { what: name(self.what)? },
            "not_allowed" => R::NotAllowed { action: name(self.action)?, role: name(self.role)? },
            "not_yours" => R::NotYours { what: name(self.what)? },
            "others_unit" => R::OthersUnit,
            "no_sheet" => R::NoSheet,
            "sheet_too_long" => R::SheetTooLong { max: number(self.max)? },
            "wrong_sheet" => R::WrongSheet { unit: unit_id(self.unit)? },
            "sheet_entered_by_you" => R::SheetEnteredByYou,
            "sheet_done" => R::SheetDone,
            "proxy_not_open" => R::ProxyNotOpen,
            "proxy_revoked" => R::ProxyRevoked,
            "outside_proxy" => R::OutsideProxy,
            "not_on_agenda" => R::NotOnAgenda,
            "proxy_in_force" => R::ProxyInForce { agent: self.agent?.text()? },
            "agent_full" => R::AgentFull { max: number(self.max)? },
            "proxy_used" => R::ProxyUsed,
            "meeting_ended" => R::MeetingEnded,
            "empty" => R::Empty { field: name(self.field)? },
            "too_long" => R::TooLong { field: name(self.field)?, max: number(self.max)? },
            "draft" => match self.problems? {
                Any::List(problems) => {
                    R::Draft { problems: problems.into_iter().map(|p| p.0).collect::<Option<_>>()? }
                }
                _ => return None,
            },
            "reason_required" => R::ReasonRequired,
            "stage_final" => R::StageFinal { stage: name(self.stage)? },
            "no_longer_collecting" => R::NoLongerCollecting,
            "matter_closed" => {
                R::MatterClosed { stage: name(self.stage)?, action: name(self.action)? }
            }
            "wrong_matter" => R::WrongMatter,
            "too_few_options" => R::TooFewOptions,
            "repeated_option" => R::RepeatedOption,
            "too_many_options" => R::TooManyOptions { max: number(self.max)? },
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
                R::CountingPeriod { min: number(self.min)?, max: number(self.max)? }
            }
            "not_closed" => R::NotClosed,
            "not_yet_open" => R::NotYetOpen,
            "closed" => R::Closed,
            "sealed" => R::Sealed,
            "counting_over" => R::CountingOver,
            "already_voted" => R::AlreadyVoted {
                counted_unit: unit_id(self.counted_unit)?,
                duplicate: entity_id(self.duplicate)?,
            },
            "unknown_unit" => R::UnknownUnit { unit: unit_id(self.unit)? },
            "duplicate_id" => R::DuplicateId { id: entity_id(self.id)? },
            "stale" => R::Stale { current: number(self.current)? },
            "too_many" => R::TooMany { field: name(self.field)?, max: number(self.max)? },
            "ends_before_start" => R::EndsBeforeStart,
            "starts_in_past" => R::StartsInPast,
            "proxy_cap" => R::ProxyCap { min: number(self.min)?, max: number(self.max)? },
            "notice_too_short" => {
                R::NoticeTooShort { days: number(self.days)?, required: number(self.required)? }
            }
            "notice_published" => R::NoticePublished,
            "meeting_started" => R::MeetingStarted,
            "no_notice" => R::NoNotice,
            "sign_in_not_open" => R::SignInNotOpen,
            "sign_in_over" => R::SignInOver,
            "already_signed_in" => R::AlreadySignedIn { unit: unit_id(self.unit)? },
            _ => return None,
        })
    }
}

/// A refusal read leniently: `None` for one this build cannot say, whatever was sent.
struct Loose(Option<Rejection>);

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a refusal: an object with a reason")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key::<String>()? {
            let value = Some(map.next_value::<Any>()?);
            match key.as_str() {
                "reason" => f.reason = value,
                "what" => f.what = value,
                "action" => f.action = value,
                "role" => f.role = value,
                "field" => f.field = value,
                "max" => f.max = value,
                "min" => f.min = value,
                "problems" => f.problems = value,
                "stage" => f.stage = value,
                "counted_unit" => f.counted_unit = value,
                "duplicate" => f.duplicate = value,
                "unit" => f.unit = value,
                "id" => f.id = value,
                "current" => f.current = value,
                "days" => f.days = value,
                "required" => f.required = value,
                "agent" => f.agent = value,
                _ => {}
            }
        }
        Ok(Loose(f.rejection()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose(None))
    }
    fn visit_bool<E: Error>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_i64<E: Error>(self, _: i64) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_u64<E: Error>(self, _: u64) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_f64<E: Error>(self, _: f64) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_str<E: Error>(self, _: &str) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_unit<E: Error>(self) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_none<E: Error>(self) -> Result<Loose, E> {
        Ok(Loose(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

impl<'de> Deserialize<'de> for Rejection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Loose::deserialize(deserializer)?
            .0
            .ok_or_else(|| D::Error::custom("a refusal this build does not know"))
    }
}

impl Rejection {
    /// A result's `detail` or a kept refusal: the refusal when this build can say it, `None`
    /// otherwise (absent, null, or a newer backend's reason or value).
    pub fn read_known<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rejection>, D::Error> {
        Ok(Loose::deserialize(d)?.0)
    }
}
