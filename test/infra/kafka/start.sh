#!/usr/bin/env bash
# Start a single-node Apache Kafka (KRaft, broker+controller) on 127.0.0.1 for tests.
#
#   BROKERS=$(bash test/infra/kafka/start.sh "$WORKDIR")   # -> "127.0.0.1:PORT"
#   ...
#   bash test/infra/kafka/stop.sh "$WORKDIR"
#
# stdout: exactly one line, the bootstrap address. Progress goes to stderr.
# <workdir> gets: server.properties, data/, kafka.log (all broker output), pid, brokers,
#   sasl-brokers (a second listener, SASL/PLAIN without TLS, whose one user is
#   KAFKA_TEST_SASL_USERNAME / KAFKA_TEST_SASL_PASSWORD, default ledger / ledger-test-secret),
#   ssl-brokers and ca.pem (a third listener, TLS with a self-signed certificate for
#   127.0.0.1, and that certificate), broker.p12 (its keystore).
# Env: KAFKA_START_TIMEOUT (s, default 90), KAFKA_HEAP_OPTS (default "-Xms256m -Xmx512m"),
#      KAFKA_JVM_OPTS (default "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
#      KAFKA_NODE_DIR (dir whose node_modules may hold kafkajs for the readiness check; default repo root).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
# shellcheck source=../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
LIB_DIR="$SCRIPT_DIR/target/lib"
TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

T0="${EPOCHREALTIME:-}"
elapsed() { [ -n "$T0" ] && awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN{printf "+%.1fs ", b-a}' || true; }
log() { echo "[kafka] $(elapsed)$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ $# -ge 1 ] && [ -n "$1" ] || die "usage: start.sh <workdir>"
command -v java >/dev/null || die "java not found (Kafka 4.x needs Java 17+)"
mkdir -p "$1"
WORKDIR="$(cd "$1" && pwd)"
LOG="$WORKDIR/kafka.log"
PIDFILE="$WORKDIR/pid"

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  die "a broker is already running for $WORKDIR (pid $(cat "$PIDFILE")); run stop.sh first"
fi

# ---- 1. jars (resolved once; redone when pom.xml changes) -------------------
resolve_jars() {
  local stamp want
  want="$(sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1)"
  stamp="$LIB_DIR/.pom.sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found and $LIB_DIR is not populated"
  log "resolving Kafka jars with Maven into $LIB_DIR ..."
  rm -rf "$LIB_DIR"
  # Maven prints (stray colour codes) to stdout even with -q: keep it off our stdout.
  if ! mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$LIB_DIR" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2; then
    die "mvn dependency:copy-dependencies failed"
  fi
  echo "$want" > "$stamp"
}
# Serialise concurrent start.sh runs sharing the same target/lib.
with_lock "$SCRIPT_DIR/target/.lock" resolve_jars
CP="$LIB_DIR/*"

# ---- 2. free loopback ports ------------------------------------------------
free_ports() {
  if command -v node >/dev/null; then
    node -e '
      const net = require("net");
      const get = () => new Promise((res, rej) => {
        const s = net.createServer();
        s.once("error", rej);
        s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); });
      });
      (async () => { const ports = new Set();
        while (ports.size < 4) ports.add(await get());
        console.log([...ports].join(" ")); })();'
  elif command -v python3 >/dev/null; then
    python3 -c '
import socket
ss=[socket.socket() for _ in range(4)]
for s in ss: s.bind(("127.0.0.1",0))
print(" ".join(str(s.getsockname()[1]) for s in ss))'
  else
    die "need node or python3 to pick free ports"
  fi
}
read -r BROKER_PORT CONTROLLER_PORT SASL_PORT SSL_PORT < <(free_ports)
[ -n "${BROKER_PORT:-}" ] && [ -n "${CONTROLLER_PORT:-}" ] && [ -n "${SASL_PORT:-}" ] && [ -n "${SSL_PORT:-}" ] || die "could not pick free ports"
ADDR="127.0.0.1:$BROKER_PORT"
SASL_ADDR="127.0.0.1:$SASL_PORT"
SSL_ADDR="127.0.0.1:$SSL_PORT"
# The SASL/PLAIN listener's one user, for the suites that check authenticated connections.
SASL_USERNAME="${KAFKA_TEST_SASL_USERNAME:-ledger}"
SASL_PASSWORD="${KAFKA_TEST_SASL_PASSWORD:-ledger-test-secret}"

# The TLS listener's certificate: self-signed for 127.0.0.1, made for this broker only;
# ca.pem is what a client must trust to reach it.
KEYSTORE="$WORKDIR/broker.p12"
KEYSTORE_PASSWORD="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
rm -f "$KEYSTORE" "$WORKDIR/ca.pem"
keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 7 -dname "CN=127.0.0.1" -ext "SAN=IP:127.0.0.1" \
  -storetype PKCS12 -keystore "$KEYSTORE" -storepass "$KEYSTORE_PASSWORD" -keypass "$KEYSTORE_PASSWORD" >/dev/null 2>&1 \
  || die "keytool could not make the TLS listener's certificate"
keytool -exportcert -rfc -alias broker -keystore "$KEYSTORE" -storepass "$KEYSTORE_PASSWORD" -file "$WORKDIR/ca.pem" >/dev/null 2>&1 \
  || die "keytool could not export the TLS listener's certificate"

# ---- 3. server.properties --------------------------------------------------
DATA_DIR="$WORKDIR/data"
CONF="$WORKDIR/server.properties"
cat > "$CONF" <<PROPS
# generated by test/infra/kafka/start.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SSL://127.0.0.1:$SSL_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SSL://127.0.0.1:$SSL_PORT
listener.name.ssl.ssl.keystore.type=PKCS12
listener.name.ssl.ssl.keystore.location=$KEYSTORE
listener.name.ssl.ssl.keystore.password=$KEYSTORE_PASSWORD
listener.name.ssl.ssl.key.password=$KEYSTORE_PASSWORD
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USERNAME="$SASL_PASSWORD";
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL
log.dirs=$DATA_DIR
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# faster unfencing at startup (default 2000 ms heartbeats)
broker.heartbeat.interval.ms=500
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.check.interval.ms=300000
PROPS

# ---- 4. format storage -----------------------------------------------------
JAVA_BASE=(java -Djava.awt.headless=true -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.xml" -cp "$CP")
if [ -f "$DATA_DIR/meta.properties" ]; then
  log "storage already formatted in $DATA_DIR, reusing it"
else
  CLUSTER_ID=""
  if command -v node >/dev/null; then
    # Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, no padding, not starting with '-'.
    CLUSTER_ID="$(node -e 'const c=require("crypto");let s;do{s=c.randomBytes(16).toString("base64url")}while(s.startsWith("-")||/^A{21}[AB]$/.test(s));console.log(s)')"
  fi
  if [ -z "$CLUSTER_ID" ]; then
    CLUSTER_ID="$("${JAVA_BASE[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOG" | tail -n1)"
  fi
  log "formatting storage (cluster id $CLUSTER_ID)"
  if ! "${JAVA_BASE[@]}" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONF" >>"$LOG" 2>&1; then
    tail -n 40 "$LOG" >&2 || true
    die "kafka-storage format failed (see $LOG)"
  fi
fi

# ---- 5. start broker -------------------------------------------------------
HEAP="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
# C1-only JIT + serial GC: ~40% faster startup and less CPU on small CI machines; plenty for tests.
JVM_OPTS="${KAFKA_JVM_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
# shellcheck disable=SC2086
"${JAVA_BASE[@]}" $HEAP $JVM_OPTS \
  -Dkafka.logs.dir="$WORKDIR" \
  kafka.Kafka "$CONF" </dev/null >>"$LOG" 2>&1 &
PID=$!
echo "$PID" > "$PIDFILE"
log "broker pid $PID, listening on $ADDR (controller 127.0.0.1:$CONTROLLER_PORT), log $LOG"

fail() {
  log "ERROR: $*"
  log "---- last lines of $LOG ----"
  tail -n 60 "$LOG" >&2 || true
  if kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID" 2>/dev/null || true; fi
  rm -f "$PIDFILE"
  exit 1
}

# ---- 6. wait until it really answers --------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null; }

NODE_DIR="${KAFKA_NODE_DIR:-$REPO_ROOT}"
HAVE_KAFKAJS=0
if command -v node >/dev/null && (cd "$NODE_DIR" && node -e 'require.resolve("kafkajs")') >/dev/null 2>&1; then
  HAVE_KAFKAJS=1
fi
kafka_check() {
  if [ "$HAVE_KAFKAJS" = 1 ]; then
    # Real protocol round-trip via the project's kafkajs: listTopics, then describeGroups,
    # which needs the group coordinator (creates __consumer_offsets), so the first
    # consumer group in the tests does not hit "group coordinator is not available".
    (cd "$NODE_DIR" && KAFKA_READY_ADDR="$ADDR" KAFKAJS_NO_PARTITIONER_WARNING=1 timeout 15 node -e '
      const { Kafka, logLevel } = require("kafkajs");
      const admin = new Kafka({ clientId: "ready-check", brokers: [process.env.KAFKA_READY_ADDR],
        logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 5000,
        retry: { retries: 0 } }).admin();
      admin.connect().then(() => admin.listTopics())
        .then(() => admin.describeGroups(["ready-check"])).then(() => admin.disconnect())
        .then(() => process.exit(0), () => process.exit(1));') >/dev/null 2>&1
  else
    grep -q "Kafka Server started" "$LOG"
  fi
}

start_ts=$SECONDS
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" 2>/dev/null && rc=0 || rc=$?
    fail "broker exited during startup (exit code $rc)"
  fi
  if port_open && grep -q "Kafka Server started" "$LOG" && kafka_check; then
    break
  fi
  if (( SECONDS - start_ts >= TIMEOUT )); then
    fail "broker not ready after ${TIMEOUT}s"
  fi
  sleep 0.5
done

echo "$ADDR" > "$WORKDIR/brokers"
echo "$SASL_ADDR" > "$WORKDIR/sasl-brokers"
echo "$SSL_ADDR" > "$WORKDIR/ssl-brokers"
log "ready$([ "$HAVE_KAFKAJS" = 1 ] && echo ' (kafkajs listTopics + group coordinator ok)')"
echo "$ADDR"
