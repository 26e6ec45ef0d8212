# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SSM API calls, one small function each, retried with ``aws_retry()`` and wrapped by ``SSMErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleSSMError(AnsibleAWSError):
    pass


class SSMErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleSSMError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ParameterNotFound")


@SSMErrorHandler.list_error_handler("get parameter")
@aws_retry()
def get_parameter_value(client, name: str) -> Optional[str]:
    """The value of a (plain String) parameter, e.g. AWS's public ``/aws/service/...`` ones; None if there is none."""
    return client.get_parameter(Name=name)["Parameter"]["Value"]
