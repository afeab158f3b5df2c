#!/usr/bin/env bash
# SeaweedFS (Apache-2.0) as the S3-API server for tests: S3 on 127.0.0.1:58333, one bucket
# (candor-recordings), one access key from a generated s3 config JSON. MinIO's server is AGPL,
# so it is not used. Built from source with Go (the module proxy has it; nothing else here does).
# All of master/volume/filer/s3 run in one `weed server` process; data under .cache/infra/seaweedfs.
# Usage: seaweedfs.sh install|start|stop
#
# A test that must stop and restart an S3 server (the spool's fault test) runs a private instance
# through this same script, leaving the shared one alone, with these overrides:
#   SEAWEEDFS_HOME=<dir>        data, pid file, log and s3 config (default .cache/infra/seaweedfs)
#   SEAWEEDFS_PORT_BASE=<port>  S3 on it, the other seven ports right above (default 58333)
#   SEAWEEDFS_BIN=<file>        the weed program (default: the one install builds here)
#   SEAWEEDFS_WRITE_ENV=0       leave .cache/infra/env alone
#   SEAWEEDFS_BUCKET, SEAWEEDFS_ACCESS_KEY_ID, SEAWEEDFS_SECRET_ACCESS_KEY
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The proxy serves this module only as a pseudo-version (no tagged version list is served here).
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
SRC="$CACHE/seaweedfs-src-$SEAWEEDFS_VERSION"
BUILT_BIN="$CACHE/seaweedfs-$SEAWEEDFS_VERSION/weed"
BIN="${SEAWEEDFS_BIN:-$BUILT_BIN}"
S_DIR="${SEAWEEDFS_HOME:-$CACHE/seaweedfs}"
WRITE_ENV="${SEAWEEDFS_WRITE_ENV:-1}"
PIDFILE="$S_DIR/weed.pid"
LOGFILE="$S_DIR/weed.log"
S3_CONFIG="$S_DIR/s3.json"

# Every port explicit: the defaults (9333/8080/8888 and +10000 for gRPC) collide with common
# servers, and 5xxxx+10000 would not be a valid port.
S3_PORT=${SEAWEEDFS_PORT_BASE:-58333}
MASTER_PORT=$((S3_PORT + 1))
MASTER_GRPC_PORT=$((S3_PORT + 2))
VOLUME_PORT=$((S3_PORT + 3))
VOLUME_GRPC_PORT=$((S3_PORT + 4))
FILER_PORT=$((S3_PORT + 5))
FILER_GRPC_PORT=$((S3_PORT + 6))
S3_GRPC_PORT=$((S3_PORT + 7))

# Test-only credentials for a server bound to loopback; not a secret of any real deployment.
# (SEAWEEDFS_* overrides: for a private instance; the S3_* names are what the service reads.)
S3_BUCKET=${SEAWEEDFS_BUCKET:-candor-recordings}
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=${SEAWEEDFS_ACCESS_KEY_ID:-candor-test}
S3_SECRET_ACCESS_KEY=${SEAWEEDFS_SECRET_ACCESS_KEY:-candor-test-secret-0123456789}

install() {
  BIN=$BUILT_BIN
  if [ -x "$BIN" ]; then log "seaweedfs: $SEAWEEDFS_VERSION binary cached"; return; fi
  command -v go >/dev/null || die "seaweedfs: go not found"
  log "seaweedfs: building weed $SEAWEEDFS_VERSION from source (several minutes on 2 cores)"
  # Not `go install ...@version`: the module's go.mod has replace directives, which go install
  # refuses. Download the exact version and build inside it, so its go.mod (and replaces) apply.
  local dir t0=$SECONDS
  mkdir -p "$S_DIR" "$(dirname "$BIN")"
  dir=$(cd "$S_DIR" && go mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || die "seaweedfs: go mod download failed"
  rm -rf "$SRC"
  cp -r "$dir" "$SRC"; chmod -R u+w "$SRC"
  (cd "$SRC" && GOFLAGS=-buildvcs=false go build -trimpath -o "$BIN.tmp" ./weed)
  mv "$BIN.tmp" "$BIN"
  rm -rf "$SRC"
  log "seaweedfs: built $("$BIN" version 2>/dev/null | head -1) in $((SECONDS - t0)) s"
}

write_s3_config() {
  cat > "$S3_CONFIG" <<EOF
{
  "identities": [
    {
      "name": "candor",
      "credentials": [{ "accessKey": "$S3_ACCESS_KEY_ID", "secretKey": "$S3_SECRET_ACCESS_KEY" }],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]
    }
  ]
}
EOF
}

record_env() {
  [ "$WRITE_ENV" = 1 ] || return 0
  [ -x "$BUILT_BIN" ] && set_env CANDOR_TEST_SEAWEEDFS_BIN "$BUILT_BIN"
  set_env S3_ENDPOINT "http://127.0.0.1:$S3_PORT"
  set_env S3_REGION "$S3_REGION"
  set_env S3_BUCKET "$S3_BUCKET"
  set_env S3_ACCESS_KEY_ID "$S3_ACCESS_KEY_ID"
  set_env S3_SECRET_ACCESS_KEY "$S3_SECRET_ACCESS_KEY"
  set_env S3_FORCE_PATH_STYLE true
}

# Starts weed and waits until it stores and reads an object. Our ports sit inside Linux's ephemeral
# range (32768-60999), so a passing outgoing connection can hold one of the eight for a moment and
# the server dies with "address already in use": then it is started again, up to three times.
launch_and_wait() {
  local attempt
  for attempt in 1 2 3; do
    log "seaweedfs: starting weed server (S3 on 127.0.0.1:$S3_PORT)"
    rm -f "$PIDFILE"
    # Small volumes, a bounded count (≤ 4 GB in all): a test server should not grow 30 GB volumes.
    # One master, so no raft state to resume: a restart otherwise sits ~20 s waiting for an
    # election (the topology is rebuilt from the volume server's heartbeats anyway). No telemetry.
    # -volume.preStopSeconds=0: stop at once (no load balancer to drain). Iceberg and Lance
    # catalogue ports off: unused, and their default ports could clash.
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" "$BIN" server \
      -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$S_DIR/data" \
      -master.port=$MASTER_PORT -master.port.grpc=$MASTER_GRPC_PORT \
      -master.volumeSizeLimitMB=128 -master.resumeState=false -master.electionTimeout=2s \
      -master.telemetry=false \
      -volume.port=$VOLUME_PORT -volume.port.grpc=$VOLUME_GRPC_PORT -volume.max=32 \
      -volume.preStopSeconds=0 \
      -filer -filer.port=$FILER_PORT -filer.port.grpc=$FILER_GRPC_PORT \
      -s3 -s3.port=$S3_PORT -s3.port.grpc=$S3_GRPC_PORT -s3.config="$S3_CONFIG" \
      -s3.port.iceberg=0 -s3.port.lance=0 \
      >"$LOGFILE" 2>&1 </dev/null &
    local i; for i in $(seq 1 50); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
    # Creates the bucket (idempotent) and round-trips an object: only then can tests write.
    if WAIT_PID=$(cat "$PIDFILE") "$NODE" "$INFRA_DIR/seaweedfs/wait.cjs" "http://127.0.0.1:$S3_PORT" 90 "$S3_BUCKET"; then
      pid_alive "$PIDFILE" || die "seaweedfs: something else answers on $S3_PORT but ours died (log: $LOGFILE)"
      return 0
    fi
    if ! pid_alive "$PIDFILE" && grep -q "address already in use" "$LOGFILE"; then
      log "seaweedfs: $(grep -o 'listen tcp [^ ]*' "$LOGFILE" | head -1) was taken; trying again"
      sleep 2
      continue
    fi
    tail -n 30 "$LOGFILE" >&2
    stop_pidfile seaweedfs "$PIDFILE"
    die "seaweedfs: did not answer (log: $LOGFILE)"
  done
  die "seaweedfs: ports stayed taken after 3 attempts (log: $LOGFILE)"
}

start() {
  [ -x "$BIN" ] || die "seaweedfs: binary missing, run: $0 install"
  mkdir -p "$S_DIR/data"
  # wait.cjs signs its requests with these (and reuse_running calls it too).
  export S3_REGION S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY
  local endpoint="http://127.0.0.1:$S3_PORT" t0=$SECONDS
  if pid_alive "$PIDFILE"; then
    log "seaweedfs: already running (pid $(cat "$PIDFILE"))"
  elif [ "$WRITE_ENV" = 1 ] && reuse_running seaweedfs "$S3_PORT" "$INFRA_DIR/seaweedfs/wait.cjs" "$endpoint" S3_ENDPOINT "$endpoint"; then
    :   # reused: another checkout's server, checked by reuse_running
  elif port_open "$S3_PORT"; then
    die "seaweedfs: port $S3_PORT is taken (a private instance never reuses a server)"
  else
    write_s3_config
    launch_and_wait
    record_env
    log "seaweedfs: ready in $((SECONDS - t0)) s"
    return
  fi
  # Creates the bucket (idempotent) and round-trips an object: only then can tests write.
  "$NODE" "$INFRA_DIR/seaweedfs/wait.cjs" "$endpoint" 90 "$S3_BUCKET" || die "seaweedfs: did not answer on $S3_PORT"
  record_env
  log "seaweedfs: ready in $((SECONDS - t0)) s"
}

stop() {
  local v
  if [ "$WRITE_ENV" = 1 ]; then
    for v in S3_ENDPOINT S3_REGION S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_FORCE_PATH_STYLE CANDOR_TEST_SEAWEEDFS_BIN; do unset_env "$v"; done
  fi
  stop_pidfile seaweedfs "$PIDFILE"
}

dispatch "$@"
