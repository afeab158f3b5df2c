#!/bin/sh
# SeaweedFS's one-process server (master, volume, filer, S3) as deploy/infra/seaweedfs.sh runs it,
# S3 on 8333, with the access key in $S3_ACCESS_KEY_ID / $S3_SECRET_ACCESS_KEY. The components find
# each other on 127.0.0.1 inside the container; only S3 is published. Data in $SEAWEEDFS_DATA_DIR
# (default /tmp/data; a volume in the dev overlay's pods).
set -eu
data="${SEAWEEDFS_DATA_DIR:-/tmp/data}"
cat > /tmp/s3.json <<JSON
{ "identities": [ { "name": "candor",
  "credentials": [{ "accessKey": "${S3_ACCESS_KEY_ID:?}", "secretKey": "${S3_SECRET_ACCESS_KEY:?}" }],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"] } ] }
JSON
mkdir -p "$data"
exec /usr/local/bin/weed server -ip=127.0.0.1 -ip.bind=0.0.0.0 -dir="$data" \
  -master.volumeSizeLimitMB=128 -master.resumeState=false -master.electionTimeout=2s -master.telemetry=false \
  -volume.max=32 -volume.preStopSeconds=0 \
  -filer -s3 -s3.port=8333 -s3.config=/tmp/s3.json -s3.port.iceberg=0 -s3.port.lance=0
