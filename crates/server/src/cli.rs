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
    /// Serve the built app and the sync protocol (/api/v1) over the embedded database.
    Serve(ServeArgs),
    /// Create a community from its register: one sign-in code per unit, printable slips, and
    /// the administrator's code (shown once).
    Init(InitArgs),
    /// Recount an owners' decision from its register and ballots (业主共同决定复核计票).
    Tally(TallyArgs),
    /// Check any backend against the sync protocol's contract and report each check.
    Conformance(ConformanceArgs),
    /// Take a consistent copy of a live database (the server may keep running). Started from
    /// the copy, a server has a new identity, so phones notice the restore.
    Backup(BackupArgs),
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The database to copy.
    #[arg(long, default_value = "data/yishiting.sqlite3")]
    pub db: PathBuf,
    /// Where to write the copy (must not exist yet).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The database file (created with its directory if missing).
    #[arg(long, default_value = "data/yishiting.sqlite3")]
    pub db: PathBuf,
    /// The community's name (小区名称); with --demo, defaults to the demo's.
    #[arg(long)]
    pub community: Option<String>,
    /// The register: unit_id,area,owner_id (building,room,owner_name optional).
    #[arg(long, value_name = "units.csv", conflicts_with = "demo")]
    pub units: Option<PathBuf>,
    /// Load the demo community (翠屏花园) with its matters, and role accounts to try.
    #[arg(long)]
    pub demo: bool,
    /// Write one printable A4 slip per unit (code and QR code) to this HTML file.
    #[arg(long, value_name = "slips.html")]
    pub slips: Option<PathBuf>,
    /// Write every code as JSON to this file (for scripts; keep it as safe as the slips).
    #[arg(long, value_name = "codes.json")]
    pub codes_json: Option<PathBuf>,
    /// The address residents open, for the slips' QR codes.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
}

#[derive(Debug, clap::Args)]
pub struct ConformanceArgs {
    /// The backend's base URL (http), e.g. http://127.0.0.1:8080
    #[arg(long)]
    pub url: String,
    /// A committee account's code in a test community.
    #[arg(long)]
    pub committee: String,
    /// Owner codes of two different owners of that community.
    #[arg(long, num_args = 2, required = true)]
    pub owner: Vec<String>,
    /// A code of another unit of the first owner (an owner with two units), if there is one.
    #[arg(long)]
    pub second_unit: Option<String>,
    /// A meeting officer's (计票人) account code: the second person who enters a paper sheet.
    #[arg(long)]
    pub officer: String,
    /// A resident (居民) account's code.
    #[arg(long)]
    pub resident: String,
    /// A code of an account of another community, to check tokens do not cross communities.
    #[arg(long)]
    pub other_community: Option<String>,
    /// The administrator's code of the test community, to check the account operations
    /// (they give one unit of the second --owner a new code).
    #[arg(long)]
    pub admin: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Where to listen; use 0.0.0.0:8080 to reach it from phones on the same network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The built app (Trunk's output).
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
    /// The database file (created with its directory if missing; migrated at start).
    #[arg(long, default_value = "data/yishiting.sqlite3")]
    pub db: PathBuf,
    /// The address of a reverse proxy in front of the server: only requests from it have
    /// their client address read from X-Forwarded-For (its last entry); from anywhere else
    /// the header is ignored.
    #[arg(long, value_name = "ADDR")]
    pub trust_proxy: Option<std::net::IpAddr>,
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
