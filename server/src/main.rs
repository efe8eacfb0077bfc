//! `dynakv`: the command-line entry point.

use std::process::ExitCode;

use dynakv_server::config::{self, Command};
use dynakv_server::Server;

fn main() -> ExitCode {
    let config = match config::parse_args(std::env::args().skip(1)) {
        Ok(Command::Serve(config)) => config,
        Ok(Command::Help) => {
            println!("{}", config::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("dynakv {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("dynakv: {msg}");
            return ExitCode::from(2);
        }
    };
    match serve(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dynakv: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: config::Config) -> Result<(), Box<dyn std::error::Error>> {
    // The main thread's runtime accepts connections and is the first connection worker; the
    // server starts the others (see workers.rs for why they are single-threaded runtimes).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(32)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let server = Server::bind(config).await?;
        // Scripts wait for this line (and read the port from it when started with --port 0).
        println!("dynakv listening on http://{}", server.local_addr()?);
        server.run(shutdown_signal()).await?;
        Ok(())
    })
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
