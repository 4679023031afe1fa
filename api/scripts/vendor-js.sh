#!/usr/bin/env bash
# Copies the browser libraries the pages use (api/frontend/package.json, versions pinned in package-lock.json) from
# the npm registry into the service's static resources at BUILD time: MapLibre GL JS -> static/vendor/maplibre-gl/,
# Apache ECharts (the reports' charts) -> static/vendor/echarts/.
# Run by the api build (exec-maven-plugin, generate-resources) with the output directory as $1; a second run with the
# packages already installed takes no network. Needs npm (Debian: apt-get install -y npm).
set -euo pipefail
out=${1:?usage: vendor-js.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")/../frontend" && pwd)
want=$(node -e 'console.log(require(process.argv[1]).dependencies["maplibre-gl"])' "$here/package.json" 2>/dev/null || true)
have=$(node -e 'console.log(require(process.argv[1]).version)' "$here/node_modules/maplibre-gl/package.json" 2>/dev/null || true)
want_charts=$(node -e 'console.log(require(process.argv[1]).dependencies["echarts"])' "$here/package.json" 2>/dev/null || true)
have_charts=$(node -e 'console.log(require(process.argv[1]).version)' "$here/node_modules/echarts/package.json" 2>/dev/null || true)
if ! command -v npm >/dev/null; then
  echo "vendor-js.sh: npm is missing; install it (Debian: apt-get install -y npm) to build the map pages" >&2
  exit 1
fi
if [[ -z "$have" || "$have" != "$want" || -z "$have_charts" || "$have_charts" != "$want_charts" ]]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$out/maplibre-gl"
cp "$here/node_modules/maplibre-gl/dist/maplibre-gl.js" "$here/node_modules/maplibre-gl/dist/maplibre-gl.css" \
   "$here/node_modules/maplibre-gl/LICENSE.txt" "$out/maplibre-gl/"
mkdir -p "$out/echarts"
cp "$here/node_modules/echarts/dist/echarts.min.js" "$here/node_modules/echarts/LICENSE" "$out/echarts/"
