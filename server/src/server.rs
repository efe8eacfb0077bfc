//! The listener: accepts connections, serves each with hyper's HTTP/1.1 (keep-alive), and on
//! shutdown stops accepting, lets requests in flight finish, then closes the databases.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::databases::Databases;
use crate::service::{self, State};
use crate::workers::Workers;

/// How long requests in flight may take to finish at shutdown.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    workers: usize,
}

impl Server {
    /// Binds the configured address. No database is opened until a caller needs one.
    pub async fn bind(config: Config) -> io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
        let databases = Databases::new(
            config.storage.clone(),
            config.shared_db,
            config.region.clone(),
        );
        let workers = config.workers;
        Ok(Server {
            listener,
            state: Arc::new(State { config, databases }),
            workers,
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then drains connections and closes the databases.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        let graceful = GracefulShutdown::new();
        let mut workers = Workers::start(self.workers)?;
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        // Small request/response pairs: don't let Nagle hold them back.
                        let _ = stream.set_nodelay(true);
                        let state = self.state.clone();
                        let watcher = graceful.watcher();
                        let _ = workers.dispatch(stream, move |stream| async move {
                            let service = service_fn(move |req| service::handle(state.clone(), req));
                            let conn = http1::Builder::new()
                                .keep_alive(true)
                                .serve_connection(TokioIo::new(stream), service);
                            // A client that hangs up mid-request is not the server's problem.
                            let _ = watcher.watch(conn).await;
                        });
                    }
                    // Out of file descriptors and the like: back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
            }
        }
        drop(self.listener);
        let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
        let state = self.state;
        tokio::task::spawn_blocking(move || {
            // Workers first: their runtimes end once writes in flight on their pools return.
            drop(workers);
            state.databases.close_all()
        })
        .await
        .map_err(io::Error::other)?
        .map_err(io::Error::other)
    }
}
