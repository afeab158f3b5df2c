#!/usr/bin/env bash
# npm run infra:down — stop every server started by up.sh (our pid files / our data dir only).
# Data stays under .cache/infra so the next `up` is fast; `down.sh --wipe` also deletes it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

status=0
bash "$INFRA_DIR/ferretdb.sh" stop || status=1   # before postgres: it holds PG connections
bash "$INFRA_DIR/kafka.sh" stop || status=1
bash "$INFRA_DIR/seaweedfs.sh" stop || status=1
bash "$INFRA_DIR/postgres.sh" stop || status=1
bash "$INFRA_DIR/chromium.sh" stop || status=1
rm -f "$ENV_FILE"

if [ "${1:-}" = --wipe ]; then
  # Server data only; downloaded jars and the FerretDB and SeaweedFS binaries stay cached.
  log "wiping server data under $CACHE"
  rm -rf "$CACHE/postgres" "$CACHE/kafka/data" "$CACHE/ferretdb" "$CACHE/seaweedfs"
fi
exit $status
