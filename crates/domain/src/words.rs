//! The words of the rules' refusals, in one catalogue: the server's `message` fields and the
//! app's screens both say a [`Rejection`] through this, so a refusal reads the same wherever
//! it shows. Chinese is the only language so far; English joins here as a second function.

use std::fmt;

use crate::Role;
use crate::rejection::{Action, Field, Rejection, Subject};

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&zh(self))
    }
}

/// A refusal in Chinese.
pub fn zh(rejection: &Rejection) -> String {
    use Rejection as R;
    match rejection {
        R::NotFound { what } => format!("找不到{}", subject(*what)),
        R::NotAllowed { action, role } => not_allowed(*action, *role).to_owned(),
        R::NotYours { what: Subject::Matter } => "只能修改自己提出的议题".to_owned(),
        R::NotYours { .. } => "只能修改自己的发言".to_owned(),
        R::OthersUnit => "业主只能为自己的房屋投票".to_owned(),
        R::NoSheet => "纸质表决票须填写票号".to_owned(),
        R::SheetTooLong { max } => format!("票号最多 {max} 个字符"),
        R::WrongSheet { unit } => format!("票号不是 {unit} 业主的表决票票号，请核对票号和房号"),
        R::SheetEnteredByYou => "这张表决票您已录入过，须由另一人录入".to_owned(),
        R::SheetDone => "这张表决票已录入完成，不能再录入".to_owned(),
        R::ProxyNotOpen => "委托投票须指明已登记的书面委托".to_owned(),
        R::ProxyRevoked => "这份委托已经撤销".to_owned(),
        R::OutsideProxy => "这份委托不包括这项表决".to_owned(),
        R::NotOnAgenda => "委托的表决事项须在本次会议的议程上".to_owned(),
        R::ProxyInForce { agent } => {
            format!("该业主已委托 {agent}，这份委托有效；如需改委托他人，请先撤销")
        }
        R::AgentFull { max } => format!("这位受托人已接受 {max} 份委托，达到本次会议的上限"),
        R::ProxyUsed => "受托人已凭这份委托投票，不能再撤销".to_owned(),
        R::MeetingEnded => "会议已结束，不能再登记委托".to_owned(),
        R::Empty { field } => format!("{}不能为空", field_name(*field)),
        R::TooLong { field: Field::Option, max } => format!("每个选项最多 {max} 个字"),
        R::TooLong { field, max } => format!("{}最多 {max} 个字", field_name(*field)),
        R::Draft { problems } => problems.iter().map(zh).collect::<Vec<_>>().join("；"),
        R::ReasonRequired => "请写明理由".to_owned(),
        R::StageFinal { stage } => format!("议题已{}，不能再变更", stage.chinese()),
        R::NoLongerCollecting => "议题已进入下一步，不能再修改".to_owned(),
        R::MatterClosed { stage, action } => {
            let no_more = match action {
                Action::EditComment => "不能再修改发言",
                Action::AnswerPoll => "征询已结束",
                Action::CastBallot => "表决终止",
                _ => "不能再发言",
            };
            format!("议题已{}，{no_more}", stage.chinese())
        }
        R::WrongMatter => "回复的发言不属于这个议题".to_owned(),
        R::TooFewOptions => "至少需要两个不同的选项".to_owned(),
        R::RepeatedOption => "选项不能重复".to_owned(),
        R::TooManyOptions { max } => format!("选项最多 {max} 个"),
        R::AlreadyAnswered => "您已经回答过这个征询".to_owned(),
        R::PickOne => "请选择一项".to_owned(),
        R::PickSome => "请至少选择一项".to_owned(),
        R::NoSuchOption => "选项不存在".to_owned(),
        R::NotDeciding => "请先把议题推进到“决议”阶段，再发起表决".to_owned(),
        R::VoteUnsealed => "这个议题的表决尚未封存计票，封存后才能再次发起表决".to_owned(),
        R::VoteRunning => "业主表决尚未截止，截止并封存计票后才能进入督办".to_owned(),
        R::SealFirst => "请先封存计票，再进入督办".to_owned(),
        R::ClosesBeforeOpening => "截止时间必须晚于开始时间".to_owned(),
        R::OpensInPast => "开始时间不能早于现在：表决不能在过去开始".to_owned(),
        R::CountingPeriod { min, max } => format!("计票期须为 {min} 至 {max} 小时"),
        R::NotClosed => "表决尚未截止，截止后才能封存计票".to_owned(),
        R::NotYetOpen => "表决尚未开始".to_owned(),
        R::Closed => "表决已截止".to_owned(),
        R::Sealed => "计票已封存，不再接收选票或送达记录".to_owned(),
        R::CountingOver => "表决已截止，计票期也已结束，不再接收选票或送达记录".to_owned(),
        R::AlreadyVoted { counted_unit, .. } => format!(
            "该业主已经投过票（通过 {counted_unit}），第一张有效票为准；这张票已记录但不计入"
        ),
        R::UnknownUnit { unit } => format!("房号 {unit} 不在业主名册中"),
        R::DuplicateId { id } => format!("编号 {id} 已被使用"),
        R::Stale { current } => format!("内容已被更新（现为第 {current} 版），请刷新后再修改"),
        R::TooMany { field, max } => format!("{}最多 {max} 个", field_name(*field)),
        R::EndsBeforeStart => "结束时间必须晚于开始时间".to_owned(),
        R::StartsInPast => "会议开始时间不能早于现在".to_owned(),
        R::ProxyCap { min, max } => format!("每位受托人可接受的委托数须为 {min} 至 {max} 份"),
        R::NoticeTooShort { days, required } => format!(
            "业主大会须在会议召开 {required} 日前通知全体业主，现在只提前 {days} 日；确需提前召开，请写明理由（将载入会议纪要）"
        ),
        R::NoticePublished => "会议通知已经发布".to_owned(),
        R::MeetingStarted => "会议已经开始，不能再发布通知".to_owned(),
        R::NoNotice => "会议通知尚未发布，不能签到".to_owned(),
        R::SignInNotOpen => "签到在会议开始前 2 小时开放".to_owned(),
        R::SignInOver => "会议已结束，签到已截止".to_owned(),
        R::AlreadySignedIn { unit } => {
            format!("该业主已经签到（通过 {unit}），以第一次签到为准")
        }
    }
}

fn subject(what: Subject) -> &'static str {
    match what {
        Subject::Matter => "议题",
        Subject::Comment => "发言",
        Subject::RepliedTo => "要回复的发言",
        Subject::Poll => "意见征询",
        Subject::Vote => "表决",
        Subject::Meeting => "会议",
        Subject::Proxy => "委托",
    }
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::Title => "标题",
        Field::Body => "内容",
        Field::Category => "类别",
        Field::Reason => "理由",
        Field::Comment => "发言",
        Field::Question => "问题",
        Field::Option => "选项",
        Field::Place => "地点",
        Field::Officers => "计票人、监票人",
        Field::Agent => "受托人姓名",
        Field::AgentContact => "受托人电话或身份证后几位",
    }
}

fn not_allowed(action: Action, role: Role) -> &'static str {
    match action {
        Action::MoveStage => "只有业委会或党支部可以推进、撤回或不予采纳议题",
        Action::CreatePoll => "只有业委会、党支部或社区可以发起意见征询",
        Action::OpenVote => "只有业委会可以发起业主表决",
        Action::SealVote => "只有业委会可以封存计票",
        Action::RecordDeliveries => "只有业委会或计票人可以登记送达",
        Action::CreateMeeting | Action::PublishNotice => "只有业委会可以召集会议、发布会议通知",
        Action::SignIn => "只有业委会或计票人可以办理签到",
        Action::RecordProxy | Action::RevokeProxy => "只有业委会可以登记或撤销委托",
        Action::CastBallot => match role {
            Role::Owner => "业主请在自己的手机上投票",
            Role::Officer => "计票人只能以现场、纸质或委托渠道录入选票",
            Role::Committee => "业委会只能录入有票号的纸质表决票或受托人的选票",
            Role::Property => "物业服务企业不参加业主表决",
            Role::Resident => "只有业主可以参加业主表决；居民可以发言和参加意见征询",
            Role::PartyBranch | Role::Community => "党支部和社区指导、监督表决，不代为投票",
        },
        Action::AddComment | Action::EditComment | Action::AnswerPoll => "没有这项权限",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_COUNTING_HOURS;

    #[test]
    fn a_drafts_problems_are_all_named() {
        let draft = Rejection::Draft {
            problems: vec![
                Rejection::Empty { field: Field::Title },
                Rejection::TooLong { field: Field::Body, max: 5_000 },
            ],
        };
        assert_eq!(draft.to_string(), "标题不能为空；内容最多 5000 个字");
        assert_eq!(
            Rejection::CountingPeriod { min: 1, max: MAX_COUNTING_HOURS }.to_string(),
            "计票期须为 1 至 720 小时"
        );
    }
}
