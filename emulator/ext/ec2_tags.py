"""EC2 DescribeTags: moto names some resource types its own way (e.g. 'nat-gateway'), where AWS's ResourceType
enum says 'natgateway'. A resource-type filter with the AWS value then matches nothing, so amazon.aws's
ensure_ec2_tags re-tags NAT gateways on every run. Map moto's names onto the enum, checked against botocore.
"""

import botocore.session
from moto.ec2 import utils as ec2_utils

# moto's name -> AWS ResourceType enum value, for the names that differ.
AWS_NAMES = {
    "nat-gateway": "natgateway",
    "flow-logs": "vpc-flow-log",
    "vpc-elastic-ip": "elastic-ip",
    "dedicated_host": "dedicated-host",
}


def patch_resource_types() -> None:
    enum = set(botocore.session.get_session().get_service_model("ec2").shape_for("ResourceType").enum)
    for prefix, name in list(ec2_utils.EC2_PREFIX_TO_RESOURCE.items()):
        aws_name = AWS_NAMES.get(name, name)
        if name in AWS_NAMES:
            assert aws_name in enum, f"{aws_name} is not an EC2 ResourceType"
            ec2_utils.EC2_PREFIX_TO_RESOURCE[prefix] = aws_name


patch_resource_types()
