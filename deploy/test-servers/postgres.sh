#!/bin/sh
# A PostgreSQL 15 cluster (as deploy/infra/postgres.sh): role candor (password $POSTGRES_PASSWORD,
# default candor), databases candor and ferretdb, password logins from anywhere (the container
# network and the published port), durability off. Data in $PGDATA (default /tmp/pgdata: a fresh
# cluster per test container); a data folder that already holds a cluster (a volume, in the dev
# overlay's pods) is started as it is.
set -eu
bin=/usr/lib/postgresql/15/bin
data="${PGDATA:-/tmp/pgdata}"
if [ ! -s "$data/PG_VERSION" ]; then
  umask 077
  printf '%s\n' "${POSTGRES_PASSWORD:-candor}" > /tmp/pwfile
  "$bin/initdb" -D "$data" -U candor --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm /tmp/pwfile
  echo 'host all all all scram-sha-256' >> "$data/pg_hba.conf"
  printf 'CREATE DATABASE candor;\nCREATE DATABASE ferretdb;\n' | "$bin/postgres" --single -D "$data" postgres >/dev/null 2>&1
fi
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c unix_socket_directories=/tmp \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200
