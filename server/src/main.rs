//! `dynakv`: the command-line entry point.

use std::process::ExitCode;

use dynakv_server::config::{self, Command};
use dynakv_server::Server;

fn main() -> ExitCode {
    return_large_frees_to_the_system();
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

/// Makes glibc's malloc serve every allocation of 256 KiB or more (table files and journal
/// segments of in-memory databases, large responses) with its own mapping, returned to the system
/// when freed. By default glibc raises that threshold after such frees, and the large buffers of
/// later flushes and compactions then come from the heap, which does not shrink: after 100k
/// in-memory items and a minute of overwrites the server stayed ~30 MiB larger.
fn return_large_frees_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
    }
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
