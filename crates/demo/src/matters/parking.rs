//! “两停三不停”: a parking covenant for 600 cars on 300 spaces (from the Jiangbei report),
//! passed by the owners as an amendment of the management covenant and now being carried out.

use yishiting_domain::Timestamp;

use crate::cast::{chair, engineer, grid_worker, manager, parking_officer, secretary, tenant};
use crate::crowd::{Meeting, Turnout, cast};
use crate::meetings::Assembly;
use crate::script::Script;

/// Plays the scene; gives back what the owners' assembly of the vote needs
/// ([`crate::meetings`]).
pub(super) fn play(s: &mut Script<'_>) -> Assembly {
    let p = s.raise(
        s.at(-130, 10),
        &grid_worker(),
        "停车",
        "“两停三不停”停车公约（修改管理规约）",
        "小区登记的私家车有600多辆，地面和地库车位只有300个。一到晚上，主干道两边、消防通道和弯道上\
         都停满了车，去年救护车就被堵在门口进不来过两次。社区党委把这件事放进百姓议事厅，和业委会、\
         物业、居民代表恳谈了三次，拿出一个“两停三不停”停车公约：\n\n\
         两停：单边停，车位停；\n\
         三不停：消防通道不停，人行道不停，弯道不停。\n\n\
         物业在小区道路单边画线，新增停车位约350个；违反公约的车辆先劝导、再贴提醒单，屡次违反的\
         由业委会约谈车主。公约写入管理规约，属于民法典第二百七十八条第二项“修改管理规约”，\
         须由业主共同决定。",
    );
    let regular = s.owner("1-1-1502");
    s.say(
        s.at(-130, 21),
        &regular,
        p,
        "支持！每天晚上回来绕三圈都找不到位置，最后只能停在弯道上，心里一直不踏实。",
    );
    let doors = s.say(
        s.at(-129, 8),
        &s.owner("4-3-201"),
        p,
        "单边停可以，但画线要避开单元门口，不然老人推轮椅都出不去。",
    );
    s.reply(
        s.at(-129, 10),
        &manager(),
        p,
        doors,
        "画线图已经把单元门口、消防登高面和弯道都留出来了，图纸贴在各单元公告栏，有意见可以在这里提。",
    );
    s.advance(s.at(-128, 9), &secretary(), p);
    s.say(
        s.at(-128, 10),
        &secretary(),
        p,
        "党员先带头：党员家的车先按公约停，楼栋党小组长每天晚上巡查一遍。",
    );
    s.advance(s.at(-126, 9), &chair(), p);
    let renters =
        s.say(s.at(-125, 20), &tenant(), p, "我是租户，也有一辆车。租户也按同样的规则停吗？");
    s.reply(
        s.at(-125, 21),
        &chair(),
        p,
        renters,
        "公约对小区里所有车辆都适用，不分业主和租户。表决由业主投票，讨论大家都可以参加。",
    );
    s.say(
        s.at(-122, 19),
        &s.owner("6-2-801"),
        p,
        "弯道不停这一条一定要管住。上个月救护车来接我父亲，在3栋拐角堵了将近十分钟。",
    );
    s.say(
        s.at(-120, 10),
        &grid_worker(),
        p,
        "公约通过后，社区联系交巡警和物业一起做一周联合劝导，先劝导、不罚款。",
    );
    let fee = s.say(s.at(-115, 21), &s.owner("5-1-1601"), p, "新增的350个车位收不收费？收多少？");
    s.reply(
        s.at(-114, 9),
        &chair(),
        p,
        fee,
        "这次只表决公约本身。单边车位要不要收管理费、收多少，以后另行提交业主大会表决；\
         如果收费，收入作为公共收益入账，每月公开。",
    );

    s.advance(s.at(-100, 9), &chair(), p);
    let window = (s.at(-98, 0), s.at(-83, 0));
    let vote = s.open_vote(s.at(-100, 10), p, 2, window);
    s.say(
        s.at(-100, 11),
        &chair(),
        p,
        "业主大会表决通知：线上投票两天后开始，为期15天；开始后第十四天上午9点在小区中心广场开\
         业主大会现场会，可以现场签到投票。本事项属第二百七十八条第二项，须参与表决的专有部分面积和人数都达到三分之二\
         以上，并经参与表决的面积和人数都过半数同意。",
    );
    let meeting = Meeting { officer: parking_officer(), from: s.at(-84, 9), until: s.at(-84, 12) };
    let turnout = Turnout { owners: 76, yes: 81, no: 13, at_meeting: 30 };
    let casts = cast(s, vote, (window.0, Timestamp(window.1.0 - 1)), &turnout, &meeting);
    s.say(
        s.at(-83, 10),
        &chair(),
        p,
        "表决结果公告：参与表决的专有部分面积和人数均超过三分之二，赞成的面积和人数均过半数，\
         公约通过，即日起写入管理规约。计票明细已在公告栏公示。",
    );

    s.seal(s.at(-83, 9), vote);
    s.advance(s.at(-82, 9), &chair(), p);
    s.say(
        s.at(-75, 17),
        &engineer(),
        p,
        "1—4栋区域的单边停车线已经画完，新增车位186个；5—8栋区域下周施工，施工期间请按临时指示牌停车。",
    );
    s.say(s.at(-66, 18), &engineer(), p, "5—8栋区域画线完成，新增车位164个，两期一共350个。");
    s.say(s.at(-60, 21), &regular, p, "画线以后晚上好停多了，弯道也清爽了，点赞！");
    let walkway = s.say(
        s.at(-20, 21),
        &s.owner("7-3-1101"),
        p,
        "8栋后面那段路还是有人停在人行道上，推婴儿车只能走车行道。",
    );
    s.reply(
        s.at(-19, 9),
        &manager(),
        p,
        walkway,
        "收到，已经记下这几辆车的车牌，今天贴提醒单，这周晚上加巡两次。",
    );
    s.say(
        s.at(-5, 10),
        &secretary(),
        p,
        "公约执行快三个月了。下周三晚上在党群驿站开回头看座谈会，请大家给停车秩序打个分，说说还要改什么。",
    );
    Assembly { vote, called: s.at(-100, 10), meeting, casts }
}
