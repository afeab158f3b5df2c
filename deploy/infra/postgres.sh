#!/usr/bin/env bash
# PostgreSQL 15 (Debian package) for tests: 127.0.0.1:55432, role/db candor (password candor),
# plus a `ferretdb` database that FerretDB stores into.
# Usage: postgres.sh install|start|stop
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="$CACHE/postgres"
# initdb refuses root, so the cluster belongs to the `postgres` OS user. If that user cannot
# reach the repo (e.g. a clone under /root), keep the cluster in /var/tmp instead.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$CACHE" 2>/dev/null; then
  PG_DIR="/var/tmp/candor-infra-$(printf %s "$REPO_ROOT" | md5sum | cut -c1-8)/postgres"
fi
PGDATA="$PG_DIR/data"
PG_RUN="$PG_DIR/run"    # unix socket dir (admin access as `postgres` without a password)
PG_LOG="$PG_DIR/postgres.log"
PG_URL="postgres://candor:candor@127.0.0.1:$PG_PORT/candor"

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_admin() { as_pg "$PG_BIN/psql" -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }
psql_candor() { PGPASSWORD=candor "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U candor -d candor -v ON_ERROR_STOP=1 -qAtX "$@"; }

# Idempotent: the databases for the tests (candor) and for FerretDB (ferretdb).
create_databases() {
  "$@" <<'SQL'
SELECT 'CREATE DATABASE candor OWNER candor'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'candor') \gexec
SELECT 'CREATE DATABASE ferretdb OWNER candor'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ferretdb') \gexec
SQL
}

install() {
  if [ -x "$PG_BIN/initdb" ]; then log "postgres: $("$PG_BIN/postgres" --version)"; return; fi
  log "postgres: installing postgresql-15 (apt)"
  apt-get update -qq
  # Debian's package auto-creates and starts a `main` cluster on 5432; we do not use it.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
}

start() {
  [ -x "$PG_BIN/initdb" ] || die "postgres: $PG_BIN/initdb missing, run: $0 install"
  mkdir -p "$PG_DIR" "$PG_RUN"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR" "$PG_RUN"; fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    log "postgres: initdb $PGDATA"
    rm -rf "$PGDATA"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
    # Throwaway test database: durability is traded for speed (fsync/synchronous_commit off,
    # no full-page writes). Never use these settings for data you want to keep.
    as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<CONF

# --- candor test settings (deploy/infra/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
CONF
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "postgres: already running"
  elif port_open "$PG_PORT"; then
    # e.g. another checkout's infra on this machine: reuse it if it takes our credentials.
    psql_candor -c 'select 1' >/dev/null 2>&1 \
      || die "postgres: port $PG_PORT is taken by something that does not accept candor/candor"
    log "postgres: reusing the server already on $PG_PORT (not ours: down.sh will not stop it)"
    create_databases psql_candor
    set_env CANDOR_TEST_PG_URL "$PG_URL"
    return
  else
    log "postgres: starting on 127.0.0.1:$PG_PORT"
    # -w: pg_ctl waits until the server accepts connections.
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -w -t 60 start >/dev/null
  fi
  # Superuser is fine for a test role: the suites create databases and schemas.
  psql_admin <<'SQL'
SELECT 'CREATE ROLE candor LOGIN SUPERUSER PASSWORD ''candor'''
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'candor') \gexec
SQL
  create_databases psql_admin
  # Really answers over TCP with the test credentials:
  psql_candor -c 'select 1' >/dev/null || die "postgres: TCP login as candor failed (see $PG_LOG)"
  set_env CANDOR_TEST_PG_URL "$PG_URL"
  log "postgres: ready"
}

stop() {
  unset_env CANDOR_TEST_PG_URL
  if [ -s "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
  else
    log "postgres: not running"
  fi
}

dispatch "$@"
