#!/usr/bin/env bash
# Stop a server started by start.sh:  bash test/infra/ferretdb/stop.sh <workdir>
# SIGTERM, wait up to 10 s, then SIGKILL. A missing/stale pid file is not an error.
set -euo pipefail

# shellcheck source=../lib/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"
server_require_workdir "$@"
# Only signal our own server binary (guards against pid reuse).
stop_server "$1" ferretdb ferretdb-test-server
