"""Two changes to moto's bookkeeping that keep the endpoint fast with many accounts; no API behaviour changes.

1. AWS managed IAM policies are parsed once per partition, not once per account. moto builds ~1,300
   ``AWSManagedPolicy`` objects (JSON parse + dump of every document) each time an account's IAM backend is created:
   about 1 s per account on an idle machine, 5-30 s under load. Each account now gets shallow copies of a template
   (its own ``attachment_count`` and version list, shared immutable documents).
2. ``/moto-api/reset`` drops every account's backends instead of rebuilding them first (backends with cleanup of
   their own, S3 and Batch, still run it). moto's
   ``BackendDict.reset`` calls each backend's ``reset()`` (which re-runs ``__init__``: for IAM, the policy load above)
   and then clears the dicts anyway, so a reset after a run over 8 accounts took half a minute. Backends are created
   again on first use, as on a fresh server.
"""

import copy
import threading

_TEMPLATES: dict[str, list] = {}
_LOCK = threading.Lock()


def _shared_aws_policies(original):
    def init_aws_policies(self):
        with _LOCK:
            if self.partition not in _TEMPLATES:
                _TEMPLATES[self.partition] = original(self)
            template = _TEMPLATES[self.partition]
        policies = []
        for policy in template:
            clone = copy.copy(policy)
            clone.account_id = self.account_id
            clone.attachment_count = 0
            clone.versions = list(policy.versions)
            policies.append(clone)
        return policies

    return init_aws_policies


def _fast_reset(cls) -> None:
    from moto.core.base_backend import BaseBackend, backend_lock

    with backend_lock:
        for backend in cls._instances:
            for account_backend in backend.values():
                for region_backend in account_backend.values():
                    # A backend with cleanup of its own still runs it: S3 closes its keys' temporary files and frees
                    # its bucket names (a global name -> account index), Batch stops its job threads. The plain
                    # BaseBackend.reset only rebuilds the backend, which is the slow part this skips.
                    if type(region_backend).reset is not BaseBackend.reset:
                        region_backend.reset()
            backend.clear()
        cls._instances.clear()


def apply() -> None:
    """Patch moto; call after configure_moto() and before the first request."""
    from moto.core.base_backend import BackendDict
    from moto.iam.models import IAMBackend

    if not getattr(IAMBackend._init_aws_policies, "_prodgrade", False):
        IAMBackend._init_aws_policies = _shared_aws_policies(IAMBackend._init_aws_policies)
        IAMBackend._init_aws_policies._prodgrade = True
    BackendDict.reset = classmethod(_fast_reset)
