#!/usr/bin/env bash
# Chromium (Debian package, /usr/bin/chromium) for browser tests. Nothing to start: tests launch it.
# Usage: chromium.sh install|start|stop
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM=/usr/bin/chromium

install() {
  if [ -x "$CHROMIUM" ]; then log "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"; return; fi
  log "chromium: installing (apt)"
  # Package lists may be stale or missing on a fresh machine.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  log "chromium: $("$CHROMIUM" --version 2>/dev/null)"
}
start() {
  [ -x "$CHROMIUM" ] || die "chromium: $CHROMIUM missing, run: $0 install"
  set_env CANDOR_TEST_CHROMIUM "$CHROMIUM"
}
stop() { unset_env CANDOR_TEST_CHROMIUM; }

dispatch "$@"
