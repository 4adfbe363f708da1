#!/usr/bin/env bash
# Pull benchmark: time for a phone to pull 10,000+ changes into IndexedDB after signing in,
# in headless Chromium against the reference server, and PouchDB 9 replicating the same
# records from pouchdb-server 4 beside it, with the ratio. The server is the release build the
# README's run command runs (the debug build's SQLite is unoptimized). Needs dist/ and tools/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo build --locked --release -q -p yishiting-server
node tests/bench/pull.mjs
