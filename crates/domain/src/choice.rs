//! The three choices of an owners' decision: 赞成 yes, 反对 no, 弃权 abstain.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

/// Why a text is not a choice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("选项应为 yes/no/abstain 或 赞成/反对/弃权")]
pub struct ChoiceError;

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Yes, Choice::No, Choice::Abstain];

    /// Accepts `yes|no|abstain` (any case) and `赞成|反对|弃权`.
    pub fn parse(text: &str) -> Result<Choice, ChoiceError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "赞成" => Ok(Choice::Yes),
            "no" | "反对" => Ok(Choice::No),
            "abstain" | "弃权" => Ok(Choice::Abstain),
            _ => Err(ChoiceError),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Choice::Yes => "赞成",
            Choice::No => "反对",
            Choice::Abstain => "弃权",
        }
    }
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_languages() {
        let cases = [
            ("yes", Ok(Choice::Yes)),
            ("YES", Ok(Choice::Yes)),
            ("赞成", Ok(Choice::Yes)),
            ("no", Ok(Choice::No)),
            ("反对", Ok(Choice::No)),
            (" abstain ", Ok(Choice::Abstain)),
            ("弃权", Ok(Choice::Abstain)),
            ("maybe", Err(ChoiceError)),
            ("同意", Err(ChoiceError)),
            ("", Err(ChoiceError)),
        ];
        for (text, expected) in cases {
            assert_eq!(Choice::parse(text), expected, "Choice::parse({text:?})");
        }
    }
}
