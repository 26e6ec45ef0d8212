#!/usr/bin/env bash
# Run every molecule scenario (or those named), each against its own local endpoint on its own port, so
# scenarios can run side by side without resetting each other's accounts. MOLECULE_JOBS sets parallelism.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p build/molecule
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  for d in molecule/*/molecule.yml; do scenarios+=("$(basename "$(dirname "$d")")"); done
fi
# Longest first, and the scenarios that build a fixture (molecule/shared/fixture.sh: compute_tier the workload chain,
# landing_zone the organization) before those that load it, so no slot sits waiting on a fixture lock while scenarios
# that need none are still queued. Scenarios not listed keep their order, at the end.
order=(compute_tier landing_zone app_host network observability backup_dr edge organization security data_tier
  security_groups)
ordered=()
for name in "${order[@]}"; do [[ " ${scenarios[*]} " == *" $name "* ]] && ordered+=("$name"); done
for name in "${scenarios[@]}"; do [[ " ${order[*]} " == *" $name "* ]] || ordered+=("$name"); done
scenarios=("${ordered[@]}")
jobs=${MOLECULE_JOBS:-2}
# Scenario i gets port base+i; a second run of this script at the same time needs another base.
base=${PRODGRADE_MOLECULE_BASE_PORT:-5300}

run_one() {
  local name=$1 port=$2 log="build/molecule/$1.log" start rc
  start=$(date +%s)
  # app_host runs in systemd containers: molecule's docker driver wants dockerd before its first step, so the
  # machine is set up here (docker.io + debootstrap installed, dockerd started, image built once, then cached).
  : > "$log"
  if [ "$name" = app_host ]; then scripts/app-host-image.sh >> "$log" 2>&1 || { tail -30 "$log"; return 1; }; fi
  # A run that failed in destroy leaves molecule's state at "created", and the next run would skip create (which
  # starts and resets the endpoint): start from no state (`molecule reset` wants dockerd for every scenario).
  rm -f "$HOME"/.ansible/tmp/molecule.*."$name"/state.yml
  PRODGRADE_EMULATOR_PORT=$port molecule test -s "$name" >> "$log" 2>&1
  rc=$?
  stopped=$(PRODGRADE_EMULATOR_PORT=$port emulator/ctl stop 2>&1 | grep -o '[0-9]* s CPU' || true)
  if [ $rc -eq 0 ]; then echo "molecule $name: passed in $(( $(date +%s) - start ))s (endpoint ${stopped:-?})";
  else echo "molecule $name: FAILED (rc=$rc) in $(( $(date +%s) - start ))s"; tail -60 "$log"; fi
  return $rc
}

# The fixtures' key (molecule/shared/fixture.sh), taken once: every scenario of this run shares the same snapshots.
PRODGRADE_FIXTURE_KEY=${PRODGRADE_FIXTURE_KEY:-$(molecule/shared/fixture.sh --key)}
export PRODGRADE_FIXTURE_KEY

# Each scenario writes its exit code to a file: `wait PID` cannot be trusted here, since `jobs` (the throttle
# below) reaps finished children and bash then answers "pid N is not a child of this shell" (exit 127).
rcdir=build/molecule/rc.$base  # per base port: engineers running this side by side in one tree keep their own
rm -rf "$rcdir" && mkdir -p "$rcdir"
i=0
for name in "${scenarios[@]}"; do
  { run_one "$name" $((base + i)); echo $? > "$rcdir/$name"; } &
  i=$((i + 1))
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
wait
failed=()
for name in "${scenarios[@]}"; do [ "$(cat "$rcdir/$name" 2>/dev/null)" = 0 ] || failed+=("$name"); done
echo "molecule: $(( ${#scenarios[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[ ${#failed[@]} -eq 0 ]
