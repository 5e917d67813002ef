#!/usr/bin/env bash
# Stop a server started by start.sh:  bash test/infra/ferretdb/stop.sh <workdir>
# SIGTERM, wait up to 10 s, then SIGKILL. A missing/stale pid file is not an error.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 <workdir>" >&2
  exit 2
fi

PID_FILE="$1/pid"

if [[ ! -s "$PID_FILE" ]]; then
  echo "ferretdb: no pid file at $PID_FILE, nothing to stop" >&2
  exit 0
fi

pid="$(tr -dc '0-9' <"$PID_FILE")"

if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
  echo "ferretdb: process ${pid:-?} not running" >&2
  rm -f "$PID_FILE"
  exit 0
fi

# Guard against pid reuse: only signal our own server binary.
if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'ferretdb-test-server'; then
  echo "ferretdb: pid $pid is not ferretdb-test-server; not killing it" >&2
  rm -f "$PID_FILE"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done

if kill -0 "$pid" 2>/dev/null; then
  echo "ferretdb: pid $pid still alive after 10s, sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
fi

rm -f "$PID_FILE"
echo "ferretdb: stopped pid $pid" >&2
