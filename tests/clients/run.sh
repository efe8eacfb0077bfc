#!/usr/bin/env bash
# The dynakv server through boto3, the AWS CLI and the AWS SDK for JavaScript v3: creates a venv
# under target/, installs boto3, awscli and pytest into it (and the JavaScript SDK with npm when
# node is installed), starts two `dynakv serve --in-memory` on free ports (one
# accepting any credentials, one verifying SigV4 with --auth), runs test_boto3.py and a set of
# AWS CLI flows, and stops the servers by their PIDs.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/clients-venv
if ! "$venv/bin/python" -c 'import boto3, pytest, awscli' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check boto3 awscli pytest
fi

cargo build --release --quiet -p dynakv-server
logs=()
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -f "${logs[@]}"
}
trap cleanup EXIT

# start_server ARGS...: starts `dynakv serve --in-memory --port 0 ARGS`, waits for its banner.
start_server() {
  local log
  log=$(mktemp)
  logs+=("$log")
  target/release/dynakv serve --in-memory --port 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q '^dynakv listening on ' "$log" && return
    sleep 0.05
  done
  echo "server did not start:" >&2
  cat "$log" >&2
  return 1
}

start_server
start_server --auth AKIDCLIENTS:clients-secret
endpoint=$(sed -n 's/^dynakv listening on //p' "${logs[0]}")
auth_endpoint=$(sed -n 's/^dynakv listening on //p' "${logs[1]}")

export DYNAKV_ENDPOINT="$endpoint" DYNAKV_AUTH_ENDPOINT="$auth_endpoint"
export AWS_ACCESS_KEY_ID=AKIDCLIENTS AWS_SECRET_ACCESS_KEY=clients-secret AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

echo "== boto3 against $endpoint"
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/clients/test_boto3.py

echo "== AWS CLI against $endpoint"
passed=0
failed=0
aws() { "$venv/bin/aws" --endpoint-url "$endpoint" --output json "$@"; }
# check NAME EXPECTED COMMAND...: the command's output must contain EXPECTED.
check() {
  local name=$1 expected=$2 out
  shift 2
  out=$("$@" 2>&1 || true)
  if [[ "$out" == *"$expected"* ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED $name: expected '$expected' in: $out"
  fi
}

check create-table '"TableStatus": "ACTIVE"' aws dynamodb create-table --table-name cli-table \
  --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH \
  --billing-mode PAY_PER_REQUEST
check list-tables '"cli-table"' aws dynamodb list-tables
check put-item '' aws dynamodb put-item --table-name cli-table --item '{"pk":{"S":"a"},"n":{"N":"1"}}'
check get-item '"N": "1"' aws dynamodb get-item --table-name cli-table --key '{"pk":{"S":"a"}}'
check update-item '"N": "3"' aws dynamodb update-item --table-name cli-table --key '{"pk":{"S":"a"}}' \
  --update-expression 'ADD n :two' --expression-attribute-values '{":two":{"N":"2"}}' --return-values UPDATED_NEW
check condition-failed 'ConditionalCheckFailedException' aws dynamodb put-item --table-name cli-table \
  --item '{"pk":{"S":"a"}}' --condition-expression 'attribute_not_exists(pk)'
check scan '"Count": 1' aws dynamodb scan --table-name cli-table
check query '"Count": 1' aws dynamodb query --table-name cli-table --key-condition-expression 'pk = :p' \
  --expression-attribute-values '{":p":{"S":"a"}}'
check missing-table 'ResourceNotFoundException' aws dynamodb describe-table --table-name nope
check validation 'ValidationException' aws dynamodb get-item --table-name cli-table --key '{"pk":{"N":"1"}}'
check delete-item '"pk"' aws dynamodb delete-item --table-name cli-table --key '{"pk":{"S":"a"}}' --return-values ALL_OLD
check update-time-to-live '"AttributeName": "expires"' aws dynamodb update-time-to-live \
  --table-name cli-table --time-to-live-specification Enabled=true,AttributeName=expires
check describe-time-to-live '"TimeToLiveStatus": "ENABLED"' aws dynamodb describe-time-to-live \
  --table-name cli-table
check delete-table '"TableName": "cli-table"' aws dynamodb delete-table --table-name cli-table
check signed-by-cli '"TableNames"' "$venv/bin/aws" --endpoint-url "$auth_endpoint" dynamodb list-tables
check bad-secret 'InvalidSignatureException' env AWS_SECRET_ACCESS_KEY=wrong \
  "$venv/bin/aws" --endpoint-url "$auth_endpoint" dynamodb list-tables
check unknown-key 'UnrecognizedClientException' env AWS_ACCESS_KEY_ID=AKIDNOBODY \
  "$venv/bin/aws" --endpoint-url "$auth_endpoint" dynamodb list-tables

echo "awscli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

# The AWS SDK for JavaScript v3 under Node's test runner. ES modules resolve packages next to
# the importing file, so the test runs from a copy inside the install directory.
if command -v node >/dev/null && command -v npm >/dev/null; then
  echo "== AWS SDK for JavaScript v3 against $endpoint"
  js=target/clients-js
  if [ ! -d "$js/node_modules/@aws-sdk/lib-dynamodb" ]; then
    npm install --silent --no-audit --no-fund --prefix "$js" \
      @aws-sdk/client-dynamodb@3 @aws-sdk/lib-dynamodb@3
  fi
  cp tests/clients/test_js_sdk.mjs "$js/"
  NODE_NO_WARNINGS=1 node --test "$js/test_js_sdk.mjs"
else
  echo "== AWS SDK for JavaScript v3: skipped, node and npm are not installed"
fi
