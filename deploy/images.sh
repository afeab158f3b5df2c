#!/usr/bin/env bash
# `npm run images [-- name...]`: builds Candor's images from deploy/Dockerfile, one at a time, with
# podman (or docker where podman is missing), tagged localhost/candor/<name>:<tag> and
# localhost/candor/<name>:latest (the names skaffold.yaml and k8s/ use are candor/<name>). Default: every
# image whose service has an entry point. Prints each image's size (and writes them to
# .cache/images/sizes.txt).
#   BASE_IMAGE   the Node 22 base (default: the public node image; on machines that reach no registry
#                and have podman, deploy/base-image.sh builds localhost/candor-node from Debian packages)
#   IMAGE_TAG    default: the git commit (short), "dev" outside git
#   MEDIASOUP_WORKER  prebuilt (default) or none (no mediasoup worker: media runs werift)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
builder="$(command -v podman || command -v docker || true)"
[[ -n "$builder" ]] || { echo "neither podman nor docker found" >&2; exit 1; }
tag="${IMAGE_TAG:-$(git rev-parse --short HEAD 2>/dev/null || echo dev)}"

all=(frontend)
for dir in services/*/; do
  name="$(basename "$dir")"
  [[ "$name" == embedded || "$name" == runtime ]] && continue
  [[ -f "$dir/src/main.ts" ]] && all+=("$name")
done
images=("${@:-${all[@]}}")

args=(build -f deploy/Dockerfile)
if [[ -z "${BASE_IMAGE:-}" && "$(basename "$builder")" == podman ]] && ! timeout 10 "$builder" pull -q docker.io/library/node:22.23.3-bookworm-slim >/dev/null 2>&1; then
  BASE_IMAGE="$(bash deploy/base-image.sh)"
fi
[[ -n "${BASE_IMAGE:-}" ]] && args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
[[ -n "${MEDIASOUP_WORKER:-}" ]] && args+=(--build-arg "MEDIASOUP_WORKER=$MEDIASOUP_WORKER")
# podman: let npm inside the build trust what the host trusts (an intercepting TLS proxy's CA on the
# build farm), for the build only; nothing of it lands in a layer
if [[ "$(basename "$builder")" == podman && -f /etc/ssl/certs/ca-certificates.crt ]]; then
  args+=(-v /etc/ssl/certs:/run/host-ca:ro)
fi
# podman writes OCI images by default, which have no HEALTHCHECK: keep the Docker format
[[ "$(basename "$builder")" == podman ]] && args+=(--format docker)

mkdir -p .cache/images
: > .cache/images/sizes.txt
for name in "${images[@]}"; do
  case "$name" in
    frontend) target=(--target frontend) ;;
    media) target=(--target media) ;;
    recording) target=(--target recording) ;;
    *) target=(--target service --build-arg "SERVICE=$name") ;;
  esac
  echo "== candor/$name" >&2
  start=$SECONDS
  "$builder" "${args[@]}" "${target[@]}" -t "localhost/candor/$name:$tag" -t "localhost/candor/$name:latest" . >&2
  size="$("$builder" image inspect --format '{{.Size}}' "localhost/candor/$name:$tag")"
  printf '%-14s %6.0f MB  %3ss  localhost/candor/%s:%s\n' "$name" "$(awk -v s="$size" 'BEGIN { print s / 1000000 }')" "$((SECONDS - start))" "$name" "$tag" | tee -a .cache/images/sizes.txt
done
