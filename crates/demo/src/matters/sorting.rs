//! 垃圾不落地: doing away with every fixed bin, as a 90-household estate did (from the
//! “red committee” report); rejected here, with the reason kept on the matter.

use crate::cast::{engineer, grandma, grid_worker, secretary};
use crate::script::Script;

pub(super) fn play(s: &mut Script<'_>) {
    let p = s.raise(
        s.at(-60, 21),
        &s.owner("1-2-1202"),
        "环境卫生",
        "撤掉所有固定垃圾桶，改成每天定时上门收垃圾",
        "看到新闻里有的小区实行“垃圾不落地”：撤掉所有固定垃圾桶，每天定时上门收集、统一转运，\
         小区里再也没有垃圾堆和异味。建议我们小区也试一试。",
    );
    s.say(
        s.at(-60, 22),
        &s.owner("3-1-502"),
        p,
        "我们两口子早出晚归，定时收的时间根本赶不上，垃圾放哪里？",
    );
    s.say(
        s.at(-59, 10),
        &engineer(),
        p,
        "新闻里那个小区只有90户，以别墅为主。我们小区近600户、20个单元，要每天定时上门收，\
         至少还要增加6名保洁员，物业费得跟着涨。",
    );
    s.say(s.at(-59, 15), &grandma(), p, "我们老年人白天在家可以配合，年轻人上班确实难办。");
    s.say(
        s.at(-57, 10),
        &grid_worker(),
        p,
        "街道明年有垃圾分类试点名额，到时候可以把定时定点投放报上去，先在一两个楼栋试。",
    );
    s.reject(
        s.at(-55, 16),
        &secretary(),
        p,
        "本小区近600户、以高层住宅为主，每天定时上门收集所需的人手和费用难以承担，发言中多数不赞成；\
         2栋垃圾桶异味问题已通过移位和规范清运解决。暂不采纳，明年结合街道垃圾分类试点再议。",
    );
}
