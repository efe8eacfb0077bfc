//! The load driver end to end against a real dynakv server over HTTP, with signatures verified:
//! the event-loop clients (several connections per driver thread) and the blocking ones the
//! table setup uses.

use std::net::SocketAddr;

use dynakv_benches::http::{Credentials, Endpoint};
use dynakv_benches::loadgen::{self, Config, Connector, Stop, Workload};
use dynakv_server::{Config as ServerConfig, Credential, Server, Storage};

const KEY: &str = "AKIDLOAD";
const SECRET: &str = "loadsecret";

/// Starts an in-memory server that checks signatures; it lives as long as the test process.
fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let server = Server::bind(ServerConfig {
                port: 0,
                storage: Storage::InMemory,
                credentials: vec![Credential {
                    access_key: KEY.into(),
                    secret_key: SECRET.into(),
                    session_token: None,
                }],
                ..ServerConfig::default()
            })
            .await
            .expect("bind");
            tx.send(server.local_addr().expect("address"))
                .expect("send");
            server.run(std::future::pending()).await.expect("serve");
        });
    });
    rx.recv().expect("server address")
}

fn config(addr: SocketAddr, workload: Workload, secret: &str) -> Config {
    Config {
        connector: Connector::Http {
            endpoint: Endpoint::parse(&format!("http://{addr}")).expect("endpoint"),
            creds: Credentials {
                access_key: KEY.into(),
                secret_key: secret.into(),
                session_token: None,
            },
            region: "us-east-1".into(),
        },
        table: "load".into(),
        clients: 5,
        threads: 2,
        keys: 300,
        value_size: 100,
        workload,
        read_ratio: 0.5,
        stop: Stop::Ops(600),
        preload: true,
        delete_table: false,
        seed: 3,
    }
}

#[test]
fn every_workload_runs_clean_over_http() -> Result<(), Box<dyn std::error::Error>> {
    let addr = start_server();
    for workload in [
        Workload::Put,
        Workload::Get,
        Workload::Mixed,
        Workload::Query,
    ] {
        let report = loadgen::run(&config(addr, workload, SECRET))?;
        assert!(
            report.errors.is_empty(),
            "{workload:?}: {:?}",
            report.first_error
        );
        assert_eq!(report.ok, 600, "{workload:?}");
        assert!(report.all.capacity_units > 0.0, "{workload:?}");
    }
    Ok(())
}

#[test]
fn a_wrong_secret_is_refused() -> Result<(), Box<dyn std::error::Error>> {
    let addr = start_server();
    let mut cfg = config(addr, Workload::Get, SECRET);
    cfg.preload = false;
    cfg.stop = Stop::Ops(0);
    loadgen::run(&cfg)?;
    let mut cfg = config(addr, Workload::Get, "wrong");
    cfg.preload = false;
    // Table setup fails first: the blocking client's error comes back as the run's error.
    let e = loadgen::run(&cfg).expect_err("signature refused");
    assert_eq!(e.kind, "InvalidSignatureException", "{e}");
    Ok(())
}
