//! Opinion polls (意见征询): one person, one answer; no legal force; any resident may answer.

use serde::{Deserialize, Serialize};

use crate::rejection::Field;
use crate::{EntityId, Rejection, Timestamp};

/// Stored as `{"kind": "yes_no_abstain"}` or `{"kind": "single", "options": [...]}`
/// (serde's adjacent tagging). Read by the hand-written [`Deserialize`] below, which accepts
/// exactly what the derived one does without serde's buffering of the content, whose code the
/// WebAssembly would otherwise carry for this one type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "options")]
pub enum PollKind {
    /// 赞成 / 反对 / 弃权.
    YesNoAbstain,
    /// Exactly one of the options.
    Single(Vec<String>),
    /// One or more of the options.
    Multiple(Vec<String>),
}

impl PollKind {
    pub fn options(&self) -> Vec<&str> {
        match self {
            PollKind::YesNoAbstain => vec!["赞成", "反对", "弃权"],
            PollKind::Single(options) | PollKind::Multiple(options) => {
                options.iter().map(String::as_str).collect()
            }
        }
    }
}

impl<'de> Deserialize<'de> for PollKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, IgnoredAny, MapAccess, Unexpected, Visitor};

        const VARIANTS: &[&str] = &["yes_no_abstain", "single", "multiple"];

        struct KindVisitor;

        impl<'de> Visitor<'de> for KindVisitor {
            type Value = PollKind;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("adjacently tagged enum PollKind")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PollKind, A::Error> {
                // Every variant's content is a list of texts (or none), so it can be read
                // whether it comes before or after the tag.
                let mut kind: Option<String> = None;
                let mut options: Option<Option<Vec<String>>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "kind" if kind.is_some() => return Err(A::Error::duplicate_field("kind")),
                        "kind" => kind = Some(map.next_value()?),
                        "options" if options.is_some() => {
                            return Err(A::Error::duplicate_field("options"));
                        }
                        "options" => options = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let kind = kind.ok_or_else(|| A::Error::missing_field("kind"))?;
                let data = |options: Option<Option<Vec<String>>>| match options {
                    Some(Some(options)) => Ok(options),
                    Some(None) => Err(A::Error::invalid_type(Unexpected::Unit, &"a sequence")),
                    None => Err(A::Error::missing_field("options")),
                };
                match kind.as_str() {
                    "yes_no_abstain" => match options {
                        None | Some(None) => Ok(PollKind::YesNoAbstain),
                        Some(Some(_)) => {
                            Err(A::Error::invalid_type(Unexpected::Seq, &"unit variant"))
                        }
                    },
                    "single" => data(options).map(PollKind::Single),
                    "multiple" => data(options).map(PollKind::Multiple),
                    other => Err(A::Error::unknown_variant(other, VARIANTS)),
                }
            }

            /// The compact form `[kind, options]`, which serde's adjacent tagging also reads.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PollKind, A::Error> {
                let kind: String =
                    seq.next_element()?.ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let options = seq
                    .next_element::<Option<Vec<String>>>()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                match (kind.as_str(), options) {
                    ("yes_no_abstain", None) => Ok(PollKind::YesNoAbstain),
                    ("yes_no_abstain", Some(_)) => {
                        Err(A::Error::invalid_type(Unexpected::Seq, &"unit variant"))
                    }
                    ("single", Some(options)) => Ok(PollKind::Single(options)),
                    ("multiple", Some(options)) => Ok(PollKind::Multiple(options)),
                    ("single" | "multiple", None) => {
                        Err(A::Error::invalid_type(Unexpected::Unit, &"a sequence"))
                    }
                    (other, _) => Err(A::Error::unknown_variant(other, VARIANTS)),
                }
            }
        }

        deserializer.deserialize_struct("PollKind", &["kind", "options"], KindVisitor)
    }
}

/// One person's answer: the indexes of the options picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollAnswer {
    /// Whoever answered: one answer per person key (a profile or account id).
    pub person: String,
    pub picks: Vec<usize>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    pub id: EntityId,
    pub proposal: EntityId,
    pub question: String,
    pub kind: PollKind,
    pub answers: Vec<PollAnswer>,
    pub created_at: Timestamp,
}

pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_OPTION_CHARS: usize = 100;

/// Answers per option, and how many people answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResults {
    pub counts: Vec<u64>,
    pub people: u64,
}

impl Poll {
    pub fn new(
        id: EntityId,
        proposal: EntityId,
        question: &str,
        kind: PollKind,
        created_at: Timestamp,
    ) -> Result<Poll, Rejection> {
        let question = question.trim();
        if question.is_empty() {
            return Err(Rejection::Empty { field: Field::Question });
        }
        if question.chars().count() > MAX_QUESTION_CHARS {
            return Err(Rejection::TooLong { field: Field::Question, max: MAX_QUESTION_CHARS });
        }
        let kind = match kind {
            PollKind::YesNoAbstain => PollKind::YesNoAbstain,
            PollKind::Single(options) => PollKind::Single(clean_options(options)?),
            PollKind::Multiple(options) => PollKind::Multiple(clean_options(options)?),
        };
        Ok(Poll {
            id,
            proposal,
            question: question.to_owned(),
            kind,
            answers: Vec::new(),
            created_at,
        })
    }

    /// Records one person's answer; a second answer from the same person is refused.
    pub fn answer(
        &mut self,
        person: &str,
        picks: &[usize],
        at: Timestamp,
    ) -> Result<(), Rejection> {
        if self.answers.iter().any(|a| a.person == person) {
            return Err(Rejection::AlreadyAnswered);
        }
        let mut picks = picks.to_vec();
        picks.sort_unstable();
        picks.dedup();
        match self.kind {
            PollKind::Multiple(_) if picks.is_empty() => return Err(Rejection::PickSome),
            PollKind::Multiple(_) => {}
            _ if picks.len() != 1 => return Err(Rejection::PickOne),
            _ => {}
        }
        let options = self.kind.options().len();
        if picks.iter().any(|&p| p >= options) {
            return Err(Rejection::NoSuchOption);
        }
        self.answers.push(PollAnswer { person: person.to_owned(), picks, at });
        Ok(())
    }

    pub fn results(&self) -> PollResults {
        let mut counts = vec![0; self.kind.options().len()];
        for answer in &self.answers {
            // A pick out of range (a forged backup, a faulty backend) counts for nothing
            // rather than stopping the app: `answer` never records one.
            for &pick in &answer.picks {
                if let Some(count) = counts.get_mut(pick) {
                    *count += 1;
                }
            }
        }
        PollResults { counts, people: self.answers.len() as u64 }
    }
}

fn clean_options(options: Vec<String>) -> Result<Vec<String>, Rejection> {
    let options: Vec<String> = options.into_iter().map(|o| o.trim().to_owned()).collect();
    if options.iter().any(String::is_empty) {
        return Err(Rejection::Empty { field: Field::Option });
    }
    if options.len() > MAX_OPTIONS {
        return Err(Rejection::TooManyOptions { max: MAX_OPTIONS });
    }
    if options.iter().any(|o| o.chars().count() > MAX_OPTION_CHARS) {
        return Err(Rejection::TooLong { field: Field::Option, max: MAX_OPTION_CHARS });
    }
    let mut distinct = options.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Err(Rejection::TooFewOptions);
    }
    if distinct.len() != options.len() {
        return Err(Rejection::RepeatedOption);
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derived reading that the hand-written one replaces.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case", tag = "kind", content = "options")]
    enum Derived {
        YesNoAbstain,
        Single(Vec<String>),
        Multiple(Vec<String>),
    }

    impl From<Derived> for PollKind {
        fn from(d: Derived) -> PollKind {
            match d {
                Derived::YesNoAbstain => PollKind::YesNoAbstain,
                Derived::Single(o) => PollKind::Single(o),
                Derived::Multiple(o) => PollKind::Multiple(o),
            }
        }
    }

    #[test]
    fn a_pick_out_of_range_from_outside_counts_for_nothing() {
        // As a backup file or a faulty backend might carry it: never made by `answer`.
        let json = r#"{"id":"0b7c2a1e-0000-4000-8000-000000000001","proposal":"0b7c2a1e-0000-4000-8000-000000000002",
            "question":"同意吗？","kind":{"kind":"yes_no_abstain"},"created_at":0,
            "answers":[{"person":"a","picks":[7],"at":1},{"person":"b","picks":[0],"at":2}]}"#;
        let poll: Poll = serde_json::from_str(json).expect("a poll");
        let results = poll.results();
        assert_eq!((results.counts, results.people), (vec![1, 0, 0], 2));
    }

    #[test]
    fn poll_kinds_read_as_the_derived_reading_does() {
        let texts = [
            r#"{"kind":"yes_no_abstain"}"#,
            r#"{"kind":"yes_no_abstain","options":null}"#,
            r#"{"options":null,"kind":"yes_no_abstain"}"#,
            r#"{"kind":"single","options":["东门","北门"]}"#,
            r#"{"options":["东门","北门"],"kind":"multiple"}"#,
            r#"{"kind":"multiple","options":[],"note":1}"#,
            r#"["single",["东门","北门"]]"#,
            r#"["yes_no_abstain"]"#,
            r#"["yes_no_abstain",null]"#,
            r#"["single",null]"#,
            r#"["single"]"#,
            r#"{"kind":"yes_no_abstain","options":["x"]}"#,
            r#"{"kind":"single"}"#,
            r#"{"kind":"single","options":null}"#,
            r#"{"kind":"single","options":[1]}"#,
            r#"{"kind":"other","options":[]}"#,
            r#"{"options":["x"]}"#,
            r#"{"kind":"single","kind":"single","options":[]}"#,
            r#"{"kind":1}"#,
            r#""single""#,
        ];
        for text in texts {
            let ours = serde_json::from_str::<PollKind>(text).ok();
            let derived = serde_json::from_str::<Derived>(text).ok().map(PollKind::from);
            assert_eq!(ours, derived, "{text}");
        }
        for kind in [
            PollKind::YesNoAbstain,
            PollKind::Single(vec!["东门".to_owned(), "北门".to_owned()]),
            PollKind::Multiple(vec!["东门".to_owned(), "北门".to_owned()]),
        ] {
            let text = serde_json::to_string(&kind).expect("write");
            assert_eq!(serde_json::from_str::<PollKind>(&text).ok(), Some(kind));
        }
    }

    fn poll(kind: PollKind) -> Poll {
        let id = EntityId::from_random_bytes([1; 16]);
        Poll::new(id, id, "电动车棚建在哪里？", kind, Timestamp(0)).expect("valid poll")
    }

    #[test]
    fn one_answer_per_person() {
        let mut p = poll(PollKind::YesNoAbstain);
        p.answer("王阿姨", &[0], Timestamp(0)).expect("first answer");
        assert_eq!(p.answer("王阿姨", &[1], Timestamp(1)), Err(Rejection::AlreadyAnswered));
        p.answer("李师傅", &[1], Timestamp(1)).expect("other person");
        assert_eq!(p.results(), PollResults { counts: vec![1, 1, 0], people: 2 });
    }

    #[test]
    fn single_and_multiple_choice() {
        let options = vec!["3 号楼北侧".to_owned(), "地库入口".to_owned(), "东门".to_owned()];
        let mut single = poll(PollKind::Single(options.clone()));
        assert_eq!(single.answer("a", &[0, 1], Timestamp(0)), Err(Rejection::PickOne));
        assert_eq!(single.answer("a", &[3], Timestamp(0)), Err(Rejection::NoSuchOption));
        let mut multiple = poll(PollKind::Multiple(options));
        assert_eq!(multiple.answer("a", &[], Timestamp(0)), Err(Rejection::PickSome));
        multiple.answer("a", &[0, 2, 2], Timestamp(0)).expect("answer");
        multiple.answer("b", &[2], Timestamp(0)).expect("answer");
        assert_eq!(multiple.results(), PollResults { counts: vec![1, 0, 2], people: 2 });
    }

    #[test]
    fn refuses_bad_polls() {
        let id = EntityId::from_random_bytes([1; 16]);
        assert_eq!(
            Poll::new(id, id, " ", PollKind::YesNoAbstain, Timestamp(0)),
            Err(Rejection::Empty { field: Field::Question })
        );
        let same = PollKind::Single(vec!["a".to_owned(), " a".to_owned()]);
        assert_eq!(Poll::new(id, id, "q", same, Timestamp(0)), Err(Rejection::TooFewOptions));
        let blank = PollKind::Multiple(vec!["a".to_owned(), "".to_owned()]);
        assert_eq!(
            Poll::new(id, id, "q", blank, Timestamp(0)),
            Err(Rejection::Empty { field: Field::Option })
        );
    }
}
