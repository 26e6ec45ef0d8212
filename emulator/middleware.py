"""Our WSGI layer in front of moto: count, inject faults, serve extension ops."""

import io
import json
import pickle
import logging
from urllib.parse import parse_qs

from werkzeug.wrappers import Response

from emulator import protocol, snapshot, validation
from emulator.counters import CallCounter
from emulator.dispatch import run_extension
from emulator.faults import FaultConfigError, FaultInjector
from emulator.identify import Call, Request, identify
from emulator.models import operation_model, service_model
from emulator.registry import STATE, lookup, registered

log = logging.getLogger("emulator")
ADMIN = "/_prodgrade/"


class EmulatorMiddleware:
    def __init__(self, app) -> None:
        self.app = app
        self.calls = CallCounter()
        self.faults = FaultInjector()
        self.validation = validation.Switch()

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        if path.startswith(ADMIN):
            return self._admin(path[len(ADMIN) :], method, environ)(environ, start_response)
        if path.startswith("/moto-api"):
            if path.rstrip("/") == "/moto-api/reset" and method == "POST":
                self.reset()
            return self.app(environ, start_response)
        req = _buffer(environ)
        call = identify(req)
        self.calls.add(call.service, call.operation)
        reply = self._fault(call, req) or self._refuse(call, req) or self._extension(call, req)
        if reply is None:
            return self.app(environ, start_response)
        status, headers, body = reply
        return Response(body, status, headers)(environ, start_response)

    def reset(self) -> None:
        STATE.reset()
        self.calls.reset()
        self.validation.reset()

    def _fault(self, call: Call, req: Request):
        error = self.faults.pick(call.service, call.operation)
        if error is None:
            return None
        model = service_model(call.service).resolved_protocol if call.service and call.operation else "json"
        proto = protocol.request_protocol(req, model)
        if error == "ThrottlingException":
            code, status = protocol.throttling_error(proto, call.service or "")
            message = "Rate exceeded"
        else:
            status = int(error)
            code = "InternalFailure" if status == 500 else "ServiceUnavailable"
            message = f"Injected fault: HTTP {status}"
        log.info("injected %s into %s", code, call.key)
        return protocol.error_response(proto, code, message, status, protocol.request_id(), call.service or "")

    def _refuse(self, call: Call, req: Request):
        """AWS's answer to a request its model forbids (enum, pattern, length, range...), moto's operations included."""
        if not call.operation or not self.validation.checks(call.service):
            return None
        op = operation_model(call.service, call.operation)
        proto = protocol.request_protocol(req, op.service_model.resolved_protocol)
        try:
            params = protocol.parse_input(op, req, call.uri_params, proto)
        except protocol.WireError:
            return None  # moto (or the extension) answers what cannot be parsed
        found = validation.problems(op.input_shape, params)
        if not found:
            return None
        self.validation.refused(call.key)
        code, text = validation.error_code(call.service, proto), validation.message(found)
        log.warning("refused %s: %s", call.key, text)
        return protocol.error_response(proto, code, text, 400, protocol.request_id(), call.service)

    def _extension(self, call: Call, req: Request):
        handler = lookup(call.service, call.operation)
        return run_extension(handler, call, req) if handler else None

    def _admin(self, route: str, method: str, environ) -> Response:
        routes = {
            ("calls", "GET"): lambda: {**self.calls.snapshot(), "rejected": self.validation.status()["rejected"]},
            ("calls", "DELETE"): lambda: (self.calls.reset(), self.calls.snapshot())[1],
            ("faults", "GET"): self.faults.status,
            ("faults", "DELETE"): self.faults.disable,
            ("faults", "POST"): lambda: self.faults.configure(_json(environ)),
            ("validation", "GET"): self.validation.status,
            ("validation", "POST"): lambda: self.validation.configure(_json(environ)),
            ("extensions", "GET"): lambda: {"operations": registered()},
            ("state/save", "POST"): lambda: snapshot.save(_path(environ)),
            ("state/load", "POST"): lambda: self._load(_path(environ)),
        }
        action = routes.get((route.strip("/"), method))
        if action is None:
            return _json_response({"error": f"no such endpoint: {method} {ADMIN}{route}"}, 404)
        try:
            return _json_response(action())
        except (FaultConfigError, ValueError, TypeError, OSError, pickle.PickleError) as exc:
            return _json_response({"error": str(exc)}, 400)

    def _load(self, path: str) -> dict:
        summary = snapshot.load(path)
        self.calls.reset()
        return summary


def _buffer(environ) -> Request:
    """Read the body once and leave a fresh stream behind for moto."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ["wsgi.input"]
    body = stream.read(length) if length else _read_chunked(environ, stream)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    headers["content-type"] = environ.get("CONTENT_TYPE", "")
    raw_path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
    if raw_path.startswith(("http://", "https://")):
        # Absolute-form target: the client sends through the endpoint as its HTTP proxy (inventories/local).
        parts = raw_path.split("/", 3)
        raw_path = "/" + (parts[3] if len(parts) > 3 else "")
    return Request(
        method=environ["REQUEST_METHOD"],
        path=raw_path.split("?", 1)[0],
        query=parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True),
        headers=headers,
        body=body,
    )


def _read_chunked(environ, stream) -> bytes:
    # werkzeug de-chunks for us and flags it; otherwise there is no body
    return stream.read() if environ.get("wsgi.input_terminated") else b""


def _json(environ) -> dict:
    body = _buffer(environ).body
    data = json.loads(body or b"{}")
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    return data


def _path(environ) -> str:
    path = _json(environ).get("path")
    if not isinstance(path, str) or not path:
        raise ValueError('expected {"path": "<snapshot file>"}')
    return path


def _json_response(data, status: int = 200) -> Response:
    return Response(json.dumps(data, indent=1), status, {"Content-Type": "application/json"})
