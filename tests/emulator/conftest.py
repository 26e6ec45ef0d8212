"""One emulator per test session, on a free port, stopped afterwards."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import botocore.awsrequest
import botocore.session
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

REPO_ROOT = Path(__file__).resolve().parents[2]
# botocore's "max_attempts" counts RETRIES (1 => 2 attempts); total_max_attempts=1 really disables them
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"emulator exited with {proc.returncode}")
        try:
            requests.get(f"{url}/_prodgrade/calls", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("emulator did not come up")


@pytest.fixture
def unused_port() -> int:
    return free_port()


@pytest.fixture
def other_unused_port(unused_port) -> int:
    port = free_port()
    while port == unused_port:
        port = free_port()
    return port


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path_factory.mktemp("emulator") / "server.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "run", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine; the test results stand
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(autouse=True)
def clean(endpoint):
    """Every test starts from an empty emulator with faults off."""
    requests.post(f"{endpoint}/moto-api/reset", timeout=10)
    requests.delete(f"{endpoint}/_prodgrade/faults", timeout=5)
    requests.post(f"{endpoint}/_prodgrade/validation", json={"enabled": True, "skip": []}, timeout=5)
    yield


@pytest.fixture
def client(endpoint):
    def make(service: str, region: str = "us-east-1", config: Config = NO_RETRIES, **creds):
        creds = creds or {
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        return boto3.client(service, endpoint_url=endpoint, region_name=region, config=config, **creds)

    return make


@pytest.fixture
def calls(endpoint):
    return lambda: requests.get(f"{endpoint}/_prodgrade/calls", timeout=5).json()


@pytest.fixture
def cbor_request(endpoint):
    """Send an rpc-v2-cbor request, serialized and signed as botocore does for a CBOR-first client; returns the raw
    response and botocore's parse of it (``Error`` on a failure)."""

    def send(service: str, operation: str, params: dict):
        model = botocore.session.get_session().get_service_model(service)
        op = model.operation_model(operation)
        request = create_serializer("smithy-rpc-v2-cbor").serialize_to_request(params, op)
        prepared = botocore.awsrequest.AWSRequest(
            method=request["method"],
            url=endpoint + request["url_path"],
            data=request["body"],
            headers=request["headers"],
        )
        SigV4Auth(Credentials("testing", "testing"), model.signing_name, "us-east-1").add_auth(prepared)
        raw = requests.post(prepared.url, data=prepared.body, headers=dict(prepared.headers.items()), timeout=5)
        parsed = create_parser("smithy-rpc-v2-cbor").parse(
            {"status_code": raw.status_code, "headers": raw.headers, "body": raw.content}, op.output_shape
        )
        return raw, parsed

    return send
