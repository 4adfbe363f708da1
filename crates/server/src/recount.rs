//! The recount command: read the files, count with the domain crate, print the result.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use yishiting_domain::files::{CsvErrors, read_ballots, read_delivered, read_units};
use yishiting_domain::{NonResponse, Outcome, tally};

use crate::cli::TallyArgs;
use crate::report;

/// Why a recount could not be made. Each names the file and what is wrong in it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RecountError {
    #[error("无法读取 {file}：{source}")]
    Read { file: String, source: std::io::Error },
    #[error("{0}\n共 {n} 处错误，未计票。", n = .0.len())]
    Csv(CsvErrors),
    #[error("{file} 第 {line} 行：房号 {unit} 不在业主名册中")]
    UnknownUnit { file: String, line: usize, unit: String },
    #[error("无法输出结果：{0}")]
    Write(#[from] std::io::Error),
}

/// The JSON form of a result: exactly the keys the recount contract promises.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct TallyJson {
    pub total_area: String,
    pub total_owners: u64,
    pub participating_area: String,
    pub participating_owners: u64,
    pub yes_area: String,
    pub yes_owners: u64,
    pub no_area: String,
    pub no_owners: u64,
    pub abstain_area: String,
    pub abstain_owners: u64,
    pub deemed_area: String,
    pub deemed_owners: u64,
    pub quorum_met: bool,
    pub passed: bool,
    pub duplicates: Vec<String>,
}

impl From<&Outcome> for TallyJson {
    fn from(outcome: &Outcome) -> TallyJson {
        let (part, counted, deemed) =
            (outcome.participating(), outcome.counted(), outcome.deemed.participating());
        TallyJson {
            total_area: outcome.total.area.to_string(),
            total_owners: outcome.total.owners,
            participating_area: part.area.to_string(),
            participating_owners: part.owners,
            yes_area: counted.yes.area.to_string(),
            yes_owners: counted.yes.owners,
            no_area: counted.no.area.to_string(),
            no_owners: counted.no.owners,
            abstain_area: counted.abstain.area.to_string(),
            abstain_owners: counted.abstain.owners,
            deemed_area: deemed.area.to_string(),
            deemed_owners: deemed.owners,
            quorum_met: outcome.quorum_met(),
            passed: outcome.passed(),
            duplicates: outcome.duplicates.iter().map(|d| d.unit.to_string()).collect(),
        }
    }
}

pub(crate) fn run(args: &TallyArgs, out: &mut impl Write) -> Result<(), RecountError> {
    let register =
        read_units(&name(&args.units), &read(&args.units)?).map_err(RecountError::Csv)?;
    let ballots_file = name(&args.ballots);
    let ballots =
        read_ballots(&ballots_file, &read(&args.ballots)?, &register).map_err(RecountError::Csv)?;
    let delivered = match &args.delivered {
        Some(path) => {
            read_delivered(&name(path), &read(path)?, &register).map_err(RecountError::Csv)?
        }
        None => Vec::new(),
    };
    let policy = NonResponse::from(args.non_response);
    // The readers already refuse units outside the register; this guards the invariant.
    let outcome = tally(&register, &ballots, args.matter, policy, &delivered).map_err(|e| {
        RecountError::UnknownUnit {
            file: ballots_file.clone(),
            line: e.position + 2,
            unit: e.unit.to_string(),
        }
    })?;
    if args.json {
        serde_json::to_writer(&mut *out, &TallyJson::from(&outcome))
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let notes = report::Notes {
            delivered_given: args.delivered.is_some(),
            units: register.total_units(),
        };
        out.write_all(report::render(&outcome, &notes).as_bytes())?;
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, RecountError> {
    std::fs::read(path)
        .map_err(|source| RecountError::Read { file: path.display().to_string(), source })
}

/// The name errors use for a file: as the user typed it.
fn name(path: &Path) -> String {
    path.display().to_string()
}
