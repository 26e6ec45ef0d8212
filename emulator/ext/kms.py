"""KMS ScheduleKeyDeletion, CancelKeyDeletion, EnableKey, DisableKey: AWS takes a key ID or a key ARN; moto 5.2.5
validates the ARN and then indexes its key table with it (KeyError, HTTP 500). amazon.aws.kms_key passes the key
ARN, so deleting a key (or re-enabling one pending deletion) failed. Resolve the ARN to the key ID first.
"""

from moto.kms.models import KmsBackend


def _by_key_id(method):
    def handler(self, key_id, *args, **kwargs):
        return method(self, self.get_key_id(key_id), *args, **kwargs)

    handler._prodgrade = True  # type: ignore[attr-defined]
    return handler


for _name in ("schedule_key_deletion", "cancel_key_deletion", "enable_key", "disable_key"):
    if not getattr(getattr(KmsBackend, _name), "_prodgrade", False):
        setattr(KmsBackend, _name, _by_key_id(getattr(KmsBackend, _name)))
