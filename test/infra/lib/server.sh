# Shared by the throwaway test servers' scripts (test/infra/{ferretdb,kafka,mongo-java-server}/
# {start,stop}.sh). Source it from a script that runs with `set -euo pipefail`:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"
#
# Each server keeps its state in a <workdir> given as the script's one argument, with the
# server's pid in <workdir>/pid. Messages go to stderr as "<name>: ..."; the only thing
# written to stdout is the URL wait_for_url_file waited for, the one line a start.sh prints.

# server_require_workdir "$@": exits 2 with a usage line unless there is exactly one,
# non-empty argument.
server_require_workdir() {
  if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 <workdir>" >&2
    exit 2
  fi
}

# server_alive <pid>: the process exists and is not a zombie (exited, not yet reaped).
server_alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  [[ -d /proc/self ]] || return 0 # no /proc: kill -0 has to do
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # "pid (comm) state ...": comm may hold spaces and parentheses
  [[ "${stat%% *}" != "Z" ]]
}

# server_fail <name> <log> <pid> <pid-file> <message>: for a start that went wrong. Prints
# the message and the end of the server's log, stops the process (SIGTERM, then SIGKILL a
# second later), removes the pid file and exits 1.
server_fail() {
  local name="$1" log="$2" pid="$3" pid_file="$4" message="$5"
  echo "$name: $message" >&2
  echo "---- last lines of $log ----" >&2
  tail -n 40 "$log" >&2 || true
  if server_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  exit 1
}

# wait_for_url_file <name> <pid> <url-file> <timeout-seconds> <log> <pid-file>: waits until
# the server writes its URL (scheme://host:port/...) as the first line of <url-file> and that
# host:port accepts TCP connections, then prints the URL on stdout. If the process exits
# first or <timeout-seconds> pass, it calls server_fail (which exits 1).
wait_for_url_file() {
  local name="$1" pid="$2" url_file="$3" timeout="$4" log="$5" pid_file="$6"
  local deadline=$((SECONDS + timeout)) url hostport
  while :; do
    if ! server_alive "$pid"; then
      server_fail "$name" "$log" "$pid" "$pid_file" "server process $pid exited during startup"
    fi
    if [[ -s "$url_file" ]]; then
      url="$(head -n 1 "$url_file")"
      hostport="${url#*://}"
      hostport="${hostport%%/*}"
      if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
        echo "$name: pid $pid ready on $url, log $log" >&2
        printf '%s\n' "$url"
        return 0
      fi
    fi
    if ((SECONDS >= deadline)); then
      server_fail "$name" "$log" "$pid" "$pid_file" "server did not become ready within ${timeout}s"
    fi
    sleep 0.1
  done
}

# with_lock <lockfile> <command> [args...]: runs the command (e.g. a shell function) holding
# an exclusive flock on <lockfile>, so that concurrent start.sh runs sharing what it builds
# take turns; without flock(1) it just runs the command. Uses file descriptor 9.
with_lock() {
  local lockfile="$1"
  shift
  if ! command -v flock >/dev/null; then
    "$@"
    return
  fi
  mkdir -p "$(dirname "$lockfile")"
  {
    flock 9
    "$@"
  } 9>"$lockfile"
}

# stop_server <workdir> <name> <cmdline-text> [grace-seconds]: stops the server whose pid is
# in <workdir>/pid: SIGTERM, up to <grace-seconds> (default 10) to exit, then SIGKILL. Only
# signals the pid if its command line contains <cmdline-text> (the pid may have been reused).
# A missing, empty or stale pid file is not an error. Removes the pid file; returns 1 only if
# the process outlives SIGKILL.
stop_server() {
  local workdir="$1" name="$2" cmdline_text="$3" grace="${4:-10}"
  local pid_file="$workdir/pid" pid cmdline deadline _
  if [[ ! -s "$pid_file" ]]; then
    echo "$name: no pid file at $pid_file, nothing to stop" >&2
    rm -f "$pid_file"
    return 0
  fi
  pid="$(tr -dc '0-9' <"$pid_file")"
  if [[ -z "$pid" ]] || ! server_alive "$pid"; then
    echo "$name: process ${pid:-?} not running" >&2
    rm -f "$pid_file"
    return 0
  fi
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || cmdline=""
    if [[ "$cmdline" != *"$cmdline_text"* ]]; then
      echo "$name: pid $pid is not $cmdline_text; not killing it" >&2
      rm -f "$pid_file"
      return 0
    fi
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + grace))
  while server_alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.1
  done
  if server_alive "$pid"; then
    echo "$name: pid $pid still alive after ${grace}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do
      server_alive "$pid" || break
      sleep 0.2
    done
  fi
  rm -f "$pid_file"
  if server_alive "$pid"; then
    echo "$name: pid $pid still alive after SIGKILL" >&2
    return 1
  fi
  echo "$name: stopped pid $pid" >&2
}
