#!/usr/bin/env bash
# Stop the broker started by start.sh <workdir>: SIGTERM, wait up to KAFKA_STOP_TIMEOUT s
# (default 15), then SIGKILL. A missing/stale pid file is not an error.
set -euo pipefail

# shellcheck source=../lib/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"
server_require_workdir "$@"
# Only signal a Kafka broker (guards against pid reuse).
stop_server "$1" kafka kafka.Kafka "${KAFKA_STOP_TIMEOUT:-15}"
