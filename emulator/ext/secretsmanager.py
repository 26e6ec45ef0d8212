"""Secrets Manager GetSecretValue on a secret scheduled for deletion: moto answers InvalidRequestException with its
own text ("...currently marked deleted", prefixed twice with the botocore error line); AWS says "You can't
perform this operation on the secret because it was marked for deletion." amazon.aws's secretsmanager_secret
lookup recognises a deleted secret by that text (on_deleted=skip|warn), so against moto it failed instead.
"""

from moto.secretsmanager.exceptions import InvalidRequestException
from moto.secretsmanager.models import SecretsManagerBackend

AWS_MESSAGE = "You can't perform this operation on the secret because it was marked for deletion."


def _patch() -> None:
    original = SecretsManagerBackend.get_secret_value
    if getattr(original, "_prodgrade", False):
        return

    def get_secret_value(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        except InvalidRequestException as err:
            if "marked deleted" in getattr(err, "message", str(err)):
                raise InvalidRequestException(AWS_MESSAGE) from err
            raise

    get_secret_value._prodgrade = True  # type: ignore[attr-defined]
    SecretsManagerBackend.get_secret_value = get_secret_value


_patch()
