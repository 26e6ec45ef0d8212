"""Tier 4: playbooks against the local AWS endpoint (started if needed, reset per test)."""

import fcntl
import json
import os
import subprocess
import sys
import time
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
import recap  # noqa: E402  (scripts/)
from api_writes import mutating_operations  # noqa: E402,F401  (scripts/; the tests import it from here)


def _http(method, path, data=None, timeout=30):
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(
        ENDPOINT + path, data=body, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:
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

    def save(self, path):
        """The whole state (moto + extensions) to a file: emulator/snapshot.py."""
        return _http("POST", "/_prodgrade/state/save", {"path": str(path)}, timeout=600)

    def load(self, path):
        """Replace the whole state with a saved one; call counts start from zero."""
        return _http("POST", "/_prodgrade/state/load", {"path": str(path)}, timeout=600)


@pytest.fixture(scope="session")
def endpoint():
    """This worker's endpoint, started for the session and stopped after it: one left running would answer the next
    run on this port, from whichever tree started it (an endpoint already running here is used and left running)."""
    ctl = str(ROOT / "emulator" / "ctl")
    started = subprocess.run([ctl, "start"], check=True, cwd=ROOT, capture_output=True, text=True)
    yield Endpoint()
    if "already running" not in started.stdout:
        subprocess.run([ctl, "stop"], check=False, cwd=ROOT, capture_output=True)


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


class ConvergedSite:
    """The whole site.yml converged from an empty endpoint, saved once per test run (see converged_site)."""

    def __init__(self, snapshot, result):
        self.snapshot = snapshot
        self.recap = result["recap"]
        self.seconds = result["seconds"]

    def load_into(self, endpoint):
        endpoint.load(self.snapshot)
        return self


@pytest.fixture(scope="session")
def converged_site(endpoint, tmp_path_factory):
    """The whole estate, converged once per test run: the first worker that asks builds it on its endpoint and saves a
    snapshot of it (emulator/snapshot.py); every other test file loads that snapshot into its own endpoint instead of
    converging again (a file lock makes a worker that asks meanwhile wait for it). Under pytest-xdist the workers'
    temporary directories share a parent, which is where the snapshot goes."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    snapshot, result_file = shared / "site.pickle", shared / "site.json"
    with open(shared / "site.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result_file.exists():
            endpoint.reset()
            start = time.monotonic()
            result = run_playbook("site.yml")
            hosts = recap.recap(result.stdout)
            ok = result.returncode == 0 and hosts and not any(h["failed"] or h["unreachable"] for h in hosts.values())
            tail = result.stdout[-4000:]
            if ok:
                try:
                    endpoint.save(snapshot)
                except OSError as exc:  # urllib's HTTPError included: the endpoint could not save this state
                    ok, tail = False, f"saving the converged estate failed: {exc} {getattr(exc, 'read', str)()!r}"
            # A failed converge is recorded too, so the other workers fail at once instead of converging again.
            result_file.write_text(
                json.dumps({"ok": bool(ok), "recap": hosts, "seconds": time.monotonic() - start, "tail": tail})
            )
        built = json.loads(result_file.read_text())
    assert built["ok"], built["tail"]
    return ConvergedSite(snapshot, built)


@pytest.fixture
def site_estate(endpoint, converged_site):
    """This worker's endpoint holding the converged estate (loaded afresh for every test that asks)."""
    return converged_site.load_into(endpoint)


# The order test files are handed to the pytest-xdist workers (scripts/test.sh runs --dist loadfile
# --no-loadscope-reorder): the file that converges the whole site first, the whole-site --check on an empty endpoint
# on the other worker meanwhile, the other files while the converge runs, and last the files that load its snapshot.
FIRST = ("test_site.py", "test_site_empty.py")
LAST = ("test_site_check.py", "test_site_rerun.py")


def pytest_collection_modifyitems(items):
    def rank(item):
        name = Path(str(item.fspath)).name
        if name in FIRST:
            return (0, FIRST.index(name))
        if name in LAST:
            return (2, LAST.index(name))
        return (1, 0)

    items.sort(key=rank)  # stable: the tests of a file keep their order
