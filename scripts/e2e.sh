#!/usr/bin/env bash
# End-to-end journeys in Debian's Chromium (playwright-core) against the real server over
# the release build in dist/. Expects scripts/build-app.sh to have run.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo build --locked -q -p yishiting-server
node --test --test-concurrency=1 tests/e2e/
