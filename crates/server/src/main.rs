//! `yishiting-server`: parse the command line, run the command, exit 2 with a message on failure.

use std::process::ExitCode;

use clap::Parser;
use yishiting_server::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match yishiting_server::run(cli.command, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
