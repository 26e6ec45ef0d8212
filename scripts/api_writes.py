"""Which API calls may change something: what a --check run must not send.

``mutating_operations(calls)`` takes the endpoint's call counts (``GET /_prodgrade/calls``) and returns the
``service.Operation`` names that are writes. The writes are derived from botocore's service models: every
operation of the service that is not a read, where a read is a name with a reading verb or a rest GET/HEAD. A verb
nobody listed (Change, Terminate, Schedule, Publish, Copy...) therefore counts as a write instead of slipping
through a list of writing verbs.
"""

import functools

import botocore.session

# Operations that only read. Every other operation in a service's botocore model counts as a write, so a verb
# nobody thought of (Change, Terminate, Schedule, Publish, Copy...) is caught, not missed.
READ_PREFIXES = (
    "Describe",
    "Get",
    "List",
    "Search",
    "Lookup",
    "BatchGet",
    "BatchDescribe",
    "Query",
    "Scan",
    "Head",
    "Select",
    "Filter",
    "Check",
    "Test",
    "Simulate",
    "Validate",
    "Preview",
    "Estimate",
    "Decode",
    "Assume",  # STS: a session changes nothing in the estate
)


@functools.cache
def _writes(service: str) -> frozenset:
    """The operations of ``service``'s botocore model that may change something."""
    model = botocore.session.get_session().get_service_model(service)
    rest = model.resolved_protocol.startswith("rest")
    return frozenset(
        name
        for name in model.operation_names
        if not name.startswith(READ_PREFIXES)
        and not (rest and model.operation_model(name).http.get("method") in ("GET", "HEAD"))
    )


def mutating_operations(calls):
    """The "service.Operation" names of an endpoint's call counts that may change something: writes in their
    service's model, and any call the endpoint could not name (it cannot be shown to be a read)."""
    services = set(botocore.session.get_session().get_available_services())
    found = []
    for key in calls["by_operation"]:
        service, _, operation = key.partition(".")
        if service not in services or operation == "unknown" or operation in _writes(service):
            found.append(key)
    return found
