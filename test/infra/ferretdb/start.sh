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

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 <workdir>" >&2
  exit 2
fi

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
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

fail() {
  echo "ferretdb: $1" >&2
  echo "---- last lines of $LOG ----" >&2
  tail -n 40 "$LOG" >&2 || true
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  exit 1
}

deadline=$((SECONDS + TIMEOUT))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    fail "server process $pid exited during startup"
  fi
  if [[ -s "$URL_FILE" ]]; then
    url="$(head -n 1 "$URL_FILE")"
    hostport="${url#mongodb://}"
    hostport="${hostport%%/*}"
    host="${hostport%:*}"
    port="${hostport##*:}"
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      printf '%s\n' "$url"
      exit 0
    fi
  fi
  if ((SECONDS >= deadline)); then
    fail "server did not become ready within ${TIMEOUT}s"
  fi
  sleep 0.2
done
