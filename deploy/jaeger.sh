#!/usr/bin/env bash
# Builds Jaeger all-in-one (the trace collector the telemetry tests export to) from its Go module,
# once, into the gitignored .cache/telemetry/bin/. `go install` refuses the module (its go.mod has a
# replace directive), so the module's source is downloaded through the module proxy and built in a
# copy. Prints the binary's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
JAEGER_VERSION=v1.75.0
bin="$root/.cache/telemetry/bin/jaeger-all-in-one-$JAEGER_VERSION"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$(dirname "$bin")"
  src="$(go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  work="$(mktemp -d)"
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && go build -o "$bin.tmp" ./cmd/all-in-one >&2)
  mv "$bin.tmp" "$bin"
  rm -rf "$work"
fi
echo "$bin"
