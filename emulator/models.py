"""Cached access to botocore's service models (loading one costs ~10 ms)."""

import functools
import threading

import botocore.loaders
import botocore.session
from botocore.model import OperationModel, ServiceModel

_SESSION = botocore.session.get_session()
_INDEX_LOCK = threading.Lock()


@functools.cache
def service_model(name: str) -> ServiceModel:
    return _SESSION.get_service_model(name)


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


def has_service(name: str) -> bool:
    return name in _available_services()


@functools.cache
def _available_services() -> frozenset[str]:
    return frozenset(_SESSION.get_available_services())


@functools.cache
def _signing_index() -> dict[str, tuple[str, ...]]:
    """signing name / endpoint prefix -> botocore service names.

    Reads every model (~5 s), so it is built once and only when a signing name
    isn't itself a service name; a throwaway loader keeps the JSON from being
    cached for the life of the server."""
    loader = botocore.loaders.create_loader()
    index: dict[str, list[str]] = {}
    for name in sorted(_available_services()):
        meta = loader.load_service_model(name, "service-2")["metadata"]
        keys = {
            meta.get("signingName", meta.get("endpointPrefix")),
            meta.get("endpointPrefix"),
        }
        for key in keys - {None}:
            index.setdefault(key, []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def indexed_services(signing_name: str) -> tuple[str, ...]:
    """Services signed with or prefixed by this name (e.g. 'monitoring' -> cloudwatch)."""
    with _INDEX_LOCK:
        return _signing_index().get(signing_name, ())


def warm_up() -> None:
    """Build the signing-name index in the background at server start."""
    threading.Thread(target=indexed_services, args=("sts",), daemon=True).start()
