//! The reference backend of the residents' discussion hall and its admin commands:
//! `serve` (the built app for now) and `tally` (the recount); `init`, `import` and `export`
//! join them with the sync protocol. `main.rs` only parses the command line and calls [`run`].

pub mod cli;
mod recount;
mod report;
mod serve;
pub mod web;

use std::io::Write;

/// Runs one command; the error is the message for stderr (exit code 2).
pub fn run(command: cli::Command, stdout: &mut impl Write) -> Result<(), String> {
    match command {
        cli::Command::Tally(args) => recount::run(&args, stdout).map_err(|e| e.to_string()),
        cli::Command::Serve(args) => serve::run(&args).map_err(|e| e.to_string()),
    }
}
