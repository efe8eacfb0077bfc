//! The listener: accepts connections, serves each with our HTTP/1.1 loop (keep-alive) on a
//! connection worker, and on shutdown stops accepting, lets requests in flight finish, closes
//! idle connections, then closes the databases.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::databases::Databases;
use crate::http::{self, Drain};
use crate::service::State;
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
        let drain = Drain::new();
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
                        let watcher = drain.watcher();
                        let _ = workers.dispatch(stream, move |stream| {
                            http::serve(stream, state, watcher)
                        });
                    }
                    // Out of file descriptors and the like: back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
            }
        }
        drop(self.listener);
        drain.drain(DRAIN_TIMEOUT).await;
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
