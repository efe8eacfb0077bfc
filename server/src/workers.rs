//! Connection workers: one single-threaded tokio runtime per core, each serving the connections
//! handed to it from start to end.
//!
//! Why not tokio's work-stealing runtime: a DynamoDB request is a few microseconds of work, so
//! the cost that dominates is the kernel's (socket wakeups and context switches). Work stealing
//! wakes idle workers whenever a task is scheduled, and a connection's task hops between threads;
//! on this project's 2-core target that cost more than it gained (measured with wrk at 16
//! connections: a 2-worker work-stealing runtime answered fewer GetItem and PutItem calls per
//! second than a single thread). Pinning each connection to one thread keeps its wakeups local,
//! and still uses every core.
//!
//! The calling runtime is worker 0; the others run on their own threads, each with its own
//! blocking pool for on-disk writes. Dropping [`Workers`] stops those threads: their runtimes
//! end, dropping whatever connections they still hold.

use std::future::Future;
use std::io;
use std::thread::JoinHandle;

use tokio::net::TcpStream;
use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;

/// Blocking threads per worker runtime (on-disk writes waiting for group commit).
const MAX_BLOCKING_THREADS: usize = 32;

pub struct Workers {
    /// Worker 0 is the runtime that created the set; the rest are threads of ours.
    handles: Vec<Handle>,
    threads: Vec<Thread>,
    next: usize,
}

struct Thread {
    /// Dropping it ends the thread's runtime.
    stop: Option<oneshot::Sender<()>>,
    join: Option<JoinHandle<()>>,
}

impl Workers {
    /// `count` workers in all (at least one): the current runtime and `count - 1` threads.
    pub fn start(count: usize) -> io::Result<Workers> {
        let mut handles = vec![Handle::current()];
        let mut threads = Vec::new();
        for i in 1..count.max(1) {
            let runtime = Builder::new_current_thread()
                .max_blocking_threads(MAX_BLOCKING_THREADS)
                .enable_all()
                .build()?;
            handles.push(runtime.handle().clone());
            let (stop, stopped) = oneshot::channel::<()>();
            let join = std::thread::Builder::new()
                .name(format!("dynakv-worker-{i}"))
                .spawn(move || {
                    let _ = runtime.block_on(stopped);
                })?;
            threads.push(Thread {
                stop: Some(stop),
                join: Some(join),
            });
        }
        Ok(Workers {
            handles,
            threads,
            next: 0,
        })
    }

    /// Serves `stream` on the next worker in turn: `serve` builds the connection's future there.
    pub fn dispatch<F, Fut>(&mut self, stream: TcpStream, serve: F) -> io::Result<()>
    where
        F: FnOnce(TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let i = self.next;
        self.next = (self.next + 1) % self.handles.len();
        if i == 0 {
            tokio::spawn(serve(stream));
            return Ok(());
        }
        // A socket belongs to the reactor that registered it: move it over as a plain socket.
        let stream = stream.into_std()?;
        self.handles[i].spawn(async move {
            if let Ok(stream) = TcpStream::from_std(stream) {
                serve(stream).await;
            }
        });
        Ok(())
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for thread in &mut self.threads {
            thread.stop.take();
        }
        for thread in &mut self.threads {
            if let Some(join) = thread.join.take() {
                let _ = join.join();
            }
        }
    }
}
