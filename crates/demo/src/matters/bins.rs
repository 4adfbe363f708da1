//! 垃圾桶异味: bins under a ground-floor balcony, moved within days (from the Bishan report).

use yishiting_domain::PollKind;

use crate::cast::{chair, engineer, grandma, grid_worker, manager, secretary};
use crate::crowd::answer_poll;
use crate::script::Script;

pub(super) fn play(s: &mut Script<'_>) {
    let raiser = s.owner("2-1-101");
    let p = s.raise(
        s.at(-80, 7),
        &raiser,
        "环境卫生",
        "2栋1单元门前垃圾桶异味大，请挪位置、规范清运",
        "我家住2栋1单元1楼，阳台正对着单元门前的4个垃圾桶，离得不到5米。保洁收垃圾时桶盖不盖，\
         污水直接倒进地沟，天一热臭味就往屋里飘，晚上都不敢开窗。\n\n\
         希望物业把垃圾桶挪到离住户远一点的地方，清运时规范操作，桶和地面每天冲洗。",
    );
    s.say(
        s.at(-80, 9),
        &s.owner("2-1-102"),
        p,
        "+1，我家也在1楼，夏天苍蝇特别多，小孩在家都闻得到。",
    );
    s.say(s.at(-80, 10), &grandma(), p, "早上六点多就来收垃圾，拖桶的声音也大，能不能晚半个钟头？");
    let wu = s.say(
        s.at(-80, 11),
        &secretary(),
        p,
        "收到。党支部已经约了物业何经理，明天上午一起到现场看。",
    );
    s.advance(s.at(-80, 12), &secretary(), p);
    s.reply(
        s.at(-79, 11),
        &manager(),
        p,
        wu,
        "现场看过了，垃圾桶离阳台确实只有三四米。方案是把桶移到东侧绿化带旁边的硬化地面，换成带盖的\
         分类箱；清运时先盖盖、再拖桶，清运完当天冲洗地面，收运时间推到早上7点。三天内完成。",
    );
    s.advance(s.at(-79, 12), &chair(), p);
    s.say(
        s.at(-79, 14),
        &grid_worker(),
        p,
        "挪收集点要和街道环卫站对接清运路线，社区来联系，今天下午给答复。",
    );
    s.say(
        s.at(-79, 17),
        &chair(),
        p,
        "环卫站同意了新点位。业委会同意这个方案，按程序先请2栋的住户表个态，明天中午截止。",
    );
    s.advance(s.at(-79, 18), &chair(), p);
    let poll = s.poll(
        s.at(-79, 19),
        &chair(),
        p,
        "将2栋1单元门前的4个垃圾桶移到东侧绿化带旁的硬化地面，并改用带盖分类箱，您是否同意？",
        PollKind::YesNoAbstain,
    );
    answer_poll(s, poll, (s.at(-79, 19), s.at(-78, 12)), 36, &[31, 3, 2], Some("2"));
    s.say(s.at(-78, 13), &manager(), p, "征询结果出来了，绝大多数住户赞成，今天下午开始施工。");
    s.advance(s.at(-78, 14), &chair(), p);
    s.say(
        s.at(-77, 10),
        &engineer(),
        p,
        "新的垃圾收集点已经完工：4个带盖分类箱，地面做了硬化和排水沟。保洁员重新培训了清运流程，\
         先盖盖、再拖桶，每天清运后冲洗地面。",
    );
    s.say(
        s.at(-76, 20),
        &raiser,
        p,
        "新位置用了两天，家里闻不到味道了，晚上也敢开窗了。谢谢党支部和物业，整改这么快！",
    );
    let dark = s.say(
        s.at(-74, 9),
        &s.owner("2-2-301"),
        p,
        "满意。就是东侧那边晚上有点暗，倒垃圾看不清，建议加一盏灯。",
    );
    s.reply(
        s.at(-73, 18),
        &manager(),
        p,
        dark,
        "已经在收集点旁加装了一盏太阳能路灯，请大家再看看。",
    );
    s.say(
        s.at(-70, 10),
        &chair(),
        p,
        "经回访，2栋住户对整改结果满意。本议题办结，整改前后的照片和征询结果已在公告栏公示。",
    );
    s.advance(s.at(-70, 11), &chair(), p);
}
