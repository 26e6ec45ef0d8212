#!/usr/bin/env bash
# Build the prodgrade.aws collection artifact, install it, and check that every module's documentation renders.
#   build/prodgrade-aws-<version>.tar.gz   the artifact (galaxy.yml's build_ignore decides what is left out)
#   build/collections/                     the artifact installed (--no-deps: amazon.aws and community.aws come
#                                          from the venv's `ansible` package, Galaxy is never asked)
# then `ansible-doc -t module` on every plugins/modules/*.py, against the installed copy
# (not the repo), so a module whose docs break or that build_ignore drops fails here.
# Usage: scripts/build-collection.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/.venv"
export PATH="$venv/bin:$PATH"

rm -rf build/collections build/prodgrade-aws-*.tar.gz
mkdir -p build
ansible-galaxy collection build --force --output-path build/ . >/dev/null
tarball=$(ls build/prodgrade-aws-*.tar.gz)
# (its warning that build/collections is not in ansible.cfg's collections_path is expected: the env var below sets it)
ansible-galaxy collection install -p build/collections "$tarball" --force --no-deps 2>&1 >/dev/null \
  | { grep -v 'is not part of the configured Ansible collections paths' || true; } >&2

site=$("$venv/bin/python" -c 'import ansible_collections, os; print(os.path.dirname(list(ansible_collections.__path__)[0]))')
# The environment overrides ansible.cfg's collections_path (which points at the repo link, not the artifact).
export ANSIBLE_COLLECTIONS_PATH="$root/build/collections:$site"
installed="$root/build/collections/ansible_collections/prodgrade/aws"
[ -f "$installed/MANIFEST.json" ] || { echo "build: $tarball did not install to $installed"; exit 1; }

# One ansible-doc run for every module (a run per module costs ~1 s of start-up each); a module missing from its
# JSON, or a run that fails, is then retried alone to show its error.
names=()
for path in plugins/modules/*.py; do
  [ -e "$path" ] || continue
  name=$(basename "$path" .py)
  [ "$name" = "__init__" ] || names+=("$name")
done
total=${#names[@]} bad=()
rendered=$(ansible-doc -t module --json "${names[@]/#/prodgrade.aws.}" 2>/dev/null \
  | python -c 'import json, sys; print(" ".join(k for k, v in json.load(sys.stdin).items() if (v or {}).get("doc")))' \
  || true)
for name in "${names[@]}"; do
  [[ " $rendered " == *" prodgrade.aws.$name "* ]] && continue
  if ! out=$(ansible-doc -t module "prodgrade.aws.$name" 2>&1) || [ -z "$out" ] \
      || grep -q -e '^\[WARNING\]: .*not found' -e 'ERROR' <<<"$out"; then
    bad+=("$name")
    echo "build: ansible-doc prodgrade.aws.$name failed:"
    sed 's/^/    /' <<<"$out" | head -20
  fi
done

size=$(du -h "$tarball" | cut -f1)
files=$(tar -tzf "$tarball" | grep -vc '/$')
echo "build: $tarball ($size, $files entries) installed to build/collections; ansible-doc rendered" \
  "$((total - ${#bad[@]}))/$total modules${bad:+; FAILED: ${bad[*]}}"
[ ${#bad[@]} -eq 0 ]
