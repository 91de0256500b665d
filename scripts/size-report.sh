#!/usr/bin/env bash
# Prints the size of what trunk built into dist/: wasm and JS, raw and gzip.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT/dist"
total_raw=0; total_gz=0
for f in *.wasm *.js *.css *.html; do
  [ -e "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-40s raw %9d B   gzip %8d B\n' "$f" "$raw" "$gz"
done
awk -v r="$total_raw" -v g="$total_gz" \
  'BEGIN { printf "dist size: total raw %d B (%.1f KiB), gzip %d B (%.1f KiB)\n", r, r / 1024, g, g / 1024 }'
