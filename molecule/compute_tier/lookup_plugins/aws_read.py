# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only read-back for molecule verify: one read-only AWS call (Describe*/Get*/List*), for what no *_info
module reads (Auto Scaling policies and scheduled actions, EventBridge targets, listener details)."""

import json
import re

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = r"""
name: aws_read
short_description: One read-only AWS API call (molecule verify only)
description:
  - Calls C(service).C(operation) with C(params) and returns the response without ResponseMetadata.
  - Only operations named Describe*, Get* or List* are allowed.
options:
  _terms:
    description: service (botocore name) and operation (API name, e.g. DescribePolicies).
    required: true
  params:
    description: Request parameters.
    type: dict
    default: {}
  region:
    type: str
  endpoint_url:
    type: str
  access_key:
    type: str
  secret_key:
    type: str
  session_token:
    type: str
"""


READ_ONLY = re.compile(r"^(Describe|Get|List)[A-Za-z]+$")


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        import boto3

        self.set_options(var_options=variables, direct=kwargs)
        service, operation = terms
        if not READ_ONLY.match(operation):
            raise AnsibleError(f"aws_read: {operation} is not a read-only operation")
        client = boto3.client(
            service,
            region_name=self.get_option("region"),
            endpoint_url=self.get_option("endpoint_url"),
            aws_access_key_id=self.get_option("access_key"),
            aws_secret_access_key=self.get_option("secret_key"),
            aws_session_token=self.get_option("session_token"),
        )
        method = getattr(client, re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower())
        response = method(**self.get_option("params"))
        response.pop("ResponseMetadata", None)
        # Timestamps as strings: plain data for the templating engine.
        return [json.loads(json.dumps(response, default=str))]
