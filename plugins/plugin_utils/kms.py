# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""KMS key policies the roles' plan filters build: the account administers the key through IAM, and data-plane
use is allowed only through the named AWS services, in the key's region, by this account."""

ADMIN_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
]
USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]


def service_key_policy(account_id, region, endpoints, policy_id, use_sid, grants):
    """endpoints: the service endpoint prefixes (s3, rds, backup ...) whose calls may use the key."""
    root = f"arn:aws:iam::{account_id}:root"
    via = [f"{endpoint}.{region}.amazonaws.com" for endpoint in endpoints]
    return {
        "Version": "2012-10-17",
        "Id": policy_id,
        "Statement": [
            {
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": list(ADMIN_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": use_sid,
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": USE_ACTIONS + (GRANT_ACTIONS if grants else []),
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "kms:ViaService": via[0] if len(via) == 1 else via,
                        "kms:CallerAccount": account_id,
                    }
                },
            },
        ],
    }
