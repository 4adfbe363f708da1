//! The reference backend of the residents' discussion hall and its admin commands: `serve`
//! (the built app and the sync protocol, kept behind `storage::Storage`, on SQLite by
//! default), `init` (a community, its codes and slips), `tally` (the recount) and
//! `conformance` (the protocol's contract against any backend). `main.rs` only parses the
//! command line and calls [`run`].

pub mod admin;
pub mod api;
pub mod auth;
pub mod brake;
pub mod cli;
pub mod conformance;
pub mod db;
pub mod recount;
mod report;
pub mod secret;
mod serve;
pub mod storage;
pub mod sync;
pub mod web;

use std::io::Write;

/// Runs one command; the error is the message for stderr (exit code 2).
pub fn run(command: cli::Command, stdout: &mut impl Write) -> Result<(), String> {
    match command {
        cli::Command::Tally(args) => recount::run(&args, stdout).map_err(|e| e.to_string()),
        cli::Command::Serve(args) => serve::run(&args).map_err(|e| e.to_string()),
        cli::Command::Init(args) => admin::run(&args, stdout).map_err(|e| e.to_string()),
        cli::Command::Conformance(args) => conformance::run(&args, stdout),
        cli::Command::Backup(args) => {
            db::backup(&args.db, &args.out)?;
            writeln!(
                stdout,
                "已备份到 {}。恢复时：停止服务器，用它替换数据库文件（密钥文件 {} 保持不变），再启动；\
                 恢复后的数据库有新的标识，各手机会重新下载，并重新发送服务器上没有的本机改动。",
                args.out.display(),
                secret::described(&args.db)
            )
            .map_err(|e| e.to_string())
        }
    }
}
