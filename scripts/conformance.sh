#!/usr/bin/env bash
# The sync protocol's conformance suite against the reference server, as a separate process
# over a real socket: a fresh database with two communities, the server started on a free
# port, `yishiting-server conformance` run against it, the server stopped.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo build --locked -q --release -p yishiting-server
server="$ROOT/target/release/yishiting-server"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'unit_id,area,owner_id,owner_name\n1-101,90.00,wang,王\n1-102,60.00,wang,王\n1-201,90.00,li,李\n1-202,90.00,zhang,张\n' > "$work/units.csv"
"$server" init --db "$work/hall.sqlite3" --community 一致性测试小区 --units "$work/units.csv" --codes-json "$work/here.json" > /dev/null
"$server" init --db "$work/hall.sqlite3" --demo --codes-json "$work/demo.json" > /dev/null
code() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
"$server" serve --addr 127.0.0.1:0 --dist "$ROOT/tests/fixtures/dist" --db "$work/hall.sqlite3" 2> "$work/server.log" &
pid=$!
for _ in $(seq 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.log"; exit 1; }
# The community made from units.csv has no role accounts yet: the administrator makes them
# through the API, as a real one would.
admin=$(code "$work/here.json" 'd["admin_code"]')
token=$(curl -sf -X POST "$url/api/v1/session" -H 'Content-Type: application/json' -d "{\"code\":\"$admin\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
community=$(code "$work/here.json" 'd["community"]')
make() {
  curl -sf -X POST "$url/api/v1/communities/$community/accounts" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"role\":\"$2\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])'
}
"$server" conformance --url "$url" \
  --committee "$(make 周主任 committee)" \
  --resident "$(make 陈思远 resident)" \
  --officer "$(make 孙桂兰 officer)" \
  --owner "$(code "$work/here.json" '[u["code"] for u in d["units"] if u["unit"]=="1-101"][0]')" \
          "$(code "$work/here.json" '[u["code"] for u in d["units"] if u["unit"]=="1-201"][0]')" \
  --second-unit "$(code "$work/here.json" '[u["code"] for u in d["units"] if u["unit"]=="1-102"][0]')" \
  --other-community "$(code "$work/demo.json" 'd["accounts"][0]["code"]')" \
  --admin "$admin"
