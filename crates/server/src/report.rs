//! The readable Chinese report of a recount.

use std::fmt::Write;

use yishiting_domain::{Choice, NonResponse, Outcome, Share, Threshold, percent};

/// Facts about the inputs that the report mentions.
#[derive(Debug)]
pub(crate) struct Notes {
    pub(crate) delivered_given: bool,
    pub(crate) units: usize,
}

fn mark(met: bool) -> &'static str {
    if met { "✓ 达到" } else { "✗ 未达到" }
}

fn line_text(threshold: Threshold) -> &'static str {
    match threshold {
        Threshold::Ordinary => "须超过 1/2",
        Threshold::Special => "须达到 3/4 及以上",
    }
}

/// Renders the report. Percentages are rounded down and only illustrate; the marks come
/// from the exact comparisons of the domain crate.
pub(crate) fn render(outcome: &Outcome, notes: &Notes) -> String {
    let mut s = String::new();
    let (total, part, counted) = (outcome.total, outcome.participating(), outcome.counted());
    let threshold = outcome.threshold();
    let kind = match threshold {
        Threshold::Ordinary => "一般事项",
        Threshold::Special => "特别事项",
    };
    let _ = writeln!(s, "业主共同决定 复核计票结果");
    let _ = writeln!(
        s,
        "事项：民法典第二百七十八条{}（{}），{}，{}",
        outcome.matter,
        outcome.matter.chinese(),
        kind,
        threshold.chinese()
    );
    let policy = match outcome.policy {
        NonResponse::None => "只计实际表决（none）",
        NonResponse::FollowMajority => "已送达未表决者视为同意多数（follow-majority）",
    };
    let _ = writeln!(s, "未表决处理：{policy}");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "业主名册：专有部分 {} 户，业主 {} 人，总面积 {} ㎡",
        notes.units, total.owners, total.area
    );
    let _ = writeln!(s);

    let quorum = outcome.quorum();
    let _ = writeln!(s, "一、参与表决（须面积、人数均达到三分之二以上）");
    let _ = writeln!(
        s,
        "  面积 {} ㎡ / {} ㎡ = {}  {}",
        part.area,
        total.area,
        percent(part.area.hundredths(), total.area.hundredths()),
        mark(quorum.area)
    );
    let _ = writeln!(
        s,
        "  人数 {} / {} = {}  {}",
        part.owners,
        total.owners,
        percent(part.owners, total.owners),
        mark(quorum.owners)
    );
    let _ = writeln!(s);

    let _ = writeln!(s, "二、表决情况（占参与表决的比例）");
    for choice in Choice::ALL {
        let share = counted.get(choice);
        let _ = writeln!(s, "  {}  {}", choice.chinese(), figures(share, part));
    }
    let deemed = outcome.deemed.participating();
    if outcome.policy == NonResponse::FollowMajority {
        match outcome.deemed_choice {
            Some(choice) => {
                let _ = writeln!(
                    s,
                    "  其中视为{}（已送达未表决）：{}",
                    choice.chinese(),
                    figures(deemed, part)
                );
                let _ = writeln!(s, "  实际投票：{}", figures(outcome.real.participating(), part));
            }
            None => {
                let _ = writeln!(s, "  无视为参与者。");
            }
        }
        if !notes.delivered_given {
            let _ = writeln!(s, "  注意：未提供送达记录（--delivered），无人视为参与。");
        }
    } else if notes.delivered_given {
        let _ = writeln!(s, "  注意：未表决处理为 none，送达记录不影响结果。");
    }
    let _ = writeln!(s);

    let yes_line = outcome.yes_line();
    let _ = writeln!(s, "三、赞成（{}）", line_text(threshold));
    let _ = writeln!(
        s,
        "  面积 {} ㎡ / {} ㎡ = {}  {}",
        counted.yes.area,
        part.area,
        percent(counted.yes.area.hundredths(), part.area.hundredths()),
        mark(yes_line.area)
    );
    let _ = writeln!(
        s,
        "  人数 {} / {} = {}  {}",
        counted.yes.owners,
        part.owners,
        percent(counted.yes.owners, part.owners),
        mark(yes_line.owners)
    );
    let _ = writeln!(s);

    let verdict = if outcome.passed() {
        "通过".to_owned()
    } else if !outcome.quorum_met() {
        "未通过：参与表决的面积或人数未达到三分之二".to_owned()
    } else {
        format!("未通过：赞成的面积或人数未达到{}", threshold.chinese())
    };
    let _ = writeln!(s, "结论：{verdict}");
    let _ = writeln!(s);

    if outcome.duplicates.is_empty() {
        let _ = writeln!(s, "重复投票：无");
    } else {
        let _ = writeln!(
            s,
            "重复投票（同一业主已投票，以下选票未计入）：{} 张",
            outcome.duplicates.len()
        );
        for d in &outcome.duplicates {
            let _ = writeln!(
                s,
                "  第 {} 张  房号 {}（业主 {} 已通过 {} 投票）",
                d.position + 1,
                d.unit,
                d.owner,
                d.counted_unit
            );
        }
    }
    s
}

fn figures(share: Share, part: Share) -> String {
    format!(
        "面积 {} ㎡（{}）  人数 {}（{}）",
        share.area,
        percent(share.area.hundredths(), part.area.hundredths()),
        share.owners,
        percent(share.owners, part.owners)
    )
}
