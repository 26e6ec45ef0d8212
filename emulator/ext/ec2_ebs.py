"""EC2 EBS encryption-by-default key: moto 5.2.5 has Enable/Disable/GetEbsEncryptionByDefault and
ModifyEbsDefaultKmsKeyId, but no GetEbsDefaultKmsKeyId nor ResetEbsDefaultKmsKeyId (HTTP 500)."""

from emulator.registry import Context, operation

SERVICE = "ec2"
AWS_MANAGED = "alias/aws/ebs"


def _backend(ctx: Context):
    from moto.ec2.models import ec2_backends

    return ec2_backends[ctx.account_id][ctx.region]


def _is_aws_managed(ctx: Context, key_arn: str) -> bool:
    from moto.kms.models import kms_backends

    kms = kms_backends[ctx.account_id][ctx.region]
    return kms.alias_exists(AWS_MANAGED) and kms.describe_key(AWS_MANAGED).arn == key_arn


@operation(SERVICE, "GetEbsDefaultKmsKeyId")
def get_ebs_default_kms_key_id(ctx: Context, params: dict) -> dict:
    """AWS answers 'alias/aws/ebs' until a customer managed key is set (moto keeps '' or the aws/ebs key ARN)."""
    key = _backend(ctx).default_kms_key_id
    return {"KmsKeyId": AWS_MANAGED if not key or _is_aws_managed(ctx, key) else key}


@operation(SERVICE, "ResetEbsDefaultKmsKeyId")
def reset_ebs_default_kms_key_id(ctx: Context, params: dict) -> dict:
    """Back to the AWS managed key; the answer is its ARN (created on first use, as moto does elsewhere)."""
    backend = _backend(ctx)
    arn = backend._create_default_encryption_key()
    backend.default_kms_key_id = ""
    return {"KmsKeyId": arn}
