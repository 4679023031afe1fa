#!/usr/bin/env bash
# Makes sure a headless browser for the page tests is there: Debian's chromium (and the DejaVu fonts pages and
# PDFs use for Cyrillic). Idempotent: installs only what is missing, as root with apt-get; otherwise says what to do.
# FIELDPLAN_CHROMIUM=/path/to/chrome uses another browser instead.
set -euo pipefail

if [[ -n "${FIELDPLAN_CHROMIUM:-}" ]]; then
  [[ -x "$FIELDPLAN_CHROMIUM" ]] || { echo "browser.sh: FIELDPLAN_CHROMIUM=$FIELDPLAN_CHROMIUM is not executable" >&2; exit 1; }
  exit 0
fi
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "browser.sh: the page tests need ${missing[*]}; install them (sudo apt-get install -y ${missing[*]})" \
       "or set FIELDPLAN_CHROMIUM to a Chromium/Chrome executable." >&2
  exit 1
fi
echo "browser.sh: installing ${missing[*]} (Debian packages, once)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; }
