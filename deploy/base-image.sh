#!/usr/bin/env bash
# The local Node base image for machines without a container registry (this build farm): Debian
# bookworm (debootstrap --variant=minbase from the apt mirror) plus the Node binary and npm the
# repository already has, tagged localhost/candor-node:<node version>. On a normal machine you do
# not need it: deploy/Dockerfile defaults to the public node image (see deploy/README.md).
# Cached: the debootstrap tarball lives in the gitignored .cache/images/ (re-imported in seconds);
# an image already present is kept. Prints the image name on stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/images"
node_bin="$root/node_modules/node/bin/node"
[[ -x "$node_bin" ]] || { echo "no $node_bin: run npm install first" >&2; exit 1; }
node_version="$("$node_bin" --version | tr -d v)"
image="localhost/candor-node:$node_version"
mkdir -p "$cache"

if ! podman image exists localhost/debian:bookworm; then
  tarball="$cache/debian-bookworm-minbase.tar"
  if [[ ! -f "$tarball" ]]; then
    mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    mirror="${mirror:-http://deb.debian.org/debian}"
    rootfs="$(mktemp -d)"
    echo "debootstrap bookworm from $mirror (a minute or two)…" >&2
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >&2
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  podman import "$tarball" localhost/debian:bookworm >&2
fi

if ! podman image exists "$image"; then
  context="$(mktemp -d)"
  cp "$node_bin" "$context/node"
  npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
  cp -r "$(readlink -f "$npm_dir")" "$context/npm"
  cat > "$context/Containerfile" <<'EOT'
FROM localhost/debian:bookworm
# the layout of the public node images: node in /usr/local/bin, npm in /usr/local/lib/node_modules
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
EOT
  podman build --quiet -t "$image" "$context" >&2
  rm -rf "$context"
fi
echo "$image"
