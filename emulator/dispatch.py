"""Run one extension operation: parse, validate in, handle, validate out, serialize."""

import logging

from botocore.validate import ParamValidator

from emulator import protocol
from emulator.identify import Call, Request
from emulator.models import operation_model
from emulator.registry import STATE, AwsError, Context, Handler

log = logging.getLogger("emulator.ext")
Reply = tuple[int, dict, bytes]


def run_extension(handler: Handler, call: Call, req: Request) -> Reply:
    op = operation_model(call.service, call.operation)
    rid = protocol.request_id()
    try:
        params = _parse_and_validate(op, req, call)
        ctx = Context(call.service, call.operation, _account_id(call.access_key), call.region, rid)
        with STATE.lock:
            result = handler(ctx, params) or {}
    except AwsError as err:
        return _error(op, call, err.code, err.message, err.status, rid, err.fields)
    except Exception as err:
        moto_error = _from_moto_error(err)
        if moto_error is None:
            log.exception("%s: extension handler crashed", call.key)
            return _error(
                op,
                call,
                "InternalFailure",
                f"emulator bug: {call.key} crashed: {err!r}",
                500,
                rid,
            )
        return _error(op, call, *moto_error, rid)
    return _serialize(op, call, result, rid)


def _from_moto_error(err: Exception) -> tuple[str, str, int | None] | None:
    """(code, message, status) of an error a moto backend raised inside a handler."""
    if hasattr(err, "error_type"):  # moto's RESTError family (werkzeug: .code is the status)
        return err.error_type, err.message, err.code
    from moto.core.exceptions import ServiceException

    if isinstance(err, ServiceException):  # .code is the AWS error code
        return err.code, err.message, None
    return None


def _parse_and_validate(op, req: Request, call: Call) -> dict:
    code = protocol.validation_code(op.service_model.resolved_protocol)
    try:
        params = protocol.parse_input(op, req, call.uri_params)
    except protocol.WireError as exc:
        log.error("%s: unparseable request: %s", call.key, exc)
        raise AwsError(code, str(exc), 400) from exc
    if op.input_shape is not None:
        report = ParamValidator().validate(params, op.input_shape)
        if report.has_errors():
            message = report.generate_report()
            log.error("%s: request does not match the model: %s", call.key, message)
            raise AwsError(code, message, 400)
    return params


def _serialize(op, call: Call, result: dict, rid: str) -> Reply:
    if op.output_shape is not None:
        report = ParamValidator().validate(result, op.output_shape)
        if report.has_errors():
            message = f"emulator bug: {call.key} response does not match the model: {report.generate_report()}"
            log.error(message)
            return _error(op, call, "InternalFailure", message, 500, rid)
    return protocol.serialize_output(op, result, rid)


def _error(op, call: Call, code: str, message: str, status: int | None, rid: str, fields=None) -> Reply:
    status = status or _modelled_status(op, code) or 400
    log.info("%s -> %s %s: %s", call.key, status, code, message)
    return protocol.error_response(
        op.service_model.resolved_protocol, code, message, status, rid, call.service, fields or {}
    )


def _modelled_status(op, code: str) -> int | None:
    shapes = {s.name: s for s in op.error_shapes}
    if code not in shapes and code in op.service_model.shape_names:
        shapes[code] = op.service_model.shape_for(code)
    shape = shapes.get(code)
    return shape.metadata.get("error", {}).get("httpStatusCode") if shape else None


def _account_id(access_key: str | None) -> str:
    """moto.iam.models.get_account_id_from, minus its side effect: that one
    instantiates each account's IAM backend (~1 s with managed policies loaded)
    just to look a key up.  Keys from STS AssumeRole live in the target
    account's IAM backend, which AssumeRole already created."""
    # imported late: moto must be configured (env) before it is imported
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends

    for account_id, account in list(iam_backends.items()):
        for backend in list(dict.values(account)):  # only partitions already built
            if access_key in backend.access_keys:
                return account_id
    return DEFAULT_ACCOUNT_ID
