"""Unit test wiring: prodgrade.aws and amazon.aws importable as ansible_collections.*, and module test helpers.

- The repo (= the collection) is linked as .collections/ansible_collections/prodgrade/aws (scripts/link-collection.sh
  logic, done here if the link is missing) and .collections is put on sys.path.
- ansible_collections is a namespace package spread over site-packages (amazon.aws, community.aws from the `ansible`
  package) and .collections (prodgrade.aws); if it was imported before this file ran, its __path__ is extended.

Fixtures for module tests (reused by every module's tests):
- ``aws_client(service)`` -> (client, stubber): a real botocore client with a Stubber that validates every request
  against the service model; pending responses are asserted consumed at teardown.
- ``run_module(main, args, client)`` -> result dict: runs a module's main() with ``args`` (region added),
  AnsibleAWSModule.client and module_utils.clients.client patched to return ``client``; ``client`` may also be a
  dict {region: client} for a module that works in several regions, or {service: client} for one that calls
  several services; ``result["failed"]`` tells exit from fail.
- ``sleeps``: autouse; time.sleep is a no-op recording its delays (retries are instant and observable).
"""

import importlib
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS = ROOT / ".collections"


def _link_collection() -> None:
    link = COLLECTIONS / "ansible_collections" / "prodgrade" / "aws"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink():  # dangling
            link.unlink()
        link.symlink_to(ROOT, target_is_directory=True)


def _extend_namespace() -> None:
    if str(COLLECTIONS) not in sys.path:
        sys.path.insert(0, str(COLLECTIONS))
    namespace = importlib.import_module("ansible_collections")
    ours = str(COLLECTIONS / "ansible_collections")
    if ours not in list(namespace.__path__):
        namespace.__path__.append(ours)
    for required in (
        "ansible_collections.amazon.aws.plugins.module_utils",
        "ansible_collections.prodgrade.aws.plugins",
    ):
        importlib.import_module(required)


_link_collection()
_extend_namespace()


class ModuleExit(Exception):
    """Raised instead of exit_json/fail_json; ``.result`` is what the module returned."""

    def __init__(self, result):
        super().__init__(result)
        self.result = result


def _exit_json(self, **kwargs):
    kwargs.setdefault("changed", False)
    kwargs["failed"] = False
    raise ModuleExit(kwargs)


def _fail_json(self, msg=None, **kwargs):
    kwargs.setdefault("changed", False)
    kwargs.update(msg=msg, failed=True)
    raise ModuleExit(kwargs)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    delays = []
    monkeypatch.setattr(time, "sleep", delays.append)
    return delays


@pytest.fixture
def aws_client():
    import boto3
    from botocore.stub import Stubber

    stubbers = []

    def make(service, region="us-east-1"):
        client = boto3.client(
            service, region_name=region, aws_access_key_id="AKIDTEST", aws_secret_access_key="secret"  # nosec
        )
        stubber = Stubber(client)
        stubber.activate()
        stubbers.append(stubber)
        return client, stubber

    yield make
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
        stubber.deactivate()


@pytest.fixture
def run_module():
    from ansible.module_utils import basic

    from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
    from ansible_collections.prodgrade.aws.plugins.module_utils import clients

    def run(main, args, client=None, check_mode=False, diff=False):
        args = dict({"region": "us-east-1"}, **args)
        if check_mode:
            args["_ansible_check_mode"] = True
        if diff:
            args["_ansible_diff"] = True

        def no_client(*_a, **_kw):
            raise AssertionError("the module asked for an AWS client")

        def by_region(_module, service, region=None, **_kw):
            if isinstance(client, dict):  # by service for a module of several services, else by region
                return client[service] if service in client else client[region or args["region"]]
            return client

        client_factory = (lambda *_a, **_kw: client) if client is not None else no_client
        with (
            _module_args(args),
            mock.patch.multiple(basic.AnsibleModule, exit_json=_exit_json, fail_json=_fail_json),
            mock.patch.object(AnsibleAWSModule, "client", client_factory),
            mock.patch.object(clients, "client", by_region if client is not None else no_client),
        ):
            with pytest.raises(ModuleExit) as exc:
                main()
        return exc.value.result

    return run


def _module_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
    except ImportError:  # pragma: no cover - older ansible-core
        import json

        from ansible.module_utils import basic
        from ansible.module_utils.common.text.converters import to_bytes

        return mock.patch.object(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    return patch_module_args(args)
