//! Readers for the CSV files of docs/counting.md and the recount command: `units.csv`, `ballots.csv`, `delivered.csv`.
//!
//! Each takes the file's name and bytes (the caller does the I/O) and returns every row or
//! every error: a file with any bad row yields nothing, and each error names the file, the
//! line, the column and the offending value. UTF-8 with an optional BOM; a header row is
//! required; columns in any order; extra columns ignored.

mod ballots;
mod delivered;
mod table;
mod units;

pub use ballots::read_ballots;
pub use delivered::read_delivered;
pub use units::read_units;

use std::fmt;

/// One problem in one place of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub file: String,
    /// From 1; the header is line 1.
    pub line: u64,
    /// From 1, with the header's name for it, when the problem is in one column.
    pub column: Option<(usize, String)>,
    pub value: Option<String>,
    pub problem: String,
}

impl fmt::Display for CsvError {
    /// `units.csv 第 3 行第 2 列（area）“12.345”：面积最多两位小数`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 第 {} 行", self.file, self.line)?;
        if let Some((number, name)) = &self.column {
            write!(f, "第 {number} 列（{name}）")?;
        }
        if let Some(value) = &self.value {
            write!(f, "“{value}”")?;
        }
        write!(f, "：{}", self.problem)
    }
}

/// All the problems found in one file, in file order; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvErrors(pub Vec<CsvError>);

impl CsvErrors {
    pub fn iter(&self) -> impl Iterator<Item = &CsvError> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for CsvErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CsvErrors {}
