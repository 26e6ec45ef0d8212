"""prodgrade.aws local AWS endpoint: moto behind our own WSGI middleware.

The middleware counts calls, injects faults and serves operations moto lacks
(see ``emulator.ext``).  ``python -m emulator --help`` is the entry point.
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 5100


def state_dir() -> Path:
    """Where pid/port/log files live; overridable so tests don't touch the repo's."""
    return Path(os.environ.get("PRODGRADE_EMULATOR_STATE_DIR", REPO_ROOT / ".emulator"))


def default_port() -> int:
    return int(os.environ.get("PRODGRADE_EMULATOR_PORT", DEFAULT_PORT))
