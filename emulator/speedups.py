"""Two changes to moto's bookkeeping that keep the endpoint fast with many accounts; no API behaviour changes.

1. AWS managed IAM policies are parsed once per partition, not once per account. moto builds ~1,300
   ``AWSManagedPolicy`` objects (JSON parse + dump of every document) each time an account's IAM backend is created:
   about 1 s per account on an idle machine, 5-30 s under load. Each account now gets shallow copies of a template
   (its own ``attachment_count`` and version list, shared immutable documents).
2. ``/moto-api/reset`` drops every account's backends instead of rebuilding them first. moto's
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
    from moto.core.base_backend import backend_lock

    with backend_lock:
        for backend in cls._instances:
            backend.clear()
            # S3's name -> account index outlives its backends: a bucket name used before the reset would point at
            # a fresh backend without the bucket, and get_bucket recursed until RecursionError (HTTP 500)
            getattr(backend, "bucket_accounts", {}).clear()
        cls._instances.clear()


def apply() -> None:
    """Patch moto; call after configure_moto() and before the first request."""
    from moto.core.base_backend import BackendDict
    from moto.iam.models import IAMBackend

    if not getattr(IAMBackend._init_aws_policies, "_prodgrade", False):
        IAMBackend._init_aws_policies = _shared_aws_policies(IAMBackend._init_aws_policies)
        IAMBackend._init_aws_policies._prodgrade = True
    BackendDict.reset = classmethod(_fast_reset)
