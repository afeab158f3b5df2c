#!/usr/bin/env bash
# `npm run test:containers [-- jest args]`: the integration suites with their servers as containers,
# through testcontainers and podman's Docker-compatible API, from the project's own images
# (deploy/test-images.sh). The other way — the servers `npm run infra:up` starts — stays the default
# (faster). Default selection: the contract suites of the event store, the bus, the document store
# and the recording storage (every server kind once), and the dev overlay played whole with podman
# (test/platform/kube-play-dev.e2e.spec.ts: its servers in pods; skipped loudly without the services'
# images of this commit, a failure with CANDOR_REQUIRE_IMAGES=1); pass jest paths to run others.
# Starts its own podman API socket (and stops it), removes the containers it started, and fails
# when a suite cannot get its servers (CANDOR_REQUIRE_INFRA=1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
command -v podman >/dev/null || { echo "test:containers needs podman (see ../shared/notes/containers.md)" >&2; exit 1; }
t0=$SECONDS
bash deploy/test-images.sh

sock_dir="$root/.cache/containers"
mkdir -p "$sock_dir"
sock="$sock_dir/podman.sock"
rm -f "$sock"
podman system service --time=0 "unix://$sock" &
service_pid=$!
cleanup() {
  ids="$(podman ps -aq --filter label=org.testcontainers=true)"
  [[ -n "$ids" ]] && podman rm -f -i $ids >/dev/null || true
  kill "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  rm -f "$sock"
}
trap cleanup EXIT
for _ in $(seq 1 50); do [[ -S "$sock" ]] && break; sleep 0.1; done
[[ -S "$sock" ]] || { echo "podman system service did not open $sock" >&2; exit 1; }

export DOCKER_HOST="unix://$sock"
export TESTCONTAINERS_RYUK_DISABLED=true      # the ryuk image lives on Docker Hub; cleanup() does its job
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1  # /.dockerenv exists on these VMs: without it, 10.88.0.1
export CANDOR_TEST_CONTAINERS=1 CANDOR_REQUIRE_INFRA=1
suites=("$@")
if [[ ${#suites[@]} -eq 0 ]]; then
  suites=(services/runtime/src/event-store/postgres-event-store.int.spec.ts test/contracts/bus.int.spec.ts
    test/contracts/documents.int.spec.ts test/contracts/recording-storage.int.spec.ts
    test/platform/kube-play-dev.e2e.spec.ts)
fi
# as `npm test` runs jest (PGlite loads its WASM with a dynamic import)
node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js "${suites[@]}"
echo "test:containers done in $((SECONDS - t0)) s"
