//! The command line: one subcommand per admin task.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use yishiting_domain::{Matter, NonResponse};

#[derive(Debug, Parser)]
#[command(
    name = "yishiting-server",
    version,
    about = "百姓议事厅 reference backend and admin commands"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built app (and, with the sync protocol, the community's data).
    Serve(ServeArgs),
    /// Recount an owners' decision from its register and ballots (业主共同决定复核计票).
    Tally(TallyArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Where to listen; use 0.0.0.0:8080 to reach it from phones on the same network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The built app (Trunk's output).
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct TallyArgs {
    /// The register: unit_id,area,owner_id (building,room,owner_name optional).
    #[arg(long, value_name = "units.csv")]
    pub units: PathBuf,
    /// The ballots in acceptance order: unit_id,choice (channel,recorded_at,recorded_by optional).
    #[arg(long, value_name = "ballots.csv")]
    pub ballots: PathBuf,
    /// The matter of Civil Code Art. 278, 1–9; 6, 7 and 8 need three quarters.
    #[arg(long, value_name = "N", value_parser = parse_matter)]
    pub matter: Matter,
    /// What becomes of owners who received a ballot and did not vote.
    #[arg(long, value_enum, default_value_t = Policy::None)]
    pub non_response: Policy,
    /// The units whose owners received the ballot (unit_id); used by follow-majority.
    #[arg(long, value_name = "delivered.csv")]
    pub delivered: Option<PathBuf>,
    /// Print one JSON object instead of the report.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Policy {
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
