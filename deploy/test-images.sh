#!/usr/bin/env bash
# `npm run test:images`: builds the server images the container run of the integration suites starts
# through testcontainers (deploy/test-servers/Containerfile), tagged localhost/candor-test/<name>:<version>:
#   postgres:15        PostgreSQL 15 from Debian's packages (apt inside the build)
#   kafka:<version>    the Kafka jars deploy/infra/kafka.sh fetched from Maven Central + the host's Java 17
#   ferretdb:<version> the FerretDB binary deploy/infra/ferretdb.sh built with Go
#   seaweedfs:<version> the weed binary deploy/infra/seaweedfs.sh built with Go
#   jaeger:<version>   Jaeger all-in-one, the binary deploy/jaeger.sh built with Go (the trace collector
#                      of the dev overlay's podman variant; the suites run it as a process)
# Nothing is downloaded or compiled twice: the jars and binaries come from .cache/infra/ (the
# `install` step of each deploy/infra script runs first, a no-op when `npm run infra:up` already ran).
# An image already present is kept (its tag carries the version; a label, the hash of
# deploy/test-servers/, so a changed recipe rebuilds it). Needs podman (notes/containers.md).
#   CANDOR_INFRA_CACHE  where the jars and binaries are (default: <repo>/.cache/infra)
#   BASE_IMAGE          the Debian base (default: localhost/debian:bookworm from deploy/base-image.sh
#                       where no registry answers, else debian:bookworm-slim)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cache="${CANDOR_INFRA_CACHE:-$root/.cache/infra}"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' deploy/infra/kafka/pom.xml)"
ferretdb_version="$(sed -n 's/^FERRETDB_VERSION=\([^ ]*\).*/\1/p' deploy/infra/ferretdb.sh)"
seaweedfs_version="$(sed -n 's/^SEAWEEDFS_VERSION=\([^ ]*\).*/\1/p' deploy/infra/seaweedfs.sh)"
jaeger_version="$(sed -n 's/^JAEGER_VERSION=\([^ ]*\).*/\1/p' deploy/jaeger.sh)"
declare -A tags=(
  [postgres]="localhost/candor-test/postgres:15"
  [kafka]="localhost/candor-test/kafka:$kafka_version"
  [ferretdb]="localhost/candor-test/ferretdb:${ferretdb_version#v}"
  [seaweedfs]="localhost/candor-test/seaweedfs:${seaweedfs_version##*-}"
  [jaeger]="localhost/candor-test/jaeger:${jaeger_version#v}"
)
names=(postgres kafka ferretdb seaweedfs jaeger)
if [[ "${1:-}" == --tags ]]; then
  for name in "${names[@]}"; do echo "$name=${tags[$name]}"; done
  exit 0
fi

# an image is rebuilt when deploy/test-servers/ changed since it was built (a label holds the hash)
recipe="$(cat deploy/test-servers/* | sha256sum | cut -c1-16)"
missing=()
for name in "${names[@]}"; do
  built="$(podman image inspect --format '{{index .Labels "candor.test-servers"}}' "${tags[$name]}" 2>/dev/null || true)"
  [[ "$built" == "$recipe" ]] || missing+=("$name")
done
if [[ ${#missing[@]} -eq 0 ]]; then echo "test server images present: ${tags[*]}"; exit 0; fi

if [[ -z "${BASE_IMAGE:-}" ]]; then
  if timeout 10 podman pull -q docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then BASE_IMAGE=docker.io/library/debian:bookworm-slim
  else bash deploy/base-image.sh >/dev/null; BASE_IMAGE=localhost/debian:bookworm; fi
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp deploy/test-servers/Containerfile deploy/test-servers/*.sh "$context/"
for name in "${missing[@]}"; do
  case "$name" in
    kafka)
      libs="$cache/kafka/libs-$kafka_version"
      [[ -f "$libs/.complete" ]] || bash deploy/infra/kafka.sh install
      cp -r "$libs" "$context/kafka-libs"
      cp deploy/infra/kafka/log4j2.properties "$context/"
      java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
      # the runtime, links resolved (Debian links conf/ into /etc): no module images, sources, docs or
      # headers, and no CA store (it may hold an intercepting proxy's CA)
      mkdir -p "$context/java"
      tar -C "$java_home" -ch --exclude=./jmods --exclude=./lib/src.zip --exclude=./demo --exclude=./docs \
        --exclude=./include --exclude=./man --exclude=./lib/security/cacerts . | tar -C "$context/java" -x ;;
    ferretdb)
      [[ -x "$cache/bin/ferretdb-$ferretdb_version" ]] || bash deploy/infra/ferretdb.sh install
      cp "$cache/bin/ferretdb-$ferretdb_version" "$context/ferretdb" ;;
    seaweedfs)
      [[ -x "$cache/seaweedfs-$seaweedfs_version/weed" ]] || bash deploy/infra/seaweedfs.sh install
      cp "$cache/seaweedfs-$seaweedfs_version/weed" "$context/weed" ;;
    jaeger)
      cp "$(bash deploy/jaeger.sh)" "$context/jaeger" ;;
  esac
  # the other stages' COPY sources must exist for any target to build
done
for file in kafka-libs java ferretdb weed jaeger log4j2.properties; do [[ -e "$context/$file" ]] || mkdir -p "$context/$file"; done

for name in "${missing[@]}"; do
  t0=$SECONDS
  podman build --quiet --format docker --target "$name" --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "candor.test-servers=$recipe" -t "${tags[$name]}" "$context" >/dev/null
  echo "built ${tags[$name]} in $((SECONDS - t0)) s ($(podman image inspect --format '{{.Size}}' "${tags[$name]}" | awk '{printf "%d MB", $1/1e6}'))"
done
