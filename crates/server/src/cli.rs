//! The command line: one subcommand per admin task.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use yishiting_domain::{Matter, NonResponse};

#[derive(Debug, Parser)]
#[command(
    name = "yishiting-server",
    version,
    about = "百姓议事厅 reference backend and admin commands"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Recount an owners' decision from its register and ballots (业主共同决定复核计票).
    Tally(TallyArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct TallyArgs {
    /// The register: unit_id,area,owner_id (building,room,owner_name optional).
    #[arg(long, value_name = "units.csv")]
    pub(crate) units: PathBuf,
    /// The ballots in acceptance order: unit_id,choice (channel,recorded_at,recorded_by optional).
    #[arg(long, value_name = "ballots.csv")]
    pub(crate) ballots: PathBuf,
    /// The matter of Civil Code Art. 278, 1–9; 6, 7 and 8 need three quarters.
    #[arg(long, value_name = "N", value_parser = parse_matter)]
    pub(crate) matter: Matter,
    /// What becomes of owners who received a ballot and did not vote.
    #[arg(long, value_enum, default_value_t = Policy::None)]
    pub(crate) non_response: Policy,
    /// The units whose owners received the ballot (unit_id); used by follow-majority.
    #[arg(long, value_name = "delivered.csv")]
    pub(crate) delivered: Option<PathBuf>,
    /// Print one JSON object instead of the report.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Policy {
    /// Only real ballots participate.
    None,
    /// Delivered owners who did not vote follow the side that leads in both dimensions.
    FollowMajority,
}

impl From<Policy> for NonResponse {
    fn from(policy: Policy) -> NonResponse {
        match policy {
            Policy::None => NonResponse::None,
            Policy::FollowMajority => NonResponse::FollowMajority,
        }
    }
}

fn parse_matter(text: &str) -> Result<Matter, String> {
    Matter::parse(text).map_err(|e| e.to_string())
}
