//! On-disk data survives a clean shutdown and a crash (SIGKILL) of the real binary: the server
//! acknowledges a write only once it is durable.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use aws_sdk_dynamodb::types::AttributeValue as AV;
use common::{create_table, TestResult, TestServer};
use dynakv_server::{Config, Storage};

#[tokio::test]
async fn data_survives_graceful_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = Config {
        storage: Storage::Dir(dir.path().to_path_buf()),
        // Writes run on the blocking pools of worker threads too; stopping must wait for them.
        workers: 3,
        ..Config::default()
    };
    let first = TestServer::start(config.clone()).await;
    create_table(&first.client(), "kept", false).await;
    first
        .client()
        .put_item()
        .table_name("kept")
        .item("pk", AV::S("a".into()))
        .item("v", AV::N("7".into()))
        .send()
        .await?;
    first.stop().await?;

    let second = TestServer::start(config).await;
    let got = second
        .client()
        .get_item()
        .table_name("kept")
        .key("pk", AV::S("a".into()))
        .send()
        .await?;
    assert_eq!(
        got.item().and_then(|i| i.get("v")),
        Some(&AV::N("7".into()))
    );
    // Per access key + region subdirectories, escaped.
    assert!(dir.path().join("AKIDTEST_us-east-1").is_dir());
    Ok(())
}

/// The binary, killed with SIGKILL when dropped (also when a test fails half-way).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on a free port and returns it with its address.
fn spawn_binary(dir: &std::path::Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dynakv"))
        .args(["serve", "--port", "0", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn dynakv");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("banner");
    let url = line.trim().rsplit(' ').next().expect("url").to_string();
    (Running(child), url)
}

fn client(url: &str) -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "AKIDTEST", "secret", None, None, "test",
        ))
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (crashing, url) = spawn_binary(dir.path());
    let c = client(&url);
    create_table(&c, "crash", false).await;
    for i in 0..50 {
        c.put_item()
            .table_name("crash")
            .item("pk", AV::S(format!("k{i}")))
            .send()
            .await?;
    }
    drop(crashing); // SIGKILL: no shutdown path runs

    let (_restarted, url) = spawn_binary(dir.path());
    let count = client(&url)
        .scan()
        .table_name("crash")
        .send()
        .await?
        .count();
    assert_eq!(count, 50);
    Ok(())
}

#[tokio::test]
async fn sigterm_drains_syncs_and_exits_cleanly() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (mut running, url) = spawn_binary(dir.path());
    let c = client(&url);
    create_table(&c, "term", false).await;
    c.put_item()
        .table_name("term")
        .item("pk", AV::S("k".into()))
        .send()
        .await?;
    let pid = running.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()?
        .success());
    let status = running.0.wait()?;
    assert!(status.success(), "exit status {status:?}");

    let (_restarted, url) = spawn_binary(dir.path());
    let got = client(&url)
        .get_item()
        .table_name("term")
        .key("pk", AV::S("k".into()))
        .send()
        .await?;
    assert!(got.item().is_some());
    Ok(())
}
