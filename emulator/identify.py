"""Work out which AWS service and operation a request is for.

Service and region come from the SigV4 credential scope; the operation from
X-Amz-Target (json), Action= (query/ec2) or the botocore requestUri templates
(rest-json/rest-xml).
"""

import functools
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

from emulator.models import has_service, indexed_services, service_model

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")
_LABEL = re.compile(r"\{([^}+]+)(\+?)\}")
_FORM = "application/x-www-form-urlencoded"
_RPC_V2 = re.compile(r"^/service/[^/]+/operation/([A-Za-z0-9]+)$")  # smithy-rpc-v2-cbor


@dataclass
class Request:
    """A buffered request: everything identification and parsing need."""

    method: str
    path: str  # raw (still percent-encoded), without the query string
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def form(self) -> dict[str, list[str]]:
        if _FORM in self.headers.get("content-type", "") and self.body:
            return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)
        return {}

    def params(self) -> dict[str, str]:
        """Query-protocol parameters: query string and form body, first value wins."""
        merged = {**self.query, **self.form()}
        return {k: v[0] for k, v in merged.items()}


@dataclass
class Call:
    service: str | None = None  # botocore service name
    operation: str | None = None
    region: str = "us-east-1"
    access_key: str | None = None
    uri_params: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        return f"{self.service}.{self.operation}" if self.operation else None


def identify(req: Request) -> Call:
    call = Call()
    presigned = req.query.get("X-Amz-Credential", [""])[0]
    scope = req.headers.get("authorization", "") or f"Credential={presigned}"
    match = _CREDENTIAL.search(scope)
    if not match:
        return call
    call.access_key, call.region, signing_name = match.groups()
    direct = (signing_name,) if has_service(signing_name) else ()
    if signing_name == "s3" and "x-amz-account-id" in req.headers:
        # S3 Control signs as s3 and always names the account; S3's PUT /{Bucket}/{Key+} would match its paths.
        direct = ("s3control", "s3")
    for candidate in _candidates(direct, signing_name):
        found = find_operation(candidate, req)
        if found:
            call.service, (call.operation, call.uri_params) = candidate, found
            return call
    call.service = direct[0] if direct else signing_name
    return call


def _candidates(direct: tuple[str, ...], signing_name: str):
    """The service named like the signing name first; the (slow) index only if needed."""
    yield from direct
    yield from (s for s in indexed_services(signing_name) if s not in direct)


def find_operation(service: str, req: Request) -> tuple[str, dict[str, str]] | None:
    names = set(service_model(service).operation_names)
    target = req.headers.get("x-amz-target", "").rpartition(".")[2]
    if target in names:
        return target, {}
    action, version = req.params().get("Action"), req.params().get("Version")
    # elb and elbv2 share a signing name and operation names (DescribeLoadBalancers...): the API version tells.
    if action in names and version in (None, service_model(service).api_version):
        return action, {}
    rpc = _RPC_V2.match(req.path)
    if rpc and rpc.group(1) in names:
        return rpc.group(1), {}
    if service_model(service).resolved_protocol.startswith("rest"):
        return _match_rest(service, req)
    return None


def _match_rest(service: str, req: Request) -> tuple[str, dict[str, str]] | None:
    for matcher in _rest_matchers(service):
        labels = matcher.match(req)
        if labels is not None:
            return matcher.operation, labels
    return None


@dataclass
class _RestMatcher:
    operation: str
    method: str
    regex: re.Pattern
    labels: list[str]
    query: dict[str, str | None]  # required query keys (and value when fixed)
    score: tuple[int, int, bool]

    def match(self, req: Request) -> dict[str, str] | None:
        if req.method != self.method:
            return None
        m = self.regex.match(req.path)
        if not m or not all(self._query_ok(req, k, v) for k, v in self.query.items()):
            return None
        return {name: unquote(value) for name, value in zip(self.labels, m.groups())}

    @staticmethod
    def _query_ok(req: Request, key: str, value: str | None) -> bool:
        return key in req.query and (value is None or value in req.query[key])


@functools.cache
def _rest_matchers(service: str) -> list[_RestMatcher]:
    """Compiled requestUri templates, most specific (most literal text) first."""
    model = service_model(service)
    matchers = [_compile(model.operation_model(op)) for op in model.operation_names]
    return sorted(matchers, key=lambda m: m.score, reverse=True)


def _compile(op) -> _RestMatcher:
    path, _, query = op.http["requestUri"].partition("?")
    pattern, labels, pos, literal = "", [], 0, 0
    for m in _LABEL.finditer(path):
        pattern += re.escape(path[pos : m.start()])
        literal += m.start() - pos
        pattern += "(.+)" if m.group(2) else "([^/]+)"
        labels.append(m.group(1))
        pos = m.end()
    pattern += re.escape(path[pos:])
    literal += len(path) - pos
    pattern = pattern.rstrip("/") + "/?$" if pattern != "/" else "/?$"
    required = {k: (v or None) for k, _, v in (p.partition("=") for p in query.split("&") if p)}
    # Required querystring members tell apart operations of one URI: S3's GET /{Bucket}?inventory is
    # ListBucketInventoryConfigurations, and with &id=... GetBucketInventoryConfiguration.
    shape = op.input_shape
    for name in shape.required_members if shape is not None else ():
        member = shape.members[name]
        if member.serialization.get("location") == "querystring":
            required.setdefault(member.serialization.get("name", name), None)
    return _RestMatcher(
        op.name,
        op.http["method"],
        re.compile("^" + pattern),
        labels,
        required,
        # On a tie, the current operation over the deprecated one of the same URI (S3's PutBucketLifecycle).
        (len(required), literal, not op.deprecated),
    )
