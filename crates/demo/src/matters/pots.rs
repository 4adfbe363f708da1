//! 阳台花盆: flower pots on balcony ledges (from the Shengli Huayuan meeting in the Jiangbei
//! report), raised three days ago and still collecting opinions.

use crate::cast::{chair, grandma, grid_worker, manager};
use crate::script::Script;

pub(super) fn play(s: &mut Script<'_>) {
    let raiser = s.owner("6-1-201");
    let p = s.raise(
        s.at(-3, 8),
        &raiser,
        "安全",
        "高层阳台外沿摆花盆太危险，建议统一排查整改",
        "前天下午6栋1单元楼下，一个花盆从高处掉下来，砸在停着的电动车座垫上，差一点就砸到放学回家的\
         小孩。不少人家在阳台护栏外沿摆花盆、挂花架，刮风下雨很容易掉下来。\n\n\
         建议物业挨家排查一遍，外沿的花盆搬进来或者加固，也请邻居们互相提醒。",
    );
    s.say(
        s.at(-3, 12),
        &s.owner("6-1-302"),
        p,
        "+1，我家楼上就摆了一排，每次浇水、下雨，泥水都滴到我家晾的衣服上。",
    );
    let hobby = s.say(
        s.at(-3, 15),
        &s.owner("6-2-1401"),
        p,
        "养花是我们老年人的爱好。挪进来可以，但别一刀切全不让摆，护栏内侧放稳了总可以吧？",
    );
    s.reply(
        s.at(-3, 16),
        &grandma(),
        p,
        hobby,
        "内侧放稳了肯定没问题，主要是外沿悬空挂着的那种太吓人。",
    );
    s.say(
        s.at(-2, 17),
        &manager(),
        p,
        "今天已经对6栋做了排查，外沿摆花盆、挂花架的一共11户，都已上门提醒。其他楼栋本周内排查完。",
    );
    s.say(
        s.at(-2, 10),
        &grid_worker(),
        p,
        "高空坠物造成损害是要依法担责的。社区做一份提醒单，配合物业一起发到各家。",
    );
    let meeting = s.say(
        s.at(-1, 19),
        &chair(),
        p,
        "建议下周六在党群驿站开一次议事会，请物业、业委会、居民代表和党员代表一起商量，\
         定一个大家都认可的阳台花盆公约。",
    );
    s.reply(
        s.at(-1, 21),
        &raiser,
        p,
        meeting,
        "赞成开议事会。阳台摆花是自家事，花盆掉下去就是大家的事了。",
    );
}
