"""EBS encryption by default and its default KMS key (moto lacks Get/ResetEbsDefaultKmsKeyId)."""


def test_default_key_lifecycle(client):
    ec2, kms = client("ec2"), client("kms")
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
    ec2.enable_ebs_encryption_by_default()
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True
    assert ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == "alias/aws/ebs"

    key = kms.create_key()["KeyMetadata"]["Arn"]
    assert ec2.modify_ebs_default_kms_key_id(KmsKeyId=key)["KmsKeyId"] == key
    assert ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == key

    managed = ec2.reset_ebs_default_kms_key_id()["KmsKeyId"]
    assert managed.startswith("arn:aws:kms:us-east-1:123456789012:key/") and managed != key
    assert ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == "alias/aws/ebs"
    ec2.disable_ebs_encryption_by_default()
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
