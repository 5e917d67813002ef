#!/usr/bin/env bash
# Start a throwaway mongo-java-server (in-memory backend) MongoDB-protocol server for tests.
#
#   URL=$(bash test/infra/mongo-java-server/start.sh <workdir>)
#
# - resolves the server's jars with Maven into target/lib (next to this script) once, again
#   only when pom.xml changes; compiles MongoJavaServerLauncher.java into <workdir>/classes;
# - logs in <workdir>/mongo-java-server.log, pid in <workdir>/pid, URL in <workdir>/url;
#   data lives in memory only and is gone when the server stops;
# - prints exactly the MongoDB URL (mongodb://127.0.0.1:PORT/) on stdout once the port
#   accepts TCP connections; everything else goes to stderr.
# - MONGO_JAVA_SERVER_START_TIMEOUT (seconds, default 60) bounds the wait;
#   MONGO_JAVA_SERVER_LOG_LEVEL (trace|debug|info|warn|error, default warn) sets server log verbosity;
#   MONGO_JAVA_SERVER_VERSION (default 4.4) is the MongoDB release the server claims (see the launcher);
#   MONGO_JAVA_SERVER_JVM_OPTS (default "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").
# Stop it with: bash test/infra/mongo-java-server/stop.sh <workdir>
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
server_require_workdir "$@"
LIB_DIR="$SCRIPT_DIR/target/lib"
LAUNCHER="$SCRIPT_DIR/MongoJavaServerLauncher.java"

mkdir -p "$1"
WORKDIR="$(cd "$1" && pwd)"
CLASSES="$WORKDIR/classes"
LOG="$WORKDIR/mongo-java-server.log"
PID_FILE="$WORKDIR/pid"
URL_FILE="$WORKDIR/url"
TIMEOUT="${MONGO_JAVA_SERVER_START_TIMEOUT:-60}"

command -v java >/dev/null && command -v javac >/dev/null || { echo "mongo-java-server: java and javac (17+) are needed" >&2; exit 1; }

if [[ -s "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "mongo-java-server: a server is already running for $WORKDIR (pid $(cat "$PID_FILE")); run stop.sh first" >&2
  exit 1
fi

# ---- jars (resolved once; redone when pom.xml changes) ----------------------
resolve_jars() {
  local stamp want
  want="$(sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1)"
  stamp="$LIB_DIR/.pom.sha256"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || { echo "mongo-java-server: mvn not found and $LIB_DIR is not populated" >&2; exit 1; }
  echo "mongo-java-server: resolving jars with Maven into $LIB_DIR ..." >&2
  rm -rf "$LIB_DIR"
  # Maven prints (stray colour codes) to stdout even with -q: keep it off our stdout.
  if ! mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$LIB_DIR" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2; then
    echo "mongo-java-server: mvn dependency:copy-dependencies failed" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
}
# Serialise concurrent start.sh runs sharing the same target/lib.
with_lock "$SCRIPT_DIR/target/.lock" resolve_jars

# ---- launcher ----------------------------------------------------------------
rm -rf "$CLASSES"
mkdir -p "$CLASSES"
if ! javac -nowarn -d "$CLASSES" -cp "$LIB_DIR/*" "$LAUNCHER" >&2; then
  echo "mongo-java-server: javac failed on $LAUNCHER" >&2
  exit 1
fi

rm -f "$URL_FILE" "$URL_FILE.tmp" "$PID_FILE" "$PID_FILE.tmp"

# All output of the server goes to the log; stdin/stdout/stderr are detached so that
# `URL=$(bash start.sh dir)` returns as soon as this script exits.
# shellcheck disable=SC2086
nohup java ${MONGO_JAVA_SERVER_JVM_OPTS:--Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${MONGO_JAVA_SERVER_LOG_LEVEL:-warn}" \
  -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp "$LIB_DIR/*:$CLASSES" MongoJavaServerLauncher "$URL_FILE" "$PID_FILE" "${MONGO_JAVA_SERVER_VERSION:-4.4}" \
  </dev/null >"$LOG" 2>&1 &
pid=$!
# The launcher writes its own pid too (the same process); this one covers a failed start.
echo "$pid" >"$PID_FILE"

wait_for_url_file mongo-java-server "$pid" "$URL_FILE" "$TIMEOUT" "$LOG" "$PID_FILE"
