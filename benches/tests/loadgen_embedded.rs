//! The load driver end to end against the embedded library: table created, key space
//! preloaded, every workload answered without errors, capacity accounted.

use dynakv_benches::loadgen::{self, Config, Connector, Stop, Workload};

fn config(db: &dynakv::Database, workload: Workload) -> Config {
    Config {
        connector: Connector::Embedded(db.clone()),
        table: "load".into(),
        threads: 1,
        clients: 4,
        keys: 500,
        value_size: 100,
        workload,
        read_ratio: 0.5,
        stop: Stop::Ops(400),
        preload: true,
        delete_table: false,
        seed: 9,
    }
}

#[test]
fn every_workload_runs_clean() -> Result<(), Box<dyn std::error::Error>> {
    let db = dynakv::Database::in_memory()?;
    for workload in [
        Workload::Put,
        Workload::Get,
        Workload::Mixed,
        Workload::Query,
    ] {
        let report = loadgen::run(&config(&db, workload))?;
        assert!(
            report.errors.is_empty(),
            "{workload:?}: {:?}",
            report.first_error
        );
        assert_eq!(report.ok, 400, "{workload:?}");
        assert!(
            report.all.capacity_units > 0.0,
            "{workload:?}: no consumed capacity"
        );
        assert!(report.all.p50 <= report.all.p99 && report.all.p99 <= report.all.p999);
        let json = report.to_json();
        assert_eq!(json["ok_ops"], 400);
    }
    let count = db.handle_json("Scan", br#"{"TableName":"load","Select":"COUNT"}"#)?;
    let count: serde_json::Value = serde_json::from_slice(&count)?;
    assert_eq!(count["Count"], 500);
    Ok(())
}

#[test]
fn a_duration_stop_and_table_cleanup() -> Result<(), Box<dyn std::error::Error>> {
    let db = dynakv::Database::in_memory()?;
    let mut cfg = config(&db, Workload::Get);
    cfg.stop = Stop::After(std::time::Duration::from_millis(200));
    cfg.delete_table = true;
    let report = loadgen::run(&cfg)?;
    assert!(report.ok > 0 && report.errors.is_empty());
    let tables = db.handle_json("ListTables", b"{}")?;
    assert!(!String::from_utf8_lossy(&tables).contains("\"load\""));
    Ok(())
}
