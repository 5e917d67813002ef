#!/usr/bin/env bash
# Stop the broker started by start.sh <workdir>: SIGTERM, wait up to 15 s, then SIGKILL.
# A missing/stale pid file is not an error.
set -euo pipefail

log() { echo "[kafka] $*" >&2; }

[ $# -ge 1 ] && [ -n "$1" ] || { log "usage: stop.sh <workdir>"; exit 2; }
PIDFILE="$1/pid"
GRACE="${KAFKA_STOP_TIMEOUT:-15}"

[ -f "$PIDFILE" ] || { log "no pid file in $1, nothing to stop"; exit 0; }
PID="$(tr -dc '0-9' < "$PIDFILE")"
[ -n "$PID" ] || { rm -f "$PIDFILE"; exit 0; }

alive() {
  kill -0 "$PID" 2>/dev/null || return 1
  # A zombie (exited but not yet reaped) counts as gone.
  if [ -r "/proc/$PID/stat" ]; then
    [ "$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null)" != "Z" ] || return 1
  fi
  return 0
}

# Do not signal an unrelated process that reused the pid.
if alive && [ -r "/proc/$PID/cmdline" ] && ! tr '\0' ' ' < "/proc/$PID/cmdline" | grep -q 'kafka\.Kafka'; then
  log "pid $PID is not a Kafka broker any more; removing stale pid file"
  rm -f "$PIDFILE"
  exit 0
fi

if alive; then
  log "stopping broker pid $PID"
  kill -TERM "$PID" 2>/dev/null || true
  deadline=$((SECONDS + GRACE))
  while alive && (( SECONDS < deadline )); do sleep 0.2; done
  if alive; then
    log "broker did not stop within ${GRACE}s, sending SIGKILL"
    kill -KILL "$PID" 2>/dev/null || true
    for _ in $(seq 1 25); do alive || break; sleep 0.2; done
  fi
fi
rm -f "$PIDFILE"
if alive; then log "pid $PID still alive"; exit 1; fi
log "stopped"
