#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): adds what ./wasm-bindgen split off to the build, and
# tells the service worker what to store.
#  - The chunks go to lazy/, optimized like the app in a release build, each named after a
#    digest of its content (`split_me_page-<16 hex>.wasm`): a name never changes meaning, so
#    browsers and the service worker may keep a chunk for good, and a new release brings new
#    names.
#  - Their loader `__wasm_split.js` goes beside the app's JavaScript, which imports it by that
#    name; it is pointed at the app's hashed JavaScript and at the chunks' names.
#  - sw.js gets the list of the release's files (all but index.html and sw.js) and a digest
#    of the release, so that every release is a new service worker that stores its files.
set -euo pipefail
: "${TRUNK_STAGING_DIR:?run as a Trunk hook}"
stage=$TRUNK_STAGING_DIR
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# A build whose wasm-bindgen was not the wrapper still imports the split points' placeholder
# module, and would fail at start in the browser: refuse it here.
if grep -lF "__wasm_split_placeholder__" "$stage"/*.js >/dev/null 2>&1; then
  echo "post-build: the lazy routes were not split; build through scripts/build-app.sh (or" \
    "with scripts/env.sh's PATH) so that scripts/wasm-split/wasm-bindgen runs" >&2
  exit 1
fi

target=$(cargo metadata --format-version 1 --no-deps | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)
mode=debug
[ "${TRUNK_PROFILE:-}" = release ] && mode=release
# The same features as index.html gives Trunk's own wasm-opt run.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue)
digest() { sha256sum "$1" | cut -c1-16; }

for dir in "$target/wasm-bindgen/$mode/wasm-split"/*/; do
  [ -f "$dir/__wasm_split.js" ] || continue
  name=$(basename "$dir")
  glue=$(cd "$stage" && ls | grep -E "^$name(-[0-9a-f]+)?\.js$" | head -n 1)
  [ -n "$glue" ] || { echo "post-build: no $name JavaScript in the build" >&2; exit 1; }
  mkdir -p "$stage/lazy"
  renames=(-e "s#from \"./$name.js\"#from \"./$glue\"#")
  for chunk in "$dir"*.wasm; do
    file=$(basename "$chunk" .wasm)
    [ "$file" = "$name" ] && continue # the main module, which Trunk has already
    if [ "$mode" = release ]; then
      wasm-opt -Oz "${features[@]}" "$chunk" -o "$stage/lazy/$file.wasm"
    else
      cp "$chunk" "$stage/lazy/$file.wasm"
    fi
    hashed="$file-$(digest "$stage/lazy/$file.wasm").wasm"
    mv "$stage/lazy/$file.wasm" "$stage/lazy/$hashed"
    renames+=(-e "s#new URL(\"\\./$file\\.wasm\"#new URL(\"./lazy/$hashed\"#")
  done
  sed "${renames[@]}" "$dir/__wasm_split.js" >"$stage/__wasm_split.js"
  if grep -qE 'new URL\("\./[^"/]*\.wasm"' "$stage/__wasm_split.js"; then
    echo "post-build: a chunk the loader names is missing from the build" >&2
    exit 1
  fi
done

# The service worker's list: every file of the release but the page and the worker itself.
files=$(cd "$stage" && find . -type f ! -name index.html ! -name sw.js | sed 's#^\.##' | LC_ALL=C sort)
release=$(cd "$stage" && find . -type f ! -name sw.js | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
list=$(printf '%s\n' "$files" | sed "s#.*#'&'#" | paste -sd, -)
grep -q "^const RELEASE = 'unbuilt';$" "$stage/sw.js" && grep -q '^const FILES = \[\];$' "$stage/sw.js" ||
  { echo "post-build: sw.js lacks the RELEASE and FILES lines to fill in" >&2; exit 1; }
sed -i -e "s#^const RELEASE = 'unbuilt';\$#const RELEASE = '$release';#" \
  -e "s#^const FILES = \[\];\$#const FILES = [$list];#" "$stage/sw.js"
