#!/usr/bin/env bash
# Stop a server started by start.sh:  bash test/infra/mongo-java-server/stop.sh <workdir>
# SIGTERM, wait up to 10 s, then SIGKILL. A missing/stale pid file is not an error.
set -euo pipefail

# shellcheck source=../lib/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"
server_require_workdir "$@"
# Only signal our own launcher (guards against pid reuse). Its shutdown hook closes the
# server and removes its url and pid files; after a SIGKILL (or a crash) they stay, so:
stop_server "$1" mongo-java-server MongoJavaServerLauncher
rm -f "$1/url"
