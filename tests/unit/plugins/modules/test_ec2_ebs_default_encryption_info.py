"""ec2_ebs_default_encryption_info through main() against a Stubber-validated EC2 client."""

from ansible_collections.prodgrade.aws.plugins.modules import ec2_ebs_default_encryption_info


def test_reads_both_settings(aws_client, run_module):
    client, stub = aws_client("ec2")
    stub.add_response("get_ebs_encryption_by_default", {"EbsEncryptionByDefault": True}, {})
    stub.add_response("get_ebs_default_kms_key_id", {"KmsKeyId": "alias/aws/ebs"}, {})
    result = run_module(ec2_ebs_default_encryption_info.main, {}, client=client)
    assert not result["changed"]
    assert result["ebs_default_encryption"] == {"ebs_encryption_by_default": True, "kms_key_id": "alias/aws/ebs"}


def test_error(aws_client, run_module):
    client, stub = aws_client("ec2")
    stub.add_client_error("get_ebs_encryption_by_default", "UnauthorizedOperation", "denied", 403)
    result = run_module(ec2_ebs_default_encryption_info.main, {}, client=client)
    assert result["failed"] and result["msg"].startswith("Failed to get EBS encryption by default")
