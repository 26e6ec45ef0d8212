"""module_utils/clients: one boto3 session per run, and the per-region fold of region-batched modules."""

from unittest import mock

import pytest

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import EnsureResult


def module(**params):
    m = mock.Mock()
    m.params = dict(
        {
            "region": "ap-south-1",
            "regions": None,
            "endpoint_url": "http://127.0.0.1:1",
            "access_key": "AKIDTEST",
            "secret_key": "secret",  # nosec
            "session_token": None,
            "profile": None,
            "aws_ca_bundle": None,
            "validate_certs": True,
            "aws_config": None,
            "debug_botocore_endpoint_logs": False,
        },
        **params,
    )
    m.region = m.params["region"]
    return m


@pytest.fixture(autouse=True)
def fresh_sessions(monkeypatch):
    monkeypatch.setattr(clients, "_SESSIONS", {})


def test_clients_of_one_run_share_one_session():
    m = module()
    with mock.patch.object(clients.boto3.session, "Session", wraps=clients.boto3.session.Session) as made:
        a = clients.client(m, "guardduty", region="us-east-1")
        b = clients.client(m, "guardduty", region="eu-west-1")
        c = clients.client(m, "ec2")
    assert made.call_count == 1
    assert (a.meta.region_name, b.meta.region_name, c.meta.region_name) == ("us-east-1", "eu-west-1", "ap-south-1")
    assert a.meta.endpoint_url == "http://127.0.0.1:1"


def test_client_takes_the_module_client_config():
    c = clients.client(module(aws_config={"connect_timeout": 7}), "sts")
    assert c.meta.config.connect_timeout == 7
    assert "prodgrade.aws" in c.meta.config.user_agent_extra


def test_regions_of_keeps_order_and_drops_repeats():
    assert clients.regions_of(module(regions=["us-east-1", "ap-south-1", "us-east-1"])) == ["us-east-1", "ap-south-1"]
    assert clients.regions_of(module()) == ["ap-south-1"]


def test_for_regions_folds_changed_after_and_diff():
    results = {
        "ap-south-1": EnsureResult(False, {"a": 1}, {"a": 1}, []),
        "us-east-1": EnsureResult(True, None, {"a": 1}, ["a"]),
    }
    out = clients.for_regions(module(regions=list(results)), results.__getitem__, "thing")
    assert out["changed"] is True
    assert out["regions"] == {"ap-south-1": {"thing": {"a": 1}}, "us-east-1": {"thing": {"a": 1}}}
    assert [d["before_header"] for d in out["diff"]] == ["thing in ap-south-1", "thing in us-east-1"]
    assert out["diff"][1]["before"] == {} and "thing" not in out


def test_for_regions_single_region_keeps_the_old_result_shape():
    out = clients.for_regions(module(), lambda r: EnsureResult(False, {"a": 1}, {"a": 1}, []), "thing")
    assert out["changed"] is False
    assert out["thing"] == {"a": 1}
    assert out["diff"] == {"before": {"a": 1}, "after": {"a": 1}}
