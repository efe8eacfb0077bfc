//! Start-to-first-answered-request time of a server.

use std::fs::File;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::Target;

/// Spawns `cmd` (stdout and stderr to `log`, or discarded) and calls ListTables through
/// `target` until it answers; returns the time from spawn to that answer and the still-running
/// server. The caller owns the server's lifetime.
pub fn measure(
    cmd: &[String],
    log: Option<&str>,
    target: &mut dyn Target,
    timeout: Duration,
) -> Result<(Duration, Child), String> {
    let (program, args) = cmd.split_first().ok_or("no server command given")?;
    let (out, err) = match log {
        Some(path) => {
            let f = File::create(path).map_err(|e| format!("{path}: {e}"))?;
            let f2 = f.try_clone().map_err(|e| format!("{path}: {e}"))?;
            (Stdio::from(f), Stdio::from(f2))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    loop {
        if target.call("ListTables", b"{}").is_ok() {
            return Ok((start.elapsed(), child));
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("{program} exited with {status} before answering"));
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{program} did not answer within {timeout:?}"));
        }
        // Short enough not to blur a few-millisecond start, long enough not to hog a core.
        thread::sleep(Duration::from_micros(200));
    }
}
