# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The body of the ``<service>_organization_admin`` modules (GuardDuty, Security Hub ...): one delegated
administrator per organization, enabled from the management account, and the three API calls those services
spell alike (ListOrganizationAdminAccounts, EnableOrganizationAdminAccount, DisableOrganizationAdminAccount).

    run_delegated_admin_module("guardduty", "GuardDuty", list_organization_admin_accounts,
                               enable_organization_admin_account, disable_organization_admin_account,
                               id_key="admin_account_id", enabled=dict(admin_status="ENABLED"))

``list_admins(client)`` returns the boto3 admin list, ``enable/disable(client, account_id)`` change it; the admin
is returned snake_cased, its id under ``id_key``. The delegation is regional: with ``regions`` the module converges
each region in one run (``clients.for_regions``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from typing import Any
from typing import Callable
from typing import Dict
from typing import List

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleDelegatedAdminError(AnsibleAWSError):
    pass


class DelegatedAdminErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleDelegatedAdminError


@DelegatedAdminErrorHandler.common_error_handler("list organization admin accounts")
@aws_retry()
def list_organization_admin_accounts(client) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_organization_admin_accounts")
    return paginator.paginate().build_full_result().get("AdminAccounts", [])


@DelegatedAdminErrorHandler.common_error_handler("enable organization admin account")
@aws_retry()
def enable_organization_admin_account(client, account_id: str) -> bool:
    client.enable_organization_admin_account(AdminAccountId=account_id)
    return True


@DelegatedAdminErrorHandler.common_error_handler("disable organization admin account")
@aws_retry()
def disable_organization_admin_account(client, account_id: str) -> bool:
    client.disable_organization_admin_account(AdminAccountId=account_id)
    return True


ARGUMENT_SPEC = dict(
    **clients.REGIONS_OPTION,
    admin_account_id=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def run_delegated_admin_module(
    service: str,
    label: str,
    list_admins: Callable[[Any], Any],
    enable: Callable[[Any, str], Any],
    disable: Callable[[Any, str], Any],
    id_key: str,
    enabled: Dict[str, str],
) -> None:
    """Run the module: ``enabled`` is the admin record (beyond its id) AWS returns once enabled."""
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    account_id, state = module.params["admin_account_id"], module.params["state"]
    if not re.match(r"^\d{12}$", account_id):
        module.fail_json(msg=f"admin_account_id must be a 12-digit account id: {account_id}")

    def converge(region):
        client = clients.client(module, service, region=region)
        try:
            admins = [camel_dict_to_snake_dict(a) for a in list_admins(client)]
            current = next((a for a in admins if a[id_key] == account_id), None)
            others = [a[id_key] for a in admins if a[id_key] != account_id]
            if state == "present" and others:
                module.fail_json(
                    msg=f"{label}'s delegated administrator in {region} is {', '.join(others)}, not {account_id}: an "
                    "organization has one; remove that delegation first (state=absent)",
                    admin_account=admins[0],
                )
            desired = dict({id_key: account_id}, **enabled) if state == "present" else None
            return ensure(
                current,
                desired,
                check_mode=module.check_mode,
                create=lambda d: enable(client, account_id) and d,
                update=lambda c, d: enable(client, account_id) and d,
                delete=lambda c: disable(client, account_id),
            )
        except AnsibleAWSError as e:
            e.message = f"{e.message or 'AWS error'} in {region}"
            raise

    try:
        result = clients.for_regions(module, converge, "admin_account")
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)
