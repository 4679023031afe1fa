#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium is installed for the page tests (org.fieldplan.api.browser).
# Prints the browser's path on stdout (FIELDPLAN_CHROMIUM=...); messages go to stderr. Called by
# `./fieldplan test` and `./fieldplan demo`. Idempotent: when chromium is there it returns at once.
# With FIELDPLAN_CHROMIUM set to an executable it uses that one. The tests drive the browser over Chrome's
# DevTools protocol, so no chromedriver is needed.
set -euo pipefail

say() { printf 'fieldplan chromium: %s\n' "$*" >&2; }

if [[ -n "${FIELDPLAN_CHROMIUM:-}" && -x "${FIELDPLAN_CHROMIUM}" ]]; then
  printf 'FIELDPLAN_CHROMIUM=%q\n' "$FIELDPLAN_CHROMIUM"; exit 0
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -x "$candidate" ]]; then printf 'FIELDPLAN_CHROMIUM=%q\n' "$candidate"; exit 0; fi
done
if [[ "$(id -u)" -ne 0 ]]; then
  say "Chromium is missing and this user cannot install it. As root run: apt-get install -y chromium"
  say "(or set FIELDPLAN_CHROMIUM to a Chromium/Chrome binary). The browser tests (*BrowserIT) need it."
  exit 1
fi
say "installing Debian's chromium (once)..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium >&2; then
  apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2
fi
printf 'FIELDPLAN_CHROMIUM=%q\n' /usr/bin/chromium
