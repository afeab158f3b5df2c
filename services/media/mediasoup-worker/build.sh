#!/usr/bin/env bash
# Provides mediasoup's native worker (`mediasoup-worker`) for the installed mediasoup package.
# Prints the binary's path.
#
#   MEDIASOUP_WORKER=source    (default) build it from the package's own worker/ sources with meson
#                              and ninja from PyPI and Debian's libraries, through the compatibility
#                              subprojects beside this script; nothing is downloaded from outside the
#                              registries and mediasoup's sources are not edited (they are copied into
#                              a scratch folder and only the subproject wraps are swapped).
#   MEDIASOUP_WORKER=prebuilt  a machine with internet: mediasoup's own install step downloads its
#                              prebuilt worker from GitHub (the npm install runs it only where scripts
#                              are allowed; package.json's allowScripts turns it off).
#   MEDIASOUP_WORKER_INSTALL   1 (default): link the source-built worker where mediasoup looks by
#                              default (node_modules/mediasoup/worker/out/Release/), so `npm start`
#                              (engine `auto`), the distributed media service and every test pick it
#                              up; 0: only build and print its path (use it with
#                              MEDIASOUP_WORKER_BIN="$(MEDIASOUP_WORKER_INSTALL=0 npm run -s media:worker)").
#   MEDIASOUP_WORKER_JOBS      ninja's parallel jobs (2); the build runs under `nice -n 10`.
#   --cache-path               only print where the worker for these inputs is cached
#   MEDIASOUP_WORKER_CACHE     where built workers are kept (.cache/mediasoup-worker/); a folder
#                              outside the clone lets fresh clones on one machine share them.
#
# The built binary is cached in the gitignored .cache/mediasoup-worker/, keyed by the mediasoup
# version and a hash of everything that goes into it (compile.sh and subprojects/ beside this script,
# the compiler, the Debian library versions; not this script, which only caches and links), so a
# second run, `npm ci` afterwards or CI on a warm cache only re-links it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
pkg="$root/node_modules/mediasoup"
installed="$pkg/worker/out/Release/mediasoup-worker"
cache="${MEDIASOUP_WORKER_CACHE:-$root/.cache/mediasoup-worker}"
log() { printf 'media:worker: %s\n' "$*" >&2; }

[[ -f "$pkg/package.json" ]] || { log "node_modules/mediasoup is missing: run npm install first"; exit 1; }
version="$(node -p "require('$pkg/package.json').version")"

if [[ "${MEDIASOUP_WORKER:-source}" == prebuilt ]]; then
  log "mediasoup $version: downloading its prebuilt worker (mediasoup's own install step)"
  (cd "$pkg" && node npm-scripts.mjs postinstall >&2)
  echo "$installed"
  exit 0
fi

# A worker mediasoup's own install step put there (a real file, not our link into the cache) stays.
if [[ -x "$installed" && ! -L "$installed" ]]; then
  log "mediasoup $version: keeping the worker already installed at $installed (mediasoup's own)"
  echo "$installed"
  exit 0
fi

# Debian packages the build links (static) or runs; their versions are part of the cache key, so a
# security update of e.g. libssl-dev gives a new key and a rebuild.
debs=(g++ pkg-config python3-venv libssl-dev libuv1-dev libabsl-dev flatbuffers-compiler libflatbuffers-dev libsrtp2-dev)
missing=()
for deb in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q 'install ok installed' || missing+=("$deb")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  log "missing Debian packages: ${missing[*]} (apt-get install -y ${missing[*]})"
  exit 1
fi

key="$(
  {
    echo "mediasoup $version"
    (cd "$here" && find compile.sh subprojects -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    g++ --version | head -1
    dpkg-query -W "${debs[@]}"
  } | sha256sum | cut -c1-16
)"
bin="$cache/$version-$key/mediasoup-worker"
# `build.sh --cache-path`: where this checkout's worker is (or would be) cached, nothing else
if [[ "${1:-}" == --cache-path ]]; then
  echo "$bin"
  exit 0
fi

link_installed() {
  if [[ "${MEDIASOUP_WORKER_INSTALL:-1}" == 1 ]]; then
    mkdir -p "$(dirname "$installed")"
    ln -sfn "$bin" "$installed"
    log "linked at $installed"
  elif [[ -L "$installed" ]]; then
    rm -f "$installed" # an earlier link; MEDIASOUP_WORKER_INSTALL=0 asked for none
  fi
  echo "$bin"
}

if [[ -x "$bin" ]]; then
  log "mediasoup $version worker from the cache ($bin)"
  link_installed
  exit 0
fi

# meson and ninja at the versions mediasoup's worker/tasks.py pins, from PyPI into a venv.
venv="$cache/venv"
if [[ ! -x "$venv/bin/meson" || ! -x "$venv/bin/ninja" ]]; then
  log "installing meson and ninja from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check meson==1.12.0 ninja==1.13.2 >&2
fi

work="$cache/work-$version-$key"
rm -rf "$work"
mkdir -p "$work"
log "building mediasoup $version worker from source in $work (about 280 compile steps)"
start=$SECONDS

bash "$here/compile.sh" "$pkg" "$work" "$venv" "$bin"
rm -rf "$work"
log "built in $((SECONDS - start)) s: $bin"
link_installed
