#!/usr/bin/env bash
# molecule/shared/fixture.sh NAME (or --key): give the endpoint on $PRODGRADE_EMULATOR_PORT the state of fixture NAME (an
# earlier layer a scenario's role works in). The first scenario of a run that needs it builds it on its own endpoint
# (from its parent fixture, or from empty accounts) and saves a snapshot (emulator/ctl snapshot); the others load it.
# Snapshots are named by a hash of everything that shapes the state (roles, plugins, playbooks, inventories,
# emulator), so a change to any of them builds afresh. A lock per fixture makes scenarios running side by side wait
# for the one building it instead of building it twice.
set -euo pipefail

inputs_key() {
  # A hash of every file that shapes the fixtures' state, edits not yet committed included. (A tracked file deleted
  # in the work tree is still listed: sha1sum skips it.)
  (git ls-files -co --exclude-standard -z -- roles plugins playbooks inventories group_vars emulator molecule/shared \
    ansible.cfg | xargs -0 sha1sum 2> /dev/null || true) | sort -k2 | sha1sum | cut -c1-12
}

# All in a function, read whole before it runs: an edit of this file cannot break a run in progress.
main() {
  local self name parent play dir key snapshot start log
  self=$(realpath "$0")
  cd "$(dirname "$self")/../.."
  export PATH="$PWD/.venv/bin:$PATH"
  name=$1
  [ "$name" = --key ] && { inputs_key; return; }
  case $name in
    # name)           parent            playbook
    organization)    parent=;          play=playbooks/organization.yml ;;
    network)         parent=;          play=playbooks/network.yml ;;
    security_groups) parent=network;   play=molecule/shared/fixtures/security_groups.yml ;;
    data_tier)       parent=security_groups; play=molecule/shared/fixtures/data_tier.yml ;;
    *) echo "unknown fixture $name" >&2; exit 2 ;;
  esac
  dir=build/molecule/fixtures
  mkdir -p "$dir"
  # scripts/molecule.sh takes the key once per run (PRODGRADE_FIXTURE_KEY), so every scenario of a run shares the
  # fixtures even if the tree changes meanwhile.
  key=${PRODGRADE_FIXTURE_KEY:-$(inputs_key)}
  snapshot="$dir/$name-$key.pickle"

  exec 9> "$dir/$name.lock"
  flock 9
  if [ ! -f "$snapshot" ]; then
    start=$(date +%s)
    if [ -n "$parent" ]; then "$self" "$parent"; else emulator/ctl reset > /dev/null; fi
    log="$dir/$name.log"
    if ! ANSIBLE_COLLECTIONS_PATH="$PWD/.collections" ANSIBLE_ROLES_PATH="$PWD/roles" ANSIBLE_FORCE_COLOR=0 \
        ansible-playbook "$play" -i inventories/local > "$log" 2>&1; then
      tail -40 "$log" >&2
      echo "fixture $name: $play failed (log $log)" >&2
      exit 1
    fi
    rm -f "$dir/$name"-*.pickle  # snapshots of older inputs
    emulator/ctl snapshot save "$snapshot" > /dev/null
    echo "fixture $name: built in $(( $(date +%s) - start ))s"
  else
    start=$(date +%s)
    emulator/ctl snapshot load "$snapshot" > /dev/null
    echo "fixture $name: loaded $snapshot in $(( $(date +%s) - start ))s"
  fi
}

main "$@"
