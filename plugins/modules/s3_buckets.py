#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: s3_buckets
short_description: Converge a set of S3 buckets, their settings, lifecycle rules and CORS, in one run
version_added: 0.1.0
description:
  - Makes the S3 buckets of O(buckets) exist in the module's region with the default encryption, versioning, Block
    Public Access, object ownership, bucket policy, tags, lifecycle rules and CORS rules given, in one module run. It
    replaces an M(amazon.aws.s3_bucket) task per bucket plus a M(community.aws.s3_lifecycle) and a
    M(community.aws.s3_cors) task per bucket, each a module run of its own.
  - Each bucket is found with one HeadBucket. Of an existing bucket, only the settings the module manages are read
    (an option not set is neither read nor changed), each with its own Get call. Then only what is missing or differs
    is written, and the encryption, versioning, policy and tags written are read back until S3 answers with them
    (S3 is eventually consistent; as M(amazon.aws.s3_bucket) waits).
  - Compared as M(amazon.aws.s3_bucket) compares. The policy is compared as a JSON policy (amazon.aws's
    C(compare_policies), blind to the order of statements and values, to a single value against a list of one).
    Lifecycle rules are compared whole, as M(community.aws.s3_lifecycle) with
    O(community.aws.s3_lifecycle#module:purge_transitions=true) compares them (transitions in any order; an empty
    filter is a filter on the V("") prefix). CORS rules are
    compared as M(community.aws.s3_cors) compares them (C(compare_policies), blind to order).
  - A bucket to create is created with the module's region as its C(LocationConstraint) (none in V(us-east-1)), and
    the module waits for it to answer before configuring it.
  - With O(state=absent) the buckets are deleted as M(amazon.aws.s3_bucket) deletes them, emptied first (every
    object version and delete marker) with O(force). A bucket that does not exist is left alone.
  - Supports check mode (returns the predicted buckets) and diff mode (before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  buckets:
    description:
      - The buckets, all in the module's region. Names are unique.
      - With O(state=absent), only each bucket's O(buckets[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the bucket (3 to 63 characters of V(a-z0-9.-), a letter or digit at both ends, no V(..), not an IP
            address).
        type: str
        required: true
      encryption:
        description:
          - Default encryption algorithm. Not set, the default encryption is left alone (and not read).
        type: str
        choices: [AES256, "aws:kms", "aws:kms:dsse"]
      encryption_key_id:
        description:
          - KMS key (id, ARN or alias ARN) of O(buckets[].encryption=aws:kms) or V(aws:kms:dsse). Compared as given;
            not set with a KMS algorithm, the AWS managed key (C(aws/s3)).
        type: str
      bucket_key_enabled:
        description:
          - Whether an S3 Bucket Key reduces the KMS requests of O(buckets[].encryption=aws:kms). Not set, left as it
            is.
        type: bool
      versioning:
        description:
          - V(true) enables versioning, V(false) suspends it if it is enabled (a bucket never returns to
            unversioned; one never versioned stays so). Not set, left alone (and not read).
        type: bool
      logging:
        description:
          - Server access logging (GetBucketLogging / PutBucketLogging), compared whole. With
            O(buckets[].logging.target_bucket), the bucket's access logs go to that bucket under
            O(buckets[].logging.target_prefix); V({}) turns logging off. Not set, left alone (and not read).
          - The target bucket must exist in the same region and account and let C(logging.s3.amazonaws.com)
            C(s3:PutObject) under the prefix (a bucket earlier in O(buckets) is converged first).
        type: dict
        suboptions:
          target_bucket:
            description: The bucket the access logs go to.
            type: str
          target_prefix:
            description: The key prefix of the logs in O(buckets[].logging.target_bucket), e.g. V(s3-access/app/).
            type: str
            default: ""
      public_access:
        description:
          - The bucket's Block Public Access settings, compared whole (a flag not given is V(false)). Not set, left
            alone (and not read).
        type: dict
        suboptions:
          block_public_acls:
            description: Reject requests that set public ACLs.
            type: bool
            default: false
          ignore_public_acls:
            description: Ignore public ACLs.
            type: bool
            default: false
          block_public_policy:
            description: Reject bucket policies that grant public access.
            type: bool
            default: false
          restrict_public_buckets:
            description: Restrict access to a bucket with a public policy to AWS services and the owner account.
            type: bool
            default: false
      object_ownership:
        description:
          - Object ownership (V(BucketOwnerEnforced) disables ACLs). Not set, left alone (and not read).
        type: str
        choices: [BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter]
      policy:
        description:
          - The bucket policy (JSON text, or a dict), compared as a JSON policy. V("") or V({}) removes the policy.
            Not set, left alone (and not read).
        type: json
      tags:
        description:
          - Tags of the bucket (at most 50; keys 1 to 128 characters, values at most 256, no C(aws:) keys). Not set,
            its tags are left alone (and not read). Values are strings to AWS (V(1) is stored and compared as V("1")).
        type: dict
      purge_tags:
        description:
          - Whether tags that O(buckets[].tags) does not list are removed. S3 replaces a bucket's whole tag set (one
            PutBucketTagging; DeleteBucketTagging when none is left).
        type: bool
        default: true
      lifecycle_rules:
        description:
          - Lifecycle rules, each identified by its O(buckets[].lifecycle_rules[].id) and put whole. Not set, the
            lifecycle configuration is left alone (and not read). Rules the bucket has under other ids are kept
            unless O(buckets[].purge_lifecycle_rules).
        type: list
        elements: dict
        suboptions:
          id:
            description: Id of the rule (1 to 255 characters), unique in the bucket.
            type: str
            required: true
          prefix:
            description: Key prefix the rule applies to; V("") is every object.
            type: str
            default: ""
          status:
            description: Whether the rule is applied.
            type: str
            choices: [enabled, disabled]
            default: enabled
          transitions:
            description: Transitions of current objects to other storage classes.
            type: list
            elements: dict
            suboptions:
              transition_days:
                description: Days after an object's creation (0 or more).
                type: int
                required: true
              storage_class:
                description: Storage class to move it to.
                type: str
                required: true
                choices: [glacier, standard_ia, onezone_ia, intelligent_tiering, deep_archive, glacier_ir]
          expiration_days:
            description: Days after an object's creation that it expires (1 or more).
            type: int
          noncurrent_version_transitions:
            description: Transitions of noncurrent object versions to other storage classes.
            type: list
            elements: dict
            suboptions:
              transition_days:
                description: Days after the version became noncurrent (1 or more).
                type: int
                required: true
              storage_class:
                description: Storage class to move it to.
                type: str
                required: true
                choices: [glacier, standard_ia, onezone_ia, intelligent_tiering, deep_archive, glacier_ir]
          noncurrent_version_expiration_days:
            description: Days after a version became noncurrent that it is deleted (1 or more).
            type: int
          abort_incomplete_multipart_upload_days:
            description: Days after an incomplete multipart upload began that it is aborted (1 or more).
            type: int
      purge_lifecycle_rules:
        description:
          - Whether lifecycle rules of the bucket that O(buckets[].lifecycle_rules) does not list are removed. With
            V([]), the whole lifecycle configuration is deleted.
        type: bool
        default: false
      cors_rules:
        description:
          - The bucket's CORS rules (the whole CORS configuration), compared as M(community.aws.s3_cors) compares them.
            V([]) removes the CORS configuration. Not set, left alone (and not read).
        type: list
        elements: dict
        suboptions:
          id:
            description: Id of the rule (at most 255 characters).
            type: str
          allowed_origins:
            description: Origins allowed (V(*) any).
            type: list
            elements: str
            required: true
          allowed_methods:
            description: Methods allowed.
            type: list
            elements: str
            required: true
            choices: [GET, PUT, HEAD, POST, DELETE]
          allowed_headers:
            description: Headers allowed in a preflight request.
            type: list
            elements: str
          expose_headers:
            description: Response headers a browser application may read.
            type: list
            elements: str
          max_age_seconds:
            description: Seconds a browser may cache the preflight answer.
            type: int
  force:
    description:
      - With O(state=absent), empty each bucket (every object version and delete marker) before deleting it. Without
        it, deleting a bucket that holds objects fails (C(BucketNotEmpty)).
    type: bool
    default: false
  state:
    description: Whether the buckets of O(buckets) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: An app bucket (SSE-KMS, versioned, lifecycle, CORS) and a logs bucket, private and TLS-only
  prodgrade.aws.s3_buckets:
    region: ap-south-1
    buckets:
      - name: ecia-prod-app-123456789012
        encryption: "aws:kms"
        encryption_key_id: arn:aws:kms:ap-south-1:123456789012:alias/ecia-prod-s3
        bucket_key_enabled: true
        versioning: true
        public_access: {block_public_acls: true, ignore_public_acls: true, block_public_policy: true,
                        restrict_public_buckets: true}
        object_ownership: BucketOwnerEnforced
        policy: "{{ lookup('ansible.builtin.template', 'tls_only.json.j2') }}"
        tags: {Name: ecia-prod-app-123456789012, Environment: prod}
        lifecycle_rules:
          - id: tiering-and-expiry
            transitions:
              - {transition_days: 30, storage_class: standard_ia}
              - {transition_days: 90, storage_class: glacier}
            expiration_days: 365
            noncurrent_version_expiration_days: 365
            abort_incomplete_multipart_upload_days: 7
        cors_rules:
          - {allowed_origins: ["*"], allowed_methods: [GET, HEAD], max_age_seconds: 3000}
      - name: ecia-prod-logs-123456789012
        encryption: AES256
        versioning: false
        tags: {Name: ecia-prod-logs-123456789012}

- name: Remove them, with their objects
  prodgrade.aws.s3_buckets:
    region: ap-south-1
    buckets:
      - name: ecia-prod-app-123456789012
      - name: ecia-prod-logs-123456789012
    force: true
    state: absent
"""

RETURN = r"""
buckets:
  description:
    - The buckets of O(buckets), in that order, after the change, with the settings the module manages (those read
      or written). Predicted in check mode. Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name.
      type: str
      sample: ecia-prod-app-123456789012
    encryption:
      description: The default encryption (V(null) when none).
      returned: when O(buckets[].encryption) is set
      type: dict
      contains:
        sse_algorithm:
          description: Algorithm.
          type: str
          sample: "aws:kms"
        kms_master_key_id:
          description: KMS key (V(null) when none).
          type: str
          sample: arn:aws:kms:ap-south-1:123456789012:alias/ecia-prod-s3
        bucket_key_enabled:
          description: Whether an S3 Bucket Key is used.
          type: bool
          sample: true
    versioning:
      description: Versioning status, V(Enabled), V(Suspended) or V("") (never versioned).
      returned: when O(buckets[].versioning) is set
      type: str
      sample: Enabled
    logging:
      description: Where the server access logs go, V({}) when logging is off.
      returned: when O(buckets[].logging) is set
      type: dict
      sample: {"target_bucket": "ecia-prod-logs-123456789012", "target_prefix": "s3-access/ecia-prod-app/"}
    public_access:
      description: Block Public Access settings (V(null) when none).
      returned: when O(buckets[].public_access) is set
      type: dict
      sample: {"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true,
               "restrict_public_buckets": true}
    object_ownership:
      description: Object ownership (V(null) when none).
      returned: when O(buckets[].object_ownership) is set
      type: str
      sample: BucketOwnerEnforced
    policy:
      description: The bucket policy (V({}) when none).
      returned: when O(buckets[].policy) is set
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
    tags:
      description: Tags.
      returned: when O(buckets[].tags) is set
      type: dict
      sample: {"Name": "ecia-prod-app-123456789012"}
    lifecycle_rules:
      description: The lifecycle rules as GetBucketLifecycleConfiguration answers them, sorted by C(ID).
      returned: when O(buckets[].lifecycle_rules) is set
      type: list
      elements: dict
      sample: [{"ID": "tiering-and-expiry", "Filter": {"Prefix": ""}, "Status": "Enabled",
                "Expiration": {"Days": 365}}]
    cors_rules:
      description: The CORS rules as GetBucketCors answers them.
      returned: when O(buckets[].cors_rules) is set
      type: list
      elements: dict
      sample: [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "HEAD"], "MaxAgeSeconds": 3000}]
changed_buckets:
  description: Names of the buckets created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created buckets.
      type: list
      elements: str
      sample: ["ecia-prod-app-123456789012"]
    updated:
      description: Buckets whose settings changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted buckets.
      type: list
      elements: str
      sample: []
"""

import copy
import json

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils import s3
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff

STORAGE_CLASS_CHOICES = [c.lower() for c in s3.STORAGE_CLASSES]
TRANSITION_SPEC = dict(
    transition_days=dict(type="int", required=True),
    storage_class=dict(type="str", required=True, choices=STORAGE_CLASS_CHOICES),
)
LIFECYCLE_RULE_SPEC = dict(
    id=dict(type="str", required=True),
    prefix=dict(type="str", default=""),
    status=dict(type="str", choices=["enabled", "disabled"], default="enabled"),
    transitions=dict(type="list", elements="dict", options=TRANSITION_SPEC),
    expiration_days=dict(type="int"),
    noncurrent_version_transitions=dict(type="list", elements="dict", options=TRANSITION_SPEC),
    noncurrent_version_expiration_days=dict(type="int"),
    abort_incomplete_multipart_upload_days=dict(type="int"),
)
CORS_RULE_SPEC = dict(
    id=dict(type="str"),
    allowed_origins=dict(type="list", elements="str", required=True),
    allowed_methods=dict(type="list", elements="str", required=True, choices=list(s3.CORS_METHODS)),
    allowed_headers=dict(type="list", elements="str"),
    expose_headers=dict(type="list", elements="str"),
    max_age_seconds=dict(type="int"),
)
BUCKET_SPEC = dict(
    name=dict(type="str", required=True),
    encryption=dict(type="str", choices=list(s3.ENCRYPTIONS)),
    encryption_key_id=dict(type="str", no_log=False),
    bucket_key_enabled=dict(type="bool"),
    versioning=dict(type="bool"),
    logging=dict(type="dict", options=dict(target_bucket=dict(type="str"), target_prefix=dict(type="str", default=""))),
    public_access=dict(
        type="dict", options={k: dict(type="bool", default=False) for k in s3.PUBLIC_ACCESS_KEYS}, no_log=False
    ),
    object_ownership=dict(type="str", choices=list(s3.OBJECT_OWNERSHIPS)),
    policy=dict(type="json"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
    lifecycle_rules=dict(type="list", elements="dict", options=LIFECYCLE_RULE_SPEC),
    purge_lifecycle_rules=dict(type="bool", default=False),
    cors_rules=dict(type="list", elements="dict", options=CORS_RULE_SPEC),
)
ARGUMENT_SPEC = dict(
    buckets=dict(type="list", elements="dict", required=True, options=BUCKET_SPEC),
    force=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
# CORS rule keys, module -> S3 (community.aws.s3_cors camelizes its rules: the same names).
CORS_KEYS = dict(
    id="ID",
    allowed_headers="AllowedHeaders",
    allowed_methods="AllowedMethods",
    allowed_origins="AllowedOrigins",
    expose_headers="ExposeHeaders",
    max_age_seconds="MaxAgeSeconds",
)
# What a bucket just created has, for the settings that then need no write when that is what is wanted.
NEW_BUCKET = dict(versioning="", logging={}, policy={}, tags={}, lifecycle_rules=[], cors_rules=[])


# ------------------------------------------------------------------ input


def parse_policy(policy):
    """The policy option as a dict ({}: no policy), or None (left alone). Raises ValueError on bad JSON."""
    if policy is None:
        return None
    document = json.loads(policy) if isinstance(policy, str) and policy.strip() else policy
    return document or {}


def _tag_errors(where, tags):
    errors = []
    if len(tags) > s3.TAGS_MAX:
        errors.append(f"{where}: tags has {len(tags)} tags; a bucket has at most {s3.TAGS_MAX}")
    for key, value in tags.items():
        if not 1 <= len(key) <= s3.TAG_KEY_MAX or key.lower().startswith("aws:"):
            errors.append(f"{where}: tags: key {key!r} must be 1 to {s3.TAG_KEY_MAX} characters, not starting aws:")
        if len(to_text(value)) > s3.TAG_VALUE_MAX:
            errors.append(f"{where}: tags: the value of {key!r} must be at most {s3.TAG_VALUE_MAX} characters")
    return errors


def _lifecycle_errors(where, rules):
    errors = []
    if len(rules) > s3.LIFECYCLE_RULES_MAX:
        errors.append(f"{where}: lifecycle_rules has {len(rules)} rules; a bucket has at most {s3.LIFECYCLE_RULES_MAX}")
    errors += [f"{where}: {e}" for e in duplicate_names([{"name": r["id"]} for r in rules], "lifecycle_rules[].id")]
    for index, rule in enumerate(rules):
        at = f"{where}: lifecycle_rules[{index}] ({rule['id']})"
        if not 1 <= len(rule["id"]) <= s3.RULE_ID_MAX:
            errors.append(f"{at}: id must be 1 to {s3.RULE_ID_MAX} characters")
        actions = ("transitions", "expiration_days", "noncurrent_version_transitions")
        actions += ("noncurrent_version_expiration_days", "abort_incomplete_multipart_upload_days")
        if not any(rule[a] for a in actions):
            errors.append(f"{at}: a rule needs at least one action ({', '.join(actions)})")
        for key in ("expiration_days", "noncurrent_version_expiration_days", "abort_incomplete_multipart_upload_days"):
            if rule[key] is not None and rule[key] < 1:
                errors.append(f"{at}: {key} must be 1 or more: {rule[key]}")
        for key, least in (("transitions", 0), ("noncurrent_version_transitions", 1)):
            for transition in rule[key] or []:
                if transition["transition_days"] < least:
                    errors.append(f"{at}: {key}[].transition_days must be {least} or more")
    return errors


def _cors_errors(where, rules):
    errors = []
    if len(rules) > s3.CORS_RULES_MAX:
        errors.append(f"{where}: cors_rules has {len(rules)} rules; a bucket has at most {s3.CORS_RULES_MAX}")
    for index, rule in enumerate(rules):
        at = f"{where}: cors_rules[{index}]"
        if not rule["allowed_origins"] or not rule["allowed_methods"]:
            errors.append(f"{at}: allowed_origins and allowed_methods must not be empty")
        if rule["id"] is not None and len(rule["id"]) > s3.RULE_ID_MAX:
            errors.append(f"{at}: id must be at most {s3.RULE_ID_MAX} characters")
        if rule["max_age_seconds"] is not None and rule["max_age_seconds"] < 0:
            errors.append(f"{at}: max_age_seconds must be 0 or more")
    return errors


def validate_bucket(index, bucket, present):
    where = f"buckets[{index}] ({bucket['name']})"
    errors = []
    if not s3.valid_bucket_name(bucket["name"]):
        errors.append(
            f"{where}: name must be 3 to 63 characters of a-z0-9.-, a letter or digit at both ends, no '..', "
            "not an IP address"
        )
    if not present:
        return errors
    encryption = bucket["encryption"]
    if bucket["encryption_key_id"] is not None and encryption not in ("aws:kms", "aws:kms:dsse"):
        errors.append(f"{where}: encryption_key_id needs encryption aws:kms or aws:kms:dsse")
    if bucket["bucket_key_enabled"] is not None and encryption != "aws:kms":
        errors.append(f"{where}: bucket_key_enabled needs encryption aws:kms")
    try:
        policy = parse_policy(bucket["policy"])
        if policy is not None and not isinstance(policy, dict):
            errors.append(f"{where}: policy must be a JSON object")
    except ValueError as e:
        errors.append(f"{where}: policy is not valid JSON: {e}")
    logging = bucket["logging"]
    if logging is not None and not logging["target_bucket"] and logging["target_prefix"]:
        errors.append(f"{where}: logging.target_prefix needs logging.target_bucket")
    if logging and logging["target_bucket"] and not s3.valid_bucket_name(logging["target_bucket"]):
        errors.append(f"{where}: logging.target_bucket '{logging['target_bucket']}' is not a valid bucket name")
    errors += _tag_errors(where, bucket["tags"] or {})
    errors += _lifecycle_errors(where, bucket["lifecycle_rules"] or [])
    errors += _cors_errors(where, bucket["cors_rules"] or [])
    return errors


def validate_params(p):
    present = p["state"] == "present"
    errors = []
    for index, bucket in enumerate(p["buckets"]):
        errors += validate_bucket(index, bucket, present)
    errors += duplicate_names(p["buckets"], "buckets")
    return errors


# ------------------------------------------------------------------ shapes


def lifecycle_rule_to_boto3(rule):
    """An item of lifecycle_rules -> an S3 LifecycleRule, as community.aws.s3_lifecycle builds it."""
    result = dict(ID=rule["id"], Filter=dict(Prefix=rule["prefix"] or ""), Status=rule["status"].title())
    if rule["expiration_days"] is not None:
        result["Expiration"] = dict(Days=rule["expiration_days"])
    if rule["transitions"]:
        result["Transitions"] = [
            dict(Days=t["transition_days"], StorageClass=t["storage_class"].upper()) for t in rule["transitions"]
        ]
    if rule["noncurrent_version_transitions"]:
        result["NoncurrentVersionTransitions"] = [
            dict(NoncurrentDays=t["transition_days"], StorageClass=t["storage_class"].upper())
            for t in rule["noncurrent_version_transitions"]
        ]
    if rule["noncurrent_version_expiration_days"] is not None:
        result["NoncurrentVersionExpiration"] = dict(NoncurrentDays=rule["noncurrent_version_expiration_days"])
    if rule["abort_incomplete_multipart_upload_days"] is not None:
        result["AbortIncompleteMultipartUpload"] = dict(
            DaysAfterInitiation=rule["abort_incomplete_multipart_upload_days"]
        )
    return normalize_lifecycle_rule(result)


def normalize_lifecycle_rule(rule):
    """One spelling of a rule: an empty filter is the "" prefix; transitions sorted (their order means nothing)."""
    rule = copy.deepcopy(rule)
    if "Filter" in rule and not rule["Filter"]:
        rule["Filter"] = dict(Prefix="")
    for key, days in (("Transitions", "Days"), ("NoncurrentVersionTransitions", "NoncurrentDays")):
        if key in rule:
            rule[key] = sorted(
                rule[key], key=lambda t, days=days: (t.get(days) or 0, t.get("Date") or "", t["StorageClass"])
            )
    return rule


def normalize_lifecycle_rules(rules):
    return sorted((normalize_lifecycle_rule(r) for r in rules), key=lambda r: r.get("ID") or "")


def cors_rule_to_boto3(rule):
    return {CORS_KEYS[k]: copy.deepcopy(v) for k, v in rule.items() if v is not None}


def encryption_from_boto3(rule):
    if rule is None:
        return None
    default = rule.get("ApplyServerSideEncryptionByDefault") or {}
    return dict(
        sse_algorithm=default.get("SSEAlgorithm"),
        kms_master_key_id=default.get("KMSMasterKeyID"),
        bucket_key_enabled=bool(rule.get("BucketKeyEnabled")),
    )


def encryption_to_boto3(encryption):
    default = dict(SSEAlgorithm=encryption["sse_algorithm"])
    if encryption["kms_master_key_id"]:
        default["KMSMasterKeyID"] = encryption["kms_master_key_id"]
    return dict(ApplyServerSideEncryptionByDefault=default, BucketKeyEnabled=encryption["bucket_key_enabled"])


def public_access_from_boto3(configuration):
    if configuration is None:
        return None
    return {k: bool(configuration.get(v)) for k, v in s3.PUBLIC_ACCESS_KEYS.items()}


def public_access_to_boto3(public_access):
    return {v: public_access[k] for k, v in s3.PUBLIC_ACCESS_KEYS.items()}


# ------------------------------------------------------------------ read, want, compare


def read(client, bucket):
    """The bucket in the compared shape with the settings the module manages (None: no bucket)."""
    name = bucket["name"]
    if not s3.bucket_exists(client, name):
        return None
    current = dict(name=name)
    if bucket["encryption"] is not None:
        current["encryption"] = encryption_from_boto3(s3.get_bucket_encryption_rule(client, name))
    if bucket["versioning"] is not None:
        current["versioning"] = s3.get_bucket_versioning(client, name) or ""
    if bucket["logging"] is not None:
        current["logging"] = s3.get_bucket_logging(client, name)
    if bucket["public_access"] is not None:
        current["public_access"] = public_access_from_boto3(s3.get_public_access_block(client, name))
    if bucket["object_ownership"] is not None:
        current["object_ownership"] = s3.get_object_ownership(client, name)
    if bucket["policy"] is not None:
        current["policy"] = s3.get_bucket_policy(client, name) or {}
    if bucket["tags"] is not None:
        current["tags"] = s3.get_bucket_tags(client, name)
    if bucket["lifecycle_rules"] is not None:
        current["lifecycle_rules"] = normalize_lifecycle_rules(s3.get_lifecycle_rules(client, name))
    if bucket["cors_rules"] is not None:
        current["cors_rules"] = s3.get_cors_rules(client, name)
    return current


def desired_bucket(bucket, current):
    """An item of O(buckets) in the compared shape (a None value: left alone), given the bucket as it is."""
    current = current or dict(NEW_BUCKET)
    encryption = None
    if bucket["encryption"] is not None:
        kms = bucket["encryption"].startswith("aws:kms")
        have_key = (current.get("encryption") or {}).get("bucket_key_enabled", False)
        encryption = dict(
            sse_algorithm=bucket["encryption"],
            kms_master_key_id=bucket["encryption_key_id"] if kms else None,
            bucket_key_enabled=bucket["bucket_key_enabled"] if bucket["bucket_key_enabled"] is not None else have_key,
        )
    versioning = None
    if bucket["versioning"] is not None:
        # Versioning is suspended, never removed: a bucket never versioned stays so.
        versioning = "Enabled" if bucket["versioning"] else ("Suspended" if current["versioning"] else "")
    tags = None
    if bucket["tags"] is not None:
        tags = {} if bucket["purge_tags"] else dict(current["tags"])
        tags.update({k: to_text(v) for k, v in bucket["tags"].items()})
    lifecycle = None
    if bucket["lifecycle_rules"] is not None:
        wanted = [lifecycle_rule_to_boto3(r) for r in bucket["lifecycle_rules"]]
        ids = {r["ID"] for r in wanted}
        kept = (
            [] if bucket["purge_lifecycle_rules"] else [r for r in current["lifecycle_rules"] if r.get("ID") not in ids]
        )
        lifecycle = normalize_lifecycle_rules(kept + wanted)
    public_access = bucket["public_access"]
    logging = bucket["logging"]
    if logging is not None:
        logging = dict(logging) if logging["target_bucket"] else {}
    return dict(
        name=bucket["name"],
        encryption=encryption,
        versioning=versioning,
        logging=logging,
        public_access=dict(public_access) if public_access is not None else None,
        object_ownership=bucket["object_ownership"],
        policy=parse_policy(bucket["policy"]),
        tags=tags,
        lifecycle_rules=lifecycle,
        cors_rules=[cors_rule_to_boto3(r) for r in bucket["cors_rules"]] if bucket["cors_rules"] is not None else None,
    )


def encryption_differs(have, want):
    """As amazon.aws.s3_bucket: the algorithm; for KMS the key as given; the bucket key when asked for."""
    if have is None or have["sse_algorithm"] != want["sse_algorithm"]:
        return True
    if want["sse_algorithm"].startswith("aws:kms") and have["kms_master_key_id"] != want["kms_master_key_id"]:
        return True
    return have["bucket_key_enabled"] != want["bucket_key_enabled"]


def policy_differs(have, want):
    if not want:
        return bool(have)
    return not have or compare_policies(have, want)


def differs(current, desired):
    checks = dict(
        encryption=encryption_differs,
        policy=policy_differs,
        cors_rules=lambda have, want: bool(compare_policies(want, have or [])),
    )
    keys = []
    for key, want in desired.items():
        if key == "name" or want is None:
            continue
        have = current.get(key)
        if checks[key](have, want) if key in checks else have != want:
            keys.append(key)
    return keys


def predict(current, desired):
    after = copy.deepcopy(current) if current else dict(name=desired["name"])
    after.update({k: copy.deepcopy(v) for k, v in desired.items() if v is not None})
    return after


# ------------------------------------------------------------------ write


def write(client, current, desired):
    """Write what differs, then read back what S3 may answer stale for a while; the bucket as it now is."""
    name = desired["name"]
    keys = differs(current, desired)
    if "encryption" in keys:
        s3.put_bucket_encryption(client, name, encryption_to_boto3(desired["encryption"]))
    if "versioning" in keys:
        s3.put_bucket_versioning(client, name, desired["versioning"])
    if "logging" in keys:
        s3.put_bucket_logging(client, name, desired["logging"])
    if "public_access" in keys:
        s3.put_public_access_block(client, name, public_access_to_boto3(desired["public_access"]))
    if "object_ownership" in keys:
        s3.put_object_ownership(client, name, desired["object_ownership"])
    if "policy" in keys:
        if desired["policy"]:
            s3.put_bucket_policy(client, name, desired["policy"])
        else:
            s3.delete_bucket_policy(client, name)
    if "tags" in keys:
        if desired["tags"]:
            s3.put_bucket_tags(client, name, desired["tags"])
        else:
            s3.delete_bucket_tags(client, name)
    if "lifecycle_rules" in keys:
        if desired["lifecycle_rules"]:
            s3.put_lifecycle_rules(client, name, desired["lifecycle_rules"])
        else:
            s3.delete_lifecycle(client, name)
    if "cors_rules" in keys:
        if desired["cors_rules"]:
            s3.put_cors_rules(client, name, desired["cors_rules"])
        else:
            s3.delete_cors(client, name)
    after = predict(current, desired)
    wait_applied(client, name, keys, desired, after)
    return after


def wait_applied(client, name, keys, desired, after):
    """Read back the settings amazon.aws.s3_bucket waits for once written; ``after`` takes the values read."""
    if "encryption" in keys:
        after["encryption"] = s3.wait_applied(
            lambda: encryption_from_boto3(s3.get_bucket_encryption_rule(client, name)),
            lambda have: not encryption_differs(have, desired["encryption"]),
            f"The default encryption of bucket {name}",
        )
    if "versioning" in keys:
        after["versioning"] = s3.wait_applied(
            lambda: s3.get_bucket_versioning(client, name) or "",
            lambda have: have == desired["versioning"],
            f"The versioning of bucket {name}",
        )
    if "policy" in keys:
        after["policy"] = s3.wait_applied(
            lambda: s3.get_bucket_policy(client, name) or {},
            lambda have: not policy_differs(have, desired["policy"]),
            f"The policy of bucket {name}",
        )
    if "tags" in keys:
        after["tags"] = s3.wait_applied(
            lambda: s3.get_bucket_tags(client, name),
            lambda have: have == desired["tags"],
            f"The tags of bucket {name}",
        )


def create(client, region, desired):
    name = desired["name"]
    s3.create_bucket(client, name, region)
    s3.wait_bucket_exists(client, name)
    after = write(client, dict(NEW_BUCKET, name=name), desired)
    return {k: v for k, v in after.items() if k == "name" or desired.get(k) is not None}


def delete(client, name, force):
    if force:
        s3.empty_bucket(client, name)
    s3.delete_bucket(client, name)
    s3.wait_bucket_not_exists(client, name)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    present = p["state"] == "present"
    results = {}
    try:
        client = clients.client(module, "s3")
        for bucket in p["buckets"]:
            name = bucket["name"]
            current = read(client, bucket) if present else (dict(name=name) if s3.bucket_exists(client, name) else None)
            results[name] = ensure(
                current,
                desired_bucket(bucket, current) if present else None,
                check_mode=module.check_mode,
                differs=differs,
                predict=predict,
                create=lambda d: create(client, module.region, d),
                update=lambda c, d: write(client, c, d),
                delete=lambda c: delete(client, c["name"], p["force"]),
            )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        buckets=[r.after for r in results.values() if r.after],
        changed_buckets=changed_names(results),
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
