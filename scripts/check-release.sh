#!/usr/bin/env bash
# Serves the optimized build from dist/ with the reference server and loads it in headless
# Chromium; fails unless the app rendered: an optimizer can produce a module that builds
# and then fails at start (a blank page).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

cargo build --locked -q -p yishiting-server
log=$(mktemp); profile=$(mktemp -d)
target/debug/yishiting-server serve --addr 127.0.0.1:0 --dist dist 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$profile" "$log"' EXIT
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$log" >&2; exit 1; }

dom=$(chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$profile" --window-size=390,844 \
  --virtual-time-budget=10000 --dump-dom "$url" 2>/dev/null)
# Both appear only once the WebAssembly has run and rendered the hall.
if grep -q 'class="top__name">百姓议事厅</h1>' <<<"$dom" && grep -q 'class="matter"' <<<"$dom"; then
  echo "release build renders in Chromium: ok ($url)"
else
  echo "release build did not render in Chromium; the page was:" >&2
  head -c 2000 <<<"$dom" >&2
  exit 1
fi
