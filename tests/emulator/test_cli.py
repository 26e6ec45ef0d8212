"""The start/status/reset/stop commands, against their own server and state dir."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def emulator(*args: str, state_dir) -> subprocess.CompletedProcess:
    # Without $PRODGRADE_EMULATOR_PORT (make exports it), a command with no --port finds the one server running.
    env = {
        **{k: v for k, v in os.environ.items() if k != "PRODGRADE_EMULATOR_PORT"},
        "PYTHONPATH": str(REPO_ROOT),
        "PRODGRADE_EMULATOR_STATE_DIR": str(state_dir),
    }
    return subprocess.run(
        [str(REPO_ROOT / "emulator" / "ctl"), *args],
        env={**env, "PYTHON": sys.executable},
        check=False,
        capture_output=True,
        text=True,
        timeout=90,
    )


def test_start_status_reset_stop(tmp_path, unused_port):
    port = str(unused_port)
    try:
        started = emulator("start", "--port", port, state_dir=tmp_path)
        assert started.returncode == 0, started.stderr
        assert (tmp_path / f"server.{port}.pid").exists()
        again = emulator("start", "--port", port, state_dir=tmp_path)
        assert again.returncode == 0 and "already running" in again.stdout
        status = emulator("status", state_dir=tmp_path)
        assert status.returncode == 0 and f":{port}" in status.stdout
        assert emulator("reset", state_dir=tmp_path).returncode == 0
        assert emulator("faults", "--rate", "0.5", "--count", "2", state_dir=tmp_path).returncode == 0
        assert emulator("calls", "--json", state_dir=tmp_path).returncode == 0
    finally:
        stopped = emulator("stop", state_dir=tmp_path)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not (tmp_path / f"server.{port}.pid").exists()
    assert emulator("status", "--port", port, state_dir=tmp_path).returncode == 1


def test_two_ports_side_by_side(tmp_path, unused_port, other_unused_port):
    """Parallel molecule scenarios each start their own endpoint: neither start refuses, each stop stops its own."""
    first, second = str(unused_port), str(other_unused_port)
    try:
        for port in (first, second):
            started = emulator("start", "--port", port, state_dir=tmp_path)
            assert started.returncode == 0, started.stderr
        assert emulator("status", "--port", first, state_dir=tmp_path).returncode == 0
        assert emulator("status", "--port", second, state_dir=tmp_path).returncode == 0
        # With two running, a command without --port must not guess: it goes to the default port.
        stopped = emulator("stop", "--port", first, state_dir=tmp_path)
        assert stopped.returncode == 0 and f"port {first}" in stopped.stdout
        assert emulator("status", "--port", first, state_dir=tmp_path).returncode == 1
        assert emulator("status", "--port", second, state_dir=tmp_path).returncode == 0
    finally:
        for port in (first, second):
            emulator("stop", "--port", port, state_dir=tmp_path)
