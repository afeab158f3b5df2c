#!/usr/bin/env bash
# Compiles mediasoup's worker from the package's own worker/ sources; called by build.sh, which owns
# the cache. This file and subprojects/ are everything that goes into the binary besides mediasoup's
# sources, the compiler and the Debian libraries, so build.sh's cache key hashes exactly these (an
# edit to build.sh's caching or linking does not force a rebuild).
#
#   compile.sh <mediasoup package dir> <scratch dir> <meson/ninja venv> <output binary>
#   MEDIASOUP_WORKER_JOBS   ninja's parallel jobs (2); the compile runs under `nice -n 10`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$1" work="$2" venv="$3" bin="$4"

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
