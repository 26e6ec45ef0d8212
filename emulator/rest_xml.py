"""rest-xml (CloudFront, S3, Route 53) requests and responses for extension operations, driven by botocore shapes.

Same contract as the json/query code in ``protocol.py``: requests become the dict a boto3 caller passed
(URI labels, querystring, headers and the XML payload), outputs the XML body (payload member as the root element,
in the service's namespace) plus the header members.
"""

from xml.etree import ElementTree

from botocore.model import OperationModel, Shape

from emulator import protocol
from emulator.identify import Request


def parse_rest_xml(op: OperationModel, req: Request, uri_params: dict[str, str]) -> dict:
    shape = op.input_shape
    payload = shape.serialization.get("payload")
    root = _root(req.body) if req.body.strip() else None
    params = {}
    for name, member in shape.members.items():
        if "location" in member.serialization:
            value = protocol._from_location(member, req, uri_params)
        elif name == payload and root is not None:
            value = _from_xml(member, root)
        elif payload is None and root is not None:
            child = _child(root, _wire(name, member))
            value = _from_xml(member, child) if child is not None else None
        else:
            value = None
        if value is not None:
            params[name] = value
    return params


def _root(body: bytes):
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise protocol.WireError(f"request body is not valid XML: {exc}") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element, name: str) -> str | None:
    """An attribute by its model name, prefix or not (``xsi:type`` is ``{...XMLSchema-instance}type`` once parsed)."""
    local = name.rpartition(":")[2]
    return next((v for k, v in element.attrib.items() if k == name or _local(k) == local), None)


def _child(element, name: str):
    return next((c for c in element if _local(c.tag) == name), None)


def _children(element, name: str) -> list:
    return [c for c in element if _local(c.tag) == name]


def _wire(name: str, member: Shape) -> str:
    return member.serialization.get("name", name)


def _from_xml(shape: Shape, element):
    kind = shape.type_name
    if kind == "structure":
        result = {}
        for name, member in shape.members.items():
            wire = _wire(name, member)
            if member.serialization.get("xmlAttribute"):  # S3's <Grantee xsi:type="CanonicalUser">
                value = _attribute(element, wire)
                if value is not None:
                    result[name] = protocol._from_string(member, value)
                continue
            if member.type_name == "list" and member.serialization.get("flattened"):
                items = _children(element, wire)
                if items:
                    result[name] = [_from_xml(member.member, item) for item in items]
                continue
            child = _child(element, wire)
            if child is not None:
                result[name] = _from_xml(member, child)
        return result
    if kind == "list":
        item_name = shape.member.serialization.get("name", "member")
        return [_from_xml(shape.member, item) for item in _children(element, item_name)]
    if kind == "map":
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        return {
            _child(entry, key_name).text or "": _from_xml(shape.value, _child(entry, value_name))
            for entry in _children(element, "entry")
        }
    return protocol._from_string(shape, element.text or "")


def rest_xml_output(op: OperationModel, result: dict) -> tuple[int, dict, bytes]:
    status, headers = op.http.get("responseCode", 200), {"Content-Type": "text/xml"}
    shape = op.output_shape
    if shape is None:
        return status, headers, b""
    payload = shape.serialization.get("payload")
    namespace = (
        (op.metadata.get("xmlNamespace") or {}).get("uri")
        if isinstance(op.metadata.get("xmlNamespace"), dict)
        else None
    )
    namespace = namespace or protocol.XML_NS.format(
        prefix=op.metadata["endpointPrefix"], version=op.metadata["apiVersion"]
    )
    body = b""
    for name, member in shape.members.items():
        if name not in result:
            continue
        location = member.serialization.get("location")
        if location == "header":
            headers[member.serialization.get("name", name)] = protocol._to_string(member, result[name])
        elif location == "statusCode":
            status = result[name]
        elif name == payload:
            tag = member.serialization.get("name", member.name)
            inner = protocol._to_xml(member, result[name])
            body = f'<?xml version="1.0"?><{tag} xmlns="{namespace}">{inner}</{tag}>'.encode()
    if payload is None:
        members = {k: v for k, v in result.items() if "location" not in shape.members[k].serialization}
        tag = shape.serialization.get("name", op.name + "Result")
        body = f'<?xml version="1.0"?><{tag} xmlns="{namespace}">{protocol._to_xml(shape, members)}</{tag}>'.encode()
    if status == 204:
        body = b""
    return status, headers, body
