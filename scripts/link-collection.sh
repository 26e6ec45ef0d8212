#!/usr/bin/env bash
# Make the repo importable as the prodgrade.aws collection for playbooks run from the repo root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.collections/ansible_collections/prodgrade"
ln -sfn "$root" "$root/.collections/ansible_collections/prodgrade/aws"
