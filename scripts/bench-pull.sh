#!/usr/bin/env bash
# Pull benchmark: time for a phone to pull 10,000+ changes into IndexedDB after signing in,
# in headless Chromium against the reference server. Needs dist/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo build --locked -q -p yishiting-server
node tests/bench/pull.mjs
