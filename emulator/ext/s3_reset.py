"""S3 after POST /moto-api/reset: moto keeps a global bucket-name -> (partition, account) registry
(s3_backends.bucket_accounts) beside the per-account backends. In the server, a reset dropped the backends but left
entries in that registry, so the next HeadBucket or CreateBucket of a bucket name used before the reset recursed
through get_bucket (the registry names the same, now empty, account) until RecursionError: HTTP 500. Every
test that converges the same buckets twice across a reset hit it. A reset now also empties the registry, as AWS
accounts that no longer exist hold no bucket names.
"""

from moto.core.base_backend import BackendDict
from moto.s3.models import s3_backends


def _patch() -> None:
    original = BackendDict.__dict__["reset"].__func__
    if getattr(original, "_prodgrade", False):
        return

    def reset(cls) -> None:
        original(cls)
        s3_backends.bucket_accounts.clear()

    reset._prodgrade = True  # type: ignore[attr-defined]
    BackendDict.reset = classmethod(reset)


_patch()
