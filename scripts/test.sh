#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then formatting, lints,
# native tests, the domain's wasm32 build, browser tests in headless Chromium, the release
# build loaded in Chromium, and the benchmarks (printed, not asserted).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

passed=0
run() {
  step "$1"
  shift
  "$@"
  passed=$((passed + 1))
}
# On any failure set -e stops the script; the summary line is only printed when all passed.

run "install what is missing" bash scripts/setup.sh
run "rustfmt" cargo fmt --all --check
run "clippy (native)" cargo clippy --locked --workspace --all-targets -- -D warnings
run "clippy (wasm32 app)" cargo clippy --locked -p yishiting --target wasm32-unknown-unknown --all-targets -- -D warnings
run "clippy (wasm32 app, lazy routes)" cargo clippy --locked -p yishiting --target wasm32-unknown-unknown --features split -- -D warnings
run "native tests" cargo test --locked --workspace
run "domain crate builds for wasm32" cargo build --locked -p yishiting-domain --target wasm32-unknown-unknown
run "browser tests (wasm-bindgen-test in headless Chromium)" \
  cargo test --locked -p yishiting --target wasm32-unknown-unknown --tests
run "release build (trunk, wasm-opt -Oz)" bash scripts/build-app.sh
run "release build renders in Chromium" bash scripts/check-release.sh
run "sync protocol conformance against the reference server" bash scripts/conformance.sh
run "the README's run command from a fresh clone (URL opened, a printed code signed in)" bash scripts/check-run.sh
run "end-to-end journeys (Playwright, phone viewport, offline included)" bash scripts/e2e.sh
run "benchmark: bundle size" bash scripts/bench-bundle.sh
run "benchmark: recount and tally" cargo bench --locked -q -p yishiting-server --bench recount
run "benchmark: ballots through push (SQLite server, loopback HTTP)" cargo bench --locked -q -p yishiting-server --bench push
run "benchmark: pulling 10,000 changes into IndexedDB (Chromium), against PouchDB" bash scripts/bench-pull.sh
run "benchmark: hall and thread rendering (4x CPU throttling)" bash scripts/bench-render.sh

printf '\nsteps: %d passed, 0 failed\n' "$passed"
