#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium and its WebDriver (chromium-driver: /usr/bin/chromedriver, the same
# version as the browser) are installed for the page tests (org.fieldplan.api.browser, Selenium WebDriver).
# Prints FIELDPLAN_CHROMIUM=... and FIELDPLAN_CHROMEDRIVER=... on stdout; messages go to stderr. Called by
# `./fieldplan test` and `./fieldplan demo`. Idempotent: when both are there it returns at once.
# FIELDPLAN_CHROMIUM / FIELDPLAN_CHROMEDRIVER set to executables are used as they are.
set -euo pipefail

say() { printf 'fieldplan chromium: %s\n' "$*" >&2; }

find_browser() {
  if [[ -n "${FIELDPLAN_CHROMIUM:-}" && -x "${FIELDPLAN_CHROMIUM}" ]]; then echo "$FIELDPLAN_CHROMIUM"; return 0; fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}
find_driver() {
  if [[ -n "${FIELDPLAN_CHROMEDRIVER:-}" && -x "${FIELDPLAN_CHROMEDRIVER}" ]]; then echo "$FIELDPLAN_CHROMEDRIVER"; return 0; fi
  if [[ -x /usr/bin/chromedriver ]]; then echo /usr/bin/chromedriver; return 0; fi
  return 1
}

browser="$(find_browser || true)"
driver="$(find_driver || true)"
if [[ -z "$browser" || -z "$driver" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    say "Chromium or its driver is missing and this user cannot install them. As root run:"
    say "  apt-get install -y chromium chromium-driver"
    say "(or set FIELDPLAN_CHROMIUM and FIELDPLAN_CHROMEDRIVER). The browser tests (*BrowserIT) need both."
    exit 1
  fi
  say "installing Debian's chromium and chromium-driver (once)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends chromium chromium-driver >&2; then
    apt-get update >&2 && apt-get install -y --no-install-recommends chromium chromium-driver >&2
  fi
  browser="$(find_browser)"
  driver="$(find_driver)"
fi
printf 'FIELDPLAN_CHROMIUM=%q\nFIELDPLAN_CHROMEDRIVER=%q\n' "$browser" "$driver"
