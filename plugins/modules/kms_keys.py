#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: kms_keys
short_description: Converge a set of KMS keys, each addressed by its alias, in one run
version_added: 0.1.0
description:
  - Makes the customer managed KMS keys of O(kms_keys) exist, each under its alias, with the description, key
    policy, automatic rotation, enabled state and tags given, in one module run. The keys are found with one
    paginated ListAliases per region for all of them; then each existing key is read with DescribeKey and, only for
    what the key sets, GetKeyRotationStatus, GetKeyPolicy and ListResourceTags. Only what is missing or differs is
    written. A loop of M(amazon.aws.kms_key) starts a module per key and reads each key about 18 times.
  - Compared as M(amazon.aws.kms_key) compares; the description, the policy (semantically, as
    M(amazon.aws.kms_key) does), rotation and tags only when set; the key is enabled or disabled as
    O(kms_keys[].enabled) says, and a key scheduled for deletion has its deletion cancelled. A key's spec, usage and
    multi-Region property cannot change once it exists; an existing key that differs in them fails the module,
    naming the key, before any write.
  - Grants are not managed. An alias that exists is never moved to another key.
  - With O(state=absent) each existing key is scheduled for deletion after O(pending_window) days (its alias stays
    until the key is deleted); a key already scheduled for deletion is left as it is.
  - Supports check mode (returns the predicted keys; a key that would be created has no RV(kms_keys[].key_id) or
    RV(kms_keys[].key_arn) yet) and diff mode (before and after of every key, by C(<region>:<alias>)).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  kms_keys:
    description:
      - The keys. An alias is unique in its region.
      - With O(state=absent), only each key's O(kms_keys[].alias) and O(kms_keys[].region) are used.
    type: list
    elements: dict
    required: true
    suboptions:
      alias:
        description:
          - Alias of the key, with or without its C(alias/) prefix (1 to 256 characters of V(a-zA-Z0-9:/_-) with the
            prefix, not under C(alias/aws/), which AWS reserves).
          - A key that does not exist yet is created with this alias.
        type: str
        required: true
      region:
        description: Region of the key. Defaults to O(region).
        type: str
      description:
        description: Description of the key (at most 8192 characters). Not set, it is left alone.
        type: str
      policy:
        description:
          - Key policy, as a JSON document (a string or a dictionary; at most 131072 characters). Compared with the
            key's policy semantically (order of statements, of lists and single values compare equal).
          - Not set, a new key gets AWS's default key policy and an existing key's policy is left alone (and not
            read).
        type: json
      enable_key_rotation:
        description:
          - Whether the key material rotates automatically. Not set, rotation is left alone (and not read).
          - Only symmetric encryption keys (O(kms_keys[].key_spec=SYMMETRIC_DEFAULT)) rotate.
        type: bool
      rotation_period_days:
        description:
          - Days between two automatic rotations (90 to 2560), with O(kms_keys[].enable_key_rotation=true). Not set,
            an existing key keeps its period (a new key gets AWS's default, 365 days).
        type: int
      enabled:
        description: Whether the key is enabled (can be used).
        type: bool
        default: true
      key_spec:
        description: Type of the key. Set when the key is created; an existing key that differs fails the module.
        type: str
        default: SYMMETRIC_DEFAULT
        choices: [SYMMETRIC_DEFAULT, RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521,
                  ECC_SECG_P256K1, HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2]
      key_usage:
        description: What the key is for. Set when the key is created; an existing key that differs fails the module.
        type: str
        default: ENCRYPT_DECRYPT
        choices: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]
      multi_region:
        description:
          - Whether the key is a multi-Region primary key. Set when the key is created; an existing key that differs
            fails the module.
        type: bool
        default: false
      tags:
        description: Tags of the key. Not set, its tags are left alone (and not read).
        type: dict
      purge_tags:
        description: Whether tags of the key that O(kms_keys[].tags) does not list are removed.
        type: bool
        default: true
  pending_window:
    description: With O(state=absent), days (7 to 30) between scheduling a key's deletion and its deletion.
    type: int
    default: 30
    aliases: [deletion_delay]
  state:
    description:
      - Whether the keys of O(kms_keys) should exist. V(absent) schedules their deletion after O(pending_window) days.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: One key a service, yearly rotation, least-privilege policies
  prodgrade.aws.kms_keys:
    region: eu-west-1
    kms_keys:
      - alias: alias/ecia-prod-s3
        description: ecia-prod S3 encryption
        policy: "{{ lookup('ansible.builtin.template', 's3_key_policy.json.j2') }}"
        enable_key_rotation: true
        rotation_period_days: 365
        tags: {env: prod}
      - alias: alias/ecia-prod-dr
        region: eu-central-1
        description: ecia-prod DR region encryption
        enable_key_rotation: true
        tags: {env: prod}
  register: keys

- name: The S3 key's ARN
  ansible.builtin.debug:
    msg: "{{ keys.kms_keys[0].key_arn }}"

- name: Schedule their deletion in 7 days
  prodgrade.aws.kms_keys:
    region: eu-west-1
    kms_keys:
      - alias: alias/ecia-prod-s3
      - alias: alias/ecia-prod-dr
        region: eu-central-1
    pending_window: 7
    state: absent
"""

RETURN = r"""
kms_keys:
  description:
    - The keys of O(kms_keys), in that order, after the change. Predicted in check mode. Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    alias:
      description: Alias of the key, with its C(alias/) prefix.
      type: str
      sample: alias/ecia-prod-s3
    region:
      description: Region of the key.
      type: str
      sample: eu-west-1
    key_id:
      description: ID of the key.
      returned: when the key exists (not for a key created in check mode)
      type: str
      sample: 1234abcd-12ab-34cd-56ef-1234567890ab
    key_arn:
      description: ARN of the key.
      returned: when the key exists (not for a key created in check mode)
      type: str
      sample: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    description:
      description: Description of the key.
      type: str
      sample: ecia-prod S3 encryption
    key_state:
      description: State of the key (V(Enabled) or V(Disabled) after a change).
      type: str
      sample: Enabled
    enabled:
      description: Whether the key is enabled.
      type: bool
      sample: true
    key_spec:
      description: Type of the key.
      type: str
      sample: SYMMETRIC_DEFAULT
    key_usage:
      description: What the key is for.
      type: str
      sample: ENCRYPT_DECRYPT
    multi_region:
      description: Whether the key is a multi-Region key.
      type: bool
      sample: false
    origin:
      description: Origin of the key material.
      returned: when the key exists
      type: str
      sample: AWS_KMS
    key_manager:
      description: Who manages the key (V(CUSTOMER)).
      returned: when the key exists
      type: str
      sample: CUSTOMER
    aws_account_id:
      description: Account of the key.
      returned: when the key exists
      type: str
      sample: "123456789012"
    creation_date:
      description: When the key was created (ISO 8601).
      returned: when the key exists
      type: str
      sample: "2026-01-01T00:00:00+00:00"
    policy:
      description: Key policy.
      returned: when O(kms_keys[].policy) is set
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
    enable_key_rotation:
      description: Whether the key rotates automatically.
      returned: when O(kms_keys[].enable_key_rotation) is set
      type: bool
      sample: true
    rotation_period_days:
      description: Days between two rotations; None when rotation is off.
      returned: when O(kms_keys[].enable_key_rotation) is set
      type: int
      sample: 365
    tags:
      description: Tags of the key.
      returned: when O(kms_keys[].tags) is set
      type: dict
      sample: {"env": "prod"}
changed_kms_keys:
  description: The keys (as C(<region>:<alias>)) created, updated and scheduled for deletion (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created keys.
      type: list
      elements: str
      sample: ["eu-west-1:alias/ecia-prod-s3"]
    updated:
      description: Keys whose description, policy, rotation, state or tags changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Keys scheduled for deletion.
      type: list
      elements: str
      sample: []
"""

import copy
import json
import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils import kms
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

KEY_SPECS = [
    "SYMMETRIC_DEFAULT",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "HMAC_224",
    "HMAC_256",
    "HMAC_384",
    "HMAC_512",
    "SM2",
]
KEY_USAGES = ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"]
KEY_SPEC = dict(
    alias=dict(type="str", required=True),
    region=dict(type="str"),
    description=dict(type="str"),
    policy=dict(type="json"),
    enable_key_rotation=dict(type="bool"),
    rotation_period_days=dict(type="int"),
    enabled=dict(type="bool", default=True),
    key_spec=dict(type="str", default="SYMMETRIC_DEFAULT", choices=KEY_SPECS),
    key_usage=dict(type="str", default="ENCRYPT_DECRYPT", choices=KEY_USAGES),
    multi_region=dict(type="bool", default=False),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    # The keys are KMS keys, not secrets.
    kms_keys=dict(type="list", elements="dict", required=True, no_log=False, options=KEY_SPEC),
    pending_window=dict(type="int", default=30, aliases=["deletion_delay"]),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
# botocore's KMS model: AliasName, Policy (length and characters), Description, Tag, RotationPeriodInDays; the
# pending window is the documented 7-30 (the model's range is wider).
ALIAS = re.compile(r"^alias/[a-zA-Z0-9:/_-]+$")
POLICY_CHARS = re.compile(r"^[\u0009\u000A\u000D\u0020-\u00FF]+$")
IMMUTABLE = ("key_spec", "key_usage", "multi_region")


def canonical_alias(alias):
    return alias if alias.startswith("alias/") else "alias/" + alias


def label(region, alias):
    return f"{region}:{alias}"


def key_errors(index, key):
    alias = key["alias"]
    where = f"kms_keys[{index}] ({alias})"
    errors = []
    if not ALIAS.match(alias) or len(alias) > 256:
        errors.append(f"{where}: alias must be alias/ and 1 to 250 characters of a-zA-Z0-9:/_-")
    elif alias.startswith("alias/aws/"):
        errors.append(f"{where}: aliases under alias/aws/ are reserved for AWS managed keys")
    if key["description"] is not None and len(key["description"]) > 8192:
        errors.append(f"{where}: description must be at most 8192 characters")
    if key["policy"] is not None:
        if len(key["policy"]) > 131072 or not POLICY_CHARS.match(key["policy"]):
            errors.append(f"{where}: policy must be 1 to 131072 characters (tab, newlines, U+0020-U+00FF)")
        else:
            try:
                if not isinstance(json.loads(key["policy"]), dict):
                    errors.append(f"{where}: policy must be a JSON object")
            except ValueError as e:
                errors.append(f"{where}: policy is not valid JSON: {e}")
    if key["rotation_period_days"] is not None:
        if not key["enable_key_rotation"]:
            errors.append(f"{where}: rotation_period_days requires enable_key_rotation: true")
        if not 90 <= key["rotation_period_days"] <= 2560:
            errors.append(f"{where}: rotation_period_days must be 90 to 2560")
    if key["enable_key_rotation"] and key["key_spec"] != "SYMMETRIC_DEFAULT":
        errors.append(f"{where}: only SYMMETRIC_DEFAULT keys rotate automatically (enable_key_rotation)")
    for name, value in (key["tags"] or {}).items():
        if not 1 <= len(name) <= 128 or len(str(value)) > 256:
            errors.append(f"{where}: tag {name!r}: keys are 1 to 128 characters, values at most 256")
    return errors


def validate_params(module):
    p = module.params
    errors = []
    if p["state"] == "absent" and not 7 <= p["pending_window"] <= 30:
        errors.append("pending_window must be 7 to 30 (days)")
    seen = {}
    for index, key in enumerate(p["kms_keys"]):
        key["alias"] = canonical_alias(key["alias"])
        key["region"] = key["region"] or module.region
        if not key["region"]:
            errors.append(f"kms_keys[{index}] ({key['alias']}): no region (set kms_keys[].region or region)")
        if p["state"] == "present":
            errors += key_errors(index, key)
        name = label(key["region"], key["alias"])
        if name in seen:
            errors.append(f"kms_keys: {key['alias']} is listed twice in {key['region']}")
        seen[name] = index
    return errors


def read_key(client, key_arn, key, state):
    """The key in the compared shape; rotation, policy and tags only when ``key`` manages them (present)."""
    metadata = kms.describe_key(client, key_arn)
    if metadata is None:  # deleted since ListAliases
        return None
    current = kms.normalize_key_metadata(metadata)
    current.update(alias=key["alias"], region=key["region"])
    if state == "absent":
        return current
    if key["enable_key_rotation"] is not None:
        rotation = kms.get_key_rotation_status(client, key_arn)
        current["enable_key_rotation"] = rotation.get("KeyRotationEnabled", False)
        current["rotation_period_days"] = (
            rotation.get("RotationPeriodInDays") if current["enable_key_rotation"] else None
        )
    if key["policy"] is not None:
        current["policy"] = json.loads(kms.get_key_policy(client, key_arn))
    if key["tags"] is not None:
        current["tags"] = kms.list_resource_tags(client, key_arn)
    return current


def read_region(client, keys, state):
    """{alias: current key} of ``keys`` (all of one region) that exist: one ListAliases, then each key's reads."""
    arns = kms.alias_key_arns(kms.list_aliases(client))
    existing = {}
    for key in keys:
        if key["alias"] in arns:
            current = read_key(client, arns[key["alias"]], key, state)
            if current is not None:
                existing[key["alias"]] = current
    return existing


def desired_key(key, current):
    """A key of O(kms_keys) in the compared shape (None: left alone); tags as the whole set wanted."""
    tags = key["tags"]
    if tags is not None:
        tags = {k: str(v) for k, v in tags.items()}
        if not key["purge_tags"]:
            tags = dict((current or {}).get("tags") or {}, **tags)
    rotation = key["enable_key_rotation"]
    period = key["rotation_period_days"]
    if rotation and period is None:
        # Not set: an existing key keeps its period, a new one gets AWS's default.
        period = (current or {}).get("rotation_period_days") or 365
    return dict(
        alias=key["alias"],
        region=key["region"],
        description=key["description"],
        key_state="Enabled" if key["enabled"] else "Disabled",
        policy=json.loads(key["policy"]) if key["policy"] is not None else None,
        enable_key_rotation=rotation,
        rotation_period_days=period if rotation is not None else None,
        tags=tags,
        # Immutable: an existing key that differs fails before ensure(); here for a new key's prediction and diff.
        key_spec=key["key_spec"],
        key_usage=key["key_usage"],
        multi_region=key["multi_region"],
    )


def differs(current, desired):
    """The differing keys; the policy compared semantically (compare_policies), tags as the whole set."""
    keys = changed_keys(current, dict(desired, policy=None))
    if desired["policy"] is not None and compare_policies(current.get("policy") or {}, desired["policy"]):
        keys.append("policy")
    return keys


def predict(current, desired):
    """The key as it will be: ``current`` with what ``desired`` sets (a new key: with AWS's defaults)."""
    after = merge(current, desired)
    if desired["policy"] is not None:
        after["policy"] = copy.deepcopy(desired["policy"])  # a whole document, not merged into the old one
    after["enabled"] = after["key_state"] == "Enabled"
    after.pop("deletion_date", None)
    if after.get("description") is None:
        after["description"] = ""
    if desired["enable_key_rotation"] is False:
        after["rotation_period_days"] = None
    return after


def immutable_errors(keys, existing):
    errors = []
    for key in keys:
        current = existing.get(key["alias"])
        for attr in IMMUTABLE if current else ():
            if current.get(attr) != key[attr]:
                errors.append(
                    f"{label(key['region'], key['alias'])}: {attr} is {current.get(attr)!r} and cannot change to "
                    f"{key[attr]!r} (a new key and alias are needed)"
                )
    return errors


def create(client, key, desired):
    params = dict(KeyUsage=key["key_usage"], KeySpec=key["key_spec"], MultiRegion=key["multi_region"])
    if desired["description"] is not None:
        params["Description"] = desired["description"]
    if key["policy"] is not None:
        params["Policy"] = key["policy"]
    if desired["tags"]:
        params["Tags"] = [{"TagKey": k, "TagValue": v} for k, v in desired["tags"].items()]
    created = kms.normalize_key_metadata(kms.create_key(client, **params))
    arn = created["key_arn"]
    kms.create_alias(client, desired["alias"], arn)
    if desired["enable_key_rotation"]:
        kms.enable_key_rotation(client, arn, desired["rotation_period_days"])
    if desired["key_state"] == "Disabled":
        kms.disable_key(client, arn)
    return predict(created, desired)


def update(client, current, desired):
    arn = current["key_arn"]
    state = current["key_state"]
    if state == "PendingDeletion":
        kms.cancel_key_deletion(client, arn)  # the key is then Disabled
        state = "Disabled"
    if desired["key_state"] == "Enabled" and state != "Enabled":
        kms.enable_key(client, arn)
    if desired["description"] not in (None, current.get("description")):
        kms.update_key_description(client, arn, desired["description"])
    if desired["policy"] is not None and compare_policies(current.get("policy") or {}, desired["policy"]):
        kms.put_key_policy(client, arn, json.dumps(desired["policy"]))
    if desired["enable_key_rotation"] and (
        not current.get("enable_key_rotation") or current.get("rotation_period_days") != desired["rotation_period_days"]
    ):
        kms.enable_key_rotation(client, arn, desired["rotation_period_days"])
    elif desired["enable_key_rotation"] is False and current.get("enable_key_rotation"):
        kms.disable_key_rotation(client, arn)
    sync_tags(
        current.get("tags"),
        desired["tags"],
        True,
        lambda to_set: kms.tag_resource(client, arn, to_set),
        lambda keys: kms.untag_resource(client, arn, keys),
    )
    if desired["key_state"] == "Disabled" and state == "Enabled":
        kms.disable_key(client, arn)
    return predict(current, desired)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(module)
    if errors:
        module.fail_json(msg="; ".join(errors))
    present = p["state"] == "present"
    by_region = {}
    for key in p["kms_keys"]:
        by_region.setdefault(key["region"], []).append(key)
    try:
        conns = {
            region: clients.client(module, "kms", region=region, retry_decorator=aws_retry()) for region in by_region
        }
        existing = {region: read_region(conns[region], keys, p["state"]) for region, keys in by_region.items()}
        errors = [e for region, keys in by_region.items() for e in immutable_errors(keys, existing[region])]
        if present and errors:
            module.fail_json(msg="; ".join(errors))
        results = {}
        for key in p["kms_keys"]:
            client = conns[key["region"]]
            current = existing[key["region"]].get(key["alias"])
            if not present and current and current["key_state"] == "PendingDeletion":
                current = None  # already scheduled: as good as gone, nothing to do
            results[label(key["region"], key["alias"])] = ensure(
                current,
                desired_key(key, current) if present else None,
                check_mode=module.check_mode,
                differs=differs,
                predict=predict,
                create=lambda d, k=key, c=client: create(c, k, d),
                update=lambda cur, d, c=client: update(c, cur, d),
                delete=lambda cur, c=client: kms.schedule_key_deletion(c, cur["key_arn"], p["pending_window"]),
            )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        kms_keys=[copy.deepcopy(r.after) for r in results.values() if r.after],
        changed_kms_keys=changed_names(results),
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
