"""The extension registry: one decorated function per AWS operation.

    @operation("controltower", "EnableControl")
    def enable_control(ctx: Context, params: dict) -> dict:
        ...

``params`` is the validated input, exactly as a boto3 caller passed it; the
returned dict is the boto3-style output (validated, then serialized by the
protocol).  Raise ``AwsError`` for modelled errors.  ``ctx.state`` is a dict
private to (service, account, region) and wiped by ``/moto-api/reset``.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emulator.models import operation_model

Handler = Callable[["Context", dict], dict | None]
_HANDLERS: dict[tuple[str, str], Handler] = {}


class AwsError(Exception):
    """A service error; the status defaults to the model's error.httpStatusCode."""

    def __init__(self, code: str, message: str, status: int | None = None, **fields: str):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status
        self.fields = fields  # the error shape's other members (Organizations' Reason), in json bodies


def operation(service: str, name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        operation_model(service, name)  # fail at import on a typo, not at request time
        if (service, name) in _HANDLERS:
            raise ValueError(f"{service}.{name} registered twice")
        _HANDLERS[(service, name)] = func
        return func

    return register


def lookup(service: str | None, name: str | None) -> Handler | None:
    return _HANDLERS.get((service, name))  # type: ignore[arg-type]


def registered() -> list[str]:
    return sorted(f"{s}.{o}" for s, o in _HANDLERS)


class StateStore:
    """Extension state per (service, account, region), like moto's BackendDict."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str, str], dict] = {}
        self.lock = threading.RLock()  # handlers run one at a time under it

    def get(self, service: str, account_id: str, region: str) -> dict:
        with self.lock:
            return self._data.setdefault((service, account_id, region), {})

    def reset(self) -> None:
        with self.lock:
            self._data.clear()


STATE = StateStore()


@dataclass
class Context:
    service: str
    operation: str
    account_id: str
    region: str
    request_id: str

    @property
    def state(self) -> dict:
        return STATE.get(self.service, self.account_id, self.region)

    def table(self, name: str) -> dict[str, Any]:
        """A named dict inside this service/account/region's state."""
        return self.state.setdefault(name, {})

    def arn(self, resource: str, account: bool = True) -> str:
        return f"arn:aws:{self.service}:{self.region}:{self.account_id if account else ''}:{resource}"


def paginate(items: list, max_results: int | None, token: str | None, default: int = 100):
    """(page, next_token) over a list; the token is simply the next offset."""
    try:
        start = int(token) if token else 0
    except ValueError as exc:
        raise AwsError("ValidationException", f"Invalid nextToken: {token}") from exc
    end = start + (max_results or default)
    return items[start:end], (str(end) if end < len(items) else None)
