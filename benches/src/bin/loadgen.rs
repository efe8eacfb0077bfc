//! The load driver. See `loadgen --help`.

use std::process::ExitCode;
use std::time::Duration;

use dynakv_benches::args::Args;
use dynakv_benches::http::{Credentials, Endpoint};
use dynakv_benches::loadgen::{self, startup, Config, Connector, Stop};

const HELP: &str = "\
loadgen: N clients over a fixed key space against a DynamoDB endpoint or the embedded library.

usage: loadgen (--endpoint URL | --embedded [--data-dir DIR]) [options]
       loadgen startup --endpoint URL [--repeat N] [--log FILE] [--json] -- SERVER-COMMAND...

target:
  --endpoint URL      any DynamoDB-compatible endpoint, SigV4-signed (https:// needs the
                      `tls` feature; roots from the system or $SSL_CERT_FILE)
  --region R          signing region (default $AWS_REGION or us-east-1)
  --access-key K      (default $AWS_ACCESS_KEY_ID or a dummy key; also --secret-key,
  --secret-key S       $AWS_SECRET_ACCESS_KEY, $AWS_SESSION_TOKEN)
  --embedded          dynakv's library in this process (in memory unless --data-dir)
workload:
  --workload W        put | get | mixed | query (default mixed)
  --read-ratio F      GetItem share of mixed (default 0.5)
  --clients N         concurrent clients (default 16)
  --threads N         threads driving the clients of an http:// endpoint, each an event loop
                      over its share of the connections (default: one per core)
  --keys N            items in the key space, all preloaded (default 100000)
  --value-size B      bytes of the payload attribute (default 100)
  --duration D        measured time, e.g. 10s, 500ms (default 10s)
  --ops N             measured operations instead of a duration (0: preload only)
  --table NAME        (default loadgen)
  --no-preload        skip the preload (table already filled)
  --delete-table      delete the table afterwards
  --seed N            random seed (default 1)
  --json              print the report as JSON
startup: spawns SERVER-COMMAND, reports milliseconds until it first answers ListTables
  (the minimum and median of N starts; each earlier server is stopped), and the PID of the
  last one, which is left running for the caller to stop.";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let flags = ["embedded", "json", "no-preload", "delete-table", "help"];
    let result = Args::parse(argv, &flags).and_then(|args| {
        if args.flag("help") {
            println!("{HELP}");
            Ok(())
        } else if args.rest.first().map(String::as_str) == Some("startup") {
            run_startup(&args)
        } else {
            run_load(&args)
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loadgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn connector(args: &Args) -> Result<Connector, String> {
    if args.flag("embedded") {
        let db = match args.str("data-dir") {
            Some(dir) => dynakv::Database::open(dir),
            None => dynakv::Database::in_memory(),
        };
        return db.map(Connector::Embedded).map_err(|e| e.to_string());
    }
    let url = args
        .str("endpoint")
        .ok_or("give --endpoint URL or --embedded (see --help)")?;
    let mut creds = Credentials::from_env_or_dummy();
    if let Some(k) = args.str("access-key") {
        creds.access_key = k.to_string();
    }
    if let Some(s) = args.str("secret-key") {
        creds.secret_key = s.to_string();
    }
    let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into());
    Ok(Connector::Http {
        endpoint: Endpoint::parse(url)?,
        creds,
        region: args.str("region").map_or(region, str::to_string),
    })
}

fn run_load(args: &Args) -> Result<(), String> {
    let stop = match (
        args.get::<u64>("ops", u64::MAX)?,
        args.duration("duration")?,
    ) {
        (u64::MAX, d) => Stop::After(d.unwrap_or(Duration::from_secs(10))),
        (n, _) => Stop::Ops(n),
    };
    let cfg = Config {
        connector: connector(args)?,
        table: args.get("table", "loadgen".to_string())?,
        clients: args.get("clients", 16usize)?.max(1),
        threads: args.get("threads", cores())?.max(1),
        keys: args.get("keys", 100_000)?,
        value_size: args.get("value-size", 100)?,
        workload: args.get("workload", loadgen::Workload::Mixed)?,
        read_ratio: args.get("read-ratio", 0.5)?,
        stop,
        preload: !args.flag("no-preload"),
        delete_table: args.flag("delete-table"),
        seed: args.get("seed", 1)?,
    };
    let report = loadgen::run(&cfg).map_err(|e| e.to_string())?;
    if args.flag("json") {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn run_startup(args: &Args) -> Result<(), String> {
    let mut target = connector(args)?.connect();
    let timeout = args.duration("timeout")?.unwrap_or(Duration::from_secs(60));
    let repeat = args.get("repeat", 1usize)?.max(1);
    let mut times = Vec::with_capacity(repeat);
    let mut server = None;
    for _ in 0..repeat {
        if let Some(mut previous) = server.take() {
            stop(&mut previous);
        }
        let (took, child) =
            startup::measure(&args.rest[1..], args.str("log"), target.as_mut(), timeout)?;
        times.push(took.as_secs_f64() * 1e3);
        server = Some(child);
    }
    let pid = server.map_or(0, |c| c.id());
    times.sort_by(f64::total_cmp);
    let (min, median) = (times[0], times[times.len() / 2]);
    if args.flag("json") {
        let v = serde_json::json!({ "startup_ms": min, "median_ms": median, "runs": repeat, "pid": pid });
        println!("{v}");
    } else {
        println!("startup_ms={min:.2} median_ms={median:.2} runs={repeat} pid={pid}");
    }
    Ok(())
}

/// Stops a server started for an earlier startup measurement (it must free the port).
fn stop(child: &mut std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}
