"""Check a request against every constraint its botocore input shape states, as the AWS service does.

botocore's client-side ``ParamValidator`` checks required members, types and minimums only (a service may raise
its maximums without a new SDK). AWS's front ends check the rest, and refuse the request before any work:

- ``enum``: a value outside the shape's list (``ComparisonOperator="NOPE"``);
- ``pattern``: a string the shape's regular expression does not match whole (AWS's front ends match the whole
  value: IAM refuses the role name ``bad name!`` for ``[\\w+=,.@-]+``, though the pattern has no anchors);
- ``min``/``max``: string and blob length, list and map size, number range.

``problems(shape, params)`` returns one line per violation, naming the member path, the rule and the value.
Patterns written in a Java dialect Python's ``re`` cannot compile (``\\p{L}`` ...) are translated where a plain
class says the same, and otherwise skipped: counted by ``unchecked_patterns()``, never guessed.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import threading
from collections import Counter

from botocore.model import Shape

from emulator.protocol import validation_code

# Java / Smithy character classes as the contents of a Python class. Letters cannot be written inside a Python
# class, so \p{L} there becomes \w (letters, digits and _): erring on the side of accepting.
_JAVA_CLASSES = {
    "L": r"\w",
    "Z": r"\s",
    "N": r"\d",
    "Alnum": "a-zA-Z0-9",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Punct": r"!-/:-@\[-`{-~",
    "XDigit": "0-9a-fA-F",
    "Upper": "A-Z",
    "Lower": "a-z",
    "Space": r"\s",
    "ASCII": r"\x00-\x7f",
    "Print": r"\x20-\x7e",
    "Graph": r"\x21-\x7e",
}
_JAVA_CLASS = re.compile(r"\\p\{(\w+)\}")
_UNCHECKED: set[str] = set()


def problems(shape: Shape | None, params) -> list[str]:
    """Every constraint of ``shape`` that ``params`` (a boto3-style dict) breaks."""
    found: list[str] = []
    if shape is not None:
        _check(shape, params, "", found)
    return found


def unchecked_patterns() -> list[str]:
    """The patterns met so far that Python cannot compile (so not checked)."""
    return sorted(_UNCHECKED)


def _check(shape: Shape, value, path: str, found: list[str]) -> None:
    kind = shape.type_name
    where = path or "the request"
    if getattr(shape, "is_document_type", False):
        return  # free-form JSON (a Control Tower manifest): the service reads it, not its front end
    if kind == "structure":
        if not isinstance(value, dict):
            found.append(f"{where}: expected a structure, got {type(value).__name__}")
            return
        for name in shape.required_members:
            if value.get(name) is None:
                found.append(f"{_join(path, name)}: required, missing")
        for name, member_value in value.items():
            member = shape.members.get(name)
            if member is None:
                found.append(f"{_join(path, name)}: not a member of {shape.name}")
            elif member_value is not None:
                _check(member, member_value, _join(path, name), found)
        return
    if kind in ("list", "map"):
        if not isinstance(value, list if kind == "list" else dict):
            found.append(f"{where}: expected a {kind}, got {type(value).__name__}")
            return
        _range(shape, len(value), where, "items" if kind == "list" else "entries", found)
        for key, item in enumerate(value) if kind == "list" else value.items():
            if kind == "map":
                _check(shape.key, key, f"{where} key {key!r}", found)
            _check(shape.member if kind == "list" else shape.value, item, f"{where}[{key!r}]", found)
        return
    _scalar(shape, value, where, found)


def _scalar(shape: Shape, value, where: str, found: list[str]) -> None:
    kind = shape.type_name
    if kind == "string":
        if not isinstance(value, str):
            found.append(f"{where}: expected a string, got {type(value).__name__}")
            return
        _range(shape, len(value), where, "characters", found)
        if shape.enum and value not in shape.enum:
            found.append(f"{where}: {value!r} is not one of {', '.join(shape.enum)}")
        pattern = shape.metadata.get("pattern")
        if pattern is not None:
            compiled = _compile(pattern)
            if compiled is not None and not compiled.fullmatch(value):
                found.append(f"{where}: {_short(value)} does not match the pattern {pattern}")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            found.append(f"{where}: expected an integer, got {_short(value)}")
            return
        _range(shape, value, where, None, found)
    elif kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            found.append(f"{where}: expected a number, got {_short(value)}")
            return
        _range(shape, value, where, None, found)
    elif kind == "boolean":
        if not isinstance(value, bool):
            found.append(f"{where}: expected a boolean, got {_short(value)}")
    elif kind == "blob":
        if isinstance(value, (bytes, bytearray, str)):
            _range(shape, len(value), where, "bytes", found)
    elif kind == "timestamp":
        if not isinstance(value, (datetime.datetime, datetime.date, int, float)):
            found.append(f"{where}: expected a timestamp, got {_short(value)}")


def _range(shape: Shape, size, where: str, unit: str | None, found: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    what = f"{size} {unit}" if unit else repr(size)
    if low is not None and size < low:
        found.append(f"{where}: {what}, below the minimum {low}")
    if high is not None and size > high:
        found.append(f"{where}: {what}, above the maximum {high}")


@functools.cache
def _compile(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(_translate(pattern), re.DOTALL)
    except re.error:
        _UNCHECKED.add(pattern)
        return None


def _translate(pattern: str) -> str:
    """Java -> Python: ``\\p{..}`` classes spelled out (``[^\\W\\d_]`` for letters outside a class), ``\\z`` as
    ``\\Z``. An unknown class is left as it is, for ``re`` to refuse."""
    # Java writes the supplementary planes as a range of surrogate pairs, which Python reads as a reversed range.
    pattern = pattern.replace(r"\uD800\uDC00-\uDBFF\uDFFF", r"\U00010000-\U0010FFFF")
    out, i, depth = [], 0, 0
    while i < len(pattern):
        match = _JAVA_CLASS.match(pattern, i)
        if match and match.group(1) in _JAVA_CLASSES:
            inner = _JAVA_CLASSES[match.group(1)]
            out.append(inner if depth else ("[^\\W\\d_]" if match.group(1) == "L" else f"[{inner}]"))
            i = match.end()
            continue
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append("\\Z" if pattern[i + 1] == "z" else pattern[i : i + 2])
            i += 2
            continue
        depth += 1 if char == "[" else -1 if char == "]" and depth else 0
        out.append(char)
        i += 1
    return "".join(out)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# The error AWS answers a request that breaks its model with, by service (else by protocol).
_CODES = {
    "ec2": "InvalidParameterValue",
    "rds": "InvalidParameterValue",
    "cloudwatch": "InvalidParameterValue",
    "sns": "InvalidParameter",
    "s3": "InvalidArgument",
    "s3control": "InvalidRequest",
    "cloudfront": "InvalidArgument",
    "route53": "InvalidInput",
}


def error_code(service: str, protocol: str) -> str:
    return _CODES.get(service) or validation_code(protocol)


def message(found: list[str]) -> str:
    count = len(found)
    return f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(found)


class Switch:
    """Which services' requests are checked, and what was refused.

    ``PRODGRADE_EMULATOR_VALIDATION`` sets it at start: ``all`` (the default), ``none``, or ``all,-s3,-route53``
    (every service but those); ``POST /_prodgrade/validation`` with ``{"enabled": bool, "skip": [services]}`` at
    run time, for diagnosis."""

    def __init__(self, setting: str | None = None) -> None:
        self._lock = threading.Lock()
        self.rejected: Counter[str] = Counter()
        value = setting or os.environ.get("PRODGRADE_EMULATOR_VALIDATION", "all")
        words = [w.strip() for w in value.split(",")]
        if words[0] not in ("all", "none") or any(not w.startswith("-") for w in words[1:]):
            raise ValueError(f"PRODGRADE_EMULATOR_VALIDATION={value!r}: expected all, none or all,-service,-service...")
        self.enabled = words[0] == "all"
        self.skip = {w[1:] for w in words[1:]}

    def checks(self, service: str | None) -> bool:
        return self.enabled and service is not None and service not in self.skip

    def refused(self, key: str) -> None:
        with self._lock:
            self.rejected[key] += 1

    def configure(self, config: dict) -> dict:
        enabled, skip = config.get("enabled", self.enabled), config.get("skip", sorted(self.skip))
        if not isinstance(enabled, bool) or not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
            raise ValueError('expected {"enabled": true|false, "skip": ["service", ...]}')
        self.enabled, self.skip = enabled, set(skip)
        return self.status()

    def status(self) -> dict:
        with self._lock:
            return {
                "enabled": self.enabled,
                "skip": sorted(self.skip),
                "rejected": dict(sorted(self.rejected.items())),
                "unchecked_patterns": unchecked_patterns(),
            }

    def reset(self) -> None:
        with self._lock:
            self.rejected.clear()
