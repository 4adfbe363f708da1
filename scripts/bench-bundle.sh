#!/usr/bin/env bash
# Prints the bytes of the first load (every file in dist/ that index.html loads: the page, the
# app's JavaScript and WebAssembly, the chunks' loader, the CSS, the service worker), raw and
# gzip, and fails when its gzip total is over the budget. Then, apart, what dist/lazy/ holds:
# the chunks that come after the first screen (fetched in the background, or when their page
# opens).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT/dist"
BUDGET=300000
total_raw=0; total_gz=0
for f in index.html *.js *.wasm *.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
  printf '  %-45s %8d bytes raw %8d bytes gzip\n' "$f" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
echo "bench first_load: $total_raw bytes raw, $total_gz bytes gzip (budget $BUDGET gzip)"
lazy_raw=0; lazy_gz=0; lazy_files=0
for f in lazy/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
  printf '  %-45s %8d bytes raw %8d bytes gzip\n' "$f" "$raw" "$gz"
  lazy_raw=$((lazy_raw + raw)); lazy_gz=$((lazy_gz + gz)); lazy_files=$((lazy_files + 1))
done
echo "bench lazy_chunks: $lazy_files files, $lazy_raw bytes raw, $lazy_gz bytes gzip (not in the first load)"
if ((total_gz > BUDGET)); then
  echo "the first load is over its budget: $total_gz > $BUDGET bytes gzip" >&2
  exit 1
fi
