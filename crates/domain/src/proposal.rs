//! Matters and the six steps they go through (六步工作法), plus withdrawal and rejection.

use serde::{Deserialize, Serialize};

use crate::rejection::{Action, Field};
use crate::{EntityId, Rejection, Role, Timestamp};

/// Where a matter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 收集民意: raised by anyone; others comment and +1.
    Collecting,
    /// 提议: taken up by the committee or Party branch as a formal proposal.
    Proposed,
    /// 商议: all sides discuss it.
    Deliberating,
    /// 决议: an opinion poll or an owners' vote.
    Deciding,
    /// 督办: the decision becomes tasks that are followed up.
    FollowingUp,
    /// 公开: the result, the tally and the follow-up are public.
    Published,
    /// 已撤回, with a reason that stays visible.
    Withdrawn,
    /// 未采纳, with a reason that stays visible.
    Rejected,
}

impl Stage {
    /// The six steps in order.
    pub const STEPS: [Stage; 6] = [
        Stage::Collecting,
        Stage::Proposed,
        Stage::Deliberating,
        Stage::Deciding,
        Stage::FollowingUp,
        Stage::Published,
    ];

    pub fn chinese(self) -> &'static str {
        match self {
            Stage::Collecting => "收集民意",
            Stage::Proposed => "提议",
            Stage::Deliberating => "商议",
            Stage::Deciding => "决议",
            Stage::FollowingUp => "督办",
            Stage::Published => "公开",
            Stage::Withdrawn => "已撤回",
            Stage::Rejected => "未采纳",
        }
    }

    /// The next of the six steps, if there is one.
    pub fn next(self) -> Option<Stage> {
        let position = Stage::STEPS.iter().position(|&s| s == self)?;
        Stage::STEPS.get(position + 1).copied()
    }

    /// Published, withdrawn and rejected matters move no further.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Published | Stage::Withdrawn | Stage::Rejected)
    }
}

/// One entry of a matter's timeline: who moved it, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub from: Stage,
    pub to: Stage,
    pub by_name: String,
    pub by_role: Role,
    pub at: Timestamp,
    pub reason: Option<String>,
}

/// What a person types to raise a matter, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProposalDraft {
    pub title: String,
    pub body: String,
    pub category: String,
}

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_BODY_CHARS: usize = 5_000;
/// A category is a short label (the app offers a list; any text up to this is taken).
pub const MAX_CATEGORY_CHARS: usize = 20;
/// The reason given when a matter is withdrawn or rejected.
pub const MAX_REASON_CHARS: usize = 500;

/// A matter in the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: EntityId,
    pub title: String,
    pub body: String,
    pub category: String,
    pub author_name: String,
    pub author_role: Role,
    pub created_at: Timestamp,
    pub stage: Stage,
    /// Every stage change, oldest first.
    pub history: Vec<StageChange>,
    /// The id of the person who raised it (only they may edit it); empty for older records.
    #[serde(default)]
    pub author: String,
    /// 0 as raised, one more at every edit: an edit names the revision it was made on.
    #[serde(default)]
    pub revision: u32,
    #[serde(default)]
    pub edited_at: Option<Timestamp>,
}

impl ProposalDraft {
    /// Every problem with the draft, in form order, so a screen can show them all at once.
    pub fn problems(&self) -> Vec<Rejection> {
        let mut problems = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            problems.push(Rejection::Empty { field: Field::Title });
        } else if title.chars().count() > MAX_TITLE_CHARS {
            problems.push(Rejection::TooLong { field: Field::Title, max: MAX_TITLE_CHARS });
        }
        let body = self.body.trim();
        if body.is_empty() {
            problems.push(Rejection::Empty { field: Field::Body });
        } else if body.chars().count() > MAX_BODY_CHARS {
            problems.push(Rejection::TooLong { field: Field::Body, max: MAX_BODY_CHARS });
        }
        if self.category.trim().chars().count() > MAX_CATEGORY_CHARS {
            problems.push(Rejection::TooLong { field: Field::Category, max: MAX_CATEGORY_CHARS });
        }
        problems
    }
}

impl Proposal {
    /// Raises a matter; it starts at 收集民意 whoever raises it.
    pub fn raise(
        id: EntityId,
        draft: &ProposalDraft,
        author_name: &str,
        author_role: Role,
        at: Timestamp,
    ) -> Result<Proposal, Rejection> {
        if let Some(refused) = Rejection::of_problems(draft.problems()) {
            return Err(refused);
        }
        Ok(Proposal {
            id,
            title: draft.title.trim().to_owned(),
            body: draft.body.trim().to_owned(),
            category: draft.category.trim().to_owned(),
            author_name: author_name.trim().to_owned(),
            author_role,
            created_at: at,
            stage: Stage::Collecting,
            history: Vec::new(),
            author: String::new(),
            revision: 0,
            edited_at: None,
        })
    }

    /// Replaces the text while the matter is still being collected (收集民意): once the
    /// committee has taken it up, what people discussed must stay as it was.
    pub fn edit(&mut self, draft: &ProposalDraft, at: Timestamp) -> Result<(), Rejection> {
        if self.stage != Stage::Collecting {
            return Err(Rejection::NoLongerCollecting);
        }
        if let Some(refused) = Rejection::of_problems(draft.problems()) {
            return Err(refused);
        }
        self.title = draft.title.trim().to_owned();
        self.body = draft.body.trim().to_owned();
        self.category = draft.category.trim().to_owned();
        self.revision += 1;
        self.edited_at = Some(at);
        Ok(())
    }

    /// Moves the matter to the next of the six steps.
    pub fn advance(
        &mut self,
        by_name: &str,
        by_role: Role,
        at: Timestamp,
    ) -> Result<Stage, Rejection> {
        self.check_move(by_role)?;
        let to = self.stage.next().ok_or(Rejection::StageFinal { stage: self.stage })?;
        self.record(to, by_name, by_role, at, None);
        Ok(to)
    }

    /// Withdraws the matter, with a reason that stays visible.
    pub fn withdraw(
        &mut self,
        by_name: &str,
        by_role: Role,
        at: Timestamp,
        reason: &str,
    ) -> Result<(), Rejection> {
        self.close(Stage::Withdrawn, by_name, by_role, at, reason)
    }

    /// Rejects the matter (不予采纳), with a reason that stays visible.
    pub fn reject(
        &mut self,
        by_name: &str,
        by_role: Role,
        at: Timestamp,
        reason: &str,
    ) -> Result<(), Rejection> {
        self.close(Stage::Rejected, by_name, by_role, at, reason)
    }

    fn close(
        &mut self,
        to: Stage,
        by_name: &str,
        by_role: Role,
        at: Timestamp,
        reason: &str,
    ) -> Result<(), Rejection> {
        self.check_move(by_role)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Rejection::ReasonRequired);
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(Rejection::TooLong { field: Field::Reason, max: MAX_REASON_CHARS });
        }
        self.record(to, by_name, by_role, at, Some(reason.to_owned()));
        Ok(())
    }

    fn check_move(&self, by_role: Role) -> Result<(), Rejection> {
        if !by_role.may_move_stages() {
            return Err(Rejection::NotAllowed { action: Action::MoveStage, role: by_role });
        }
        if self.stage.is_final() {
            return Err(Rejection::StageFinal { stage: self.stage });
        }
        Ok(())
    }

    fn record(
        &mut self,
        to: Stage,
        by_name: &str,
        by_role: Role,
        at: Timestamp,
        reason: Option<String>,
    ) {
        self.history.push(StageChange {
            from: self.stage,
            to,
            by_name: by_name.trim().to_owned(),
            by_role,
            at,
            reason,
        });
        self.stage = to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matter() -> Proposal {
        let draft = ProposalDraft {
            title: "车位“两停三不停”公约".to_owned(),
            body: "600 辆车 300 个车位，试行错峰停车。".to_owned(),
            category: "停车".to_owned(),
        };
        Proposal::raise(
            EntityId::from_random_bytes([1; 16]),
            &draft,
            "王阿姨",
            Role::Owner,
            Timestamp(0),
        )
        .expect("valid draft")
    }

    #[test]
    fn walks_the_six_steps_in_order() {
        let mut p = matter();
        let mut visited = vec![p.stage];
        while let Ok(stage) = p.advance("李主任", Role::Committee, Timestamp(1)) {
            visited.push(stage);
        }
        assert_eq!(visited, Stage::STEPS);
        assert_eq!(p.history.len(), 5);
        assert_eq!(
            p.advance("李主任", Role::Committee, Timestamp(2)),
            Err(Rejection::StageFinal { stage: Stage::Published })
        );
    }

    #[test]
    fn only_committee_and_party_branch_move_matters() {
        for role in [Role::Resident, Role::Owner, Role::Property, Role::Community, Role::Officer] {
            assert_eq!(
                matter().advance("x", role, Timestamp(1)),
                Err(Rejection::NotAllowed { action: Action::MoveStage, role }),
                "{role:?}"
            );
        }
        assert!(matter().advance("党支部书记", Role::PartyBranch, Timestamp(1)).is_ok());
    }

    #[test]
    fn withdrawal_and_rejection_need_a_reason_and_are_final() {
        let mut p = matter();
        assert_eq!(
            p.reject("李主任", Role::Committee, Timestamp(1), "  "),
            Err(Rejection::ReasonRequired)
        );
        p.reject("李主任", Role::Committee, Timestamp(1), "与管理规约冲突").expect("rejects");
        assert_eq!(p.stage, Stage::Rejected);
        assert_eq!(p.history[0].reason.as_deref(), Some("与管理规约冲突"));
        assert_eq!(
            p.withdraw("李主任", Role::Committee, Timestamp(2), "x"),
            Err(Rejection::StageFinal { stage: Stage::Rejected })
        );
    }

    #[test]
    fn drafts_list_every_problem() {
        let draft =
            ProposalDraft { title: "".to_owned(), body: " ".to_owned(), category: String::new() };
        assert_eq!(
            draft.problems(),
            [Rejection::Empty { field: Field::Title }, Rejection::Empty { field: Field::Body }]
        );
        let long =
            ProposalDraft {
                title: "长".repeat(61), body: "x".to_owned(), category: String::new()
            };
        assert_eq!(long.problems(), [Rejection::TooLong { field: Field::Title, max: 60 }]);
    }
}
