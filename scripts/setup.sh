#!/usr/bin/env bash
# Set up everything from nothing: the virtualenv from requirements.txt, the collection link, and the
# collections of requirements.yml (which the `ansible` package already ships, so Galaxy is never asked).
# Re-running is cheap: the venv is rebuilt only when requirements.txt changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/.venv"
python=${PYTHON:-python3}
stamp="$venv/.requirements.sha256"
want=$(sha256sum requirements.txt | cut -d' ' -f1)

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing the Python side into .venv (requirements.txt)"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -r requirements.txt
  echo "$want" > "$stamp"
fi

scripts/link-collection.sh
# Offline by construction: both collections are inside the venv's `ansible` package.
"$venv/bin/ansible-galaxy" collection install -r requirements.yml -p "$root/.collections" 2>&1 \
  | grep -v -e "^Starting" -e "^Process" -e "Nothing to do" -e "already installed" || true
echo "setup: ready ($("$venv/bin/ansible" --version | head -1))"
