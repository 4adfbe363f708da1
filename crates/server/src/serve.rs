//! `yishiting-server serve`: the HTTP server: the sync protocol under `/api/v1` over the
//! embedded database, and the built app for every other path.

use std::net::SocketAddr;

use crate::cli::ServeArgs;
use crate::web;

/// Runs until Ctrl-C or SIGTERM, then finishes the requests under way.
pub(crate) fn run(args: &ServeArgs) -> std::io::Result<()> {
    if !args.dist.join("index.html").is_file() {
        return Err(std::io::Error::other(format!(
            "{} 中没有 index.html：请先构建应用（bash scripts/build-app.sh）",
            args.dist.display()
        )));
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        // The database first: a server that cannot open it never says it is running.
        let conn = crate::db::open(&args.db).map_err(std::io::Error::other)?;
        tracing::info!(db = %args.db.display(), "database open");
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        let addr: SocketAddr = listener.local_addr()?;
        tracing::info!(%addr, dist = %args.dist.display(), "serving");
        eprintln!("百姓议事厅 is running: open http://{addr}/");
        let mut api = crate::api::Api::new(conn);
        api.trust_proxy = args.trust_proxy;
        let app = crate::api::router(api).merge(web::router(&args.dist));
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown())
            .await
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
