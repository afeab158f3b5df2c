# Shared helpers for the deploy/infra/*.sh scripts. Sourced, not run.
# Everything lives under <repo>/.cache/infra (gitignored), computed from this file's
# location so a fresh clone anywhere works.
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/../.." && pwd)"
CACHE="$REPO_ROOT/.cache/infra"
ENV_FILE="$CACHE/env"
mkdir -p "$CACHE"

# Fixed ports (tests and the env file rely on them). All servers bind 127.0.0.1 only.
PG_PORT=55432
KAFKA_PORT=59092
KAFKA_CONTROLLER_PORT=59093
MONGO_PORT=57017

# Prefer the repo's Node 22 (npm package `node`) over whatever is on PATH.
NODE="$REPO_ROOT/node_modules/.bin/node"
[ -x "$NODE" ] || NODE="$(command -v node)"

log() { printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# port_open PORT -> 0 when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive PIDFILE -> 0 when the pid in PIDFILE is a running process.
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile NAME PIDFILE: SIGTERM, wait up to 30 s, then SIGKILL. Only our own pid.
stop_pidfile() {
  local name=$1 pidfile=$2 pid i
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; log "$name: not running"; return 0; fi
  pid=$(cat "$pidfile")
  log "$name: stopping pid $pid"
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "$name: still alive after 30 s, SIGKILL"; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
}

# set_env KEY VALUE: upsert a KEY=VALUE line in .cache/infra/env (read by test/support/infra.ts).
set_env() {
  local key=$1 value=$2 tmp
  tmp=$(mktemp "$CACHE/env.XXXXXX")
  { [ -f "$ENV_FILE" ] && grep -v "^$key=" "$ENV_FILE" || true; echo "$key=$value"; } > "$tmp"
  mv "$tmp" "$ENV_FILE"
}
unset_env() {
  local key=$1 tmp
  [ -f "$ENV_FILE" ] || return 0
  tmp=$(mktemp "$CACHE/env.XXXXXX")
  grep -v "^$key=" "$ENV_FILE" > "$tmp" || true
  mv "$tmp" "$ENV_FILE"
}

# dispatch "$@": run the install|start|stop function of the calling script.
dispatch() {
  case "${1:-}" in
    install|start|stop) "$1" ;;
    *) echo "usage: $(basename "$0") install|start|stop" >&2; exit 2 ;;
  esac
}

# reuse_running NAME PORT WAIT_SCRIPT TARGET ENV_VAR ENV_VALUE
# When PORT already answers (e.g. another checkout's infra on this machine), reuse that server if
# WAIT_SCRIPT says it really is one of ours, and record it in the env file; succeeds only then.
# A port taken by something else stops the script.
reuse_running() {
  local name=$1 port=$2 wait_script=$3 target=$4 var=$5 value=$6
  port_open "$port" || return 1
  "$NODE" "$wait_script" "$target" 5 >/dev/null 2>&1 || die "$name: port $port is taken by something that does not answer like ours"
  log "$name: reusing the server already on $port (not ours: down.sh will not stop it)"
  set_env "$var" "$value"
}
