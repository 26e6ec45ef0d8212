"""Wire <-> Python conversion for extension operations, driven by botocore shapes.

Inputs are parsed into the same dict shape boto3 takes as parameters, so
botocore's ParamValidator can check them; outputs are the dicts a boto3
client would return, serialized the way the protocol demands.
"""

import base64
import datetime
import json
import uuid
from xml.sax.saxutils import escape

from botocore.model import OperationModel, Shape
from botocore.parsers import RpcV2CBORParser
from botocore.utils import parse_timestamp

from emulator.identify import Request

JSON_PROTOCOLS = ("json", "rest-json")
CBOR = "smithy-rpc-v2-cbor"
# Protocols whose errors are a {"__type", "message"} body (JSON, or CBOR for rpc-v2-cbor).
TYPED_ERROR_PROTOCOLS = (*JSON_PROTOCOLS, CBOR)
XML_NS = "http://{prefix}.amazonaws.com/doc/{version}/"


class WireError(ValueError):
    """The request could not be parsed at all."""


# ---------------------------------------------------------------- parsing


def parse_input(op: OperationModel, req: Request, uri_params: dict[str, str], protocol: str | None = None) -> dict:
    """The request's members; ``protocol`` is the one it was sent in (default: the one botocore speaks)."""
    shape = op.input_shape
    if shape is None:
        return {}
    protocol = protocol or op.service_model.resolved_protocol
    if protocol == CBOR:
        return _from_json(shape, _cbor_body(req)) or {}
    if protocol in ("query", "ec2"):
        return _from_query(shape, req.params(), "", ec2=protocol == "ec2") or {}
    if protocol == "json":
        return _from_json(shape, _json_body(req))
    if protocol == "rest-json":
        return _parse_rest_json(shape, req, uri_params)
    if protocol == "rest-xml":
        from emulator.rest_xml import parse_rest_xml  # noqa: PLC0415 (rest_xml builds on this module)

        return parse_rest_xml(op, req, uri_params)
    raise WireError(f"protocol {protocol} is not supported for extension operations")


def _cbor_body(req: Request):
    if not req.body:
        return {}
    parser = RpcV2CBORParser()
    try:
        return parser.parse_data_item(parser.get_peekable_stream_from_bytes(req.body))
    except Exception as exc:  # botocore raises assorted errors on a bad item
        raise WireError(f"request body is not valid CBOR: {exc}") from exc


def _json_body(req: Request):
    try:
        return json.loads(req.body) if req.body.strip() else {}
    except ValueError as exc:
        raise WireError(f"request body is not valid JSON: {exc}") from exc


def _parse_rest_json(shape: Shape, req: Request, uri_params: dict[str, str]) -> dict:
    payload = shape.serialization.get("payload")
    body = _json_body(req)
    if not isinstance(body, dict):
        raise WireError("request body must be a JSON object")
    params = {}
    for name, member in shape.members.items():
        if "location" in member.serialization:
            value = _from_location(member, req, uri_params)
        elif payload is None:
            value = _from_json(member, body.get(_wire_name(name, member)))
        else:  # only the payload member lives in the body
            value = _from_json(member, body) if name == payload else None
        if value is not None:
            params[name] = value
    return params


def _from_location(member: Shape, req: Request, uri_params: dict[str, str]):
    location = member.serialization["location"]
    wire = member.serialization.get("name", member.name)
    if location == "uri":
        return _from_string(member, uri_params.get(wire))
    if location == "querystring":
        values = req.query.get(wire)
        if member.type_name == "list":
            return [_from_string(member.member, v) for v in values] if values else None
        return _from_string(member, values[0]) if values else None
    if location == "header":
        return _from_string(member, req.headers.get(wire.lower()))
    return None


def _wire_name(name: str, shape: Shape) -> str:
    return shape.serialization.get("name", name)


def _from_json(shape: Shape, value):
    """JSON body value -> boto3-style Python value."""
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure" and not getattr(shape, "is_document_type", False) and isinstance(value, dict):
        return {
            name: _from_json(member, value[_wire_name(name, member)])
            for name, member in shape.members.items()
            if value.get(_wire_name(name, member)) is not None
        }
    if kind == "list" and isinstance(value, list):
        return [_from_json(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _from_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "blob" and isinstance(value, str):
        return base64.b64decode(value)
    return value  # scalars and documents: the validator judges their types


def _from_string(shape: Shape, value: str | None):
    """A header / URI / querystring / query-protocol string -> typed value."""
    if value is None:
        return None
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(value)
        if kind in ("float", "double"):
            return float(value)
    except ValueError:
        return value  # leave it to the validator to report the bad type
    if kind == "boolean":
        return {"true": True, "false": False}.get(value.lower(), value)
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "blob":
        return base64.b64decode(value)
    return value


def _timestamp(value):
    try:
        return parse_timestamp(value)
    except (ValueError, TypeError):
        return value


def _from_query(shape: Shape, params: dict[str, str], prefix: str, ec2: bool):
    """Flattened query-protocol params (``Metrics.member.1=...``) -> structure."""
    kind = shape.type_name
    if kind == "structure":
        found = {}
        for name, member in shape.members.items():
            key = _query_key(prefix, name, member, ec2)
            value = _from_query(member, params, key, ec2)
            if value is not None:
                found[name] = value
        return found or None
    if kind == "list":
        return _query_list(shape, params, prefix, ec2)
    if kind == "map":
        return _query_map(shape, params, prefix)
    return _from_string(shape, params.get(prefix))


def _query_key(prefix: str, name: str, member: Shape, ec2: bool) -> str:
    wire = member.serialization.get("name", name)
    if ec2:
        wire = member.serialization.get("queryName") or wire[:1].upper() + wire[1:]
    return f"{prefix}.{wire}" if prefix else wire


def _query_list(shape: Shape, params: dict[str, str], prefix: str, ec2: bool):
    if params.get(prefix) == "":
        return []  # botocore sends "Name=" for an empty list
    flat = ec2 or shape.serialization.get("flattened")
    item = prefix if flat else f"{prefix}.{shape.member.serialization.get('name', 'member')}"
    values, i = [], 1
    while any(k == f"{item}.{i}" or k.startswith(f"{item}.{i}.") for k in params):
        values.append(_from_query(shape.member, params, f"{item}.{i}", ec2))
        i += 1
    return values or None


def _query_map(shape: Shape, params: dict[str, str], prefix: str):
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    result, i = {}, 1
    while f"{prefix}.entry.{i}.{key_name}" in params:
        entry = f"{prefix}.entry.{i}"
        result[params[f"{entry}.{key_name}"]] = _from_query(shape.value, params, f"{entry}.{value_name}", False)
        i += 1
    return result or None


# ---------------------------------------------------------- serializing


def request_id() -> str:
    return str(uuid.uuid4())


def serialize_output(op: OperationModel, result: dict, rid: str) -> tuple[int, dict, bytes]:
    protocol = op.service_model.resolved_protocol
    if protocol == "rest-json":
        return _rest_json_output(op, result)
    if protocol == "rest-xml":
        from emulator.rest_xml import rest_xml_output  # noqa: PLC0415

        return rest_xml_output(op, result)
    if protocol == "json":
        return (
            200,
            {"Content-Type": _json_content_type(op)},
            _dump(op.output_shape, result),
        )
    if protocol in ("query", "ec2"):
        return 200, {"Content-Type": "text/xml"}, _query_output(op, result, rid)
    raise WireError(f"protocol {protocol} is not supported for extension operations")


def _rest_json_output(op: OperationModel, result: dict) -> tuple[int, dict, bytes]:
    status, headers, body = (
        op.http.get("responseCode", 200),
        {"Content-Type": "application/json"},
        {},
    )
    shape = op.output_shape
    for name, member in shape.members.items() if shape else ():
        if name not in result:
            continue
        location = member.serialization.get("location")
        if location == "statusCode":
            status = result[name]
        elif location == "header":
            headers[member.serialization.get("name", name)] = _to_string(member, result[name])
        elif name == shape.serialization.get("payload"):
            return status, headers, json.dumps(_to_json(member, result[name])).encode()
        else:
            body[_wire_name(name, member)] = _to_json(member, result[name])
    if status == 204 and not body:
        return status, headers, b""
    return status, headers, json.dumps(body).encode()


def _json_content_type(op: OperationModel) -> str:
    return f"application/x-amz-json-{op.metadata.get('jsonVersion', '1.1')}"


def _dump(shape: Shape | None, result: dict) -> bytes:
    return json.dumps(_to_json(shape, result) if shape else {}).encode()


def _to_json(shape: Shape, value):
    kind = shape.type_name
    if kind == "structure" and not getattr(shape, "is_document_type", False):
        return {
            _wire_name(name, member): _to_json(member, value[name])
            for name, member in shape.members.items()
            if value.get(name) is not None
        }
    if kind == "list":
        return [_to_json(shape.member, v) for v in value]
    if kind == "map":
        return {k: _to_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return _format_timestamp(shape, value, default="unixTimestamp")
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value


def _to_string(shape: Shape, value) -> str:
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if shape.type_name == "timestamp":
        return _format_timestamp(shape, value, default="rfc822")
    return str(value)


def _format_timestamp(shape: Shape, value, default: str):
    stamp = value if isinstance(value, datetime.datetime) else parse_timestamp(value)
    fmt = shape.serialization.get("timestampFormat", default)
    if fmt == "unixTimestamp":
        return stamp.timestamp()
    if fmt == "rfc822":
        return stamp.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return stamp.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _query_output(op: OperationModel, result: dict, rid: str) -> bytes:
    meta = op.metadata
    ns = meta.get("xmlNamespace") or XML_NS.format(prefix=meta["endpointPrefix"], version=meta["apiVersion"])
    inner = _to_xml(op.output_shape, result) if op.output_shape else ""
    if meta["protocol"] == "ec2":
        body = f"<requestId>{rid}</requestId>{inner}"
    else:
        body = f"<{op.name}Result>{inner}</{op.name}Result>" if op.output_shape else ""
        body += f"<ResponseMetadata><RequestId>{rid}</RequestId></ResponseMetadata>"
    return f'<{op.name}Response xmlns="{ns}">{body}</{op.name}Response>'.encode()


def _to_xml(shape: Shape, value) -> str:
    """Children of an XML element holding ``value`` (query/ec2 output)."""
    kind = shape.type_name
    if kind == "structure":
        return "".join(
            _xml_element(shape.members[name], _wire_name(name, shape.members[name]), value[name])
            for name in shape.members
            if value.get(name) is not None
        )
    if kind == "list":
        tag = shape.member.serialization.get("name", "member")
        return "".join(_xml_element(shape.member, tag, v) for v in value)
    if kind == "map":
        return "".join(
            f"<entry>{_xml_element(shape.key, 'key', k)}{_xml_element(shape.value, 'value', v)}</entry>"
            for k, v in value.items()
        )
    if kind == "timestamp":
        return _format_timestamp(shape, value, default="iso8601")
    return escape(_to_string(shape, value))


def _xml_element(shape: Shape, tag: str, value) -> str:
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        return "".join(_xml_element(shape.member, tag, v) for v in value)
    return f"<{tag}>{_to_xml(shape, value)}</{tag}>"


# ---------------------------------------------------------------- errors


def request_protocol(req: Request, model_protocol: str) -> str:
    """The protocol the client spoke, which its errors must come back in.

    botocore picks the first protocol of a model's ``protocols`` it supports: CBOR for CloudWatch, whose model
    also lists json and query, so a service's first protocol is not always the request's."""
    if req.headers.get("smithy-protocol") == "rpc-v2-cbor":
        return CBOR
    if req.headers.get("x-amz-target"):
        return "json"
    if model_protocol in (CBOR, "json") and "Action" in req.params():
        return "query"
    return model_protocol


def error_response(
    protocol: str, code: str, message: str, status: int, rid: str, service: str = "", fields: dict | None = None
) -> tuple[int, dict, bytes]:
    """An AWS-style error body for the protocol, as botocore's parsers expect it (``fields``: the error shape's
    other members, json bodies only)."""
    if protocol in TYPED_ERROR_PROTOCOLS:
        headers = {"x-amzn-ErrorType": code, "x-amzn-RequestId": rid}
        if _query_compatible(service):
            # What botocore reads the code from for a service that moved from query (CloudWatch, SQS).
            headers["x-amzn-query-error"] = f"{code};{'Receiver' if status >= 500 else 'Sender'}"
        if protocol == CBOR:
            headers.update({"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"})
            return status, headers, cbor_text_map({"__type": code, "message": message})
        headers["Content-Type"] = "application/json"
        return status, headers, json.dumps({"__type": code, "message": message, **(fields or {})}).encode()
    msg, headers = (
        escape(message),
        {"Content-Type": "text/xml", "x-amzn-RequestId": rid},
    )
    if protocol == "ec2":
        body = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>{msg}</Message></Error>"
            f"</Errors><RequestID>{rid}</RequestID></Response>"
        )
    elif service == "s3":
        body = f"<Error><Code>{code}</Code><Message>{msg}</Message><RequestId>{rid}</RequestId></Error>"
    else:
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{msg}</Message>"
            f"</Error><RequestId>{rid}</RequestId></ErrorResponse>"
        )
    return status, headers, body.encode()


def _model(service: str):
    """The botocore model of ``service``, or None (only errors need it: models is heavy to import)."""
    from emulator.models import has_service, service_model  # noqa: PLC0415

    return service_model(service) if service and has_service(service) else None


def _query_compatible(service: str) -> bool:
    model = _model(service)
    return model is not None and "awsQueryCompatible" in model.metadata


def cbor_text_map(values: dict[str, str]) -> bytes:
    """A CBOR map of text strings (RFC 8949: major type 5 of major type 3 pairs), all an error body needs."""
    out = _cbor_head(5, len(values))
    for key, value in values.items():
        for text in (key, value):
            data = text.encode("utf-8")
            out += _cbor_head(3, len(data)) + data
    return out


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | extra]) + length.to_bytes(size, "big")
    raise ValueError("CBOR length too large")


# A service's own throttling error, when its model has one (Organizations and S3 Control: TooManyRequestsException,
# Security Hub: ThrottlingException 429, SNS: Throttled 429): botocore retries each of these codes and 429.
THROTTLING_SHAPES = ("ThrottlingException", "TooManyRequestsException", "ThrottledException")


def throttling_error(protocol: str, service: str) -> tuple[str, int]:
    """(code, status) AWS throttles this service's requests with: its model's throttling error if it has one,
    else the protocol's code that botocore classifies as throttling (botocore.retries.standard and _retry.json)."""
    if service == "s3":
        return "SlowDown", 503
    modelled = _throttling_shape(service)
    if modelled:
        return modelled
    if protocol in TYPED_ERROR_PROTOCOLS and not _query_compatible(service):
        return "ThrottlingException", 400
    if protocol == "ec2":
        return "RequestLimitExceeded", 503
    return "Throttling", 400


def _throttling_shape(service: str) -> tuple[str, int] | None:
    model = _model(service)
    for name in THROTTLING_SHAPES if model is not None else ():
        if name in model.shape_names:
            error = model.shape_for(name).metadata.get("error", {})
            return error.get("code") or name, error.get("httpStatusCode") or 400
    return None


def validation_code(protocol: str) -> str:
    return "ValidationException" if protocol in TYPED_ERROR_PROTOCOLS else "ValidationError"
