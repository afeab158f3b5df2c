#!/bin/sh
# A fresh PostgreSQL 15 cluster per container (as deploy/infra/postgres.sh): role candor/candor,
# databases candor and ferretdb, password logins from anywhere (the container network and the
# published port), durability off.
set -eu
bin=/usr/lib/postgresql/15/bin
data=/tmp/pgdata
printf 'candor\n' > /tmp/pwfile
"$bin/initdb" -D "$data" -U candor --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
rm /tmp/pwfile
echo 'host all all all scram-sha-256' >> "$data/pg_hba.conf"
printf 'CREATE DATABASE candor;\nCREATE DATABASE ferretdb;\n' | "$bin/postgres" --single -D "$data" postgres >/dev/null 2>&1
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c unix_socket_directories=/tmp \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200
