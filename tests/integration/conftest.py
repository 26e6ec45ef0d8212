"""Tier 4: playbooks against the local AWS endpoint (started if needed, reset per test)."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Under pytest-xdist (scripts/test.sh runs this tier on 2 workers) each worker gets its own endpoint, on the base port
# plus its index, so one worker's resets never empty the other's accounts. The playbooks read the same variable.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
PORT = str(int(os.environ.get("PRODGRADE_EMULATOR_PORT", "5100")) + _WORKER)
os.environ["PRODGRADE_EMULATOR_PORT"] = PORT
ENDPOINT = f"http://127.0.0.1:{PORT}"
sys.path.insert(0, str(ROOT / "scripts"))


def _http(method, path):
    req = urllib.request.Request(ENDPOINT + path, method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


class Endpoint:
    url = ENDPOINT

    def reset(self):
        _http("POST", "/moto-api/reset")

    def calls(self):
        return _http("GET", "/_prodgrade/calls")

    def reset_calls(self):
        _http("DELETE", "/_prodgrade/calls")


@pytest.fixture(scope="session")
def endpoint():
    subprocess.run([str(ROOT / "emulator" / "ctl"), "start"], check=True, cwd=ROOT)
    return Endpoint()


@pytest.fixture
def empty_endpoint(endpoint):
    endpoint.reset()
    return endpoint


def run_playbook(playbook, *args, inventory="inventories/local"):
    """ansible-playbook from the repo root; returns the CompletedProcess with stdout+stderr in .stdout."""
    env = dict(os.environ, ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
    cmd = [
        str(ROOT / ".venv" / "bin" / "ansible-playbook"),
        playbook,
        "-i",
        inventory,
        *args,
    ]
    return subprocess.run(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


@pytest.fixture
def playbook():
    return run_playbook
