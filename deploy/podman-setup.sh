#!/usr/bin/env bash
# Makes rootful podman usable on this machine kind (Debian 12, root, no systemd; see
# ../shared/notes/containers.md): installs it when missing and writes the two settings without which
# every container fails here. Idempotent; touches /etc/containers/containers.conf only when it has no
# `runtime =` line yet (an existing configuration is left as it is).
#   setrlimit RLIMIT_NOFILE: Operation not permitted  -> default_ulimits within the hard limits
#   crun: cgroups in hybrid mode not supported        -> runtime = "runc"
set -euo pipefail
[[ $(id -u) -eq 0 ]] || { echo "podman-setup: run as root (rootful podman)" >&2; exit 1; }
if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc conmon catatonit netavark aardvark-dns \
    iptables uidmap fuse-overlayfs slirp4netns debootstrap >/dev/null
  echo "podman-setup: installed $(podman --version)"
fi
conf=/etc/containers/containers.conf
if ! grep -qs '^runtime *=' "$conf"; then
  nofile="$(ulimit -Hn)"
  nproc="$(ulimit -Hu)"; pid_max="$(cat /proc/sys/kernel/pid_max)"
  [[ "$nproc" == unlimited || "$nproc" -gt "$pid_max" ]] && nproc="$pid_max"
  [[ "$nofile" == unlimited ]] && nofile=1048576
  mkdir -p /etc/containers
  cat >> "$conf" <<CONF
# written by candor deploy/podman-setup.sh
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
[network]
network_backend = "netavark"
CONF
  echo "podman-setup: wrote $conf"
fi
# CNI's default bridge config only makes podman warn (netavark is the backend)
rm -f /etc/cni/net.d/87-podman-bridge.conflist
podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.NetworkBackend}}' >/dev/null
