#!/usr/bin/env bash
# The demo: the whole site.yml against the local AWS endpoint, twice. The second run must change nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
logs=build/demo && mkdir -p "$logs"
emulator/ctl reset >/dev/null

for run in 1 2; do
  echo "== site.yml run $run (inventories/local, endpoint 127.0.0.1:${PRODGRADE_EMULATOR_PORT:-5100})"
  start=$(date +%s)
  if ! ansible-playbook site.yml -i inventories/local > "$logs/run$run.log" 2>&1; then
    tail -40 "$logs/run$run.log"; echo "demo: run $run failed, full log in $logs/run$run.log"; exit 1
  fi
  echo "   $(( $(date +%s) - start ))s, $(python scripts/recap.py "$logs/run$run.log")"
done

echo "== what the estate holds now"
python scripts/estate.py -i inventories/local
python scripts/recap.py "$logs/run2.log" --expect-changed 0 >/dev/null \
  && echo "== second run: changed=0 on every account" \
  || { echo "demo: the second run changed something"; grep -B3 "^changed:" "$logs/run2.log" | head -40; exit 1; }
