#!/usr/bin/env bash
# Runs the app: installs what is missing, builds the phone build and the server, and serves
# both on the embedded database (data/yishiting.sqlite3). The first run creates the demo
# community there and keeps its sign-in codes in data/demo-codes.txt, printed at every start.
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
server="${CARGO_TARGET_DIR:-target}/release/yishiting-server"
addr="${ADDR:-127.0.0.1}:${PORT:-8080}"
db=data/yishiting.sqlite3
# data/ is not in the repository: a fresh clone has none.
mkdir -p data
if [ ! -f "$db" ]; then
  step "creating the demo community (翠屏花园) in $db"
  # The codes are shown once by init; this file keeps them for the demo (mode 600). An init
  # that fails leaves no half community behind for the next start to skip.
  umask 077
  if ! "$server" init --db "$db" --demo --url "http://$addr" --slips data/demo-slips.html \
    > data/demo-codes.txt; then
    rm -f "$db" data/demo-codes.txt
    exit 1
  fi
fi
step "sign-in codes of the demo (all in data/demo-codes.txt; slips in data/demo-slips.html)"
cat data/demo-codes.txt
step "starting"
exec "$server" serve --addr "$addr" --dist dist --db "$db"
