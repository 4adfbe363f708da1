//! What a queued or refused change was, in a few words of the catalogue's language.

use yishiting_domain::mutation::Mutation;

use super::t;

/// What a change was, in a few words, for the lists of waiting and refused changes.
pub fn describe(mutation: &Mutation) -> String {
    match mutation {
        Mutation::RaiseProposal { draft, .. } => format!("提出议题“{}”", draft.title),
        Mutation::MoveStage { .. } => "变更议题阶段".to_owned(),
        Mutation::AddComment { body, .. } => {
            let short: String = body.chars().take(20).collect();
            format!("发言“{short}”")
        }
        Mutation::EditComment { .. } => "修改发言".to_owned(),
        Mutation::EditProposal { draft, .. } => format!("修改议题“{}”", draft.title),
        Mutation::CreatePoll { question, .. } => format!("发起征询“{question}”"),
        Mutation::AnswerPoll { .. } => "回答意见征询".to_owned(),
        Mutation::OpenVote { .. } => "发起业主表决".to_owned(),
        Mutation::SealVote { .. } => t().seal_button.to_owned(),
        Mutation::CastBallot { unit, .. } => format!("{unit} 的表决票"),
        Mutation::RecordDeliveries { units, .. } => format!("登记 {} 户送达", units.len()),
        Mutation::CreateMeeting { draft, .. } => format!("召集会议“{}”", draft.title),
        Mutation::PublishNotice { .. } => "发布会议通知".to_owned(),
        Mutation::SignInOwner { unit, .. } => format!("{unit} 签到"),
        Mutation::RecordProxy { draft, .. } => format!("登记 {} 委托 {}", draft.unit, draft.agent),
        Mutation::RevokeProxy { .. } => "撤销委托".to_owned(),
    }
}
