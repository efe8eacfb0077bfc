//! Command-line configuration: dynakv's own `--flags` and DynamoDB Local's `-flags`, so the binary
//! drops into setups written for DynamoDB Local.

use std::net::IpAddr;
use std::path::PathBuf;

/// Where the databases live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    /// Each database in a subdirectory of this directory.
    Dir(PathBuf),
    /// Databases in memory, lost at exit.
    InMemory,
}

/// Which origins may call the server from a browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cors {
    /// Any origin (`*`), DynamoDB Local's default.
    Any,
    /// Only these origins, exactly as browsers send them.
    Only(Vec<String>),
}

/// A key pair (and optional session token) that `--auth` accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub access_key: String,
    pub secret_key: String,
    /// When set, requests signed with this key must carry exactly this `X-Amz-Security-Token`.
    pub session_token: Option<String>,
}

/// Everything `dynakv serve` needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub host: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub storage: Storage,
    /// One database for every client instead of one per access key + region.
    pub shared_db: bool,
    pub cors: Cors,
    /// Region named by the `GET /` health answer.
    pub region: String,
    /// Empty: accept any credentials (as DynamoDB Local). Otherwise verify SigV4 against these.
    pub credentials: Vec<Credential>,
    /// Largest request body accepted, before and after gzip decoding.
    pub max_body_bytes: usize,
    /// Threads serving connections (each connection stays on one).
    pub workers: usize,
}

/// DynamoDB's request size limit (dynalite and DynamoDB answer 413 above it).
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 8000,
            storage: Storage::Dir(PathBuf::from("./dynakv-data")),
            shared_db: false,
            cors: Cors::Any,
            region: "us-east-1".to_string(),
            credentials: Vec::new(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            workers: default_workers(),
        }
    }
}

/// One worker per core (at most 8). With hyper, one worker per two cores answered more on a
/// 2-core box shared with its clients; since the server's own HTTP/1.1 loop (a GetItem costs
/// ~20K instructions instead of ~48K), the kernel's socket work dominates and a second worker
/// pays: 16 connections from the load driver, 2 workers against 1, GetItem 104K/s vs 83K/s,
/// PutItem 76K vs 67K, Query 65K vs 37K.
fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8))
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve(Config),
    Help,
    Version,
}

pub const USAGE: &str = "\
usage: dynakv serve [options]

options:
  --port N            TCP port (default 8000; 0 picks a free one)
  --host ADDR         address to bind (default 127.0.0.1)
  --data-dir DIR      data directory (default ./dynakv-data)
  --in-memory         keep everything in memory
  --shared-db         one database for all clients (default: one per access key + region)
  --auth KEY:SECRET[:TOKEN]
                      verify SigV4 signatures against this key (repeatable); default: accept any
  --cors ORIGINS      comma-separated allowed origins, or * (default *)
  --region NAME       region named by the GET / health answer (default us-east-1)
  --max-body BYTES    largest request body (default 16 MiB)
  --workers N         threads serving connections (default: one per core, at most 8)

DynamoDB Local's flags are accepted too: -port, -inMemory, -dbPath, -sharedDb, -cors,
-delayTransientStatuses, -optimizeDbBeforeStartup, -disableTelemetry, -help.";

/// Parses the arguments after the program name.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut args = args.into_iter().peekable();
    if args.peek().map(String::as_str) == Some("serve") {
        args.next();
    } else if let Some(first) = args.peek() {
        // DynamoDB Local is started with flags only; anything else is a mistake.
        if !first.starts_with('-') {
            return Err(format!("unknown command '{first}'\n\n{USAGE}"));
        }
    }
    let mut config = Config::default();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--help" | "-h" | "-help" => return Ok(Command::Help),
            "--version" | "-version" => return Ok(Command::Version),
            "--port" | "-port" => config.port = parse_number(&flag, &value(&flag)?)?,
            "--host" => {
                let v = value(&flag)?;
                config.host = v
                    .parse()
                    .map_err(|_| format!("{flag}: not an IP address: {v}"))?;
            }
            "--data-dir" | "-dbPath" => config.storage = Storage::Dir(value(&flag)?.into()),
            "--in-memory" | "-inMemory" => config.storage = Storage::InMemory,
            "--shared-db" | "-sharedDb" => config.shared_db = true,
            "--auth" => config.credentials.push(parse_credential(&value(&flag)?)?),
            "--cors" | "-cors" => config.cors = parse_cors(&value(&flag)?),
            "--region" => config.region = value(&flag)?,
            "--max-body" => config.max_body_bytes = parse_number(&flag, &value(&flag)?)?,
            "--workers" => match parse_number(&flag, &value(&flag)?)? {
                0 => return Err(format!("{flag}: needs at least 1")),
                n => config.workers = n,
            },
            // Tables are ACTIVE at once and the engine needs no offline optimisation or
            // telemetry, so these DynamoDB Local flags change nothing here.
            "-delayTransientStatuses" | "-optimizeDbBeforeStartup" | "-disableTelemetry" => {}
            _ => return Err(format!("unknown option '{arg}'\n\n{USAGE}")),
        }
    }
    Ok(Command::Serve(config))
}

fn parse_number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: not a valid number: {v}"))
}

fn parse_credential(v: &str) -> Result<Credential, String> {
    let mut parts = v.splitn(3, ':');
    let access_key = parts.next().unwrap_or_default();
    let secret_key = parts.next().unwrap_or_default();
    if access_key.is_empty() || secret_key.is_empty() {
        return Err(format!("--auth expects KEY:SECRET[:TOKEN], got '{v}'"));
    }
    Ok(Credential {
        access_key: access_key.to_string(),
        secret_key: secret_key.to_string(),
        session_token: parts.next().filter(|t| !t.is_empty()).map(str::to_string),
    })
}

fn parse_cors(v: &str) -> Cors {
    let origins: Vec<String> = v
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_string)
        .collect();
    if origins.is_empty() || origins.iter().any(|o| o == "*") {
        Cors::Any
    } else {
        Cors::Only(origins)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    fn serve(args: &[&str]) -> Config {
        match parse(args) {
            Ok(Command::Serve(c)) => c,
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = serve(&["serve"]);
        assert_eq!(c, Config::default());
        assert_eq!(c.port, 8000);
        assert_eq!(c.storage, Storage::Dir("./dynakv-data".into()));
    }

    #[test]
    fn native_flags() {
        let c = serve(&[
            "serve",
            "--port=9000",
            "--host",
            "0.0.0.0",
            "--in-memory",
            "--shared-db",
            "--auth",
            "AK:SK",
            "--auth",
            "AK2:SK2:TOK",
            "--cors",
            "http://a, http://b",
            "--workers",
            "3",
        ]);
        assert_eq!(c.workers, 3);
        assert_eq!(c.port, 9000);
        assert_eq!(c.host, IpAddr::from([0, 0, 0, 0]));
        assert_eq!(c.storage, Storage::InMemory);
        assert!(c.shared_db);
        assert_eq!(c.credentials.len(), 2);
        assert_eq!(c.credentials[1].session_token.as_deref(), Some("TOK"));
        assert_eq!(
            c.cors,
            Cors::Only(vec!["http://a".into(), "http://b".into()])
        );
    }

    #[test]
    fn dynamodb_local_flags_without_subcommand() {
        let c = serve(&[
            "-port",
            "8001",
            "-dbPath",
            "/tmp/x",
            "-sharedDb",
            "-cors",
            "*",
        ]);
        assert_eq!(c.port, 8001);
        assert_eq!(c.storage, Storage::Dir("/tmp/x".into()));
        assert!(c.shared_db);
        assert_eq!(c.cors, Cors::Any);
        assert_eq!(
            serve(&["-inMemory", "-delayTransientStatuses"]).storage,
            Storage::InMemory
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(parse(&["serve", "--port", "x"]).is_err());
        assert!(parse(&["serve", "--port"]).is_err());
        assert!(parse(&["serve", "--auth", "nokey"]).is_err());
        assert!(parse(&["serve", "--bogus"]).is_err());
        assert!(parse(&["serve", "--workers", "0"]).is_err());
        assert!(parse(&["start"]).is_err());
        assert_eq!(parse(&["-help"]), Ok(Command::Help));
    }
}
