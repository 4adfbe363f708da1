#!/usr/bin/env bash
# Prints the bytes of the first load (every file in dist/ that index.html loads), raw and gzip.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT/dist"
total_raw=0; total_gz=0
for f in index.html *.js *.wasm *.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
  printf '  %-45s %8d bytes raw %8d bytes gzip\n' "$f" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
echo "bench first_load: $total_raw bytes raw, $total_gz bytes gzip (budget 300000 gzip)"
