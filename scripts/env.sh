# Sourced by the other scripts: where the tools are. wasm-opt comes from the npm package
# binaryen@132 in tools/ (Debian's binaryen 108 produces modules that fail at start).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# scripts/wasm-split/ comes first: its wasm-bindgen splits the lazy routes off, then runs the
# real one (see that script).
export PATH="$ROOT/scripts/wasm-split:$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# wasm-bindgen-test-runner gives chromedriver 5 s to bind its port, then kills it: on a cold CI
# machine it took longer, and the browser tests failed before any test ran. Each attempt still
# restarts after 10 s; a test gets 120 s instead of 20.
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Chromium as root in a container: no sandbox, and no calls to outside hosts.
CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync)
# A one-off build (CI, a fresh clone) gains nothing from incremental caches, which took
# 1.5 GB of the target directory in a full test run.
[ -z "${CI:-}" ] || export CARGO_INCREMENTAL=0
step() { printf '\n== %s\n' "$*"; }
