#!/usr/bin/env bash
# Builds promtool (Prometheus v3.x, Go module github.com/prometheus/prometheus v0.3xx) once into the
# gitignored .cache/telemetry/bin/, to check deploy/observability/alerts.yaml. Prints its path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PROMETHEUS_MODULE_VERSION=v0.316.0
bin="$root/.cache/telemetry/bin/promtool-$PROMETHEUS_MODULE_VERSION"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$(dirname "$bin")"
  tmp="$(mktemp -d)"
  GOBIN="$tmp" go install "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_MODULE_VERSION" >&2
  mv "$tmp/promtool" "$bin"
  rm -rf "$tmp"
fi
echo "$bin"
