//! 电梯大修: overhauling 41 of 94 elevators with the maintenance fund (from the Hangzhou
//! report), Art. 278 matter 5; the owners' vote is under way, with one duplicate attempt.

use yishiting_domain::{Channel, Choice, Timestamp};

use crate::cast::treasurer;
use crate::cast::{chair, elevator_officer, engineer, grandma, grid_worker, manager, secretary};
use crate::crowd::{Meeting, Turnout, cast, owners};
use crate::script::{HOUR, MINUTE, Script, clock_hour, owner_actor};

pub(super) fn play(s: &mut Script<'_>) {
    let p = s.raise(
        s.at(-45, 10),
        &chair(),
        "设施设备",
        "使用专项维修资金大修41台电梯",
        "小区共有94台电梯，分属4个品牌、3家维保单位，其中41台已使用满15年，近一年困人故障27次，\
         有的老人已经不敢下楼。业委会委托第三方检测后提出：使用专项维修资金对这41台电梯进行大修，\
         更换曳引机、控制柜和门机系统，预算约286万元，由各单元业主按专有部分面积分摊。\n\n\
         本事项属民法典第二百七十八条第五项“使用建筑物及其附属设施的维修资金”：须有专有部分面积\
         和人数都占三分之二以上的业主参与表决，并经参与表决的面积和人数都过半数同意。检测报告和\
         三家报价已在公告栏公示。",
    );
    s.advance(s.at(-44, 9), &chair(), p);
    let stuck = s.owner("1-2-1402");
    s.say(
        s.at(-44, 20),
        &stuck,
        p,
        "我家住14楼，上个月被关在电梯里四十分钟，老伴有心脏病，吓得不轻。坚决支持大修！",
    );
    s.say(
        s.at(-43, 9),
        &secretary(),
        p,
        "这件事按“业委会提议、三方党组织提出、社区党委预审、业主大会决议”的程序走，\
         下周把方案报社区党委预审。",
    );
    s.advance(s.at(-40, 10), &chair(), p);
    let asker = s.owner("5-2-301");
    let prices = s.say(
        s.at(-39, 20),
        &asker,
        p,
        "维修资金是大家的钱，报价能不能公开得再细一点？三家各报了多少？",
    );
    s.reply(
        s.at(-38, 10),
        &treasurer(),
        p,
        prices,
        "三家报价分别是286万、312万和335万元，明细表和检测报告都传到公告栏了，原件可以到业委会办公室查看。",
    );
    s.reply(
        s.at(-38, 21),
        &asker,
        p,
        prices,
        "看到了，谢谢。建议合同里写上故障率考核，修完还老出故障的要扣款。",
    );
    let ground =
        s.say(s.at(-36, 19), &s.owner("3-1-101"), p, "我家住1楼，平时基本不坐电梯，也要分摊吗？");
    s.reply(
        s.at(-35, 9),
        &manager(),
        p,
        ground,
        "按维修资金管理办法，电梯是本单元业主共有的，大修费用由本单元全体业主按专有部分面积分摊，\
         1楼也包括在内。每户摊多少，公示表上都查得到。",
    );
    s.say(
        s.at(-33, 10),
        &grid_worker(),
        p,
        "社区党委已完成预审，同意提交业主大会表决。表决全程社区派人监督，结束后计票结果和施工合同都会公示。",
    );
    s.say(
        s.at(-30, 15),
        &engineer(),
        p,
        "大修时每台电梯停运约7天。我们分批施工，同一个单元不会两台同时停，停运前三天在电梯口贴通知。",
    );
    let mine = s.say(s.at(-28, 20), &grandma(), p, "我跟儿子住，房子写的是他的名字，我能投票吗？");
    s.reply(
        s.at(-28, 21),
        &chair(),
        p,
        mine,
        "业主表决只能由业主投，可以请您儿子在手机上投。您在这里提意见、参加意见征询都可以。",
    );

    s.advance(s.at(-7, 10), &chair(), p);
    let window = (s.at(-5, 0), s.at(10, 0));
    let vote = s.open_vote(s.at(-6, 10), p, 5, window);
    s.say(
        s.at(-6, 11),
        &chair(),
        p,
        "表决已发起：线上投票明天零点开始，为期15天；开始后第三天上午9点到11点半，在党群驿站设现场投票点，\
         孙桂兰担任计票人，社区派人监票。",
    );
    s.say(
        s.at(-5, 8),
        &secretary(),
        p,
        "请党员业主带头投票，也帮楼里的老人在手机上操作；不会操作的，可以到现场投票点投。",
    );
    let meeting = Meeting {
        officer: elevator_officer(),
        from: s.at(-3, 9),
        until: Timestamp(s.at(-3, 11).0 + 30 * MINUTE),
    };
    let turnout = Turnout { owners: 50, yes: 78, no: 12, at_meeting: 20 };
    let until = Timestamp(s.now().0 - 30 * MINUTE);
    let casts = cast(s, vote, (window.0, until), &turnout, &meeting);

    // An owner of two units votes online, then tries again through the second unit.
    let units = s.units;
    let groups = owners(units);
    let first = casts
        .iter()
        .find(|c| {
            c.channel == Channel::Online
                && groups[c.owner].len() >= 2
                && c.at < s.at(-2, 0)
                && clock_hour(c.at) < 21
        })
        .expect("some owner of two units voted online early");
    let second = groups[first.owner][1];
    let again = Timestamp(first.at.0 + 2 * HOUR);
    s.ballot(again, &owner_actor(second), vote, &second.id, Choice::Yes, Channel::Online);
    s.say(
        s.at(-1, 10),
        &chair(),
        p,
        "提醒一下：有业主用第二套房的房号又投了一次，系统已经提示“已投过票，以第一张为准”。\
         一位业主不论有几套房，只算一人、投一票，面积合并计算。",
    );
    s.say(s.at(-1, 20), &stuck, p, "希望选施工单位的时候也请业主代表参加，大家一起监督。");
}
