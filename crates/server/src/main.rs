//! `yishiting-server`: the reference backend of the residents' discussion hall and its admin
//! commands. For now it holds the recount command; `serve`, `init`, `import` and `export` join it.

mod cli;
mod recount;
mod report;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        cli::Command::Tally(args) => recount::run(&args, &mut stdout),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
    }
}
