# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudTrail calls for organization trails (amazon.aws.cloudtrail cannot set IsOrganizationTrail), retried with
``aws_retry()`` and wrapped by ``CloudTrailOrganizationErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleCloudTrailOrganizationError(AnsibleAWSError):
    pass


class CloudTrailOrganizationErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleCloudTrailOrganizationError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("TrailNotFoundException")


@CloudTrailOrganizationErrorHandler.list_error_handler("get trail")
@aws_retry()
def get_trail(client, name: str) -> Optional[Dict[str, Any]]:
    trail = client.get_trail(Name=name)["Trail"]
    return camel_dict_to_snake_dict(trail)


@CloudTrailOrganizationErrorHandler.common_error_handler("update trail")
@aws_retry()
def set_organization_trail(client, name: str, is_organization_trail: bool) -> Dict[str, Any]:
    trail = client.update_trail(Name=name, IsOrganizationTrail=is_organization_trail)
    trail.pop("ResponseMetadata", None)
    return camel_dict_to_snake_dict(trail)
