#!/usr/bin/env bash
# Render benchmark: a generated hall of 1,000 matters and a 2,000-comment thread, restored
# through the app's backup import, timed in Chromium with 4x CPU throttling. Needs dist/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo build --locked -q -p yishiting-server
backup=$(mktemp --suffix=.json)
trap 'rm -f "$backup"' EXIT
thread=$(cargo run --locked -q -p yishiting-demo --example big_hall 2>&1 >"$backup" | sed -n 's/^thread matter: //p')
node tests/bench/render.mjs "$backup" "$thread"
