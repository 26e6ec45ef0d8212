#!/usr/bin/env bash
# `ansible-test sanity` for prodgrade.aws, offline and with no ignore file. See docs/testing.md.
#
# ansible-test only runs from a directory whose path ends in ansible_collections/<ns>/<name>, so this copies the
# collection's files (tracked + untracked-but-not-ignored, i.e. what a commit would hold, minus build_ignore) to
# build/sanity/ansible_collections/prodgrade/aws and runs there. The copy gets a throwaway git repo of its own:
# without one ansible-test walks up to /work/main/.git, where build/ is ignored, and would find no files.
#
# ansible-test bootstraps pip into each sanity venv with get-pip.py downloaded from ci-files.testing.ansible.com
# (not reachable here); scripts/get_pip_standin.py is installed as its cache file so nothing is downloaded
# except the pinned sanity requirements, from the pip index this machine is configured for (PyPI).
#
# Usage: scripts/sanity.sh [extra ansible-test sanity args, e.g. --test pylint | -v]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/.venv"
export PATH="$venv/bin:$PATH"
python=${SANITY_PYTHON_VERSION:-3.11}
dest="$root/build/sanity/ansible_collections/prodgrade/aws"

# 1. the pip bootstrap script ansible-test would otherwise download (version = ansible-test's pinned pip)
pip_version=$(SANITY_PY="$python" "$venv/bin/python" - <<'EOF'
import os, types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version=os.environ["SANITY_PY"]))["pip"])
EOF
)
cache="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
mkdir -p "$(dirname "$cache")"
cp "$root/scripts/get_pip_standin.py" "$cache"

# 2. a fresh copy of the collection in an ansible_collections/ tree (ansible-test output stays in the copy)
rm -rf "$dest"
mkdir -p "$dest"
# Scope = what the artifact ships: galaxy.yml's build_ignore (matched the way ansible-galaxy build matches it,
# fnmatch on each leading path) drops repo tooling (scripts/, emulator/, molecule/, inventories/ ...), which
# black/ruff/pytest cover instead. galaxy.yml itself stays: ansible-test reads it (e.g. version_added checks).
git ls-files -z -co --exclude-standard | "$venv/bin/python" -c '
import fnmatch, os, sys, yaml
ignore = (yaml.safe_load(open("galaxy.yml")) or {}).get("build_ignore") or []
ignore += [".git", "*.pyc", "*.retry", "tests/output", "MANIFEST.json", "FILES.json"]
for path in sys.stdin.read().split("\0"):
    if not path or not (os.path.exists(path) or os.path.islink(path)):
        continue
    parts = path.split("/")
    if any(fnmatch.fnmatch("/".join(parts[:i]), pat) for i in range(1, len(parts) + 1) for pat in ignore):
        continue
    sys.stdout.write(path + "\0")
' | xargs -0 -r cp -a --parents -t "$dest/"
git -C "$dest" init -q
# The project's rule: sanity passes with no ignore file. Refuse to run if one has crept in.
if compgen -G "$dest/tests/sanity/ignore-*.txt" >/dev/null; then
  echo "sanity: tests/sanity/ignore-*.txt found; fix the findings instead of ignoring them" >&2
  exit 1
fi
# Dependencies (galaxy.yml: amazon.aws, community.aws) must sit beside the collection in the same
# ansible_collections/ tree for ansible-test's import/validate-modules/ansible-doc tests. Galaxy is never asked:
# link the copies the venv's `ansible` package ships.
site=$("$venv/bin/python" -c 'import ansible_collections, os; print(list(ansible_collections.__path__)[0])')
for dep in amazon/aws community/aws; do
  [ -d "$site/$dep" ] || { echo "sanity: dependency $dep not found in $site"; exit 1; }
  mkdir -p "$(dirname "$root/build/sanity/ansible_collections/$dep")"
  ln -sfn "$site/$dep" "$root/build/sanity/ansible_collections/$dep"
done

# 3. run. Sanity venvs are cached in ~/.ansible/test/venv (keyed on their pinned requirements), so only the
#    first run on a machine installs anything.
cd "$dest"
start=$(date +%s)
rc=0
ansible-test sanity --python "$python" --color no "$@" || rc=$?
echo "sanity: ansible-test sanity --python $python exited $rc in $(( $(date +%s) - start ))s" \
  "(results: ${dest#"$root"/}/tests/output)"
exit $rc
