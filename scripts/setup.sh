#!/usr/bin/env bash
# Installs what building and testing need, skipping each tool already present at the right
# version: the wasm32 target, Chromium with its driver and CJK fonts, Trunk, wasm-bindgen-cli
# at the version Cargo.lock pins, wasm-split-cli, and from tools/package.json wasm-opt
# (binaryen@132) and playwright-core (which drives Debian's Chromium; it downloads no browser).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v curl >/dev/null || missing+=(curl)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  step "apt-get install ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION (about 7 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

bindgen=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  step "cargo install wasm-bindgen-cli $bindgen (about 3 minutes)"
  # Not --locked: the registry lacks one of its locked dependency versions.
  cargo install wasm-bindgen-cli --version "$bindgen" --force
fi

# wasm-split-cli cuts the release build's lazy routes into chunks (scripts/wasm-split/).
installed=$(cargo install --list)
if ! command -v wasm-split-cli >/dev/null ||
  ! grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:" <<<"$installed"; then
  step "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli, about 4 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# Every package tools/package.json names must be there at its pinned version (`npm ls` fails
# on one missing or of another version, as after a checkout that changed the lock). No
# install scripts run: none of these needs one (PouchDB's server runs in memory, and
# leveldown ships prebuilt binaries), and an old npm would try to download or compile
# sqlite3 and leveldown for nothing.
command -v npm >/dev/null || { echo "setup: Node.js 20 or later, with npm, is needed (Debian: apt-get install nodejs npm)" >&2; exit 1; }
if ! wasm-opt --version 2>/dev/null | grep -q "version 132" ||
  ! (cd tools && npm ls --depth=0 >/dev/null 2>&1); then
  step "npm ci in tools/ (binaryen 132, playwright-core, ajv, the PouchDB peer of the pull benchmark)"
  (cd tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
