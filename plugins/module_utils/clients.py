# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One boto3 session per module run, and modules that converge a list of regions in one run.

amazon.aws's ``module.client()`` builds a new ``boto3.session.Session`` on every call, and every new session loads
the service model again (a third of a second for EC2); a second client from the same session, for another region
or the same one, costs about 10 ms. A module that works in several regions (or with several services) therefore
makes every client through ``client()`` here::

    client = clients.client(module, "guardduty", region="us-east-1", retry_decorator=aws_retry())

``for_regions()`` runs one region's converge for each region of the module's ``regions`` option (or its single
``region``) and folds the results into one: changed if any region changed, ``regions`` keyed by region with each
region's object, and Ansible's list-of-diffs with the region as header.

Note: module_utils run on managed-node Pythons (3.8+): keep typing.Dict/List annotations.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

try:
    import boto3
    import botocore.config
    import botocore.exceptions
except ImportError:
    pass  # AnsibleAWSModule reports the missing SDK

from ansible_collections.amazon.aws.plugins.module_utils.botocore import get_aws_connection_info
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

# The module argument every region-batched module adds to amazon.aws's common options.
REGIONS_OPTION = {"regions": {"type": "list", "elements": "str"}}

_SESSIONS: Dict[Optional[str], Any] = {}


def session(profile: Optional[str] = None) -> Any:
    """The run's boto3 session for ``profile`` (None: the default chain), made once."""
    if profile not in _SESSIONS:
        _SESSIONS[profile] = boto3.session.Session(profile_name=profile)
    return _SESSIONS[profile]


def client(module: Any, service: str, region: Optional[str] = None, retry_decorator: Any = None) -> Any:
    """A ``service`` client for ``region`` (default: the module's region) from the run's one session.

    Takes the same connection options as ``module.client()`` (credentials, endpoint_url, aws_ca_bundle,
    validate_certs, aws_config, profile). ``aws_config`` is laid over our Config, so its ``retries`` (account_session
    puts botocore's retry mode and attempts there) reach the client as they do amazon.aws's ``boto3_conn``.
    """
    default_region, endpoint_url, params = get_aws_connection_info(module)
    params = dict(params)
    profile = params.pop("profile_name", None)
    config = botocore.config.Config(user_agent_extra="prodgrade.aws")
    for key in ("config", "aws_config"):
        extra = params.pop(key, None)
        if extra:
            config = config.merge(
                extra if isinstance(extra, botocore.config.Config) else botocore.config.Config(**extra)
            )
    try:
        conn = session(profile).client(
            service, region_name=region or default_region, endpoint_url=endpoint_url, config=config, **params
        )
    except (ValueError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Couldn't connect to AWS")
    return conn if retry_decorator is None else RetryingBotoClientWrapper(conn, retry_decorator)


def regions_of(module: Any) -> List[str]:
    """The module's ``regions`` if given, else its one region; duplicates dropped, order kept."""
    wanted = module.params.get("regions") or [module.region]
    return list(dict.fromkeys(wanted))


def for_regions(module: Any, converge: Callable[[str], Any], key: str) -> Dict[str, Any]:
    """Run ``converge(region)`` (which returns a ``common.EnsureResult``) in every region of the module.

    Returns exit_json's keyword arguments: ``changed``, ``diff`` (one entry a region, headed by the region) and
    ``regions`` ({region: {key: after}}). With a single ``region`` and no ``regions`` the module's result also
    carries ``key`` at the top level, as before the module took a list.
    """
    results = {region: converge(region) for region in regions_of(module)}
    out: Dict[str, Any] = {
        "changed": any(r.changed for r in results.values()),
        "regions": {region: {key: r.after or {}} for region, r in results.items()},
        "diff": [
            dict(r.diff, before_header=f"{key} in {region}", after_header=f"{key} in {region}")
            for region, r in results.items()
        ],
    }
    if not module.params.get("regions"):
        only = next(iter(results.values()))
        out[key] = only.after or {}
        out["diff"] = only.diff
    return out
