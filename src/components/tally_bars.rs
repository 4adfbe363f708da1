//! The count as pictures: bars for participation against the 2/3 line and for yes against
//! the 1/2 or 3/4 line, in area and in headcount, real and deemed apart.

use leptos::prelude::*;
use yishiting_domain::{Outcome, Share, Threshold, percent};

use crate::messages::t;

/// `part / whole` as a CSS width, rounded down, never above 100%.
pub fn width(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_owned();
    }
    let basis_points = (u128::from(part) * 10_000 / u128::from(whole)).min(10_000);
    format!("{}.{:02}%", basis_points / 100, basis_points % 100)
}

#[component]
pub fn TallyBars(outcome: Outcome) -> impl IntoView {
    let (total, part, counted) = (outcome.total, outcome.participating(), outcome.counted());
    let deemed = outcome.deemed.participating();
    let (quorum, yes_line) = (outcome.quorum(), outcome.yes_line());
    let (line_n, line_d) = outcome.threshold().line();
    let yes_line_text = match outcome.threshold() {
        Threshold::Ordinary => t().line_half,
        Threshold::Special => t().line_three_quarters,
    };
    view! {
        <div class="bars">
            <h3 class="bars__title">{t().participation} " · " {t().line_two_thirds}</h3>
            <Bar label=t().by_area real=outcome.real.participating().area.hundredths() deemed=deemed.area.hundredths()
                whole=total.area.hundredths() line=(2, 3) met=quorum.area
                text=format!("{} / {} ㎡", part.area, total.area) />
            <Bar label=t().by_owners real=outcome.real.participating().owners deemed=deemed.owners
                whole=total.owners line=(2, 3) met=quorum.owners
                text=format!("{} / {} {}", part.owners, total.owners, t().people) />
            <h3 class="bars__title">{t().yes} " · " {yes_line_text}</h3>
            <Bar label=t().by_area real=outcome.real.yes.area.hundredths() deemed=outcome.deemed.yes.area.hundredths()
                whole=part.area.hundredths() line=(line_n, line_d) met=yes_line.area
                text=format!("{} / {} ㎡", counted.yes.area, part.area) />
            <Bar label=t().by_owners real=outcome.real.yes.owners deemed=outcome.deemed.yes.owners
                whole=part.owners line=(line_n, line_d) met=yes_line.owners
                text=format!("{} / {} {}", counted.yes.owners, part.owners, t().people) />
            <Breakdown outcome=outcome.clone() />
        </div>
    }
}

/// One bar against its line: `real` (and `deemed`) of `whole`, with the line `line.0/line.1`.
#[component]
pub fn Bar(
    label: &'static str,
    real: u64,
    deemed: u64,
    whole: u64,
    line: (u64, u64),
    met: bool,
    text: String,
) -> impl IntoView {
    let shown = percent(real + deemed, whole);
    let state = if met { t().line_met } else { t().line_not_met };
    let aria = format!("{label} {text} {shown}，{state}");
    view! {
        <div class="bar" role="img" aria-label=aria>
            <div class="bar__label">
                <span>{label}</span>
                <span>{text} " (" {shown.clone()} ") "<strong class=if met { "ok" } else { "error" }>{state}</strong></span>
            </div>
            <div class="bar__track">
                <div class="bar__real" style:width=width(real, whole)></div>
                <div class="bar__deemed" style:width=width(deemed, whole)></div>
                <div class="bar__line" style:left=width(line.0, line.1)></div>
            </div>
        </div>
    }
}

/// Yes, no and abstain in both dimensions, with the deemed figures apart.
#[component]
fn Breakdown(outcome: Outcome) -> impl IntoView {
    let row = |name: &'static str, real: Share, deemed: Share| {
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td>{(real + deemed).area.to_string()}</td>
                <td>{real.owners + deemed.owners}</td>
                <td>{(deemed.owners > 0).then(|| format!("{} ㎡ / {}", deemed.area, deemed.owners))}</td>
            </tr>
        }
    };
    let (r, d) = (outcome.real, outcome.deemed);
    view! {
        <table class="breakdown">
            <thead>
                <tr><th scope="col"></th><th scope="col">{t().area_m2}</th><th scope="col">{t().people}</th><th scope="col">{t().deemed}</th></tr>
            </thead>
            <tbody>
                {row(t().yes, r.yes, d.yes)}
                {row(t().no, r.no, d.no)}
                {row(t().abstain, r.abstain, d.abstain)}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::width;

    #[test]
    fn widths_round_down_and_stay_inside() {
        assert_eq!(width(2, 3), "66.66%");
        assert_eq!(width(1, 0), "0%");
        assert_eq!(width(5, 4), "100.00%");
        assert_eq!(width(0, 7), "0.00%");
    }
}
