//! The nine matters of Civil Code Art. 278 and the threshold each implies.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which line a matter must cross, after the quorum of 2/3 in area and headcount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Threshold {
    /// More than half of participating area and owners (过半数, strict).
    Ordinary,
    /// Three quarters or more of participating area and owners (四分之三以上, inclusive).
    Special,
}

impl Threshold {
    /// The line as a fraction (numerator, denominator), for drawing and reports.
    pub fn line(self) -> (u64, u64) {
        match self {
            Threshold::Ordinary => (1, 2),
            Threshold::Special => (3, 4),
        }
    }

    /// Whether `yes` of `participating` crosses this line, in exact integers.
    pub fn is_met(self, yes: u64, participating: u64) -> bool {
        let (yes, participating) = (u128::from(yes), u128::from(participating));
        match self {
            Threshold::Ordinary => 2 * yes > participating,
            Threshold::Special => participating > 0 && 4 * yes >= 3 * participating,
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Threshold::Ordinary => "过半数（超过 1/2）",
            Threshold::Special => "四分之三以上（≥ 3/4）",
        }
    }
}

/// A numbered matter of Art. 278 (1–9). Every owners' vote names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Matter(u8);

/// Why a number is not a matter of Art. 278.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("事项编号应为 1 到 9（民法典第二百七十八条）")]
pub struct MatterError;

impl Matter {
    pub fn new(number: u8) -> Result<Matter, MatterError> {
        if (1..=9).contains(&number) { Ok(Matter(number)) } else { Err(MatterError) }
    }

    pub fn parse(text: &str) -> Result<Matter, MatterError> {
        text.trim().parse::<u8>().map_err(|_| MatterError).and_then(Matter::new)
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// Raising the fund (6), alteration or rebuilding (7) and changing the use of common
    /// parts (8) are special; all others, using the fund (5) among them, are ordinary.
    pub fn threshold(self) -> Threshold {
        match self.0 {
            6..=8 => Threshold::Special,
            _ => Threshold::Ordinary,
        }
    }

    pub fn chinese(self) -> &'static str {
        match self.0 {
            1 => "制定和修改业主大会议事规则",
            2 => "制定和修改管理规约",
            3 => "选举业主委员会或者更换业主委员会成员",
            4 => "选聘和解聘物业服务企业或者其他管理人",
            5 => "使用建筑物及其附属设施的维修资金",
            6 => "筹集建筑物及其附属设施的维修资金",
            7 => "改建、重建建筑物及其附属设施",
            8 => "改变共有部分的用途或者利用共有部分从事经营活动",
            _ => "有关共有和共同管理权利的其他重大事项",
        }
    }
}

impl TryFrom<u8> for Matter {
    type Error = MatterError;
    fn try_from(number: u8) -> Result<Matter, MatterError> {
        Matter::new(number)
    }
}

impl From<Matter> for u8 {
    fn from(matter: Matter) -> u8 {
        matter.0
    }
}

impl fmt::Display for Matter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}项", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_by_matter() {
        let expected = [
            (1, Threshold::Ordinary),
            (2, Threshold::Ordinary),
            (3, Threshold::Ordinary),
            (4, Threshold::Ordinary),
            (5, Threshold::Ordinary),
            (6, Threshold::Special),
            (7, Threshold::Special),
            (8, Threshold::Special),
            (9, Threshold::Ordinary),
        ];
        for (number, threshold) in expected {
            assert_eq!(
                Matter::new(number).map(Matter::threshold),
                Ok(threshold),
                "matter {number}"
            );
        }
        assert_eq!(Matter::new(0), Err(MatterError));
        assert_eq!(Matter::new(10), Err(MatterError));
        assert_eq!(Matter::parse("x"), Err(MatterError));
        assert_eq!(Matter::parse(" 6 ").map(Matter::number), Ok(6));
    }

    #[test]
    fn lines_are_exact() {
        assert!(!Threshold::Ordinary.is_met(50, 100));
        assert!(Threshold::Ordinary.is_met(51, 100));
        assert!(!Threshold::Ordinary.is_met(0, 0));
        assert!(Threshold::Special.is_met(75, 100));
        assert!(!Threshold::Special.is_met(74, 100));
        assert!(!Threshold::Special.is_met(0, 0));
        assert!(Threshold::Special.is_met(u64::MAX, u64::MAX));
    }
}
