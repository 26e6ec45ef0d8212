"""S3 fixes (moto 5.2.5).

- PutBucketLogging checks that the target bucket's policy admits logging.s3.amazonaws.com, reading each statement
  as ``stmt.get("Principal", {}).get("Service")``: a statement with ``"Principal": "*"`` (every TLS-only deny has
  one) raised AttributeError (HTTP 500), and a ``Service`` list, an ``Action`` list with the service's action
  among others, or a ``Resource`` list were not recognised, and a Resource was compared as a string with three
  spellings (``bucket/prefix*``, ``bucket/*`` and the bucket itself, which grants no object), so a wildcard one level
  up (``bucket/s3-access/*`` for the prefix ``s3-access/app/``) was refused. AWS's grammar allows all of these; the
  check below reads them so: an Allow of s3:PutObject to the logging service whose Resource, IAM wildcards read,
  covers an object under the target prefix.
- Bucket policies (DeleteObjects and object requests are checked against them): moto evaluates only
  ``StringEquals`` conditions, ignores every other operator, and takes a condition on a key the request does not
  carry as met. So the TLS-only deny every hardened bucket has (``Bool aws:SecureTransport false``) denied every
  request: emptying such a bucket answered AccessDenied for each object. AWS: a statement applies only when each
  condition holds; a key absent from the request makes an operator false (``...IfExists`` true, ``Null`` tests
  absence). The endpoint stands in for AWS's HTTPS endpoints (clients reach it over plain HTTP only because it is
  local), so requests carry ``aws:SecureTransport: true``; no other request key is known here.
"""

import fnmatch
import json

from moto.iam.access_control import IAMPolicyStatement
from moto.iam.access_control import PermissionResult
from moto.s3 import models as s3_models

LOGGING_SERVICE = "logging.s3.amazonaws.com"


def _as_list(value):
    return value if isinstance(value, list) else [value] if value is not None else []


def _log_permissions_enabled_policy(target_bucket, target_prefix):
    """Whether a statement lets the logging service put a log object under the prefix: its Resource patterns
    read with IAM's wildcards (``.../s3-access/*`` covers the prefix ``s3-access/app/``), as AWS reads them."""
    if not target_bucket.policy:
        return False
    log_object = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/{target_prefix or ''}2026-01-01-00-00-00-X"
    for stmt in json.loads(target_bucket.policy.decode()).get("Statement", []):
        principal = stmt.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if stmt.get("Effect") != "Allow" or LOGGING_SERVICE not in services:
            continue
        if not {"s3:PutObject", "s3:*"} & set(_as_list(stmt.get("Action"))):
            continue
        if any(fnmatch.fnmatchcase(log_object, resource) for resource in _as_list(stmt.get("Resource"))):
            return True
    return False


s3_models.FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)


# What the endpoint knows of every request's context: it stands in for AWS's HTTPS endpoints.
REQUEST_CONTEXT = {"aws:securetransport": "true"}

_OPERATORS = {
    "StringEquals": lambda want, have: have == want,
    "StringNotEquals": lambda want, have: have != want,
    "StringEqualsIgnoreCase": lambda want, have: have.lower() == want.lower(),
    "StringLike": lambda want, have: fnmatch.fnmatchcase(have, want),
    "StringNotLike": lambda want, have: not fnmatch.fnmatchcase(have, want),
    "ArnEquals": lambda want, have: have == want,
    "ArnLike": lambda want, have: fnmatch.fnmatchcase(have, want),
    "Bool": lambda want, have: have.lower() == str(want).lower(),
}
_NEGATED = ("StringNotEquals", "StringNotLike")


def _condition_holds(operator, key, wanted, context):
    wanted = [str(w) for w in _as_list(wanted)]
    have = context.get(key.lower())
    if operator == "Null":
        return (have is None) == (wanted[0].lower() == "true")
    base = operator[: -len("IfExists")] if operator.endswith("IfExists") else operator
    if have is None:
        return operator.endswith("IfExists")
    test = _OPERATORS.get(base)
    if test is None:
        return False  # an operator this endpoint does not evaluate: the statement is not taken to apply
    if base in _NEGATED:
        return all(test(w, have) for w in wanted)
    return any(test(w, have) for w in wanted)


def statement_applies(statement, context=None):
    """Whether every condition of a policy statement holds for the request context (AWS's evaluation)."""
    context = REQUEST_CONTEXT if context is None else context
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, wanted in keys.items():
            if not _condition_holds(operator, key, wanted, context):
                return False
    return True


def get_permission(self, action, resource):
    if self.policy is None:
        return PermissionResult.NEUTRAL
    statements = _as_list(json.loads(self.policy.decode()).get("Statement"))
    permitted = False
    for statement in statements:
        if not statement_applies(statement):
            continue
        unconditioned = {k: v for k, v in statement.items() if k != "Condition"}
        result = IAMPolicyStatement(unconditioned).is_action_permitted(action, resource)
        if result == PermissionResult.DENIED:
            return result
        permitted |= result == PermissionResult.PERMITTED
    return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL


s3_models.FakeBucket.get_permission = get_permission
