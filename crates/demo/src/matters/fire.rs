//! 消防管网改造: replacing the fire-water network with an expert group of owners (from the
//! Jiangbei report), still under discussion.

use crate::cast::{chair, engineer, grid_worker, secretary, tenant, treasurer};
use crate::script::Script;

pub(super) fn play(s: &mut Script<'_>) {
    let p = s.raise(
        s.at(-30, 10),
        &secretary(),
        "消防安全",
        "消防管网改造：请专业业主一起把关设计和报价",
        "小区建成快20年，消防管网锈蚀严重：去年消防检测时多处消火栓压力不够，地下车库的喷淋管还漏过水。\
         党支部和业委会提议对消防管网整体改造。\n\n\
         楼栋党小组在业主中找到了5位专业人士：两位工程师、一位造价师、一位教建筑的大学老师和一位\
         消防设施操作员。他们组成专业组，全程参与设计、规划、报价和招投标。现在请大家就改造范围、\
         施工安排和资金来源提意见。",
    );
    s.say(
        s.at(-30, 20),
        &s.owner("1-1-702"),
        p,
        "我们这栋的消火栓箱门都锈死了，打都打不开，真着火了怎么办？早就该换了。",
    );
    s.advance(s.at(-29, 9), &secretary(), p);
    let expert = s.owner("3-3-1101");
    s.say(
        s.at(-28, 20),
        &expert,
        p,
        "我是专业组的，做了十几年给排水设计。初步看，主管网整体换成内外热镀锌钢管，消火栓箱全部更换，\
         比局部修补划算，十年内不用再动。",
    );
    s.advance(s.at(-26, 9), &chair(), p);
    let money = s.say(
        s.at(-25, 19),
        &s.owner("6-2-1501"),
        p,
        "钱从哪里出？要是动用维修资金，是不是还得大家投票？",
    );
    s.reply(
        s.at(-25, 21),
        &chair(),
        p,
        money,
        "是的。使用维修资金属于第二百七十八条第五项，要由业主共同决定。等专业组把方案和预算定下来，就发起表决。",
    );
    let budget = s.say(
        s.at(-22, 21),
        &s.owner("4-2-1001"),
        p,
        "第一版预算里管材单价偏高，我对照了本月的信息价，能省十几万，意见已经交给业委会了。",
    );
    s.reply(
        s.at(-21, 10),
        &treasurer(),
        p,
        budget,
        "收到，已请施工方按信息价重新报价，新报价出来后一起公示。",
    );
    s.say(
        s.at(-20, 15),
        &engineer(),
        p,
        "施工期间要分区停水，我们会提前三天在单元门口和业主群里通知，每次停水不超过4小时。",
    );
    let garage = s.say(s.at(-18, 21), &tenant(), p, "地下车库施工的时候，车停哪里？");
    s.reply(
        s.at(-18, 22),
        &engineer(),
        p,
        garage,
        "车库分四个区轮流施工，每次只封一个区，车可以临时停到地面的单边车位。",
    );
    s.say(
        s.at(-15, 10),
        &grid_worker(),
        p,
        "社区可以请辖区消防救援站来做一次技术指导，顺便给大家讲讲家庭防火和灭火器的使用。",
    );
    s.say(
        s.at(-12, 19),
        &secretary(),
        p,
        "专业组每周三晚上7点半在党群驿站碰头，欢迎业主来旁听，会议纪要都会贴在这里。",
    );
    let tender = s.say(
        s.at(-4, 21),
        &s.owner("5-1-502"),
        p,
        "建议招标的时候至少请三家来投，评标也请专业组全程参加。",
    );
    s.reply(
        s.at(-3, 9),
        &expert,
        p,
        tender,
        "同意。专业组已经起草了评标办法，下周发出来请大家提意见。",
    );
}
