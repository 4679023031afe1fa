#!/usr/bin/env bash
# Makes sure Debian's wrk (HTTP load tool, package "wrk") is installed for `./fieldplan bench windows-wrk`.
# Prints FIELDPLAN_WRK=... on stdout; messages go to stderr. Idempotent: when wrk is there it returns at once.
# FIELDPLAN_WRK set to an executable is used as it is.
set -euo pipefail

say() { printf 'fieldplan wrk: %s\n' "$*" >&2; }

find_wrk() {
  if [[ -n "${FIELDPLAN_WRK:-}" && -x "${FIELDPLAN_WRK}" ]]; then echo "$FIELDPLAN_WRK"; return 0; fi
  if command -v wrk >/dev/null 2>&1; then command -v wrk; return 0; fi
  return 1
}

wrk="$(find_wrk || true)"
if [[ -z "$wrk" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    say "wrk is missing and this user cannot install it. As root run:"
    say "  apt-get install -y wrk"
    say "(or set FIELDPLAN_WRK to a wrk executable)."
    exit 1
  fi
  say "installing Debian's wrk (once)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends wrk >&2; then
    apt-get update >&2 && apt-get install -y --no-install-recommends wrk >&2
  fi
  wrk="$(find_wrk)"
fi
printf 'FIELDPLAN_WRK=%q\n' "$wrk"
