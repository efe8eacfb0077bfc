#!/usr/bin/env bash
# dynakv's server vs Dynoxide (and dynalite, when node is present) under the same loadgen
# workloads, in one run, on 127.0.0.1:
#   - start-to-first-answered-request time (dynakv --in-memory target: <= 5 ms)
#   - resident memory idle and after 100k items
#   - GetItem, PutItem, mixed (50/50) and Query (one 10-item partition) throughput and latency
#     at 16 connections
#   - when wrk is installed, GetItem and PutItem throughput under wrk too (benches/wrk/
#     dynamodb.lua, same table and keys): a C client that leaves the servers more of the CPU
# Everything this script starts, it stops by PID.
#
# Environment: DURATION (per workload, default 10s), KEYS (default 100000), CLIENTS (16),
# SETTLE (seconds of pause after the preload, default 3),
# STARTS (server starts timed; the fastest counts, default 5),
# PORT_BASE (18600), PEERS_DIR (target/peers), SERVERS (default "dynakv dynoxide dynalite";
# the first is the baseline of the ratio columns), SKIP_DYNALITE=1.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
KEYS=${KEYS:-100000}
CLIENTS=${CLIENTS:-16}
SETTLE=${SETTLE:-3}
STARTS=${STARTS:-5}
PORT_BASE=${PORT_BASE:-18600}
PEERS_DIR=${PEERS_DIR:-target/peers}
RESULTS=$(mktemp -d)
PIDS=()
# One fixed key pair: servers keep a database per access key, and wrk's script must use the
# preload's.
export AWS_ACCESS_KEY_ID=benchkey AWS_SECRET_ACCESS_KEY=benchsecret
unset AWS_SESSION_TOKEN

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$RESULTS"
}
trap cleanup EXIT

echo "== building dynakv and loadgen (release)" >&2
cargo build --release -q -p dynakv-server -p dynakv-benches --bin dynakv --bin loadgen
LOADGEN=target/release/loadgen

install_peers() {
    mkdir -p "$PEERS_DIR"
    if [ ! -x "$PEERS_DIR/bin/dynoxide" ]; then
        echo "== installing dynoxide-rs into $PEERS_DIR (slow, once)" >&2
        cargo install -q --locked dynoxide-rs --root "$PEERS_DIR"
    fi
    if [ -z "${SKIP_DYNALITE:-}" ] && command -v npm >/dev/null \
        && [ ! -d "$PEERS_DIR/node_modules/dynalite" ]; then
        echo "== installing dynalite into $PEERS_DIR" >&2
        npm install -s --no-audit --no-fund --prefix "$PEERS_DIR" dynalite >&2
    fi
}

# The server command line for a peer name and port.
server_cmd() {
    case "$1" in
        dynakv) echo "target/release/dynakv serve --in-memory --port $2" ;;
        dynoxide) echo "$PEERS_DIR/bin/dynoxide serve --port $2 --log quiet" ;;
        dynalite) echo "node $PEERS_DIR/node_modules/dynalite/cli.js --host 127.0.0.1 --port $2" ;;
    esac
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# A field of a loadgen JSON report.
field() {
    jq -r "$2" "$1"
}

# Requests per second that wrk reported for server $1, operation $2 (0 if it answered
# anything but 200: a failing run must not look fast).
wrk_rate() {
    local out="$RESULTS/$1.wrk_$2"
    if grep -q 'Non-2xx' "$out"; then echo 0; return; fi
    awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out"
}

# Starts a server, measures it, runs the workloads, stops it. Results go to $RESULTS/<name>.*
bench_server() {
    local name=$1 port=$2 url="http://127.0.0.1:$2"
    echo "== $name" >&2
    # shellcheck disable=SC2046
    "$LOADGEN" startup --endpoint "$url" --repeat "$STARTS" --json --log "$RESULTS/$name.log" -- $(server_cmd "$name" "$port") \
        > "$RESULTS/$name.startup"
    local pid
    pid=$(field "$RESULTS/$name.startup" .pid)
    PIDS+=("$pid")
    sleep 1
    rss_kb "$pid" > "$RESULTS/$name.rss_idle"
    local common=(--endpoint "$url" --clients "$CLIENTS" --keys "$KEYS" --json)
    "$LOADGEN" "${common[@]}" --workload put --ops 0 > "$RESULTS/$name.preload"
    # Every server gets the same pause to finish what the preload started (an LSM flushes
    # and compacts in the background): the workloads measure the steady state.
    sleep "$SETTLE"
    rss_kb "$pid" > "$RESULTS/$name.rss_loaded"
    for w in get put mixed query; do
        "$LOADGEN" "${common[@]}" --workload "$w" --no-preload --duration "$DURATION" \
            > "$RESULTS/$name.$w"
        echo "   $w: $(field "$RESULTS/$name.$w" '.throughput_ops_s | floor') ops/s" >&2
    done
    if command -v wrk >/dev/null; then
        for w in get put; do
            wrk -t2 -c"$CLIENTS" -d"$DURATION" -s benches/wrk/dynamodb.lua "$url/" \
                -- "$w" "$KEYS" "$AWS_ACCESS_KEY_ID" > "$RESULTS/$name.wrk_$w"
            echo "   wrk $w: $(wrk_rate "$name" "$w") ops/s" >&2
        done
    fi
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

install_peers
if [ -n "${SERVERS:-}" ]; then
    read -r -a SERVERS <<< "$SERVERS"
else
    SERVERS=(dynakv dynoxide)
    if [ -z "${SKIP_DYNALITE:-}" ] && [ -d "$PEERS_DIR/node_modules/dynalite" ] \
        && command -v node >/dev/null; then
        SERVERS+=(dynalite)
    fi
fi
port=$PORT_BASE
for s in "${SERVERS[@]}"; do
    bench_server "$s" "$port"
    port=$((port + 1))
done

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'
}

echo
echo "compare-servers: $CLIENTS connections, $KEYS items, $DURATION per workload"
echo "(ratios are ${SERVERS[0]}/peer: above 1 is better for ops/s, below 1 for the rest)"
printf '%-26s' "measure"
for s in "${SERVERS[@]}"; do printf '%14s' "$s"; done
for s in "${SERVERS[@]:1}"; do printf '%18s' "${SERVERS[0]}/$s"; done
echo
# A table row: a label, then the value that function $2 gives for each server, then ratios.
row() {
    local label=$1 get=$2
    printf '%-26s' "$label"
    local vals=()
    for s in "${SERVERS[@]}"; do
        vals+=("$($get "$s")")
        printf '%14s' "${vals[-1]}"
    done
    for v in "${vals[@]:1}"; do printf '%18s' "$(ratio "${vals[0]}" "$v")"; done
    echo
}
tput_of() { field "$RESULTS/$1.$W" '.throughput_ops_s | floor'; }
p99_of() { field "$RESULTS/$1.$W" '.all.p99_us | floor'; }
startup_of() { field "$RESULTS/$1.startup" '.startup_ms * 100 | floor / 100'; }
startup_median_of() { field "$RESULTS/$1.startup" '.median_ms * 100 | floor / 100'; }
rss_idle_of() { echo $(( $(cat "$RESULTS/$1.rss_idle") / 1024 )); }
rss_loaded_of() { echo $(( $(cat "$RESULTS/$1.rss_loaded") / 1024 )); }
preload_of() { field "$RESULTS/$1.preload" '.preload_s * 100 | floor / 100'; }
for W in get put mixed query; do
    row "$W ops/s" tput_of
    row "$W p99 us" p99_of
done
if command -v wrk >/dev/null; then
    for W in get put; do
        wrk_of() { wrk_rate "$1" "$W"; }
        row "wrk $W ops/s" wrk_of
    done
fi
row "startup ms (min of $STARTS)" startup_of
row "startup ms (median)" startup_median_of
row "RSS idle MiB" rss_idle_of
row "RSS after $KEYS items MiB" rss_loaded_of
row "preload $KEYS items s" preload_of
