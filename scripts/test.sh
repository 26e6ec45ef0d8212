#!/usr/bin/env bash
# Every test tier, in order of speed. A tier that fails does not stop the others, so one run shows everything;
# the exit code is non-zero if any tier failed. pytest's "no tests ran" (exit 5) counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export PRODGRADE_EMULATOR_PORT=${PRODGRADE_EMULATOR_PORT:-5100}
mkdir -p build/test-logs

# tests/unverified.txt: scenarios and test files not yet seen passing; skipped here, listed on every run.
mapfile -t unverified < <(grep -v -e '^#' -e '^[[:space:]]*$' tests/unverified.txt 2>/dev/null)
scenarios=() ignores=()
for d in molecule/*/molecule.yml; do
  d=$(dirname "$d"); [[ " ${unverified[*]} " == *" $d "* ]] || scenarios+=("$(basename "$d")")
done
for f in "${unverified[@]}"; do [[ $f == tests/* ]] && ignores+=("--ignore=$f"); done

tiers=(unit emulator lint build sanity molecule integration)
[ $# -gt 0 ] && tiers=("$@")
passed=0 failed=0 failed_names=() summary=()
all_start=$(date +%s)

run_tier() {
  case "$1" in
    unit)        python -m pytest -q -p no:cacheprovider tests/unit ;;
    emulator)    python -m pytest -q -p no:cacheprovider tests/emulator ;;
    lint)        ansible-lint && black --check -q plugins tests emulator scripts && ruff check -q plugins tests emulator scripts ;;
    build)       scripts/build-collection.sh ;;
    sanity)      scripts/sanity.sh ;;
    molecule)    scripts/molecule.sh "${scenarios[@]}" ;;
    # Two workers, each with its own endpoint (tests/integration/conftest.py), a test file per worker at a time, in
    # the order conftest sorts them (the whole-site converge first; the files loading its snapshot last).
    integration) python -m pytest -q -p no:cacheprovider -n "${INTEGRATION_JOBS:-2}" --dist loadfile \
                   --no-loadscope-reorder --durations=15 "${ignores[@]}" tests/integration ;;
    *)           echo "unknown tier $1"; return 2 ;;
  esac
}

# CPU seconds of this shell's finished children (user + system), from bash's `times`: wall time on a shared
# 2-core machine varies with what else runs, CPU time much less. `times` must run in this shell itself, not in a
# $(...) subshell, so it writes to a file.
read_cpu() {
  times > build/test-logs/.times
  cpu_now=$(tail -1 build/test-logs/.times \
    | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", u[1]*60 + u[2] + s[1]*60 + s[2] }')
}

for tier in "${tiers[@]}"; do
  start=$(date +%s); read_cpu; cpu=$cpu_now
  echo "==== tier: $tier"
  if run_tier "$tier"; then
    passed=$((passed + 1)); result=passed
  else
    failed=$((failed + 1)); failed_names+=("$tier"); result=FAILED
  fi
  read_cpu
  line="tier $tier $result in $(( $(date +%s) - start ))s ($(( cpu_now - cpu )) s CPU, endpoints not counted)"
  echo "==== $line"
  summary+=("$line")
done

for port in $(seq "$PRODGRADE_EMULATOR_PORT" $((PRODGRADE_EMULATOR_PORT + ${INTEGRATION_JOBS:-2} - 1))); do
  emulator/ctl stop --port "$port" 2>&1 | grep -v "not running" || true
done
[ ${#unverified[@]} -gt 0 ] && echo "NOT RUN, not yet verified (tests/unverified.txt): ${unverified[*]}"
# Every tier's time again at the end, where CI's log shows it without scrolling.
printf '%s\n' "${summary[@]}"
echo "all tiers: $(( $(date +%s) - all_start ))s"
[ $failed -gt 0 ] && echo "failed tiers: ${failed_names[*]}"
echo "tiers: $passed passed, $failed failed"
[ $failed -eq 0 ]
