# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Organizations policy documents (SCP, tag, backup ...): load, validate, minify.

Pure Python (no boto3), so the ``organizations_policy`` module and the role's filter plugin check a document the
same way before any API call::

    doc = load_policy(text)                  # PolicyDocumentError names the JSON problem (line/column)
    errors = validate_policy(doc, "SERVICE_CONTROL_POLICY", max_size=5120)
    if errors: fail("; ".join(errors))
    client.create_policy(Content=minify(doc), ...)   # the size AWS counts is the size of what is sent

The SCP grammar checked here follows the AWS Organizations User Guide ("SCP syntax"): ``Version`` must be
``2012-10-17``; ``Statement`` is one statement or a non-empty list; each statement has ``Effect`` ``Allow`` or
``Deny`` and exactly one of ``Action``/``NotAction``; ``Resource``/``NotResource`` (at most one) and ``Condition``
are optional and, since AWS extended SCPs to the full IAM language (2025), allowed with both effects; ``Principal``
and ``NotPrincipal`` are not supported in SCPs; wildcards in an action may only stand alone or end the action name.
Maximum sizes are AWS's documented defaults ("Quotas for AWS Organizations", maximum size of a policy document).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Union

SCP = "SERVICE_CONTROL_POLICY"

# AWS's documented maximum document size per policy type, in characters (whitespace counts: we send minify(doc)).
MAX_POLICY_SIZE = {
    "SERVICE_CONTROL_POLICY": 5120,
    "RESOURCE_CONTROL_POLICY": 5120,
    "TAG_POLICY": 10000,
    "BACKUP_POLICY": 10000,
    "AISERVICES_OPT_OUT_POLICY": 2500,
    "CHATBOT_POLICY": 10000,
    "DECLARATIVE_POLICY_EC2": 10000,
}
# AWS's documented maximum number of policies of one type attached to a root, OU or account.
MAX_POLICIES_PER_TARGET = {
    "SERVICE_CONTROL_POLICY": 5,
    "RESOURCE_CONTROL_POLICY": 5,
    "AISERVICES_OPT_OUT_POLICY": 5,
    "TAG_POLICY": 10,
    "BACKUP_POLICY": 10,
}

SCP_VERSION = "2012-10-17"
SCP_STATEMENT_KEYS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")
# service prefix, a colon, an action name whose wildcards (* ?) only end it; or "*" alone.
ACTION_PATTERN = re.compile(r"^(\*|[a-z0-9-]+:[A-Za-z0-9]*[*?]*)$")
SID_PATTERN = re.compile(r"^[A-Za-z0-9]+$")


class PolicyDocumentError(Exception):
    """A policy document that is not valid JSON (or not a JSON object)."""


def load_policy(content: Union[str, bytes, Dict[str, Any]]) -> Dict[str, Any]:
    """The policy document as a dict, from a dict or a JSON string/bytes.

    Raises PolicyDocumentError naming the JSON problem and where (line/column), or saying what the content is
    when it is not a JSON object.
    """
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError as e:
            lineno, colno = getattr(e, "lineno", None), getattr(e, "colno", None)
            where = f" at line {lineno} column {colno}" if lineno is not None else ""
            reason = getattr(e, "msg", str(e))
            raise PolicyDocumentError(f"policy content is not valid JSON: {reason}{where}") from e
    if not isinstance(content, dict):
        raise PolicyDocumentError(f"policy content must be a JSON object, not {type(content).__name__}")
    return content


def minify(doc: Any) -> str:
    """Compact JSON (no whitespace between tokens, key order kept): what is sent to AWS and what its size counts."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def policy_size(doc: Any) -> int:
    """Characters of ``minify(doc)``."""
    return len(minify(doc))


def default_max_size(policy_type: str) -> int:
    return MAX_POLICY_SIZE.get(policy_type, 10000)


def validate_policy(
    doc: Any,
    policy_type: str = SCP,
    max_size: Optional[int] = None,
) -> List[str]:
    """Every rule ``doc`` breaks, one sentence each (empty: valid).

    ``doc`` is a loaded document (see load_policy); ``max_size`` defaults to AWS's maximum for ``policy_type``.
    """
    if not isinstance(doc, dict):
        return [f"the policy document must be a JSON object, not {type(doc).__name__}"]
    errors = _validate_scp(doc) if policy_type == SCP else []
    limit = default_max_size(policy_type) if max_size is None else max_size
    size = policy_size(doc)
    if size > limit:
        errors.append(
            f"the policy is {size} characters once whitespace is removed, over the {limit}-character maximum "
            f"for {policy_type}"
        )
    return errors


def _as_list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else [value]


def _validate_scp(doc: Dict[str, Any]) -> List[str]:
    errors = []
    unknown = sorted(k for k in doc if k not in ("Version", "Statement", "Id"))
    if unknown:
        errors.append(f"unknown top-level key(s) {', '.join(unknown)}: an SCP has only Version and Statement")
    if doc.get("Version") != SCP_VERSION:
        errors.append(f'Version must be "{SCP_VERSION}" (got {json.dumps(doc.get("Version"))})')
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        errors.append("Statement must be a statement object or a non-empty list of them")
        return errors
    sids: Dict[str, int] = {}
    for index, statement in enumerate(statements, start=1):
        errors.extend(_validate_scp_statement(index, statement, sids))
    return errors


def _validate_scp_statement(index: int, statement: Any, sids: Dict[str, int]) -> List[str]:
    if not isinstance(statement, dict):
        return [f"statement {index} must be a JSON object, not {type(statement).__name__}"]
    where = f"statement {index}" + (f" ({statement['Sid']})" if isinstance(statement.get("Sid"), str) else "")
    errors = []
    for key in ("Principal", "NotPrincipal"):
        if key in statement:
            errors.append(f"{where}: {key} is not allowed in an SCP (an SCP applies to the accounts it is attached to)")
    unknown = sorted(k for k in statement if k not in SCP_STATEMENT_KEYS + ("Principal", "NotPrincipal"))
    if unknown:
        errors.append(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(SCP_STATEMENT_KEYS)})")
    if statement.get("Effect") not in ("Allow", "Deny"):
        errors.append(f"{where}: Effect must be Allow or Deny (got {json.dumps(statement.get('Effect'))})")
    errors.extend(_validate_actions(where, statement))
    if "Resource" in statement and "NotResource" in statement:
        errors.append(f"{where}: use either Resource or NotResource, not both")
    for key in ("Resource", "NotResource"):
        if key in statement and not _strings(statement[key]):
            errors.append(f"{where}: {key} must be a string or a non-empty list of strings")
    if "Condition" in statement and not (
        isinstance(statement["Condition"], dict) and all(isinstance(v, dict) for v in statement["Condition"].values())
    ):
        errors.append(f"{where}: Condition must map condition operators to objects of condition keys")
    sid = statement.get("Sid")
    if sid is not None:
        if not isinstance(sid, str) or not SID_PATTERN.match(sid):
            errors.append(f"{where}: Sid must be alphanumeric (A-Z, a-z, 0-9) (got {json.dumps(sid)})")
        elif sid in sids:
            errors.append(f"{where}: Sid {sid} is already used by statement {sids[sid]}; Sids must be unique")
        else:
            sids[sid] = index
    return errors


def _strings(value: Any) -> bool:
    values = _as_list(value)
    return bool(values) and all(isinstance(v, str) and v for v in values)


def _validate_actions(where: str, statement: Dict[str, Any]) -> List[str]:
    keys = [k for k in ("Action", "NotAction") if k in statement]
    if len(keys) != 1:
        return [f"{where}: a statement needs exactly one of Action or NotAction"]
    key = keys[0]
    if not _strings(statement[key]):
        return [f"{where}: {key} must be a string or a non-empty list of strings"]
    bad = [a for a in _as_list(statement[key]) if not ACTION_PATTERN.match(a)]
    if bad:
        return [
            f"{where}: {key} {', '.join(json.dumps(a) for a in bad)} must be \"service:Action\" (lower-case service "
            'prefix; wildcards * and ? only alone or at the end) or "*"'
        ]
    return []
