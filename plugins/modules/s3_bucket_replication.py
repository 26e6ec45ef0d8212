#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: s3_bucket_replication
short_description: Manage the replication configuration of an S3 bucket
version_added: 0.1.0
description:
  - Sets or removes the replication configuration (role and rules) of a bucket, for cross-region or
    cross-account replication, with KMS re-encryption, delete-marker replication and Replication Time Control.
  - The rules given are the bucket's whole configuration (AWS replaces it as one document); it is compared, as a
    whole, with what AWS reads back, so a re-run reports no change.
  - Rules use the current (V2) schema, where each has a filter (empty, a prefix, tags or both) and a priority.
  - Both buckets need versioning enabled, and the role must allow S3 to read the source and write (and
    re-encrypt into) the destination; this module does not manage either.
  - AWS rules are checked before any API call (unique ids and priorities, KMS key with SSE-KMS selection,
    metrics with Replication Time Control, no delete-marker replication with tag filters, ...).
  - Supports check mode (returns the predicted configuration) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  bucket:
    description:
      - Name of the source bucket.
    type: str
    required: true
    aliases: [name]
  role:
    description:
      - ARN of the IAM role S3 assumes to replicate. Required when O(state=present).
    type: str
  rules:
    description:
      - The replication rules. Required when O(state=present).
    type: list
    elements: dict
    suboptions:
      id:
        description: Unique id of the rule (up to 255 characters).
        type: str
        required: true
      priority:
        description:
          - Which rule wins when several match an object (higher wins). Unique per bucket.
          - Defaults to the rule's position in O(rules), starting at 1.
        type: int
      status:
        description: Whether the rule is applied.
        type: str
        choices: [Enabled, Disabled]
        default: Enabled
      prefix:
        description: Replicate only the keys that start with this.
        type: str
      tags:
        description: Replicate only the objects that have all these tags.
        type: dict
      delete_marker_replication:
        description: Replicate delete markers. Not supported by AWS with O(rules[].tags).
        type: bool
        default: false
      sse_kms_encrypted_objects:
        description:
          - Replicate objects encrypted with SSE-KMS. Requires O(rules[].destination.replica_kms_key_id).
        type: bool
        default: false
      replica_modifications:
        description: Replicate metadata changes made to replicas (two-way replication).
        type: bool
        default: false
      existing_object_replication:
        description: Replicate the objects that existed before the rule (AWS enables this per account on request).
        type: bool
        default: false
      destination:
        description: Where the objects are replicated to.
        type: dict
        required: true
        suboptions:
          bucket:
            description: Name or ARN of the destination bucket.
            type: str
            required: true
          account:
            description: Id of the account that owns the destination bucket (cross-account replication).
            type: str
          storage_class:
            description: Storage class of the replicas. The source object's class when not set.
            type: str
            choices: [STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE,
                      OUTPOSTS, GLACIER_IR]
          replica_kms_key_id:
            description:
              - ARN of the KMS key (in the destination region) the replicas are encrypted with.
              - Required with O(rules[].sse_kms_encrypted_objects=true), and only valid with it.
            type: str
          owner_override:
            description: Make the destination account the owner of the replicas. Requires O(rules[].destination.account).
            type: bool
            default: false
          replication_time:
            description: S3 Replication Time Control (replicas within 15 minutes). Turns on O(rules[].destination.metrics).
            type: bool
            default: false
          metrics:
            description:
              - Replication metrics and events (15-minute threshold).
              - Defaults to the value of O(rules[].destination.replication_time), which requires it.
            type: bool
  state:
    description:
      - Whether the bucket should have this replication configuration (V(present)) or none (V(absent)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Replicate the app bucket to the DR region, re-encrypted, with delete markers and RTC
  prodgrade.aws.s3_bucket_replication:
    bucket: ecia-prod-app
    role: arn:aws:iam::123456789012:role/ecia-prod-s3-replication
    rules:
      - id: dr
        delete_marker_replication: true
        sse_kms_encrypted_objects: true
        destination:
          bucket: ecia-prod-app-dr
          storage_class: STANDARD_IA
          replica_kms_key_id: arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555
          replication_time: true

- name: Stop replicating
  prodgrade.aws.s3_bucket_replication:
    bucket: ecia-prod-app
    state: absent
"""

RETURN = r"""
replication:
  description:
    - The bucket's replication configuration, in the shape of the module's options (every rule key present), so it
      can be compared with or fed back to the module. In check mode, the predicted configuration. An empty dict
      when the bucket has none.
  returned: always
  type: dict
  contains:
    role:
      description: ARN of the replication role.
      type: str
      sample: arn:aws:iam::123456789012:role/ecia-prod-s3-replication
    rules:
      description: The rules, sorted by priority.
      type: list
      elements: dict
      sample:
        - id: dr
          priority: 1
          status: Enabled
          prefix: null
          tags: {}
          delete_marker_replication: true
          sse_kms_encrypted_objects: true
          replica_modifications: false
          existing_object_replication: false
          destination:
            bucket: arn:aws:s3:::ecia-prod-app-dr
            account: null
            storage_class: STANDARD_IA
            replica_kms_key_id: arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555
            owner_override: false
            replication_time: true
            metrics: true
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import is_role_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import BUCKET_NAME
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import bucket_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import delete_bucket_replication
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import describe_replication
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import put_bucket_replication
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import replication_from_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import replication_to_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import rule_errors

STORAGE_CLASSES = [
    "STANDARD",
    "REDUCED_REDUNDANCY",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "DEEP_ARCHIVE",
    "OUTPOSTS",
    "GLACIER_IR",
]
DESTINATION = dict(
    bucket=dict(type="str", required=True),
    account=dict(type="str"),
    storage_class=dict(type="str", choices=STORAGE_CLASSES),
    replica_kms_key_id=dict(type="str", no_log=False),
    owner_override=dict(type="bool", default=False),
    replication_time=dict(type="bool", default=False),
    metrics=dict(type="bool"),
)
RULE = dict(
    id=dict(type="str", required=True),
    priority=dict(type="int"),
    status=dict(type="str", default="Enabled", choices=["Enabled", "Disabled"]),
    prefix=dict(type="str"),
    tags=dict(type="dict"),
    delete_marker_replication=dict(type="bool", default=False),
    sse_kms_encrypted_objects=dict(type="bool", default=False),
    replica_modifications=dict(type="bool", default=False),
    existing_object_replication=dict(type="bool", default=False),
    destination=dict(type="dict", required=True, options=DESTINATION),
)
ARGUMENT_SPEC = dict(
    bucket=dict(type="str", required=True, aliases=["name"]),
    role=dict(type="str"),
    rules=dict(type="list", elements="dict", options=RULE),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def desired_rules(p):
    """The rules as the module returns them (defaults filled in), in the order AWS sorts them."""
    rules = []
    for index, rule in enumerate(p["rules"] or []):
        dest = dict(rule["destination"])
        if dest["metrics"] is None:
            dest["metrics"] = dest["replication_time"]
        dest["bucket"] = bucket_arn(dest["bucket"])
        rules.append(
            dict(
                rule,
                priority=index + 1 if rule["priority"] is None else rule["priority"],
                prefix=rule["prefix"] or None,
                tags=rule["tags"] or {},
                destination=dest,
            )
        )
    return rules


def validate_params(p):
    errors = []
    if not BUCKET_NAME.match(p["bucket"]):
        errors.append(f"bucket must be an S3 bucket name (3-63 lower-case letters, digits, '.', '-'): {p['bucket']!r}")
    if p["state"] == "absent":
        return errors
    if not p["role"]:
        errors.append("role is required when state=present")
    elif not is_role_arn(p["role"]):
        errors.append(f"role must be an IAM role ARN (arn:aws:iam::<account>:role/...): {p['role']!r}")
    if p["rules"] is None:
        return errors + ["rules is required when state=present"]
    return errors + rule_errors(desired_rules(p), p["bucket"])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("s3")
    desired = None
    if p["state"] == "present":
        # round-tripped through the boto3 shape: the prediction is spelled as a read-back would be
        desired = replication_from_boto3(replication_to_boto3({"role": p["role"], "rules": desired_rules(p)}))

    def put(wanted):
        put_bucket_replication(client, p["bucket"], replication_to_boto3(wanted))
        return describe_replication(client, p["bucket"]) or wanted

    try:
        current = describe_replication(client, p["bucket"])
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=lambda c, d: [k for k in d if c.get(k) != d[k]],
            predict=lambda c, d: d,
            create=put,
            update=lambda c, d: put(d),
            delete=lambda c: delete_bucket_replication(client, p["bucket"]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, replication=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
