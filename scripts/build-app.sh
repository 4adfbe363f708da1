#!/usr/bin/env bash
# Builds the app as phones get it: release, opt-level z, then binaryen's -Oz, into dist/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
trunk build --release --cargo-profile wasm-release --locked
