//! Opinion polls (意见征询): one person, one answer; no legal force; any resident may answer.

use serde::{Deserialize, Serialize};

use crate::{EntityId, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Why a poll cannot be made or answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PollError {
    #[error("问题不能为空")]
    EmptyQuestion,
    #[error("至少需要两个不同的选项")]
    TooFewOptions,
    #[error("选项不能为空")]
    EmptyOption,
    #[error("您已经回答过这个征询")]
    AlreadyAnswered,
    #[error("请选择一项")]
    PickOne,
    #[error("请至少选择一项")]
    PickSome,
    #[error("选项不存在")]
    NoSuchOption,
}

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
    ) -> Result<Poll, PollError> {
        let question = question.trim();
        if question.is_empty() {
            return Err(PollError::EmptyQuestion);
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
    ) -> Result<(), PollError> {
        if self.answers.iter().any(|a| a.person == person) {
            return Err(PollError::AlreadyAnswered);
        }
        let mut picks = picks.to_vec();
        picks.sort_unstable();
        picks.dedup();
        match self.kind {
            PollKind::Multiple(_) if picks.is_empty() => return Err(PollError::PickSome),
            PollKind::Multiple(_) => {}
            _ if picks.len() != 1 => return Err(PollError::PickOne),
            _ => {}
        }
        let options = self.kind.options().len();
        if picks.iter().any(|&p| p >= options) {
            return Err(PollError::NoSuchOption);
        }
        self.answers.push(PollAnswer { person: person.to_owned(), picks, at });
        Ok(())
    }

    pub fn results(&self) -> PollResults {
        let mut counts = vec![0; self.kind.options().len()];
        for answer in &self.answers {
            for &pick in &answer.picks {
                counts[pick] += 1;
            }
        }
        PollResults { counts, people: self.answers.len() as u64 }
    }
}

fn clean_options(options: Vec<String>) -> Result<Vec<String>, PollError> {
    let options: Vec<String> = options.into_iter().map(|o| o.trim().to_owned()).collect();
    if options.iter().any(String::is_empty) {
        return Err(PollError::EmptyOption);
    }
    let mut distinct = options.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 {
        return Err(PollError::TooFewOptions);
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(kind: PollKind) -> Poll {
        let id = EntityId::from_random_bytes([1; 16]);
        Poll::new(id, id, "电动车棚建在哪里？", kind, Timestamp(0)).expect("valid poll")
    }

    #[test]
    fn one_answer_per_person() {
        let mut p = poll(PollKind::YesNoAbstain);
        p.answer("王阿姨", &[0], Timestamp(0)).expect("first answer");
        assert_eq!(p.answer("王阿姨", &[1], Timestamp(1)), Err(PollError::AlreadyAnswered));
        p.answer("李师傅", &[1], Timestamp(1)).expect("other person");
        assert_eq!(p.results(), PollResults { counts: vec![1, 1, 0], people: 2 });
    }

    #[test]
    fn single_and_multiple_choice() {
        let options = vec!["3 号楼北侧".to_owned(), "地库入口".to_owned(), "东门".to_owned()];
        let mut single = poll(PollKind::Single(options.clone()));
        assert_eq!(single.answer("a", &[0, 1], Timestamp(0)), Err(PollError::PickOne));
        assert_eq!(single.answer("a", &[3], Timestamp(0)), Err(PollError::NoSuchOption));
        let mut multiple = poll(PollKind::Multiple(options));
        assert_eq!(multiple.answer("a", &[], Timestamp(0)), Err(PollError::PickSome));
        multiple.answer("a", &[0, 2, 2], Timestamp(0)).expect("answer");
        multiple.answer("b", &[2], Timestamp(0)).expect("answer");
        assert_eq!(multiple.results(), PollResults { counts: vec![1, 0, 2], people: 2 });
    }

    #[test]
    fn refuses_bad_polls() {
        let id = EntityId::from_random_bytes([1; 16]);
        assert_eq!(
            Poll::new(id, id, " ", PollKind::YesNoAbstain, Timestamp(0)),
            Err(PollError::EmptyQuestion)
        );
        let same = PollKind::Single(vec!["a".to_owned(), " a".to_owned()]);
        assert_eq!(Poll::new(id, id, "q", same, Timestamp(0)), Err(PollError::TooFewOptions));
        let blank = PollKind::Multiple(vec!["a".to_owned(), "".to_owned()]);
        assert_eq!(Poll::new(id, id, "q", blank, Timestamp(0)), Err(PollError::EmptyOption));
    }
}
