#!/usr/bin/env bash
# Runs the app: installs what is missing, builds the phone build and the server, serves it.
# PORT (default 8080) and ADDR (default 127.0.0.1; 0.0.0.0 to reach it from phones on the
# same network) choose where it listens.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash scripts/setup.sh
step "building the app (release, about a minute the first time)"
bash scripts/build-app.sh
step "building the server"
cargo build --locked --release -p yishiting-server
step "starting"
exec target/release/yishiting-server serve --addr "${ADDR:-127.0.0.1}:${PORT:-8080}" --dist dist
