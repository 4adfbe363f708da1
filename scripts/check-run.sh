#!/usr/bin/env bash
# The README's run command, tried as a newcomer would: in a fresh clone of this repository
# (what is committed, nothing that is ignored), `bash scripts/run.sh` until it prints the URL;
# Chromium opens that URL and signs in with a code it printed; then it is stopped. The tools
# are already installed by now, and the clone shares this checkout's target directory so
# that only our own crates build again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$ROOT" "$work/clone"
CARGO_TARGET_DIR="$ROOT/target" node tests/run_command.mjs "$work/clone"
