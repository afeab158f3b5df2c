#!/usr/bin/env bash
# FerretDB v1 (MongoDB wire protocol; NOT MongoDB) for tests: 127.0.0.1:57017, no TLS, no auth,
# storing into the `ferretdb` database of our test PostgreSQL (postgres.sh must be started first).
# Built from source with Go (the module proxy has it; there is no other binary source here).
# Usage: ferretdb.sh install|start|stop
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRETDB_VERSION=v1.24.0   # last release of the v1 line (v2 needs Microsoft's DocumentDB PG extension)
F_DIR="$CACHE/ferretdb"
BIN="$CACHE/bin/ferretdb-$FERRETDB_VERSION"
PIDFILE="$F_DIR/ferretdb.pid"
LOGFILE="$F_DIR/ferretdb.log"
PG_URL="postgres://candor:candor@127.0.0.1:$PG_PORT/ferretdb"

install() {
  if [ -x "$BIN" ]; then log "ferretdb: $FERRETDB_VERSION binary cached"; return; fi
  command -v go >/dev/null || die "ferretdb: go not found"
  log "ferretdb: building FerretDB $FERRETDB_VERSION from source (a few minutes on 2 cores)"
  # Not `go install ...@version`: that asks the proxy for the module's version list (deprecation
  # check), which the registry mirror here refuses (403). Download the exact version instead.
  local dir src
  mkdir -p "$F_DIR" "$CACHE/bin"
  dir=$(cd "$F_DIR" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || die "ferretdb: go mod download failed"
  src="$F_DIR/src-$FERRETDB_VERSION"
  rm -rf "$src"
  cp -r "$dir" "$src"; chmod -R u+w "$src"
  # FerretDB embeds its version from build/version/version.txt, normally generated from git.
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  (cd "$src" && GOFLAGS=-buildvcs=false go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb)
  mv "$BIN.tmp" "$BIN"
  rm -rf "$src"
  log "ferretdb: built $("$BIN" --version | head -1)"
}

start() {
  [ -x "$BIN" ] || die "ferretdb: binary missing, run: $0 install"
  port_open "$PG_PORT" || die "ferretdb: PostgreSQL is not up on $PG_PORT (run postgres.sh start)"
  mkdir -p "$F_DIR"
  if pid_alive "$PIDFILE"; then
    log "ferretdb: already running (pid $(cat "$PIDFILE"))"
  else
    local url="mongodb://127.0.0.1:$MONGO_PORT/candor"
    reuse_running ferretdb "$MONGO_PORT" "$INFRA_DIR/ferretdb/wait.cjs" "$url" CANDOR_TEST_MONGO_URL "$url" && return
    log "ferretdb: starting FerretDB $FERRETDB_VERSION (postgresql backend) on 127.0.0.1:$MONGO_PORT"
    rm -f "$PIDFILE"
    # --debug-addr=- : no metrics HTTP port (default 8088 could clash); telemetry off (offline).
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" "$BIN" \
      --handler=postgresql --postgresql-url="$PG_URL" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --debug-addr=- --telemetry=disable \
      --state-dir="$F_DIR" --log-level=warn --log-format=text \
      >"$LOGFILE" 2>&1 </dev/null &
    local i; for i in $(seq 1 50); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
  fi
  "$NODE" "$INFRA_DIR/ferretdb/wait.cjs" "mongodb://127.0.0.1:$MONGO_PORT/candor" 60 \
    || { tail -n 30 "$LOGFILE" >&2; die "ferretdb: did not answer (log: $LOGFILE)"; }
  pid_alive "$PIDFILE" || die "ferretdb: something else answers on $MONGO_PORT but ours died (log: $LOGFILE)"
  set_env CANDOR_TEST_MONGO_URL "mongodb://127.0.0.1:$MONGO_PORT/candor"
  log "ferretdb: ready"
}

stop() {
  unset_env CANDOR_TEST_MONGO_URL
  stop_pidfile ferretdb "$PIDFILE"
}

dispatch "$@"
