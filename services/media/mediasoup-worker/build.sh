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
#   MEDIASOUP_WORKER_INSTALL=1 also link the source-built worker where mediasoup looks by default
#                              (node_modules/mediasoup/worker/out/Release/), so `npm start` (engine
#                              `auto`) and every test pick it up. Off by default until the mediasoup
#                              engine passes its whole contract suite (README.md, Status); use
#                              MEDIASOUP_WORKER_BIN="$(npm run -s media:worker)" to run it.
#   MEDIASOUP_WORKER_JOBS      ninja's parallel jobs (2); the build runs under `nice -n 10`.
#   --cache-path               only print where the worker for these inputs is cached
#   MEDIASOUP_WORKER_CACHE     where built workers are kept (.cache/mediasoup-worker/); a folder
#                              outside the clone lets fresh clones on one machine share them.
#
# The built binary is cached in the gitignored .cache/mediasoup-worker/, keyed by the mediasoup
# version and a hash of everything that goes into it (this folder, the compiler, the Debian library
# versions), so a second run, `npm ci` afterwards or CI on a warm cache only re-links it.
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
    (cd "$here" && find . -type f ! -path './test/*' ! -name '*.md' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
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
  if [[ "${MEDIASOUP_WORKER_INSTALL:-0}" == 1 ]]; then
    mkdir -p "$(dirname "$installed")"
    ln -sfn "$bin" "$installed"
    log "linked at $installed"
  elif [[ -L "$installed" ]]; then
    rm -f "$installed" # an earlier opt-in link; not installed unless asked
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

# A copy of the package's worker sources; only the wraps of the dependencies served from Debian or
# by the project's own compatibility layers are replaced by the subprojects beside this script.
cp -r "$pkg/worker" "$work/worker"
chmod -R u+w "$work/worker"
rm -rf "$work/worker/out"
for wrap in libuv openssl flatbuffers abseil-cpp libsrtp3 unordered-dense; do
  rm -f "$work/worker/subprojects/$wrap.wrap"
done
cp -r "$here/subprojects/." "$work/worker/subprojects/"

options=()
while read -r option; do options+=("-D$option=false"); done < <(sed -n "s/^option('\([a-z_]*\)', type: 'boolean'.*/\1/p" "$work/worker/meson_options.txt")
# Release settings as in the package's worker/tasks.py.
PATH="$venv/bin:$PATH" "$venv/bin/meson" setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true \
  "${options[@]}" "$work/build" "$work/worker" >&2
PATH="$venv/bin:$PATH" nice -n 10 "$venv/bin/ninja" -C "$work/build" -j "${MEDIASOUP_WORKER_JOBS:-2}" mediasoup-worker >&2

mkdir -p "$(dirname "$bin")"
strip -o "$bin.tmp" "$work/build/mediasoup-worker"
mv "$bin.tmp" "$bin"
rm -rf "$work"
log "built in $((SECONDS - start)) s: $bin"
link_installed
