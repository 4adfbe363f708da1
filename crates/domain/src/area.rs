//! Areas of units, as exact integers of 0.01 m².

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

/// An area in hundredths of a square metre. Never a float: the count compares areas exactly.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Area(u64);

/// Why a text is not a unit's area.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AreaError {
    #[error("面积为空")]
    Empty,
    #[error("面积不能为负数")]
    Negative,
    #[error("面积不是数字（应如 89.50）")]
    NotANumber,
    #[error("面积最多两位小数")]
    TooManyDecimals,
    #[error("面积必须大于 0")]
    Zero,
    #[error("面积过大")]
    TooLarge,
}

impl Area {
    pub const ZERO: Area = Area(0);

    /// An area of `hundredths` × 0.01 m².
    pub const fn from_hundredths(hundredths: u64) -> Area {
        Area(hundredths)
    }

    pub const fn hundredths(self) -> u64 {
        self.0
    }

    /// Parses a unit's area as the register writes it: a positive decimal number of square
    /// metres with at most two fractional digits (`"171804.79"`, `"89"`, `"89.5"`).
    pub fn parse(text: &str) -> Result<Area, AreaError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AreaError::Empty);
        }
        if text.starts_with('-') {
            return Err(AreaError::Negative);
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (text, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err(AreaError::NotANumber);
        }
        if text.contains('.') && fraction.is_empty() {
            return Err(AreaError::NotANumber);
        }
        if fraction.len() > 2 {
            return Err(AreaError::TooManyDecimals);
        }
        let mut hundredths: u64 = 0;
        let padded = whole
            .bytes()
            .chain(fraction.bytes())
            .chain(std::iter::repeat_n(b'0', 2 - fraction.len()));
        for digit in padded {
            hundredths = hundredths
                .checked_mul(10)
                .and_then(|h| h.checked_add(u64::from(digit - b'0')))
                .ok_or(AreaError::TooLarge)?;
        }
        if hundredths == 0 {
            return Err(AreaError::Zero);
        }
        Ok(Area(hundredths))
    }

    pub fn checked_add(self, other: Area) -> Option<Area> {
        self.0.checked_add(other.0).map(Area)
    }
}

impl Add for Area {
    type Output = Area;

    /// Sums of areas; a register large enough to overflow u64 hundredths (1.8e17 m²) cannot exist.
    fn add(self, other: Area) -> Area {
        Area(self.0 + other.0)
    }
}

impl AddAssign for Area {
    fn add_assign(&mut self, other: Area) {
        self.0 += other.0;
    }
}

impl Sum for Area {
    fn sum<I: Iterator<Item = Area>>(iter: I) -> Area {
        iter.fold(Area::ZERO, Add::add)
    }
}

/// Square metres with exactly two decimals, as `"171804.79"`.
impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let cases: &[(&str, Result<u64, AreaError>)] = &[
            ("171804.79", Ok(17_180_479)),
            ("89", Ok(8_900)),
            ("89.5", Ok(8_950)),
            ("89.50", Ok(8_950)),
            ("0.01", Ok(1)),
            (" 12.30 ", Ok(1_230)),
            ("12.345", Err(AreaError::TooManyDecimals)),
            ("-5", Err(AreaError::Negative)),
            ("abc", Err(AreaError::NotANumber)),
            ("", Err(AreaError::Empty)),
            ("0", Err(AreaError::Zero)),
            ("0.00", Err(AreaError::Zero)),
            ("12.", Err(AreaError::NotANumber)),
            (".5", Err(AreaError::NotANumber)),
            ("1,234.5", Err(AreaError::NotANumber)),
            ("1e3", Err(AreaError::NotANumber)),
            ("+5", Err(AreaError::NotANumber)),
            ("99999999999999999999", Err(AreaError::TooLarge)),
        ];
        for (text, expected) in cases {
            let got = Area::parse(text).map(Area::hundredths);
            assert_eq!(&got, expected, "Area::parse({text:?})");
        }
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Area::from_hundredths(17_180_479).to_string(), "171804.79");
        assert_eq!(Area::from_hundredths(5).to_string(), "0.05");
        assert_eq!(Area::from_hundredths(8_900).to_string(), "89.00");
        assert_eq!(Area::ZERO.to_string(), "0.00");
    }
}
