//! 业委会账目每月公开: monthly publication of the committee's accounts and common income
//! (from the Guiyuan and Weifeng Nanqiao reports), taken up by the Party branch.

use crate::cast::{grid_worker, manager, secretary, treasurer};
use crate::script::Script;

pub(super) fn play(s: &mut Script<'_>) {
    let p = s.raise(
        s.at(-12, 10),
        &secretary(),
        "财务公开",
        "业委会账目和公共收益每月公开",
        "不少业主反映，电梯广告、场地租金这些公共收益收了多少、花在哪里，大家都不清楚。\
         党支部提议：从下月起，业委会每月10日前在本平台和各单元公告栏公布上月财务明细，包括\
         物业费、水电公摊、公共收益的收入和每一笔支出，附上原始凭证的照片；资金监督小组每季度\
         抽查一次，年底请第三方审计。",
    );
    s.say(
        s.at(-12, 20),
        &s.owner("2-1-1601"),
        p,
        "早就该公开了。电梯广告一年收多少，到现在也没人说得清楚。",
    );
    s.say(
        s.at(-11, 20),
        &s.owner("7-2-801"),
        p,
        "建议每笔超过5000元的支出单独列出来，写清楚谁批的、用在哪里。",
    );
    s.advance(s.at(-10, 9), &secretary(), p);
    s.say(
        s.at(-10, 11),
        &treasurer(),
        p,
        "业委会赞成。我们先把今年1月以来的账整理出来，下次议事会前公布，以后每月10日前公布上月明细。",
    );
    s.say(
        s.at(-9, 15),
        &manager(),
        p,
        "物业代收的公共收益明细，每月5日前交给业委会，电子版也可以直接传到这里。",
    );
    s.say(
        s.at(-7, 10),
        &grid_worker(),
        p,
        "社区“四必”监督里本来就有公共收益收支定期抽查，每个季度的抽查社区都会派人参加。",
    );
}
