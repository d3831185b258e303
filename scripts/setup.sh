#!/usr/bin/env bash
# Installs what LWC needs on a fresh Debian machine, then builds bin/lwc.
#   - Debian packages: the Thai PDF font (Laksaman), poppler (pdftotext/pdftoppm
#     for the tests), Chromium (browser tests), Thai word lists (line breaking).
#   - npm packages: echarts (the chart script, copied into the site; never a CDN).
#   - Go modules: fetched by go build from go.mod/go.sum.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(fonts-tlwg-laksaman-ttf poppler-utils chromium hunspell-th libthai-data ca-certificates)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in go npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is required (Go 1.26, Node.js with npm)" >&2; exit 1; }
done

if [ ! -f node_modules/echarts/dist/echarts.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (echarts)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "setup: building bin/lwc"
go build -o bin/lwc ./cmd/lwc
echo "setup: done"
