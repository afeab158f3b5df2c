#!/usr/bin/env bash
# npm run infra:up — install (cached) and start every real server the tests use, then write
# .cache/infra/env. Idempotent: servers already up are left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_time=$SECONDS

# Installs first (the slow, cacheable part). The FerretDB and SeaweedFS builds (Go, CPU-bound) run
# alongside the Kafka jar download (network-bound) to save wall time on a cold machine.
bash "$INFRA_DIR/chromium.sh" install
bash "$INFRA_DIR/postgres.sh" install
bash "$INFRA_DIR/ferretdb.sh" install & ferret_pid=$!
bash "$INFRA_DIR/seaweedfs.sh" install & seaweed_pid=$!
bash "$INFRA_DIR/kafka.sh" install
wait "$ferret_pid" || die "ferretdb install failed"
wait "$seaweed_pid" || die "seaweedfs install failed"

bash "$INFRA_DIR/postgres.sh" start
bash "$INFRA_DIR/ferretdb.sh" start   # needs postgres
bash "$INFRA_DIR/kafka.sh" start
bash "$INFRA_DIR/seaweedfs.sh" start
bash "$INFRA_DIR/chromium.sh" start

log "all up in $((SECONDS - start_time)) s; env file: $ENV_FILE"
cat "$ENV_FILE"
