# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generic "ensure" logic shared by prodgrade.aws modules (in the spirit of sensu.sensu_go's ``sync``).

A module describes the resource (``current``, or None), builds the ``desired`` object in the same snake_cased shape
(None for state=absent; a None value inside it means "unset option, leave alone, don't compare") and hands both to
``ensure()`` with its create/update/delete callables. ``ensure()`` decides what to do, honours check mode (no
callable is invoked; the predicted object is returned) and returns changed/before/after/diff::

    result = ensure(current, desired, check_mode=module.check_mode,
                    create=lambda d: create_thing(client, d),
                    update=lambda c, d: update_thing(client, c, d),
                    delete=lambda c: delete_thing(client, c))
    module.exit_json(changed=result.changed, thing=result.after or {}, diff=result.diff)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
from typing import Any
from typing import Callable
from typing import Collection
from typing import Dict
from typing import List
from typing import NamedTuple
from typing import Optional
from typing import Union

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.arn import parse_aws_arn
from ansible_collections.amazon.aws.plugins.module_utils.arn import validate_aws_arn
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

Obj = Dict[str, Any]
ACCOUNT_ID = re.compile(r"[0-9]{12}")


def whole_tags(
    current: Optional[Dict[str, str]], tags: Optional[Dict[str, Any]], purge: bool
) -> Optional[Dict[str, str]]:
    """The whole tag set wanted (None: ``tags`` unset, left alone), as compare_aws_tags sees tags: values as text
    (AWS stores 1 as "1"), the AWS-reserved ``aws:`` tags always kept (never compared nor purged)."""
    if tags is None:
        return None
    kept = {k: v for k, v in (current or {}).items() if k.startswith("aws:") or not purge}
    return dict(kept, **{k: to_text(v) for k, v in tags.items()})


def sync_tags(
    current: Optional[Dict[str, str]],
    tags: Optional[Dict[str, str]],
    purge: bool,
    tag: Callable[[Dict[str, str]], bool],
    untag: Callable[[List[str]], bool],
) -> bool:
    """Make a resource's tags (``current``) match ``tags`` (None: leave alone) through the service's own
    ``tag(to_set)`` / ``untag(keys)`` calls, which return whether they wrote; True if anything changed."""
    if tags is None:
        return False
    to_set, to_unset = compare_aws_tags(current or {}, tags, purge)
    removed = untag(to_unset)
    added = tag(to_set)
    return removed or added


def changed_keys(
    current: Optional[Obj],
    desired: Optional[Obj],
    exact_keys: Collection[str] = ("tags",),
) -> List[str]:
    """Top-level keys of ``desired`` whose value differs from ``current``.

    None values are unset options and never compared. Nested dicts are compared as subsets (only the sub-keys
    desired sets), except for ``exact_keys`` (default ``tags``: the caller passes the complete tag set it wants,
    already merged/purged) which must be equal.
    """
    current = current or {}
    return [
        key
        for key, want in (desired or {}).items()
        if want is not None and _differs(current.get(key), want, exact=key in exact_keys)
    ]


def _differs(have: Any, want: Any, exact: bool = False) -> bool:
    if isinstance(want, dict) and not exact:
        have = have if isinstance(have, dict) else {}
        return any(v is not None and _differs(have.get(k), v) for k, v in want.items())
    return have != want


def merge(current: Optional[Obj], desired: Obj) -> Obj:
    """``current`` updated with the set (non-None) values of ``desired``, nested dicts merged; the default
    prediction of what AWS will return after an update (or a create, when ``current`` is None).
    """
    result = copy.deepcopy(current) if current else {}
    for key, want in desired.items():
        if want is None:
            continue
        if isinstance(want, dict) and isinstance(result.get(key), dict) and key != "tags":
            result[key] = merge(result[key], want)
        else:
            result[key] = copy.deepcopy(want)
    return result


class EnsureResult(NamedTuple):
    changed: bool
    before: Optional[Obj]
    after: Optional[Obj]
    changed_keys: List[str]

    @property
    def diff(self) -> Dict[str, Obj]:
        """Ansible's ``diff`` return value; an absent object is ``{}``."""
        return {"before": self.before or {}, "after": self.after or {}}


def ensure(
    current: Optional[Obj],
    desired: Optional[Obj],
    *,
    check_mode: bool,
    create: Callable[[Obj], Obj],
    update: Callable[[Obj, Obj], Obj],
    delete: Callable[[Obj], Any],
    differs: Callable[[Optional[Obj], Optional[Obj]], List[str]] = changed_keys,
    predict: Callable[[Optional[Obj], Obj], Obj] = merge,
    validate: Optional[Callable[[Optional[Obj], Optional[Obj], List[str]], Any]] = None,
    deleted: Optional[Callable[[Obj], Optional[Obj]]] = None,
) -> EnsureResult:
    """Converge ``current`` to ``desired`` (None = absent).

    - absent wanted: ``delete(current)`` if it exists.
    - missing: ``create(desired)``; check mode returns ``predict(None, desired)``.
    - exists: ``differs(current, desired)`` lists the differing keys; if any, ``update(current, desired)``
      (which may replace), check mode returns ``predict(current, desired)``.
    The callables return the object as it now is (``update``/``create``); ``delete``'s result is ignored.

    ``validate(current, desired, keys)``, when given, runs once a change is due and before it is made or predicted
    (so check mode fails too): it raises to refuse the change (a quota, an object AWS will not change).
    ``deleted(current)``, when given, is what a deleted object turns into (default: gone, None); an object that
    deletion leaves in place (an account closes to PENDING_CLOSURE) and that already is so needs nothing.
    """
    if desired is None:
        if current is None:
            return EnsureResult(False, None, None, [])
        after = deleted(current) if deleted else None
        if after == current:
            return EnsureResult(False, current, current, [])
        if validate:
            validate(current, None, [])
        if not check_mode:
            delete(current)
        return EnsureResult(True, current, after, [])

    if current is None:
        keys = [k for k, v in desired.items() if v is not None]
        if validate:
            validate(None, desired, keys)
        after = predict(None, desired) if check_mode else create(desired)
        return EnsureResult(True, None, after, keys)

    keys = differs(current, desired)
    if not keys:
        return EnsureResult(False, current, current, [])
    if validate:
        validate(current, desired, keys)
    after = predict(current, desired) if check_mode else update(current, desired)
    return EnsureResult(True, current, after, keys)


def duplicate_names(items: List[Obj], option: str) -> List[str]:
    """The error for a list option whose items' ``name`` repeat (modules that converge named items in a batch)."""
    names = [item["name"] for item in items]
    repeated = sorted({n for n in names if names.count(n) > 1})
    return [f"{option}: names must be unique: {', '.join(repeated)}"] if repeated else []


def changed_names(results: Dict[str, EnsureResult]) -> Dict[str, List[str]]:
    """A batch's ``changed_<items>`` return value: the names created, updated and deleted, from ensure()'s results."""
    changed = {name: r for name, r in results.items() if r.changed}
    return dict(
        created=[n for n, r in changed.items() if r.before is None],
        updated=[n for n, r in changed.items() if r.before is not None and r.after is not None],
        deleted=[n for n, r in changed.items() if r.after is None],
    )


def names_diff(results: Dict[str, EnsureResult], after: Optional[Dict[str, Optional[Obj]]] = None) -> Dict[str, Obj]:
    """A batch's ``diff``: before and after keyed by item name (``after`` overrides the results' own, e.g. read back)."""
    after = {n: r.after for n, r in results.items()} if after is None else after
    return dict(
        before={n: r.before for n, r in results.items() if r.before is not None},
        after={n: after[n] for n in results if after.get(n) is not None},
    )


def parse_arn(
    value: Any,
    service: str,
    resource_type: Optional[str] = None,
    region: Union[str, bool, None] = None,
    account: Optional[bool] = None,
) -> Optional[Dict[str, Optional[str]]]:
    """amazon.aws's ``parse_aws_arn(value)`` (partition, service, region, account_id, resource, resource_type,
    resource_id) when the whole of ``value`` is an ARN of ``service`` (and of ``resource_type``), else None.

    ``resource_type`` is given with the separator that follows it (``key/``, ``log-group:``): parse_aws_arn splits
    at either. ``region``: a region name, True (some region) or False (none, as in IAM and S3 ARNs); ``account``:
    True (a 12-digit account id) or False (none); None leaves either unchecked. The whole-string test is ours because
    parse_aws_arn searches for an ARN anywhere in the string, stops at a line break and takes any digits, or none,
    as the account.
    """
    parts = parse_aws_arn(value) if isinstance(value, str) else None
    if not parts or value != "arn:{partition}:{service}:{region}:{account_id}:{resource}".format(**parts):
        return None
    if not validate_aws_arn(value, service=service, resource_type=resource_type and resource_type[:-1]):
        return None
    if resource_type and not parts["resource"].startswith(resource_type):
        return None
    if isinstance(region, str) and parts["region"] != region:
        return None
    if isinstance(region, bool) and bool(parts["region"]) != region:
        return None
    if account is True and not ACCOUNT_ID.fullmatch(parts["account_id"]):
        return None
    if account is False and parts["account_id"]:
        return None
    return parts
