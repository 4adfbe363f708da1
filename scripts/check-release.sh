#!/usr/bin/env bash
# Serves the optimized build from dist/ with the reference server and loads it in headless
# Chromium; fails unless the app starts and renders its first screen.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo build --locked -q -p yishiting-server
node tests/smoke.mjs
