"""KMS, where moto 5.2.5 differs from AWS.

- ScheduleKeyDeletion, CancelKeyDeletion, EnableKey, DisableKey: AWS takes a key ID or a key ARN; moto validates the
  ARN and then indexes its key table with it (KeyError, HTTP 500). amazon.aws.kms_key passes the key ARN, so deleting
  a key (or re-enabling one pending deletion) failed. Resolve the ARN to the key ID first.
- EnableKeyRotation's RotationPeriodInDays (90-2560, default 365) and GetKeyRotationStatus's RotationPeriodInDays and
  NextRotationDate (only while rotation is on): moto ignores the period and answers KeyRotationEnabled alone, so a
  module comparing the period (prodgrade.aws.kms_keys) saw a change on every run.
"""

import datetime
import json

from moto.kms.exceptions import ValidationException
from moto.kms.models import KmsBackend
from moto.kms.responses import KmsResponse


def _by_key_id(method):
    def handler(self, key_id, *args, **kwargs):
        return method(self, self.get_key_id(key_id), *args, **kwargs)

    handler._prodgrade = True  # type: ignore[attr-defined]
    return handler


for _name in ("schedule_key_deletion", "cancel_key_deletion", "enable_key", "disable_key"):
    if not getattr(getattr(KmsBackend, _name), "_prodgrade", False):
        setattr(KmsBackend, _name, _by_key_id(getattr(KmsBackend, _name)))


_DEFAULT_ROTATION_DAYS = 365


def _enable_key_rotation(self):
    key_id = self._get_param("KeyId")
    period = self._get_param("RotationPeriodInDays")
    if period is not None and not 90 <= int(period) <= 2560:
        raise ValidationException(
            f"1 validation error detected: Value '{period}' at 'rotationPeriodInDays' failed to satisfy constraint: "
            "Member must have value between 90 and 2560"
        )
    self._validate_cmk_id(key_id)
    self.kms_backend.enable_key_rotation(key_id)
    key = self.kms_backend.keys[self.kms_backend.get_key_id(key_id)]
    key.prodgrade_rotation_period = int(period) if period is not None else _DEFAULT_ROTATION_DAYS
    key.prodgrade_rotation_start = datetime.datetime.now(datetime.timezone.utc)
    return json.dumps(None)


def _get_key_rotation_status(self):
    key_id = self._get_param("KeyId")
    self._validate_cmk_id(key_id)
    key = self.kms_backend.keys[self.kms_backend.get_key_id(key_id)]
    answer = {"KeyId": key.arn, "KeyRotationEnabled": bool(key.key_rotation_status)}
    if key.key_rotation_status:
        period = getattr(key, "prodgrade_rotation_period", _DEFAULT_ROTATION_DAYS)
        start = getattr(key, "prodgrade_rotation_start", None) or datetime.datetime.now(datetime.timezone.utc)
        answer["RotationPeriodInDays"] = period
        answer["NextRotationDate"] = (start + datetime.timedelta(days=period)).timestamp()
    return json.dumps(answer)


_enable_key_rotation._prodgrade = True  # type: ignore[attr-defined]
_get_key_rotation_status._prodgrade = True  # type: ignore[attr-defined]
if not getattr(KmsResponse.enable_key_rotation, "_prodgrade", False):
    KmsResponse.enable_key_rotation = _enable_key_rotation
    KmsResponse.get_key_rotation_status = _get_key_rotation_status
