//! 电动车棚选址: where to put the e-bike shed (from the Tianchang report's “电动车停车棚怎么装”),
//! with a single-choice opinion poll under way.

use yishiting_domain::{PollKind, Timestamp};

use crate::cast::{chair, grid_worker, manager, secretary, tenant};
use crate::crowd::answer_poll;
use crate::script::{HOUR, Script};

pub(super) fn play(s: &mut Script<'_>) {
    let p = s.raise(
        s.at(-20, 10),
        &manager(),
        "公共设施",
        "电动车棚建在哪里？请大家选一选",
        "小区登记的电动自行车有300多辆，楼道里停车、从窗户拉线充电的情况屡禁不止，火灾隐患很大。\
         物业和党支部一起征集了建议，初步找到三个可以建车棚的位置。车棚建成后统一安装智能充电桩，\
         到时候楼道里和家里一律不准停放、充电。",
    );
    s.say(
        s.at(-20, 21),
        &s.owner("4-1-601"),
        p,
        "早该建了！我们单元楼道里天天停五六辆，晚上还有人把线从二楼吊下来充电。",
    );
    s.advance(s.at(-19, 9), &secretary(), p);
    s.say(
        s.at(-19, 10),
        &secretary(),
        p,
        "党支部来牵头这件事，请大家先把建议提出来，比一比、议一议。",
    );
    s.advance(s.at(-16, 9), &chair(), p);
    let north =
        s.say(s.at(-15, 20), &s.owner("2-2-901"), p, "选3栋北侧吧，那里空地大，晚上也有路灯。");
    s.reply(
        s.at(-15, 21),
        &s.owner("7-1-402"),
        p,
        north,
        "3栋北侧对我们7栋、8栋来说太远了，走过去要五六分钟。建议南北各建一个。",
    );
    let price = s.say(s.at(-14, 12), &tenant(), p, "充电桩怎么收费？希望别比外面贵。");
    s.reply(
        s.at(-14, 15),
        &manager(),
        p,
        price,
        "初步按每度电1元左右，充满一次一两块钱，最终价格会在这里公示。",
    );
    s.say(
        s.at(-12, 10),
        &grid_worker(),
        p,
        "地下车库入口那个方案要先过消防审查，社区可以帮忙对接消防救援站。",
    );
    s.say(
        s.at(-10, 19),
        &chair(),
        p,
        "提醒一下：意见征询只是听取大家的意见。选定的位置如果要占用绿地，属于改变共有部分用途，\
         还要按第二百七十八条第八项由业主共同决定，须四分之三以上同意。",
    );
    s.advance(s.at(-8, 9), &secretary(), p);
    let poll = s.poll(
        s.at(-8, 10),
        &secretary(),
        p,
        "电动车棚建在哪里？（一人选一项，住在小区的居民和租户都可以参加）",
        PollKind::Single(vec![
            "3栋北侧空地（约80个车位，离7、8栋较远）".to_owned(),
            "东门岗亭旁（约60个车位，占用部分绿地）".to_owned(),
            "地下车库入口旁（约100个车位，须加装喷淋和监控）".to_owned(),
        ]),
    );
    s.say(
        s.at(-8, 11),
        &secretary(),
        p,
        "意见征询开始了，一人一票。不会用手机的老人，可以到党群驿站找网格员帮忙填。",
    );
    let until = Timestamp(s.now().0 - HOUR);
    answer_poll(s, poll, (s.at(-8, 11), until), 160, &[45, 20, 35], None);
    s.say(
        s.at(-2, 20),
        &s.owner("6-1-1201"),
        p,
        "选了地库入口，下雨天不用淋雨。就是喷淋和监控一定要装好，不能图省事。",
    );
}
