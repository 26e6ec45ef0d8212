# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``--check`` puts in place of an id or ARN that a resource not created yet would have, in one table.

A later task of the same dry run needs a value where an earlier task only planned the resource (a route to an
internet gateway, a flow log's role, a bucket's key). Every role takes it from here, so a reader finds every
placeholder in one place and each is recognisably not an AWS id (``planned`` where AWS puts the random part).
``{{ __network_igw.gateway_id | default('internet_gateway_id' | prodgrade.aws.planned) }}``
"""

from ansible.errors import AnsibleFilterError

PLACEHOLDERS = {
    # Resource ids, in AWS's prefix-id shape.
    "organization_id": "o-planned",
    "root_id": "r-planned",
    "internet_gateway_id": "igw-planned",
    "nat_gateway_id": "nat-planned",
    "security_group_id": "sg-planned",
    "launch_template_version": "planned",
    # ARNs whose account and region the task does not know.
    "kms_key_arn": "arn:aws:kms:planned",
    "log_group_arn": "arn:aws:logs:planned",
    "iam_role_arn": "arn:aws:iam::000000000000:role/planned",
    # The last part of an ARN the task builds from what it knows (region, account, name).
    "arn_suffix": "planned",
}


def planned(kind):
    try:
        return PLACEHOLDERS[kind]
    except (KeyError, TypeError):
        raise AnsibleFilterError(f"planned: no placeholder for {kind!r}; one of {', '.join(PLACEHOLDERS)}") from None


class FilterModule:
    def filters(self):
        return {"planned": planned}
