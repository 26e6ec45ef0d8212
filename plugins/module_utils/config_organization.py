# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Config organization conformance pack API calls, one small function each, retried with ``aws_retry()``
and wrapped by ``ConfigOrganizationErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# Config's own "try again": an organization pack is being created/updated/deleted in member accounts.
BUSY = ("ResourceInUseException",)


class AnsibleConfigOrganizationError(AnsibleAWSError):
    pass


class ConfigOrganizationErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleConfigOrganizationError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchOrganizationConformancePackException")


@ConfigOrganizationErrorHandler.list_error_handler("describe organization conformance pack")
@aws_retry()
def describe_organization_conformance_pack(client, name: str) -> Optional[Dict[str, Any]]:
    paginator = client.get_paginator("describe_organization_conformance_packs")
    found = paginator.paginate(OrganizationConformancePackNames=[name]).build_full_result()
    packs = found.get("OrganizationConformancePacks", [])
    return packs[0] if packs else None


@ConfigOrganizationErrorHandler.list_error_handler("describe organization conformance pack status")
@aws_retry()
def describe_organization_conformance_pack_status(client, name: str) -> Optional[Dict[str, Any]]:
    paginator = client.get_paginator("describe_organization_conformance_pack_statuses")
    found = paginator.paginate(OrganizationConformancePackNames=[name]).build_full_result()
    statuses = found.get("OrganizationConformancePackStatuses", [])
    return statuses[0] if statuses else None


@ConfigOrganizationErrorHandler.common_error_handler("put organization conformance pack")
@aws_retry(catch_extra_error_codes=BUSY)
def put_organization_conformance_pack(client, **params: Any) -> str:
    return client.put_organization_conformance_pack(**params)["OrganizationConformancePackArn"]


@ConfigOrganizationErrorHandler.deletion_error_handler("delete organization conformance pack")
@aws_retry(catch_extra_error_codes=BUSY)
def delete_organization_conformance_pack(client, name: str) -> bool:
    client.delete_organization_conformance_pack(OrganizationConformancePackName=name)
    return True
