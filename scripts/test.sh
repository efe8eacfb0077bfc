#!/usr/bin/env bash
# Runs every test of the project: the cargo workspace (unit, integration, end-to-end through the
# real server with aws-sdk-dynamodb), then the client suites under tests/clients/ (boto3, AWS CLI),
# which install what they need themselves; last the loom model of the engine's group-commit
# queue (its own target dir: `--cfg loom` rebuilds the storage crate and its dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --release
for suite in tests/clients/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
echo "== loom model of storage::commit_queue"
CARGO_TARGET_DIR=target/loom RUSTFLAGS="--cfg loom" \
  cargo test -p dynakv-storage --release --lib loom
