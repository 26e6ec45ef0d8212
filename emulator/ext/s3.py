"""S3 fixes (moto 5.2.5).

- PutBucketLogging checks that the target bucket's policy admits logging.s3.amazonaws.com, reading each statement
  as ``stmt.get("Principal", {}).get("Service")``: a statement with ``"Principal": "*"`` (every TLS-only deny has
  one) raised AttributeError (HTTP 500), and a ``Service`` list, an ``Action`` list with the service's action
  among others, or a ``Resource`` list were not recognised. AWS's grammar allows all of these; the check below
  reads them so (still: an Allow of s3:PutObject to the logging service on the target bucket/prefix).
"""

import json

from moto.s3 import models as s3_models

LOGGING_SERVICE = "logging.s3.amazonaws.com"


def _as_list(value):
    return value if isinstance(value, list) else [value] if value is not None else []


def _log_permissions_enabled_policy(target_bucket, target_prefix):
    if not target_bucket.policy:
        return False
    arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
    accepted = {f"{arn}/{target_prefix or ''}*", f"{arn}/*", arn}
    for stmt in json.loads(target_bucket.policy.decode()).get("Statement", []):
        principal = stmt.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if stmt.get("Effect") != "Allow" or LOGGING_SERVICE not in services:
            continue
        if not {"s3:PutObject", "s3:*"} & set(_as_list(stmt.get("Action"))):
            continue
        if accepted & set(_as_list(stmt.get("Resource"))):
            return True
    return False


s3_models.FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)
