"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap pip into its sanity venvs.

ansible-test (ansible_test/_util/target/setup/requirements.py, bootstrap()) wants
https://ci-files.testing.ansible.com/ansible-test/get-pip-<ver>.py and caches it as
~/.ansible/test/cache/get_pip_<ver with dots as underscores>.py. That host is not reachable from this
project's machines, so scripts/sanity.sh copies this file to that cache path; ansible-test then finds the
"cached" script and never tries the download.

ansible-test runs it (via quiet_pip.py, runpy, as __main__) with the empty venv's python as:
    python ansible-test-XXX-pip.py --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel
with GET_PIP=<this file>. Like the real get-pip.py, this script installs the requested packages into the
running interpreter: it bootstraps pip from the wheel bundled with CPython (ensurepip, no network), then
`pip install --upgrade <requested>` from the index pip is configured for (pip.conf / PIP_* env vars / the
system CA bundle in PIP_CERT are honoured because pip reads them itself).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, check=False)
    if result.returncode != 0:
        sys.stderr.write(f"get-pip stand-in: command failed ({result.returncode}): {' '.join(cmd)}\n")
        sys.exit(result.returncode)


def main(argv: list[str]) -> None:
    flags = {"--no-setuptools", "--no-wheel"}
    no_setuptools = "--no-setuptools" in argv
    install_args = [a for a in argv if a not in flags]
    requested = [a for a in install_args if not a.startswith("-")]

    had_setuptools = importlib.util.find_spec("setuptools") is not None

    if importlib.util.find_spec("pip") is None:
        # ensurepip installs the pip (and, on 3.11, setuptools) wheels shipped inside CPython: no network.
        _run([sys.executable, "-m", "ensurepip", "--default-pip"])

    cert = os.environ.get("PIP_CERT") or os.environ.get("SSL_CERT_FILE") or os.environ.get("REQUESTS_CA_BUNDLE")
    pip = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--upgrade",
        "--disable-pip-version-check",
    ]
    if cert and os.path.exists(cert) and "--cert" not in install_args:
        pip += ["--cert", cert]
    if requested:
        _run(pip + [a for a in install_args if a != "--disable-pip-version-check"])

    importlib.invalidate_caches()
    # get-pip.py --no-setuptools leaves setuptools out; ensurepip on 3.11 brings it in, so take it back out.
    wants_setuptools = any(re.split(r"[<>=!~\[ ;]", r)[0].lower() == "setuptools" for r in requested)
    if (
        no_setuptools
        and not had_setuptools
        and not wants_setuptools
        and importlib.util.find_spec("setuptools") is not None
    ):
        uninstall = [
            "uninstall",
            "-y",
            "-q",
            "--disable-pip-version-check",
            "setuptools",
        ]
        _run([sys.executable, "-m", "pip", *uninstall])


if __name__ == "__main__":
    main(sys.argv[1:])
