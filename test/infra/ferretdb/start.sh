#!/usr/bin/env bash
# Start a throwaway FerretDB v1 (SQLite handler) MongoDB-protocol server for tests.
#
#   URL=$(bash test/infra/ferretdb/start.sh <workdir>)
#
# - builds bin/ferretdb-test-server (next to this script) with the local Go toolchain
#   (set FERRETDB_SKIP_BUILD=1 to reuse an existing binary);
# - stores data in <workdir>/data, logs in <workdir>/ferretdb.log, pid in <workdir>/pid;
# - prints exactly the MongoDB URL (mongodb://127.0.0.1:PORT/) on stdout once the port
#   accepts TCP connections; everything else goes to stderr.
# - FERRETDB_START_TIMEOUT (seconds, default 60) bounds the wait;
#   FERRETDB_LOG_LEVEL (debug|info|warn|error, default warn) sets server log verbosity.
# Stop it with: bash test/infra/ferretdb/stop.sh <workdir>
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
server_require_workdir "$@"
BIN="$SCRIPT_DIR/bin/ferretdb-test-server"

mkdir -p "$1"
WORKDIR="$(cd "$1" && pwd)"
DATA_DIR="$WORKDIR/data"
LOG="$WORKDIR/ferretdb.log"
PID_FILE="$WORKDIR/pid"
URL_FILE="$WORKDIR/url"
TIMEOUT="${FERRETDB_START_TIMEOUT:-60}"

if [[ "${FERRETDB_SKIP_BUILD:-0}" == "1" && -x "$BIN" ]]; then
  echo "ferretdb: reusing $BIN (FERRETDB_SKIP_BUILD=1)" >&2
else
  echo "ferretdb: building $BIN ..." >&2
  build_start=$SECONDS
  (cd "$SCRIPT_DIR" && GOTOOLCHAIN=local go build -o "$BIN" .) >&2
  echo "ferretdb: build done in $((SECONDS - build_start))s" >&2
fi

if [[ -s "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "ferretdb: a server is already running for $WORKDIR (pid $(cat "$PID_FILE")); run stop.sh first" >&2
  exit 1
fi

mkdir -p "$DATA_DIR"
rm -f "$URL_FILE" "$URL_FILE.tmp" "$PID_FILE"

# All output of the server goes to the log; stdin/stdout/stderr are detached so that
# `URL=$(bash start.sh dir)` returns as soon as this script exits.
nohup "$BIN" -dir "$DATA_DIR" -url-file "$URL_FILE" -log-level "${FERRETDB_LOG_LEVEL:-warn}" </dev/null >"$LOG" 2>&1 &
pid=$!
echo "$pid" >"$PID_FILE"

wait_for_url_file ferretdb "$pid" "$URL_FILE" "$TIMEOUT" "$LOG" "$PID_FILE"
