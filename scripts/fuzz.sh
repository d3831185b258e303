#!/usr/bin/env bash
# Runs every fuzz target of the repository for a bounded time each.
# Usage: scripts/fuzz.sh [duration per target, default 15s]
set -euo pipefail
cd "$(dirname "$0")/.."
t="${1:-15s}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz: $pkg $target ($t)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 5s "$pkg"
  done
done
